"""The Excel of a period: its monitoring table as a workbook to fill in (two sheets: the
indicators with their target, and the activities), and the import of that same workbook.

The import reads the file with the project's one bounded reader (common.xlsx), checks every row
with the rules the forms use (services.data: the split by sex, the progress of an activity;
the models' own field rules) and reports every bad row — sheet, row, column, reason — in the
page's language; nothing is written unless every row is right. Then it writes everything in one
transaction, in bulk, with a history record for each row written, by the person who imported."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.forms import read_amount
from common.xlsx import MB, XlsxLimits, read_xlsx
from planning.models import Activity, FundingSource, Indicator
from planning.selectors.plan import plan_tree

from ..models import (
    ActivityProgress,
    ActivitySpending,
    ActivityStatus,
    IndicatorActual,
    ReportingPeriod,
)
from .data import _open_period, progress_errors, sex_split_errors

SHEET_INDICATORS = gettext_lazy("Индикаторы")
SHEET_ACTIVITIES = gettext_lazy("Мероприятия")
SOURCES = list(FundingSource.values)
INDICATOR_COLUMNS = 9
ACTIVITY_COLUMNS = 5 + len(SOURCES) + 1
# Rows of a sheet, blank ones included: a programme of the largest size with room to spare.
IMPORT_LIMITS = XlsxLimits(
    bytes=5 * MB,
    rows=10_000,
    columns=max(INDICATOR_COLUMNS, ACTIVITY_COLUMNS),
    unpacked_bytes=100 * MB,
)


def _status_labels() -> dict[str, str]:
    """Every way a status may be written in the file: its label in both languages, its key."""
    names = {}
    for value, label in ActivityStatus.choices:
        names[value] = value
        for lang in ("ru", "ky"):
            with translation.override(lang):
                names[str(label).strip().lower()] = value
    return names


# --- export ---------------------------------------------------------------------------------------


def _headers_indicators():
    return [
        _("Код"),
        _("Индикатор"),
        _("Единица измерения"),
        _("Цель на год"),
        _("Факт"),
        _("в том числе женщины"),
        _("в том числе мужчины"),
        _("Источник данных"),
        _("Комментарий"),
    ]


def _headers_activities():
    labels = dict(FundingSource.choices)
    return [
        _("Код"),
        _("№"),
        _("Мероприятие"),
        _("Состояние"),
        _("Выполнено, %"),
        *[_("Израсходовано: %(source)s, тыс. сом") % {"source": labels[s]} for s in SOURCES],
        _("Комментарий или причина задержки"),
    ]


def period_export(period: ReportingPeriod) -> tuple[bytes, str]:
    """The period's monitoring table as an .xlsx file (and its name), filled with what was
    entered so far, headers in the page's language."""
    programme = period.programme
    indicators = list(
        Indicator.objects.filter(programme=programme)
        .prefetch_related("targets")
        .order_by("sort_order", "pk")
    )
    actuals = {a.indicator_id: a for a in IndicatorActual.objects.filter(period=period)}
    progress = {
        p.activity_id: p
        for p in ActivityProgress.objects.filter(period=period).prefetch_related("spending")
    }
    tree = plan_tree(programme)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    number = book.add_format({"num_format": "#,##0.##", "valign": "top"})
    statuses = {value: str(label) for value, label in ActivityStatus.choices}

    sheet = book.add_worksheet(str(SHEET_INDICATORS))
    sheet.write_row(0, 0, _headers_indicators(), bold)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 6, 12)
    sheet.set_column(7, 8, 30)
    sheet.freeze_panes(1, 2)
    for row, indicator in enumerate(indicators, start=1):
        target = next((t.value for t in indicator.targets.all() if t.year == period.year), None)
        actual = actuals.get(indicator.pk)
        sheet.write_string(row, 0, f"I{indicator.pk}")
        sheet.write_string(row, 1, indicator.name_ru or indicator.name_ky or "", wrap)
        sheet.write_string(row, 2, indicator.get_unit_display())
        if target is not None:
            sheet.write_number(row, 3, target, number)
        if actual is not None:
            sheet.write_number(row, 4, actual.value, number)
            if actual.women is not None:
                sheet.write_number(row, 5, actual.women, number)
            if actual.men is not None:
                sheet.write_number(row, 6, actual.men, number)
            sheet.write_string(row, 7, actual.source, wrap)
            sheet.write_string(row, 8, actual.comment, wrap)

    sheet = book.add_worksheet(str(SHEET_ACTIVITIES))
    sheet.write_row(0, 0, _headers_activities(), bold)
    sheet.set_column(0, 1, 8)
    sheet.set_column(2, 2, 50)
    sheet.set_column(3, 3 + len(SOURCES) + 1, 14)
    sheet.set_column(ACTIVITY_COLUMNS - 1, ACTIVITY_COLUMNS - 1, 40)
    sheet.freeze_panes(1, 3)
    sheet.data_validation(1, 3, 5000, 3, {"validate": "list", "source": list(statuses.values())})
    row = 1
    for direction in tree.directions:
        for goal in direction.children:
            for objective in goal.children:
                for activity in objective.children:
                    entry = progress.get(activity.pk)
                    sheet.write_string(row, 0, f"A{activity.pk}")
                    sheet.write_string(row, 1, activity.number)
                    sheet.write_string(row, 2, activity.title_ru or activity.title_ky or "", wrap)
                    if entry is not None:
                        sheet.write_string(row, 3, statuses[entry.status])
                        sheet.write_number(row, 4, entry.percent)
                        spent = {s.source: s.amount for s in entry.spending.all()}
                        for column, source in enumerate(SOURCES, start=5):
                            if source in spent:
                                sheet.write_number(row, column, spent[source], number)
                        sheet.write_string(row, ACTIVITY_COLUMNS - 1, entry.comment, wrap)
                    row += 1
    book.close()
    slug = programme.municipality.slug
    name = f"monitoring-{slug}-{period.year}-{period.frequency}{period.number}.xlsx"
    return buffer.getvalue(), name


# --- import ---------------------------------------------------------------------------------------


# The links of a row (its period, indicator or activity, the person) are checked by the import
# itself, from the rows of this programme it loaded once: not looked up again for each row.
LINKS = ["period", "indicator", "activity", "entered_by"]


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str


class ImportRejected(Exception):
    """Some rows are wrong: each is named, nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} rows are wrong")


@dataclass
class ImportResult:
    actuals: int = 0
    activities: int = 0


@dataclass
class _Plan:
    actuals: list[tuple] = field(
        default_factory=list
    )  # (indicator, value, women, men, source, comment)
    progress: list[tuple] = field(
        default_factory=list
    )  # (activity, status, percent, comment, spent)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _amount(value, errors, sheet, row, column, *, places: int) -> Decimal | None:
    if _empty(value):
        return None
    if isinstance(value, bool):
        errors.append(RowError(sheet, row, column, _("Введите число.")))
        return None
    try:
        amount = (
            Decimal(str(value))
            if isinstance(value, int | float | Decimal)
            else read_amount(
                str(value),
                {
                    "invalid": _("Введите число, например %(example)s."),
                    "ambiguous": _(
                        "«%(value)s» можно прочитать и как %(thousands)s, и как %(decimal)s: "
                        "напишите %(thousands)s или %(decimal)s."
                    ),
                    "grouping": _(
                        "Тысячи отделяйте пробелом, а дробную часть — запятой или точкой, "
                        "например %(example)s."
                    ),
                },
            )
        )
    except ValidationError as error:
        errors.append(RowError(sheet, row, column, " ".join(error.messages)))
        return None
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        errors.append(
            RowError(sheet, row, column, _("Не больше %(n)s знаков после запятой.") % {"n": places})
        )
        return None
    if abs(amount) >= Decimal(10) ** 12:
        errors.append(RowError(sheet, row, column, _("Слишком большое число.")))
        return None
    return amount


def _text(value, errors, sheet, row, column, limit: int) -> str:
    text = "" if _empty(value) else str(value).strip()
    if len(text) > limit:
        errors.append(
            RowError(
                sheet,
                row,
                column,
                _("Слишком длинный текст: не больше %(n)s знаков.") % {"n": limit},
            )
        )
    return text


def _pick(name):
    """The sheet whose name is `name` in either language."""
    wanted = set()
    for lang in ("ru", "ky"):
        with translation.override(lang):
            wanted.add(str(name))

    def choose(names):
        for candidate in names:
            if candidate in wanted:
                return candidate
        raise ValidationError(
            _("В книге нет листа «%(sheet)s». Скачайте шаблон периода и заполните его.")
            % {"sheet": name},
            code="no_sheet",
        )

    return choose


def _read(period: ReportingPeriod, file, errors: list[RowError]) -> _Plan:
    programme = period.programme
    indicators = {f"I{i.pk}": i for i in Indicator.objects.filter(programme=programme)}
    activities = {f"A{a.pk}": a for a in Activity.objects.filter(programme=programme)}
    statuses = _status_labels()
    plan = _Plan()
    data = file.read() if hasattr(file, "read") else file
    sheet = str(SHEET_INDICATORS)
    seen = set()
    for number, cells in enumerate(
        read_xlsx(data, IMPORT_LIMITS, sheet=_pick(SHEET_INDICATORS)), start=1
    ):
        if number == 1:
            continue  # the headers
        code, _name, _unit, _target, value, women, men, source, comment = cells[:INDICATOR_COLUMNS]
        if _empty(code) and _empty(value):
            continue
        code = str(code or "").strip()
        indicator = indicators.get(code)
        if indicator is None:
            errors.append(
                RowError(
                    sheet,
                    number,
                    "A",
                    _("Неизвестный код «%(code)s»: не меняйте первый столбец шаблона.")
                    % {"code": code},
                )
            )
            continue
        if code in seen:
            errors.append(RowError(sheet, number, "A", _("Этот индикатор уже есть выше.")))
            continue
        seen.add(code)
        if _empty(value):
            if not (_empty(women) and _empty(men)):
                errors.append(RowError(sheet, number, "E", _("Введите фактическое значение.")))
            continue
        before = len(errors)
        value = _amount(value, errors, sheet, number, "E", places=2)
        women = _amount(women, errors, sheet, number, "F", places=2)
        men = _amount(men, errors, sheet, number, "G", places=2)
        for amount, column in ((women, "F"), (men, "G")):
            if amount is not None and amount < 0:
                errors.append(
                    RowError(sheet, number, column, _("Значение не может быть отрицательным."))
                )
        source = _text(source, errors, sheet, number, "H", 500)
        comment = _text(comment, errors, sheet, number, "I", 3000)
        if len(errors) == before:
            for field_name, message in sex_split_errors(indicator, value, women, men).items():
                errors.append(
                    RowError(sheet, number, "F" if field_name == "women" else "E", str(message))
                )
        if len(errors) == before:
            plan.actuals.append((indicator, value, women, men, source, comment))

    sheet = str(SHEET_ACTIVITIES)
    seen = set()
    for number, cells in enumerate(
        read_xlsx(data, IMPORT_LIMITS, sheet=_pick(SHEET_ACTIVITIES)), start=1
    ):
        if number == 1:
            continue
        code, _number, _title, status, percent, *rest = cells[:ACTIVITY_COLUMNS]
        spent_cells, comment = rest[: len(SOURCES)], rest[len(SOURCES)]
        if _empty(code) and _empty(status):
            continue
        code = str(code or "").strip()
        activity = activities.get(code)
        if activity is None:
            errors.append(
                RowError(
                    sheet,
                    number,
                    "A",
                    _("Неизвестный код «%(code)s»: не меняйте первый столбец шаблона.")
                    % {"code": code},
                )
            )
            continue
        if code in seen:
            errors.append(RowError(sheet, number, "A", _("Это мероприятие уже есть выше.")))
            continue
        seen.add(code)
        if _empty(status):
            if not _empty(percent) or any(not _empty(c) for c in spent_cells):
                errors.append(RowError(sheet, number, "D", _("Выберите состояние мероприятия.")))
            continue
        before = len(errors)
        status_value = statuses.get(str(status).strip().lower())
        if status_value is None:
            errors.append(
                RowError(
                    sheet, number, "D", _("Неизвестное состояние «%(value)s».") % {"value": status}
                )
            )
        pct = _amount(percent, errors, sheet, number, "E", places=0)
        comment = _text(comment, errors, sheet, number, chr(ord("A") + ACTIVITY_COLUMNS - 1), 3000)
        spent = {}
        for offset, (source, cell) in enumerate(zip(SOURCES, spent_cells, strict=True)):
            column = chr(ord("F") + offset)
            amount = _amount(cell, errors, sheet, number, column, places=1)
            if amount is not None and amount < 0:
                errors.append(
                    RowError(sheet, number, column, _("Расход не может быть отрицательным."))
                )
            spent[source] = amount
        if len(errors) == before:
            for field_name, message in progress_errors(
                status_value, None if pct is None else int(pct), comment
            ).items():
                column = {"status": "D", "percent": "E"}.get(
                    field_name, chr(ord("A") + ACTIVITY_COLUMNS - 1)
                )
                errors.append(RowError(sheet, number, column, str(message)))
        if len(errors) == before:
            plan.progress.append((activity, status_value, int(pct), comment, spent))
    return plan


@transaction.atomic
def period_import(*, period: ReportingPeriod, file, actor) -> ImportResult:
    """Import the period's workbook (see the module's description). Refused as a whole with
    `ImportRejected` (every bad row), `ValidationError` (a file that cannot be read), or
    `PeriodClosed` / `PermissionDenied`."""
    period = _open_period(period, actor)
    errors: list[RowError] = []
    plan = _read(period, file, errors)
    if errors:
        raise ImportRejected(errors)
    result = ImportResult()
    existing = {a.indicator_id: a for a in IndicatorActual.objects.filter(period=period)}
    new, changed = [], []
    for indicator, value, women, men, source, comment in plan.actuals:
        actual = existing.get(indicator.pk)
        if actual is not None and (
            actual.value,
            actual.women,
            actual.men,
            actual.source,
            actual.comment,
        ) == (value, women, men, source, comment):
            continue  # unchanged: no write, no history record
        actual = actual or IndicatorActual(period=period, indicator=indicator)
        actual.value, actual.women, actual.men = value, women, men
        actual.source, actual.comment, actual.entered_by = source, comment, actor
        actual.clean_fields(exclude=LINKS)
        (changed if actual.pk else new).append(actual)
    if new:
        bulk_create_with_history(new, IndicatorActual, default_user=actor)
    if changed:
        bulk_update_with_history(
            changed,
            IndicatorActual,
            ["value", "women", "men", "source", "comment", "entered_by"],
            default_user=actor,
        )
    result.actuals = len(plan.actuals)

    existing_progress = {p.activity_id: p for p in ActivityProgress.objects.filter(period=period)}
    new, changed = [], []
    for activity, status, percent, comment, _spent in plan.progress:
        progress = existing_progress.get(activity.pk) or ActivityProgress(
            period=period, activity=activity
        )
        progress.status, progress.percent, progress.comment = status, percent, comment
        progress.entered_by = actor
        progress.clean_fields(exclude=LINKS)
        (changed if progress.pk else new).append(progress)
    if new:
        bulk_create_with_history(new, ActivityProgress, default_user=actor)
    if changed:
        bulk_update_with_history(
            changed,
            ActivityProgress,
            ["status", "percent", "comment", "entered_by"],
            default_user=actor,
        )
    saved = {p.activity_id: p for p in ActivityProgress.objects.filter(period=period)}
    touched = [saved[activity.pk] for activity, *_rest in plan.progress]
    old_spending = {
        (s.progress_id, s.source): s for s in ActivitySpending.objects.filter(progress__in=touched)
    }
    create, update, delete = [], [], []
    for activity, _status, _percent, _comment, spent in plan.progress:
        progress = saved[activity.pk]
        for source, amount in spent.items():
            row = old_spending.get((progress.pk, source))
            if amount is None:
                if row is not None:
                    delete.append(row)
            elif row is None:
                create.append(ActivitySpending(progress=progress, source=source, amount=amount))
            elif row.amount != amount:
                row.amount = amount
                update.append(row)
    for row in delete:
        row._history_user = actor
        row.delete()
    if create:
        bulk_create_with_history(create, ActivitySpending, default_user=actor)
    if update:
        bulk_update_with_history(update, ActivitySpending, ["amount"], default_user=actor)
    result.activities = len(plan.progress)
    return result
