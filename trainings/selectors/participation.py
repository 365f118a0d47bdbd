"""A municipality's participation in events: on its public page (which events its people
attended, with how many of them — no names) and on the page its members see (who of them took
part, on which days)."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from municipalities.listings import ListingRequest
from municipalities.models import Municipality

from ..models import Event, Participant, Sex

# events listed on the municipality's public page (the newest); the rest are counted
LISTED_ON_PAGE = 10
EVENTS_PER_PAGE = 10


def events_attended(
    municipalities: Sequence[Municipality], request: ListingRequest
) -> dict[int, dict]:
    """For each municipality, the past events its people attended (the newest
    LISTED_ON_PAGE, each with how many of its people, women and men) and how many there are in
    all. Two queries, whatever the number of municipalities and events."""
    rows = (
        Participant.objects.filter(
            municipality__in=[m.pk for m in municipalities],
            event__end_date__lt=timezone.localdate(),
        )
        .values("municipality", "event")
        .annotate(
            n=Count("pk"),
            women=Count("pk", filter=Q(sex=Sex.FEMALE)),
            men=Count("pk", filter=Q(sex=Sex.MALE)),
        )
        .order_by("municipality", "-event__start_date", "-event")
    )
    found: dict[int, dict] = {m.pk: {"events": [], "total": 0} for m in municipalities}
    wanted = set()
    for row in rows:
        data = found[row["municipality"]]
        data["total"] += 1
        if len(data["events"]) < LISTED_ON_PAGE:
            data["events"].append(row)
            wanted.add(row["event"])
    events = Event.objects.in_bulk(sorted(wanted)) if wanted else {}
    for data in found.values():
        data["events"] = [
            {"event": events[row["event"]], "n": row["n"], "women": row["women"], "men": row["men"]}
            for row in data["events"]
        ]
    return found


def nothing(municipalities, request) -> dict:
    """For a listing that only links to a page: nothing to load."""
    return {}


def municipality_participation(municipality: Municipality, page_number=None) -> dict:
    """A page of the events the municipality's people attended, newest first, each with those
    people and the number of days each was present (four queries)."""
    local = Participant.objects.filter(municipality=municipality)
    events = (
        Event.objects.filter(Exists(local.filter(event=OuterRef("pk"))))
        .select_related("oblast", "municipality")
        .annotate(
            local_count=Count("participants", filter=Q(participants__municipality=municipality))
        )
        .order_by("-start_date", "-id")
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(page_number)
    events = list(page.object_list)
    people = (
        local.filter(event__in=[e.pk for e in events])
        .annotate(days_present=Count("attendance"))
        .order_by("name_key", "pk")
    )
    by_event: dict[int, list[Participant]] = {e.pk: [] for e in events}
    for participant in people:
        by_event[participant.event_id].append(participant)
    for event in events:
        event.local_participants = by_event[event.pk]
    totals = local.aggregate(
        events=Count("event", distinct=True),
        people=Count("person_key", distinct=True),
        participations=Count("pk"),
        women=Count("person_key", distinct=True, filter=Q(sex=Sex.FEMALE)),
        men=Count("person_key", distinct=True, filter=Q(sex=Sex.MALE)),
    )
    return {"page": page, "events": events, "totals": totals}
