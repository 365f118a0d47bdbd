"""The one shape of every extension point of the portal: a page that several apps feed keeps a
module-level `Registry`, and each app above registers its entries in `AppConfig.ready()` (as
`admin.site.register` does for the admin). An entry is a frozen dataclass with a `key` and an
`order`; it is checked when it is registered, so that a mistake stops the process at start
rather than on the first visit of the page."""

from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist
from django.template.loader import get_template


class AlreadyRegistered(ImproperlyConfigured):
    """A second entry with a key already taken (two apps, or one registered twice)."""


class NotRegistered(LookupError):
    pass


class Entry(Protocol):
    key: str
    order: int

    def template_names(self) -> Iterable[str]: ...


E = TypeVar("E", bound=Entry)


def require_template(template_name: str, *, where: str) -> None:
    """The template exists and compiles; otherwise a clear error names the entry."""
    try:
        get_template(template_name)
    except TemplateDoesNotExist as error:
        raise ImproperlyConfigured(
            f"{where}: the template {template_name!r} does not exist"
        ) from error


class Registry(Generic[E]):
    """Entries by key; iterated by `order`, then in the order they were registered."""

    def __init__(self, name: str, *, reserved: Iterable[str] = ()):
        self.name = name
        # keys the page itself uses (its own columns, its query parameters)
        self.reserved = frozenset(reserved)
        self._entries: dict[str, E] = {}
        self._sorted: tuple[E, ...] = ()

    def register(self, entry: E) -> E:
        where = f"{self.name} {entry.key!r}"
        if not entry.key or not isinstance(entry.key, str):
            raise ImproperlyConfigured(f"{self.name}: an entry needs a key, got {entry.key!r}")
        if entry.key in self._entries or entry.key in self.reserved:
            raise AlreadyRegistered(f"{where} is already registered")
        for template_name in entry.template_names():
            require_template(template_name, where=where)
        self._entries[entry.key] = entry
        self._sort()
        return entry

    def unregister(self, key: str) -> None:
        if key not in self._entries:
            raise NotRegistered(f"{self.name} {key!r} is not registered")
        del self._entries[key]
        self._sort()

    def _sort(self) -> None:
        self._sorted = tuple(sorted(self._entries.values(), key=lambda entry: entry.order))

    def __iter__(self) -> Iterator[E]:
        return iter(self._sorted)

    def __len__(self) -> int:
        return len(self._sorted)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __getitem__(self, key: str) -> E:
        return self._entries[key]
