"""Reads for the pages of the municipalities app, each with the queries it needs."""

from django.db.models import Case, Count, Prefetch, QuerySet, Value, When

from planning.models import Programme, ProgrammeStatus

from .models import District, Membership, Municipality, Oblast, Role
from .permissions import municipalities_for, user_memberships

# What "only approved programmes" on the home page means: versions the council approved that are
# in force (not the ones a newer version replaced).
APPROVED_STATUSES = [ProgrammeStatus.APPROVED, ProgrammeStatus.IN_IMPLEMENTATION]


def _latest_programmes(queryset=None) -> Prefetch:
    return Prefetch(
        "programmes",
        queryset=(Programme.objects.all() if queryset is None else queryset).order_by(
            "-start_year", "-version"
        ),
        to_attr="programme_list",
    )


def listed_programmes(programmes: list[Programme]) -> list[Programme]:
    """What the public listing shows of a municipality's programmes (`programmes` newest
    first): each version citizens may read, except those a newer version replaced, and, first,
    the newest one while it is still being prepared (its status only: its text is not public)."""
    listed = [p for p in programmes if p.is_public and p.status != ProgrammeStatus.SUPERSEDED]
    if programmes and not programmes[0].is_public:
        listed.insert(0, programmes[0])
    return listed


def territory_tree(*, approved_only: bool = False) -> list[Oblast]:
    """Oblasts → districts that have municipalities in the portal → municipalities with their
    programmes (`programme_list`, newest first, and `listed_programmes` for the public
    listing). With `approved_only`, only municipalities with an approved programme in force,
    and only those programmes. Four queries whatever the size of the country."""
    programmes = Programme.objects.all()
    municipalities = Municipality.objects.order_by("name")
    districts = District.objects.filter(municipalities__isnull=False)
    if approved_only:
        programmes = programmes.filter(status__in=APPROVED_STATUSES)
        municipalities = municipalities.filter(programmes__status__in=APPROVED_STATUSES)
        districts = District.objects.filter(
            municipalities__programmes__status__in=APPROVED_STATUSES
        )
    municipalities = municipalities.distinct().prefetch_related(_latest_programmes(programmes))
    districts = (
        districts.distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch("municipalities", queryset=municipalities, to_attr="portal_municipalities")
        )
    )
    oblasts = list(
        Oblast.objects.annotate(municipality_count=Count("districts__municipalities"))
        .order_by("position", "name")
        .prefetch_related(Prefetch("districts", queryset=districts, to_attr="portal_districts"))
    )
    for oblast in oblasts:
        for district in oblast.portal_districts:
            for municipality in district.portal_municipalities:
                municipality.listed_programmes = listed_programmes(municipality.programme_list)
    return oblasts


def municipalities_of(user) -> QuerySet[Municipality]:
    """The municipalities a user works in or reviews, with their latest programmes."""
    return (
        municipalities_for(user)
        .order_by("district__oblast__position", "district__name", "name")
        .prefetch_related(_latest_programmes())
    )


def roles_by_municipality(user) -> dict[int, list[str]]:
    """Role labels of the user per municipality id (reviewers' oblast roles under key None)."""
    roles: dict[int | None, list[str]] = {}
    for membership in user_memberships(user):
        roles.setdefault(membership.municipality_id, []).append(membership.get_role_display())
    return roles


def reviewer_oblasts(user) -> list[Oblast]:
    oblast_ids = [m.oblast_id for m in user_memberships(user) if m.oblast_id]
    return list(Oblast.objects.filter(pk__in=oblast_ids))


ROLE_ORDER = [Role.WG_CHAIR, Role.WG_MEMBER, Role.MONITORING_MEMBER, Role.COUNCIL_SECRETARY]


def municipality_team(municipality: Municipality) -> list[Membership]:
    """The people of a municipality: the working group first, its chair at the top."""
    rank = Case(
        *[When(role=role, then=Value(i)) for i, role in enumerate(ROLE_ORDER)],
        default=Value(len(ROLE_ORDER)),
    )
    return list(
        Membership.objects.filter(municipality=municipality)
        .select_related("user")
        .order_by(rank, "user__full_name")
    )


def municipality_public_programmes(municipality: Municipality) -> list[Programme]:
    return list(municipality.programmes.order_by("-start_year", "-version"))
