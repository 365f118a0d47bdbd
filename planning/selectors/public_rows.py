"""The HTML of the public page's two long parts, written by its selector in one pass over
the rows rather than by template loops: the plan under each direction's heading (its goals,
their objectives and the table of each objective's activities) and the tables of indicators,
one per goal or objective.

A programme may have hundreds of activities and dozens of indicators, and the page is built
for every reader the page cache does not serve (the first after each change, a reader with a
session). Placed by the template, an activity costs a dozen variable lookups and escapes, and
Django's `escape` checks each of its arguments for a lazy translation before escaping it:
together most of the time the page took to build. Here every text from the database is escaped
exactly as the template would escape it (`html.escape`, which Django's `escape` calls) and a
row is one f-string; the labels are translated and escaped once per page. The numbers come
written by `common.numbers.Numbers` (digits and the language's separators: nothing to
escape)."""

from decimal import Decimal
from html import escape as _escape

from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext

from common.numbers import Numbers
from municipalities.templatetags.portal import RowText

from ..models import FundingSource

DASH = "—"


def h(value) -> str:
    """A text as HTML: escaped as the template escapes it, unless it is HTML already (a text
    marked as missing in the page's language)."""
    if isinstance(value, SafeData):
        return value
    return _escape(str(value))


def activity_dates(start, end) -> str:
    """«04.2021–10.2021», with either end missing left empty; «—» without dates."""
    if not start and not end:
        return DASH
    # as `f"{start:%m.%Y}"` writes it, without the cost of strftime on hundreds of rows
    return (
        (f"{start.month:02}.{start.year}" if start else "")
        + "–"
        + (f"{end.month:02}.{end.year}" if end else "")
    )


class PlanHtml:
    """Made for one page, in its language: the labels translated and escaped once, the texts
    of the rows in that language (`RowText`), their amounts written by `numbers`."""

    def __init__(self, *, numbers: Numbers, text: RowText):
        self.numbers, self.text = numbers, text
        # the keys of the page language's texts in a row
        self.keys = {
            field: f"{field}_{text.lang}"
            for field in ("title", "village__name", "expected_result", "responsible")
        }
        self.joint = f' <span class="badge">{h(gettext("ПСД"))}</span>'
        self.village = h(gettext("Село"))
        self.result = h(gettext("Ожидаемый результат"))
        self.sources = [(source, h(label)) for source, label in FundingSource.choices]
        self.head = (
            '<thead><tr><th scope="col">№</th>'
            f'<th scope="col">{h(gettext("Мероприятие"))}</th>'
            f'<th scope="col">{h(gettext("Сроки"))}</th>'
            f'<th scope="col">{h(gettext("Ответственный"))}</th>'
            f'<th scope="col" class="num">{h(gettext("Стоимость, тыс. сом"))}</th></tr></thead>'
        )

        # headings as `blocktranslate` writes them: the values escaped, the translation as it is
        self.goal_heading = gettext("Цель %(number)s. %(title)s")
        self.objective_heading = gettext("Задача %(number)s. %(title)s")
        self.objective_total = gettext("Итого по задаче %(number)s")
        self.no_activities = h(gettext("Мероприятий пока нет."))
        self.no_objectives = h(gettext("Задач пока нет."))
        self.no_goals = h(gettext("Целей пока нет."))

    def _html(self, row: dict, field: str) -> str:
        """A text of the row as HTML, in the page's language, else the other one marked as
        missing (HTML already), else ""."""
        value = row[self.keys[field]]
        return _escape(value) if value else self.text(row, field)

    def activity(self, row: dict, number: str, sources: dict[str, Decimal], total) -> str:
        """The `<tr>` of an activity (a `values()` row of the plan's selector): its number,
        title with the ПСД mark, village and expected result, dates, responsible, and its cost
        (`total`, all its years) with the amount of each funding source, one a line."""
        html = self._html
        cells = [f'<tr id="activity-{row["id"]}"><td>{number}</td><td>{html(row, "title")}']
        if row["is_joint_action"]:
            cells.append(self.joint)
        if village := html(row, "village__name"):
            cells.append(f'<br><span class="muted">{self.village}: {village}</span>')
        if result := html(row, "expected_result"):
            cells.append(f'<br><span class="muted">{self.result}: {result}</span>')
        start, end = row["start_date"], row["end_date"]
        cells.append(
            f'</td><td class="nowrap">{activity_dates(start, end)}</td>'
            f'<td>{html(row, "responsible") or DASH}</td><td class="num">'
        )
        if total:
            fixed = self.numbers.fixed
            lines = "<br>".join(
                [
                    f"{label}: {fixed(sources[source])}"
                    for source, label in self.sources
                    if source in sources
                ]
            )
            cells.append(f'{fixed(total)}<span class="muted public-source"><br>{lines}</span>')
        else:
            cells.append(DASH)
        cells.append("</td></tr>\n")
        return "".join(cells)

    def objective(self, objective: dict, rows: list[str]) -> str:
        """An objective of the plan: its heading and the table of its activities with their
        total, or a line saying it has none yet."""
        number, pk = objective["number"], objective["pk"]
        heading = self.objective_heading % {"number": number, "title": h(objective["title"])}
        parts = [f'<h5 id="objective-{pk}">{heading}</h5>\n']
        if not rows:
            parts.append(f'<p class="empty">{self.no_activities}</p>\n')
            return "".join(parts)
        total_label = self.objective_total % {"number": number}
        parts += (
            '<div class="table-scroll" tabindex="0" role="region" '
            f'aria-labelledby="objective-{pk}">\n<table class="table public-activities">\n',
            self.head,
            "\n<tbody>\n",
            *rows,
            f'</tbody>\n<tfoot><tr><th scope="row" colspan="4">{total_label}</th>'
            f'<td class="num">{objective["total"]}</td></tr></tfoot>\n</table>\n</div>\n',
        )
        return "".join(parts)

    def goal(self, goal: dict, objectives: list[str]) -> str:
        """A goal of the plan: its heading and its objectives, or a line saying it has none
        yet."""
        heading = self.goal_heading % {"number": goal["number"], "title": h(goal["title"])}
        body = "".join(objectives) or f'<p class="empty">{self.no_objectives}</p>\n'
        return f"<h4>{heading}</h4>\n{body}"

    def direction(self, goals: list[str]) -> SafeString:
        """The body of a direction (under its heading): its goals, or a line saying it has
        none yet."""
        return SafeString("".join(goals) or f'<p class="empty">{self.no_goals}</p>\n')


class IndicatorsHtml:
    """The tables of indicators of the public page, one per goal or objective (and one for
    the indicators of neither): made for one page, in its language, for the programme's
    years."""

    def __init__(self, years):
        self.goal_heading = gettext("Цель %(number)s. %(title)s")
        self.objective_heading = gettext("Задача %(number)s. %(title)s")
        self.other_heading = h(gettext("Без цели или задачи этой программы"))
        self.by_sex = f'<br><span class="muted">{h(gettext("в разбивке по полу"))}</span>'
        years_cells = "".join(f'<th scope="col" class="num">{int(year)}</th>' for year in years)
        self.head = (
            f'<thead><tr><th scope="col" rowspan="2">{h(gettext("Индикатор"))}</th>'
            f'<th scope="col" rowspan="2">{h(gettext("Единица измерения"))}</th>'
            f'<th scope="col" rowspan="2" class="num">{h(gettext("Базовое значение (год)"))}</th>'
            f'<th scope="colgroup" colspan="{len(years)}" class="num">'
            f"{h(gettext('Целевые значения'))}</th>"
            f'<th scope="col" rowspan="2">{h(gettext("Источник проверки"))}</th></tr>\n'
            f"<tr>{years_cells}</tr></thead>\n"
        )

    def row(self, row: dict) -> str:
        """An indicator: its number and name (marked when it is split by sex), unit,
        baseline, target in each year and means of verification; the numbers come written by
        `common.numbers.Numbers`."""
        targets = "".join(f'<td class="num">{target}</td>' for target in row["targets"])
        return (
            f'<tr><th scope="row">{row["number"]}. {h(row["name"])}'
            f"{self.by_sex if row['sex'] else ''}</th><td>{h(row['unit'])}</td>"
            f'<td class="num">{h(row["baseline"])}</td>{targets}<td>{h(row["means"])}</td></tr>\n'
        )

    def group(self, group: dict) -> str:
        """The heading of a goal or objective (or of the indicators of neither) and the table
        of its indicators."""
        if group["kind"] == "other":
            heading = self.other_heading
        else:
            pattern = self.goal_heading if group["kind"] == "goal" else self.objective_heading
            heading = pattern % {"number": group["number"], "title": h(group["title"])}
        anchor = f"indicators-{group['anchor']}"
        rows = "".join(self.row(row) for row in group["rows"])
        return (
            f'<h4 id="{anchor}">{heading}</h4>\n<div class="table-scroll" tabindex="0" '
            f'role="region" aria-labelledby="{anchor}">\n<table class="table indicator-table">\n'
            f"{self.head}<tbody>\n{rows}</tbody>\n</table>\n</div>\n"
        )

    def groups(self, groups: list[dict]) -> SafeString:
        return SafeString("".join(self.group(group) for group in groups))
