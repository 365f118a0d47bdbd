"""The demo events of `data/trainings.yaml`, put into the portal through the services of the
trainings app.

The file is read and checked whole first (`read_trainings`): a missing key, a key nobody reads,
a value of the wrong kind, a place or a login that does not exist stops the loading with a
message naming the file and the item, before anything is written. Then each event is typed in
by the person the file names (`by`): the event with its topics, its agenda and its participants
with the days they were present, the same service calls and permission checks as the pages
make. A service that refuses something stops the loading too, with its reason and the item.

Idempotent: an event with the same title and first day is kept as it is, and nothing is written
for it."""

from dataclasses import dataclass, field
from datetime import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from municipalities.models import Municipality, Oblast
from trainings.models import Event, EventKind, OrganisationType, PositionCategory, Sex
from trainings.services.agenda import agenda_item_create
from trainings.services.events import event_create
from trainings.services.participants import participant_create

from .reading import NOT_IN_PORTAL, REFUSED, DemoDataError, Item, check_unique, read_file
from .users import DemoPeople, demo_people

TRAININGS_FILE = "trainings.yaml"
EVENT_TEXTS = (
    "description",
    "village",
    "address",
    "organiser",
    "trainers",
    "target_audience",
    "outcomes",
)


@dataclass
class Spec:
    """One thing to create: the arguments of its service and where it is in the file."""

    where: str
    fields: dict
    refs: dict = field(default_factory=dict)


@dataclass
class EventFile:
    key: str
    where: str
    by: str
    oblast: str | None
    fields: dict  # event_create's arguments, places still as slugs
    municipality: str | None
    outcome_municipalities: list[str]
    agenda: list[Spec]
    participants: list[Spec]


def _translated(name: str, text: tuple[str, str]) -> dict:
    return {f"{name}_ru": text[0], f"{name}_ky": text[1]}


def _time(item: Item, key: str) -> time | None:
    value = item.string(key, required=False)
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise item._wrong(key, "ЧЧ:ММ", value) from None


def _agenda(event: Item, days: int) -> list[Spec]:
    rows = []
    for item in event.items("agenda", required=False):
        day = item.integer("day")
        if not 1 <= day <= days:
            raise item._wrong("day", f"1–{days}", day)
        rows.append(
            Spec(
                item.where,
                {
                    "start_time": _time(item, "start"),
                    "end_time": _time(item, "end"),
                    **_translated("action", item.text("action")),
                    **_translated("responsible", item.text("responsible", required=False)),
                    **_translated("responsible_position", item.text("position", required=False)),
                },
                {"day": day},
            )
        )
        item.done()
    return rows


def _participants(event: Item, days: int, people: DemoPeople) -> list[Spec]:
    rows = []
    for item in event.items("participants", required=False):
        present = item._get("days", False)
        if present is None:
            present = list(range(1, days + 1))
        if not isinstance(present, list) or not all(
            isinstance(n, int) and 1 <= n <= days for n in present
        ):
            raise item._wrong("days", f"[1–{days}]", present)
        login = item.string("login", required=False) or None
        if login is not None and login not in people.logins:
            raise item.unknown_reference("login", login, "users.yaml")
        rows.append(
            Spec(
                item.where,
                {
                    "full_name": item.string("name"),
                    "sex": item.choice("sex", Sex.values),
                    "position_category": item.choice("category", PositionCategory.values),
                    "position": item.string("title", required=False),
                    "organisation": item.string("organisation", required=False),
                    "organisation_type": item.choice(
                        "type", OrganisationType.values, required=False
                    ),
                },
                {
                    "municipality": item.string("municipality", required=False) or None,
                    "days": present,
                    "login": login,
                },
            )
        )
        item.done()
    return rows


def read_trainings(people: DemoPeople) -> list[EventFile]:
    """The events of the file, checked."""
    top = read_file(TRAININGS_FILE)
    items = top.items("events")
    top.done()
    check_unique(items, "key")
    events = []
    for item in items:
        by = item.string("by")
        if by not in people.logins:
            raise item.unknown_reference("by", by, "users.yaml")
        start, end = item.date("start_date"), item.date("end_date")
        days = (end - start).days + 1
        fields = {
            "kind": item.choice("kind", EventKind.values),
            "start_date": start,
            "end_date": end,
            **_translated("title", item.text("title")),
            "topics": item.texts("topics"),
        }
        for name in EVENT_TEXTS:
            fields.update(_translated(name, item.text(name, required=False)))
        outcome = item._get("outcome_municipalities", False) or []
        if not isinstance(outcome, list) or not all(isinstance(s, str) for s in outcome):
            raise item._wrong("outcome_municipalities", "[…]", outcome)
        events.append(
            EventFile(
                key=item.string("key"),
                where=item.where,
                by=by,
                oblast=item.string("oblast", required=False) or None,
                fields=fields,
                municipality=item.string("municipality", required=False) or None,
                outcome_municipalities=outcome,
                agenda=_agenda(item, days),
                participants=_participants(item, days, people),
            )
        )
        item.done()
    return events


class _Places:
    """Oblasts and municipalities by slug, loaded once; a slug the portal lacks is refused with
    the item that names it."""

    def __init__(self):
        self.oblasts = {o.slug: o for o in Oblast.objects.all()}
        self.municipalities = {m.slug: m for m in Municipality.objects.all()}

    def oblast(self, slug: str | None, where: str) -> Oblast | None:
        if slug is None:
            return None
        if slug not in self.oblasts:
            raise DemoDataError(NOT_IN_PORTAL, where=where, key="oblast", value=slug)
        return self.oblasts[slug]

    def municipality(self, slug: str | None, where: str, key: str) -> Municipality | None:
        if slug is None:
            return None
        if slug not in self.municipalities:
            raise DemoDataError(NOT_IN_PORTAL, where=where, key=key, value=slug)
        return self.municipalities[slug]


def _call(where: str, service, **arguments):
    try:
        return service(**arguments)
    except (ValidationError, PermissionDenied) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise DemoDataError(REFUSED, where=where, error=message) from error


def _event_create(spec: EventFile, users: dict, places: _Places) -> str:
    existing = Event.objects.filter(
        title_ru=spec.fields["title_ru"], start_date=spec.fields["start_date"]
    ).first()
    if existing is not None:
        return (
            f"{spec.key}: «{existing.title_ru}» ({existing.start_date:%d.%m.%Y}) already "
            "exists — kept."
        )
    actor = users[spec.by]
    event = _call(
        spec.where,
        event_create,
        actor=actor,
        oblast=places.oblast(spec.oblast, spec.where),
        municipality=places.municipality(spec.municipality, spec.where, "municipality"),
        outcome_municipalities=[
            places.municipality(slug, spec.where, "outcome_municipalities")
            for slug in spec.outcome_municipalities
        ],
        **spec.fields,
    )
    days = event.days
    for item in spec.agenda:
        _call(
            item.where,
            agenda_item_create,
            event=event,
            actor=actor,
            day=days[item.refs["day"] - 1],
            **item.fields,
        )
    women = 0
    for row in spec.participants:
        login = row.refs["login"]
        participant = _call(
            row.where,
            participant_create,
            event=event,
            actor=actor,
            user=users.get(login) if login else None,
            municipality=places.municipality(row.refs["municipality"], row.where, "municipality"),
            days=[days[n - 1] for n in row.refs["days"]],
            **row.fields,
        )
        women += participant.sex == Sex.FEMALE
    return (
        f"{spec.key}: created «{event.title_ru}» ({event.start_date:%d.%m.%Y}): "
        f"{len(spec.participants)} participants ({women} women), "
        f"{len(spec.agenda)} agenda items, {len(spec.fields['topics'])} topics."
    )


def demo_trainings_create(people: DemoPeople | None = None) -> list[str]:
    """Create the demo events of the file unless they exist; returns the lines to print. The
    demo users should exist (`demo.users`): the events are typed in by them."""
    people = people or demo_people()
    events = read_trainings(people)
    logins = {spec.by for spec in events} | {
        row.refs["login"] for spec in events for row in spec.participants if row.refs["login"]
    }
    users = people.existing(*logins)
    missing = sorted({spec.by for spec in events} - set(users))
    if missing:
        return [
            f"events: {', '.join(missing)} not in the portal (create the demo users first) — "
            "skipped."
        ]
    places = _Places()
    # Typed in Russian: modeltranslation then fills the untranslated column from `_ru`.
    with translation.override("ru"), transaction.atomic():
        return [_event_create(spec, users, places) for spec in events]
