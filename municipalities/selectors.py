"""Reads for the pages of the municipalities app, each with the queries it needs."""

from django.db.models import Case, Count, Prefetch, QuerySet, Value, When

from planning.models import Programme

from .models import District, Membership, Municipality, Oblast, Role
from .permissions import municipalities_for, user_memberships


def _latest_programmes() -> Prefetch:
    return Prefetch(
        "programmes",
        queryset=Programme.objects.order_by("-start_year", "-version"),
        to_attr="programme_list",
    )


def territory_tree() -> list[Oblast]:
    """Oblasts → districts that have municipalities in the portal → municipalities with their
    programmes. Four queries whatever the size of the country."""
    municipalities = Municipality.objects.order_by("name").prefetch_related(_latest_programmes())
    districts = (
        District.objects.filter(municipalities__isnull=False)
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("municipalities", queryset=municipalities))
    )
    return list(
        Oblast.objects.annotate(municipality_count=Count("districts__municipalities"))
        .order_by("position", "name")
        .prefetch_related(Prefetch("districts", queryset=districts, to_attr="portal_districts"))
    )


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
