"""Adding an activity breaks no rule of the Content-Security-Policy (no inline script or style):
every violation the browser reports while a chair adds an activity in the plan (htmx), opens it,
gives it costs and renames it in place is counted, and there is none."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import fill

from .conftest import log_in

pytestmark = pytest.mark.browser

# the browser's own report of each violation, kept for the test (an init script is added by
# Playwright, outside the page's policy)
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push([e.violatedDirective, e.blockedURI, e.sample].join(' '));
});
"""


@pytest.mark.parametrize(("lang", "width"), [("ru", 1280), ("ky", 390)])
def test_adding_an_activity_breaks_no_rule_of_the_policy(page, programme, aibek, lang, width):
    fill(programme)
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(WATCH)
    violations = []

    def collect():
        violations.extend(page.evaluate("window.__violations || []"))

    log_in(page, aibek.email, lang=lang)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/{lang}/p/{programme.pk}/plan/")
    page.locator("a.plan-add-link[id^=add-activity]").first.click()
    add = page.locator("details.plan-add--activity[open]").first
    add.locator("input[name=title_ru]").fill("Ремонт моста у школы")
    add.locator("button[type=submit]").click()
    new = page.get_by_role("link", name="Ремонт моста у школы")
    expect(new).to_be_visible()
    collect()

    # renamed in place
    row = page.locator("tr", has=new)
    row.locator("a.plan-pencil").click()
    page.locator("form.plan-edit input[name=title_ky]").fill("Мектептин жанындагы көпүрөнү оңдоо")
    page.locator("form.plan-edit button[type=submit]").first.click()  # «Сохранить»
    expect(page.locator("form.plan-edit")).to_have_count(0)
    collect()

    # its own page, with costs
    page.get_by_role("link", name=re.compile("Ремонт моста у школы|Мектептин жанындагы")).click()
    page.locator("input[name=responsible_ru]").fill("Айыл окмоту")
    page.locator("input[name=cost_local_budget_2022]").fill("120,5")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/plan/#activity-\d+$"))
    collect()
    assert violations == []
