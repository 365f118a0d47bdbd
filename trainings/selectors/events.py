"""The lists of events and one event's page, with the figures counted from its participants."""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language

from ..models import (
    AgendaItem,
    Attendance,
    Event,
    EventKind,
    EventMaterial,
    Participant,
    PositionCategory,
    Sex,
)

EVENTS_PER_PAGE = 20


def with_figures(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with the number of its participants, women, men and municipalities (one
    join, counted by the database)."""
    return events.annotate(
        participant_count=Count("participants", distinct=True),
        women_count=Count("participants", filter=Q(participants__sex=Sex.FEMALE), distinct=True),
        men_count=Count("participants", filter=Q(participants__sex=Sex.MALE), distinct=True),
        municipality_count=Count("participants__municipality", distinct=True),
    )


@dataclass(frozen=True)
class ListFilter:
    kind: str = ""
    oblast: int | None = None  # an oblast id; 0 for national events only
    when: str = ""  # "past", "upcoming" or "" (all)

    @classmethod
    def of(cls, query, oblast_ids: set[int] | None = None) -> "ListFilter":
        """The filter the query string asks for; an oblast outside `oblast_ids` (the ones the
        page offers, None: any) is ignored."""
        kind = query.get("kind", "")
        kind = kind if kind in EventKind.values else ""
        oblast = query.get("oblast", "")
        oblast_id = int(oblast) if oblast.isdigit() else None
        if oblast_id and oblast_ids is not None and oblast_id not in oblast_ids:
            oblast_id = None
        when = query.get("when", "")
        return cls(kind=kind, oblast=oblast_id, when=when if when in ("past", "upcoming") else "")

    def apply(self, events: QuerySet[Event], today: date) -> QuerySet[Event]:
        if self.kind:
            events = events.filter(kind=self.kind)
        if self.oblast == 0:
            events = events.filter(oblast__isnull=True)
        elif self.oblast:
            events = events.filter(oblast_id=self.oblast)
        if self.when == "past":
            events = events.filter(end_date__lt=today)
        elif self.when == "upcoming":
            events = events.filter(end_date__gte=today)
        return events

    @property
    def active(self) -> bool:
        return bool(self.kind or self.oblast is not None or self.when)


def events_page(events: QuerySet[Event], list_filter: ListFilter, page_number=None) -> dict:
    """A page of events, newest first, with their figures and place (three queries: the
    count, the page and nothing else)."""
    events = list_filter.apply(events, timezone.localdate())
    events = with_figures(
        events.select_related("oblast", "municipality__district").order_by("-start_date", "-id")
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(page_number)
    return {"page": page, "events": page.object_list, "filter": list_filter}


def public_events() -> QuerySet[Event]:
    """What anyone may read: the events that are over."""
    return Event.objects.filter(end_date__lt=timezone.localdate())


@dataclass
class MunicipalityFigure:
    pk: int
    name: str
    slug: str
    is_target: bool
    participants: int
    women: int
    men: int


@dataclass
class EventFigures:
    """One event's figures, counted from its participant rows."""

    participants: int = 0
    women: int = 0
    men: int = 0
    municipalities: int = 0
    target: int = 0  # participants from target municipalities of the project
    guest: int = 0  # from guest (neighbouring) municipalities
    organisations: int = 0  # from no municipality: state bodies, NGOs, donors, experts
    days: list[tuple[date, int]] = field(default_factory=list)  # present on each day
    by_position: list[tuple[str, int]] = field(default_factory=list)
    by_municipality: list[MunicipalityFigure] = field(default_factory=list)


def event_figures(event: Event) -> EventFigures:
    """Four queries, whatever the number of participants."""
    participants = Participant.objects.filter(event=event)
    totals = participants.aggregate(
        participants=Count("pk"),
        women=Count("pk", filter=Q(sex=Sex.FEMALE)),
        men=Count("pk", filter=Q(sex=Sex.MALE)),
        municipalities=Count("municipality", distinct=True),
        target=Count("pk", filter=Q(municipality__is_target=True)),
        guest=Count("pk", filter=Q(municipality__is_target=False)),
        organisations=Count("pk", filter=Q(municipality__isnull=True)),
    )
    present = dict(
        Attendance.objects.filter(participant__event=event)
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    positions = dict(
        participants.order_by()
        .values("position_category")
        .annotate(n=Count("pk"))
        .values_list("position_category", "n")
    )
    by_municipality = [
        MunicipalityFigure(
            pk=row["municipality"],
            name=row["name"],
            slug=row["municipality__slug"],
            is_target=row["municipality__is_target"],
            participants=row["n"],
            women=row["women"],
            men=row["men"],
        )
        for row in participants.filter(municipality__isnull=False)
        .values("municipality", "municipality__slug", "municipality__is_target")
        .annotate(
            name=municipality_name(),
            n=Count("pk"),
            women=Count("pk", filter=Q(sex=Sex.FEMALE)),
            men=Count("pk", filter=Q(sex=Sex.MALE)),
        )
        .order_by("-n", "name")
    ]
    return EventFigures(
        **totals,
        days=[(day, present.get(day, 0)) for day in event.days],
        by_position=[
            (str(category.label), positions[category.value])
            for category in PositionCategory
            if positions.get(category.value)
        ],
        by_municipality=by_municipality,
    )


def municipality_name(prefix: str = "municipality__"):
    """The municipality's name in the language of the page (the other one when missing)."""
    lang = "ky" if get_language() == "ky" else "ru"
    other = "ru" if lang == "ky" else "ky"
    return Coalesce(
        NullIf(F(f"{prefix}name_{lang}"), Value("")),
        F(f"{prefix}name_{other}"),
        output_field=CharField(),
    )


def event_page(event: Event) -> dict:
    """What an event's page shows besides its figures: topics, agenda by day, materials, the
    municipalities its outcomes fed (four queries)."""
    topics = list(event.topics.all())
    agenda = list(AgendaItem.objects.filter(event=event))
    by_day: dict[date, list[AgendaItem]] = {}
    for item in agenda:
        by_day.setdefault(item.day, []).append(item)
    return {
        "topics": topics,
        "agenda_days": [
            (number, day, by_day[day])
            for number, day in enumerate(event.days, start=1)
            if day in by_day
        ],
        "agenda_count": len(agenda),
        "materials": list(EventMaterial.objects.filter(event=event)),
        "outcome_municipalities": list(
            event.outcome_municipalities.select_related("district").order_by("name_ru")
        ),
    }


def public_materials(event: Event) -> list[EventMaterial]:
    return list(EventMaterial.objects.filter(event=event, is_public=True))
