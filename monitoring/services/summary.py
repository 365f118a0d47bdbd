"""The roll-up of a programme kept in figures (`MonitoringSummary`) for the pages that list many
municipalities at once: the reviewers' dashboard, its export and its chart.

The figures are those of the programme's own monitoring page, counted by the same selector
(`selectors.rollup.monitoring`), as of the same period (the last one with data). They are
counted again after every committed change of what the roll-up counts: an actual or a
progress saved or deleted, an import, a period opened, handed in, closed or given back, the
monitoring moving to an approved amendment. Each of those writes calls `summary_schedule`
inside its transaction; the count runs once per programme when the transaction commits,
however many rows it wrote, and not at all when it is rolled back. An installation whose
data came from a backup or from a fix made in the database counts them again with
`manage.py monitoring_summaries`."""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from planning.models import Programme, ProgrammeStatus

from ..models import MonitoringSummary, ReportingPeriod
from ..selectors.rollup import ZERO, Monitoring, _percent, monitoring

logger = logging.getLogger(__name__)

TENTH = Decimal("0.1")


def summary_figures(m: Monitoring) -> dict:
    """The figures of a summary from a programme's roll-up: the money planned for the years
    up to the as-of period's year and spent in them (what the roll-up calls planned and
    spent by year), the progress of the plan, indicators on and off track, activities
    delayed."""
    year = m.as_of.year if m.as_of is not None else None
    rows = [row for row in m.money if year is not None and row.year <= year]
    planned = sum((row.planned_total for row in rows), ZERO).quantize(TENTH)
    spent = sum((row.spent_total for row in rows), ZERO).quantize(TENTH)
    spent_percent = _percent(spent, planned)
    progress = m.progress.percent
    return {
        "as_of": m.as_of,
        "progress": int(progress) if progress is not None else None,
        "planned": planned,
        "spent": spent,
        "spent_percent": int(spent_percent) if spent_percent is not None else None,
        "indicators_on_track": m.on_track_count,
        "indicators_off_track": len(m.off_track),
        "activities_delayed": m.progress.delayed,
    }


@transaction.atomic
def summary_refresh(*, programme: Programme) -> MonitoringSummary | None:
    """Count the programme's summary again from its monitoring and save it. A programme
    without reporting periods (not in implementation, or a version whose periods moved to
    the amendment that replaced it) has no summary: one left from before is deleted."""
    m = monitoring(programme)
    if not m.periods:
        MonitoringSummary.objects.filter(programme=programme).delete()
        return None
    summary, _created = MonitoringSummary.objects.update_or_create(
        programme=programme, defaults=summary_figures(m)
    )
    return summary


class _Refresh:
    """The count waiting on the connection for one programme (see `summary_schedule`)."""

    def __init__(self, programme_id: int):
        self.programme_id = programme_id

    def __call__(self) -> None:
        programme = Programme.objects.filter(pk=self.programme_id).first()
        if programme is not None:
            summary_refresh(programme=programme)


def summary_schedule(*, programme_id: int) -> None:
    """Count the programme's summary again once the current transaction commits; once per
    programme, however many times a transaction asks. The callbacks waiting on the connection
    are the record of what is scheduled: a rollback drops them with the changes (as planning
    schedules its own figures). Outside a transaction the count runs at once.

    A count that fails after the commit does not undo what was committed: it is logged, and
    the next change or `manage.py monitoring_summaries` counts again."""
    connection = transaction.get_connection()
    for entry in connection.run_on_commit:
        callback = entry[1]
        if isinstance(callback, _Refresh) and callback.programme_id == programme_id:
            return
    transaction.on_commit(_Refresh(programme_id), robust=True)


def summaries_refresh_all() -> tuple[int, int]:
    """Every programme in implementation counted again, and every other one that carries
    reporting periods (an approved amendment whose implementation has not restarted yet);
    the summaries of programmes without periods deleted. Returns (counted, deleted)."""
    programmes = (
        Programme.objects.filter(
            Q(status=ProgrammeStatus.IN_IMPLEMENTATION) | Q(reporting_periods__isnull=False)
        )
        .exclude(status=ProgrammeStatus.SUPERSEDED)
        .distinct()
        .order_by("pk")
    )
    counted = 0
    for programme in programmes.iterator():
        counted += summary_refresh(programme=programme) is not None
    with_periods = ReportingPeriod.objects.filter(programme_id=OuterRef("programme_id"))
    deleted, _by_model = MonitoringSummary.objects.filter(~Exists(with_periods)).delete()
    return counted, deleted
