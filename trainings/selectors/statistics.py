"""What capacity-building reached whom: the figures across events, counted from the participant
rows whenever they are asked for (never stored), with a fixed number of queries whatever the
number of events and participants.

- A participation is one participant row: one person at one event.
- A person is counted once however many events they attended: the same portal user, or — for
  people recorded by name only — the same name (case and extra spaces ignored) from the same
  municipality (or organisation). `PERSON_RULE` says it on the page.
- The oblast and district of the filter are where the participants come from: with them, only
  the participants from municipalities there are counted, and only the events they attended.
  The kind, topic and dates select the events (an event counts in the month it starts).
- The municipalities not yet reached are the target municipalities of the project in the area
  (the filter's, else the oblasts the person keeps, else the whole country) from which nobody
  took part in the events selected."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from municipalities.models import District, Municipality, Oblast

from ..models import Event, EventKind, EventTopic, Participant, PositionCategory, Sex
from ..permissions import events_for, reviewed_oblast_ids
from .events import municipality_name

PERSON_RULE = _(
    "Один человек считается один раз, сколько бы мероприятий он ни посетил: это тот же "
    "пользователь портала, а если участник записан только по имени — те же фамилия и имя "
    "(без учёта регистра и лишних пробелов) из того же муниципалитета или той же организации."
)


@dataclass(frozen=True)
class StatsFilter:
    oblast: Oblast | None = None
    district: District | None = None
    kind: str = ""
    topic: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def area_restricted(self) -> bool:
        return self.oblast is not None or self.district is not None


@dataclass
class Row:
    label: str
    value: int
    extra: dict = field(default_factory=dict)


@dataclass
class Statistics:
    filter: StatsFilter
    events: int
    participations: int
    people: int
    women: int  # people
    men: int
    municipalities: int
    target_municipalities: int
    guest_municipalities: int
    target_participations: int
    guest_participations: int
    organisation_participations: int
    by_sex: list[Row]
    by_position: list[Row]  # people of each category (a person may be in two)
    by_kind: list[Row]  # events of each kind, with their participations and people
    by_month: list[Row]  # events that start in each month
    reached: list[dict]  # the municipalities reached, with their figures
    not_reached: list[Municipality]


def selected_events(user, stats_filter: StatsFilter) -> QuerySet[Event]:
    events = events_for(user)
    if stats_filter.kind:
        events = events.filter(kind=stats_filter.kind)
    if stats_filter.topic:
        events = events.filter(
            Exists(
                EventTopic.objects.filter(
                    event=OuterRef("pk"), search__contains=stats_filter.topic.casefold()
                )
            )
        )
    if stats_filter.date_from:
        events = events.filter(start_date__gte=stats_filter.date_from)
    if stats_filter.date_to:
        events = events.filter(start_date__lte=stats_filter.date_to)
    return events


def _area(stats_filter: StatsFilter, prefix: str = "") -> Q:
    if stats_filter.district is not None:
        return Q(**{f"{prefix}district": stats_filter.district})
    if stats_filter.oblast is not None:
        return Q(**{f"{prefix}district__oblast": stats_filter.oblast})
    return Q()


def selected_participations(user, stats_filter: StatsFilter) -> QuerySet[Participant]:
    participations = Participant.objects.filter(
        event__in=selected_events(user, stats_filter).values("pk")
    )
    if stats_filter.area_restricted:
        participations = participations.filter(_area(stats_filter, "municipality__"))
    return participations


def statistics(user, stats_filter: StatsFilter) -> Statistics:
    """Seven queries."""
    events = selected_events(user, stats_filter)
    participations = selected_participations(user, stats_filter)
    if stats_filter.area_restricted:
        events = events.filter(Exists(participations.filter(event=OuterRef("pk")).values("pk")))
    totals = participations.aggregate(
        participations=Count("pk"),
        people=Count("person_key", distinct=True),
        women=Count("person_key", distinct=True, filter=Q(sex=Sex.FEMALE)),
        men=Count("person_key", distinct=True, filter=Q(sex=Sex.MALE)),
        municipalities=Count("municipality", distinct=True),
        target_municipalities=Count(
            "municipality", distinct=True, filter=Q(municipality__is_target=True)
        ),
        guest_municipalities=Count(
            "municipality", distinct=True, filter=Q(municipality__is_target=False)
        ),
        target_participations=Count("pk", filter=Q(municipality__is_target=True)),
        guest_participations=Count("pk", filter=Q(municipality__is_target=False)),
        organisation_participations=Count("pk", filter=Q(municipality__isnull=True)),
    )
    positions = dict(
        participations.order_by()
        .values("position_category")
        .annotate(n=Count("person_key", distinct=True))
        .values_list("position_category", "n")
    )
    kinds_events = dict(
        events.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    kinds_people = {
        row["event__kind"]: row
        for row in participations.order_by()
        .values("event__kind")
        .annotate(participations=Count("pk"), people=Count("person_key", distinct=True))
    }
    months = (
        events.annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    reached = list(
        participations.filter(municipality__isnull=False)
        .values(
            "municipality",
            "municipality__slug",
            "municipality__is_target",
        )
        .annotate(
            name=municipality_name(),
            district=municipality_name("municipality__district__"),
            oblast=municipality_name("municipality__district__oblast__"),
            participations=Count("pk"),
            people=Count("person_key", distinct=True),
            women=Count("person_key", distinct=True, filter=Q(sex=Sex.FEMALE)),
            men=Count("person_key", distinct=True, filter=Q(sex=Sex.MALE)),
            events=Count("event", distinct=True),
        )
        .order_by("-people", "name")
    )
    not_reached = list(_not_reached(user, stats_filter, participations))
    return Statistics(
        filter=stats_filter,
        events=sum(kinds_events.values()),
        **totals,
        by_sex=[
            Row(str(Sex.FEMALE.label), totals["women"]),
            Row(str(Sex.MALE.label), totals["men"]),
        ],
        by_position=[
            Row(str(category.label), positions.get(category.value, 0))
            for category in PositionCategory
        ],
        by_kind=[
            Row(
                str(kind.label),
                kinds_events.get(kind.value, 0),
                {
                    "participations": kinds_people.get(kind.value, {}).get("participations", 0),
                    "people": kinds_people.get(kind.value, {}).get("people", 0),
                },
            )
            for kind in EventKind
        ],
        by_month=[
            Row(_month_label(row["month"]), row["n"], {"month": row["month"]}) for row in months
        ],
        reached=reached,
        not_reached=not_reached,
    )


def _month_label(month) -> str:
    return date_format(month, "F Y")


def _not_reached(user, stats_filter: StatsFilter, participations) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.filter(is_target=True)
    if stats_filter.area_restricted:
        municipalities = municipalities.filter(_area(stats_filter))
    else:
        oblasts = reviewed_oblast_ids(user)
        if oblasts is not None:
            municipalities = municipalities.filter(district__oblast__in=oblasts)
    return (
        municipalities.exclude(
            pk__in=participations.filter(municipality__isnull=False).values("municipality")
        )
        .select_related("district__oblast")
        .order_by("district__oblast__position", "district__name_ru", "name_ru")
    )
