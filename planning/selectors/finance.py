"""The financial model of a programme: planned costs against the forecast of resources,
per year and funding source, the funding gap, and the geometry of its bar chart."""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Sum

from ..models import ActivityCost, FundingSource, Programme

ZERO = Decimal("0")


@dataclass
class SourceLine:
    """One funding source in one year (or over the whole period)."""

    source: str
    label: str
    planned: Decimal = ZERO
    forecast: Decimal = ZERO

    @property
    def gap(self) -> Decimal:
        """Planned minus forecast: positive is a shortfall, negative a reserve."""
        return self.planned - self.forecast

    @property
    def is_shortfall(self) -> bool:
        return self.gap > 0

    @property
    def abs_gap(self) -> Decimal:
        return abs(self.gap)

    @property
    def is_empty(self) -> bool:
        return not self.planned and not self.forecast


@dataclass
class YearRow:
    """A year (or the whole period) of the financial model: its lines, made once, and their
    sums, computed once (a table asks for each several times)."""

    year: int
    lines: list[SourceLine]

    @cached_property
    def planned(self) -> Decimal:
        return sum((line.planned for line in self.lines), ZERO)

    @cached_property
    def forecast(self) -> Decimal:
        return sum((line.forecast for line in self.lines), ZERO)

    @property
    def gap(self) -> Decimal:
        return self.planned - self.forecast

    @property
    def is_shortfall(self) -> bool:
        return self.gap > 0

    @property
    def abs_gap(self) -> Decimal:
        return abs(self.gap)

    @property
    def is_empty(self) -> bool:
        return not self.planned and not self.forecast

    @property
    def shown_lines(self) -> list[SourceLine]:
        """The sources with a plan or a forecast in this year."""
        return [line for line in self.lines if not line.is_empty]


@dataclass
class Bar:
    kind: str  # "planned" | "forecast"
    value: Decimal
    x: float
    y: float
    width: float
    height: float


@dataclass
class BarGroup:
    year: int
    label_x: float
    planned: Bar
    forecast: Bar


@dataclass
class Tick:
    value: Decimal
    y: float

    @property
    def label_y(self) -> float:
        return round(self.y + 4, 1)


@dataclass
class Chart:
    """Geometry of an SVG bar chart in user units of its viewBox (0 0 width height)."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    axis_max: Decimal
    groups: list[BarGroup] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)

    @property
    def label_x(self) -> int:
        """Where the tick labels end (right-aligned left of the axis)."""
        return self.left - 8

    @property
    def unit_label_y(self) -> int:
        return self.top - 12

    @property
    def legend_text_x(self) -> int:
        return self.left + 20

    @property
    def legend(self) -> list[dict]:
        """Swatch and text positions of the two legend lines above the plot."""
        return [
            {"kind": kind, "y": 8 + 20 * index, "text_y": 20 + 20 * index}
            for index, kind in enumerate(("planned", "forecast"))
        ]

    @property
    def year_label_y(self) -> int:
        return self.bottom + 18

    @property
    def axis_title_y(self) -> int:
        return self.bottom + 38

    @property
    def center_x(self) -> float:
        return round((self.left + self.right) / 2, 1)


CHART_WIDTH, CHART_HEIGHT = 640, 320
CHART_LEFT, CHART_RIGHT_MARGIN, CHART_TOP, CHART_BOTTOM_MARGIN = 80, 16, 56, 48


def nice_step(max_value: Decimal, ticks: int = 4) -> Decimal:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that divides 0…max_value into about `ticks` parts."""
    raw = max_value / ticks
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    for multiple in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        step = multiple * magnitude
        if raw <= step:
            return step.normalize()
    return (10 * magnitude).normalize()  # pragma: no cover - the loop always returns


def chart_geometry(rows: list[YearRow]) -> Chart | None:
    """Two bars per year, planned and forecast, scaled to the largest value; None when every
    value is zero (the page then says so instead of drawing an empty chart)."""
    max_value = max([row.planned for row in rows] + [row.forecast for row in rows], default=ZERO)
    if max_value <= 0:
        return None
    step = nice_step(max_value)
    axis_max = step * math.ceil(max_value / step)
    chart = Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        left=CHART_LEFT,
        right=CHART_WIDTH - CHART_RIGHT_MARGIN,
        top=CHART_TOP,
        bottom=CHART_HEIGHT - CHART_BOTTOM_MARGIN,
        axis_max=axis_max,
    )
    plot_height = chart.bottom - chart.top
    plot_width = chart.right - chart.left

    def y_of(value: Decimal) -> float:
        return round(chart.bottom - float(value / axis_max) * plot_height, 1)

    tick = ZERO
    while tick <= axis_max:
        chart.ticks.append(Tick(tick, y_of(tick)))
        tick += step

    group_width = plot_width / len(rows)
    bar_width = round(min(group_width * 0.34, 56.0), 1)
    spacing = 4.0
    for index, row in enumerate(rows):
        group_x = chart.left + index * group_width
        first_x = group_x + (group_width - 2 * bar_width - spacing) / 2
        bars = []
        for kind, value, x in (
            ("planned", row.planned, first_x),
            ("forecast", row.forecast, first_x + bar_width + spacing),
        ):
            height = round(float(value / axis_max) * plot_height, 1)
            if value > 0:
                height = max(height, 1.0)  # a small amount stays visible
            bars.append(
                Bar(kind, value, round(x, 1), round(chart.bottom - height, 1), bar_width, height)
            )
        chart.groups.append(
            BarGroup(row.year, round(group_x + group_width / 2, 1), bars[0], bars[1])
        )
    return chart


def planned_costs(programme: Programme):
    """The activities' costs summed by year and funding source, as `(year, source, amount)`
    (one query)."""
    return (
        ActivityCost.objects.filter(activity__programme=programme)
        .values("year", "source")
        .annotate(amount=Sum("amount"))
        .order_by()
        .values_list("year", "source", "amount")
    )


def financial_model(
    programme: Programme, costs: Iterable[tuple[int, str, Decimal]] | None = None
) -> dict:
    """Per programme year and funding source: the planned cost (the activities' costs, one
    aggregate query), the forecast of resources (one query), the gap = planned − forecast,
    a warning wherever the plan exceeds the forecast, totals for the period and the chart.

    `costs`: the activities' costs as `(year, source, amount)`, when the caller has loaded
    them already (the public page, for its plan): summed here instead of queried."""
    years = programme.years
    sources = list(FundingSource.choices)

    if costs is None:
        costs = planned_costs(programme)
    planned: dict[tuple[int, str], Decimal] = {}
    outside: dict[int, Decimal] = defaultdict(Decimal)
    for year, source, amount in costs:
        if year in years:
            planned[(year, source)] = planned.get((year, source), ZERO) + (amount or ZERO)
        else:
            outside[year] += amount or ZERO

    forecast: dict[tuple[int, str], Decimal] = {}
    forecast_outside: dict[int, Decimal] = defaultdict(Decimal)
    for row in programme.resource_forecasts.all():
        if row.year in years:
            forecast[(row.year, row.source)] = row.amount
        else:
            forecast_outside[row.year] += row.amount

    rows = [
        YearRow(
            year,
            [
                SourceLine(
                    source,
                    str(label),
                    planned.get((year, source), ZERO),
                    forecast.get((year, source), ZERO),
                )
                for source, label in sources
            ],
        )
        for year in years
    ]
    period_lines = [
        SourceLine(
            source,
            str(label),
            sum((planned.get((year, source), ZERO) for year in years), ZERO),
            sum((forecast.get((year, source), ZERO) for year in years), ZERO),
        )
        for source, label in sources
    ]
    period = YearRow(0, period_lines)
    warnings = [
        {"year": row.year, "line": line} for row in rows for line in row.lines if line.is_shortfall
    ]
    return {
        "years": years,
        "rows": rows,
        "period": period,
        "warnings": warnings,
        "has_data": bool(planned or forecast),
        "years_without_forecast": [
            year for year in years if not any((year, source) in forecast for source, _ in sources)
        ],
        "planned_outside_period": sorted(outside.items()),
        "forecast_outside_period": sorted(forecast_outside.items()),
        "chart": chart_geometry(rows),
        "forecast_values": forecast,
    }
