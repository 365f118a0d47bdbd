"""Events in Chromium, in Kyrgyz: a reviewer creates a training, adds participants by hand and
from an .xlsx file, marks who was there on each of the two days, sees the figures and the
statistics change, and downloads the attendance sheet, whose participants are read back from
the PDF. The pages of an event, its participants, the statistics and the public pages pass
axe-core in Russian and Kyrgyz.

The texts the test looks for are the catalog's Kyrgyz for the Russian source (`ky`), so that
the test reads the page as a Kyrgyz speaker sees it, whatever the state of the catalog."""

import io
import re
from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from documents.models import Document
from documents.services import document_render
from documents.tasks import render_document
from municipalities.models import Municipality
from trainings.documents import KIND
from trainings.models import Event, Participant
from trainings.services.events import event_create

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def ky(text: str) -> str:
    with translation.override("ky"):
        return gettext(text)


def logged_in(page, email, lang="ru"):
    log_in(page, email, lang=lang)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.fixture
def queue(monkeypatch, settings):
    """The rendering tasks sent, not run: the test renders them when it chooses to."""
    settings.DOCUMENT_RENDER_PROCESSES = 1
    sent = []
    monkeypatch.setattr(render_document, "delay", sent.append)
    return sent


def participants_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Участники"
    sheet.append(
        [
            "Фамилия, имя",
            "Пол (ж/м)",
            "Категория должности",
            "Муниципалитет",
            "День 1: 11.04.2019",
            "День 2: 12.04.2019",
        ]
    )
    sheet.append(["Жылдызкан Орозова", "аял", "специалист", "Бүлөлү", "+", "+"])
    sheet.append(["Тилек Шаршеев", "эркек", "член инициативной группы", "Кок-Жар", "+", ""])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def figure(page, label: str) -> int:
    """The number of a figure card (its label as the page says it)."""
    card = page.locator(".figures li").filter(has_text=label).first
    return int(card.locator(".figures__value").inner_text())


def test_a_training_from_creation_to_its_attendance_sheet_in_kyrgyz(page, staff, queue):
    kok_zhar = Municipality.objects.get(slug="kok-zhar")
    logged_in(page, staff.email, lang="ky")

    # a new training of Osh oblast (the reviewer's only oblast is chosen already)
    page.goto("/ky/events/work/")
    page.get_by_role("link", name=ky("Новое мероприятие")).click()
    page.locator("[name=kind]").select_option("training")
    page.locator("[name=title_ru]").fill("Разработка ПСЭР: тренинг для рабочей группы")
    page.locator("[name=title_ky]").fill("СЭӨПти иштеп чыгуу: жумушчу топ үчүн тренинг")
    page.locator("[name=start_date]").fill("2019-04-11")
    page.locator("[name=end_date]").fill("2019-04-12")
    page.locator("[name=municipality]").select_option(str(kok_zhar.pk))
    page.locator("[name=topics_ky]").fill("СЭӨП даярдоо процесси\nМониторинг жана баалоо")
    page.get_by_role("button", name=ky("Сохранить")).click()
    expect(page.get_by_role("status")).to_contain_text(
        ky("Мероприятие создано. Добавьте программу и участников.")
    )
    event = Event.objects.get()
    assert event.oblast.slug == "osh" and event.topics.count() == 2
    expect(page).to_have_url(f"/ky/events/work/{event.pk}/")
    assert figure(page, ky("участников")) == 0
    assert_accessible(page)

    # two participants by hand: Үмүт on both days, Бакыт on the first only
    page.get_by_role("link", name=ky("Добавить участника")).first.click()
    for name, sex, days in (("Үмүт Төлөгөнова", "female", 2), ("Бакыт Осмонов", "male", 1)):
        page.locator("[name=full_name]").fill(name)
        page.locator(f"[name=sex][value={sex}]").check()
        page.locator("[name=position_category]").select_option("council_deputy")
        page.locator("[name=municipality]").select_option(str(kok_zhar.pk))
        if days == 1:
            page.locator("[name=days][value='2019-04-12']").uncheck()
        page.get_by_role("button", name=ky("Сохранить")).click()
        expect(page.get_by_role("status")).to_contain_text(
            ky("Участник добавлен. Можно добавить следующего.")
        )
    assert_accessible(page)

    # two more from a spreadsheet
    page.goto(f"/ky/events/work/{event.pk}/participants/import/")
    page.locator("[name=file]").set_input_files(
        files=[{"name": "катышуучулар.xlsx", "mimeType": "application/octet-stream",
                "buffer": participants_xlsx()}]
    )  # fmt: skip
    page.get_by_role("button", name=ky("Загрузить участников")).click()
    expect(page).to_have_url(f"/ky/events/work/{event.pk}/participants/")
    assert Participant.objects.filter(event=event).count() == 4

    # the figures before the attendance is corrected: day 2 has Үмүт and Жылдызкан
    page.goto(f"/ky/events/work/{event.pk}/")
    assert figure(page, ky("участников")) == 4
    assert figure(page, ky("женщин")) == 2
    days = page.locator("table").filter(has_text=ky("Присутствовали"))
    expect(days.locator("tbody tr").nth(0).locator("td").nth(1)).to_have_text("4")
    expect(days.locator("tbody tr").nth(1).locator("td").nth(1)).to_have_text("2")
    page.goto("/ky/events/work/statistics/")
    participations = figure(page, ky("участий"))
    assert participations == 4
    assert_accessible(page)

    # attendance for the two days on the participants' page: Бакыт came on day 2 as well,
    # Тилек did not come on day 1 after all
    page.goto(f"/ky/events/work/{event.pk}/participants/")
    bakyt = Participant.objects.get(full_name="Бакыт Осмонов")
    tilek = Participant.objects.get(full_name="Тилек Шаршеев")
    page.locator(f"#present-{bakyt.pk}-2").check()
    page.locator(f"#present-{tilek.pk}-1").uncheck()
    assert_accessible(page)
    page.get_by_role("button", name=ky("Сохранить отметки")).click()
    expect(page).to_have_url(re.compile(rf"/ky/events/work/{event.pk}/participants/#attendance$"))
    expect(page.locator(f"#present-{bakyt.pk}-2")).to_be_checked()
    expect(page.locator(f"#present-{tilek.pk}-1")).not_to_be_checked()

    # the figures follow
    page.goto(f"/ky/events/work/{event.pk}/")
    days = page.locator("table").filter(has_text=ky("Присутствовали"))
    expect(days.locator("tbody tr").nth(0).locator("td").nth(1)).to_have_text("3")
    expect(days.locator("tbody tr").nth(1).locator("td").nth(1)).to_have_text("3")
    page.goto("/ky/events/work/statistics/?kind=training")
    assert figure(page, ky("человек")) == 4
    sex_chart = page.locator("#chart-sex desc")
    expect(sex_chart).to_contain_text(": 2")

    # the attendance sheet in Kyrgyz
    page.goto(f"/ky/events/work/{event.pk}/sheet/")
    page.get_by_label(ky("на кыргызском языке"), exact=True).check()
    page.get_by_role("button", name=ky("Сформировать PDF")).click()
    document = Document.objects.get(kind=KIND)
    assert queue == [document.pk]
    assert document_render(document.pk).is_done
    link = page.locator(f"#document-{document.pk}").get_by_role("link", name=ky("Скачать PDF"))
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"attendance-{event.pk}-2019-04-11-ky.pdf"
    with open(download.value.path(), "rb") as handle:
        reader = PdfReader(handle)
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for name in ("Үмүт Төлөгөнова", "Бакыт Осмонов", "Жылдызкан Орозова", "Тилек Шаршеев"):
        assert name in text
    assert "СЭӨПти иштеп чыгуу: жумушчу топ үчүн тренинг" in text
    assert "Бүлөлү айылдык аймагы" in text


@pytest.fixture
def past_training(staff):
    from tests.trainings.conftest import add

    event = event_create(
        actor=staff,
        kind="exchange_visit",
        oblast=staff.memberships.get().oblast,
        start_date=date(2019, 9, 18),
        end_date=date(2019, 9, 19),
        municipality=Municipality.objects.get(slug="bulolu"),
        title_ru="Обмен опытом в Булолунском и Чон-Алайском АА",
        title_ky="Бүлөлү жана Чоң-Алай ААдагы тажрыйба алмашуу сапары",
        topics=[("Участие граждан", "Жарандардын катышуусу")],
    )
    add(event, staff, "Мирлан Жолдошев", sex="male")
    add(event, staff, "Гүлнара Эшматова", municipality=Municipality.objects.get(slug="isanov"))
    from trainings.services.agenda import agenda_item_create

    agenda_item_create(
        event=event,
        actor=staff,
        day=date(2019, 9, 18),
        action_ru="Презентация ОМСУ Булолунского АА",
        action_ky="Бүлөлү ААнын ЖӨБ органдарынын презентациясы",
        responsible_ru="Бакытбек Молдокулов",
        responsible_position_ru="глава АО",
    )
    return event


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_pages_of_events_are_accessible(page, staff, past_training, lang):
    event = past_training
    logged_in(page, staff.email, lang=lang)
    for url in (
        f"/{lang}/events/work/",
        f"/{lang}/events/work/{event.pk}/",
        f"/{lang}/events/work/{event.pk}/agenda/",
        f"/{lang}/events/work/{event.pk}/participants/",
        f"/{lang}/events/work/{event.pk}/participants/new/",
        f"/{lang}/events/work/{event.pk}/participants/import/",
        f"/{lang}/events/work/{event.pk}/materials/",
        f"/{lang}/events/work/{event.pk}/edit/",
        f"/{lang}/events/work/statistics/",
        f"/{lang}/events/m/kok-zhar/",
    ):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_public_pages_are_accessible_and_name_nobody(browser, live_server, past_training, lang):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for url in (
            f"/{lang}/events/",
            f"/{lang}/events/{past_training.pk}/",
            f"/{lang}/m/bulolu/",
        ):
            page.goto(url)
            assert_accessible(page)
            text = page.locator("body").inner_text()
            assert "Мирлан Жолдошев" not in text and "Гүлнара Эшматова" not in text
        page.goto(f"/{lang}/events/{past_training.pk}/")
        expect(page.locator(".figures li").first).to_contain_text("2")
    finally:
        context.close()
