"""What the apps above show of each municipality on the pages of `municipalities`: under each
municipality of the home page's territory tree, on the municipality's own page, and on its card
in «Мои муниципалитеты». `planning` lists the programmes there; another app adds its lines the
same way, from its `AppConfig.ready()`:

    listings.register(Listing("programmes", load=programmes_of,
                              templates={"home": "...", "detail": "...", "card": "..."}))

A listing loads what it shows for all the municipalities of a page at once (a fixed number of
queries, whatever their number) and names a template for each place where it appears; the
template gets `m` (the municipality) and `data` (what `load` gave for it), with the page's
own context (`needs` on the municipality's page).

The home page may also be narrowed by a `HomeFilter` (`?<key>=1`), such as "only approved
programmes": it keeps the municipalities that have what the filter asks for."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from common.registry import Registry

from .models import Municipality

# where a listing can appear, with what it is there
PLACES = {
    "home": "under each municipality of the home page",
    "detail": "a section of the municipality's page",
    "detail_actions": "items of the list of links for participants on the municipality's page",
    "card": "lines of the municipality's card in «Мои муниципалитеты»",
}
DETAIL_PLACES = ("detail", "detail_actions")


@dataclass(frozen=True)
class ListingRequest:
    """What a listing is loaded for."""

    place: str  # "home", "detail" or "card"
    user: object
    home_filter: str = ""  # the key of the home page's filter in force, or ""


@dataclass(frozen=True)
class Listing:
    key: str
    # (the page's municipalities, the request) → what each shows, by municipality id
    load: Callable[[Sequence[Municipality], ListingRequest], Mapping[int, object]]
    templates: Mapping[str, str] = field(default_factory=dict)  # place → template
    order: int = 100

    def template_names(self):
        unknown = set(self.templates) - set(PLACES)
        if unknown:
            raise ImproperlyConfigured(
                f"listing {self.key!r}: unknown places {sorted(unknown)}; "
                f"the places are {sorted(PLACES)}"
            )
        return self.templates.values()


@dataclass(frozen=True)
class HomeFilter:
    key: str  # the query parameter that turns it on: ?<key>=1
    label: str  # the filter's link (lazy translations, all three)
    title: str  # the page's title while it is on
    empty: str  # said of an oblast where no municipality is left
    restrict: Callable[[QuerySet[Municipality]], QuerySet[Municipality]]
    order: int = 100

    def template_names(self):
        return ()


listings: Registry[Listing] = Registry("municipality listing")
home_filters: Registry[HomeFilter] = Registry("home page filter")
register = listings.register
unregister = listings.unregister
register_home_filter = home_filters.register
unregister_home_filter = home_filters.unregister


@dataclass(frozen=True)
class Part:
    """One listing of one municipality, as a template shows it."""

    template: str
    data: object


def active_home_filter(query) -> HomeFilter | None:
    """The filter the home page's query string turns on (the first registered one)."""
    for home_filter in home_filters:
        if query.get(home_filter.key) == "1":
            return home_filter
    return None


def attach(
    municipalities: Sequence[Municipality], *, place: str, user, home_filter: str = ""
) -> None:
    """Give each municipality `parts`: for each place of the page (the municipality's page has
    two), the listings that appear there with what they loaded for it."""
    places = DETAIL_PLACES if place == "detail" else (place,)
    for municipality in municipalities:
        municipality.parts = {p: [] for p in places}
    if not municipalities:
        return
    request = ListingRequest(place=place, user=user, home_filter=home_filter)
    for listing in listings:
        shown_in = [p for p in places if p in listing.templates]
        if not shown_in:
            continue
        data = listing.load(municipalities, request)
        for municipality in municipalities:
            for p in shown_in:
                municipality.parts[p].append(Part(listing.templates[p], data.get(municipality.pk)))
