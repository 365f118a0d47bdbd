"""Bar charts drawn on the server as SVG (no script, nothing from another host): each bar has
its label above it and its value after it, so that the chart reads on a phone as on a desktop.
The chart says what it shows in its `<desc>` (what a screen reader reads), and the page gives
the same numbers in a table."""

from dataclasses import dataclass

from django.utils.formats import number_format

WIDTH = 400  # the viewBox's width: the chart is scaled to the width of the page
ROW = 40  # the height of one bar with its label
BAR = 14
LABEL = 15  # the baseline of a label, from the top of its row
VALUE_ROOM = 56  # room right of the longest bar for its value


@dataclass
class Bar:
    label: str
    value: int
    tone: str
    label_y: int
    y: int
    width: float
    value_x: float
    value_y: int
    shown: str


@dataclass
class Chart:
    key: str
    title: str
    description: str
    bars: list[Bar]
    height: int
    width: int = WIDTH


def bar_chart(key: str, title: str, rows, *, tones=None) -> Chart:
    """`rows`: (label, value) in the order shown; `tones`: a class suffix per row (e.g. women,
    men), else one tone for all."""
    rows = [(str(label), int(value)) for label, value in rows]
    top = max((value for _label, value in rows), default=0)
    longest = WIDTH - VALUE_ROOM
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW
        width = 0 if not top else max(longest * value / top, 1.5 if value else 0)
        bars.append(
            Bar(
                label=label,
                value=value,
                tone=tones[index] if tones else "main",
                label_y=y + LABEL,
                y=y + LABEL + 5,
                width=round(width, 1),
                value_x=round(width + 6, 1),
                value_y=y + LABEL + 5 + BAR - 2,
                shown=number_format(value, force_grouping=True),
            )
        )
    description = "; ".join(f"{bar.label}: {bar.shown}" for bar in bars)
    return Chart(
        key=key,
        title=title,
        description=f"{title}. {description}." if bars else title,
        bars=bars,
        height=max(len(rows) * ROW, ROW),
    )
