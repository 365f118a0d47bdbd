"""What the reviewers' dashboard and the review comments of a programme show.

The dashboard lists every municipality of the reviewer's oblasts with its current programme
(the newest version that has not been superseded). The programme is joined to its
municipality in the same query (a `FilteredRelation` on the id that a subquery picks), so the
rows are filtered, sorted, counted and paginated by the database: the page takes the same
number of queries for 5 municipalities and for 500.

The apps above add columns and filters (`extensions.dashboard_columns`, `dashboard_filters`):
a column's annotations join the same one query, so it is sorted, counted and exported like the
dashboard's own columns, which come first. Their panels (`dashboard_panels`) under the table
read the same rows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from municipalities.models import District, Municipality, Role
from municipalities.permissions import municipalities_for, user_memberships

from ..extensions import dashboard_columns, dashboard_filters, dashboard_panels
from ..models import CommentStatus, Programme, ProgrammeStatus, ReviewComment, Section

PAGE_SIZE = 25
NO_PROGRAMME = "none"

# The states a current programme can be in, in the order of the life-cycle (a superseded
# version is never the current one).
DASHBOARD_STATES = [s for s in ProgrammeStatus if s != ProgrammeStatus.SUPERSEDED]


# --------------------------------------------------------------------------------------------
# Who reviews what


def reviewed_oblast_ids(user) -> set[int] | None:
    """The oblasts `user` reviews; None for a superuser (every oblast)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return {m.oblast_id for m in user_memberships(user) if m.role == Role.REVIEWER and m.oblast_id}


def is_reviewer(user) -> bool:
    """Does `user` review any oblast (or everything, as a superuser)? No query once the
    user's memberships are loaded for the request."""
    oblast_ids = reviewed_oblast_ids(user)
    return oblast_ids is None or bool(oblast_ids)


def reviewed_municipalities(user) -> QuerySet[Municipality]:
    """The municipalities `user` may follow on the dashboard: those they may view, in the
    oblasts where they are a reviewer (a superuser: all)."""
    qs = municipalities_for(user)
    oblast_ids = reviewed_oblast_ids(user)
    if oblast_ids is not None:
        qs = qs.filter(district__oblast_id__in=oblast_ids)
    return qs


def reviewed_districts(user) -> list[District]:
    """The districts (with their oblast) that have municipalities in the reviewer's oblasts,
    for the filters: one query."""
    lang, _other = _languages()
    qs = (
        District.objects.filter(municipalities__isnull=False)
        .distinct()
        .select_related("oblast")
        .order_by("oblast__position", f"oblast__name_{lang}", f"name_{lang}")
    )
    oblast_ids = reviewed_oblast_ids(user)
    if oblast_ids is not None:
        qs = qs.filter(oblast_id__in=oblast_ids)
    return list(qs)


# --------------------------------------------------------------------------------------------
# The dashboard


@dataclass(frozen=True)
class Filters:
    oblast_id: int | None = None
    district_id: int | None = None
    state: str = ""  # a ProgrammeStatus value, NO_PROGRAMME, or "" for every state
    kind: str = ""  # "target", "guest" or ""
    # the registered filters that have a value: ((key, cleaned value), ...)
    extra: tuple = ()


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy text
    numeric: bool = False


COLUMNS = [
    Column("municipality", _("Муниципалитет")),
    Column("programme", _("Программа")),
    Column("period", _("Период")),
    Column("state", _("Состояние")),
    Column("days", _("Дней в состоянии"), numeric=True),
    Column("completeness", _("Заполненность, %"), numeric=True),
    Column("ky", _("На кыргызском, %"), numeric=True),
    Column("comments", _("Открытые комментарии"), numeric=True),
    Column("changed", _("Последнее изменение")),
]
SORT_KEYS = {column.key for column in COLUMNS}
DEFAULT_SORT = "municipality"


def sort_keys() -> set[str]:
    """What `?sort=` may be: the dashboard's own columns and the sortable registered ones."""
    return SORT_KEYS | {column.key for column in dashboard_columns if column.sort}


def _languages() -> tuple[str, str]:
    lang = translation.get_language() or "ru"
    lang = "ky" if lang.startswith("ky") else "ru"
    return lang, ("ru" if lang == "ky" else "ky")


def _current_programme_id():
    """The id of a municipality's current programme: its newest version not superseded."""
    return Subquery(
        Programme.objects.filter(municipality=OuterRef("pk"))
        .exclude(status=ProgrammeStatus.SUPERSEDED)
        .order_by("-start_year", "-version", "-pk")
        .values("pk")[:1]
    )


def _with_current_programme(qs: QuerySet[Municipality]) -> QuerySet[Municipality]:
    return qs.annotate(current_programme_id=_current_programme_id()).annotate(
        cp=FilteredRelation("programmes", condition=Q(programmes__pk=F("current_programme_id"))),
        programme_status=F("cp__status"),
    )


def _filtered(qs: QuerySet[Municipality], filters: Filters, *, with_state: bool) -> QuerySet:
    if filters.oblast_id:
        qs = qs.filter(district__oblast_id=filters.oblast_id)
    if filters.district_id:
        qs = qs.filter(district_id=filters.district_id)
    if filters.kind:
        qs = qs.filter(is_target=filters.kind == "target")
    if with_state and filters.state == NO_PROGRAMME:
        qs = qs.filter(programme_status__isnull=True)
    elif with_state and filters.state:
        qs = qs.filter(programme_status=filters.state)
    for key, value in filters.extra:
        if key in dashboard_filters:
            qs = dashboard_filters[key].apply(qs, value)
    return qs


def _order_by(sort: str, descending: bool) -> list:
    lang, other = _languages()
    name = F(f"name_{lang}")
    expressions = {
        "municipality": name,
        "programme": Coalesce(
            NullIf(F(f"cp__title_{lang}"), Value("")), NullIf(F(f"cp__title_{other}"), Value(""))
        ),
        "period": F("cp__start_year"),
        "state": Case(
            *[When(programme_status=s, then=Value(i)) for i, s in enumerate(DASHBOARD_STATES)],
            output_field=IntegerField(),
        ),
        # more days in the state = an earlier change of status
        "days": F("cp__status_changed_at"),
        "completeness": F("cp__completeness_percent"),
        "ky": F("cp__ky_percent"),
        "comments": F("open_comments"),
        "changed": F("last_change"),
        **{column.key: F(column.sort) for column in dashboard_columns if column.sort},
    }
    expression = expressions[sort]
    if sort == "days":
        descending = not descending
    # municipalities without a programme come last whichever the direction
    primary = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    ties = [name.asc(), F("pk").asc()]
    if sort == "period":
        ties.insert(0, F("cp__end_year").desc() if descending else F("cp__end_year").asc())
    return [primary, *ties]


def dashboard_rows(
    user, filters: Filters, *, sort: str = DEFAULT_SORT, descending: bool = False
) -> QuerySet[Municipality]:
    """The municipalities on the dashboard, filtered and sorted, each with its current
    programme's figures as annotations (`programme_id`, `programme_title_ru/_ky`,
    `programme_status`, `start_year`, `end_year`, `status_changed_at`,
    `completeness_percent`, `ky_percent`, `open_comments`, `last_change`, and those of the
    registered columns). One query."""
    if sort not in sort_keys():
        sort = DEFAULT_SORT
    open_comments = (
        ReviewComment.objects.filter(
            programme_id=OuterRef("cp__pk"), parent=None, status=CommentStatus.OPEN
        )
        .order_by()
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = _with_current_programme(reviewed_municipalities(user))
    qs = _filtered(qs, filters, with_state=True).annotate(
        programme_id=F("cp__pk"),
        programme_title_ru=F("cp__title_ru"),
        programme_title_ky=F("cp__title_ky"),
        start_year=F("cp__start_year"),
        end_year=F("cp__end_year"),
        status_changed_at=F("cp__status_changed_at"),
        completeness_percent=F("cp__completeness_percent"),
        ky_percent=F("cp__ky_percent"),
        open_comments=Case(
            When(programme_id__isnull=False, then=Coalesce(Subquery(open_comments), Value(0))),
            default=None,
            output_field=IntegerField(),
        ),
        last_change=Coalesce(F("cp__content_changed_at"), F("cp__updated_at")),
    )
    for column in dashboard_columns:
        qs = qs.annotate(**column.annotate())
    return qs.order_by(*_order_by(sort, descending))


def with_days_in_state(rows, now: datetime | None = None):
    """Each row gets `days_in_state` (None without a programme) and `state_label`."""
    now = now or timezone.now()
    labels = dict(ProgrammeStatus.choices)
    for row in rows:
        changed = row.status_changed_at
        row.days_in_state = (now - changed).days if changed else None
        row.state_label = str(labels.get(row.programme_status, "")) if row.programme_status else ""
    return rows


@dataclass(frozen=True)
class Cell:
    """A registered column's cell in one row."""

    column: object  # the DashboardColumn
    value: object


def with_registered_cells(rows):
    """Each row gets `registered_cells`: the values of the registered columns shown on the
    page (no query)."""
    columns = [column for column in dashboard_columns if column.on_page]
    for row in rows:
        row.registered_cells = [Cell(column, column.value(row)) for column in columns]
    return rows


def dashboard_panels_of(rows) -> list[tuple]:
    """(panel, its data) of each registered panel that has something to show among the rows
    (the filtered and sorted query, not one page): a fixed number of queries per panel."""
    shown = []
    for panel in dashboard_panels:
        data = panel.data(rows)
        if data is not None:
            shown.append((panel, data))
    return shown


@dataclass
class StateCount:
    state: str
    label: str
    count: int


def state_summary(user, filters: Filters) -> tuple[list[StateCount], int]:
    """How many of the municipalities chosen by the other filters are in each state (the
    state filter itself is not applied, so that the summary shows where else to look), and
    how many in all. One query."""
    qs = _filtered(
        _with_current_programme(reviewed_municipalities(user)), filters, with_state=False
    )
    counts = {
        row["programme_status"]: row["n"]
        for row in qs.order_by().values("programme_status").annotate(n=Count("pk"))
    }
    summary = [StateCount(s.value, str(s.label), counts.get(s.value, 0)) for s in DASHBOARD_STATES]
    summary.append(StateCount(NO_PROGRAMME, str(_("нет программы")), counts.get(None, 0)))
    return summary, sum(counts.values())


# --------------------------------------------------------------------------------------------
# Review comments


THREAD_STATES = ("open", "resolved")


def comment_threads(programme: Programme, *, section: str = "", state: str = "") -> list:
    """The threads of a programme (newest activity first: a new reply or a reopened thread
    comes back to the top), each with its replies oldest first. Two queries."""
    replies = ReviewComment.objects.select_related("author").order_by("created_at", "pk")
    qs = (
        ReviewComment.objects.filter(programme=programme, parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .annotate(
            last_activity=Greatest(
                F("created_at"),
                Coalesce(Max("replies__created_at"), F("created_at")),
                Coalesce(F("resolved_at"), F("created_at")),
            )
        )
        .order_by("-last_activity", "-pk")
    )
    if section:
        qs = qs.filter(section=section)
    if state in THREAD_STATES:
        qs = qs.filter(status=state)
    return list(qs)


def open_counts_by_section(programme: Programme) -> tuple[dict[str, int], int, int]:
    """Open threads per section, and the numbers of open and resolved threads. One query."""
    by_section: dict[str, int] = {}
    totals = {CommentStatus.OPEN: 0, CommentStatus.RESOLVED: 0}
    rows = (
        ReviewComment.objects.filter(programme=programme, parent=None)
        .order_by()
        .values("section", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        totals[row["status"]] = totals.get(row["status"], 0) + row["n"]
        if row["status"] == CommentStatus.OPEN:
            by_section[row["section"]] = by_section.get(row["section"], 0) + row["n"]
    return by_section, totals[CommentStatus.OPEN], totals[CommentStatus.RESOLVED]


def open_comment_count(programme: Programme, section: str) -> int:
    """Open threads on one section of a programme (for the link on a section's page)."""
    if section not in Section.values:
        return 0
    return ReviewComment.objects.filter(
        programme=programme, parent=None, section=section, status=CommentStatus.OPEN
    ).count()
