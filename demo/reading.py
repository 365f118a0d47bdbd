"""Reading the demo data files: YAML with named keys, checked as it is read.

People edit these files by hand (a Kyrgyz reviewer too), so a mistake must say where it is:
every error names the file and the item («ak-tal.yaml → directions 2 «Пастбища и
животноводство» → objectives 1 …»), in Russian and Kyrgyz. A key that is missing, a key
nobody reads (a typo), a value of the wrong kind and a reference to a key that does not exist
are all refused before anything is written to the database."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.utils import translation
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
# yaml.safe_load's loader, in C where PyYAML was built with libyaml: ten times faster on these
# files (the pure Python one takes a tenth of a second on every `seed_demo`).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MISSING = _("%(where)s: нет обязательного ключа «%(key)s».")
UNKNOWN_KEY = _("%(where)s: неизвестный ключ «%(key)s». Можно: %(allowed)s.")
WRONG_VALUE = _("%(where)s, «%(key)s»: нужно %(expected)s, а записано «%(value)s».")
UNKNOWN_REFERENCE = _("%(where)s, «%(key)s»: «%(value)s» — такого ключа нет в %(among)s.")
NOT_IN_PORTAL = _("%(where)s, «%(key)s»: в портале нет «%(value)s».")
DUPLICATE = _("%(where)s, «%(key)s»: «%(value)s» уже встречается выше.")
UNREADABLE = _("%(file)s: файл не удалось прочитать: %(error)s")
REFUSED = _("%(where)s: портал не принял эти данные: %(error)s")

TEXT = _("тексты «ru» и «ky»")
STRING = _("текст")
INTEGER = _("целое число")
NUMBER = _("число")
DATE = _("дата вида ГГГГ-ММ-ДД")
BOOLEAN = _("true или false")
LIST = _("список")
MAPPING = _("ключи со значениями")
ONE_OF = _("одно из значений: %(choices)s")


class Translated:
    """A message with its parameters, put into words in whatever language is active when it is
    shown (a lazy text with parameters would be put into words at once)."""

    def __init__(self, message, **params):
        self.message, self.params = message, params

    def __str__(self) -> str:
        return str(self.message) % {key: str(value) for key, value in self.params.items()}


def in_both_languages(message, **params) -> str:
    """The message in Russian, then in Kyrgyz. Lazy parameters (the kind of value expected) are
    rendered in each language too."""
    texts = []
    for lang in ("ru", "ky"):
        with translation.override(lang):
            texts.append(str(Translated(message, **params)))
    return " / ".join(texts)


class DemoDataError(Exception):
    """A demo data file is wrong (or the portal refused what it says): the message says where."""

    def __init__(self, message, **params):
        super().__init__(in_both_languages(message, **params))


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class Item:
    """A mapping of a data file and where it is. Each getter reads one key and checks its value;
    `done()` then refuses the keys that nobody read."""

    data: dict
    where: str
    read: set = field(default_factory=set)

    @classmethod
    def of(cls, value, where: str) -> "Item":
        if not isinstance(value, dict):
            raise DemoDataError(
                WRONG_VALUE, where=where, key="…", expected=MAPPING, value=_shown(value)
            )
        return cls(value, where)

    def _get(self, key: str, required: bool):
        self.read.add(key)
        if key not in self.data or self.data[key] is None:
            if required:
                raise DemoDataError(MISSING, where=self.where, key=key)
            return None
        return self.data[key]

    def _wrong(self, key: str, expected, value):
        return DemoDataError(
            WRONG_VALUE, where=self.where, key=key, expected=expected, value=_shown(value)
        )

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def string(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self._wrong(key, STRING, value)
        return value

    def text(self, key: str, *, required: bool = True) -> tuple[str, str]:
        """A text in Russian and Kyrgyz: `{ru: …, ky: …}`; an empty string is a text not
        written yet in that language."""
        value = self._get(key, required)
        if value is None:
            return ("", "")
        if not isinstance(value, dict) or set(value) != {"ru", "ky"}:
            raise self._wrong(key, TEXT, value)
        if not all(isinstance(value[lang], str) for lang in ("ru", "ky")):
            raise self._wrong(key, TEXT, value)
        return value["ru"], value["ky"]

    def integer(self, key: str, *, required: bool = True) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(key, INTEGER, value)
        return value

    def number(self, key: str, *, required: bool = True) -> Decimal | None:
        value = self._get(key, required)
        return None if value is None else self.as_number(key, value)

    def as_number(self, key: str, value) -> Decimal:
        """A number as written (8.6 is 8.6, not the nearest binary fraction)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._wrong(key, NUMBER, value)
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise self._wrong(key, NUMBER, value) from None

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if type(value) is not date:  # a datetime is a date too, but not a day
            raise self._wrong(key, DATE, value)
        return value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._wrong(key, BOOLEAN, value)
        return value

    def choice(self, key: str, choices, *, required: bool = True, default: str = "") -> str:
        value = self._get(key, required)
        if value is None:
            return default
        allowed = [str(choice) for choice in choices]
        if value not in allowed:
            raise self._wrong(key, Translated(ONE_OF, choices=", ".join(allowed)), value)
        return value

    def item(self, key: str, *, required: bool = True) -> "Item | None":
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self._wrong(key, MAPPING, value)
        return Item(value, f"{self.where} → {key}")

    def items(self, key: str, *, required: bool = True) -> list["Item"]:
        """A list of mappings, each named in messages by its position and what it is."""
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(key, LIST, value)
        out = []
        for position, element in enumerate(value, start=1):
            where = f"{self.where} → {key} {position}"
            label = _label(element)
            out.append(Item.of(element, f"{where} «{label}»" if label else where))
        return out

    def texts(self, key: str) -> list[tuple[str, str]]:
        """A list of texts in Russian and Kyrgyz (the SWOT)."""
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(key, LIST, value)
        holder = Item(
            {str(n): text for n, text in enumerate(value, start=1)}, f"{self.where} → {key}"
        )
        return [holder.text(str(n)) for n in range(1, len(value) + 1)]

    def by_year(self, key: str, *, required: bool = True) -> dict[int, object]:
        """`{2020: …, 2021: …}`: a value for each year named."""
        value = self._get(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self._wrong(key, MAPPING, value)
        for year in value:
            if isinstance(year, bool) or not isinstance(year, int):
                raise self._wrong(key, INTEGER, year)
        return value

    def amounts_by_year(self, key: str, sources) -> dict[tuple[int, str], Decimal]:
        """`{2020: {local_budget: 200, donor: 1500}, …}` → `{(2020, "local_budget"): 200, …}`."""
        allowed = [str(source) for source in sources]
        out = {}
        for year, amounts in self.by_year(key, required=False).items():
            holder = Item.of(amounts, f"{self.where} → {key} → {year}")
            for source, amount in amounts.items():
                if source not in allowed:
                    raise DemoDataError(
                        UNKNOWN_KEY, where=holder.where, key=source, allowed=", ".join(allowed)
                    )
                out[(year, source)] = holder.as_number(source, amount)
        return out

    def done(self) -> None:
        unknown = [key for key in self.data if key not in self.read]
        if unknown:
            raise DemoDataError(
                UNKNOWN_KEY,
                where=self.where,
                key=unknown[0],
                allowed=", ".join(sorted(self.read)),
            )

    def unknown_reference(self, key: str, value, among: str) -> DemoDataError:
        return DemoDataError(UNKNOWN_REFERENCE, where=self.where, key=key, value=value, among=among)

    def refused(self, error) -> DemoDataError:
        return DemoDataError(REFUSED, where=self.where, error=error)


def _label(element) -> str:
    """What names an item of a list in messages: its key, else the start of its title."""
    if not isinstance(element, dict):
        return ""
    for name in ("key", "login", "sector", "full_name"):
        if isinstance(element.get(name), str):
            return element[name]
    for name in ("title", "name", "text"):
        value = element.get(name)
        if isinstance(value, dict) and isinstance(value.get("ru"), str):
            value = value["ru"] or value.get("ky")
        if isinstance(value, str) and value:
            return _shown(value)
    return ""


def read_file(name: str) -> Item:
    """The top mapping of `demo/data/<name>`."""
    path = DATA / name
    try:
        with path.open(encoding="utf-8") as file:
            data = yaml.load(file, Loader=SAFE_LOADER)  # noqa: S506 (the safe loader)
    except (OSError, yaml.YAMLError) as error:
        raise DemoDataError(UNREADABLE, file=name, error=error) from error
    return Item.of(data, name)


def check_unique(items: list[Item], key: str) -> dict[str, Item]:
    """The items by their `key`, refusing one used twice."""
    seen: dict[str, Item] = {}
    for item in items:
        value = item.string(key)
        if value in seen:
            raise DemoDataError(DUPLICATE, where=item.where, key=key, value=value)
        seen[value] = item
    return seen
