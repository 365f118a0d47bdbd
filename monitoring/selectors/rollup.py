"""The roll-up of a programme's monitoring: what its pages (and its reports, later) show, from
one selector with a fixed number of queries, whatever the number of indicators, activities and
periods.

Indicators. Each period compares the actual value with the indicator's target of the period's
year. With periods shorter than a year, an indicator that is not cumulative is compared in the
last period of the year only (the others show their value); a cumulative one adds its values up
within the year and compares the sum so far with the yearly target. The share of the target
reached is counted from the baseline (actual − baseline) / (target − baseline), or from zero
where there is no baseline. On track: for a rising indicator, the actual at least the target;
for a falling one (households without water), at most the target; for one to keep, within 5 %
of it.

Activities. The progress of an activity as of a period is its last report up to that period
(none: not started). An objective, goal, direction and the whole programme take the average of
their activities' progress weighted by each activity's planned cost; where none of them is
costed, the plain average (the page says which). Cancelled activities are left out.

Money. Spent against planned, by year and funding source; spending is the sum of what was
reported in the periods of each year."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from planning.models import FundingSource, Indicator, IndicatorTarget, Programme
from planning.selectors.plan import plan_tree

from ..models import (
    ActivityProgress,
    ActivitySpending,
    ActivityStatus,
    IndicatorActual,
    PeriodStatus,
    ReportingPeriod,
)

HANDED_IN = [PeriodStatus.SUBMITTED, PeriodStatus.CLOSED]

ZERO = Decimal(0)
HUNDRED = Decimal(100)
KEEP_TOLERANCE = Decimal("0.05")


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


# --- indicators -----------------------------------------------------------------------------------


@dataclass
class Cell:
    """An indicator in a period."""

    period: ReportingPeriod
    actual: IndicatorActual | None = None
    target: Decimal | None = None
    compared_value: Decimal | None = None  # the value compared with the target (a year's sum)
    compared: bool = False
    reached: Decimal | None = None  # % of the target reached
    on_track: bool | None = None


@dataclass
class IndicatorLine:
    indicator: Indicator
    cells: list[Cell]
    targets: dict[int, Decimal]
    # an indicator the amendment removed: its past values, kept
    removed: bool = False

    @property
    def last_compared(self) -> Cell | None:
        compared = [cell for cell in self.cells if cell.compared]
        return compared[-1] if compared else None

    @property
    def on_track(self) -> bool | None:
        cell = self.last_compared
        return cell.on_track if cell else None


def _on_track(indicator: Indicator, value: Decimal, target: Decimal) -> bool:
    if indicator.direction == Indicator.Direction.DECREASE:
        return value <= target
    if indicator.direction == Indicator.Direction.KEEP:
        return abs(value - target) <= abs(target) * KEEP_TOLERANCE
    return value >= target


def _reached(indicator: Indicator, value: Decimal, target: Decimal) -> Decimal | None:
    base = indicator.baseline_value
    if base is not None and target != base:
        return _percent(value - base, target - base)
    return _percent(value, target)


def _cells(indicator, periods, actuals, targets) -> list[Cell]:
    cells = []
    year_sum: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for period in periods:
        actual = actuals.get((period.pk, indicator.pk))
        cell = Cell(period, actual, targets.get(period.year))
        if actual is not None and indicator.is_cumulative:
            year_sum[period.year] += actual.value
        comparable = indicator.is_cumulative or period.is_last_of_year
        if actual is not None and comparable and cell.target is not None:
            value = year_sum[period.year] if indicator.is_cumulative else actual.value
            cell.compared = True
            cell.compared_value = value
            cell.reached = _reached(indicator, value, cell.target)
            cell.on_track = _on_track(indicator, value, cell.target)
        cells.append(cell)
    return cells


# --- activities -----------------------------------------------------------------------------------


@dataclass
class Progress:
    """The progress of an item of the plan as of a period."""

    percent: Decimal | None = None
    weighted: bool = True  # False: nothing under it is costed, a plain average
    delayed: int = 0
    cancelled: int = 0
    done: int = 0
    activities: int = 0


def _roll(activities, state) -> Progress:
    """The progress of the activities given (state: activity id → (status, percent))."""
    result = Progress(activities=len(activities))
    counted = []
    for activity in activities:
        status, percent = state.get(activity.pk, (ActivityStatus.NOT_STARTED, 0))
        if status == ActivityStatus.CANCELLED:
            result.cancelled += 1
            continue
        result.delayed += status == ActivityStatus.DELAYED
        result.done += status == ActivityStatus.DONE
        counted.append((activity.total, Decimal(percent)))
    if not counted:
        return result
    weight = sum((w for w, _p in counted), ZERO)
    if weight > 0:
        result.percent = (sum((w * p for w, p in counted), ZERO) / weight).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
    else:
        result.weighted = False
        result.percent = (sum((p for _w, p in counted), ZERO) / len(counted)).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
    return result


# --- money ----------------------------------------------------------------------------------------


@dataclass
class MoneyRow:
    year: int
    planned: dict[str, Decimal]
    spent: dict[str, Decimal]

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum(self.spent.values(), ZERO)

    @property
    def spent_percent(self) -> Decimal | None:
        return _percent(self.spent_total, self.planned_total)


# --- the whole ------------------------------------------------------------------------------------


@dataclass
class Monitoring:
    programme: Programme
    periods: list[ReportingPeriod]
    as_of: ReportingPeriod | None
    indicators: list[IndicatorLine]
    tree: object  # planning's plan tree, each item with `progress` (Progress) as of `as_of`
    progress: Progress
    activity_state: dict[int, ActivityProgress]
    removed_activities: list[ActivityProgress]
    money: list[MoneyRow]
    sources: list[tuple[str, str]]
    spent_by_activity: dict[int, Decimal] = field(default_factory=dict)

    @property
    def money_total(self) -> MoneyRow:
        planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
        spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.money:
            for source, amount in row.planned.items():
                planned[source] += amount
            for source, amount in row.spent.items():
                spent[source] += amount
        return MoneyRow(0, dict(planned), dict(spent))

    @property
    def off_track(self) -> list[IndicatorLine]:
        return [line for line in self.indicators if line.on_track is False]

    @property
    def on_track_count(self) -> int:
        return sum(1 for line in self.indicators if line.on_track)


def monitoring(
    programme: Programme, as_of: ReportingPeriod | None = None, *, handed_in_only: bool = False
) -> Monitoring:
    """The programme's monitoring as of a period (by default the last period that has data, or
    the first one): 12 queries, whatever the size of the programme. `handed_in_only`: only the
    periods the ГСМиО handed in (submitted or closed) and their data, as the public sees them;
    a period still being filled is left out."""
    periods_qs = ReportingPeriod.objects.filter(programme=programme)
    if handed_in_only:
        periods_qs = periods_qs.exclude(status=PeriodStatus.OPEN)
    periods = list(periods_qs.order_by("starts_on", "pk"))
    handed_in = {"period__status__in": HANDED_IN} if handed_in_only else {}
    indicators = list(
        Indicator.objects.filter(programme=programme)
        .select_related("goal", "objective")
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by(), to_attr="target_list")
        )
        .order_by("sort_order", "pk")
    )
    actual_rows = list(
        IndicatorActual.objects.filter(period__programme=programme, **handed_in)
        .select_related("indicator", "entered_by")
        .order_by()
    )
    actuals = {(a.period_id, a.indicator_id): a for a in actual_rows}
    tree = plan_tree(programme)
    progress_rows = list(
        ActivityProgress.objects.filter(period__programme=programme, **handed_in)
        .select_related("activity")
        .order_by("period__starts_on", "pk")
    )
    spending = list(
        ActivitySpending.objects.filter(
            progress__period__programme=programme,
            **{f"progress__{key}": value for key, value in handed_in.items()},
        ).values_list("progress__period__year", "progress__activity_id", "source", "amount")
    )

    if as_of is None:
        with_data = {a.period_id for a in actual_rows} | {p.period_id for p in progress_rows}
        reported = [p for p in periods if p.pk in with_data]
        as_of = reported[-1] if reported else (periods[0] if periods else None)

    lines = []
    for indicator in indicators:
        targets = {t.year: t.value for t in indicator.target_list}
        lines.append(
            IndicatorLine(indicator, _cells(indicator, periods, actuals, targets), targets)
        )
    known = {indicator.pk for indicator in indicators}
    removed: dict[int, Indicator] = {}
    for actual in actual_rows:
        if actual.indicator_id not in known:
            removed.setdefault(actual.indicator_id, actual.indicator)
    for indicator in removed.values():
        lines.append(IndicatorLine(indicator, _cells(indicator, periods, actuals, {}), {}, True))

    # the state of each activity as of `as_of`: its last report up to that period
    order = {period.pk: index for index, period in enumerate(periods)}
    limit = order.get(as_of.pk, -1) if as_of else -1
    state: dict[int, ActivityProgress] = {}
    for row in progress_rows:
        if order.get(row.period_id, len(periods)) <= limit:
            state[row.activity_id] = row
    status_of = {pk: (row.status, row.percent) for pk, row in state.items()}

    activities_in_tree = []
    for direction in tree.directions:
        direction_activities = []
        for goal in direction.children:
            goal_activities = []
            for objective in goal.children:
                objective.progress = _roll(objective.children, status_of)
                for activity in objective.children:
                    activity.report = state.get(activity.pk)
                goal_activities += objective.children
            goal.progress = _roll(goal_activities, status_of)
            direction_activities += goal_activities
        direction.progress = _roll(direction_activities, status_of)
        activities_in_tree += direction_activities
    in_tree = {activity.pk for activity in activities_in_tree}
    removed_activities = [row for pk, row in state.items() if pk not in in_tree]

    years = programme.years
    planned: dict[int, dict[str, Decimal]] = {year: defaultdict(lambda: ZERO) for year in years}
    for activity in activities_in_tree:
        for cost in activity.cost_list:
            planned.setdefault(cost.year, defaultdict(lambda: ZERO))[cost.source] += cost.amount
    spent: dict[int, dict[str, Decimal]] = {year: defaultdict(lambda: ZERO) for year in years}
    spent_by_activity: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for year, activity_id, source, amount in spending:
        spent.setdefault(year, defaultdict(lambda: ZERO))[source] += amount
        spent_by_activity[activity_id] += amount
    money = [
        MoneyRow(year, dict(planned.get(year, {})), dict(spent.get(year, {})))
        for year in sorted(set(planned) | set(spent))
    ]
    used = {s for row in money for s in (*row.planned, *row.spent)}
    sources = [(value, label) for value, label in FundingSource.choices if value in used]
    return Monitoring(
        programme=programme,
        periods=periods,
        as_of=as_of,
        indicators=lines,
        tree=tree,
        progress=_roll(activities_in_tree, status_of),
        activity_state=state,
        removed_activities=removed_activities,
        money=money,
        sources=sources,
        spent_by_activity=dict(spent_by_activity),
    )
