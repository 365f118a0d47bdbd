"""What the pages of monitoring read besides the roll-up: a period's own rows for its entry
page, the periods that wait for a person, a programme's periods."""

from datetime import date

from django.db.models import Prefetch, Q

from municipalities.models import Role
from municipalities.permissions import user_memberships
from planning.models import Programme

from ..models import ActivityProgress, ActivitySpending, PeriodStatus, ReportingPeriod


def period_rows(period: ReportingPeriod) -> tuple[dict, dict]:
    """The period's own actuals (by indicator id) and progress with spending (by activity id):
    three queries."""
    actuals = {a.indicator_id: a for a in period.actuals.select_related("entered_by").order_by()}
    progress = {
        p.activity_id: p
        for p in ActivityProgress.objects.filter(period=period)
        .select_related("entered_by")
        .prefetch_related(
            Prefetch("spending", queryset=ActivitySpending.objects.order_by(), to_attr="spent")
        )
        .order_by()
    }
    return actuals, progress


def periods_waiting(user, today: date) -> list[ReportingPeriod]:
    """For a member of a ГСМиО: the open periods of the programmes of their municipalities that
    have ended (to report) or are overdue. For a council secretary: the periods handed in, to
    close or give back. One query (none for a person without those roles)."""
    memberships = user_memberships(user)
    monitor = {m.municipality_id for m in memberships if m.role == Role.MONITORING_MEMBER}
    council = {m.municipality_id for m in memberships if m.role == Role.COUNCIL_SECRETARY}
    if not monitor and not council:
        return []
    where = Q(
        programme__municipality_id__in=monitor, status=PeriodStatus.OPEN, ends_on__lt=today
    ) | Q(programme__municipality_id__in=council, status=PeriodStatus.SUBMITTED)
    return list(
        ReportingPeriod.objects.filter(where)
        .select_related("programme__municipality")
        .order_by("ends_on", "pk")
    )


def periods_of(programme: Programme) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(programme=programme).order_by("starts_on", "pk"))
