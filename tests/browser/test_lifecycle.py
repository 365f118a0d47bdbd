"""The whole life-cycle in Chromium, persona by persona: the chair
submits; the reviewer comments and requests changes; a member replies and resolves the comment;
the chair resubmits; the reviewer accepts; a citizen (not logged in, Kyrgyz UI) sends a
proposal; the chair publishes and answers it and records a hearing with 41 women and 37 men;
the chair submits to the council; the council secretary records decision № 12 of 28 May 2019;
the programme is listed publicly as approved."""

import re

import pytest
from playwright.sync_api import expect

from planning.models import CitizenProposal, ProgrammeStatus, PublicHearing, ReviewComment
from tests.factories import fill

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def as_person(page, email, lang="ru"):
    page.context.clear_cookies()
    log_in(page, email, lang=lang)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def press(page, programme, label):
    """On the overview, follow the life-cycle button, then confirm on its page."""
    page.goto(f"/ru/p/{programme.pk}/")
    page.locator(".lifecycle").get_by_role("link", name=label, exact=True).click()
    page.get_by_role("button", name=label, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/ru/p/{programme.pk}/$"))


def status_is(page, programme, label):
    page.goto(f"/ru/p/{programme.pk}/")
    expect(page.locator(".lifecycle .status")).to_have_text(label)


def test_the_whole_way_from_draft_to_approved(page, programme, aibek, gulnara, staff, kenesh):
    fill(programme)
    pk = programme.pk

    # the chair submits the complete draft
    as_person(page, aibek.email)
    press(page, programme, "Передать на рассмотрение")
    status_is(page, programme, "на рассмотрении")

    # the reviewer comments on an activity and requests changes
    as_person(page, staff.email)
    page.goto(f"/ru/p/{pk}/comments/")
    start = page.locator("form", has=page.get_by_role("button", name="Начать обсуждение"))
    start.locator("select[name=section]").select_option("plan")
    start.locator("input[name=item_label]").fill("1.1.1")
    start.locator("textarea[name=text]").fill("Уточните сроки прокладки труб по сёлам.")
    start.get_by_role("button", name="Начать обсуждение").click()
    expect(page.locator(".thread").first).to_contain_text("Уточните сроки прокладки труб")
    page.goto(f"/ru/p/{pk}/")
    page.locator(".lifecycle").get_by_role("link", name="Запросить изменения").click()
    page.get_by_label("Что нужно изменить").fill("Ответьте на комментарий к мероприятию 1.1.1.")
    page.get_by_role("button", name="Запросить изменения").click()
    status_is(page, programme, "черновик")

    # a member of the working group replies and resolves the thread
    as_person(page, gulnara.email)
    page.goto(f"/ru/p/{pk}/")
    expect(page.locator(".lifecycle")).to_contain_text("Ответьте на комментарий к мероприятию")
    page.goto(f"/ru/p/{pk}/comments/")
    thread = page.locator(".thread").first
    thread.locator("details.thread__reply summary").click()
    thread.locator("textarea").fill("Сроки уточнены: 2021 год, с апреля по октябрь.")
    thread.get_by_role("button", name="Отправить ответ").click()
    page.locator(".thread").first.get_by_role(
        "button", name=re.compile("Отметить решённым")
    ).click()
    assert ReviewComment.objects.get(programme=programme, parent=None).status == "resolved"

    # the chair submits again, the reviewer accepts for the consultation
    as_person(page, aibek.email)
    press(page, programme, "Передать на рассмотрение")
    as_person(page, staff.email)
    press(page, programme, "Принять для обсуждения с населением")
    status_is(page, programme, "обсуждение с населением")

    # a citizen, not logged in, reads the draft in Kyrgyz and sends a proposal
    page.context.clear_cookies()
    page.goto(f"/ky/public/p/{pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    form = page.locator("#proposal-form")
    form.locator("input[name=author_name]").fill("Гүлзат")
    form.locator("textarea[name=text]").fill(
        "Кызыл-Булак айылына бала бакча куруп берсеңиздер, балдар көп."
    )
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    proposal = CitizenProposal.objects.get(programme=programme)
    assert proposal.language == "ky" and proposal.status == "new"

    # the chair publishes and answers it, records the hearing, submits to the council
    as_person(page, aibek.email)
    page.goto(f"/ru/p/{pk}/consultation/")
    page.get_by_role("button", name=re.compile("^Опубликовать")).first.click()
    page.get_by_role("navigation", name="Предложения по состоянию").get_by_role(
        "link", name=re.compile("^Опубликовано")
    ).click()
    page.get_by_role("link", name=re.compile("^Ответить")).first.click()
    page.get_by_label("Принято", exact=True).check()
    page.locator("textarea[name=answer_ru]").fill("Включено в план на 2023 год.")
    page.get_by_role("button", name="Сохранить ответ").click()
    page.get_by_role("link", name="Записать публичные слушания").click()
    page.locator("input[name=date]").fill("2019-05-14")
    page.locator("input[name=place_ru]").fill("Дом культуры села Кок-Жар")
    page.locator("input[name=women]").fill("41")
    page.locator("input[name=men]").fill("37")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("78")
    hearing = PublicHearing.objects.get(programme=programme)
    assert (hearing.women, hearing.men) == (41, 37)
    press(page, programme, "Передать в кенеш")
    status_is(page, programme, "передано в кенеш")

    # the council secretary records decision № 12 of 28 May 2019
    as_person(page, kenesh.email)
    page.goto(f"/ru/p/{pk}/")
    page.locator(".lifecycle").get_by_role("link", name="Записать решение кенеша").click()
    page.locator("input[name=number]").fill("12")
    page.locator("input[name=date]").fill("2019-05-28")
    page.locator("input[name=session]").fill("XII очередная сессия айылного кенеша")
    page.get_by_role("button", name="Записать решение и утвердить версию").click()
    status_is(page, programme, "утверждена")
    expect(page.locator(".lifecycle")).to_contain_text("№ 12 от 28.05.2019")
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.APPROVED

    # anyone finds it among the approved programmes and reads it
    page.context.clear_cookies()
    page.goto("/ru/m/kok-zhar/")
    page.get_by_role("link", name=re.compile(re.escape(programme.title_ru))).click()
    expect(page).to_have_url(re.compile(rf"/ru/public/p/{pk}/$"))
    expect(page.locator("main")).to_contain_text("утверждена")
    expect(page.locator("main")).to_contain_text("12")
    expect(page.locator("main")).to_contain_text("Включено в план на 2023 год.")
    assert_accessible(page)
