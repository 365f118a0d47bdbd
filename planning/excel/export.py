"""The activity plan (with totals) and the indicators of a programme as an .xlsx workbook, and
the import template. A read: it builds the file's bytes from the programme, with XlsxWriter.

The sheet "Мероприятия" is also the import template: one row per activity, texts in Russian
and Kyrgyz side by side, then one column per (year, funding source) with the cost in thousands
of som. Totals are formulas, so that they follow when someone changes an amount in Excel, and
each is stored with its computed value, so that a viewer that does not recalculate (a phone's
preview, a script) shows the totals too; Excel recalculates on opening anyway."""

import io
import re
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from ..models import Activity, Direction, FundingSource, Indicator, Programme, Village
from .columns import (
    ACTIVITY_COLUMNS,
    COST_WIDTH,
    NO,
    ROW_TOTAL,
    SHEET_ACTIVITIES,
    SHEET_INDICATORS,
    TOTAL,
    YES,
    cost_columns,
    cost_header,
    indicator_columns,
)

COST_FORMAT = "#,##0.0"
DATE_FORMAT = "DD.MM.YYYY"
# Characters that XML cannot hold (a vertical tab pasted into a title): XlsxWriter would write
# them escaped, and readers other than Excel would show the escape code.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The widths in `columns` are the widths stored in the file (as Excel stores them).
# XlsxWriter's `set_column` adds Excel's cell padding to a width in characters; a width in
# pixels, at 7 pixels per character, is stored as given.
PIXELS_PER_CHARACTER = 7


class _Book:
    """A workbook in memory and the cell formats the sheets share."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        add = self.workbook.add_format
        self.header = add({"bold": True, "text_wrap": True, "valign": "top"})
        self.text = add({"text_wrap": True, "valign": "top"})
        self.date = add({"num_format": DATE_FORMAT})
        self.cost = add({"num_format": COST_FORMAT})
        self.bold = add({"bold": True, "text_wrap": True, "valign": "top"})
        self.bold_cost = add({"bold": True, "num_format": COST_FORMAT})

    def sheet(self, title, columns: list[tuple[str, int]]):
        """A new sheet with its header row (frozen, so that it stays in view) and widths."""
        ws = self.workbook.add_worksheet(str(title))
        for col, (label, width) in enumerate(columns):
            ws.set_column_pixels(col, col, width * PIXELS_PER_CHARACTER)
            self.put(ws, 0, col, label, self.header)
        ws.freeze_panes(1, 0)
        return ws

    def put(self, ws, row: int, col: int, value, cell_format=None) -> None:
        """Write one cell with the type of its value; an empty value leaves the cell empty.
        A text is always a text: a title that starts with "=" is not a formula."""
        if value is None:
            return
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS.sub("", value)
            if value:
                ws.write_string(row, col, value, cell_format or self.text)
        elif isinstance(value, date):
            ws.write_datetime(row, col, value, cell_format or self.date)
        else:
            ws.write_number(row, col, float(value), cell_format)

    def bytes(self) -> bytes:
        self.workbook.close()
        return self.buffer.getvalue()


def _plan_tree(programme: Programme) -> list[Direction]:
    """Directions → goals → objectives → activities (with village and costs): 5 queries."""
    activities = Activity.objects.select_related("village").prefetch_related("costs")
    return list(
        Direction.objects.filter(programme=programme).prefetch_related(
            "goals__objectives",
            Prefetch("goals__objectives__activities", queryset=activities),
        )
    )


def _activity_rows(directions) -> list[tuple]:
    return [
        (direction, goal, objective, activity)
        for direction in directions
        for goal in direction.goals.all()
        for objective in goal.objectives.all()
        for activity in objective.activities.all()
    ]


def _village_name(village: Village | None) -> str | None:
    if village is None:
        return None
    if translation.get_language() == "ky":
        return village.name_ky or village.name_ru
    return village.name_ru or village.name_ky


def _yes_no(value: bool) -> str:
    return str(YES if value else NO)


def _activity_header(cost_keys, *, with_total: bool) -> list[tuple[str, int]]:
    columns = [(str(column.label), column.width) for column in ACTIVITY_COLUMNS]
    columns += [
        (cost_header(year, FundingSource(source)), COST_WIDTH) for year, source in cost_keys
    ]
    if with_total:
        columns.append((str(ROW_TOTAL), COST_WIDTH))
    return columns


def _write_activity_sheet(book: _Book, programme: Programme, rows) -> None:
    """The activity plan: one row per activity, its total (a formula) at the end of the row,
    and a totals row (formulas) under the activities."""
    costs_of = {activity.pk: list(activity.costs.all()) for *_, activity in rows}
    years = {cost.year for costs in costs_of.values() for cost in costs}
    cost_keys = cost_columns(programme, years)
    ws = book.sheet(SHEET_ACTIVITIES, _activity_header(cost_keys, with_total=True))

    first_cost = len(ACTIVITY_COLUMNS)  # columns and rows count from 0 here
    total_col = first_cost + len(cost_keys)
    first_letter, last_letter = xl_col_to_name(first_cost), xl_col_to_name(total_col - 1)
    column_sums = [Decimal(0)] * (len(cost_keys) + 1)

    for r, (direction, goal, objective, activity) in enumerate(rows, start=1):
        values = [
            direction.title_ru,
            direction.title_ky,
            goal.title_ru,
            goal.title_ky,
            objective.title_ru,
            objective.title_ky,
            activity.title_ru,
            activity.title_ky,
            activity.responsible_ru,
            activity.responsible_ky,
            activity.start_date,
            activity.end_date,
            _village_name(activity.village),
            _yes_no(activity.is_joint_action),
        ]
        for col, value in enumerate(values):
            book.put(ws, r, col, value)
        amounts = {(cost.year, cost.source): cost.amount for cost in costs_of[activity.pk]}
        row_total = Decimal(0)
        for i, key in enumerate(cost_keys):
            amount = amounts.get(key)
            book.put(ws, r, first_cost + i, amount, book.cost)
            if amount is not None:
                row_total += amount
                column_sums[i] += amount
        column_sums[-1] += row_total
        excel_row = r + 1
        ws.write_formula(
            r,
            total_col,
            f"=SUM({first_letter}{excel_row}:{last_letter}{excel_row})",
            book.cost,
            float(row_total),
        )

    totals_row = len(rows) + 1
    book.put(ws, totals_row, 0, str(TOTAL), book.bold)
    for i, column_sum in enumerate(column_sums):
        col = first_cost + i
        if rows:
            letter = xl_col_to_name(col)
            formula = f"=SUM({letter}2:{letter}{totals_row})"
            ws.write_formula(totals_row, col, formula, book.bold_cost, float(column_sum))
        else:
            ws.write_number(totals_row, col, 0, book.bold_cost)


def _write_indicator_sheet(book: _Book, programme: Programme, directions) -> None:
    """The indicators in the order of the goals and objectives they measure."""
    position, goals, objectives = {}, {}, {}
    for direction in directions:
        for goal in direction.goals.all():
            position[("goal", goal.pk)] = len(position)
            goals[goal.pk] = goal
            for objective in goal.objectives.all():
                position[("objective", objective.pk)] = len(position)
                objectives[objective.pk] = objective
    indicators = list(Indicator.objects.filter(programme=programme).prefetch_related("targets"))

    def place(indicator):
        key = (
            ("goal", indicator.goal_id)
            if indicator.goal_id
            else ("objective", indicator.objective_id)
        )
        return (position.get(key, len(position)), indicator.sort_order, indicator.pk)

    indicators.sort(key=place)
    years = sorted(set(programme.years) | {t.year for i in indicators for t in i.targets.all()})
    ws = book.sheet(SHEET_INDICATORS, indicator_columns(years))
    for r, indicator in enumerate(indicators, start=1):
        if indicator.goal_id:
            kind, parent = _("цель"), goals.get(indicator.goal_id)
        else:
            kind, parent = _("задача"), objectives.get(indicator.objective_id)
        targets = {target.year: target.value for target in indicator.targets.all()}
        values = [
            kind,
            parent.title_ru if parent else None,
            parent.title_ky if parent else None,
            indicator.name_ru,
            indicator.name_ky,
            indicator.get_unit_display(),
            indicator.get_direction_display(),
            _yes_no(indicator.is_cumulative),
            indicator.baseline_value,
            indicator.baseline_year,
            *[targets.get(year) for year in years],
            indicator.means_of_verification_ru,
            indicator.means_of_verification_ky,
            _yes_no(indicator.is_sex_disaggregated),
        ]
        for col, value in enumerate(values):
            book.put(ws, r, col, value)


def export_workbook(programme: Programme) -> bytes:
    """The activity plan (with totals) and the indicators of the programme, in both languages,
    with headers in the active language."""
    directions = _plan_tree(programme)
    book = _Book()
    _write_activity_sheet(book, programme, _activity_rows(directions))
    _write_indicator_sheet(book, programme, directions)
    return book.bytes()


def template_workbook(programme: Programme) -> bytes:
    """The activity sheet with its headers only: the template to fill in and import."""
    book = _Book()
    book.sheet(SHEET_ACTIVITIES, _activity_header(cost_columns(programme, set()), with_total=False))
    return book.bytes()


def export_filename(programme: Programme) -> str:
    return f"psep-{programme.municipality.slug}-{programme.start_year}-{programme.end_year}.xlsx"
