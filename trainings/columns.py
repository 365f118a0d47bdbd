"""The columns of the participants' spreadsheet (the import's template) and the values typed in
them, recognised in every language of the portal: a file filled from the Kyrgyz page imports
from the Russian one."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import OrganisationType, PositionCategory, Sex

SHEET_PARTICIPANTS = _("Участники")
SHEET_LISTS = _("Списки")
YES = _("да")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation
    width: int
    required: bool = False


COLUMNS = (
    Column("full_name", _("Фамилия, имя"), 30, required=True),
    Column("sex", _("Пол (ж/м)"), 10, required=True),
    Column("position_category", _("Категория должности"), 28, required=True),
    Column("position", _("Должность"), 30),
    Column("municipality", _("Муниципалитет"), 30),
    Column("organisation", _("Организация"), 28),
    Column("organisation_type", _("Тип организации"), 24),
    Column("email", _("Электронная почта пользователя портала"), 28),
    Column("contact", _("Телефон или электронная почта"), 22),
)
COLUMN_KEYS = [column.key for column in COLUMNS]
DAY_LABEL = _("День %(number)s: %(date)s")


def norm(value) -> str:
    return " ".join(str(value).split()).casefold().replace("ё", "е")


def in_every_language(texts: Callable[[], Iterable]) -> set[str]:
    """The texts as every language of the portal says them, normalised."""
    said = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said.update(norm(text) for text in texts())
    return said


def day_header(number: int, day: date) -> str:
    return str(DAY_LABEL) % {"number": number, "date": f"{day:%d.%m.%Y}"}


DATE_IN_HEADER = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
DAY_NUMBER = re.compile(r"^(?:день|кун|күн|day)\s*(\d{1,2})$|^(\d{1,2})\s*-?\s*(?:день|күн|кун)$")


def day_of_header(text: str, days: list[date]) -> date | bool | None:
    """The day a header names: by its date («День 1: 18.09.2019», «18.09.2019») or by its
    number («День 2», «2-күн»). None: not a day column; False: a day the event does not have."""
    match = DATE_IN_HEADER.search(text)
    if match:
        day_, month, year = (int(part) for part in match.groups())
        try:
            named = date(year, month, day_)
        except ValueError:
            return False
        return named if named in days else False
    match = DAY_NUMBER.match(norm(text))
    if match:
        number = int(match.group(1) or match.group(2))
        return days[number - 1] if 1 <= number <= len(days) else False
    return None


def sex_values() -> dict[str, str]:
    values = {
        "ж": Sex.FEMALE,
        "жен": Sex.FEMALE,
        "женский": Sex.FEMALE,
        "а": Sex.FEMALE,
        "аял": Sex.FEMALE,
        "f": Sex.FEMALE,
        "м": Sex.MALE,
        "муж": Sex.MALE,
        "мужской": Sex.MALE,
        "э": Sex.MALE,
        "эр": Sex.MALE,
        "эркек": Sex.MALE,
        "m": Sex.MALE,
    }
    for sex in Sex:
        values[sex.value] = sex.value
        for label in in_every_language(lambda sex=sex: [sex.label]):
            values[label] = sex.value
    return values


def choice_values(choices) -> dict[str, str]:
    """A value of `choices` by its code or its label in any language."""
    values = {}
    for choice in choices:
        values[choice.value] = choice.value
        for label in in_every_language(lambda choice=choice: [choice.label]):
            values[label] = choice.value
    return values


def position_values() -> dict[str, str]:
    return choice_values(PositionCategory)


def organisation_type_values() -> dict[str, str]:
    values = choice_values(OrganisationType)
    values.update({"нпо": OrganisationType.NGO, "жк": OrganisationType.PARLIAMENT})
    return values


YES_VALUES = {"+", "1", "да", "ооба", "yes", "x", "х", "v", "✓", "true", "был", "была", "бар"}
NO_VALUES = {"-", "0", "нет", "жок", "no", "false", "не был", "не была"}
