"""The chart of an indicator, drawn on the server as SVG (the page, and a PDF later, need no
JavaScript): the baseline, the target of each year, the actual value of each period and, for an
indicator split by sex, women and men. Geometry here, drawing in
templates/monitoring/_indicator_chart.html; the same data as a table is the text alternative."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from planning.selectors.finance import nice_step

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 48, 44


@dataclass
class Point:
    x: float
    y: float
    value: Decimal
    label: str


@dataclass
class Series:
    kind: str  # baseline | target | actual | women | men
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if index == 0 else 'L'}{p.x} {p.y}" for index, p in enumerate(self.points)
        )


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series] = field(default_factory=list)
    ticks: list[tuple[float, Decimal]] = field(default_factory=list)
    years: list[tuple[float, int]] = field(default_factory=list)

    @property
    def label_x(self) -> int:
        return self.left - 8

    @property
    def year_label_y(self) -> int:
        return self.bottom + 18


def indicator_chart(line, programme) -> Chart | None:
    """The chart of an indicator line of the roll-up (selectors.rollup.IndicatorLine); None
    when it has nothing to draw."""
    indicator = line.indicator
    years = list(programme.years)
    base_year = indicator.baseline_year
    if base_year is not None and base_year < years[0]:
        years = [base_year, *years]
    values = list(line.targets.values())
    if indicator.baseline_value is not None:
        values.append(indicator.baseline_value)
    for cell in line.cells:
        if cell.actual is not None:
            values.append(cell.actual.value)
    if not values:
        return None
    top_value = max(max(values), Decimal(0))
    bottom_value = min(min(values), Decimal(0))
    span = top_value - bottom_value or Decimal(1)
    step = nice_step(span)
    axis_top = step * math.ceil(top_value / step) if top_value > 0 else Decimal(0)
    axis_bottom = step * math.floor(bottom_value / step) if bottom_value < 0 else Decimal(0)
    if axis_top == axis_bottom:
        axis_top = axis_bottom + step
    chart = Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM)
    plot_width = chart.right - chart.left
    plot_height = chart.bottom - chart.top

    def y_of(value: Decimal) -> float:
        return round(
            chart.bottom - float((value - axis_bottom) / (axis_top - axis_bottom)) * plot_height, 1
        )

    slot = plot_width / len(years)

    def x_of(year: int, fraction: float = 0.5) -> float:
        return round(chart.left + (years.index(year) + fraction) * slot, 1)

    tick = axis_bottom
    while tick <= axis_top:
        chart.ticks.append((y_of(tick), tick))
        tick += step
    chart.years = [(x_of(year), year) for year in years]
    if indicator.baseline_value is not None and base_year in years:
        chart.series.append(
            Series(
                "baseline",
                [
                    Point(
                        x_of(base_year),
                        y_of(indicator.baseline_value),
                        indicator.baseline_value,
                        str(base_year),
                    )
                ],
            )
        )
    targets = [
        Point(x_of(year), y_of(value), value, str(year))
        for year, value in sorted(line.targets.items())
        if year in years
    ]
    if targets:
        chart.series.append(Series("target", targets))
    for kind in ("actual", "women", "men"):
        points = []
        for cell in line.cells:
            actual = cell.actual
            if actual is None or cell.period.year not in years:
                continue
            value = actual.value if kind == "actual" else getattr(actual, kind)
            if value is None:
                continue
            # a period sits where it ends within its year
            fraction = (cell.period.ends_on.month - 0.5) / 12
            points.append(
                Point(x_of(cell.period.year, fraction), y_of(value), value, str(cell.period.label))
            )
        if points:
            chart.series.append(Series(kind, points))
    return chart
