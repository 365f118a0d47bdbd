"""Documents of every kind: asking for one, rendering it, and keeping the queue honest.

`document_request` records a request (or returns the existing document when the same content was
already rendered in that language) and, once the transaction commits, says the document is
queued (`signals.document_queued`; the Celery task module listens and sends the task).
`document_render` is what the task runs: the kind (documents.kinds) makes the book, the layout
turns it into a PDF, and the file, its size, SHA-256, page count and time taken are recorded —
or a plain reason in Russian and Kyrgyz, the details going to the log only. Nothing stays
"rendering" after an error.

A worker that dies while rendering cannot say so. Each document records the worker that took it
(`worker`, the Celery node name): when that worker starts again it puts back in the queue what it
left unfinished (`documents_resume`), and a periodic job (`documents_check`, Celery beat) puts
back documents still "rendering" past the task's hard time limit — no live worker renders them
any more — and fails those no worker took for long while nothing rendered at all. Only a queued
document can be taken (one UPDATE that claims it), so two workers never render the same one."""

import hashlib
import logging
import time
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .kinds import DocumentKind, documents_of, kind_of
from .layout import render as render_pdf
from .models import DOCUMENT_PENDING_STATUSES, QUEUE_LIMIT, Document, DocumentStatus
from .signals import document_finished, document_queued

logger = logging.getLogger(__name__)

# Errors worth another attempt (a full disk, a file system or network hiccup): the task
# retries them a few times; anything else fails the document at once.
TRANSIENT_ERRORS = (OSError,)

# Time limits of the rendering task (seconds). A document still "rendering" after the hard
# limit (and a minute's grace) belongs to no live worker: the periodic check queues it again.
SOFT_TIME_LIMIT = 300
TIME_LIMIT = 360
LOST_AFTER = timedelta(seconds=TIME_LIMIT + 60)
# A queued or rendering document with the same content is returned for this long instead of
# queueing another; after that, a new request queues a new one.
PENDING_REUSE = timedelta(seconds=TIME_LIMIT)
# A document taken this many times without finishing is failed: what stops its workers (memory,
# a crash in the layout) would stop the next one too.
MAX_ATTEMPTS = 6


def in_both_languages(message, **params) -> str:
    """A message of the portal's own about a document, "in Russian / in Kyrgyz": it is saved
    once and read on the documents page in either language."""
    texts = []
    for lang in ("ru", "ky"):
        with translation.override(lang):
            texts.append(str(message) % params if params else str(message))
    return " / ".join(texts)


def content_hash(html: str, language: str) -> str:
    return hashlib.sha256(f"{language}\n{html}".encode()).hexdigest()


def reuse_key(kind: DocumentKind, obj, language: str) -> str:
    """What makes two requests "unchanged": the kind's own key, else the SHA-256 of the whole
    document's HTML in that language."""
    if kind.reuse_key is not None:
        return kind.reuse_key(obj, language)
    return content_hash(kind.book(obj, language).whole_html(), language)


# --- asking -----------------------------------------------------------------------------------


def _check_access(kind: DocumentKind, obj, actor) -> None:
    if actor is None or not kind.can_view(actor, obj):
        raise PermissionDenied(_("У вас нет доступа к этому документу."))


def _queued(document_id: int) -> None:
    """Say, once the transaction has committed, that a document waits for a worker. If the task
    cannot be sent (the broker is down), the document fails with the reason, so that it can be
    retried, instead of waiting in the queue for ever."""
    try:
        document_queued.send(sender=Document, document_id=document_id)
    except Exception:
        logger.exception("could not send the rendering task of document %s", document_id)
        Document.objects.filter(pk=document_id, status=DocumentStatus.QUEUED).update(
            status=DocumentStatus.FAILED,
            finished_at=timezone.now(),
            error=in_both_languages(
                gettext_lazy(
                    "Очередь заданий недоступна. Повторите позже или сообщите администратору."
                )
            ),
        )


def _reusable(kind: DocumentKind, obj, language: str, digest: str) -> Document | None:
    """A document of the same content in the same language: a finished one whose file is still
    there, or one being rendered right now."""
    recent = timezone.now() - PENDING_REUSE
    candidates = (
        documents_of(kind, obj)
        .filter(language=language, content_hash=digest)
        .filter(
            Q(status=DocumentStatus.DONE)
            | Q(status__in=DOCUMENT_PENDING_STATUSES, requested_at__gte=recent)
        )
        .annotate(
            done_first=Case(
                When(status=DocumentStatus.DONE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("done_first", "-requested_at", "-id")
    )
    for document in candidates[:5]:
        if not document.is_done or document.file.storage.exists(document.file.name):
            return document
    return None


def document_request(*, kind: DocumentKind, obj, language: str, actor) -> Document:
    """A document of `obj` in `language` (one of the kind's). When the same content was already
    rendered in that language (or is being rendered), that document is returned with
    `reused = True`; otherwise a queued document, sent to a worker once the transaction
    commits."""
    _check_access(kind, obj, actor)
    if language not in kind.languages:
        raise ValidationError(
            {"language": _("Выберите язык документа: русский, кыргызский или оба.")}
        )
    digest = reuse_key(kind, obj, language)
    existing = _reusable(kind, obj, language, digest)
    if existing is not None:
        existing.reused = True
        return existing
    with transaction.atomic():
        document = Document.objects.create(
            kind=kind.key,
            object_id=obj.pk,
            language=language,
            requested_by=actor,
            content_hash=digest,
        )
        transaction.on_commit(lambda: _queued(document.pk))
    document.reused = False
    return document


def document_retry(*, document: Document, obj, actor) -> Document:
    """A failed document goes back into the queue; it is sent to a worker once the transaction
    commits."""
    _check_access(kind_of(document), obj, actor)
    with transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, status=DocumentStatus.FAILED).update(
            status=DocumentStatus.QUEUED,
            error="",
            requested_by=actor,
            requested_at=timezone.now(),
            started_at=None,
            finished_at=None,
            duration_ms=None,
            worker="",
        )
        if not updated:
            raise ValidationError(
                _("Повторить можно только документ, который не удалось сформировать.")
            )
        transaction.on_commit(lambda: _queued(document.pk))
    document.refresh_from_db()
    return document


# --- documents no live worker will finish -------------------------------------------------------

MESSAGE_RESUMED = gettext_lazy(
    "Обработчик заданий остановился, не закончив документ: документ снова в очереди."
)
MESSAGE_GAVE_UP = gettext_lazy(
    "Документ не удалось сформировать: обработчик заданий останавливался %(times)s раз, не "
    "закончив его. Сообщите администратору."
)
MESSAGE_NO_WORKER = gettext_lazy(
    "Документ не начали формировать за %(minutes)s мин: обработчик заданий, похоже, не "
    "запущен. Повторите позже или сообщите администратору."
)


def _requeue(documents) -> list[int]:
    """Put documents that their worker left unfinished back in the queue (or fail those taken
    too often), then send them once the transaction commits. Returns the ids sent again."""
    now = timezone.now()
    ids = list(documents.values_list("pk", flat=True))
    if not ids:
        return []
    again = Document.objects.filter(pk__in=ids, status=DocumentStatus.RENDERING)
    gave_up = again.filter(attempts__gte=MAX_ATTEMPTS)
    for document in gave_up:
        logger.error("document %s gave up after %s attempts", document.pk, document.attempts)
    gave_up.update(
        status=DocumentStatus.FAILED,
        finished_at=now,
        worker="",
        error=in_both_languages(MESSAGE_GAVE_UP, times=MAX_ATTEMPTS),
    )
    resent = list(again.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    Document.objects.filter(pk__in=resent, status=DocumentStatus.RENDERING).update(
        status=DocumentStatus.QUEUED,
        worker="",
        started_at=now,
        error=in_both_languages(MESSAGE_RESUMED),
    )
    for document_id in resent:
        logger.warning("document %s left unfinished by its worker: queued again", document_id)
        transaction.on_commit(lambda document_id=document_id: _queued(document_id))
    return resent


@transaction.atomic
def documents_resume(*, worker: str, started_at=None) -> list[int]:
    """When a worker starts: the documents it had taken and not finished (it was killed while
    rendering them) go back into the queue, and documents queued before it started are sent
    again, since a message a dead worker had taken off a broker that keeps nothing
    (the embedded default's) is lost. A message sent twice does no harm: only a queued
    document is taken. Returns the ids sent again."""
    resent = _requeue(Document.objects.filter(status=DocumentStatus.RENDERING, worker=worker))
    waiting = Document.objects.filter(status=DocumentStatus.QUEUED)
    if started_at is not None:
        waiting = waiting.filter(requested_at__lt=started_at)
    for document_id in waiting.exclude(pk__in=resent).values_list("pk", flat=True):
        transaction.on_commit(lambda document_id=document_id: _queued(document_id))
        resent.append(document_id)
    return resent


@transaction.atomic
def documents_check(now=None) -> dict[str, list[int]]:
    """The periodic check (Celery beat, never a page view): documents still "rendering" past the
    task's hard time limit are queued again (no live worker renders them: the limit stopped
    it); documents no worker took within QUEUE_LIMIT, while no document at all started
    rendering meanwhile, are failed with the reason (no worker running; a long queue behind a
    working worker is left alone)."""
    now = now or timezone.now()
    lost = Document.objects.filter(status=DocumentStatus.RENDERING, started_at__lt=now - LOST_AFTER)
    resent = _requeue(lost)
    waited = now - QUEUE_LIMIT
    never_taken = Document.objects.filter(
        Q(status=DocumentStatus.QUEUED, requested_at__lt=waited)
        & (Q(started_at__isnull=True) | Q(started_at__lt=waited))
    )
    failed: list[int] = []
    if not Document.objects.filter(started_at__gte=waited).exists():
        failed = list(never_taken.values_list("pk", flat=True))
        Document.objects.filter(pk__in=failed, status=DocumentStatus.QUEUED).update(
            status=DocumentStatus.FAILED,
            finished_at=now,
            error=in_both_languages(
                MESSAGE_NO_WORKER, minutes=int(QUEUE_LIMIT.total_seconds() // 60)
            ),
        )
    return {"queued again": resent, "failed": failed}


# --- rendering (the Celery task calls this) -------------------------------------------------------

MESSAGE_TIME = gettext_lazy("Превышено время формирования документа (%(seconds)s с).")
MESSAGE_TRANSIENT = gettext_lazy("Временная ошибка при сохранении документа, будет новая попытка.")
MESSAGE_FAILED = gettext_lazy(
    "Документ не удалось сформировать из-за ошибки на сервере. Повторите позже; если ошибка "
    "повторится, сообщите администратору (документ № %(number)s)."
)
MESSAGE_FILE = gettext_lazy(
    "Документ не удалось сохранить: файловое хранилище недоступно или переполнено. Повторите "
    "позже или сообщите администратору."
)


def _reason(exc: BaseException, document_id: int) -> str:
    """What the people who asked read, in both languages: never the exception's own text
    (class names, file paths), which goes to the log."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return in_both_languages(MESSAGE_TIME, seconds=SOFT_TIME_LIMIT)
    if isinstance(exc, TRANSIENT_ERRORS):
        return in_both_languages(MESSAGE_FILE)
    return in_both_languages(MESSAGE_FAILED, number=document_id)


def document_render(
    document_id: int, *, will_retry: bool = False, worker: str = ""
) -> Document | None:
    """Render a queued document (by the worker named `worker`). On success the document is done
    with its file, size, SHA-256, page count and time taken. On any error it is failed with a
    plain reason — except a transient error that the task will retry (`will_retry`), which
    puts it back in the queue; transient errors are raised again for the task to retry. Returns
    the document (None if it is gone, or not waiting to be rendered: finished, or taken by
    another worker)."""
    started = timezone.now()
    # a queued document, or one whose worker was lost: still "rendering" past the hard time
    # limit, which stops every live worker's task (its message is delivered again). Not one
    # being rendered now: a second message for it must not render it twice.
    cut_off = Q(
        status=DocumentStatus.RENDERING, started_at__lt=started - timedelta(seconds=TIME_LIMIT)
    )
    claimed = Document.objects.filter(
        Q(status=DocumentStatus.QUEUED) | cut_off, pk=document_id
    ).update(
        status=DocumentStatus.RENDERING,
        started_at=started,
        finished_at=None,
        worker=worker,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        logger.info("document %s is not waiting to be rendered: nothing to do", document_id)
        return None
    document = Document.objects.get(pk=document_id)
    kind = kind_of(document)
    clock = time.perf_counter()
    saved_name = ""
    try:
        obj = kind.get(document.object_id)
        book = kind.book(obj, document.language)
        html = book.whole_html()
        pdf, pages = render_pdf(book)
        name = kind.file_name(document, obj).removesuffix(".pdf") + f"-{document.pk}.pdf"
        saved_name = document.file.storage.save(
            document.file.field.generate_filename(document, name), ContentFile(pdf)
        )
        with transaction.atomic():
            Document.objects.filter(pk=document_id).update(
                status=DocumentStatus.DONE,
                file=saved_name,
                size=len(pdf),
                sha256=hashlib.sha256(pdf).hexdigest(),
                pages=pages,
                content_hash=content_hash(html, document.language)
                if kind.reuse_key is None
                else kind.reuse_key(obj, document.language),
                duration_ms=round((time.perf_counter() - clock) * 1000),
                finished_at=timezone.now(),
                error="",
            )
            document_finished.send(
                sender=Document,
                kind=document.kind,
                object_id=document.object_id,
                document_id=document_id,
            )
    except Exception as exc:
        if saved_name:
            document.file.storage.delete(saved_name)
        transient = isinstance(exc, TRANSIENT_ERRORS)
        retrying = transient and will_retry
        logger.exception(
            "document %s (%s %s, %s) could not be rendered%s",
            document_id,
            document.kind,
            document.object_id,
            document.language,
            " (will retry)" if retrying else "",
        )
        Document.objects.filter(pk=document_id).update(
            status=DocumentStatus.QUEUED if retrying else DocumentStatus.FAILED,
            error=in_both_languages(MESSAGE_TRANSIENT) if retrying else _reason(exc, document_id),
            duration_ms=round((time.perf_counter() - clock) * 1000),
            finished_at=None if retrying else timezone.now(),
            worker="",
        )
        if transient:
            raise
        document.refresh_from_db()
        return document
    document.refresh_from_db()
    logger.info(
        "document %s rendered: %s pages, %s bytes, %s ms",
        document_id,
        document.pages,
        document.size,
        document.duration_ms,
    )
    return document
