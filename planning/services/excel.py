"""The activity plan and the indicators as an Excel workbook (.xlsx), and the import of an
activity plan from the same sheet.

The sheet "Мероприятия" of the export is also the import template: one row per activity, texts
in Russian and Kyrgyz side by side, then one column per (year, funding source) with the cost in
thousands of som. The import checks every row first and writes nothing unless all rows are
valid (`ImportRejected` carries every problem with its row and column)."""

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from municipalities.permissions import Need, can

from ..models import (
    Activity,
    ActivityCost,
    Direction,
    FundingSource,
    Goal,
    Indicator,
    Objective,
    Programme,
    Village,
)
from ..permissions import ensure_editable
from .common import plain_save, revisioned_save

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
MAX_IMPORT_COLUMNS = 300

SHEET_ACTIVITIES = gettext_lazy("Мероприятия")
SHEET_INDICATORS = gettext_lazy("Индикаторы")
TOTAL = gettext_lazy("Итого")
ROW_TOTAL = gettext_lazy("Итого, тыс. сом")
YES, NO = gettext_lazy("да"), gettext_lazy("нет")

COST_FORMAT = "#,##0.0"
DATE_FORMAT = "DD.MM.YYYY"
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
TEXT_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation
    width: int


# The columns of the activity sheet before the cost columns, in this order.
ACTIVITY_COLUMNS = (
    Column("direction_ru", gettext_lazy("Направление развития (рус.)"), 28),
    Column("direction_ky", gettext_lazy("Направление развития (кырг.)"), 28),
    Column("goal_ru", gettext_lazy("Цель (рус.)"), 30),
    Column("goal_ky", gettext_lazy("Цель (кырг.)"), 30),
    Column("objective_ru", gettext_lazy("Задача (рус.)"), 30),
    Column("objective_ky", gettext_lazy("Задача (кырг.)"), 30),
    Column("title_ru", gettext_lazy("Мероприятие (рус.)"), 40),
    Column("title_ky", gettext_lazy("Мероприятие (кырг.)"), 40),
    Column("responsible_ru", gettext_lazy("Ответственный (рус.)"), 24),
    Column("responsible_ky", gettext_lazy("Ответственный (кырг.)"), 24),
    Column("start_date", gettext_lazy("Начало"), 12),
    Column("end_date", gettext_lazy("Окончание"), 12),
    Column("village", gettext_lazy("Село"), 16),
    Column("joint", gettext_lazy("Совместное действие (да/нет)"), 14),
)
COLUMN_LABELS = {column.key: column.label for column in ACTIVITY_COLUMNS}

# Which model field limits the length of a text column.
TEXT_FIELDS = {
    "direction": (Direction, "title"),
    "goal": (Goal, "title"),
    "objective": (Objective, "title"),
    "title": (Activity, "title"),
    "responsible": (Activity, "responsible"),
}
LEVELS = ("direction", "goal", "objective")


def cost_header(year: int, source: FundingSource) -> str:
    return _("%(year)d: %(source)s, тыс. сом") % {"year": year, "source": source.label}


def _in_every_language(make: Callable[[], Iterable[str]]) -> set[str]:
    """The texts `make` returns in each language of the portal, normalised for comparison:
    headers and words in the file are recognised whatever the language of the page."""
    texts = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.update(_norm(text).casefold() for text in make())
    return texts


def _norm(value) -> str:
    """A text compared the way people see it: spaces at the ends and doubled spaces ignored."""
    return " ".join(str(value).split()) if value is not None else ""


def _clean_text(value: str) -> str:
    # characters that XML (and Excel) cannot hold, e.g. a vertical tab pasted into a title
    return ILLEGAL_CHARACTERS_RE.sub("", value)


# --------------------------------------------------------------------------------------------
# Export


def _plan_tree(programme: Programme) -> list[Direction]:
    """Directions → goals → objectives → activities (with village and costs): 5 queries."""
    activities = Activity.objects.select_related("village").prefetch_related("costs")
    return list(
        Direction.objects.filter(programme=programme).prefetch_related(
            "goals__objectives",
            Prefetch("goals__objectives__activities", queryset=activities),
        )
    )


def _activity_rows(directions) -> list[tuple[Direction, Goal, Objective, Activity]]:
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


def _put(ws, row: int, col: int, value, number_format: str | None = None):
    """Write one cell; a text is always a text (a title starting with "=" is not a formula)."""
    if isinstance(value, str):
        value = _clean_text(value) or None
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.alignment = TEXT_ALIGNMENT
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def _put_formula(ws, row: int, col: int, formula: str):
    cell = ws.cell(row=row, column=col, value=formula)
    cell.number_format = COST_FORMAT
    return cell


def _header(ws, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = _put(ws, 1, col, label)
        cell.font = HEADER_FONT
        cell.alignment = HEADER_ALIGNMENT
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _cost_columns(programme: Programme, years_in_data: set[int]) -> list[tuple[int, str]]:
    """One column per (year, source): every year of the period, and any other year that has a
    cost (so that nothing entered is left out of the file)."""
    years = sorted(set(programme.years) | years_in_data)
    return [(year, source) for year in years for source in FundingSource]


def _write_activity_sheet(ws, programme: Programme, rows) -> dict[str, Decimal]:
    """The activity plan; returns the computed value of every formula cell by reference."""
    costs_of = {activity.pk: list(activity.costs.all()) for *_, activity in rows}
    years = {cost.year for costs in costs_of.values() for cost in costs}
    cost_columns = _cost_columns(programme, years)
    labels = [str(column.label) for column in ACTIVITY_COLUMNS]
    labels += [cost_header(year, FundingSource(source)) for year, source in cost_columns]
    labels.append(str(ROW_TOTAL))
    widths = [column.width for column in ACTIVITY_COLUMNS] + [14] * (len(cost_columns) + 1)
    _header(ws, labels, widths)

    first_cost = len(ACTIVITY_COLUMNS) + 1
    total_col = first_cost + len(cost_columns)
    first_letter = get_column_letter(first_cost)
    last_letter = get_column_letter(total_col - 1)
    computed: dict[str, Decimal] = {}
    column_sums = [Decimal(0)] * (len(cost_columns) + 1)

    for r, (direction, goal, objective, activity) in enumerate(rows, start=2):
        texts = [
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
        ]
        for col, text in enumerate(texts, start=1):
            _put(ws, r, col, text or None)
        _put(ws, r, 11, activity.start_date, DATE_FORMAT)
        _put(ws, r, 12, activity.end_date, DATE_FORMAT)
        _put(ws, r, 13, _village_name(activity.village))
        _put(ws, r, 14, _yes_no(activity.is_joint_action))
        amounts = {(cost.year, cost.source): cost.amount for cost in costs_of[activity.pk]}
        row_total = Decimal(0)
        for i, key in enumerate(cost_columns):
            amount = amounts.get(key)
            _put(ws, r, first_cost + i, amount, COST_FORMAT)
            if amount is not None:
                row_total += amount
                column_sums[i] += amount
        column_sums[-1] += row_total
        ref = f"{get_column_letter(total_col)}{r}"
        _put_formula(ws, r, total_col, f"=SUM({first_letter}{r}:{last_letter}{r})")
        computed[ref] = row_total

    totals_row = len(rows) + 2
    _put(ws, totals_row, 1, str(TOTAL)).font = HEADER_FONT
    for i in range(len(cost_columns) + 1):
        col = first_cost + i
        letter = get_column_letter(col)
        if rows:
            cell = _put_formula(ws, totals_row, col, f"=SUM({letter}2:{letter}{totals_row - 1})")
            computed[f"{letter}{totals_row}"] = column_sums[i]
        else:
            cell = _put(ws, totals_row, col, Decimal(0), COST_FORMAT)
        cell.font = HEADER_FONT
    return computed


def _write_indicator_sheet(ws, programme: Programme, directions) -> None:
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
    labels = [
        _("Относится к"),
        _("Цель или задача (рус.)"),
        _("Цель или задача (кырг.)"),
        _("Индикатор (рус.)"),
        _("Индикатор (кырг.)"),
        _("Единица измерения"),
        _("Направление изменения"),
        _("Нарастающим итогом"),
        _("Базовое значение"),
        _("Год базового значения"),
        *[_("Целевое значение, %(year)d") % {"year": year} for year in years],
        _("Источник проверки (рус.)"),
        _("Источник проверки (кырг.)"),
        _("В разбивке по полу"),
    ]
    widths = [12, 30, 30, 36, 36, 12, 14, 12, 12, 12, *[12] * len(years), 28, 28, 12]
    _header(ws, labels, widths)
    for r, indicator in enumerate(indicators, start=2):
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
        for col, value in enumerate(values, start=1):
            _put(ws, r, col, value if value != "" else None)


# openpyxl writes an empty value as <v/> or <v></v>, depending on whether lxml is installed
_FORMULA_CELL = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*>)(<f>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)')


def _with_computed_values(xlsx: bytes, computed: dict[str, dict[str, Decimal]]) -> bytes:
    """openpyxl writes formulas without their result; put the computed result next to each
    formula, so that a reader that does not recalculate (a viewer, a script) sees the numbers.
    Excel recalculates anyway on opening (fullCalcOnLoad)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            values = computed.get(info.filename)
            if values:
                written = set()

                def fill(match, values=values, written=written):
                    ref = match.group(2).decode()
                    if ref not in values:
                        return match.group(0)
                    written.add(ref)
                    number = format(values[ref], "f").encode()
                    return match.group(1) + match.group(3) + b"<v>" + number + b"</v>"

                data = _FORMULA_CELL.sub(fill, data)
                if written != set(values):
                    raise RuntimeError(f"formula cells not found in {info.filename}")
            target.writestr(info, data)
    return out.getvalue()


def _workbook_bytes(wb: Workbook, computed: dict[int, dict[str, Decimal]]) -> bytes:
    wb.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return _with_computed_values(
        buffer.getvalue(),
        {f"xl/worksheets/sheet{index + 1}.xml": values for index, values in computed.items()},
    )


def export_workbook(programme: Programme) -> bytes:
    """The activity plan (with totals) and the indicators of the programme, in both languages,
    with headers in the active language."""
    directions = _plan_tree(programme)
    wb = Workbook()
    activities = wb.active
    activities.title = str(SHEET_ACTIVITIES)
    computed = {0: _write_activity_sheet(activities, programme, _activity_rows(directions))}
    _write_indicator_sheet(wb.create_sheet(str(SHEET_INDICATORS)), programme, directions)
    return _workbook_bytes(wb, computed)


def template_workbook(programme: Programme) -> bytes:
    """The activity sheet with its headers only: the template to fill in and import."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(SHEET_ACTIVITIES)
    cost_columns = _cost_columns(programme, set())
    labels = [str(column.label) for column in ACTIVITY_COLUMNS]
    labels += [cost_header(year, FundingSource(source)) for year, source in cost_columns]
    widths = [column.width for column in ACTIVITY_COLUMNS] + [14] * len(cost_columns)
    _header(ws, labels, widths)
    return _workbook_bytes(wb, {})


def export_filename(programme: Programme) -> str:
    return f"psep-{programme.municipality.slug}-{programme.start_year}-{programme.end_year}.xlsx"


# --------------------------------------------------------------------------------------------
# Import


@dataclass
class RowError:
    row: int
    letter: str  # the column as Excel names it ("D"), or "" for the whole row / file
    header: str  # the column's header in the file
    reason: str

    @property
    def column(self) -> str:
        if self.letter and self.header:
            return f"{self.letter} — {self.header}"
        return self.letter or self.header


class ImportRejected(Exception):
    """The file has rows that cannot be imported: nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.row, len(e.letter), e.letter))
        super().__init__(f"{len(self.errors)} errors")


@dataclass
class ImportResult:
    activities: int = 0
    directions: int = 0
    goals: int = 0
    objectives: int = 0
    costs: int = 0


@dataclass(eq=False)
class _Node:
    """A direction, goal or objective: existing (`obj`) or to be created from the file."""

    level: str
    ru: str
    ky: str
    obj: object = None
    sort_order: int = 0
    parent: "_Node | None" = None
    children: list = field(default_factory=list)

    @property
    def path(self) -> list["_Node"]:
        """The direction, goal and objective down to this node."""
        return [*self.parent.path, self] if self.parent else [self]


@dataclass
class _Row:
    number: int
    objective: _Node
    fields: dict
    costs: list


def _not_xlsx() -> ValidationError:
    return ValidationError(
        _(
            "Файл не является книгой Excel (.xlsx) или повреждён. Сохраните таблицу в Excel "
            "как «Книга Excel (.xlsx)» и загрузите снова."
        ),
        code="not_xlsx",
    )


def _read_sheet(data: bytes) -> tuple[str, list[tuple], list[tuple]]:
    """The import sheet's title, its rows' values (formulas as their last computed result)
    and the same rows as written (formulas as text)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Файл больше 5 МБ. Разделите план на несколько файлов."), code="too_big"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _not_xlsx() from error
    if unpacked > MAX_UNPACKED_BYTES:  # a small file that unpacks into gigabytes
        raise ValidationError(
            _("Файл слишком велик для плана мероприятий. Разделите его на несколько файлов."),
            code="too_big",
        )
    books = []
    try:
        for data_only in (True, False):
            books.append(load_workbook(io.BytesIO(data), read_only=True, data_only=data_only))
        values_book, formulas_book = books
        if not values_book.sheetnames:
            raise ValidationError(_("В книге нет ни одного листа."), code="empty")
        names = _in_every_language(lambda: [SHEET_ACTIVITIES])
        title = next(
            (n for n in values_book.sheetnames if _norm(n).casefold() in names),
            values_book.sheetnames[0],
        )
        return title, _rows_of(values_book[title]), _rows_of(formulas_book[title])
    except ValidationError:
        raise
    except Exception as error:  # a zip that is not a workbook fails in many different ways
        raise _not_xlsx() from error
    finally:
        for book in books:
            book.close()


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_of(ws) -> list[tuple]:
    rows, filled = [], 0
    for row in ws.iter_rows(values_only=True, max_col=MAX_IMPORT_COLUMNS):
        rows.append(row)
        if any(not _is_blank(v) for v in row):
            filled += 1
            if filled > MAX_IMPORT_ROWS + 2:  # + the header and the totals row
                raise ValidationError(
                    _("В файле больше %(max)d строк: разделите его на несколько файлов.")
                    % {"max": MAX_IMPORT_ROWS},
                    code="too_many_rows",
                )
    return rows


class _Headers:
    """What each column of the file holds, recognised by its header in any portal language."""

    def __init__(self, header: tuple):
        self.keys: dict[int, object] = {}  # column index → key or ("cost", year, source)
        self.labels: dict[int, str] = {}
        self.blank: set[int] = set()
        self.errors: list[RowError] = []
        known = self._known_labels()
        seen: dict[object, int] = {}
        for index, value in enumerate(header):
            letter = get_column_letter(index + 1)
            if _is_blank(value):
                self.blank.add(index)
                continue
            text = _norm(value)
            key = known.get(text.casefold()) or self._cost_key(text)
            if key is None:
                self.errors.append(
                    RowError(
                        1,
                        letter,
                        text,
                        _(
                            "Неизвестный столбец. Заголовки должны быть такими, как в шаблоне; "
                            "столбец стоимости называется «год: источник финансирования, тыс. сом»."
                        ),
                    )
                )
                continue
            if key in seen:
                self.errors.append(
                    RowError(
                        1,
                        letter,
                        text,
                        _("Такой столбец уже есть: %(other)s.")
                        % {"other": get_column_letter(seen[key] + 1)},
                    )
                )
                continue
            seen[key] = index
            self.keys[index] = key
            self.labels[index] = text
        self.index = {key: index for index, key in self.keys.items()}
        for level in (*LEVELS, "title"):
            if f"{level}_ru" not in self.index and f"{level}_ky" not in self.index:
                self.errors.append(
                    RowError(
                        1,
                        "",
                        "",
                        _("Нет столбца «%(ru)s» или «%(ky)s».")
                        % {
                            "ru": COLUMN_LABELS[f"{level}_ru"],
                            "ky": COLUMN_LABELS[f"{level}_ky"],
                        },
                    )
                )
        self.missing_required = any(not e.letter for e in self.errors)
        self.cost_indexes = [i for i, key in self.keys.items() if isinstance(key, tuple)]

    @staticmethod
    def _known_labels() -> dict[str, object]:
        known = {}
        for column in ACTIVITY_COLUMNS:
            for label in _in_every_language(lambda column=column: [column.label]):
                known[label] = column.key
        for label in _in_every_language(lambda: [ROW_TOTAL]):
            known[label] = "total"
        return known

    @staticmethod
    def _cost_key(text: str):
        match = re.fullmatch(r"(\d{4})\s*:\s*(.+)", text)
        if not match:
            return None
        year = int(match.group(1))
        wanted = text.casefold()
        for source in FundingSource:
            candidates = _in_every_language(
                lambda source=source: [
                    cost_header(year, source),
                    f"{year}: {source.label}",
                    f"{year}: {source.value}",
                ]
            )
            if wanted in candidates:
                return ("cost", year, source.value)
        return None


def _text(value) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _date(value) -> date | None:
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise ValueError(
        _("Не дата: «%(value)s». Укажите дату в формате ДД.ММ.ГГГГ, например 15.03.2021.")
        % {"value": _text(value)}
    )


def _flag(value) -> bool:
    if _is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _norm(value).casefold()
    yes = {"да", "yes", "1", "ооба", "true"} | _in_every_language(lambda: [YES])
    no = {"нет", "no", "0", "жок", "false"} | _in_every_language(lambda: [NO])
    if text in yes:
        return True
    if text in no:
        return False
    raise ValueError(
        _(
            "Непонятное значение «%(value)s»: укажите «да» или «нет» (можно также ооба/жок, "
            "yes/no, 1/0)."
        )
        % {"value": _text(value)}
    )


AMOUNT_LIMIT = Decimal(10) ** 13  # max_digits=14, decimal_places=1


def _amount(value) -> Decimal | None:
    if _is_blank(value):
        return None
    not_a_number = ValueError(
        _("Не число: «%(value)s». Укажите сумму в тыс. сом, например 150 или 12,5.")
        % {"value": _text(value)}
    )
    if isinstance(value, bool):
        raise not_a_number
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise not_a_number from None
    else:
        raise not_a_number
    if not amount.is_finite():
        raise not_a_number
    if amount < 0:
        raise ValueError(_("Стоимость не может быть отрицательной."))
    if amount != amount.quantize(Decimal("0.1")):
        raise ValueError(_("Не больше одного знака после запятой: сумма в тыс. сом."))
    if amount >= AMOUNT_LIMIT:
        raise ValueError(_("Слишком большая сумма."))
    return amount.quantize(Decimal("0.1"))


class _Plan:
    """The programme's directions, goals and objectives, and what the file adds to them."""

    def __init__(self, programme: Programme):
        self.roots: list[_Node] = []
        directions = Direction.objects.filter(programme=programme).prefetch_related(
            "goals__objectives"
        )
        for direction in directions:
            d = self._existing("direction", direction, None, self.roots)
            for goal in direction.goals.all():
                g = self._existing("goal", goal, d, d.children)
                for objective in goal.objectives.all():
                    self._existing("objective", objective, g, g.children)

    @staticmethod
    def _existing(level, obj, parent, siblings) -> _Node:
        node = _Node(level, obj.title_ru or "", obj.title_ky or "", obj, obj.sort_order, parent)
        siblings.append(node)
        return node

    def find_or_add(self, parent: _Node | None, level: str, ru: str, ky: str) -> _Node:
        """The item with this Russian or Kyrgyz title under `parent`, or a new one.
        `ValueError` when the two titles name two different items."""
        siblings = parent.children if parent else self.roots
        by_ru = [n for n in siblings if ru and _norm(n.ru) == _norm(ru)]
        by_ky = [n for n in siblings if ky and _norm(n.ky) == _norm(ky)]
        both = [n for n in by_ru if n in by_ky]
        if by_ru and by_ky and not both:
            raise ValueError(
                _(
                    "Название по-русски и название по-кыргызски указывают на разные строки "
                    "программы: «%(ru)s» и «%(ky)s». Исправьте одно из них."
                )
                % {"ru": by_ru[0].ru, "ky": by_ky[0].ky}
            )
        found = (both or by_ru or by_ky or [None])[0]
        if found is None:
            order = max((n.sort_order for n in siblings), default=-1) + 1
            found = _Node(level, ru, ky, None, order, parent)
            siblings.append(found)
        return found


class _RowChecker:
    def __init__(self, programme: Programme, headers: _Headers):
        self.programme = programme
        self.headers = headers
        self.first_day = date(programme.start_year, 1, 1)
        self.last_day = date(programme.end_year, 12, 31)
        self.limits = {
            f"{name}_{lang}": model._meta.get_field(f"{name_field}_{lang}").max_length
            for name, (model, name_field) in TEXT_FIELDS.items()
            for lang in ("ru", "ky")
        }
        villages = Village.objects.filter(passport__programme=programme)
        self.villages = list(villages)
        self.village_by_name = {}
        for village in reversed(self.villages):  # the first village of a name wins
            for name in (village.name_ru, village.name_ky):
                if name:
                    self.village_by_name[_norm(name).casefold()] = village
        self.totals = _in_every_language(lambda: [TOTAL])

    def error(self, errors, number, key_or_index, reason) -> None:
        index = key_or_index
        if not isinstance(index, int):
            index = self.headers.index.get(key_or_index)
        if index is None:  # the column is missing from the file: name it as in the template
            header = str(COLUMN_LABELS.get(key_or_index, ""))
            errors.append(RowError(number, "", header, str(reason)))
        else:
            errors.append(
                RowError(
                    number,
                    get_column_letter(index + 1),
                    self.headers.labels.get(index, ""),
                    str(reason),
                )
            )

    def is_totals_row(self, get) -> bool:
        texts = {
            _norm(get(f"{level}_{lang}")).casefold()
            for level in (*LEVELS, "title")
            for lang in ("ru", "ky")
        } - {""}
        return bool(texts) and texts <= self.totals

    def check(self, number: int, row: tuple, written: tuple, plan: _Plan, errors) -> _Row | None:
        headers = self.headers

        def raw(index):
            return row[index] if index < len(row) else None

        def get(key):
            index = headers.index.get(key)
            return None if index is None else raw(index)

        used = [i for i, key in headers.keys.items() if key != "total"]
        if all(_is_blank(raw(i)) for i in used) and all(_is_blank(raw(i)) for i in headers.blank):
            return None
        if self.is_totals_row(get):
            return None
        count = len(errors)
        for index in headers.blank:
            if not _is_blank(raw(index)):
                self.error(
                    errors,
                    number,
                    index,
                    _(
                        "У столбца нет заголовка, и непонятно, что в нём записано. "
                        "Добавьте заголовок из шаблона или удалите значения."
                    ),
                )
        for index in used:
            formula = written[index] if index < len(written) else None
            if raw(index) is None and isinstance(formula, str) and formula.startswith("="):
                self.error(
                    errors,
                    number,
                    index,
                    _(
                        "Формула без вычисленного значения. Откройте файл в Excel, сохраните его и "
                        "загрузите снова, или введите значение вместо формулы."
                    ),
                )

        texts, too_long = {}, set()
        for name in (*LEVELS, "title", "responsible"):
            for lang in ("ru", "ky"):
                key = f"{name}_{lang}"
                text = _text(get(key))
                if len(text) > self.limits[key]:
                    self.error(
                        errors,
                        number,
                        key,
                        _("Текст слишком длинный: %(length)d знаков, можно не больше %(max)d.")
                        % {"length": len(text), "max": self.limits[key]},
                    )
                    text = ""
                    too_long.add(name)
                texts[key] = text
        missing = {
            "direction": _("Укажите направление развития хотя бы на одном языке."),
            "goal": _("Укажите цель хотя бы на одном языке."),
            "objective": _("Укажите задачу хотя бы на одном языке."),
            "title": _("Укажите название мероприятия хотя бы на одном языке."),
        }
        for name, message in missing.items():
            if not texts[f"{name}_ru"] and not texts[f"{name}_ky"] and name not in too_long:
                key = f"{name}_ru" if f"{name}_ru" in headers.index else f"{name}_ky"
                self.error(errors, number, key, message)

        objective = node = None
        for level in LEVELS:
            ru, ky = texts[f"{level}_ru"], texts[f"{level}_ky"]
            if not ru and not ky:
                break
            try:
                node = plan.find_or_add(node, level, ru, ky)
            except ValueError as problem:
                key = f"{level}_ru" if f"{level}_ru" in headers.index else f"{level}_ky"
                self.error(errors, number, key, problem.args[0])
                break
            objective = node if level == "objective" else None

        fields = {
            key: texts[key] for key in ("title_ru", "title_ky", "responsible_ru", "responsible_ky")
        }
        for key in ("start_date", "end_date"):
            try:
                value = _date(get(key))
            except ValueError as problem:
                self.error(errors, number, key, problem.args[0])
                value = None
            if value is not None and not self.first_day <= value <= self.last_day:
                self.error(
                    errors,
                    number,
                    key,
                    _("Дата %(date)s вне периода программы (%(period)s).")
                    % {"date": value.strftime("%d.%m.%Y"), "period": self.programme.period},
                )
                value = None
            fields[key] = value
        start, end = fields["start_date"], fields["end_date"]
        if start and end and end < start:
            self.error(
                errors,
                number,
                "end_date",
                _("Окончание (%(end)s) раньше начала (%(start)s).")
                % {"end": end.strftime("%d.%m.%Y"), "start": start.strftime("%d.%m.%Y")},
            )

        fields["village"] = None
        village_name = _text(get("village"))
        if village_name:
            village = self.village_by_name.get(_norm(village_name).casefold())
            if village is None:
                if self.villages:
                    reason = _(
                        "Села «%(name)s» нет в паспорте программы. Сёла паспорта: %(names)s."
                    ) % {
                        "name": village_name,
                        "names": ", ".join(v.name_ru or v.name_ky for v in self.villages),
                    }
                else:
                    reason = _(
                        "Села «%(name)s» нет в паспорте программы: в паспорте ещё нет "
                        "ни одного села."
                    ) % {"name": village_name}
                self.error(errors, number, "village", reason)
            fields["village"] = village

        try:
            fields["is_joint_action"] = _flag(get("joint"))
        except ValueError as problem:
            self.error(errors, number, "joint", problem.args[0])

        costs = []
        for index in headers.cost_indexes:
            _cost, year, source = headers.keys[index]
            value = raw(index)
            if _is_blank(value):
                continue
            if year not in self.programme.years:
                self.error(
                    errors,
                    number,
                    index,
                    _("Год %(year)d вне периода программы (%(period)s).")
                    % {"year": year, "period": self.programme.period},
                )
                continue
            try:
                amount = _amount(value)
            except ValueError as problem:
                self.error(errors, number, index, problem.args[0])
                continue
            costs.append((year, source, amount))

        if len(errors) > count or objective is None:
            return None
        self._model_check(number, fields, errors)
        if len(errors) > count:
            return None
        return _Row(number, objective, fields, costs)

    def _model_check(self, number, fields, errors) -> None:
        """What the model itself refuses (a safety net under the checks above)."""
        activity = Activity(programme=self.programme, **fields)
        try:
            activity.full_clean(
                exclude=["objective", "programme", "village"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                key = next(
                    (k for k in (name, f"{name}_ru", f"{name}_ky") if k in self.headers.index),
                    "title_ru",
                )
                for message in messages:
                    self.error(errors, number, key, message)


def _check_file(programme: Programme, data: bytes) -> list[_Row]:
    title, values, formulas = _read_sheet(data)
    header = values[0] if values else ()
    if all(_is_blank(v) for v in header) and all(_is_blank(v) for row in values for v in row):
        raise ValidationError(
            _("Лист «%(sheet)s» пуст: нет ни заголовков, ни мероприятий. Заполните шаблон.")
            % {"sheet": title},
            code="empty",
        )
    headers = _Headers(header)
    if headers.missing_required:
        raise ImportRejected(headers.errors)
    errors = list(headers.errors)
    checker = _RowChecker(programme, headers)
    plan = _Plan(programme)
    rows = []
    for number, row in enumerate(values[1:], start=2):
        written = formulas[number - 1] if number - 1 < len(formulas) else ()
        checked = checker.check(number, row, written, plan, errors)
        if checked is not None:
            rows.append(checked)
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ValidationError(
            _("В файле нет ни одного мероприятия: заполните строки под заголовками."),
            code="empty",
        )
    return rows


def import_activity_plan(*, programme: Programme, file, actor) -> ImportResult:
    """Create the activities of an .xlsx activity sheet (with the directions, goals and
    objectives they name that do not exist yet) in one transaction.

    Raises `ValidationError` when the file is not a workbook or holds no activity, and
    `ImportRejected` with every bad row when any row is wrong: then nothing is written."""
    if not can(actor, programme.municipality, Need.EDIT):
        raise PermissionDenied(_("У вас нет доступа к этой программе."))
    ensure_editable(programme)
    data = file.read() if hasattr(file, "read") else bytes(file)
    rows = _check_file(programme, data)
    return _write(programme, rows, actor)


@transaction.atomic
def _write(programme: Programme, rows: list[_Row], actor) -> ImportResult:
    result = ImportResult()
    parents = {"direction": None, "goal": None, "objective": None}
    models = {"direction": Direction, "goal": Goal, "objective": Objective}
    parent_field = {"direction": "programme", "goal": "direction", "objective": "goal"}
    next_order = {
        row["objective_id"]: row["last"] + 1
        for row in Activity.objects.filter(programme=programme)
        .values("objective_id")
        .annotate(last=Max("sort_order"))
    }

    def save(node: _Node, parent):
        if node.obj is None:
            obj = models[node.level](
                title_ru=node.ru,
                title_ky=node.ky,
                sort_order=node.sort_order,
                **{parent_field[node.level]: parent},
            )
            node.obj = revisioned_save(
                obj,
                programme=programme,
                actor=actor,
                expected_revision=None,
            )
            setattr(result, f"{node.level}s", getattr(result, f"{node.level}s") + 1)
        return node.obj

    for row in rows:
        parent = programme
        for node in row.objective.path:
            parent = save(node, parent)
            parents[node.level] = parent
        objective = parents["objective"]
        order = next_order.get(objective.pk, 0)
        next_order[objective.pk] = order + 1
        activity = Activity(
            objective=objective, programme=programme, sort_order=order, **row.fields
        )
        revisioned_save(
            activity,
            programme=programme,
            actor=actor,
            expected_revision=None,
        )
        result.activities += 1
        for year, source, amount in row.costs:
            cost = ActivityCost(activity=activity, year=year, source=source, amount=amount)
            plain_save(cost, programme=programme, actor=actor)
            result.costs += 1
    return result
