"""The agreement with the population in Chromium: the public page of a programme in
consultation, with its form, passes axe-core in Russian and Kyrgyz (sections unfolded, and with
the form's errors shown); a citizen sends a proposal with JavaScript on; the chair's
consultation page, answer form and hearing form pass axe-core."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from planning.models import (
    CitizenProposal,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    PublicHearing,
    Village,
)
from tests.factories import fill

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def consulting(programme):
    """Кок-Жар's complete programme in public consultation, with villages, a new, a published
    and answered, and a hidden proposal, and one hearing."""
    fill(programme)
    Village.objects.create(passport=programme.passport, name_ru="Кок-Жар", name_ky="Көк-Жар")
    Village.objects.create(passport=programme.passport, name_ru="Жийде", name_ky="Жийде")
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    programme.refresh_from_db()
    common = {"programme": programme, "client_hash": "0" * 64}
    CitizenProposal.objects.create(
        **common,
        text="Провести воду в верхнюю часть села.\nДети носят воду издалека.",
        author_name="Бакыт",
        village=programme.passport.villages.first(),
        status=ProposalStatus.PUBLISHED,
        decision="partly",
        answer_ru="Водопровод до верхней улицы включён в план на 2021 год.",
        answer_ky="Жогорку көчөгө чейинки суу түтүгү 2021-жылдын планына киргизилди.",
    )
    CitizenProposal.objects.create(
        **common, text="Построить спортивную площадку у школы.", contact="+996 555 000 111"
    )
    CitizenProposal.objects.create(
        **common, text="Купите часы со скидкой", status=ProposalStatus.HIDDEN
    )
    PublicHearing.objects.create(
        programme=programme,
        date=date(2019, 5, 14),
        place_ru="Дом культуры села Кок-Жар",
        place_ky="Көк-Жар айылынын маданият үйү",
        women=41,
        men=37,
        minutes_ru="Слушали: проект ПСЭР.",
        decisions_ru="Одобрить проект с учётом предложений.",
    )
    return programme


def unfold(page):
    """Open every collapsed section, so that axe-core checks what is inside too."""
    closed = page.locator("details:not([open]) > summary")
    while closed.count():
        closed.first.click()


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_public_page_with_its_form_is_accessible(page, consulting, lang):
    page.goto(f"/{lang}/public/p/{consulting.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#proposal-form")).to_be_visible()
    assert_accessible(page)
    unfold(page)
    expect(page.get_by_text("Түтүк төшөө" if lang == "ky" else "Прокладка труб")).to_be_visible()
    assert_accessible(page)

    # the form with its errors: too short a text
    page.locator("#id_text").fill("Вода")
    page.locator("#proposal-form button[type=submit]").click()
    expect(page.locator("#id_text")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#proposal-form .form-errors")).to_be_visible()
    assert_accessible(page)
    assert not CitizenProposal.objects.filter(text="Вода").exists()


def test_the_trap_field_is_not_seen_or_reached_by_people(page, consulting):
    page.goto(f"/ru/public/p/{consulting.pk}/")
    trap = page.locator("#id_psep_trap")
    box = trap.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # off screen
    page.locator("#id_author_name").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") != "id_psep_trap"


def test_a_citizen_sends_a_proposal_in_kyrgyz(page, consulting):
    page.goto(f"/ky/public/p/{consulting.pk}/")
    page.get_by_role("link", name="Сунуш жөнөтүү").first.click()
    form = page.locator("#proposal-form")
    form.get_by_label("Атыңыз").fill("Гүлмира Токтосунова")
    form.get_by_label("Айыл", exact=True).select_option(label="Жийде")
    form.get_by_label("Жооп алуу үчүн телефон же электрондук почта").fill("+996 700 123 456")
    form.get_by_label("Программанын кайсы бөлүмүнө").select_option("plan")
    text = "Жийде айылына да суу түтүгүн тартуу керек: үйлөрдүн жарымында суу жок."
    form.get_by_label("Сиздин сунушуңуз").fill(text)
    form.get_by_role("button", name="Сунуш жөнөтүү").click()

    expect(page.get_by_role("status")).to_contain_text("Рахмат! Сунушуңуз алынды.")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    proposal = CitizenProposal.objects.get(text=text)
    assert proposal.language == "ky"
    assert proposal.village.name_ru == "Жийде"
    assert proposal.status == ProposalStatus.NEW
    # not shown before moderation, and the contact is never shown
    expect(page.get_by_text(text)).to_have_count(0)
    expect(page.get_by_text("+996 700 123 456")).to_have_count(0)


def test_the_chairs_pages_are_accessible(page, consulting, aibek):
    log_in(page, aibek.email)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/ru/p/{consulting.pk}/consultation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Обсуждение с населением")
    expect(page.get_by_text("Построить спортивную площадку у школы.")).to_be_visible()
    expect(page.get_by_text("+996 555 000 111")).to_be_visible()
    assert_accessible(page)

    # publish the new proposal, then answer it
    page.get_by_role("button", name=re.compile("^Опубликовать")).click()
    expect(page.get_by_role("status")).to_contain_text("Предложение опубликовано")
    page.goto(f"/ru/p/{consulting.pk}/consultation/?status=published")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Ответить")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ответ на предложение")
    assert_accessible(page)
    page.get_by_label("Принято", exact=True).check()
    page.get_by_label("Ответ рабочей группы (по-кыргызски)").fill("Кабыл алынды.")
    page.get_by_role("button", name="Сохранить ответ").click()
    expect(page.get_by_role("status")).to_contain_text("Ответ сохранён")

    page.get_by_role("link", name="Записать публичные слушания").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Новые публичные слушания")
    assert_accessible(page)
    page.get_by_label("Участников — женщин").fill("-1")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Число участников не может быть отрицательным.")).to_be_visible()
    expect(page.get_by_text("Укажите место слушаний хотя бы на одном языке.")).to_be_visible()
    assert_accessible(page)
