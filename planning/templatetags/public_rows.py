"""The rows of the two long tables of the public page — the activities of an objective and the
indicators of a goal or objective — written in one pass over the selector's rows
(selectors/public.py) instead of by template loops.

A programme may have hundreds of activities, and the page is built for every reader the page
cache does not serve: a row placed by the template costs a dozen variable lookups and escapes,
which made these two tables most of the time the page took to build. Here a row is one
`format_html` of a fixed pattern, so every text from the database is still escaped; the
labels come translated from the template, as it shows them elsewhere on the page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _activity_pattern(joint: bool, village: bool, result: bool, cost: bool) -> str:
    """The row of an activity with only the parts it has: one `format_html` for the row."""
    return (
        '<tr id="activity-{}"><td>{}</td><td>{}'
        + (' <span class="badge">{}</span>' if joint else "")
        + ('<br><span class="muted">{}: {}</span>' if village else "")
        + ('<br><span class="muted">{}: {}</span>' if result else "")
        + '</td><td class="nowrap">{}</td><td>{}</td><td class="num">'
        + ('{}<span class="muted public-source"><br>{}</span>' if cost else "—")
        + "</td></tr>\n"
    )


ACTIVITY_PATTERNS = {
    (joint, village, result, cost): _activity_pattern(joint, village, result, cost)
    for joint in (False, True)
    for village in (False, True)
    for result in (False, True)
    for cost in (False, True)
}

INDICATOR_START = '<tr><th scope="row">{}. {}'
INDICATOR_SEX = '<br><span class="muted">{}</span>'
INDICATOR_MIDDLE = '</th><td>{}</td><td class="num">{}</td>'
INDICATOR_TARGET = '<td class="num">{}</td>'
INDICATOR_END = "<td>{}</td></tr>\n"


@register.simple_tag
def activity_rows(activities, joint_label, village_label, result_label) -> SafeString:
    """`{% activity_rows objective.activities joint_label village_label result_label %}`: the
    `<tr>` of each activity (`selectors.public.PublicPlan`), its number, title with the ПСД
    mark, village and expected result, dates, responsible and cost with its sources."""
    rows = []
    for a in activities:
        args = [a["pk"], a["number"], a["title"]]
        if a["joint"]:
            args.append(joint_label)
        if a["village"]:
            args += (village_label, a["village"])
        if a["result"]:
            args += (result_label, a["result"])
        args += (a["dates"], a["responsible"])
        if a["total"]:
            args += (a["total"], a["sources"])
        pattern = ACTIVITY_PATTERNS[
            bool(a["joint"]), bool(a["village"]), bool(a["result"]), bool(a["total"])
        ]
        rows.append(format_html(pattern, *args))
    return _joined(rows)


@register.simple_tag
def indicator_rows(rows, years, by_sex) -> SafeString:
    """`{% indicator_rows group.rows indicators.years by_sex %}`: the `<tr>` of each indicator
    of a group (`selectors.public.public_indicators`), its number and name (marked when it is
    split by sex), unit, baseline, target in each year and means of verification."""
    tail = INDICATOR_MIDDLE + INDICATOR_TARGET * len(years) + INDICATOR_END
    plain, split = INDICATOR_START + tail, INDICATOR_START + INDICATOR_SEX + tail
    shown = []
    for row in rows:
        head = (row["number"], row["name"], by_sex) if row["sex"] else (row["number"], row["name"])
        shown.append(
            format_html(
                split if row["sex"] else plain,
                *head,
                row["unit"],
                row["baseline"],
                *row["targets"],
                row["means"],
            )
        )
    return _joined(shown)


@register.simple_tag
def year_cells(years) -> SafeString:
    """`{% year_cells indicators.years as cells %}`: the heading cell of each programme year
    (as `year|unlocalize`), written once for the page and placed in every table of
    indicators."""
    return format_html_join("", '<th scope="col" class="num">{}</th>', ((year,) for year in years))


def _joined(rows: list[SafeString]) -> SafeString:
    """Rows each written by `format_html`, one after the other (as `format_html_join` does)."""
    return SafeString("".join(rows))
