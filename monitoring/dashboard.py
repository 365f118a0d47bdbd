"""What monitoring adds to the reviewers' dashboard (planning's extension points): for each
municipality, how the implementation of its programme goes — progress of the plan, money spent
against planned, indicators on and off track, activities delayed, the last report presented
to the council, periods overdue — a filter on these, and a chart comparing the
municipalities. Project staff who follow about thirty municipalities see on one screen where
to go next.

The programme of a row is the one whose implementation is monitored: the municipality's
newest version, not superseded, that has a monitoring summary (every programme with reporting
periods has one, `services.summary`). It is the current programme once it is in
implementation; while an amendment is drafted it is still the version in force, which carries
the periods. A municipality without one has empty cells.

Every figure comes from annotations of the dashboard's one query (subqueries on
`MonitoringSummary`, `MonitoringReport` and `ReportingPeriod` by the municipality), so the page
and its .xlsx take the same number of queries for 5 municipalities and for 500, and every
column sorts in the database. The chart reads the same filtered and sorted rows in one more
query."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planning.extensions import (
    DashboardColumn,
    DashboardFilter,
    DashboardPanel,
    dashboard_columns,
    dashboard_filters,
    dashboard_panels,
)
from planning.models import ProgrammeStatus

from .models import DUE_AFTER, MonitoringReport, MonitoringSummary, PeriodStatus, ReportingPeriod

SUPERSEDED = ProgrammeStatus.SUPERSEDED
# The chart compares at most this many municipalities (the first in the table's order): the
# project follows about thirty; past that the bars stop being readable on a phone.
CHART_LIMIT = 30


def today() -> date:
    """The day periods are overdue on (a function, so that a test can fix it)."""
    return timezone.localdate()


# --- the annotations ------------------------------------------------------------------------------


def _summaries():
    """The municipality's monitored programme's summary first (see the module's description)."""
    return (
        MonitoringSummary.objects.filter(programme__municipality=OuterRef("pk"))
        .exclude(programme__status=SUPERSEDED)
        .order_by("-programme__start_year", "-programme__version", "-programme_id")
    )


def _figure(name: str, output_field):
    return Subquery(_summaries().values(name)[:1], output_field=output_field)


def _programme() -> dict:
    """The id of the monitored programme (None: no programme in implementation)."""
    return {"monitoring_programme": _figure("programme_id", IntegerField())}


def _progress() -> dict:
    return {**_programme(), "monitoring_progress": _figure("progress", IntegerField())}


def _money() -> dict:
    money = DecimalField(max_digits=16, decimal_places=1)
    return {
        **_programme(),
        "monitoring_spent_percent": _figure("spent_percent", IntegerField()),
        "monitoring_planned": _figure("planned", money),
        "monitoring_spent": _figure("spent", money),
    }


def _count(name: str, field: str):
    return lambda: {name: _figure(field, IntegerField())}


def _last_report() -> dict:
    """The day the latest report of the programme's periods was presented to the council, and
    its period (the cell links to the report)."""
    presented = MonitoringReport.objects.filter(
        period__programme_id=OuterRef("monitoring_programme"),
        presented_to_council_on__isnull=False,
    ).order_by("-presented_to_council_on", "-period__starts_on")
    return {
        **_programme(),
        "monitoring_last_report": Subquery(
            presented.values("presented_to_council_on")[:1], output_field=DateField()
        ),
        "monitoring_last_report_period": Subquery(
            presented.values("period_id")[:1], output_field=IntegerField()
        ),
    }


def _overdue() -> dict:
    """Open periods past their due day (`ReportingPeriod.due_on`: the end + DUE_AFTER) today."""
    overdue = (
        ReportingPeriod.objects.filter(
            programme_id=OuterRef("monitoring_programme"),
            status=PeriodStatus.OPEN,
            ends_on__lt=today() - DUE_AFTER,
        )
        .order_by()
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        **_programme(),
        "monitoring_overdue": Case(
            When(monitoring_programme__isnull=False, then=Coalesce(Subquery(overdue), Value(0))),
            default=None,
            output_field=IntegerField(),
        ),
    }


# --- the columns ----------------------------------------------------------------------------------

CELLS = "monitoring/dashboard/"
MONEY_FORMAT = "#,##0.0"

COLUMNS = [
    DashboardColumn(
        "progress",
        gettext_lazy("Выполнение, %"),
        annotate=_progress,
        value=lambda row: row.monitoring_progress,
        sort="monitoring_progress",
        template=f"{CELLS}cell_progress.html",
        numeric=True,
        export_format="0",
        order=60,
    ),
    DashboardColumn(
        "spent",
        gettext_lazy("Израсходовано, % плана"),
        annotate=_money,
        value=lambda row: row.monitoring_spent_percent,
        sort="monitoring_spent_percent",
        template=f"{CELLS}cell_spent.html",
        numeric=True,
        export_format="0",
        order=61,
    ),
    DashboardColumn(
        "planned_money",
        gettext_lazy("Запланировано до периода, тыс. сом"),
        annotate=_money,
        value=lambda row: row.monitoring_planned,
        sort="monitoring_planned",
        numeric=True,
        export_width=18,
        export_format=MONEY_FORMAT,
        order=62,
        on_page=False,
    ),
    DashboardColumn(
        "spent_money",
        gettext_lazy("Израсходовано, тыс. сом"),
        annotate=_money,
        value=lambda row: row.monitoring_spent,
        sort="monitoring_spent",
        numeric=True,
        export_width=18,
        export_format=MONEY_FORMAT,
        order=63,
        on_page=False,
    ),
    DashboardColumn(
        "on_track",
        gettext_lazy("Индикаторы в норме"),
        annotate=_count("monitoring_on_track", "indicators_on_track"),
        value=lambda row: row.monitoring_on_track,
        sort="monitoring_on_track",
        numeric=True,
        export_format="0",
        order=64,
    ),
    DashboardColumn(
        "off_track",
        gettext_lazy("Индикаторы отстают"),
        annotate=_count("monitoring_off_track", "indicators_off_track"),
        value=lambda row: row.monitoring_off_track,
        sort="monitoring_off_track",
        template=f"{CELLS}cell_count.html",
        numeric=True,
        export_format="0",
        order=65,
    ),
    DashboardColumn(
        "delayed",
        gettext_lazy("Мероприятия задерживаются"),
        annotate=_count("monitoring_delayed", "activities_delayed"),
        value=lambda row: row.monitoring_delayed,
        sort="monitoring_delayed",
        template=f"{CELLS}cell_count.html",
        numeric=True,
        export_format="0",
        order=66,
    ),
    DashboardColumn(
        "last_report",
        gettext_lazy("Последний отчёт кенешу"),
        annotate=_last_report,
        value=lambda row: row.monitoring_last_report,
        sort="monitoring_last_report",
        template=f"{CELLS}cell_report.html",
        export_format="DD.MM.YYYY",
        order=67,
    ),
    DashboardColumn(
        "overdue",
        gettext_lazy("Просрочено периодов"),
        annotate=_overdue,
        value=lambda row: row.monitoring_overdue,
        sort="monitoring_overdue",
        template=f"{CELLS}cell_count.html",
        numeric=True,
        export_format="0",
        order=68,
    ),
]


# --- the filter -----------------------------------------------------------------------------------

IN_IMPLEMENTATION = "implementation"
OVERDUE = "overdue"
OFF_TRACK = "off_track"
DELAYED = "delayed"

FILTER_CHOICES = [
    ("", gettext_lazy("все")),
    (IN_IMPLEMENTATION, gettext_lazy("в реализации")),
    (OVERDUE, gettext_lazy("с просроченными периодами")),
    (OFF_TRACK, gettext_lazy("с отстающими индикаторами")),
    (DELAYED, gettext_lazy("с задержанными мероприятиями")),
]


def _filter_field() -> forms.Field:
    return forms.ChoiceField(
        label=gettext_lazy("Мониторинг"), required=False, choices=FILTER_CHOICES
    )


def _keep(rows, value):
    """The municipalities whose monitored programme is in the state chosen (the filters run
    before the columns' annotations: the programme is found here again)."""
    programme = OuterRef("monitoring_filter_programme")
    if value == IN_IMPLEMENTATION:
        where = None
    elif value == OVERDUE:
        where = Exists(
            ReportingPeriod.objects.filter(
                programme_id=programme,
                status=PeriodStatus.OPEN,
                ends_on__lt=today() - DUE_AFTER,
            )
        )
    elif value in (OFF_TRACK, DELAYED):
        figure = "indicators_off_track" if value == OFF_TRACK else "activities_delayed"
        where = Exists(
            MonitoringSummary.objects.filter(programme_id=programme, **{f"{figure}__gt": 0})
        )
    else:
        return rows
    rows = rows.alias(monitoring_filter_programme=_figure("programme_id", IntegerField())).filter(
        monitoring_filter_programme__isnull=False
    )
    return rows.filter(where) if where is not None else rows


FILTER = DashboardFilter("monitoring", field=_filter_field, apply=_keep, order=60)


# --- the chart ------------------------------------------------------------------------------------

WIDTH = 400  # the viewBox's width: the chart is scaled to the width of the page (at most 30rem)
ROW = 56  # one municipality: its name, then two bars
BAR = 11
NAME_MAX = 42  # characters of a name drawn; the whole name is in the bar's tooltip and the table
VALUE_ROOM = 54  # room right of the longest bar for its value
AXIS_ROOM = 24  # the axis' labels under the bars


@dataclass
class Bar:
    kind: str  # progress | spent
    percent: int | None
    y: int
    width: float
    value_x: float
    value_y: int
    shown: str


@dataclass
class Group:
    name: str
    label: str  # the name as drawn (shortened when long)
    label_y: int
    bars: list[Bar]
    planned: Decimal | None
    spent: Decimal | None


@dataclass
class Comparison:
    groups: list[Group]
    ticks: list[tuple[float, int]]  # (x, percent)
    full: float  # x of 100 %
    width: int
    height: int
    plot_bottom: int
    description: str


def _shown(percent) -> str:
    return "—" if percent is None else f"{percent} %"


def comparison_chart(rows) -> Comparison:
    """Horizontal bars of progress % and spent % for each row, in the rows' order. The scale
    runs to 100 %, or further when money spent passes the plan (at most to 200 %: a longer bar
    stops at the edge and its value says how far it goes)."""
    values = [
        v for row in rows for v in (row.monitoring_progress, row.monitoring_spent_percent) if v
    ]
    top = max([100, *values])
    axis = 100 if top <= 100 else min(200, 50 * -(-top // 50))
    plot = WIDTH - VALUE_ROOM

    def x_of(percent: int) -> float:
        return round(plot * min(percent, axis) / axis, 1)

    groups = []
    for index, row in enumerate(rows):
        y = index * ROW
        bars = []
        for offset, kind, percent in (
            (21, "progress", row.monitoring_progress),
            (35, "spent", row.monitoring_spent_percent),
        ):
            width = x_of(percent) if percent else 0
            if percent and width < 1.5:
                width = 1.5  # a small value still shows a bar
            bars.append(
                Bar(
                    kind=kind,
                    percent=percent,
                    y=y + offset,
                    width=width,
                    value_x=round(width + 5, 1),
                    value_y=y + offset + BAR - 1,  # the value's baseline, beside its bar
                    shown=_shown(percent),
                )
            )
        name = str(row.name)
        label = name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"
        groups.append(
            Group(
                name=name,
                label=label,
                label_y=y + 15,
                bars=bars,
                planned=row.monitoring_planned,
                spent=row.monitoring_spent,
            )
        )
    plot_bottom = len(groups) * ROW
    ticks = [(x_of(p), p) for p in range(0, axis + 1, 50)]
    description = "; ".join(
        _("%(name)s: выполнение %(progress)s, израсходовано %(spent)s плана")
        % {"name": g.name, "progress": g.bars[0].shown, "spent": g.bars[1].shown}
        for g in groups
    )
    return Comparison(
        groups=groups,
        ticks=ticks,
        full=x_of(100),
        width=WIDTH,
        height=plot_bottom + AXIS_ROOM,
        plot_bottom=plot_bottom,
        description=f"{description}.",
    )


def _chart(rows):
    """The chart's data from the dashboard's rows: those with a programme in implementation,
    in the table's order, at most CHART_LIMIT of them. One query."""
    monitored = rows.annotate(**{**_progress(), **_money()}).filter(
        monitoring_programme__isnull=False
    )
    picked = list(monitored[: CHART_LIMIT + 1])
    if not picked:
        return None
    return {
        "chart": comparison_chart(picked[:CHART_LIMIT]),
        "more": len(picked) > CHART_LIMIT,
        "limit": CHART_LIMIT,
    }


PANEL = DashboardPanel(
    "monitoring-chart",
    gettext_lazy("Выполнение и расходы по муниципалитетам"),
    f"{CELLS}chart.html",
    data=_chart,
    order=60,
)


def register() -> None:
    for column in COLUMNS:
        dashboard_columns.register(column)
    dashboard_filters.register(FILTER)
    dashboard_panels.register(PANEL)


def unregister() -> None:
    for column in COLUMNS:
        dashboard_columns.unregister(column.key)
    dashboard_filters.unregister(FILTER.key)
    dashboard_panels.unregister(PANEL.key)
