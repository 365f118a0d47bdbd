"""Reads for the pages of the municipalities app, each with the queries it needs."""

from django.db.models import Case, Count, Prefetch, QuerySet, Value, When

from .listings import HomeFilter
from .models import District, Membership, Municipality, Oblast, Role
from .permissions import municipalities_for, user_memberships


def territory_tree(*, home_filter: HomeFilter | None = None) -> list[Oblast]:
    """Oblasts → districts that have municipalities in the portal (`portal_districts`) →
    their municipalities (`portal_municipalities`). With a `home_filter`, only the
    municipalities it keeps, and only the districts that still have one. Three queries whatever
    the size of the country; what the apps list under each municipality is loaded by
    `listings.attach`."""
    municipalities = Municipality.objects.order_by("name")
    districts = District.objects.filter(municipalities__isnull=False)
    if home_filter is not None:
        kept = home_filter.restrict(Municipality.objects.all())
        municipalities = municipalities.filter(pk__in=kept.values("pk"))
        districts = District.objects.filter(municipalities__in=kept.values("pk"))
    municipalities = municipalities.distinct()
    districts = (
        districts.distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch("municipalities", queryset=municipalities, to_attr="portal_municipalities")
        )
    )
    return list(
        Oblast.objects.annotate(municipality_count=Count("districts__municipalities"))
        .order_by("position", "name")
        .prefetch_related(Prefetch("districts", queryset=districts, to_attr="portal_districts"))
    )


def tree_municipalities(oblasts: list[Oblast]) -> list[Municipality]:
    return [
        municipality
        for oblast in oblasts
        for district in oblast.portal_districts
        for municipality in district.portal_municipalities
    ]


def municipalities_of(user) -> QuerySet[Municipality]:
    """The municipalities a user works in or reviews (what the apps show on their cards is
    loaded by `listings.attach`, for one page of them)."""
    return municipalities_for(user).order_by("district__oblast__position", "district__name", "name")


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


def memberships_of(user) -> list[Membership]:
    """The person's roles with their places, for their profile (one query): the municipalities
    (with their district) first, then the oblasts a reviewer reviews."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("municipality__district__oblast", "oblast")
        .order_by("oblast_id", "municipality__name", "role")
    )
