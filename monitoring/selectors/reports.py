"""What the reports show, for their pages and their documents alike: the figures come from the
roll-up of the monitoring data (selectors.rollup), never from what someone typed into the
report; the typed texts are the findings, the recommendations, the ОМСУ's summary and the
council's response. Each selector runs a fixed number of queries, whatever the size of the
programme."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from planning.models import (
    CitizenProposal,
    FundingSource,
    Programme,
    ProposalDecision,
    ProposalStatus,
)

from ..models import (
    ActivitySpending,
    ActivityStatus,
    AnnualReport,
    DirectionFinding,
    MonitoringGroup,
    MonitoringGroupMember,
    MonitoringReport,
    ReportingPeriod,
)
from .rollup import ZERO, MoneyRow, Monitoring, _percent, monitoring

# Citizens' proposals that the working group took into account.
TAKEN_INTO_ACCOUNT = (ProposalDecision.ACCEPTED, ProposalDecision.PARTLY)


@dataclass
class IndicatorRow:
    """An indicator in the report: its cell of the report's period (or of the year's last)."""

    line: object  # rollup.IndicatorLine
    cell: object  # rollup.Cell

    @property
    def indicator(self):
        return self.line.indicator


@dataclass
class DirectionRow:
    direction: object  # the plan tree's direction, with `progress`
    finding: DirectionFinding | None = None


@dataclass
class LateActivity:
    activity: object
    status: str
    percent: int
    reason: str

    def get_status_display(self) -> str:
        return ActivityStatus(self.status).label


def _indicator_rows(m: Monitoring, periods: list[ReportingPeriod]) -> list[IndicatorRow]:
    """Each indicator's cell in the last of `periods` that compares it with its target, else in
    the last of them (what the report says of the indicator)."""
    keys = {period.pk for period in periods}
    rows = []
    for line in m.indicators:
        if line.removed:
            continue
        cells = [cell for cell in line.cells if cell.period.pk in keys]
        if not cells:
            continue
        compared = [cell for cell in cells if cell.compared]
        rows.append(IndicatorRow(line, compared[-1] if compared else cells[-1]))
    return rows


def _late(m: Monitoring) -> list[LateActivity]:
    """Activities delayed or cancelled as of the roll-up's period, with the reason given."""
    late = []
    for direction in m.tree.directions:
        for goal in direction.children:
            for objective in goal.children:
                for activity in objective.children:
                    report = activity.report
                    if report is not None and report.status in (
                        ActivityStatus.DELAYED,
                        ActivityStatus.CANCELLED,
                    ):
                        late.append(
                            LateActivity(activity, report.status, report.percent, report.comment)
                        )
    return late


@dataclass
class SourceRow:
    source: str
    label: str
    planned: Decimal
    spent: Decimal

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.spent, self.planned)


def source_rows(money: MoneyRow) -> list[SourceRow]:
    """The money of a year by funding source (those planned or spent), in the plan's order."""
    return [
        SourceRow(source, label, money.planned.get(source, ZERO), money.spent.get(source, ZERO))
        for source, label in FundingSource.choices
        if source in money.planned or source in money.spent
    ]


def _year_money(m: Monitoring, year: int) -> MoneyRow:
    for row in m.money:
        if row.year == year:
            return row
    return MoneyRow(year, {}, {})


def _members(municipality_id: int) -> tuple[MonitoringGroup | None, list[MonitoringGroupMember]]:
    group = MonitoringGroup.objects.filter(municipality_id=municipality_id).first()
    if group is None:
        return None, []
    return group, list(group.members.order_by("full_name", "pk"))


# --- the ГСМиО's report of a period ---------------------------------------------------------------


@dataclass
class PeriodReport:
    period: ReportingPeriod
    report: MonitoringReport | None
    m: Monitoring
    indicators: list[IndicatorRow]
    directions: list[DirectionRow]
    money: MoneyRow  # the period's year: planned and spent so far
    late: list[LateActivity]
    group: MonitoringGroup | None
    members: list[MonitoringGroupMember]

    @property
    def off_track(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.cell.compared and not row.cell.on_track]

    @property
    def money_rows(self) -> list[SourceRow]:
        return source_rows(self.money)

    @property
    def population_total(self) -> int | None:
        report = self.report
        if report is None or report.population_women is None:
            return None
        return report.population_women + (report.population_men or 0)


def period_report(period: ReportingPeriod, report: MonitoringReport | None = None) -> PeriodReport:
    """The report of a period with its figures (the roll-up as of the period): 15 queries."""
    programme = period.programme
    if report is None:
        report = MonitoringReport.objects.filter(period=period).first()
    m = monitoring(programme, as_of=period)
    findings = {}
    if report is not None:
        findings = {f.direction_id: f for f in DirectionFinding.objects.filter(report=report)}
    directions = [DirectionRow(d, findings.get(d.pk)) for d in m.tree.directions]
    group, members = _members(programme.municipality_id)
    return PeriodReport(
        period=period,
        report=report,
        m=m,
        indicators=_indicator_rows(m, [period]),
        directions=directions,
        money=_year_money(m, period.year),
        late=_late(m),
        group=group,
        members=members,
    )


# --- the annual implementation report --------------------------------------------------------


@dataclass
class YearActivity:
    activity: object
    direction: object
    planned: Decimal  # planned for the year
    spent: Decimal  # spent in the year
    status: str
    percent: int

    def get_status_display(self) -> str:
        return ActivityStatus(self.status).label


@dataclass
class Year:
    programme: Programme
    year: int
    report: AnnualReport | None
    m: Monitoring
    periods: list[ReportingPeriod]
    activities: list[YearActivity]
    money: MoneyRow
    indicators: list[IndicatorRow]
    late: list[LateActivity]
    proposals: list[CitizenProposal]
    period_reports: list[MonitoringReport] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for a in self.activities if a.status == ActivityStatus.DONE)

    @property
    def planned_total(self) -> Decimal:
        return sum((a.planned for a in self.activities), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum((a.spent for a in self.activities), ZERO)

    @property
    def off_track(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.cell.compared and not row.cell.on_track]

    @property
    def money_rows(self) -> list[SourceRow]:
        return source_rows(self.money)


def _in_year(activity, year: int) -> bool:
    """An activity of the year: it has a cost that year, or runs during it."""
    if any(cost.year == year for cost in activity.cost_list):
        return True
    start, end = activity.start_date, activity.end_date
    if start is None and end is None:
        return False
    return (start.year if start else year) <= year <= (end.year if end else year)


def _line_ids(programme: Programme) -> list[int]:
    """The programme and the versions before it (each version is a query; there are few)."""
    ids = [programme.pk]
    previous = programme.previous_version_id
    while previous is not None:
        ids.append(previous)
        previous = (
            Programme.objects.filter(pk=previous).values_list("previous_version_id", flat=True)
        ).first()
    return ids


def proposals_taken_into_account(programme: Programme) -> list[CitizenProposal]:
    """The citizens' proposals of the programme's consultations (of this version and those
    before it) that the working group accepted, fully or in part."""
    return list(
        CitizenProposal.objects.filter(
            programme_id__in=_line_ids(programme),
            status=ProposalStatus.PUBLISHED,
            decision__in=TAKEN_INTO_ACCOUNT,
        )
        .select_related("village")
        .order_by("created_at", "pk")
    )


def annual_report(programme: Programme, year: int, report: AnnualReport | None = None) -> Year:
    """The year of the programme as the annual report tells it (the roll-up as of the year's
    last period): a fixed number of queries."""
    if report is None:
        report = AnnualReport.objects.filter(programme=programme, year=year).first()
    periods = list(
        ReportingPeriod.objects.filter(programme=programme, year=year).order_by("starts_on")
    )
    as_of = periods[-1] if periods else None
    m = monitoring(programme, as_of=as_of)
    spent_in_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for activity_id, amount in (
        ActivitySpending.objects.filter(
            progress__period__programme=programme, progress__period__year=year
        )
        .values("progress__activity_id")
        .annotate(amount=Sum("amount"))
        .order_by()
        .values_list("progress__activity_id", "amount")
    ):
        spent_in_year[activity_id] = amount
    activities = []
    for direction in m.tree.directions:
        for goal in direction.children:
            for objective in goal.children:
                for activity in objective.children:
                    if not _in_year(activity, year) and activity.pk not in spent_in_year:
                        continue
                    state = activity.report
                    activities.append(
                        YearActivity(
                            activity=activity,
                            direction=direction,
                            planned=sum(
                                (c.amount for c in activity.cost_list if c.year == year), ZERO
                            ),
                            spent=spent_in_year.get(activity.pk, ZERO),
                            status=state.status if state else ActivityStatus.NOT_STARTED,
                            percent=state.percent if state else 0,
                        )
                    )
    period_reports = list(
        MonitoringReport.objects.filter(period__in=[p.pk for p in periods]).select_related("period")
    )
    return Year(
        programme=programme,
        year=year,
        report=report,
        m=m,
        periods=periods,
        activities=activities,
        money=_year_money(m, year),
        indicators=_indicator_rows(m, periods),
        late=_late(m) if as_of else [],
        proposals=proposals_taken_into_account(programme),
        period_reports=period_reports,
    )


# --- the reports of a programme ------------------------------------------------------------------


@dataclass
class ReportsList:
    periods: list[ReportingPeriod]  # each with `report` (None: not written)
    years: list[tuple[int, AnnualReport | None]]


def reports_of(programme: Programme, years: list[int]) -> ReportsList:
    """Every period with its report, and every year with its annual report (3 queries)."""
    periods = list(ReportingPeriod.objects.filter(programme=programme).order_by("starts_on"))
    reports = {
        r.period_id: r for r in MonitoringReport.objects.filter(period__in=[p.pk for p in periods])
    }
    for period in periods:
        period.monitoring_report = reports.get(period.pk)
    annual = {r.year: r for r in AnnualReport.objects.filter(programme=programme)}
    return ReportsList(periods, [(year, annual.get(year)) for year in years])
