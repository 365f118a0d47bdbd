"""Review comments on a programme, in threads, and the reviewers' dashboard as an Excel file.

Who may do what with comments (each service checks the actor itself):
- start a thread or reply: reviewers of the oblast (Need.REVIEW) and the working group
  (Need.EDIT);
- resolve a thread: the working group (Need.EDIT), who fixed what was asked;
- reopen a thread: the working group or a reviewer (the fix was not enough);
- the council secretary and the monitoring group read only (Need.VIEW);
- nobody writes in a frozen (approved) version: `ProgrammeFrozen`. Comments are written in
  draft, in review, during the consultation and while the council considers the programme.
"""

import io
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from municipalities.permissions import Need, needs_in

from ..excel.cells import DATE_FORMAT
from ..excel.cells import write_cell as _put
from ..excel.cells import write_header as _header
from ..models import CommentStatus, Programme, ReviewComment, Section
from ..permissions import ProgrammeFrozen
from .common import lock_status

TEXT_MAX = 5000
ITEM_LABEL_MAX = 300


@dataclass(frozen=True)
class CommentRights:
    """What a person may do with the comments of a programme now."""

    write: bool  # start a thread, reply
    resolve: bool
    reopen: bool


def comment_rights(programme: Programme, user) -> CommentRights:
    if programme.is_frozen:
        return CommentRights(False, False, False)
    needs = needs_in(user, programme.municipality) if user is not None else frozenset()
    works = Need.EDIT in needs
    reviews = Need.REVIEW in needs
    return CommentRights(write=works or reviews, resolve=works, reopen=works or reviews)


def _refuse_if_frozen(programme: Programme) -> None:
    """Checked on the programme's row locked until the transaction ends, so that a comment
    cannot land while the version is being approved."""
    lock_status(programme)
    if programme.is_frozen:
        raise ProgrammeFrozen(
            _(
                "Эта версия программы утверждена кенешем и заморожена: комментарии к ней "
                "больше не пишутся. Чтобы обсудить изменения, начните новую версию."
            )
        )


def _require_write(programme: Programme, actor) -> None:
    _refuse_if_frozen(programme)
    if not comment_rights(programme, actor).write:
        raise PermissionDenied(
            _(
                "Комментарии пишут рецензенты области и члены рабочей группы муниципалитета; "
                "вы можете их только читать."
            )
        )


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Напишите текст комментария.")})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {
                "text": _(
                    "Комментарий слишком длинный: %(length)d знаков, можно не больше "
                    "%(limit)d. Сократите его или разделите на несколько ответов."
                )
                % {"length": len(text), "limit": TEXT_MAX}
            }
        )
    return text


def _require_thread(comment: ReviewComment) -> None:
    if comment.parent_id is not None:
        raise ValidationError(_("Это ответ, а не обсуждение: ответьте на само обсуждение."))


def _save(comment: ReviewComment, actor) -> ReviewComment:
    comment.full_clean()
    comment._history_user = actor
    comment.save()
    return comment


@transaction.atomic
def comment_start(
    *,
    programme: Programme,
    actor,
    section: str,
    text: str,
    item_label: str = "",
) -> ReviewComment:
    """Start a thread about a section (or one item of it) of the programme."""
    _require_write(programme, actor)
    if section not in Section.values:
        raise ValidationError({"section": _("Выберите раздел программы из списка.")})
    item_label = (item_label or "").strip()
    if len(item_label) > ITEM_LABEL_MAX:
        raise ValidationError(
            {
                "item_label": _("Пункт раздела — не больше %(limit)d знаков.")
                % {"limit": ITEM_LABEL_MAX}
            }
        )
    comment = ReviewComment(
        programme=programme,
        section=section,
        item_label=item_label,
        author=actor,
        text=_clean_text(text),
        status=CommentStatus.OPEN,
    )
    return _save(comment, actor)


@transaction.atomic
def comment_reply(*, thread: ReviewComment, actor, text: str) -> ReviewComment:
    """Answer in an open thread (a resolved thread is reopened first)."""
    programme = thread.programme
    _require_write(programme, actor)
    _require_thread(thread)
    thread = ReviewComment.objects.select_for_update().get(pk=thread.pk)
    thread.programme = programme
    if thread.status != CommentStatus.OPEN:
        raise ValidationError(
            {"text": _("Обсуждение закрыто как решённое: откройте его снова, чтобы ответить.")}
        )
    reply = ReviewComment(
        programme=programme,
        parent=thread,
        section=thread.section,
        item_label=thread.item_label,
        author=actor,
        text=_clean_text(text),
        status=CommentStatus.OPEN,
    )
    return _save(reply, actor)


@transaction.atomic
def comment_resolve(*, thread: ReviewComment, actor) -> ReviewComment:
    """The working group marks the thread resolved (what was asked is done)."""
    programme = thread.programme
    _refuse_if_frozen(programme)
    if not comment_rights(programme, actor).resolve:
        raise PermissionDenied(
            _("Отметить замечание решённым может рабочая группа муниципалитета.")
        )
    _require_thread(thread)
    thread = ReviewComment.objects.select_for_update().get(pk=thread.pk)
    thread.programme = programme
    if thread.status == CommentStatus.RESOLVED:
        raise ValidationError(_("Это обсуждение уже отмечено решённым."))
    thread.status = CommentStatus.RESOLVED
    thread.resolved_by = actor
    thread.resolved_at = timezone.now()
    return _save(thread, actor)


@transaction.atomic
def comment_reopen(*, thread: ReviewComment, actor) -> ReviewComment:
    """Open a resolved thread again (the working group, or a reviewer not satisfied)."""
    programme = thread.programme
    _refuse_if_frozen(programme)
    if not comment_rights(programme, actor).reopen:
        raise PermissionDenied(
            _("Открыть обсуждение снова могут рабочая группа и рецензенты области.")
        )
    _require_thread(thread)
    thread = ReviewComment.objects.select_for_update().get(pk=thread.pk)
    thread.programme = programme
    if thread.status == CommentStatus.OPEN:
        raise ValidationError(_("Это обсуждение и так открыто."))
    thread.status = CommentStatus.OPEN
    thread.resolved_by = None
    thread.resolved_at = None
    return _save(thread, actor)


# --------------------------------------------------------------------------------------------
# The dashboard as an Excel workbook

SHEET_DASHBOARD = gettext_lazy("Рецензирование")
DASHBOARD_COLUMNS = (
    (gettext_lazy("Муниципалитет"), 30),
    (gettext_lazy("Район"), 22),
    (gettext_lazy("Область"), 20),
    (gettext_lazy("Целевой / гостевой"), 14),
    (gettext_lazy("Программа"), 44),
    (gettext_lazy("Период"), 12),
    (gettext_lazy("Состояние"), 22),
    (gettext_lazy("Дней в состоянии"), 12),
    (gettext_lazy("Заполненность, %"), 14),
    (gettext_lazy("На кыргызском, %"), 14),
    (gettext_lazy("Открытые комментарии"), 14),
    (gettext_lazy("Последнее изменение"), 14),
)


def _local_date(value: datetime | None):
    return timezone.localtime(value).date() if value else None


def dashboard_workbook(rows, extra_columns=()) -> bytes:
    """The rows of the dashboard (already filtered, sorted and given `days_in_state`) as an
    .xlsx file, headers in the active language; `extra_columns`, the columns other apps add to
    the dashboard (`extensions.DashboardColumn`), come after the dashboard's own."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(SHEET_DASHBOARD)
    columns = [*DASHBOARD_COLUMNS, *((c.label, c.export_width) for c in extra_columns)]
    _header(ws, [str(label) for label, _w in columns], [w for _l, w in columns])
    target, guest = _("целевой"), _("гостевой")
    no_programme = _("нет программы")
    for r, row in enumerate(rows, start=2):
        has_programme = row.programme_id is not None
        title = row.programme_title_ru, row.programme_title_ky
        lang_title = _title_in_language(*title) if has_programme else no_programme
        values = [
            row.name,
            row.district.name,
            row.district.oblast.name,
            target if row.is_target else guest,
            lang_title,
            f"{row.start_year}–{row.end_year}" if has_programme else None,
            row.state_label or no_programme,
            row.days_in_state,
            row.completeness_percent,
            row.ky_percent,
            row.open_comments if has_programme else None,
        ]
        for col, value in enumerate(values, start=1):
            _put(ws, r, col, value)
        _put(ws, r, len(values) + 1, _local_date(row.last_change), DATE_FORMAT)
        for col, column in enumerate(extra_columns, start=len(DASHBOARD_COLUMNS) + 1):
            _put(ws, r, col, column.value(row), column.export_format)
    ws.auto_filter.ref = ws.dimensions
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _title_in_language(title_ru: str, title_ky: str) -> str:
    if (translation.get_language() or "ru").startswith("ky"):
        return title_ky or title_ru
    return title_ru or title_ky
