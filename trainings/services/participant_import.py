"""The import of an event's participants from an .xlsx sheet (the template of the participants
page): one row per person, then a column per day of the event marking who was there.

The file is read within limits (`common.xlsx`); its columns are recognised by their headers in
any language of the portal, the values (sex, category of position, type of organisation, the
municipality, yes/no) too. Every row is checked by the same rules as the form
(`participant_errors`) and against the other rows: the same person twice, in the file or
already at the event, is refused. When any row is wrong, every bad row is reported (row,
column, what is wrong) and nothing is written (`ImportRejected`); otherwise all rows are
written in one transaction, with their history."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from common.xlsx import MB, Uncomputed, XlsxLimits, read_xlsx
from municipalities.models import Municipality

from ..columns import (
    COLUMNS,
    NO_VALUES,
    SHEET_PARTICIPANTS,
    YES_VALUES,
    day_of_header,
    in_every_language,
    norm,
    organisation_type_values,
    position_values,
    sex_values,
)
from ..models import MAX_DAYS, Attendance, Event, Participant
from ..permissions import EventNeed, require_on_event
from .participants import participant_errors

MAX_IMPORT_BYTES = 5 * MB
MAX_UNPACKED_BYTES = 50 * MB
# the header and up to 3 000 people (a national conference and more), blank rows included
MAX_IMPORT_ROWS = 3001
LIMITS = XlsxLimits(
    bytes=MAX_IMPORT_BYTES,
    rows=MAX_IMPORT_ROWS,
    columns=len(COLUMNS) + MAX_DAYS + 6,
    unpacked_bytes=MAX_UNPACKED_BYTES,
)


@dataclass
class RowError:
    row: int
    letter: str  # the column as Excel names it ("D"), or "" for the whole row or file
    header: str
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
    participants: int
    marks: int


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


class _Headers:
    """What each column of the file holds."""

    def __init__(self, header: tuple, days: list[date]):
        self.keys: dict[int, str] = {}
        self.days: dict[int, date] = {}
        self.labels: dict[int, str] = {}
        self.blank: set[int] = set()
        self.errors: list[RowError] = []
        known = {}
        for column in COLUMNS:
            for label in in_every_language(lambda column=column: [column.label]):
                known[label] = column.key
        seen: dict[object, int] = {}
        for index, value in enumerate(header):
            letter = get_column_letter(index + 1)
            if _blank(value) or isinstance(value, Uncomputed):
                self.blank.add(index)
                continue
            text = _text(value)
            self.labels[index] = text
            key = known.get(norm(text))
            day = None if key else day_of_header(text, days)
            if key is None and day is None:
                self.errors.append(
                    RowError(
                        1,
                        letter,
                        text,
                        _(
                            "Неизвестный столбец. Заголовки должны быть такими, как в шаблоне; "
                            "столбцы дней называются «День 1: ДД.ММ.ГГГГ»."
                        ),
                    )
                )
                continue
            if day is False:
                self.errors.append(
                    RowError(
                        1,
                        letter,
                        text,
                        _("У мероприятия нет такого дня: оно идёт с %(start)s по %(end)s.")
                        % {"start": f"{days[0]:%d.%m.%Y}", "end": f"{days[-1]:%d.%m.%Y}"},
                    )
                )
                continue
            what = key or day
            if what in seen:
                self.errors.append(
                    RowError(
                        1,
                        letter,
                        text,
                        _("Такой столбец уже есть: %(other)s.")
                        % {"other": get_column_letter(seen[what] + 1)},
                    )
                )
                continue
            seen[what] = index
            if key:
                self.keys[index] = key
            else:
                self.days[index] = day
        self.index = {key: index for index, key in self.keys.items()}
        for column in COLUMNS:
            if column.required and column.key not in self.index:
                self.errors.append(
                    RowError(1, "", "", _("Нет столбца «%(name)s».") % {"name": column.label})
                )
        self.missing_required = any(not error.letter for error in self.errors)

    def error(self, number: int, index_or_key, reason: str) -> RowError:
        index = index_or_key
        if not isinstance(index, int):
            index = self.index.get(index_or_key)
        if index is None:
            label = next((str(c.label) for c in COLUMNS if c.key == index_or_key), "")
            return RowError(number, "", label, reason)
        return RowError(number, get_column_letter(index + 1), self.labels.get(index, ""), reason)


class _Municipalities:
    """A municipality by what people type: its name in either language, its name without
    «айылный аймак» / «айылдык аймагы» («Кок-Жарский», «Кок-Жар», «Бүлөлү»), or its code in the
    portal (slug). Kyrgyz letters typed on a Russian keyboard match too (Булолу, Бүлөлү)."""

    SUFFIXES = (" айылный аймак", " айылдык аймагы", " аа")
    LETTERS = str.maketrans("өүң", "оун")

    @classmethod
    def fold(cls, text: str) -> str:
        return norm(text).translate(cls.LETTERS)

    @classmethod
    def names(cls, municipality: Municipality) -> set[str]:
        names = {
            cls.fold(n)
            for n in (municipality.slug, municipality.name_ru, municipality.name_ky)
            if n
        }
        for name in list(names):
            for suffix in cls.SUFFIXES:
                if name.endswith(suffix):
                    short = name[: -len(suffix)]
                    names.add(short)
                    if short.endswith("ский"):  # Кок-Жарский → Кок-Жар
                        names.add(short[: -len("ский")])
        return names

    def __init__(self):
        self.by_name: dict[str, list[Municipality]] = {}
        for municipality in Municipality.objects.select_related("district"):
            for name in self.names(municipality):
                self.by_name.setdefault(name, []).append(municipality)

    def find(self, text: str) -> Municipality:
        found = self.by_name.get(self.fold(text), [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValueError(
                _(
                    "Муниципалитета «%(name)s» нет в портале. Напишите название, как на "
                    "листе «Списки» шаблона."
                )
                % {"name": text}
            )
        raise ValueError(
            _("Несколько муниципалитетов называются «%(name)s»: укажите код — %(codes)s.")
            % {
                "name": text,
                "codes": "; ".join(f"{m.slug} ({m.district.name})" for m in found),
            }
        )


def _flag(value) -> bool:
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = norm(value)
    if text in YES_VALUES or text in in_every_language(lambda: [_("да")]):
        return True
    if text in NO_VALUES or text in in_every_language(lambda: [_("нет")]):
        return False
    raise ValueError(
        _("Непонятная отметка «%(value)s»: поставьте «+» (был на мероприятии) или оставьте пустой.")
        % {"value": _text(value)}
    )


@dataclass
class _Row:
    number: int
    participant: Participant
    days: list[date]


class _Reader:
    def __init__(self, event: Event, headers: _Headers, emails: set[str]):
        self.event = event
        self.headers = headers
        self.sex = sex_values()
        self.positions = position_values()
        self.types = organisation_type_values()
        self.municipalities = _Municipalities()
        User = get_user_model()
        self.users = {
            user.email.casefold(): user
            for user in User.objects.filter(email__in=sorted(emails), is_active=True)
        }
        self.keys = dict(
            Participant.objects.filter(event=event).values_list("person_key", "full_name")
        )
        self.seen: dict[str, int] = {}

    def read(self, number: int, row: tuple, errors: list[RowError]) -> _Row | None:
        headers = self.headers
        used = [*headers.keys, *headers.days]
        if all(_blank(row[i]) for i in used) and all(_blank(row[i]) for i in headers.blank):
            return None
        count = len(errors)
        for index in headers.blank:
            if not _blank(row[index]):
                errors.append(
                    headers.error(
                        number,
                        index,
                        _(
                            "У столбца нет заголовка, и непонятно, что в нём записано. "
                            "Добавьте заголовок из шаблона или удалите значения."
                        ),
                    )
                )
        for index in used:
            if isinstance(row[index], Uncomputed):
                errors.append(
                    headers.error(
                        number,
                        index,
                        _(
                            "Формула без вычисленного значения. Откройте файл в Excel, сохраните "
                            "его и загрузите снова, или введите значение вместо формулы."
                        ),
                    )
                )

        def text(key: str) -> str:
            index = headers.index.get(key)
            if index is None or isinstance(row[index], Uncomputed):
                return ""
            return _text(row[index])

        fields = {
            "full_name": text("full_name"),
            "position": text("position"),
            "organisation": text("organisation"),
            "contact": text("contact"),
        }
        for key, values, message in (
            ("sex", self.sex, _("Непонятный пол «%(value)s»: напишите «ж» или «м».")),
            (
                "position_category",
                self.positions,
                _("Неизвестная категория должности «%(value)s»: выберите из листа «Списки»."),
            ),
            (
                "organisation_type",
                self.types,
                _("Неизвестный тип организации «%(value)s»: выберите из листа «Списки»."),
            ),
        ):
            value = text(key)
            fields[key] = values.get(norm(value), "") if value else ""
            if value and not fields[key]:
                errors.append(headers.error(number, key, message % {"value": value}))
        fields["municipality"] = None
        if text("municipality"):
            try:
                fields["municipality"] = self.municipalities.find(text("municipality"))
            except ValueError as problem:
                errors.append(headers.error(number, "municipality", problem.args[0]))
        fields["user"] = None
        email = text("email")
        if email:
            fields["user"] = self.users.get(email.casefold())
            if fields["user"] is None:
                errors.append(
                    headers.error(
                        number,
                        "email",
                        _(
                            "В портале нет активного пользователя с адресом «%(email)s». "
                            "Оставьте ячейку пустой, чтобы записать участника только по имени."
                        )
                        % {"email": email},
                    )
                )
        days = []
        for index, day in headers.days.items():
            try:
                if _flag(None if isinstance(row[index], Uncomputed) else row[index]):
                    days.append(day)
            except ValueError as problem:
                errors.append(headers.error(number, index, problem.args[0]))
        if len(errors) > count:
            return None
        return self._checked(number, fields, sorted(days), errors)

    def _checked(self, number: int, fields: dict, days: list[date], errors) -> _Row | None:
        user = fields["user"]
        participant = Participant(
            event=self.event,
            user=user,
            full_name=fields["full_name"] or (user.full_name if user else ""),
            sex=fields["sex"] or (user.sex if user else ""),
            position_category=fields["position_category"],
            position=fields["position"],
            municipality=fields["municipality"],
            organisation=fields["organisation"],
            organisation_type=fields["organisation_type"],
            contact=fields["contact"],
        )
        problems = participant_errors(participant, self.event, existing=self.keys)
        for field, messages in problems.items():
            key = "email" if field == "user" else field
            for message in messages:
                errors.append(self.headers.error(number, key, message))
        if problems:
            return None
        earlier = self.seen.get(participant.person_key)
        if earlier is not None:
            errors.append(
                self.headers.error(
                    number,
                    "email" if participant.user_id else "full_name",
                    _("«%(name)s» уже записан(а) в строке %(row)d этого файла.")
                    % {"name": participant.full_name, "row": earlier},
                )
            )
            return None
        self.seen[participant.person_key] = number
        return _Row(number, participant, days)


def _emails(rows: list[tuple], headers: _Headers) -> set[str]:
    index = headers.index.get("email")
    if index is None:
        return set()
    return {_text(row[index]).casefold() for row in rows[1:] if not _blank(row[index])}


def participants_import(*, event: Event, file, actor) -> ImportResult:
    """Add the participants of an .xlsx sheet to `event`, with the days they were present.

    Raises `ValidationError` when the file is not a workbook within the limits or holds nobody,
    and `ImportRejected` with every bad row when any row is wrong: then nothing is written."""
    require_on_event(actor, event, EventNeed.EDIT)
    names = in_every_language(lambda: [SHEET_PARTICIPANTS])
    rows = list(
        read_xlsx(
            file,
            LIMITS,
            sheet=lambda sheet_names: next(
                (name for name in sheet_names if norm(name) in names), sheet_names[0]
            ),
        )
    )
    if not rows or all(_blank(value) for row in rows for value in row):
        raise ValidationError(
            _("Лист пуст: нет ни заголовков, ни участников. Заполните шаблон."), code="empty"
        )
    headers = _Headers(rows[0], event.days)
    if headers.missing_required:
        raise ImportRejected(headers.errors)
    errors = list(headers.errors)
    reader = _Reader(event, headers, _emails(rows, headers))
    read = []
    for number, row in enumerate(rows[1:], start=2):
        checked = reader.read(number, row, errors)
        if checked is not None:
            read.append(checked)
    if errors:
        raise ImportRejected(errors)
    if not read:
        raise ValidationError(
            _("В файле нет ни одного участника: заполните строки под заголовками."),
            code="empty",
        )
    return _write(event, read, actor)


@transaction.atomic
def _write(event: Event, rows: list[_Row], actor) -> ImportResult:
    participants = []
    for row in rows:
        row.participant.created_by = actor
        row.participant.refresh_keys()
        participants.append(row.participant)
    created = bulk_create_with_history(
        participants, Participant, batch_size=500, default_user=actor
    )
    marks = [
        Attendance(participant=participant, day=day, marked_by=actor)
        for participant, row in zip(created, rows, strict=True)
        for day in row.days
    ]
    Attendance.objects.bulk_create(marks, batch_size=1000)
    return ImportResult(participants=len(created), marks=len(marks))
