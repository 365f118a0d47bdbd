"""Renaming an item of the activity plan in place (✎): an activity's row opens into a small form
as wide as the table, with room for both titles and their labels, nothing cut off beside it; after
saving or cancelling, the keyboard's focus is back on the item's «Изменить»."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import fill

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def plan_page(page, programme, aibek):
    fill(programme)
    log_in(page, aibek.email)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/ru/p/{programme.pk}/plan/")
    return page


def _width(locator) -> float:
    return locator.bounding_box()["width"]


@pytest.mark.parametrize(("width", "least"), [(1280, 300), (390, 220)])
def test_an_activity_row_opens_into_a_form_with_room(plan_page, width, least):
    page = plan_page
    page.set_viewport_size({"width": width, "height": 900})
    page.get_by_role("link", name="Изменить 1.1.1.1", exact=True).click()
    form = page.locator("form.plan-edit")
    ru = form.get_by_label("Мероприятие (по-русски)")
    ky = form.get_by_label("Мероприятие (по-кыргызски)")
    expect(ru).to_be_focused()
    assert _width(ru) >= least and _width(ky) >= least
    # a label is not broken inside its words: each word fits on its line
    for label in form.locator("label").all():
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth"), label.inner_text()
    # the row's form is as wide as its table
    table = page.locator("table.plan-activities")
    assert _width(form) >= _width(table) - 40
    assert_accessible(page)


def test_after_saving_the_focus_is_back_on_the_row(plan_page):
    page = plan_page
    page.get_by_role("link", name="Изменить 1.1.1.1", exact=True).click()
    form = page.locator("form.plan-edit")
    form.get_by_label("Мероприятие (по-кыргызски)").fill("Түтүктөрдү алмаштыруу")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.locator("form.plan-edit")).to_have_count(0)
    expect(page.get_by_role("link", name="Изменить 1.1.1.1", exact=True)).to_be_focused()
    row = page.locator("tr", has=page.get_by_role("link", name="Прокладка труб"))
    # the ✎ of the row is whole, inside the table's box
    pencil = row.get_by_role("link", name="Изменить 1.1.1.1", exact=True)
    box, scroll = pencil.bounding_box(), page.locator(".plan-activities__scroll").bounding_box()
    assert box["x"] + box["width"] <= scroll["x"] + scroll["width"] + 0.5

    # cancelling returns it too, and so does a goal's heading
    page.get_by_role("link", name="Изменить 1.1.1.1", exact=True).click()
    page.locator("form.plan-edit").get_by_role("link", name="Отмена").click()
    expect(page.get_by_role("link", name="Изменить 1.1.1.1", exact=True)).to_be_focused()
    page.get_by_role("link", name="Изменить 1.1", exact=True).click()
    page.locator("form.plan-edit").get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("link", name="Изменить 1.1", exact=True)).to_be_focused()
