"""When the council approves an amended version of a programme in implementation, what the
ГСМиО reported stays with the programme: its periods move to the new version, each actual to
the new version's indicator that continues it (the same `lineage`, kept by the version copy),
each activity's progress to the activity that continues it, the findings on a direction to the
direction that continues it; the annual reports move with the periods. An indicator or activity the
amendment removed keeps its past data, in the old version, and the monitoring page shows it as
such. Monitoring rows are never copied.

The move is one UPDATE per kind of row, without the freeze guard's signals: it does not change
what was reported, only which version it hangs from, and closed periods move as they are."""

from django.db import transaction

from planning.models import Activity, Direction, Indicator, Programme

from ..models import (
    ActivityProgress,
    AnnualReport,
    DirectionFinding,
    IndicatorActual,
    ReportingPeriod,
)
from .periods import _build, _save_all
from .summary import summary_schedule


def _follow(model, old: Programme, new: Programme) -> dict[int, int]:
    """old item id → the new version's item with the same lineage."""
    new_by_lineage = dict(model.objects.filter(programme=new).values_list("lineage", "pk"))
    return {
        pk: new_by_lineage[lineage]
        for pk, lineage in model.objects.filter(programme=old).values_list("pk", "lineage")
        if lineage in new_by_lineage
    }


@transaction.atomic
def monitoring_follow(*, old: Programme, new: Programme, actor=None) -> int:
    """Move the monitoring of `old` to `new` (see the module's description). Returns the
    number of periods moved."""
    periods = list(ReportingPeriod.objects.filter(programme=old).values_list("pk", flat=True))
    if not periods:
        return 0
    for model, item, field in (
        (IndicatorActual, Indicator, "indicator"),
        (ActivityProgress, Activity, "activity"),
    ):
        for old_id, new_id in _follow(item, old, new).items():
            model.objects.filter(period_id__in=periods, **{f"{field}_id": old_id}).update(
                **{f"{field}_id": new_id}
            )
    # the ГСМиО's findings on a direction follow the direction, like the data
    for old_id, new_id in _follow(Direction, old, new).items():
        DirectionFinding.objects.filter(report__period_id__in=periods, direction_id=old_id).update(
            direction_id=new_id
        )
    AnnualReport.objects.filter(programme=old).update(programme=new)
    ReportingPeriod.objects.filter(pk__in=periods).update(programme=new)
    # years the new version adds get their periods, at the frequency chosen before
    frequency = (
        ReportingPeriod.objects.filter(pk__in=periods).values_list("frequency", flat=True).first()
    )
    covered = set(ReportingPeriod.objects.filter(programme=new).values_list("year", flat=True))
    missing = [p for p in _build(new, frequency) if p.year not in covered]
    _save_all(missing, actor)
    # the new version gets the summary; the old one, without periods now, loses its own
    summary_schedule(programme_id=new.pk)
    summary_schedule(programme_id=old.pk)
    return len(periods)
