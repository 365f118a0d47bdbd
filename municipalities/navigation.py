"""The main menu of every page. `municipalities` draws it (base.html, through the context
processor); each app puts its own entries in it from `AppConfig.ready()`:

    navigation.register(NavEntry("my_tasks", _("Мои задачи"), "planning:my_tasks",
                                 visible=signed_in, order=20))

An entry may show a count next to its label (what waits for the person there): it is computed
once per request, and only when the menu is drawn; an entry without a count costs nothing."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from common.registry import Registry


def everyone(user) -> bool:
    return True


def signed_in(user) -> bool:
    return user.is_authenticated


def staff(user) -> bool:
    return user.is_authenticated and user.is_staff


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str  # a lazy translation
    url_name: str  # reversed without arguments, e.g. "planning:my_tasks"
    visible: Callable[[object], bool] = everyone  # the user → is the entry shown?
    count: Callable[[object], int] | None = None  # the request → the number shown next to it
    count_label: str = ""  # what the number counts, for screen readers
    order: int = 100

    def template_names(self):
        return ()


entries: Registry[NavEntry] = Registry("navigation entry")
register = entries.register
unregister = entries.unregister


@dataclass(frozen=True)
class NavLink:
    """One entry as the menu of this request shows it."""

    key: str
    label: str
    url: str
    is_current: bool
    count: int | None
    count_label: str


def navigation_for(request) -> list[NavLink]:
    """The entries the person of this request sees, with their counts; kept on the request so
    that a page rendering several templates computes them once."""
    links = getattr(request, "_psep_navigation", None)
    if links is not None:
        return links
    user = request.user
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else None
    links = [
        NavLink(
            key=entry.key,
            label=entry.label,
            url=reverse(entry.url_name),
            is_current=entry.url_name == current,
            count=entry.count(request) if entry.count else None,
            count_label=entry.count_label,
        )
        for entry in entries
        if entry.visible(user)
    ]
    request._psep_navigation = links
    return links


def lazy_navigation(request):
    """For the context processor: nothing is computed unless a template draws the menu."""
    return SimpleLazyObject(lambda: navigation_for(request))
