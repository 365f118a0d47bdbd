"""Who may do what with events, in one place (CONVENTIONS §4).

- Project staff (reviewers) keep the events of the oblasts they review: they create them, edit
  them, record participants and attendance, and see every figure. National events (without an
  oblast) are created and kept by administrators (superusers); every reviewer sees them.
- Members of a municipality see their own municipality's participation: the events its people
  attended and who they were (`get_municipality_for(..., Need.VIEW)`).
- Anyone sees the public pages: past events with their figures, never names or contacts.

Every view that shows or changes an event goes through `get_event_for`; nothing trusts an
oblast or municipality id that comes from the request without checking it here."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from municipalities.models import Oblast, Role
from municipalities.permissions import user_memberships

from .models import Event


class EventNeed(StrEnum):
    VIEW = "view"  # the event's working pages: participants, figures, the attendance sheet
    EDIT = "edit"  # change the event, its agenda, materials, participants and attendance


def reviewed_oblast_ids(user) -> set[int] | None:
    """The oblasts whose events `user` keeps; None for a superuser (all, national ones too)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return {m.oblast_id for m in user_memberships(user) if m.role == Role.REVIEWER and m.oblast_id}


def is_event_staff(user) -> bool:
    """Project staff who keep events: reviewers of an oblast and administrators."""
    oblasts = reviewed_oblast_ids(user)
    return oblasts is None or bool(oblasts)


def can_create_in(user, oblast: Oblast | None) -> bool:
    """A reviewer creates events of their oblasts; a national event only a superuser."""
    oblasts = reviewed_oblast_ids(user)
    if oblasts is None:
        return True
    return oblast is not None and oblast.pk in oblasts


def can_on_event(user, event: Event, need: EventNeed | str = EventNeed.VIEW) -> bool:
    oblasts = reviewed_oblast_ids(user)
    if oblasts is None:
        return True
    if not oblasts:
        return False
    if event.oblast_id is None:
        # national events: every reviewer follows them, administrators keep them
        return EventNeed(need) == EventNeed.VIEW
    return event.oblast_id in oblasts


def require_on_event(user, event: Event, need: EventNeed | str = EventNeed.EDIT) -> None:
    """Services check the actor themselves, whoever calls them (a view, an import, the demo)."""
    if user is None or not can_on_event(user, event, need):
        if event.oblast_id is None and need == EventNeed.EDIT:
            raise PermissionDenied(_("Республиканские мероприятия ведут администраторы портала."))
        raise PermissionDenied(
            _("Мероприятия области ведут сотрудники проекта, закреплённые за этой областью.")
        )


def events_for(user) -> QuerySet[Event]:
    """The events whose working pages the user may open."""
    oblasts = reviewed_oblast_ids(user)
    if oblasts is None:
        return Event.objects.all()
    if not oblasts:
        return Event.objects.none()
    return Event.objects.filter(Q(oblast__in=oblasts) | Q(oblast__isnull=True))


def oblasts_for_new_events(user) -> QuerySet[Oblast]:
    """The oblasts the user may create an event in (without the national choice)."""
    oblasts = reviewed_oblast_ids(user)
    qs = Oblast.objects.filter(kind=Oblast.Kind.OBLAST).order_by("position", "name")
    if oblasts is None:
        return qs
    return qs.filter(pk__in=oblasts)


def get_event_for(user, pk: int, need: EventNeed | str = EventNeed.VIEW) -> Event:
    """The event if the user may do `need` with it: 404 if it does not exist, 403 if not
    allowed. Callers put `login_required` first, so an anonymous visitor is sent to log in."""
    event = get_object_or_404(
        Event.objects.select_related("oblast", "municipality__district__oblast"), pk=pk
    )
    require_on_event(user, event, need)
    return event
