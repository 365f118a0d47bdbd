"""A person in Chromium: log in in Kyrgyz, switch language, and accessible main pages."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, log_in


def test_chair_logs_in_in_kyrgyz_and_switches_to_russian(page, chair):
    log_in(page, chair.email, lang="ky")
    expect(page).to_have_url(re.compile(r"/ky/my/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Менин муниципалитеттерим")
    expect(page.get_by_role("link", name="Көк-Жар айылдык аймагы")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/my/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои муниципалитеты")
    expect(page.get_by_role("link", name="Кок-Жарский айылный аймак")).to_be_visible()
    # still logged in, and the choice is remembered
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ru/$"))
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_home_and_login_pages_are_accessible(page, transactional_db, lang):
    page.goto(f"/{lang}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.goto(f"/{lang}/accounts/login/")
    assert_accessible(page)


def test_wrong_password_keeps_the_email_and_the_page_stays_accessible(page, chair):
    log_in(page, chair.email, password="wrong")
    expect(page.get_by_role("alert")).to_contain_text("правильные")
    expect(page.get_by_label("Электронная почта")).to_have_value(chair.email)
    assert_accessible(page)


def test_member_page_of_another_municipality_is_refused(page, chair):
    log_in(page, chair.email)
    response = page.goto("/ru/m/ak-tal/team/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Доступ запрещён")


def test_anonymous_visitor_is_sent_to_log_in_and_back(page, chair):
    page.goto("/ky/m/kok-zhar/team/")
    expect(page).to_have_url(re.compile(r"/ky/accounts/login/\?next="))
    expect(page.get_by_text("Бул бетти ачуу үчүн порталга кириңиз.")).to_be_visible()
    page.get_by_label("Электрондук почта").fill(chair.email)
    page.get_by_label("Сырсөз").fill("correct-horse-battery-2019")
    page.get_by_role("button", name="Кирүү", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ky/m/kok-zhar/team/$"))
    expect(page.get_by_role("cell", name="Айбек Осмонов")).to_be_visible()


def test_skip_link_is_the_first_stop_of_the_keyboard(page, transactional_db):
    page.goto("/ru/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Перейти к содержанию"


def test_admin_edits_both_languages_in_tabs_without_csp_errors(page, transactional_db):
    from tests.factories import PASSWORD, UserFactory

    admin = UserFactory(email="admin@psep.example", is_staff=True, is_superuser=True)
    log_in(page, admin.email, PASSWORD)
    page.goto("/ru/admin/municipalities/municipality/")
    page.get_by_role("link", name="Кок-Жарский айылный аймак").click()
    ky_tab = page.get_by_role("tab", name="ky", exact=True)
    expect(page.locator("#id_name_ky")).to_be_hidden()  # the Russian tab is open first
    ky_tab.click()
    expect(page.locator("#id_name_ky")).to_be_visible()
    expect(page.locator("#id_name_ky")).to_have_value("Көк-Жар айылдык аймагы")
