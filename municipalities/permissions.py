"""Who may do what, in one place (CONVENTIONS §4).

Every view that shows or changes something of a municipality goes through
`get_municipality_for(user, slug, need=...)`; nothing trusts a municipality id from the request.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Membership, Municipality, Role


class Need(StrEnum):
    VIEW = "view"  # see the municipality's internal pages (team, drafts)
    EDIT = "edit"  # draft the programme
    MANAGE = "manage"  # run the working group, submit, publish
    MONITOR = "monitor"  # enter monitoring data
    COUNCIL = "council"  # record the council decision, export the official document
    REVIEW = "review"  # review drafts as project staff


ROLE_NEEDS: dict[str, frozenset[Need]] = {
    Role.WG_CHAIR: frozenset({Need.VIEW, Need.EDIT, Need.MANAGE}),
    Role.WG_MEMBER: frozenset({Need.VIEW, Need.EDIT}),
    Role.MONITORING_MEMBER: frozenset({Need.VIEW, Need.MONITOR}),
    Role.COUNCIL_SECRETARY: frozenset({Need.VIEW, Need.COUNCIL}),
    Role.REVIEWER: frozenset({Need.VIEW, Need.REVIEW}),
}


def user_memberships(user) -> list[Membership]:
    """The user's memberships, loaded once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_psep_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("municipality"))
        user._psep_memberships = cached
    return cached


def roles_in(user, municipality: Municipality) -> set[str]:
    """The roles the user holds in this municipality (reviewers: through its oblast)."""
    roles = set()
    oblast_id = None
    for membership in user_memberships(user):
        if membership.municipality_id == municipality.pk:
            roles.add(membership.role)
        elif membership.oblast_id is not None:
            if oblast_id is None:
                oblast_id = municipality.district.oblast_id
            if membership.oblast_id == oblast_id:
                roles.add(membership.role)
    return roles


def needs_in(user, municipality: Municipality) -> frozenset[Need]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Need)
    needs: set[Need] = set()
    for role in roles_in(user, municipality):
        needs |= ROLE_NEEDS[role]
    return frozenset(needs)


def can(user, municipality: Municipality, need: Need | str) -> bool:
    return Need(need) in needs_in(user, municipality)


def get_municipality_for(user, slug: str, need: Need | str = Need.VIEW) -> Municipality:
    """The municipality if the user may do `need` there: 404 if it does not exist, 403 if not
    allowed. Callers put `login_required` first, so an anonymous visitor is sent to log in."""
    municipality = get_object_or_404(
        Municipality.objects.select_related("district__oblast"), slug=slug
    )
    if not can(user, municipality, need):
        raise PermissionDenied(_("У вас нет доступа к этому муниципалитету."))
    return municipality


def municipalities_for(user) -> QuerySet[Municipality]:
    """Every municipality the user may view, for lists and dashboards."""
    qs = Municipality.objects.select_related("district__oblast")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    memberships = user_memberships(user)
    municipality_ids = {m.municipality_id for m in memberships if m.municipality_id}
    oblast_ids = {m.oblast_id for m in memberships if m.oblast_id}
    return qs.filter(Q(pk__in=municipality_ids) | Q(district__oblast_id__in=oblast_ids))
