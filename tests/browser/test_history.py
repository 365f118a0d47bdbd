"""The history page in Chromium: Айбек reads who changed what in Кок-Жар's programme, filters it
by person and section with the plain form (no JavaScript needed), and axe-core finds nothing to
fix in Russian or Kyrgyz."""

import re

import pytest
from playwright.sync_api import expect

from planning.services import lifecycle
from tests.factories import fill

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def by(user, obj, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


@pytest.fixture
def history(programme, aibek, gulnara, staff):
    fill(programme)
    activity = programme.activities.get()
    by(gulnara, activity, title_ru="Прокладка труб до школы", title_ky="Мектепке чейин түтүк төшөө")
    by(aibek, programme, vision_ru="Зелёный и благоустроенный Кок-Жар к 2030 году")
    lifecycle.programme_submit(programme=programme, actor=aibek)
    lifecycle.programme_request_changes(
        programme=programme, actor=staff, summary="Добавьте индикатор по школам"
    )
    return programme


def test_the_chair_reads_and_filters_the_history(page, history, aibek, shots):
    log_in(page, aibek.email)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/ru/p/{history.pk}/")
    page.get_by_role("navigation", name="Разделы программы").get_by_role(
        "link", name="История изменений"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("История изменений")
    entries = page.locator(".history__entry")
    first = entries.first
    expect(first).to_contain_text("Айнура Бекова")
    expect(first).to_contain_text("запросить изменения")
    expect(first).to_contain_text("Добавьте индикатор по школам")
    plan_entry = entries.filter(has_text="Прокладка труб до школы").first
    expect(plan_entry).to_contain_text("Гульнара Абдыкадырова")
    expect(
        plan_entry.get_by_role("row", name=re.compile("Мероприятие \\(по-русски\\)"))
    ).to_contain_text("Прокладка труб")
    vision_entry = entries.filter(has_text="Зелёный и благоустроенный Кок-Жар к 2030 году")
    expect(vision_entry).to_contain_text("Айбек Осмонов")
    expect(vision_entry).to_contain_text("раздел: видение и общая цель")
    assert_accessible(page)
    page.screenshot(path=str(shots / "history-ru.png"), full_page=True)

    # the filter form is a plain GET form
    page.get_by_label("Кто").select_option(label="Гульнара Абдыкадырова")
    page.get_by_label("Раздел", exact=True).select_option(label="план мероприятий")
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"person=\d+&section=plan"))
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Прокладка труб до школы")
    expect(page.get_by_text("Записи — 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Сбросить отбор").click()
    expect(entries.first).to_contain_text("Айнура Бекова")

    # a narrow screen
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("document.getElementById('history-list').scrollIntoView()")
    page.screenshot(path=str(shots / "history-ru-mobile.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_history_in_kyrgyz_is_accessible(page, history, aibek, shots):
    log_in(page, aibek.email, lang="ky")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/ky/p/{history.pk}/history/")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    # the item is named in Kyrgyz, its old and new title in both languages
    changed = page.locator(".history__entry").filter(has_text="Прокладка труб до школы")
    expect(changed).to_contain_text("«Мектепке чейин түтүк төшөө»")
    expect(changed).to_contain_text("Түтүк төшөө")
    assert_accessible(page)
    page.screenshot(path=str(shots / "history-ky.png"), full_page=True)
