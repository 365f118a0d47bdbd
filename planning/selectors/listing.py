"""The programmes listed under each municipality on the pages of `municipalities` (the home
page, the municipality's page, the cards of «Мои муниципалитеты»), loaded for all the
municipalities of a page in one query."""

from collections.abc import Sequence

from django.db.models import QuerySet

from municipalities.listings import ListingRequest
from municipalities.models import Municipality

from ..models import Programme, ProgrammeStatus

# What "only approved programmes" on the home page means: versions the council approved that are
# in force (not the ones a newer version replaced).
APPROVED_STATUSES = [ProgrammeStatus.APPROVED, ProgrammeStatus.IN_IMPLEMENTATION]
APPROVED_FILTER = "approved"


def listed_programmes(programmes: list[Programme]) -> list[Programme]:
    """What the public listing shows of a municipality's programmes (`programmes` newest
    first): each version citizens may read, except those a newer version replaced, and, first,
    the newest one while it is still being prepared (its status only: its text is not public)."""
    listed = [p for p in programmes if p.is_public and p.status != ProgrammeStatus.SUPERSEDED]
    if programmes and not programmes[0].is_public:
        listed.insert(0, programmes[0])
    return listed


def with_approved_programme(municipalities: QuerySet[Municipality]) -> QuerySet[Municipality]:
    """The home page's filter: municipalities with an approved programme in force."""
    return municipalities.filter(programmes__status__in=APPROVED_STATUSES)


def programmes_by_municipality(
    municipalities: Sequence[Municipality], request: ListingRequest
) -> dict[int, list[Programme]]:
    """Each municipality's programmes, newest first. On the home page, what its public listing
    shows (`listed_programmes`), only the approved ones under the filter "only approved
    programmes". One query."""
    programmes = Programme.objects.filter(municipality__in=[m.pk for m in municipalities]).order_by(
        "-start_year", "-version"
    )
    if request.place == "home" and request.home_filter == APPROVED_FILTER:
        programmes = programmes.filter(status__in=APPROVED_STATUSES)
    by_municipality: dict[int, list[Programme]] = {m.pk: [] for m in municipalities}
    for programme in programmes:
        by_municipality[programme.municipality_id].append(programme)
    if request.place == "home":
        return {pk: listed_programmes(listed) for pk, listed in by_municipality.items()}
    return by_municipality
