"""The columns of the activity sheet and of the indicator sheet: keys, headers, widths.

The export writes the headers in the language of the page; the import recognises them in every
language of the portal, so that a file downloaded from the Kyrgyz page imports from the Russian
one."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import FundingSource, Programme
from ..models.programme import MAX_YEARS

SHEET_ACTIVITIES = gettext_lazy("Мероприятия")
SHEET_INDICATORS = gettext_lazy("Индикаторы")
TOTAL = gettext_lazy("Итого")
ROW_TOTAL = gettext_lazy("Итого, тыс. сом")
YES, NO = gettext_lazy("да"), gettext_lazy("нет")


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
COST_WIDTH = 14  # each (year, source) column and the row total

# The direction, goal and objective of an activity are given by columns, from the top down.
LEVELS = ("direction", "goal", "objective")

# The widest activity sheet the portal writes: a programme of the longest period, one column
# per year and funding source, and the row total. A file goes from one programme to another
# (a neighbour's plan as a start), so the import reads this many columns whatever its own
# programme's period is, and nothing to the right of them.
ACTIVITY_SHEET_MAX_COLUMNS = len(ACTIVITY_COLUMNS) + MAX_YEARS * len(FundingSource) + 1


def cost_header(year: int, source: FundingSource) -> str:
    return _("%(year)d: %(source)s, тыс. сом") % {"year": year, "source": source.label}


def cost_columns(programme: Programme, years_in_data: set[int]) -> list[tuple[int, str]]:
    """One column per (year, source): every year of the period, and any other year that has a
    cost (so that nothing entered is left out of the file)."""
    years = sorted(set(programme.years) | years_in_data)
    return [(year, source) for year in years for source in FundingSource]


def indicator_columns(years: list[int]) -> list[tuple[str, int]]:
    """The headers and widths of the indicator sheet, with one target column per year."""
    return [
        (_("Относится к"), 12),
        (_("Цель или задача (рус.)"), 30),
        (_("Цель или задача (кырг.)"), 30),
        (_("Индикатор (рус.)"), 36),
        (_("Индикатор (кырг.)"), 36),
        (_("Единица измерения"), 12),
        (_("Направление изменения"), 14),
        (_("Нарастающим итогом"), 12),
        (_("Базовое значение"), 12),
        (_("Год базового значения"), 12),
        *[(_("Целевое значение, %(year)d") % {"year": year}, 12) for year in years],
        (_("Источник проверки (рус.)"), 28),
        (_("Источник проверки (кырг.)"), 28),
        (_("В разбивке по полу"), 12),
    ]


def norm(value) -> str:
    """A text compared the way people see it: spaces at the ends and doubled spaces ignored."""
    return " ".join(str(value).split()) if value is not None else ""


def in_every_language(make: Callable[[], Iterable[str]]) -> set[str]:
    """The texts `make` returns in each language of the portal, normalised for comparison:
    headers and words in a file are recognised whatever the language of the page."""
    texts = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.update(norm(text).casefold() for text in make())
    return texts
