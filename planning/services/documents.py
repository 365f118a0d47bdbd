"""Programme documents: the whole programme as a PDF in Russian, Kyrgyz or both.

`document_request` records a request and sends the Celery task once the transaction commits
(or returns the existing document when the same content was already rendered in that
language); `document_render` is what the task runs: it renders the document's HTML from
templates/planning/document/ inside `translation.override(lang)` for each language, turns it
into a PDF with WeasyPrint and records the file, its size, SHA-256, page count and time taken —
or the error, so that nothing fails silently and nothing stays "rendering"."""

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.models import Municipality
from municipalities.permissions import Need, can

from ..models import (
    CouncilDecision,
    DocumentLanguage,
    DocumentStatus,
    Programme,
    ProgrammeDocument,
)
from ..models.documents import DOCUMENT_PENDING_STATUSES, QUEUE_LIMIT
from ..pdf import font_paths
from ..pdf import render as render_pdf
from ..selectors.documents import document_consultation, document_data, document_finance

logger = logging.getLogger(__name__)

# Errors worth another attempt (a full disk, a file system or network hiccup): the task
# retries them a few times; anything else fails the document at once.
TRANSIENT_ERRORS = (OSError,)

# Time limits of the rendering task (seconds); a document still "rendering" well after the
# hard limit belonged to a worker that died, and is marked failed (`documents_fail_stale`).
SOFT_TIME_LIMIT = 300
TIME_LIMIT = 360
# A queued or rendering document with the same content is returned for this long instead of
# queueing another; after that, a new request queues a new job (the old one may be lost).
PENDING_REUSE = timedelta(seconds=TIME_LIMIT)

# The draft mark is the same in every document, in both languages, like a stamp.
DRAFT_MARK = "ЧЕРНОВИК / ДОЛБООР"

ERROR_MAX_CHARS = 2000


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str  # lazy: translated in the language of the section


SECTIONS = [
    SectionSpec("passport", gettext_lazy("Паспорт муниципалитета")),
    SectionSpec("analysis", gettext_lazy("Анализ текущей ситуации по сферам")),
    SectionSpec("swot", gettext_lazy("SWOT-анализ")),
    SectionSpec("vision", gettext_lazy("Видение и общая цель")),
    SectionSpec("strategy", gettext_lazy("Направления развития, цели и задачи")),
    SectionSpec("plan", gettext_lazy("План мероприятий")),
    SectionSpec("joint", gettext_lazy("План совместных действий ОМСУ и населения (ПСД)")),
    SectionSpec("indicators", gettext_lazy("План мониторинга и оценки: индикаторы")),
    SectionSpec("finance", gettext_lazy("Финансовая модель")),
    SectionSpec("workgroup", gettext_lazy("Рабочая группа")),
    SectionSpec("consultation", gettext_lazy("Итоги обсуждения с населением")),
]


@dataclass
class RenderedSection:
    key: str
    lang: str
    number: int
    title: str
    anchor: str
    html: str


# --- the HTML -------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_label_css(lang: str, total: int | None = None) -> str:
    """CSS `content` of the page number in the page footer, from the translated
    "стр. %(page)s из %(pages)s", e.g. `"стр. " counter(page) " из " counter(pages)`, or with
    the number of pages given (`total`), which WeasyPrint then need not count first."""
    with translation.override(lang):
        label = _("стр. %(page)s из %(pages)s")
    parts = []
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    if total is not None:
        counters["%(pages)s"] = _css_string(str(total))
    for piece in re.split(r"(%\(pages?\)s)", label):
        if piece in counters:
            parts.append(counters[piece])
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def _signatories(municipality) -> tuple[str, str]:
    """Who signs the title page: the chair of the council ("СОГЛАСОВАНО") and the head of the
    executive ("УТВЕРЖДАЮ"), in the active language."""
    if municipality.kind == Municipality.Kind.TOWN:
        return _("Председатель городского кенеша"), _("Мэр города")
    return _("Председатель айылного кенеша"), _("Глава айыл окмоту")


def _decision_text(decision: CouncilDecision | None, municipality) -> str:
    """«Утверждена решением айылного кенеша № 12 от 28.05.2019», in the active language."""
    if decision is None:
        return ""
    values = {"number": decision.number, "date": f"{decision.date:%d.%m.%Y}"}
    if municipality.kind == Municipality.Kind.TOWN:
        return _("Утверждена решением городского кенеша № %(number)s от %(date)s") % values
    return _("Утверждена решением айылного кенеша № %(number)s от %(date)s") % values


def _title_texts(programme: Programme, lang: str, decision: CouncilDecision | None) -> dict:
    """What the title page says in one language."""
    municipality = programme.municipality
    with translation.override(lang):
        title = getattr(programme, f"title_{lang}") or programme.title_ru or programme.title_ky
        council_chair, head = _signatories(municipality)
        return {
            "lang": lang,
            "acronym": _("ПСЭР"),
            "oblast": municipality.district.oblast.name,
            "district": municipality.district.name,
            "municipality": municipality.name,
            "title": title,
            "agreed": _("СОГЛАСОВАНО"),
            "approve": _("УТВЕРЖДАЮ"),
            "council_chair": council_chair,
            "head": head,
            "period": f"{_('Период')}: {programme.start_year}–{programme.end_year}",
            "version": f"{_('Версия')} {programme.version} · {programme.get_status_display()}",
            "decision": _decision_text(decision, municipality),
            "session": decision.session if decision is not None else "",
            "toc": _("Содержание"),
            "page_label": page_label_css(lang),
        }


def council_decision_of(programme: Programme) -> CouncilDecision | None:
    """The council decision the title page shows: only for a version the council approved."""
    if not programme.is_frozen:
        return None
    return CouncilDecision.objects.filter(programme=programme).first()


# Page margins (mm: top, right, bottom, left) of the portrait pages and of the landscape pages
# of the wide tables. The style sheet uses them, and so does the frame of a document rendered in
# parts, to put its anchors and bookmarks where the sections have them.
PAGE_MARGINS = {"portrait": (22, 15, 20, 25), "landscape": (18, 15, 16, 20)}
PX_PER_MM = 96 / 25.4


def _margin_css(margins: tuple[int, int, int, int]) -> str:
    return " ".join(f"{value}mm" for value in margins)


@dataclass
class DocumentParts:
    """A programme document in one language or both, ready to be turned into HTML: whole,
    only some of its sections (without page numbers), or as the frame of the sections' pages
    (see planning/pdf.py). Each section is rendered in its own language once."""

    language: str
    sections: list[RenderedSection]
    context: dict
    _whole: str | None = field(default=None, repr=False)

    def _html(self, **context) -> str:
        with translation.override(self.context["lang"]):
            return render_to_string("planning/document/document.html", {**self.context, **context})

    def whole_html(self) -> str:
        if self._whole is None:
            self._whole = self._html(
                front=True,
                footers=True,
                section_html=mark_safe("".join(s.html for s in self.sections)),  # noqa: S308
            )
        return self._whole

    def sections_html(self, sections) -> str:
        """Some sections, with their running headers and the draft mark but without the page
        numbers, which the frame draws."""
        return self._html(
            front=False,
            footers=False,
            section_html=mark_safe("".join(s.html for s in sections)),  # noqa: S308
        )

    def frame_html(self, pages, first_number: int) -> str:
        """The title page and the contents, then an empty page for each page of the sections,
        of the same page type, with the anchors the contents link to and the bookmarks where
        the section page has them. The pages of the sections are numbered from
        `first_number`: the number of pages is given, so that WeasyPrint need not count them
        (which lays every page out twice)."""
        blanks = []
        total = first_number + len(pages) - 1
        texts = [
            {**t, "page_label": page_label_css(t["lang"], total)} for t in self.context["texts"]
        ]
        for frame_page in pages:
            page = frame_page.page
            top, _right, _bottom, left = PAGE_MARGINS["landscape" if page.landscape else "portrait"]

            def place(point, top=top, left=left):
                x, y = point
                return f"top: {y - top * PX_PER_MM:.3f}px; left: {x - left * PX_PER_MM:.3f}px"

            marks = [
                format_html('<span class="anchor" id="{}" style="{}"></span>', name, place(point))
                for name, point in page.anchors.items()
            ] + [
                format_html(
                    '<span class="mark mark-{}" data-label="{}" style="{}"></span>',
                    min(level, 6),
                    label,
                    place(point),
                )
                for level, label, point in page.bookmarks
            ]
            blanks.append(
                format_html(
                    '<div class="blank lang-{}{}">{}</div>',
                    frame_page.section.lang,
                    " wide" if page.landscape else "",
                    mark_safe("".join(marks)),  # noqa: S308 — each mark is escaped above
                )
            )
        if not pages:
            # the front alone (to count its pages): the contents' links point here
            blanks = [
                format_html(
                    '<div class="front-anchors">{}</div>',
                    format_html_join(
                        "", '<span id="{}"></span>', ((s.anchor,) for s in self.sections)
                    ),
                )
            ]
        return self._html(
            front=True,
            footers=True,
            blank_pages=True,
            texts=texts,
            first=texts[0],
            section_html=mark_safe("\n".join(blanks)),  # noqa: S308 — escaped above
        )


def document_parts(programme: Programme, language: str) -> DocumentParts:
    """The title page, the table of contents and every section, each section rendered inside
    `translation.override` of its language (for ru+ky first in Russian, then in Kyrgyz)."""
    languages = DocumentLanguage.languages(language)
    data = document_data(programme)
    decision = council_decision_of(programme)
    consultation = document_consultation(programme)
    fonts = font_paths()
    sections: list[RenderedSection] = []
    for number, spec in enumerate(SECTIONS, start=1):
        for lang in languages:
            with translation.override(lang):
                title = str(spec.title)
                anchor = f"{spec.key}-{lang}"
                context = {
                    **data,
                    "lang": lang,
                    "number": number,
                    "title": title,
                    "anchor": anchor,
                }
                if spec.key == "finance":
                    context["finance"] = document_finance(programme)
                elif spec.key == "consultation":
                    context["consultation"] = consultation
                html = render_to_string(f"planning/document/section_{spec.key}.html", context)
            sections.append(RenderedSection(spec.key, lang, number, title, anchor, html))
    texts = [_title_texts(programme, lang, decision) for lang in languages]
    # what the title page and the contents say once for all languages ("A / B", or "A" where
    # both languages say the same)
    both = {
        key: " / ".join(dict.fromkeys(str(t[key]) for t in texts))
        for key in ("agreed", "approve", "toc")
    }
    both["council_chair"] = list(dict.fromkeys(str(t["council_chair"]) for t in texts))
    both["head"] = list(dict.fromkeys(str(t["head"]) for t in texts))
    return DocumentParts(
        language=language,
        sections=sections,
        context={
            **data,
            "language": language,
            "languages": languages,
            "lang": languages[0],
            "texts": texts,
            "both": both,
            "first": texts[0],
            "sections": sections,
            # anything the council has not approved yet is a draft (проект)
            "is_draft": not programme.is_frozen,
            "decision": decision,
            "draft_mark": DRAFT_MARK,
            "font_regular": fonts["regular"].as_uri(),
            "font_bold": fonts["bold"].as_uri(),
            "font_math": fonts["math"].as_uri(),
            "margins": {name: _margin_css(m) for name, m in PAGE_MARGINS.items()},
        },
    )


def document_html(programme: Programme, language: str) -> str:
    """The HTML of the whole document (what its content hash is taken of)."""
    return document_parts(programme, language).whole_html()


def content_hash(html: str, language: str) -> str:
    return hashlib.sha256(f"{language}\n{html}".encode()).hexdigest()


def _in_both_languages(message, **params) -> str:
    """A message of the portal's own about a document, "in Russian / in Kyrgyz": it is saved
    once and read on the documents page in either language."""
    texts = []
    for lang in ("ru", "ky"):
        with translation.override(lang):
            texts.append(str(message) % params if params else str(message))
    return " / ".join(texts)


# --- requesting -----------------------------------------------------------------------------


def _check_access(programme: Programme, actor) -> None:
    """Drafts: members of the municipality and reviewers of its oblast (Need.VIEW)."""
    if not can(actor, programme.municipality, Need.VIEW):
        raise PermissionDenied(_("У вас нет доступа к этой программе."))


def _send(document_id: int) -> None:
    """Send the rendering task; if the broker cannot be reached, the document fails with the
    reason (and can be retried) instead of waiting in the queue for ever."""
    from ..tasks import render_document

    try:
        render_document.delay(document_id)
    except Exception as exc:
        logger.exception("could not send the rendering task of document %s", document_id)
        ProgrammeDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED,
            finished_at=timezone.now(),
            error=_in_both_languages(
                gettext_lazy("Очередь заданий недоступна: %(error)s"), error=_describe(exc)
            ),
        )


def _reusable(programme: Programme, language: str, digest: str) -> ProgrammeDocument | None:
    """A document of the same content in the same language: a finished one whose file is still
    there, or one being rendered right now."""
    recent = timezone.now() - PENDING_REUSE
    candidates = (
        ProgrammeDocument.objects.filter(
            programme=programme, language=language, content_hash=digest
        )
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


def document_request(*, programme: Programme, language: str, actor) -> ProgrammeDocument:
    """A document of the programme in `language` (ru, ky or ru+ky). When the same content was
    already rendered in that language (or is being rendered), that document is returned with
    `reused = True`; otherwise a queued document whose task is sent once the transaction
    commits."""
    _check_access(programme, actor)
    if language not in DocumentLanguage.values:
        raise ValidationError(
            {"language": _("Выберите язык документа: русский, кыргызский или оба.")}
        )
    digest = content_hash(document_html(programme, language), language)
    existing = _reusable(programme, language, digest)
    if existing is not None:
        existing.reused = True
        return existing
    with transaction.atomic():
        document = ProgrammeDocument.objects.create(
            programme=programme,
            language=language,
            requested_by=actor,
            content_hash=digest,
        )
        transaction.on_commit(lambda: _send(document.pk))
    document.reused = False
    return document


def document_retry(*, document: ProgrammeDocument, actor) -> ProgrammeDocument:
    """A failed document goes back into the queue; its task is sent once the transaction
    commits."""
    _check_access(document.programme, actor)
    with transaction.atomic():
        updated = ProgrammeDocument.objects.filter(
            pk=document.pk, status=DocumentStatus.FAILED
        ).update(
            status=DocumentStatus.QUEUED,
            error="",
            requested_by=actor,
            requested_at=timezone.now(),
            started_at=None,
            finished_at=None,
            duration_ms=None,
        )
        if not updated:
            raise ValidationError(
                _("Повторить можно только документ, который не удалось сформировать.")
            )
        transaction.on_commit(lambda: _send(document.pk))
    document.refresh_from_db()
    return document


def documents_fail_stale(programme: Programme | None = None) -> int:
    """Documents that will not finish are marked failed, so that they can be retried: those
    left "rendering" by a worker that died (well past the task's hard time limit), and those
    no worker took from the queue within QUEUE_LIMIT while no document at all started rendering
    (no worker running; a long queue behind a working worker is left alone). Pages and polls
    call this: it only reads unless something is stale. Returns how many."""
    now = timezone.now()
    waited = now - QUEUE_LIMIT
    left_rendering = Q(
        status=DocumentStatus.RENDERING, started_at__lt=now - timedelta(seconds=TIME_LIMIT + 60)
    )
    never_taken = Q(status=DocumentStatus.QUEUED, requested_at__lt=waited) & (
        Q(started_at__isnull=True) | Q(started_at__lt=waited)
    )
    stale = ProgrammeDocument.objects.filter(left_rendering | never_taken)
    if programme is not None:
        stale = stale.filter(programme=programme)
    found = list(stale.values_list("pk", flat=True))
    if not found:
        return 0
    if ProgrammeDocument.objects.filter(started_at__gte=waited).exists():
        # a worker has been taking documents: the queue is long, not forgotten
        never_taken = Q(pk__in=[])
    errors = (
        (
            left_rendering,
            _in_both_languages(
                gettext_lazy(
                    "Формирование прервано: обработчик заданий остановился, не закончив работу."
                )
            ),
        ),
        (
            never_taken,
            _in_both_languages(
                gettext_lazy(
                    "Документ не начали формировать за %(minutes)s мин: обработчик заданий, "
                    "похоже, не запущен. Повторите позже или сообщите администратору."
                ),
                minutes=int(QUEUE_LIMIT.total_seconds() // 60),
            ),
        ),
    )
    failed = 0
    for condition, error in errors:
        # the condition again: a worker may have taken one since it was read
        failed += ProgrammeDocument.objects.filter(condition, pk__in=found).update(
            status=DocumentStatus.FAILED, finished_at=now, error=error
        )
    return failed


# --- rendering (the Celery task calls this) ---------------------------------------------------


def _describe(exc: BaseException) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return _in_both_languages(
            gettext_lazy("Превышено время формирования документа (%(seconds)s с)."),
            seconds=SOFT_TIME_LIMIT,
        )
    text = str(exc).strip()
    name = exc.__class__.__name__
    return (f"{name}: {text}" if text else name)[:ERROR_MAX_CHARS]


def document_render(document_id: int, *, will_retry: bool = False) -> ProgrammeDocument | None:
    """Render a queued document. On success the document is done with its file, size,
    SHA-256, page count and time taken. On any error it is marked failed with the error —
    except a transient error that the task will retry (`will_retry`), which puts it back in the
    queue with the error noted; transient errors are raised again for the task to retry.
    Nothing stays "rendering" after an error. Returns the document (None if it is gone or was
    already finished)."""
    started = timezone.now()
    # a queued document, or one whose rendering was cut off by a lost worker (the task is
    # delivered again) and cannot still be running: past the hard time limit. Not one being
    # rendered now: a second message for it (a retry of a document failed for waiting too
    # long while its first message was still in the queue) must not render it twice.
    cut_off = Q(
        status=DocumentStatus.RENDERING, started_at__lt=started - timedelta(seconds=TIME_LIMIT)
    )
    claimed = ProgrammeDocument.objects.filter(
        Q(status=DocumentStatus.QUEUED) | cut_off, pk=document_id
    ).update(
        status=DocumentStatus.RENDERING,
        started_at=started,
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        logger.info("document %s is not waiting to be rendered: nothing to do", document_id)
        return None
    document = ProgrammeDocument.objects.select_related("programme__municipality").get(
        pk=document_id
    )
    programme = Programme.objects.select_related("municipality__district__oblast").get(
        pk=document.programme_id
    )
    clock = time.perf_counter()
    saved_name = ""
    try:
        parts = document_parts(programme, document.language)
        html = parts.whole_html()
        pdf, pages = render_pdf(parts)
        name = f"{Path(document.download_name).stem}-{document.pk}.pdf"
        saved_name = document.file.storage.save(
            document.file.field.generate_filename(document, name), ContentFile(pdf)
        )
        with transaction.atomic():
            ProgrammeDocument.objects.filter(pk=document_id).update(
                status=DocumentStatus.DONE,
                file=saved_name,
                size=len(pdf),
                sha256=hashlib.sha256(pdf).hexdigest(),
                pages=pages,
                content_hash=content_hash(html, document.language),
                duration_ms=round((time.perf_counter() - clock) * 1000),
                finished_at=timezone.now(),
                error="",
            )
    except Exception as exc:
        if saved_name:
            document.file.storage.delete(saved_name)
        transient = isinstance(exc, TRANSIENT_ERRORS)
        retrying = transient and will_retry
        logger.exception(
            "document %s could not be rendered%s", document_id, " (will retry)" if retrying else ""
        )
        message = _describe(exc)
        if retrying:
            message = _in_both_languages(
                gettext_lazy("Временная ошибка, будет новая попытка: %(error)s"), error=message
            )
        ProgrammeDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.QUEUED if retrying else DocumentStatus.FAILED,
            error=message,
            duration_ms=round((time.perf_counter() - clock) * 1000),
            finished_at=None if retrying else timezone.now(),
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
