"""The import of an activity plan from an .xlsx sheet in the format of the export
("Мероприятия"): one row per activity, the direction, goal and objective it belongs to by their
titles, then its costs by year and funding source.

The file is read within limits (`common.xlsx`) and its columns are recognised by their headers
in any language of the portal. Each row is then written through the services the forms use:
`direction_create`, `goal_create` and `objective_create` for what the row names that the
programme does not have yet, and `activity_create` with the activity's costs. Everything goes
in one transaction: when any row is wrong, every bad row is reported (row, column, what is
wrong) and nothing is written (`ImportRejected`).

Checked here is only what a file needs: its headers, the hierarchy given by columns, values
typed as text (dates, amounts, yes/no, the village by its name), formulas without a value.
What makes an activity right (dates inside the period, the end not before the start, costs not
negative with one decimal, a title in one language at least, lengths) the services and the
models say; their errors become row errors, worded with the row's values where the error
carries them."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from common.xlsx import MB, Uncomputed, XlsxLimits, read_xlsx

from ..excel.columns import (
    ACTIVITY_COLUMNS,
    ACTIVITY_SHEET_MAX_COLUMNS,
    COLUMN_LABELS,
    LEVELS,
    NO,
    ROW_TOTAL,
    SHEET_ACTIVITIES,
    TOTAL,
    YES,
    cost_header,
    in_every_language,
    norm,
)
from ..models import Direction, FundingSource, Programme, Village
from ..permissions import ensure_editable
from .common import require_can
from .plan import activity_create, cost_field_name, direction_create, goal_create, objective_create

MAX_IMPORT_BYTES = 5 * MB
MAX_UNPACKED_BYTES = 100 * MB
# Rows of the sheet, blank ones included: the header, the activities and the totals row.
MAX_IMPORT_ROWS = 2000
LIMITS = XlsxLimits(
    bytes=MAX_IMPORT_BYTES,
    rows=MAX_IMPORT_ROWS,
    columns=ACTIVITY_SHEET_MAX_COLUMNS,
    unpacked_bytes=MAX_UNPACKED_BYTES,
)


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


def activity_plan_import(*, programme: Programme, file, actor) -> ImportResult:
    """Create the activities of an .xlsx activity sheet (with the directions, goals and
    objectives they name that the programme does not have yet) in one transaction.

    Raises `ValidationError` when the file is not a workbook within the limits or holds no
    activity, and `ImportRejected` with every bad row when any row is wrong: then nothing is
    written. History records of everything created name `actor`."""
    require_can(actor, programme)
    ensure_editable(programme)
    sheet, rows = _read(file)
    header = rows[0] if rows else ()
    if all(_is_blank(value) for row in rows for value in row):
        raise ValidationError(
            _("Лист «%(sheet)s» пуст: нет ни заголовков, ни мероприятий. Заполните шаблон.")
            % {"sheet": sheet},
            code="empty",
        )
    headers = _Headers(header)
    if headers.missing_required:
        raise ImportRejected(headers.errors)
    errors = list(headers.errors)
    reader = _RowReader(programme, headers)
    activities = []
    for number, row in enumerate(rows[1:], start=2):
        read = reader.read(number, row, errors)
        if read is not None:
            activities.append(read)
    if not activities:
        if errors:
            raise ImportRejected(errors)
        raise ValidationError(
            _("В файле нет ни одного мероприятия: заполните строки под заголовками."),
            code="empty",
        )
    return _write(programme, activities, actor, headers, errors)


# --------------------------------------------------------------------------------------------
# Reading the file


def _read(file) -> tuple[str, list[tuple]]:
    """The name of the activity sheet (in any language, or the first sheet) and its rows."""
    names = in_every_language(lambda: [SHEET_ACTIVITIES])
    chosen = []

    def pick(sheet_names: list[str]) -> str:
        chosen.append(next((n for n in sheet_names if norm(n).casefold() in names), sheet_names[0]))
        return chosen[0]

    rows = list(read_xlsx(file, LIMITS, sheet=pick))
    return chosen[0], rows


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
    text = norm(value).casefold()
    yes = {"да", "yes", "1", "ооба", "true"} | in_every_language(lambda: [YES])
    no = {"нет", "no", "0", "жок", "false"} | in_every_language(lambda: [NO])
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


def _number(value) -> Decimal | None:
    """An amount as typed in a cell: a number, or a text such as "1 200,5". Whether the amount
    is allowed is for `activity_costs_set` to say."""
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
        amount = Decimal(repr(value))  # the shortest text of the float: 30.5, not 30.4999…
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
    return amount


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
            if _is_blank(value) or isinstance(value, Uncomputed):
                self.blank.add(index)
                continue
            text = norm(value)
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
            for label in in_every_language(lambda column=column: [column.label]):
                known[label] = column.key
        for label in in_every_language(lambda: [ROW_TOTAL]):
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
            candidates = in_every_language(
                lambda source=source: [
                    cost_header(year, source),
                    f"{year}: {source.label}",
                    f"{year}: {source.value}",
                ]
            )
            if wanted in candidates:
                return ("cost", year, source.value)
        return None

    def key_of_level(self, level: str) -> str:
        """The column that names a level (or the title): Russian, or Kyrgyz when the file has
        no Russian one."""
        return f"{level}_ru" if f"{level}_ru" in self.index else f"{level}_ky"

    def add_error(self, errors: list, number: int, key_or_index, reason) -> None:
        index = key_or_index
        if not isinstance(index, int):
            index = self.index.get(key_or_index)
        if index is None:  # the column is missing from the file: name it as in the template
            header = str(COLUMN_LABELS.get(key_or_index, ""))
            errors.append(RowError(number, "", header, str(reason)))
        else:
            errors.append(
                RowError(
                    number, get_column_letter(index + 1), self.labels.get(index, ""), str(reason)
                )
            )


# A direction, goal, objective or activity without a title in either language.
REQUIRED = {
    "direction": gettext_lazy("Укажите направление развития хотя бы на одном языке."),
    "goal": gettext_lazy("Укажите цель хотя бы на одном языке."),
    "objective": gettext_lazy("Укажите задачу хотя бы на одном языке."),
    "title": gettext_lazy("Укажите название мероприятия хотя бы на одном языке."),
}


@dataclass
class _Row:
    """A row of the file as the services take it."""

    number: int
    levels: list[tuple[str, str, str]] | None  # (level, ru, ky) from the direction down
    fields: dict
    costs: dict[tuple[int, str], Decimal]
    broken: bool  # the file's own checks found something wrong in it


class _RowReader:
    """Turns a row of cells into what `activity_create` takes, reporting what only a file can
    get wrong: values under no header, formulas without a value, titles of the direction, goal
    and objective, dates, villages and yes/no typed as text, amounts that are not numbers."""

    def __init__(self, programme: Programme, headers: _Headers):
        self.headers = headers
        self.villages = list(Village.objects.filter(passport__programme=programme))
        self.village_by_name = {}
        for village in reversed(self.villages):  # the first village of a name wins
            for name in (village.name_ru, village.name_ky):
                if name:
                    self.village_by_name[norm(name).casefold()] = village
        self.totals = in_every_language(lambda: [TOTAL])

    def read(self, number: int, row: tuple, errors: list) -> _Row | None:
        """The row, or None for a blank row and for the totals row of an exported file."""
        headers = self.headers
        used = [i for i, key in headers.keys.items() if key != "total"]
        if all(_is_blank(row[i]) for i in used) and all(_is_blank(row[i]) for i in headers.blank):
            return None
        values = {i: None if isinstance(row[i], Uncomputed) else row[i] for i in used}

        def get(key):
            index = headers.index.get(key)
            return None if index is None else values[index]

        texts = {
            f"{name}_{lang}": _text(get(f"{name}_{lang}"))
            for name in (*LEVELS, "title", "responsible")
            for lang in ("ru", "ky")
        }
        named = {
            norm(texts[f"{name}_{lang}"]).casefold()
            for name in (*LEVELS, "title")
            for lang in ("ru", "ky")
        } - {""}
        if named and named <= self.totals:
            return None

        count = len(errors)
        for index in headers.blank:
            if not _is_blank(row[index]):
                headers.add_error(
                    errors,
                    number,
                    index,
                    _(
                        "У столбца нет заголовка, и непонятно, что в нём записано. "
                        "Добавьте заголовок из шаблона или удалите значения."
                    ),
                )
        for index in used:
            if isinstance(row[index], Uncomputed):
                headers.add_error(
                    errors,
                    number,
                    index,
                    _(
                        "Формула без вычисленного значения. Откройте файл в Excel, сохраните его и "
                        "загрузите снова, или введите значение вместо формулы."
                    ),
                )

        levels = []
        for level in LEVELS:
            ru, ky = texts[f"{level}_ru"], texts[f"{level}_ky"]
            if not ru and not ky:
                headers.add_error(errors, number, headers.key_of_level(level), REQUIRED[level])
                levels = None
            elif levels is not None:
                levels.append((level, ru, ky))

        fields = {
            key: texts[key] for key in ("title_ru", "title_ky", "responsible_ru", "responsible_ky")
        }
        for key in ("start_date", "end_date"):
            try:
                fields[key] = _date(get(key))
            except ValueError as problem:
                headers.add_error(errors, number, key, problem.args[0])
                fields[key] = None
        fields["village"] = self._village(number, _text(get("village")), errors)
        try:
            fields["is_joint_action"] = _flag(get("joint"))
        except ValueError as problem:
            headers.add_error(errors, number, "joint", problem.args[0])
            fields["is_joint_action"] = False

        costs = {}
        for index in headers.cost_indexes:
            _cost, year, source = headers.keys[index]
            try:
                amount = _number(values[index])
            except ValueError as problem:
                headers.add_error(errors, number, index, problem.args[0])
                continue
            if amount is not None:
                costs[(year, source)] = amount
        return _Row(number, levels, fields, costs, broken=len(errors) > count)

    def _village(self, number: int, name: str, errors: list) -> Village | None:
        if not name:
            return None
        village = self.village_by_name.get(norm(name).casefold())
        if village is None:
            if self.villages:
                reason = _(
                    "Села «%(name)s» нет в паспорте программы. Сёла паспорта: %(names)s."
                ) % {
                    "name": name,
                    "names": ", ".join(v.name_ru or v.name_ky for v in self.villages),
                }
            else:
                reason = _(
                    "Села «%(name)s» нет в паспорте программы: в паспорте ещё нет ни одного села."
                ) % {"name": name}
            self.headers.add_error(errors, number, "village", reason)
        return village


# --------------------------------------------------------------------------------------------
# Writing through the services


@dataclass(eq=False)
class _Node:
    """A direction, goal or objective: of the programme (`obj`), or named by the file."""

    level: str
    ru: str
    ky: str
    obj: object = None
    parent: "_Node | None" = None
    children: list = field(default_factory=list)


class _Plan:
    """The programme's directions, goals and objectives, and those the file's rows add."""

    def __init__(self, programme: Programme):
        self.roots: list[_Node] = []
        directions = Direction.objects.filter(programme=programme).prefetch_related(
            "goals__objectives"
        )
        for direction in directions:
            d = self._existing("direction", direction, None)
            for goal in direction.goals.all():
                g = self._existing("goal", goal, d)
                for objective in goal.objectives.all():
                    self._existing("objective", objective, g)

    def _siblings(self, parent: _Node | None) -> list[_Node]:
        return parent.children if parent else self.roots

    def _existing(self, level, obj, parent) -> _Node:
        node = _Node(level, obj.title_ru or "", obj.title_ky or "", obj, parent)
        self._siblings(parent).append(node)
        return node

    def find_or_add(self, parent: _Node | None, level: str, ru: str, ky: str) -> _Node:
        """The item with this Russian or Kyrgyz title under `parent`, or a new one (not yet
        written). `ValueError` when the two titles name two different items."""
        siblings = self._siblings(parent)
        by_ru = [n for n in siblings if ru and norm(n.ru) == norm(ru)]
        by_ky = [n for n in siblings if ky and norm(n.ky) == norm(ky)]
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
            found = _Node(level, ru, ky, None, parent)
            siblings.append(found)
        return found

    def forget(self, node: _Node) -> None:
        """A node whose row was rolled back: the next row that names it creates it again."""
        self._siblings(node.parent).remove(node)


def _create_level(node: _Node, programme: Programme, actor):
    titles = {"title_ru": node.ru, "title_ky": node.ky}
    if node.level == "direction":
        return direction_create(programme=programme, actor=actor, **titles)
    if node.level == "goal":
        return goal_create(direction=node.parent.obj, actor=actor, **titles)
    return objective_create(goal=node.parent.obj, actor=actor, **titles)


@transaction.atomic
def _write(
    programme: Programme, rows: list[_Row], actor, headers: _Headers, errors: list
) -> ImportResult:
    """Write the rows one by one, each in a savepoint: a row that cannot be written is rolled
    back and reported, the next rows are still tried (to report them too). With any error the
    whole transaction is rolled back."""
    plan = _Plan(programme)
    result = ImportResult()
    for row in rows:
        created: list[_Node] = []
        with transaction.atomic():
            written = _write_row(programme, plan, row, actor, headers, errors, created)
            if not written or row.broken:
                transaction.set_rollback(True)
        if not written or row.broken:
            for node in reversed(created):
                plan.forget(node)
            continue
        for node in created:
            setattr(result, f"{node.level}s", getattr(result, f"{node.level}s") + 1)
        result.activities += 1
        result.costs += len(row.costs)
    if errors:
        raise ImportRejected(errors)  # leaves the transaction: nothing is written
    return result


def _write_row(programme, plan: _Plan, row: _Row, actor, headers, errors, created) -> bool:
    """Create what the row names; False (with the reasons in `errors`) when a service refuses."""
    if row.levels is None:
        return False
    node = None
    for level, ru, ky in row.levels:
        try:
            node = plan.find_or_add(node, level, ru, ky)
        except ValueError as problem:
            headers.add_error(errors, row.number, headers.key_of_level(level), problem.args[0])
            return False
        if node.obj is None:
            created.append(node)
            try:
                node.obj = _create_level(node, programme, actor)
            except ValidationError as error:
                _report(error, row.number, headers, errors, group=level)
                return False
    try:
        activity_create(objective=node.obj, actor=actor, costs=row.costs or None, **row.fields)
    except ValidationError as error:
        _report(error, row.number, headers, errors, group="title", costs=row.costs)
        return False
    return True


# Fields of `activity_create` that a column of another name shows.
FIELD_KEYS = {"is_joint_action": "joint"}
# Translated fields (modeltranslation): an error of the field in the active language is also
# reported under `<name>_ru` or `<name>_ky`.
TRANSLATED = ("title", "responsible")


def _report(error: ValidationError, number, headers: _Headers, errors, *, group, costs=()):
    """A service's `ValidationError` as row errors, each under the column of its field.
    `group` says whose fields they are: a level ("direction", "goal", "objective") or the
    activity ("title")."""
    by_field = getattr(error, "error_dict", None) or {NON_FIELD_ERRORS: error.error_list}
    cost_keys = {cost_field_name(source, year): ("cost", year, source) for year, source in costs}
    seen = set()
    for name, field_errors in by_field.items():
        if name in TRANSLATED and any(f"{name}_{lang}" in by_field for lang in ("ru", "ky")):
            continue
        if group != "title":  # a direction, goal or objective: its title is what can be wrong
            key = f"{group}_{name[-2:]}" if name in ("title_ru", "title_ky") else None
            key = key or headers.key_of_level(group)
        elif name in TRANSLATED:
            key = headers.key_of_level(name)
        else:  # a column of the same name; costs by year and source; the row as a whole
            key = cost_keys.get(name) or FIELD_KEYS.get(name, name)
        for field_error in field_errors:
            reason = _reason(field_error, group)
            if (key, reason) not in seen:
                seen.add((key, reason))
                headers.add_error(errors, number, key, reason)


def _reason(error: ValidationError, group: str) -> str:
    """What is wrong, for a list of rows: the value the person typed is not next to the
    message, so the errors that carry it say it. Others are as the service words them."""
    params = error.params or {}
    if error.code == "max_length":
        return _("Текст слишком длинный: %(length)d знаков, можно не больше %(max)d.") % {
            "length": params["show_value"],
            "max": params["limit_value"],
        }
    if error.code == "date_outside_period":
        return _("Дата %(date)s вне периода программы (%(period)s).") % {
            "date": params["value"].strftime("%d.%m.%Y"),
            "period": params["period"],
        }
    if error.code == "end_before_start":
        return _("Окончание (%(end)s) раньше начала (%(start)s).") % {
            "end": params["end"].strftime("%d.%m.%Y"),
            "start": params["start"].strftime("%d.%m.%Y"),
        }
    if error.code == "year_outside_period":
        return _("Год %(year)d вне периода программы (%(period)s).") % params
    if error.code == "max_decimal_places":
        return _("Не больше одного знака после запятой: сумма в тыс. сом.")
    if error.code in ("max_digits", "max_whole_digits"):
        return _("Слишком большая сумма.")
    if error.code == "required":
        return str(REQUIRED.get(group) or " ".join(error.messages))
    return " ".join(error.messages)
