"""The documents engine (documents/): a kind of document registered by another app is rendered in
Russian, Kyrgyz and both through the same pipeline as the programme; the programme documents
moved into it with nothing lost; a worker killed while rendering leaves nothing for a person
to retry; two workers never render the same document."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pypdf import PdfReader

from common.registry import AlreadyRegistered
from documents import kinds as registry
from documents.kinds import DocumentKind, kinds
from documents.models import Document, DocumentStatus
from documents.services import document_request
from documents.tasks import render_document
from tests.extension_app.documents import KIND as PLEDGE_SHEET
from tests.extension_app.models import CommunityPledge
from tests.workers import Workers, skip_without_postgresql, wait_for


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pledge(programme):
    return CommunityPledge.objects.create(programme=programme, village="Жаңы-Жол", labour_days=120)


def texts(document) -> list[str]:
    with document.file.open("rb") as handle:
        reader = PdfReader(handle)
        return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


# --- a kind of another app, through the real pipeline ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("ru", ["Село Жаңы-Жол обещает 120 дней бесплатного труда."], ["күн акысыз"]),
        ("ky", ["Жаңы-Жол айылы 120 күн акысыз эмгек берет."], ["дней бесплатного"]),
        (
            "ru+ky",
            [
                "Село Жаңы-Жол обещает 120 дней бесплатного труда.",
                "Жаңы-Жол айылы 120 күн акысыз эмгек берет.",
                "Содержание / Мазмуну",
            ],
            [],
        ),
    ],
)
def test_a_kind_of_another_app_is_rendered_in_each_language(
    pledge, aibek, language, expected, not_expected, django_capture_on_commit_callbacks
):
    kind = kinds[PLEDGE_SHEET]
    # asked for, sent to the task once committed (run here at once: no broker in unit tests)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=kind, obj=pledge, language=language, actor=aibek)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    assert (document.kind, document.object_id) == (PLEDGE_SHEET, pledge.pk)
    assert document.file.name.endswith(
        f"pledge-{pledge.pk}-{language.replace('+', '-')}-{document.pk}.pdf"
    )
    pages = texts(document)
    assert document.pages == len(pages)
    whole = " ".join(pages)
    for text in expected:
        assert text in whole
    for text in not_expected:
        assert text not in whole
    # numbered in the language of each page, "N of all"
    if "ru" in language.split("+"):
        assert f"стр. 2 из {len(pages)}" in pages[1]
    if "ky" in language.split("+"):
        assert f"{len(pages)}-бет, бардыгы {len(pages)}" in pages[-1]
    # the same request again: the finished document, not a new rendering
    again = document_request(kind=kind, obj=pledge, language=language, actor=aibek)
    assert again.reused and again.pk == document.pk
    # its object gone, its rows go
    CommunityPledge.objects.filter(pk=pledge.pk).delete()
    assert not Document.objects.filter(kind=PLEDGE_SHEET).exists()


def test_a_kind_is_registered_once():
    with pytest.raises(AlreadyRegistered):
        registry.register(kinds[PLEDGE_SHEET])
    extra = DocumentKind(
        key="pledge-copy",
        model=CommunityPledge,
        label="copy",
        book=kinds[PLEDGE_SHEET].book,
        can_view=lambda user, obj: True,
        file_name=lambda document, obj: "copy.pdf",
    )
    registry.register(extra)
    try:
        assert kinds["pledge-copy"] is extra
    finally:
        registry.unregister("pledge-copy")
    assert "pledge-copy" not in kinds


# --- the programme documents moved into the engine --------------------------------------------

BEFORE = [("planning", "0007_people_are_deactivated"), ("documents", "0001_documents")]


@pytest.mark.django_db(transaction=True)
def test_the_programme_documents_move_with_nothing_lost(media_root, geography):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        municipality = old.get_model("municipalities", "Municipality").objects.get(slug="kok-zhar")
        user = old.get_model("municipalities", "User").objects.create(
            email="kenesh@psep.example", full_name="Жылдыз Садыкова"
        )
        programme = old.get_model("planning", "Programme").objects.create(
            municipality=municipality,
            title="ПСЭР",
            title_ru="ПСЭР",
            start_year=2020,
            end_year=2024,
            status="approved",
        )
        folder = Path(media_root) / "documents/2019"
        folder.mkdir(parents=True)
        (folder / "psep-kok-zhar-ru.pdf").write_bytes(b"%PDF-1.7 the official document")
        old_document = old.get_model("planning", "ProgrammeDocument")
        done = old_document.objects.create(
            programme=programme,
            language="ru",
            status="done",
            requested_by=user,
            file="documents/2019/psep-kok-zhar-ru.pdf",
            size=31,
            sha256="a" * 64,
            pages=26,
            duration_ms=2100,
            attempts=1,
            content_hash="b" * 64,
        )
        failed = old_document.objects.create(
            programme=programme,
            language="ru+ky",
            status="failed",
            error="Сбой / Ката",
            content_hash="c" * 64,
        )
        rows = {
            row["id"]: row
            for row in old_document.objects.values()
            if row["id"] in (done.pk, failed.pk)
        }
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)

    moved = {document.pk: document for document in Document.objects.all()}
    assert set(moved) == set(rows)
    for pk, row in rows.items():
        document = moved[pk]
        assert (document.kind, document.object_id) == ("programme", row["programme_id"])
        values = Document.objects.filter(pk=pk).values().get()
        for name, value in row.items():
            if name not in ("id", "programme_id"):
                assert values[name] == value, name
    # the file is where it was, and the programme's page serves it
    assert moved[done.pk].file.open("rb").read() == b"%PDF-1.7 the official document"
    # a new document gets an id after the moved ones
    assert Document.objects.create(
        kind="programme", object_id=programme.pk, language="ky", content_hash="d"
    ).pk > max(rows)
    call_command("flush", "--noinput", verbosity=0)


# --- real workers: killed mid-render, and two at once ------------------------------------------


@pytest.fixture
def workers(transactional_db, tmp_path, media_root, monkeypatch):
    skip_without_postgresql()
    workers = Workers(tmp_path, media_root)
    monkeypatch.setattr(render_document, "delay", lambda pk: workers.send(render_document, pk))
    yield workers
    workers.stop()


def _status(document) -> str:
    document.refresh_from_db()
    return document.status


@pytest.mark.integration
def test_a_worker_killed_mid_render_leaves_nothing_to_retry(workers, pledge, aibek):
    name = f"{workers.queue}@%h"
    first = workers.start(name=name, env={"PLEDGE_SHEET_SECONDS": "60"})
    document = document_request(kind=kinds[PLEDGE_SHEET], obj=pledge, language="ru+ky", actor=aibek)
    taken = wait_for(
        lambda: _status(document) == DocumentStatus.RENDERING, seconds=60, processes=[first]
    )
    assert taken, workers.output(first)
    workers.kill(first)
    assert _status(document) == DocumentStatus.RENDERING  # nobody is left to say otherwise
    claimed_by = document.worker
    assert claimed_by.startswith(workers.queue + "@")

    # the same worker starts again: it queues what it left unfinished and renders it
    second = workers.start(name=name)
    finished = wait_for(
        lambda: _status(document) == DocumentStatus.DONE, seconds=120, processes=[second]
    )
    assert finished, f"{document.status} {document.error}\n{workers.output(second)}"
    document.refresh_from_db()
    assert document.attempts == 2 and document.requested_by == aibek
    assert "Жаңы-Жол айылы 120 күн акысыз эмгек берет." in " ".join(texts(document))


@pytest.mark.integration
def test_two_workers_never_render_the_same_document(workers, programme, aibek):
    slow = {"PLEDGE_SHEET_SECONDS": "1"}
    first = workers.start(name=f"a-{workers.queue}@%h", env=slow)
    second = workers.start(name=f"b-{workers.queue}@%h", env=slow)
    pledges = [
        CommunityPledge.objects.create(programme=programme, village=f"Село {n}", labour_days=n)
        for n in range(1, 5)
    ]
    documents = [
        document_request(kind=kinds[PLEDGE_SHEET], obj=pledge, language="ru", actor=aibek)
        for pledge in pledges
    ]
    # every document sent twice more, as a broker that delivers again or a worker that starts
    # again would
    for document in documents:
        workers.send(render_document, document.pk)
        workers.send(render_document, document.pk)
    done = wait_for(
        lambda: all(_status(d) == DocumentStatus.DONE for d in documents),
        seconds=180,
        processes=[first, second],
    )
    logs = workers.output(first) + workers.output(second)
    assert done, logs
    for document in documents:
        document.refresh_from_db()
        assert document.attempts == 1, logs
    rendered = re.findall(r"document \d+ rendered: ", logs)
    assert len(rendered) == len(documents), rendered
    # every message beyond the first found its document taken (a worker that starts sends the
    # waiting ones again too)
    assert logs.count("is not waiting to be rendered") >= 2 * len(documents)
