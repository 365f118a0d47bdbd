"""A plan of 300 activities in Chromium: it opens with its directions closed; a direction opens
and closes in place (htmx), keeping the keyboard's focus on its link, and without JavaScript
with plain links that keep the other directions open; «Развернуть все направления» shows the
whole plan in under 4 000 elements. axe-core finds nothing at each step, in Russian at 1280 px
and in Kyrgyz at 390 px, and nothing is wider than the screen."""

import re

import pytest
from playwright.sync_api import expect

from planning.models import Direction
from tests.planning.test_plan_large import MAX_ELEMENTS, build

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

ROWS = "tr[id^=activity-]:not(.plan-edit-row)"


@pytest.fixture
def directions(programme):
    build(programme)
    return list(Direction.objects.filter(programme=programme))


def fits(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("lang", "width"), [("ru", 1280), ("ky", 390)])
def test_directions_open_and_close_in_place(page, programme, aibek, directions, lang, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, aibek.email, lang=lang)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    plan = f"/{lang}/p/{programme.pk}/plan/"
    page.goto(plan)
    expect(page.locator(ROWS)).to_have_count(0)
    expect(page.locator(".plan-toggle a[aria-expanded=false]")).to_have_count(5)
    assert page.evaluate("document.querySelectorAll('*').length") < 600
    fits(page)
    assert_accessible(page)

    second = directions[1]
    toggle = page.locator(f"#direction-{second.pk}-toggle")
    toggle.click()
    section = page.locator(f"#direction-{second.pk}")
    expect(section.locator(ROWS)).to_have_count(60)
    expect(page.locator(ROWS)).to_have_count(60)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_be_focused()  # the same link, now to close it
    assert page.url.endswith(plan)  # in place
    fits(page)
    assert_accessible(page)

    # an activity of the opened direction opens in place, and closes
    section.locator("a.plan-pencil").first.click()
    expect(section.locator("form.plan-edit")).to_have_count(1)
    expect(section.locator("form.plan-edit input[name=title_ru]")).to_be_focused()
    assert_accessible(page)
    section.locator("form.plan-edit a[hx-get]").click()
    expect(section.locator("form.plan-edit")).to_have_count(0)

    # a change of the directions themselves keeps this one open (the page says what is open)
    page.locator(f"#direction-{directions[3].pk} .plan-head a.plan-button").click()
    page.locator(f"#direction-{directions[3].pk}-head button[formaction$='/up/']").click()
    expect(page.get_by_role("status")).not_to_be_empty()
    expect(page.locator(f"#direction-{second.pk}").locator(ROWS)).to_have_count(60)

    toggle = page.locator(f"#direction-{second.pk}-toggle")
    toggle.click()
    expect(page.locator(ROWS)).to_have_count(0)
    expect(toggle).to_be_focused()

    # everything, with a plain link
    page.locator(".plan-all a[href$='?open=all']").click()
    expect(page.locator(ROWS)).to_have_count(300)
    assert page.evaluate("document.querySelectorAll('*').length") <= MAX_ELEMENTS
    fits(page)
    assert_accessible(page)


def test_directions_open_and_close_without_javascript(
    browser, live_server, programme, aibek, directions
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    first, third = directions[0], directions[2]
    try:
        log_in(page, aibek.email)
        page.goto(f"/ru/p/{programme.pk}/plan/")
        expect(page.locator(ROWS)).to_have_count(0)
        page.get_by_role("link", name="Развернуть направление 3").click()
        expect(page).to_have_url(re.compile(rf"\?open={third.pk}#direction-{third.pk}$"))
        expect(page.locator(ROWS)).to_have_count(60)
        page.get_by_role("link", name="Развернуть направление 1").click()
        expect(page).to_have_url(re.compile(rf"\?open={first.pk},{third.pk}#direction-{first.pk}$"))
        expect(page.locator(ROWS)).to_have_count(120)
        page.get_by_role("link", name="Свернуть направление 3").click()
        expect(page.locator(ROWS)).to_have_count(60)
        expect(page.locator(f"#direction-{first.pk}").locator(ROWS)).to_have_count(60)

        # an activity opened on its page comes back to the plan with its direction open
        page.get_by_role("link", name="Изменить 1.1.1.2", exact=True).click()
        form = page.locator("form.plan-edit")
        form.get_by_label("Мероприятие (по-русски)").fill("Ремонт моста")
        form.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_role("link", name="Ремонт моста")).to_be_visible()
        expect(page.locator(ROWS)).to_have_count(60)

        page.get_by_role("link", name="Развернуть все направления").click()
        expect(page.locator(ROWS)).to_have_count(300)
        page.get_by_role("link", name="Свернуть все направления").click()
        expect(page.locator(ROWS)).to_have_count(0)
    finally:
        context.close()
