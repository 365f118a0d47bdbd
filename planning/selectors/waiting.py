"""«Мои задачи»: what waits for a person, whatever their role — their tasks of the working
groups' workplans, then every group of `extensions.task_groups`: planning's own (proposals to
moderate or answer and review comments to resolve for the chair of a working group, a decision to
record for the council secretary, programmes in review and reopened threads for a reviewer) and
those the apps above register (monitoring, trainings), which planning never imports.

`waiting_for` is the one selector of the page and of the count in the menu: it is computed once
per request (kept on the person), each group of a role the person does not hold costs nothing,
and the others one query each, whatever the number of programmes."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from municipalities.models import Role
from municipalities.permissions import user_memberships

from ..extensions import TaskGroup, task_groups
from ..models import (
    CitizenProposal,
    CommentStatus,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    ReviewComment,
)
from .workgroup import open_tasks_of, tasks_of

S = ProgrammeStatus
# statuses in which review comments are written and resolved (not in an approved version)
COMMENTED = [S.DRAFT, S.IN_REVIEW, S.PUBLIC_CONSULTATION, S.SUBMITTED_TO_COUNCIL]


@dataclass
class Waiting:
    """One thing that waits, in one programme: what it is and where it is done."""

    programme: Programme
    what: str
    url: str
    action: str  # the text of the link
    count: int = 1


@dataclass
class WaitingGroup:
    key: str
    title: str
    template: str
    items: list
    count: int


@dataclass
class WaitingPage:
    open_tasks: list
    done_tasks: list
    overdue_count: int
    groups: list[WaitingGroup]

    @property
    def count(self) -> int:
        """Everything that waits: the open workplan tasks and the items of every group."""
        return len(self.open_tasks) + sum(group.count for group in self.groups)


def _municipalities(user, role: str) -> set[int]:
    return {
        m.municipality_id
        for m in user_memberships(user)
        if m.role == role and m.municipality_id is not None
    }


def _oblasts(user) -> set[int]:
    return {m.oblast_id for m in user_memberships(user) if m.role == Role.REVIEWER and m.oblast_id}


def _url(name: str, programme, query: str = "", anchor: str = "") -> str:
    url = reverse(name, kwargs={"pk": programme.pk})
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


# --- what waits, as querysets: the page lists them, the menu counts them (one query) ----------

NEW = Q(status=ProposalStatus.NEW)
UNANSWERED = Q(status=ProposalStatus.PUBLISHED, decision="")
OPEN_THREAD = Q(parent__isnull=True, status=CommentStatus.OPEN)


def _proposals(chaired) -> QuerySet:
    return CitizenProposal.objects.filter(
        programme__municipality_id__in=chaired, programme__status=S.PUBLIC_CONSULTATION
    )


def _threads_to_resolve(chaired) -> QuerySet:
    return ReviewComment.objects.filter(
        OPEN_THREAD, programme__municipality_id__in=chaired, programme__status__in=COMMENTED
    )


def _decisions(council) -> QuerySet:
    return Programme.objects.filter(municipality_id__in=council, status=S.SUBMITTED_TO_COUNCIL)


def _in_review(oblasts) -> QuerySet:
    return Programme.objects.filter(
        municipality__district__oblast_id__in=oblasts, status=S.IN_REVIEW
    )


def _reopened(oblasts) -> QuerySet:
    was_resolved = ReviewComment.history.model.objects.filter(
        status=CommentStatus.RESOLVED, parent_id__isnull=True
    ).values("id")
    return ReviewComment.objects.filter(
        OPEN_THREAD,
        programme__status__in=COMMENTED,
        programme__municipality__district__oblast_id__in=oblasts,
        pk__in=was_resolved,
    )


def _count(qs: QuerySet):
    """`qs.count()` as a subquery."""
    return Subquery(
        qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )


def planning_counts(user) -> dict[str, int]:
    """How many things of each of planning's groups wait for the person, and their open
    workplan tasks (`workplan`): one query, kept on the person for the request."""
    cached = getattr(user, "_psep_waiting_counts", None)
    if cached is not None:
        return cached
    chaired = _municipalities(user, Role.WG_CHAIR)
    council = _municipalities(user, Role.COUNCIL_SECRETARY)
    oblasts = _oblasts(user)
    counts = {"workplan": _count(open_tasks_of(user))}
    if chaired:
        counts["proposals"] = _count(_proposals(chaired).filter(NEW | UNANSWERED))
        counts["review-comments"] = _count(_threads_to_resolve(chaired))
    if council:
        counts["council-decision"] = _count(_decisions(council))
    if oblasts:
        counts["in-review"] = _count(_in_review(oblasts))
        counts["reopened"] = _count(_reopened(oblasts))
    row = (
        get_user_model()._default_manager.filter(pk=user.pk).annotate(**counts).values(*counts)
    ).first()
    result = {key: (row or {}).get(key) or 0 for key in counts}
    user._psep_waiting_counts = result
    return result


def _tally(key: str):
    def tally(user, today: date) -> int:
        return planning_counts(user).get(key, 0)

    return tally


# --- the items of planning's groups, for the page ----------------------------------------------


def proposals_to_handle(user, today: date) -> list[Waiting]:
    """The chair: proposals of programmes in consultation that wait to be published or hidden,
    and published ones without an answer."""
    chaired = _municipalities(user, Role.WG_CHAIR)
    if not chaired:
        return []
    programmes = (
        Programme.objects.filter(municipality_id__in=chaired, status=S.PUBLIC_CONSULTATION)
        .select_related("municipality")
        .annotate(
            new=Count("proposals", filter=Q(proposals__status=ProposalStatus.NEW)),
            unanswered=Count(
                "proposals",
                filter=Q(proposals__status=ProposalStatus.PUBLISHED, proposals__decision=""),
            ),
        )
        .filter(Q(new__gt=0) | Q(unanswered__gt=0))
        .order_by("municipality__name", "start_year")
    )
    items = []
    for programme in programmes:
        if programme.new:
            items.append(
                Waiting(
                    programme,
                    ngettext(
                        "%(n)d предложение ждёт проверки",
                        "%(n)d предложений ждут проверки",
                        programme.new,
                    )
                    % {"n": programme.new},
                    _url("planning:consultation", programme, f"status={ProposalStatus.NEW}")
                    + "#proposals",
                    _("Проверить"),
                    programme.new,
                )
            )
        if programme.unanswered:
            items.append(
                Waiting(
                    programme,
                    ngettext(
                        "%(n)d опубликованное предложение ждёт ответа",
                        "%(n)d опубликованных предложений ждут ответа",
                        programme.unanswered,
                    )
                    % {"n": programme.unanswered},
                    _url("planning:consultation", programme, f"status={ProposalStatus.PUBLISHED}")
                    + "#proposals",
                    _("Ответить"),
                    programme.unanswered,
                )
            )
    return items


def comments_to_resolve(user, today: date) -> list[Waiting]:
    """The chair: open threads of the reviewers in the programmes being written or agreed."""
    chaired = _municipalities(user, Role.WG_CHAIR)
    if not chaired:
        return []
    programmes = (
        Programme.objects.filter(municipality_id__in=chaired, status__in=COMMENTED)
        .select_related("municipality")
        .annotate(
            open_threads=Count(
                "comments",
                filter=Q(comments__parent__isnull=True, comments__status=CommentStatus.OPEN),
            )
        )
        .filter(open_threads__gt=0)
        .order_by("municipality__name", "start_year")
    )
    return [
        Waiting(
            programme,
            ngettext(
                "%(n)d открытое замечание рецензентов",
                "%(n)d открытых замечаний рецензентов",
                programme.open_threads,
            )
            % {"n": programme.open_threads},
            _url("planning:comments", programme, "state=open"),
            _("Ответить или отметить решёнными"),
            programme.open_threads,
        )
        for programme in programmes
    ]


def decisions_to_record(user, today: date) -> list[Waiting]:
    """The council secretary: programmes submitted to the council, waiting for its decision."""
    council = _municipalities(user, Role.COUNCIL_SECRETARY)
    if not council:
        return []
    programmes = _decisions(council).select_related("municipality")
    return [
        Waiting(
            programme,
            _("Программа передана в кенеш и ждёт его решения"),
            _url("planning:decision", programme),
            _("Записать решение кенеша"),
        )
        for programme in programmes.order_by("municipality__name", "start_year")
    ]


def programmes_to_review(user, today: date) -> list[Waiting]:
    """A reviewer: programmes of their oblasts in review, the longest waiting first."""
    oblasts = _oblasts(user)
    if not oblasts:
        return []
    programmes = _in_review(oblasts).select_related("municipality")
    return [
        Waiting(
            programme,
            _("Программа ждёт рассмотрения"),
            _url("planning:overview", programme),
            _("Рассмотреть"),
        )
        for programme in programmes.order_by("status_changed_at", "municipality__name")
    ]


def threads_reopened(user, today: date) -> list[Waiting]:
    """A reviewer: threads of their oblasts that were resolved once and are open again (the
    working group asks more, or the fix was not enough)."""
    oblasts = _oblasts(user)
    if not oblasts:
        return []
    threads = (
        _reopened(oblasts)
        .select_related("programme__municipality")
        .order_by("programme__municipality__name", "created_at")
    )
    return [
        Waiting(
            thread.programme,
            _("Обсуждение открыто снова: %(section)s%(item)s")
            % {
                "section": thread.get_section_display(),
                "item": f", {thread.item_label}" if thread.item_label else "",
            },
            _url("planning:comments", thread.programme, "state=open", f"thread-{thread.pk}"),
            _("Открыть обсуждение"),
        )
        for thread in threads
    ]


WAITING_TEMPLATE = "planning/workgroup/_waiting.html"


def _things(items: list[Waiting]) -> int:
    return sum(item.count for item in items)


# planning's own groups, in the order of the page (an app's group may go between them)
GROUPS = [
    TaskGroup(
        "proposals",
        gettext_lazy("Предложения граждан"),
        WAITING_TEMPLATE,
        proposals_to_handle,
        order=10,
        count=_things,
        tally=_tally("proposals"),
    ),
    TaskGroup(
        "review-comments",
        gettext_lazy("Замечания рецензентов"),
        WAITING_TEMPLATE,
        comments_to_resolve,
        order=20,
        count=_things,
        tally=_tally("review-comments"),
    ),
    TaskGroup(
        "council-decision",
        gettext_lazy("Решение кенеша"),
        WAITING_TEMPLATE,
        decisions_to_record,
        order=30,
        tally=_tally("council-decision"),
    ),
    TaskGroup(
        "in-review",
        gettext_lazy("Программы на рассмотрении"),
        WAITING_TEMPLATE,
        programmes_to_review,
        order=40,
        tally=_tally("in-review"),
    ),
    TaskGroup(
        "reopened",
        gettext_lazy("Обсуждения, открытые снова"),
        WAITING_TEMPLATE,
        threads_reopened,
        order=50,
        tally=_tally("reopened"),
    ),
]


def register() -> None:
    for group in GROUPS:
        task_groups.register(group)


def waiting_count(user, today: date) -> int:
    """The number of «Мои задачи» in the menu: what `waiting_for(...).count` says, counted
    without loading the items where the groups can (planning's: one query for all)."""
    cached: Any = getattr(user, "_psep_waiting", None)
    if cached is not None and cached[0] == today:
        return cached[1].count
    total = planning_counts(user)["workplan"]
    for group in task_groups:
        if group.tally is not None:
            total += group.tally(user, today)
        else:
            total += group.count(list(group.items(user, today)))
    return total


def waiting_for(user, today: date) -> WaitingPage:
    """What waits for the person (see the module's docstring); kept on the user object, so that
    the menu's count and the page compute it once per request."""
    cached: Any = getattr(user, "_psep_waiting", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    tasks = tasks_of(user, today=today)
    groups = []
    for group in task_groups:
        items = list(group.items(user, today))
        if items:
            groups.append(
                WaitingGroup(group.key, group.title, group.template, items, group.count(items))
            )
    page = WaitingPage(tasks["open_tasks"], tasks["done_tasks"], tasks["overdue_count"], groups)
    user._psep_waiting = (today, page)
    return page
