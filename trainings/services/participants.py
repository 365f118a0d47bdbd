"""The participants of an event and their attendance by day.

A participant is a portal user or a name only, with their sex and the category of their
position. At an event of an oblast they come from a municipality (a target municipality of the
project or a guest one); at a national event from a municipality or from an organisation of a
named type (state body, parliament, NGO, donor, expert). The same person twice in one event is
refused (trainings.models.participants says how a person is matched)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Attendance, Event, OrganisationType, Participant, PositionCategory, Sex
from ..permissions import EventNeed, require_on_event
from .common import clean_text, delete_recorded, save_checked

# fields a person does not type: their values are checked where they are looked up
NOT_TYPED = ["event", "user", "municipality", "created_by", "name_key", "person_key"]

PARTICIPANT_FIELDS = (
    "full_name",
    "sex",
    "position_category",
    "position",
    "municipality",
    "organisation",
    "organisation_type",
    "contact",
    "user",
)


def participant_errors(
    participant: Participant, event: Event, *, existing: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """What is wrong with a participant of `event`, by field (empty: nothing). The import
    reports the same errors per row as the form per field, and passes the people already at
    the event (`existing`: person key → name) instead of a query per row."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not participant.full_name:
        add("full_name", _("Укажите фамилию и имя участника."))
    if participant.sex not in Sex.values:
        add("sex", _("Укажите пол участника: женщина или мужчина."))
    if participant.position_category not in PositionCategory.values:
        add("position_category", _("Выберите категорию должности участника."))
    has_municipality = participant.municipality_id is not None
    if has_municipality and participant.organisation:
        add(
            "organisation",
            _(
                "Укажите либо муниципалитет, либо организацию: участник от муниципалитета "
                "записывается без организации."
            ),
        )
    elif not has_municipality:
        if event.oblast_id is not None:
            add(
                "municipality",
                _(
                    "Укажите муниципалитет участника: на мероприятиях области участники "
                    "представляют муниципалитеты (целевые или гостевые)."
                ),
            )
        elif not participant.organisation:
            add(
                "municipality",
                _("Укажите муниципалитет участника или его организацию и её тип."),
            )
        elif participant.organisation_type not in OrganisationType.values:
            add("organisation_type", _("Укажите тип организации."))
    if participant.organisation_type and not participant.organisation:
        add("organisation", _("Тип организации указывается вместе с организацией."))
    if not errors:
        participant.refresh_keys()
        if existing is not None:
            twin = existing.get(participant.person_key)
        else:
            twin = (
                Participant.objects.filter(event=event, person_key=participant.person_key)
                .exclude(pk=participant.pk)
                .values_list("full_name", flat=True)
                .first()
            )
        if twin is not None:
            field = "user" if participant.user_id else "full_name"
            add(
                field,
                _("«%(name)s» уже записан(а) участником этого мероприятия.") % {"name": twin},
            )
    if not errors:
        # lengths and choices, as the form checks them (no query)
        try:
            participant.clean_fields(exclude=NOT_TYPED)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    return errors


def _fill(participant: Participant, fields: dict) -> None:
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise ValueError(f"not a participant's field: {sorted(unknown)}")
    user = fields.get("user")
    participant.user = user
    participant.full_name = " ".join(clean_text(fields.get("full_name")).split())
    if not participant.full_name and user is not None:
        participant.full_name = user.full_name
    participant.sex = fields.get("sex") or (user.sex if user is not None else "")
    participant.position_category = fields.get("position_category") or ""
    participant.position = clean_text(fields.get("position"))
    participant.municipality = fields.get("municipality")
    participant.organisation = clean_text(fields.get("organisation"))
    participant.organisation_type = fields.get("organisation_type") or ""
    participant.contact = clean_text(fields.get("contact"))


def _checked_days(event: Event, days: Iterable[date]) -> list[date]:
    days = sorted(set(days))
    outside = [day for day in days if day not in event.days]
    if outside:
        raise ValidationError(
            {
                "days": _("У мероприятия нет дня %(day)s.")
                % {"day": ", ".join(f"{day:%d.%m.%Y}" for day in outside)}
            }
        )
    return days


def _save(participant: Participant, event: Event, actor) -> Participant:
    errors = participant_errors(participant, event)
    if errors:
        raise ValidationError(errors)
    return save_checked(participant, actor=actor)


@transaction.atomic
def participant_create(*, event: Event, actor, days: Iterable[date] = (), **fields) -> Participant:
    """A participant of `event` (fields: PARTICIPANT_FIELDS; a portal `user` gives the name
    and sex when they are not typed), present on `days`."""
    require_on_event(actor, event, EventNeed.EDIT)
    days = _checked_days(event, days)
    participant = Participant(event=event, created_by=actor)
    _fill(participant, fields)
    _save(participant, event, actor)
    Attendance.objects.bulk_create(
        [Attendance(participant=participant, day=day, marked_by=actor) for day in days]
    )
    return participant


@transaction.atomic
def participant_update(
    *, participant: Participant, actor, days: Iterable[date] | None = None, **fields
) -> Participant:
    """Change a participant; with `days`, the days they were present become these."""
    event = participant.event
    require_on_event(actor, event, EventNeed.EDIT)
    if days is not None:
        days = _checked_days(event, days)
    _fill(participant, fields)
    _save(participant, event, actor)
    if days is not None:
        _attendance_replace(participant, days, actor)
    return participant


def _attendance_replace(participant: Participant, days: list[date], actor) -> None:
    current = set(participant.attendance.values_list("day", flat=True))
    participant.attendance.exclude(day__in=days).delete()
    Attendance.objects.bulk_create(
        [
            Attendance(participant=participant, day=day, marked_by=actor)
            for day in days
            if day not in current
        ]
    )


@transaction.atomic
def participant_delete(*, participant: Participant, actor) -> None:
    require_on_event(actor, participant.event, EventNeed.EDIT)
    delete_recorded(participant, actor=actor)


@transaction.atomic
def attendance_set(
    *, event: Event, actor, participant_ids: Iterable[int], present: Iterable[tuple[int, date]]
) -> tuple[int, int]:
    """The attendance of the participants `participant_ids` (those of one page of the list)
    becomes `present`, a set of (participant id, day). Ids of another event's participants
    are ignored. Returns (marks added, marks removed). A fixed number of queries, whatever the
    number of participants."""
    require_on_event(actor, event, EventNeed.EDIT)
    ids = set(
        Participant.objects.filter(event=event, pk__in=list(participant_ids)).values_list(
            "pk", flat=True
        )
    )
    days = set(event.days)
    wanted = {(pk, day) for pk, day in present if pk in ids and day in days}
    current = set(
        Attendance.objects.filter(participant_id__in=ids).values_list("participant_id", "day")
    )
    removed = current - wanted
    added = wanted - current
    if removed:
        by_day: dict[date, list[int]] = {}
        for pk, day in removed:
            by_day.setdefault(day, []).append(pk)
        for day, pks in by_day.items():
            Attendance.objects.filter(participant_id__in=pks, day=day).delete()
    Attendance.objects.bulk_create(
        [Attendance(participant_id=pk, day=day, marked_by=actor) for pk, day in sorted(added)]
    )
    return len(added), len(removed)
