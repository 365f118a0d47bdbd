"""Programme documents: the whole programme as a PDF, rendered by a Celery worker.

The PDFs are read back with pypdf (text per page, fonts, outline, metadata) and `pdffonts`
(poppler-utils) where it is installed."""

import logging
import os
import re
import shutil
import subprocess
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import billiard
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from documents import services as service
from documents.book import DRAFT_MARK
from documents.kinds import kinds
from documents.models import Document, DocumentStatus
from documents.services import document_render, documents_check
from documents.tasks import render_document
from planning.documents import KIND, SECTIONS, programme_book
from planning.models import (
    Problem,
    Sector,
    SectorAnalysis,
    SwotItem,
    WorkingGroupMember,
)
from planning.selectors.documents import document_data
from tests.conftest import client_for
from tests.planning.test_completeness import fill
from tests.workers import Workers, skip_without_postgresql

ROOT = Path(__file__).resolve().parent.parent.parent

# Typed into the programme: the PDF must give them back exactly (Ң ң Ө ө Ү ү included).
KY_SWOT = "Жаңы көпүрө өзөндүн үстүнө курулду"
KY_PROBLEM = "Ңңөөүү: Өзөн суусу үйлөргө жетпейт"
RU_PROBLEM = "Мост через сай в селе Кызыл-Булак разрушен селем"
MEMBER = "Үмүт Төлөгөнова"

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sent(monkeypatch):
    """The ids of the rendering tasks sent (no broker in unit tests)."""
    ids = []
    monkeypatch.setattr(render_document, "delay", lambda document_id: ids.append(document_id))
    return ids


@pytest.fixture
def filled(programme):
    """Кок-Жар's programme with one complete branch of the plan and Kyrgyz and Russian texts
    that the PDF must give back."""
    fill(programme)
    analysis = SectorAnalysis.objects.get(programme=programme)
    Problem.objects.create(analysis=analysis, text_ru=RU_PROBLEM, text_ky=KY_PROBLEM, priority=1)
    SwotItem.objects.create(
        programme=programme, kind="strength", text_ru="Новый мост через реку", text_ky=KY_SWOT
    )
    SectorAnalysis.objects.create(
        programme=programme,
        sector=Sector.objects.get(code="roads"),
        situation_ru="Дороги размыты селем",
        situation_ky="",
    )
    WorkingGroupMember.objects.create(
        working_group=programme.working_group,
        full_name=MEMBER,
        wg_role="chair",
        organisation="omsu",
        sex="female",
        job_title_ru="Глава айыл окмоту",
        job_title_ky="Айыл өкмөтүнүн башчысы",
    )
    return programme


def queued(programme, language, actor) -> Document:
    return Document.objects.create(
        kind=KIND,
        object_id=programme.pk,
        language=language,
        requested_by=actor,
        content_hash="0" * 64,
    )


def document_request(*, programme, language, actor) -> Document:
    """The programme's document, asked for through the documents engine."""
    return service.document_request(kind=kinds[KIND], obj=programme, language=language, actor=actor)


def document_retry(*, document, actor) -> Document:
    programme = kinds[KIND].get(document.object_id)
    return service.document_retry(document=document, obj=programme, actor=actor)


def failed_with(document, caplog, detail: str) -> None:
    """Failed with the plain reason that people read; `detail`, the exception's own text, is in
    the log only."""
    assert document.status == DocumentStatus.FAILED
    assert document.error.startswith(
        "Документ не удалось сформировать из-за ошибки на сервере. Повторите позже; если ошибка "
        f"повторится, сообщите администратору (документ № {document.pk}). / "
    )
    assert detail in caplog.text
    assert detail not in document.error


def document_html(programme, language) -> str:
    return programme_book(programme, language).whole_html()


def pdf_of(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without its line breaks and justification spaces."""
    return re.sub(r"\s+", " ", text)


TOC_LINE = re.compile(r"^(\d+)\. (.+?) ?\.{3,} *(\d+)$")


def toc_entries(pages: list[str]) -> list[tuple[str, int]]:
    """("N. Title", page) of every line of the table of contents."""
    entries = []
    for text in pages[1:4]:
        for line in text.splitlines():
            match = TOC_LINE.match(line.strip())
            if match:
                entries.append((f"{match[1]}. {match[2].strip()}", int(match[3])))
    return entries


# --- (1) the document itself ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_document_in_both_languages_gives_back_the_typed_texts(filled, aibek):
    document = document_render(queued(filled, "ru+ky", aibek).pk)

    assert document.status == DocumentStatus.DONE, document.error
    pdf = pdf_of(document)
    pages = page_texts(pdf)
    text = flat(" ".join(pages))
    for typed in (
        KY_SWOT,
        KY_PROBLEM,
        RU_PROBLEM,
        MEMBER,
        "Суусу бар үй чарбаларынын үлүшү",
        "Доля домохозяйств с водой",
        "Түтүк төшөө",
        "Прокладка труб",
        "Көк-Жар айылдык аймагы",
        "Кок-Жарский айылный аймак",
        "2020–2024-жылдарга социалдык-экономикалык өнүгүү программасы",
    ):
        assert typed in text, typed
    # a text missing in Kyrgyz is shown in Russian in the Kyrgyz section, marked as such
    assert "Дороги размыты селем (кыргызча текст жок)" in text
    # the file's metadata in both languages
    metadata = PdfReader(BytesIO(pdf)).metadata
    assert metadata.author == "Кок-Жарский айылный аймак / Көк-Жар айылдык аймагы"
    assert metadata["/Keywords"] == (
        "ПСЭР, Кок-Жарский айылный аймак, Ноокатский район, Ошская область, "
        "СЭӨП, Көк-Жар айылдык аймагы, Ноокат району, Ош облусу"
    )
    # the file's own record
    assert document.pages == len(pages)
    assert document.size == len(pdf)
    import hashlib

    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert document.duration_ms is not None
    assert document.started_at <= document.finished_at
    assert document.content_hash == service.content_hash(document_html(filled, "ru+ky"), "ru+ky")
    assert document.file.name.startswith(f"documents/{timezone.now():%Y}/")
    import gc

    assert gc.isenabled()  # paused only while WeasyPrint works


@pytest.mark.django_db
def test_the_contents_give_the_pages_where_the_sections_start(filled, aibek):
    document = document_render(queued(filled, "ru+ky", aibek).pk)
    pages = page_texts(pdf_of(document))

    entries = toc_entries(pages)
    # every section twice: first in Russian, then in Kyrgyz
    assert len(entries) == 2 * len(SECTIONS)
    assert entries[0] == ("1. Паспорт муниципалитета", 3)
    assert entries[1][0] == "1. Муниципалитеттин паспорту"
    numbers = [page for _title, page in entries]
    assert numbers == sorted(numbers)
    previous = 2  # the contents
    for title, page in entries:
        first_line = pages[page - 1].strip().splitlines()[0].strip()
        assert first_line == title, (title, page)
        # the section does not start earlier than the contents say
        assert all(
            not text.strip().startswith(title + "\n") for text in pages[previous : page - 1]
        ), title
        previous = page


@pytest.mark.django_db
def test_fonts_are_the_projects_own_and_embedded(filled, aibek):
    document = document_render(queued(filled, "ky", aibek).pk)
    reader = PdfReader(document.file.path)
    fonts = {}

    def collect(resources):
        """The fonts of a page's resources and of the forms it draws (the section pages of
        a document rendered in parts are forms under the frame's page)."""
        resources = resources.get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = descriptor
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                collect(xobject["/Resources"])

    for page in reader.pages:
        collect(page["/Resources"])
    assert fonts
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert re.match(r"^/[A-Z]{6}\+PSEP-(Sans|Math)", name), f"{name} is not ours"
    if shutil.which("pdffonts"):
        listing = subprocess.run(
            ["pdffonts", document.file.path], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listing
        for line in listing:
            assert line.split()[-5] == "yes", line  # the "emb" column


@pytest.mark.django_db
def test_a_draft_is_marked_on_every_page_and_renders_the_same_twice(filled, aibek):
    first = document_render(queued(filled, "ru", aibek).pk)
    second = document_render(queued(filled, "ru", aibek).pk)

    first_pages = page_texts(pdf_of(first))
    second_pages = page_texts(pdf_of(second))
    assert first.pages == second.pages == len(first_pages) > 5
    assert first_pages == second_pages
    for number, text in enumerate(first_pages, start=1):
        assert DRAFT_MARK in text, f"page {number} has no draft mark"
    for number, text in enumerate(first_pages[1:], start=2):
        assert f"стр. {number} из {len(first_pages)}" in text


@pytest.mark.django_db
def test_title_page_headers_metadata_and_bookmarks(filled, aibek):
    document = document_render(queued(filled, "ru", aibek).pk)
    reader = PdfReader(document.file.path)
    pages = [page.extract_text() for page in reader.pages]

    title = flat(pages[0])
    for expected in (
        "СОГЛАСОВАНО",
        "УТВЕРЖДАЮ",
        "Председатель айылного кенеша",
        "Глава айыл окмоту",
        "Ошская область · Ноокатский район",
        "Кок-Жарский айылный аймак",
        "Программа социально-экономического развития на 2020–2024 годы",
        "Период: 2020–2024",
        "Версия 1 · черновик",
    ):
        assert expected in title, expected
    # the running header names the municipality and the section
    passport_page = next(text for text in pages if text.startswith("1. Паспорт"))
    header = [line for line in passport_page.splitlines() if "Кок-Жарский айылный аймак" in line]
    assert header == ["Кок-Жарский айылный аймак 1. Паспорт муниципалитета"], passport_page

    metadata = reader.metadata
    assert metadata.title == "Программа социально-экономического развития на 2020–2024 годы"
    assert metadata.author == "Кок-Жарский айылный аймак"
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    # PDF/A-3b: WeasyPrint writes the XMP identification and an output intent
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]

    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Содержание"
    assert [f"{n}. {s.title}" for n, s in enumerate(SECTIONS, start=1)] == outline[1:]


@pytest.mark.django_db
def test_the_document_shows_the_plan_the_joint_actions_and_the_money(filled, aibek):
    activity = filled.activities.get()
    activity.is_joint_action = True
    activity.community_contribution_ru = "Жители копают траншеи"
    activity.save()
    document = document_render(queued(filled, "ru", aibek).pk)
    text = flat(" ".join(page_texts(pdf_of(document))))

    assert "Направление 1. Водоснабжение" in text
    assert "Цель 1.1. Чистая вода" in text
    assert "Задача 1.1.1. Построить водопровод" in text
    assert "1.1.1.1 Прокладка труб" in text
    assert "Итого по направлению 1" in text
    assert "7. План совместных действий ОМСУ и населения (ПСД)" in text
    assert "Жители копают траншеи" in text
    assert "Итого по плану совместных действий" in text
    # indicators with their baseline and yearly targets
    assert "Доля домохозяйств с водой" in text
    assert "40 (2019)" in text
    # the financial model: 100 planned against 2 500 forecast over the period
    assert "прогноз ресурсов (2 500,0 тыс. сом) превышает план мероприятий (100,0 тыс. сом)" in (
        text
    )
    assert "Разрыв (план − прогноз), тыс. сом" in text
    assert MEMBER in text and "Глава айыл окмоту" in text


@pytest.mark.django_db
def test_document_data_queries_do_not_grow_with_the_programme(
    filled, django_assert_max_num_queries
):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as small:
        document_data(filled)
    objective = filled.activities.get().objective
    for n in range(30):
        activity = filled.activities.create(
            objective=objective, title_ru=f"Мероприятие {n}", title_ky=f"Иш-чара {n}"
        )
        activity.costs.create(year=2022, source="donor", amount=Decimal(n))
    with django_assert_max_num_queries(len(small)):
        data = document_data(filled)
    assert data["tree"].activities_count == 31


# --- (2) failures and retries -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_failing_render_is_marked_failed_with_its_error(
    filled, gulnara, monkeypatch, sent, django_capture_on_commit_callbacks, caplog
):
    def broken(parts):
        raise RuntimeError("WeasyPrint could not lay out the page")

    monkeypatch.setattr(service, "render_pdf", broken)
    with caplog.at_level(logging.ERROR, logger="documents.services"):
        document = document_render(queued(filled, "ky", gulnara).pk)

    assert document.status == DocumentStatus.FAILED
    # a plain reason in both languages for the people who asked; the exception for the log
    reason = (
        "Документ не удалось сформировать из-за ошибки на сервере. Повторите позже; если "
        f"ошибка повторится, сообщите администратору (документ № {document.pk})."
    )
    assert document.error.startswith(f"{reason} / ")
    assert "WeasyPrint" not in document.error and "RuntimeError" not in document.error
    assert "WeasyPrint could not lay out the page" in caplog.text
    assert document.finished_at is not None
    assert not document.file
    assert not Document.objects.filter(status=DocumentStatus.RENDERING).exists()

    # the page shows why, and the retry puts it back in the queue
    page = client_for(gulnara).get(reverse("planning:documents", kwargs={"pk": filled.pk}))
    assert reason in page.content.decode()
    assert "WeasyPrint" not in page.content.decode()
    url = reverse("planning:document_retry", kwargs={"pk": filled.pk, "document_pk": document.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(gulnara).post(url)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert document.error == ""
    assert sent == [document.pk]

    # and this time it renders
    monkeypatch.undo()
    document = document_render(document.pk)
    assert document.status == DocumentStatus.DONE
    assert document.attempts == 2


@pytest.mark.django_db
def test_retry_by_htmx_returns_the_row_that_polls(
    filled, staff, sent, django_capture_on_commit_callbacks
):
    document = queued(filled, "ru", staff)
    Document.objects.filter(pk=document.pk).update(status="failed", error="Сбой")
    url = reverse("planning:document_retry", kwargs={"pk": filled.pk, "document_pk": document.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(url, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<tr id="document-{document.pk}"')
    assert 'hx-trigger="every 2s"' in body
    assert sent == [document.pk]
    # a document that did not fail cannot be retried
    with django_capture_on_commit_callbacks(execute=True):
        again = client_for(staff).post(url)
    assert again.status_code == 302
    assert sent == [document.pk]
    messages = [str(m) for m in again.wsgi_request._messages]
    assert messages == ["Повторить можно только документ, который не удалось сформировать."]


@pytest.mark.django_db
def test_a_transient_error_is_retried_a_bounded_number_of_times(filled, aibek, monkeypatch):
    calls = []

    def disk_full(parts):
        calls.append(parts)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service, "render_pdf", disk_full)
    document = queued(filled, "ru", aibek)
    # while retries remain, the document waits in the queue with the reason
    with pytest.raises(OSError):
        document_render(document.pk, will_retry=True)
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert document.error.startswith(
        "Временная ошибка при сохранении документа, будет новая попытка. / "
    )

    # the task (run here without a worker) retries three times, then the document fails
    result = render_document.apply(args=[document.pk])
    assert isinstance(result.result, OSError)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error.startswith(
        "Документ не удалось сохранить: файловое хранилище недоступно или переполнено. "
    )
    assert "Errno" not in document.error
    assert document.attempts == 1 + 1 + render_document.max_retries
    assert len(calls) == document.attempts
    assert not Document.objects.filter(status=DocumentStatus.RENDERING).exists()


@pytest.mark.django_db
def test_the_soft_time_limit_fails_the_document(filled, aibek, monkeypatch):
    def too_slow(parts):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(service, "render_pdf", too_slow)
    document = document_render(queued(filled, "ru", aibek).pk)
    assert document.status == DocumentStatus.FAILED
    assert document.error == (
        "Превышено время формирования документа (300 с). / "
        "Документти түзүү убактысы ашып кетти (300 сек.)."
    )


@pytest.mark.django_db
def test_the_periodic_check_queues_again_a_document_no_live_worker_renders(
    filled, aibek, sent, django_capture_on_commit_callbacks
):
    lost = queued(filled, "ru", aibek)
    Document.objects.filter(pk=lost.pk).update(
        status="rendering", started_at=timezone.now() - timedelta(hours=1), worker="w1@gone"
    )
    fresh = queued(filled, "ky", aibek)
    Document.objects.filter(pk=fresh.pk).update(
        status="rendering", started_at=timezone.now(), worker="w2@alive"
    )
    # pages and polls never touch them: the check is a periodic job
    client_for(aibek).get(reverse("planning:documents", kwargs={"pk": filled.pk}))
    lost.refresh_from_db()
    assert lost.status == DocumentStatus.RENDERING
    with django_capture_on_commit_callbacks(execute=True):
        outcome = documents_check()
    assert outcome == {"queued again": [lost.pk], "failed": []}
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.status, lost.worker) == (DocumentStatus.QUEUED, "")
    assert lost.error.startswith("Обработчик заданий остановился, не закончив документ")
    assert sent == [lost.pk]
    assert (fresh.status, fresh.worker) == (DocumentStatus.RENDERING, "w2@alive")
    # the next worker takes it and finishes it
    assert document_render(lost.pk, worker="w3@new").status == DocumentStatus.DONE
    assert documents_check() == {"queued again": [], "failed": []}


@pytest.mark.django_db
def test_a_document_that_stops_its_workers_again_and_again_is_failed(
    filled, aibek, sent, django_capture_on_commit_callbacks
):
    document = queued(filled, "ru", aibek)
    Document.objects.filter(pk=document.pk).update(
        status="rendering",
        started_at=timezone.now() - timedelta(hours=1),
        attempts=service.MAX_ATTEMPTS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        documents_check()
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error.startswith(
        f"Документ не удалось сформировать: обработчик заданий останавливался "
        f"{service.MAX_ATTEMPTS} раз"
    )
    assert sent == []


@pytest.mark.django_db
def test_a_worker_that_starts_again_queues_what_it_left_unfinished(
    filled, aibek, sent, django_capture_on_commit_callbacks
):
    mine = queued(filled, "ru", aibek)
    Document.objects.filter(pk=mine.pk).update(
        status="rendering", started_at=timezone.now() - timedelta(seconds=20), worker="w1@host"
    )
    theirs = queued(filled, "ky", aibek)
    Document.objects.filter(pk=theirs.pk).update(
        status="rendering", started_at=timezone.now(), worker="w2@host"
    )
    waiting = queued(filled, "ru+ky", aibek)
    later = timezone.now() + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        resent = service.documents_resume(worker="w1@host", started_at=later)
    assert sorted(resent) == sorted([mine.pk, waiting.pk])
    assert sorted(sent) == sorted([mine.pk, waiting.pk])
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.worker) == (DocumentStatus.QUEUED, "")
    assert (theirs.status, theirs.worker) == (DocumentStatus.RENDERING, "w2@host")
    # a message sent twice renders it once
    assert document_render(waiting.pk, worker="w1@host").status == DocumentStatus.DONE
    assert document_render(waiting.pk, worker="w1@host") is None


@pytest.mark.django_db
def test_a_document_no_worker_takes_is_failed_after_the_queue_limit(filled, aibek):
    long_ago = timezone.now() - timedelta(minutes=31)
    forgotten = queued(filled, "ru", aibek)
    Document.objects.filter(pk=forgotten.pk).update(requested_at=long_ago)
    waiting = queued(filled, "ky", aibek)
    Document.objects.filter(pk=waiting.pk).update(
        requested_at=timezone.now() - timedelta(minutes=29)
    )
    with translation.override("ky"):
        url = reverse("planning:documents", kwargs={"pk": filled.pk})
        assert documents_check() == {"queued again": [], "failed": [forgotten.pk]}
    assert url.startswith("/ky/")
    page = client_for(aibek).get(url)
    forgotten.refresh_from_db()
    assert forgotten.status == DocumentStatus.FAILED
    # in both languages, whatever the language active when it was found
    assert forgotten.error == (
        "Документ не начали формировать за 30 мин: обработчик заданий, похоже, не запущен. "
        "Повторите позже или сообщите администратору. / "
        "Документ 30 мүнөттүн ичинде түзүлө баштаган жок: тапшырмаларды аткаргыч иштебей "
        "жаткан окшойт. Кийинчерээк кайталаңыз же порталдын администраторуна кайрылыңыз."
    )
    assert forgotten.error in page.content.decode()  # with its retry button
    assert (
        reverse("planning:document_retry", kwargs={"pk": filled.pk, "document_pk": forgotten.pk})
        in page.content.decode()
    )
    assert Document.objects.get(pk=waiting.pk).status == DocumentStatus.QUEUED
    # a worker that starts late does not render it any more: the person retries it
    assert document_render(forgotten.pk) is None
    assert Document.objects.get(pk=forgotten.pk).status == DocumentStatus.FAILED


@pytest.mark.django_db
def test_a_long_queue_behind_a_working_worker_is_not_failed(filled, aibek):
    forgotten = queued(filled, "ru", aibek)
    Document.objects.filter(pk=forgotten.pk).update(
        requested_at=timezone.now() - timedelta(minutes=45)
    )
    busy = queued(filled, "ky", aibek)
    Document.objects.filter(pk=busy.pk).update(
        status="rendering", started_at=timezone.now() - timedelta(minutes=2)
    )
    assert documents_check() == {"queued again": [], "failed": []}
    assert Document.objects.get(pk=forgotten.pk).status == DocumentStatus.QUEUED


@pytest.mark.django_db
def test_a_document_being_rendered_is_not_taken_by_a_second_message(filled, aibek, monkeypatch):
    document = queued(filled, "ru", aibek)
    Document.objects.filter(pk=document.pk).update(
        status="rendering", started_at=timezone.now() - timedelta(minutes=1), attempts=1
    )
    rendered = []
    monkeypatch.setattr(service, "render_pdf", lambda parts: rendered.append(parts))
    assert document_render(document.pk) is None
    assert rendered == []
    # one cut off by a lost worker past the hard time limit is delivered again and rendered
    Document.objects.filter(pk=document.pk).update(
        started_at=timezone.now() - timedelta(seconds=service.TIME_LIMIT + 1)
    )
    monkeypatch.undo()
    document = document_render(document.pk)
    assert document.status == DocumentStatus.DONE and document.attempts == 2


@pytest.mark.django_db
def test_a_document_that_waits_long_says_so_and_the_page_writes_nothing(filled, aibek):
    from django.test.utils import CaptureQueriesContext

    document = queued(filled, "ky", aibek)
    kwargs = {"pk": filled.pk, "document_pk": document.pk}
    client = client_for(aibek)
    row = client.get(reverse("planning:document_status", kwargs=kwargs), **HTMX).content.decode()
    assert "дольше обычного" not in row
    Document.objects.filter(pk=document.pk).update(
        requested_at=timezone.now() - timedelta(minutes=2)
    )
    with CaptureQueriesContext(connection) as queries:
        row = client.get(reverse("planning:document_status", kwargs=kwargs), **HTMX)
        page = client.get(reverse("planning:documents", kwargs={"pk": filled.pk}))
    hint = "Ждёт в очереди дольше обычного: обработчик заданий занят другими документами"
    assert hint in row.content.decode() and hint in page.content.decode()
    assert row.status_code == 200
    writes = [q["sql"] for q in queries if "documents_document" in q["sql"]]
    assert writes and not [sql for sql in writes if sql.startswith(("UPDATE", "INSERT"))]
    # put back after a transient error, it says that instead
    Document.objects.filter(pk=document.pk).update(
        error="Временная ошибка, будет новая попытка: OSError: диск заполнен"
    )
    put_back = client.get(reverse("planning:document_status", kwargs=kwargs), **HTMX)
    assert "диск заполнен" in put_back.content.decode()
    assert hint not in put_back.content.decode()


@pytest.mark.django_db
def test_a_finished_document_is_not_rendered_again(filled, aibek, monkeypatch):
    document = document_render(queued(filled, "ru", aibek).pk)
    monkeypatch.setattr(service, "render_pdf", lambda parts: pytest.fail("rendered again"))
    assert document_render(document.pk) is None
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE


@pytest.mark.django_db
def test_an_unreachable_broker_fails_the_request_with_the_reason(
    filled, aibek, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def no_broker(document_id):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(render_document, "delay", no_broker)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(programme=filled, language="ru", actor=aibek)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error.startswith(
        "Очередь заданий недоступна. Повторите позже или сообщите администратору. / "
    )
    assert "ConnectionRefusedError" in caplog.text and "Connection" not in document.error


# --- (3) who may request and download ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["aibek", "gulnara", "staff", "kenesh"])
def test_members_and_reviewers_request_and_download(
    persona, request, filled, sent, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    page_url = reverse("planning:documents", kwargs={"pk": filled.pk})
    page = client.get(page_url)
    assert page.status_code == 200
    assert "Документы PDF" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url, {"language": "ru+ky"})
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page_url}?language=ru%2Bky#document-{document.pk}"
    assert (document.language, document.status, document.requested_by) == ("ru+ky", "queued", user)
    assert sent == [document.pk]
    # the form chooses the language just asked for again
    again = client.get(response["Location"]).content.decode()
    assert 'value="ru+ky" id="id_language_2" required checked' in again

    document_render(document.pk)
    download = client.get(
        reverse("planning:document_download", kwargs={"pk": filled.pk, "document_pk": document.pk})
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "psep-kok-zhar-2020-2024-v1-ru-ky.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_the_documents_are_listed_twenty_to_a_page(
    settings, filled, aibek, django_assert_max_num_queries
):
    for _ in range(21):
        queued(filled, "ru", aibek)
    url = reverse("planning:documents", kwargs={"pk": filled.pk})
    client = client_for(aibek)
    client.get(url)  # the session and the user are cached from here on
    with django_assert_max_num_queries(9):  # whatever the number of documents
        first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    newest, oldest = Document.objects.first(), Document.objects.last()
    assert first.count('<tr id="document-') == 20 and f'id="document-{newest.pk}"' in first
    assert "Страница 1 из 2" in first and 'href="?page=2" rel="next"' in first
    assert second.count('<tr id="document-') == 1 and f'id="document-{oldest.pk}"' in second
    # a request answered by that oldest document leads to its page of the list
    Document.objects.filter(pk=oldest.pk).update(
        status="done",
        file="documents/x.pdf",
        size=5,
        pages=1,
        sha256="0" * 64,
        content_hash=service.content_hash(document_html(filled, "ru"), "ru"),
    )
    (Path(settings.MEDIA_ROOT) / "documents").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "documents/x.pdf").write_bytes(b"%PDF-")
    response = client.post(url, {"language": "ru"})
    assert response["Location"] == f"{url}?language=ru&page=2#document-{oldest.pk}"


@pytest.mark.django_db
def test_a_member_of_another_municipality_gets_403_and_404(
    filled, aibek, nurlan, ak_tal_programme, sent
):
    document = document_render(queued(filled, "ru", aibek).pk)
    client = client_for(nurlan)
    kwargs = {"pk": filled.pk, "document_pk": document.pk}
    assert client.get(reverse("planning:documents", kwargs={"pk": filled.pk})).status_code == 403
    assert (
        client.post(
            reverse("planning:documents", kwargs={"pk": filled.pk}), {"language": "ru"}
        ).status_code
        == 403
    )
    for name in ("document_download", "document_status"):
        assert client.get(reverse(f"planning:{name}", kwargs=kwargs)).status_code == 403
    assert client.post(reverse("planning:document_retry", kwargs=kwargs)).status_code == 403
    # his own programme's URLs with Кок-Жар's document: 404
    own = {"pk": ak_tal_programme.pk, "document_pk": document.pk}
    for name in ("document_download", "document_status"):
        assert client.get(reverse(f"planning:{name}", kwargs=own)).status_code == 404
    assert client.post(reverse("planning:document_retry", kwargs=own)).status_code == 404
    # and the service refuses him too
    with pytest.raises(PermissionDenied):
        document_request(programme=filled, language="ru", actor=nurlan)
    assert sent == []
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, filled, aibek):
    document = queued(filled, "ru", aibek)
    kwargs = {"pk": filled.pk, "document_pk": document.pk}
    urls = [
        reverse("planning:documents", kwargs={"pk": filled.pk}),
        reverse("planning:document_download", kwargs=kwargs),
        reverse("planning:document_status", kwargs=kwargs),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("planning:document_retry", kwargs=kwargs))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_wrong_language_is_refused_and_nothing_is_queued(filled, gulnara, sent):
    url = reverse("planning:documents", kwargs={"pk": filled.pk})
    response = client_for(gulnara).post(url, {"language": "en"})
    assert response.status_code == 400
    assert "Выберите язык документа: русский, кыргызский или оба." in response.content.decode()
    assert not Document.objects.exists()
    assert sent == []


@pytest.mark.django_db
def test_an_unfinished_document_cannot_be_downloaded(filled, gulnara):
    document = queued(filled, "ru", gulnara)
    url = reverse(
        "planning:document_download", kwargs={"pk": filled.pk, "document_pk": document.pk}
    )
    assert client_for(gulnara).get(url).status_code == 404


# --- progress on the page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_status_row_polls_until_the_document_is_done(filled, gulnara):
    document = queued(filled, "ky", gulnara)
    kwargs = {"pk": filled.pk, "document_pk": document.pk}
    url = reverse("planning:document_status", kwargs=kwargs)
    client = client_for(gulnara)

    page_url = reverse("planning:documents", kwargs={"pk": filled.pk})
    page = client.get(page_url).content.decode()
    # the row stays and takes the cells of each answer
    assert (
        f'hx-get="{url}" hx-trigger="every 2s" hx-select="#document-{document.pk} > td" '
        'hx-swap="innerHTML"'
    ) in page
    # the plain fallback: the page's own address without a #fragment, or the link only scrolls
    refresh = f'id="document-{document.pk}-action"'
    assert f'<p><a href="{page_url}" {refresh}>Обновить</a></p>' in page
    assert "vendor/htmx/htmx.min.js" in page
    assert '<div id="document-announcement" class="visually-hidden" role="status"></div>' in page

    response = client.get(url, **HTMX)
    row = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in row and "в очереди" in row
    assert "document-announcement" not in row

    document_render(document.pk)
    response = client.get(url, **HTMX)
    row = response.content.decode()
    assert response.status_code == 286  # htmx stops polling
    assert "hx-trigger" not in row
    assert "готов" in row
    assert reverse("planning:document_download", kwargs=kwargs) in row
    assert (
        '<div id="document-announcement" hx-swap-oob="innerHTML">'
        "Документ на кыргызском языке готов.</div>"
    ) in row
    # without htmx the status URL leads to the page
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#document-{document.pk}")


@pytest.mark.django_db
def test_the_programme_navigation_links_to_the_documents(filled, gulnara):
    page = client_for(gulnara).get(reverse("planning:overview", kwargs={"pk": filled.pk}))
    assert reverse("planning:documents", kwargs={"pk": filled.pk}) in page.content.decode()


# --- (4) the same content is not rendered twice -----------------------------------------------


@pytest.mark.django_db
def test_an_identical_request_returns_the_existing_document(
    filled, aibek, gulnara, sent, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        first = document_request(programme=filled, language="ky", actor=aibek)
    assert not first.reused
    # while it waits in the queue, the same request gets the same job
    with django_capture_on_commit_callbacks(execute=True):
        waiting = document_request(programme=filled, language="ky", actor=gulnara)
    assert waiting.pk == first.pk and waiting.reused
    assert sent == [first.pk]
    url = reverse("planning:documents", kwargs={"pk": filled.pk})
    response = client_for(gulnara).post(url, {"language": "ky"}, follow=True)
    assert "Такой же документ уже ждёт в очереди или формируется" in response.content.decode()
    assert sent == [first.pk]

    document_render(first.pk)
    rendered = []
    monkeypatch.setattr(service, "render_pdf", lambda parts: rendered.append(parts))
    with django_capture_on_commit_callbacks(execute=True):
        again = document_request(programme=filled, language="ky", actor=gulnara)
    assert again.pk == first.pk and again.reused and again.status == DocumentStatus.DONE
    assert sent == [first.pk]
    assert rendered == []
    # the page says so
    response = client_for(gulnara).post(url, {"language": "ky"}, follow=True)
    assert "документ на этом языке уже есть" in response.content.decode()

    # another language is another document
    with django_capture_on_commit_callbacks(execute=True):
        russian = document_request(programme=filled, language="ru", actor=gulnara)
    assert russian.pk != first.pk and not russian.reused

    # after an edit, the content is new: a new document is rendered
    filled.vision_ky = "Жаңы көрүнүш"
    filled.save()
    with django_capture_on_commit_callbacks(execute=True):
        edited = document_request(programme=filled, language="ky", actor=gulnara)
    assert edited.pk not in (first.pk, russian.pk) and not edited.reused
    assert edited.content_hash != first.content_hash
    assert sent == [first.pk, russian.pk, edited.pk]


@pytest.mark.django_db
def test_a_finished_document_whose_file_is_gone_is_not_reused(
    filled, aibek, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = document_request(programme=filled, language="ru", actor=aibek)
    first = document_render(first.pk)
    Path(first.file.path).unlink()
    with django_capture_on_commit_callbacks(execute=True):
        second = document_request(programme=filled, language="ru", actor=aibek)
    assert second.pk != first.pk


@pytest.mark.django_db
def test_a_retry_needs_access(filled, aibek, nurlan):
    document = queued(filled, "ru", aibek)
    with pytest.raises(PermissionDenied):
        document_retry(document=document, actor=nurlan)


# --- (5) a real worker ------------------------------------------------------------------------


@pytest.fixture
def worker_setup(request, transactional_db, tmp_path, media_root, monkeypatch):
    """A `celery worker` process on the broker and the test database (tests.workers), the
    rendering task sent to its queue; stopped after the test, before the database is flushed.
    Its pool is the parameter: solo (the embedded default's worker) or prefork (production's,
    whose task runs in a daemon process that forks the processes laying out parts)."""
    skip_without_postgresql()
    workers = Workers(tmp_path, media_root)
    monkeypatch.setattr(render_document, "delay", lambda pk: workers.send(render_document, pk))
    yield workers.start(pool=getattr(request, "param", "solo"))
    workers.stop()


@pytest.mark.integration
@pytest.mark.parametrize("worker_setup", ["solo", "prefork"], indirect=True)
def test_a_real_worker_renders_a_document_sent_through_the_broker(worker_setup, filled, aibek):
    worker = worker_setup
    document = document_request(programme=filled, language="ru+ky", actor=aibek)
    deadline = time.monotonic() + 120
    while document.status not in (DocumentStatus.DONE, DocumentStatus.FAILED):
        if time.monotonic() > deadline or worker.poll() is not None:
            break
        time.sleep(0.5)
        document.refresh_from_db()
    if document.status != DocumentStatus.DONE:
        worker.terminate()
        output = worker.communicate(timeout=20)[0]
        pytest.fail(f"document {document.status}: {document.error}\n--- worker ---\n{output}")
    assert document.attempts == 1
    text = flat(" ".join(page_texts(pdf_of(document))))
    assert KY_SWOT in text and RU_PROBLEM in text
    assert document.pages == len(PdfReader(document.file.path).pages)


# --- (6) the life-cycle in the document: council decision, consultation summary, public -----

PROPOSAL = "Провести водопровод и в верхнюю часть села Жаңы-Жол"
ANSWER_RU = "Принято: участок включён в мероприятие 1.1.1.1"
ANSWER_KY = "Кабыл алынды: бөлүк 1.1.1.1-иш-чарага киргизилди"
HEARING_DECISIONS_KY = "Долбоорду колдоого жана кеңешке жөнөтүүгө чечим кабыл алынды"
SESSION = "XII очередная сессия айылного кенеша VII созыва"


def consulted(programme):
    """The programme after its consultation: a published, answered proposal, a hidden one and a
    hearing with 41 women and 37 men."""
    from datetime import date

    from planning.models import CitizenProposal, Programme, PublicHearing

    Programme.objects.filter(pk=programme.pk).update(status="public_consultation")
    programme.refresh_from_db()
    CitizenProposal.objects.create(
        programme=programme,
        author_name="Бактыгүл Сыдыкова",
        section="plan",
        text=PROPOSAL,
        status="published",
        decision="accepted",
        answer_ru=ANSWER_RU,
        answer_ky=ANSWER_KY,
        client_hash="a" * 64,
    )
    CitizenProposal.objects.create(
        programme=programme, text="Реклама часов", status="hidden", client_hash="b" * 64
    )
    PublicHearing.objects.create(
        programme=programme,
        date=date(2019, 5, 14),
        place_ru="Дом культуры села Кок-Жар",
        place_ky="Көк-Жар айылынын маданият үйү",
        women=41,
        men=37,
        decisions_ru="Поддержать проект и передать его в кенеш",
        decisions_ky=HEARING_DECISIONS_KY,
    )
    return programme


def approve(programme, chair, secretary):
    from datetime import date

    from planning.services import lifecycle

    lifecycle.programme_submit_to_council(programme=programme, actor=chair)
    lifecycle.programme_record_decision(
        programme=programme, actor=secretary, number="12", date=date(2019, 5, 28), session=SESSION
    )
    programme.refresh_from_db()
    return programme


@pytest.fixture
def approved(filled, aibek, kenesh):
    return approve(consulted(filled), aibek, kenesh)


def in_language(lang, text, **values):
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(lang):
        return gettext(text) % values if values else gettext(text)


def section_title(key, lang):
    from django.utils import translation

    spec = next(s for s in SECTIONS if s.key == key)
    with translation.override(lang):
        return f"{SECTIONS.index(spec) + 1}. {spec.title}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ky"])
def test_an_approved_version_shows_the_decision_signatures_and_consultation(
    language, approved, kenesh
):
    document = document_render(queued(approved, language, kenesh).pk)
    assert document.status == DocumentStatus.DONE, document.error
    pages = page_texts(pdf_of(document))
    title = flat(pages[0])
    decision = in_language(
        language,
        "Утверждена решением айылного кенеша № %(number)s от %(date)s",
        number="12",
        date="28.05.2019",
    )
    assert decision in title
    assert "№ 12" in title and "28.05.2019" in title
    assert SESSION in title
    # the signature block, with blank lines to sign on
    for text in ("СОГЛАСОВАНО", "УТВЕРЖДАЮ", "Председатель айылного кенеша", "Глава айыл окмоту"):
        assert in_language(language, text) in title, text
    if language == "ky":
        assert "МАКУЛДАШЫЛДЫ" in title and "БЕКИТЕМИН" in title
    assert title.count("____________________ / ____________________") == 2
    # an approved version is no draft
    text = flat(" ".join(pages))
    assert DRAFT_MARK not in text
    # the consultation summary: its own section with the proposal, its answer, the hearing
    heading = section_title("consultation", language)
    start = next(i for i, page in enumerate(pages) if page.startswith(heading + "\n"))
    summary = flat(" ".join(pages[start:]))
    assert PROPOSAL in summary
    assert (ANSWER_KY if language == "ky" else ANSWER_RU) in summary
    assert in_language(language, "принято") in summary
    assert "Реклама часов" not in text  # a hidden proposal is not in the document
    assert "14.05.2019" in summary
    hearing = "Көк-Жар айылынын маданият үйү" if language == "ky" else "Дом культуры села Кок-Жар"
    assert f"1 14.05.2019 {hearing} 41 37 78" in summary
    if language == "ky":
        assert HEARING_DECISIONS_KY in summary
    # its running header
    assert heading in pages[start].splitlines()[-2]


@pytest.mark.django_db
def test_both_languages_show_the_decision_and_the_summary_twice(approved, kenesh):
    document = document_render(queued(approved, "ru+ky", kenesh).pk)
    reader = PdfReader(document.file.path)
    pages = [page.extract_text() for page in reader.pages]
    title = flat(pages[0])
    for lang in ("ru", "ky"):
        assert (
            in_language(
                lang,
                "Утверждена решением айылного кенеша № %(number)s от %(date)s",
                number="12",
                date="28.05.2019",
            )
            in title
        )
    entries = toc_entries(pages)
    assert len(entries) == 2 * len(SECTIONS)
    titles = [title for title, _page in entries]
    assert section_title("consultation", "ru") in titles
    assert section_title("consultation", "ky") in titles
    # a bookmark per section and language
    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert section_title("consultation", "ru") in outline
    assert section_title("consultation", "ky") in outline
    text = flat(" ".join(pages))
    assert ANSWER_RU in text and ANSWER_KY in text


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "in_review", "public_consultation"])
def test_a_version_not_yet_approved_is_a_draft_without_a_decision(status, filled, aibek):
    from planning.models import CouncilDecision, Programme

    consulted(filled)
    Programme.objects.filter(pk=filled.pk).update(status=status)
    filled.refresh_from_db()
    # even a decision row (typed in the admin) is not shown before the version is approved
    CouncilDecision.objects.create(
        programme=filled, number="99", date=timezone.localdate(), session="—"
    )
    document = document_render(queued(filled, "ru", aibek).pk)
    pages = page_texts(pdf_of(document))
    assert all(DRAFT_MARK in page for page in pages)
    text = flat(" ".join(pages))
    assert "Утверждена решением" not in text and "№ 99" not in text
    # the consultation so far is in the draft too
    assert PROPOSAL in text and ANSWER_RU in text


@pytest.mark.django_db
def test_an_empty_consultation_summary_says_so(filled, aibek):
    document = document_render(queued(filled, "ru", aibek).pk)
    pages = page_texts(pdf_of(document))
    heading = section_title("consultation", "ru")
    page = next(page for page in pages if page.startswith(heading + "\n"))
    text = flat(page)
    assert "Обсуждение с населением ещё не проводилось" in text
    assert "Публичные слушания не записаны." in text
    assert "Опубликованных предложений жителей нет." in text


@pytest.mark.django_db
def test_the_content_hash_follows_the_decision_proposals_and_hearings(filled, aibek, kenesh):
    from planning.models import CitizenProposal, CouncilDecision, PublicHearing

    def digest(programme):
        programme.refresh_from_db()
        return service.content_hash(document_html(programme, "ru"), "ru")

    consulted(filled)
    hashes = [digest(filled)]
    # a new proposal waiting for moderation is not in the document: same content
    waiting = CitizenProposal.objects.create(
        programme=filled, text="Новое предложение", client_hash="c" * 64
    )
    assert digest(filled) == hashes[-1]
    waiting.status = "published"
    waiting.save()
    hashes.append(digest(filled))
    waiting.decision = "not_accepted"
    waiting.answer_ru = "Нет средств в этом периоде"
    waiting.save()
    hashes.append(digest(filled))
    hearing = PublicHearing.objects.get(programme=filled)
    hearing.women = 42
    hearing.save()
    hashes.append(digest(filled))
    approve(filled, aibek, kenesh)
    hashes.append(digest(filled))
    # a corrected decision (the admin's fix of a typo) is a new document too
    CouncilDecision.objects.filter(programme=filled).update(number="12-а")
    hashes.append(digest(filled))
    assert len(set(hashes)) == len(hashes)


@pytest.mark.django_db
def test_document_html_queries_do_not_grow_with_the_consultation(
    filled, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    from planning.models import CitizenProposal, PublicHearing

    consulted(filled)
    with CaptureQueriesContext(connection) as small:
        document_html(filled, "ru+ky")
    hearing = PublicHearing.objects.get(programme=filled)
    village = filled.passport.villages.create(name_ru="Жаңы-Жол")
    for n in range(20):
        CitizenProposal.objects.create(
            programme=filled,
            text=f"Предложение {n}",
            village=village,
            status="published",
            decision="partly",
            answer_ru=f"Ответ {n}",
            client_hash=f"{n:064d}",
        )
        PublicHearing.objects.create(
            programme=filled, date=hearing.date, place_ru=f"Место {n}", women=n, men=n
        )
    with django_assert_max_num_queries(len(small)):
        html = document_html(filled, "ru+ky")
    assert "Предложение 19" in html and "Место 19" in html


# --- (7) public downloads of an approved version -------------------------------------------------


def public_url(programme, document):
    return reverse(
        "planning:public_document", kwargs={"pk": programme.pk, "document_pk": document.pk}
    )


@pytest.mark.django_db
def test_anyone_downloads_a_document_of_an_approved_version(client, approved, kenesh):
    document = document_render(queued(approved, "ky", kenesh).pk)
    response = client.get(public_url(approved, document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "psep-kok-zhar-2020-2024-v1-ky.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # still public once the version is in implementation or superseded
    from planning.models import Programme

    for status in ("in_implementation", "superseded"):
        Programme.objects.filter(pk=approved.pk).update(status=status)
        assert client.get(public_url(approved, document)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", ["draft", "in_review", "public_consultation", "submitted_to_council"]
)
def test_documents_of_a_version_not_approved_are_not_public(status, client, filled, aibek, nurlan):
    from planning.models import Programme

    Programme.objects.filter(pk=filled.pk).update(status=status)
    filled.refresh_from_db()
    document = document_render(queued(filled, "ru", aibek).pk)
    assert document.is_done
    assert client.get(public_url(filled, document)).status_code == 404
    assert client_for(nurlan).get(public_url(filled, document)).status_code == 404
    # the documents page offers no public link
    page = client_for(aibek).get(reverse("planning:documents", kwargs={"pk": filled.pk}))
    assert public_url(filled, document) not in page.content.decode()
    # members still download it through the programme's own page
    url = reverse(
        "planning:document_download", kwargs={"pk": filled.pk, "document_pk": document.pk}
    )
    assert client_for(aibek).get(url).status_code == 200
    assert client.get(url).status_code == 302  # log in first


@pytest.mark.django_db
def test_no_public_download_of_another_programmes_or_an_unfinished_document(
    client, approved, kenesh, ak_tal_programme
):
    from planning.models import Programme

    done = document_render(queued(approved, "ru", kenesh).pk)
    waiting = queued(approved, "ky", kenesh)
    Document.objects.filter(pk=waiting.pk).update(started_at=timezone.now())
    failed = queued(approved, "ru+ky", kenesh)
    Document.objects.filter(pk=failed.pk).update(
        status="failed", error="Сбой", started_at=timezone.now()
    )
    assert client.get(public_url(approved, waiting)).status_code == 404
    assert client.get(public_url(approved, failed)).status_code == 404
    # Кок-Жар's document under Ак-Тал's programme, even an approved one
    Programme.objects.filter(pk=ak_tal_programme.pk).update(status="approved")
    assert client.get(public_url(ak_tal_programme, done)).status_code == 404
    # an unknown document
    assert (
        client.get(
            reverse("planning:public_document", kwargs={"pk": approved.pk, "document_pk": 999999})
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_document_rendered_before_the_approval_is_not_the_public_one(
    client, filled, aibek, kenesh
):
    consulted(filled)
    before = document_render(queued(filled, "ru", aibek).pk)
    approve(filled, aibek, kenesh)
    after = document_render(queued(filled, "ru", kenesh).pk)
    # the earlier one carries the draft mark and no decision: not the approved programme
    assert client.get(public_url(filled, before)).status_code == 404
    assert client.get(public_url(filled, after)).status_code == 200
    # the documents page gives the public link of the approved one only
    page = client_for(kenesh).get(reverse("planning:documents", kwargs={"pk": filled.pk}))
    body = page.content.decode()
    assert public_url(filled, after) in body and public_url(filled, before) not in body
    assert "Публичная ссылка для жителей" in body
    assert "Программа ещё не утверждена кенешем" not in body
    assert DRAFT_MARK in page_texts(pdf_of(before))[0]
    assert DRAFT_MARK not in page_texts(pdf_of(after))[0]


@pytest.mark.django_db
def test_the_public_download_is_refused_to_other_methods(client, approved, kenesh):
    document = document_render(queued(approved, "ru", kenesh).pk)
    assert client.post(public_url(approved, document)).status_code == 405


# --- (8) long documents laid out in parts (documents/layout) --------------------------------------


def outline_pages(reader) -> list[tuple[str, int]]:
    """(title, page number) of every bookmark, nested ones included, in order."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((str(item["/Title"]), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def link_pages(reader, page_number: int) -> list[int]:
    """The page numbers the internal links of a page lead to, in order."""
    targets = []
    for annotation in reader.pages[page_number - 1].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Link" or "/Dest" not in annotation:
            continue
        dest = annotation["/Dest"]
        if isinstance(dest, str):
            targets.append(reader.get_destination_page_number(reader.named_destinations[dest]) + 1)
        else:
            targets.append(reader.get_page_number(dest[0].get_object()) + 1)
    return targets


def words_by_page(pdf: bytes) -> list[list[str]]:
    """The words of every page, sorted: the same page drawn in another order (the page
    number after the section page rather than beside the draft mark) reads the same."""
    return [sorted(text.split()) for text in page_texts(pdf)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru+ky", "ky"])
def test_parts_give_the_same_document_as_one_process(settings, filled, aibek, language, caplog):
    settings.DOCUMENT_RENDER_PROCESSES = 1
    whole = document_render(queued(filled, language, aibek).pk)
    settings.DOCUMENT_RENDER_PROCESSES = 3
    parts = document_render(queued(filled, language, aibek).pk)
    assert whole.status == parts.status == DocumentStatus.DONE, (whole.error, parts.error)
    # really in parts, with no fall-back to one process
    assert "rendering in one process" not in caplog.text
    assert "pages in 3 processes" in caplog.text

    assert parts.pages == whole.pages
    assert words_by_page(pdf_of(parts)) == words_by_page(pdf_of(whole))
    whole_reader, parts_reader = PdfReader(whole.file.path), PdfReader(parts.file.path)
    assert outline_pages(parts_reader) == outline_pages(whole_reader)
    # the contents' links lead where the contents say, in both
    pages = page_texts(pdf_of(parts))
    numbers = [page for _title, page in toc_entries(pages)]
    assert len(numbers) == len(SECTIONS) * len(language.split("+"))
    assert link_pages(parts_reader, 2) == link_pages(whole_reader, 2)
    assert sorted(set(link_pages(parts_reader, 2))) == numbers
    # every part's subset of a font has a tag of its own
    import pikepdf

    with pikepdf.open(parts.file.path) as assembled:
        subsets = [
            str(obj["/BaseFont"])
            for obj in assembled.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type0"
        ]
        assert not assembled.check_pdf_syntax()
    assert len(subsets) > 2 and len(subsets) == len(set(subsets)), subsets
    # PDF/A-3b and the document's metadata come with the frame
    xmp = parts_reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    assert parts_reader.metadata.author == whole_reader.metadata.author
    assert parts_reader.trailer["/Root"]["/Lang"] == whole_reader.trailer["/Root"]["/Lang"]


@pytest.mark.django_db
def test_every_page_says_its_number_and_the_total_when_laid_out_in_parts(settings, filled, aibek):
    settings.DOCUMENT_RENDER_PROCESSES = 2
    document = document_render(queued(filled, "ru+ky", aibek).pk)
    pages = page_texts(pdf_of(document))
    for number, text in enumerate(pages[1:], start=2):
        assert (
            f"стр. {number} из {len(pages)}" in text
            or f"{number}-бет, бардыгы {len(pages)}" in text
        ), (number, text)
        assert DRAFT_MARK in text


def test_sections_are_shared_by_size_each_share_in_document_order():
    from types import SimpleNamespace

    from documents.layout.parts import share

    sections = [SimpleNamespace(anchor=str(n), html="x" * size) for n, size in
                enumerate([10, 900, 30, 850, 40, 20])]  # fmt: skip
    shares = share(sections, 2)
    assert [[s.anchor for s in group] for group in shares] == [["0", "1", "5"], ["2", "3", "4"]]
    assert share(sections, 1) == [sections]
    assert len(share(sections, 10)) == len(sections)
    assert share([], 4) == []


def test_the_number_of_processes_follows_the_setting(settings):
    from documents.layout.parts import MAX_PROCESSES, processes_available

    settings.DOCUMENT_RENDER_PROCESSES = 1
    assert processes_available() == 1
    settings.DOCUMENT_RENDER_PROCESSES = 3
    assert processes_available() == 3
    settings.DOCUMENT_RENDER_PROCESSES = 0
    assert processes_available() == min(len(os.sched_getaffinity(0)), MAX_PROCESSES)


@pytest.mark.django_db
def test_a_part_that_fails_fails_the_document_with_its_error(
    settings, filled, aibek, monkeypatch, caplog
):
    from documents.layout import parts as pdf

    settings.DOCUMENT_RENDER_PROCESSES = 2
    real = pdf.weasyprint_html

    def broken_in_parts(html):
        if 'class="title-page' not in html:  # a share of the sections, laid out in a child process
            raise ValueError("la mise en page a échoué")
        return real(html)

    monkeypatch.setattr(pdf, "weasyprint_html", broken_in_parts)
    document = document_render(queued(filled, "ru", aibek).pk)
    failed_with(document, caplog, "PartFailed: ValueError: la mise en page a échoué")
    assert not [p for p in billiard.active_children() if p.name == "psep-pdf-part"]


@pytest.mark.django_db
def test_a_part_whose_process_dies_fails_the_document(settings, filled, aibek, monkeypatch, caplog):
    from documents.layout import parts as pdf

    settings.DOCUMENT_RENDER_PROCESSES = 2
    monkeypatch.setattr(pdf, "_part", lambda connection, html: os._exit(3))
    document = document_render(queued(filled, "ru", aibek).pk)
    failed_with(document, caplog, "PartFailed: a rendering process stopped (exit code 3)")


@pytest.mark.django_db
def test_parts_are_not_traced_by_tracemalloc_of_their_parent(
    settings, filled, aibek, monkeypatch, caplog
):
    from documents.layout import parts as pdf

    settings.DOCUMENT_RENDER_PROCESSES = 2

    def report(connection, html):
        connection.send(("error", f"tracing: {tracemalloc.is_tracing()}"))

    monkeypatch.setattr(pdf, "_part", report)
    tracemalloc.start()
    try:
        document = document_render(queued(filled, "ru", aibek).pk)
    finally:
        tracemalloc.stop()
    failed_with(document, caplog, "PartFailed: tracing: False")


@pytest.mark.django_db
def test_a_frame_that_does_not_match_falls_back_to_one_process(
    settings, filled, aibek, monkeypatch, caplog
):
    from documents.layout import parts as pdf

    settings.DOCUMENT_RENDER_PROCESSES = 2

    def mismatch(*args):
        raise pdf.FrameMismatch("a page of the frame does not have the size of its section page")

    monkeypatch.setattr(pdf, "_check_frame", mismatch)
    document = document_render(queued(filled, "ru", aibek).pk)
    assert document.status == DocumentStatus.DONE
    assert "rendering in one process" in caplog.text
    pages = page_texts(pdf_of(document))
    assert document.pages == len(pages)
    assert f"стр. 2 из {len(pages)}" in pages[1]


@pytest.mark.django_db
def test_the_time_limit_stops_the_processes_laying_out_parts(settings, filled, aibek, monkeypatch):
    from documents.layout import parts as pdf

    settings.DOCUMENT_RENDER_PROCESSES = 2
    monkeypatch.setattr(pdf, "_part", lambda connection, html: time.sleep(60))

    def time_is_up(connections, timeout=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pdf, "wait", time_is_up)
    started = time.monotonic()
    document = document_render(queued(filled, "ru", aibek).pk)
    assert document.status == DocumentStatus.FAILED
    assert document.error == (
        "Превышено время формирования документа (300 с). / "
        "Документти түзүү убактысы ашып кетти (300 сек.)."
    )
    assert not [p for p in billiard.active_children() if p.name == "psep-pdf-part"]
    assert time.monotonic() - started < 30  # the sleeping parts were stopped, not waited for


def _stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state, ppid, …), or None."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def _children_of(pid: int) -> list[int]:
    """The live (not zombie) processes whose parent is `pid` (Linux /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        fields = _stat(entry.name) if entry.name.isdigit() else None
        if fields is not None and int(fields[1]) == pid and fields[0] != "Z":
            children.append(int(entry.name))
    return children


def _sleeping_parts(monkeypatch, seconds: int):
    """A document of two sections whose parts sleep instead of laying out."""
    from types import SimpleNamespace

    from documents.layout import parts as pdf

    monkeypatch.setattr(pdf, "_part", lambda connection, html: time.sleep(seconds))
    return SimpleNamespace(
        sections=[SimpleNamespace(anchor=f"s{n}", html="x" * 10) for n in range(2)],
        sections_html=lambda sections: "<p>x</p>",
        whole_html=lambda: "<p>x</p>",
        frame_html=lambda pages, first_number: "<p>front</p>",
    )


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_parts_die_with_a_worker_killed_at_the_hard_time_limit(monkeypatch):
    """A Celery worker process is killed (SIGKILL) at the hard time limit: the processes it
    started to lay out parts must not go on working for nobody."""
    import signal

    from documents.layout import parts as pdf

    source = _sleeping_parts(monkeypatch, 120)
    worker = billiard.get_context("fork").Process(target=pdf.render, args=(source, 2))
    worker.start()
    deadline = time.monotonic() + 20
    parts = []
    while len(parts) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        parts = _children_of(worker.pid)
    assert len(parts) == 2
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in parts) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in parts if _alive(pid)]


def test_parts_not_rendered_in_time_fail_and_are_stopped(monkeypatch):
    from documents.layout import parts as pdf

    source = _sleeping_parts(monkeypatch, 60)
    started = time.monotonic()
    with pytest.raises(pdf.PartFailed, match="not rendered in time"):
        pdf.render(source, 2, timeout=1)
    assert time.monotonic() - started < 20
    assert not [p for p in billiard.active_children() if p.name == "psep-pdf-part"]
