"""Versions in Chromium: Айбек, chair of the working group of Кок-Жар, starts version 2 of the
approved ПСЭР 2020–2024 from the versions page, changes it, and compares it with version 1; the
versions and comparison pages pass axe-core in Russian and Kyrgyz."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from demo.loader import demo_programmes_create
from municipalities.models import Municipality
from planning.models import Activity, CouncilDecision, Programme, ProgrammeStatus, SwotItem
from planning.services.plan import activity_costs_set, activity_delete, activity_update

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def approved(chair):
    """Кок-Жар's demo programme, approved by the council (decision № 12 of 28 May 2019)."""
    demo_programmes_create(drafts_only=True)
    programme = Programme.objects.get(
        municipality=Municipality.objects.get(slug="kok-zhar"), start_year=2020
    )
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.APPROVED)
    CouncilDecision.objects.create(
        programme=programme,
        number="12",
        date=date(2019, 5, 28),
        session="XII сессия айылного кенеша VII созыва",
        recorded_by=chair,
    )
    return programme


def change(new, chair):
    """What the working group changes in version 2."""
    first, *_rest, last = Activity.objects.filter(programme=new).order_by("pk")
    activity_update(
        activity=first,
        actor=chair,
        title_ky="Жаңы-Абад айылында суу түтүгүн куруу (9,2 км)",
        end_date=date(2022, 10, 31),
        is_joint_action=not first.is_joint_action,
    )
    activity_costs_set(activity=first, actor=chair, costs={(2021, "donor"): Decimal("2500")})
    activity_delete(activity=last, actor=chair)
    swot = SwotItem.objects.filter(programme=new).first()
    swot.text_ru = swot.text_ru + " и молодёжь"
    swot.save()


def test_chair_starts_a_new_version_and_compares_it(page, chair, approved):
    log_in(page, chair.email)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"/ru/p/{approved.pk}/versions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Версии программы")
    expect(page.get_by_role("cell", name="№ 12 от 28.05.2019")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Начать новую версию").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Начать новую версию")
    expect(page.get_by_text("Будет создана версия 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Начать новую версию").click()
    expect(page.get_by_role("status").filter(has_text="Начата версия 2")).to_be_visible()
    new = Programme.objects.get(municipality=approved.municipality, version=2)
    expect(page).to_have_url(re.compile(rf"/ru/p/{new.pk}/$"))

    change(new, chair)
    page.goto(f"/ru/p/{new.pk}/versions/")
    page.get_by_role("link", name="Сравнить версию 2 с версией 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Сравнение версий")
    expect(page.get_by_role("heading", level=2, name="План мероприятий")).to_be_visible()
    changed = page.get_by_role("table", name=re.compile("Изменено"))
    expect(changed.first).to_be_visible()
    expect(page.locator("ins", has_text="9,2")).to_be_visible()
    expect(page.locator("del").filter(has_text="Ежегодный турнир").first).to_be_attached()
    assert_accessible(page)

    # the same page in Kyrgyz
    page.goto(page.url.replace("/ru/", "/ky/"))
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.get_by_role("heading", level=2, name="Иш-чаралардын планы")).to_be_visible()
    expect(page.locator("ins", has_text="9,2").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/ky/p/{new.pk}/versions/")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    assert_accessible(page)


def test_the_compare_form_works_without_javascript(browser, live_server, chair, approved):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, chair.email)
    page.goto(f"/ru/p/{approved.pk}/amend/")
    page.get_by_role("button", name="Начать новую версию").click()
    new = Programme.objects.get(municipality=approved.municipality, version=2)
    page.goto(f"/ru/p/{new.pk}/versions/")
    page.get_by_label("Было (версия)").select_option(str(new.pk))
    page.get_by_label("Стало (версия)").select_option(str(approved.pk))
    page.get_by_role("button", name="Сравнить").click()
    expect(page).to_have_url(re.compile(rf"from={new.pk}&to={approved.pk}"))
    expect(page.get_by_text("Нет различий")).to_be_visible()
    context.close()
