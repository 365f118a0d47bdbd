"""Creating and changing an event, with its topics.

A reviewer keeps the events of the oblasts they review; a national event (no oblast) is kept
by an administrator. An event takes place in a municipality of its oblast (and a village of
it), or at an address; it lasts from one to MAX_DAYS days. Moving its days is refused while
attendance or agenda items would be left on a day the event no longer has."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.models import Municipality, Oblast

from ..models import MAX_DAYS, AgendaItem, Attendance, Event, EventKind, EventTopic
from ..permissions import EventNeed, can_create_in, require_on_event
from .common import clean_text, require_one_language, save_checked, set_translated

# the texts of an event typed in both languages (title_ru, title_ky, …)
EVENT_TEXTS = (
    "title",
    "description",
    "village",
    "address",
    "organiser",
    "trainers",
    "target_audience",
    "outcomes",
)


def _check_creator(actor, oblast: Oblast | None) -> None:
    if actor is None or not can_create_in(actor, oblast):
        if oblast is None:
            raise PermissionDenied(_("Республиканские мероприятия создают администраторы портала."))
        raise PermissionDenied(
            _("Мероприятия области создают сотрудники проекта, закреплённые за этой областью.")
        )


def _check(event: Event) -> None:
    errors = {}
    if event.kind not in EventKind.values:
        errors["kind"] = _("Выберите вид мероприятия.")
    if event.start_date and event.end_date:
        if event.end_date < event.start_date:
            errors["end_date"] = _("Последний день не может быть раньше первого.")
        elif (event.end_date - event.start_date).days + 1 > MAX_DAYS:
            errors["end_date"] = _(
                "Мероприятие длится не больше %(max)d дней: разделите его на несколько."
            ) % {"max": MAX_DAYS}
    if event.municipality_id is None and not (event.address_ru or event.address_ky):
        errors["municipality"] = _(
            "Укажите место: муниципалитет (и село) или адрес хотя бы на одном языке."
        )
    elif (
        event.municipality_id is not None
        and event.oblast_id is not None
        and event.municipality.district.oblast_id != event.oblast_id
    ):
        errors["municipality"] = _(
            "Муниципалитет «%(municipality)s» не в области мероприятия (%(oblast)s)."
        ) % {"municipality": event.municipality, "oblast": event.oblast}
    if errors:
        raise ValidationError(errors)


def _fill(event: Event, *, kind, oblast, start_date, end_date, municipality, texts: dict) -> None:
    event.kind = kind
    event.oblast = oblast
    event.start_date = start_date
    event.end_date = end_date
    event.municipality = municipality
    for name in EVENT_TEXTS:
        set_translated(event, name, texts.get(f"{name}_ru"), texts.get(f"{name}_ky"))


def _topics_set(event: Event, topics: Sequence[tuple[str, str]], actor) -> None:
    """The event's topics become `topics` ((ru, ky) in order): rows kept where they are, so
    that the history shows what changed."""
    wanted = [(clean_text(ru), clean_text(ky)) for ru, ky in topics]
    wanted = [(ru, ky) for ru, ky in wanted if ru or ky]
    existing = list(EventTopic.objects.filter(event=event).order_by("position", "id"))
    for position, (ru, ky) in enumerate(wanted):
        topic = existing[position] if position < len(existing) else EventTopic(event=event)
        if topic.pk and (topic.title_ru, topic.title_ky, topic.position) == (ru, ky, position):
            continue
        topic.position = position
        set_translated(topic, "title", ru, ky)
        save_checked(topic, actor=actor)
    for topic in existing[len(wanted) :]:
        topic._history_user = actor
        topic.delete()


def _outcome_municipalities_set(event: Event, municipalities: Iterable[Municipality]) -> None:
    event.outcome_municipalities.set(list(municipalities))


@transaction.atomic
def event_create(
    *,
    actor,
    kind: str,
    oblast: Oblast | None,
    start_date: date,
    end_date: date,
    municipality: Municipality | None = None,
    topics: Sequence[tuple[str, str]] = (),
    outcome_municipalities: Iterable[Municipality] = (),
    **texts,
) -> Event:
    """A new event of `oblast` (None: national, administrators only). `texts` are the
    translated texts, `<name>_ru` / `<name>_ky` (EVENT_TEXTS): the title in one language at
    least. `topics` are (ru, ky) pairs in order."""
    _check_creator(actor, oblast)
    event = Event(created_by=actor)
    _fill(
        event,
        kind=kind,
        oblast=oblast,
        start_date=start_date,
        end_date=end_date,
        municipality=municipality,
        texts=texts,
    )
    require_one_language(event, "title")
    _check(event)
    save_checked(event, actor=actor)
    _topics_set(event, topics, actor)
    _outcome_municipalities_set(event, outcome_municipalities)
    return event


def _check_days_still_used(event: Event, start_date: date, end_date: date) -> None:
    """Refuse new days that would leave attendance or agenda items outside the event."""
    outside = {"day__lt": start_date}, {"day__gt": end_date}
    marked = sum(
        Attendance.objects.filter(participant__event=event, **where).count() for where in outside
    )
    items = sum(AgendaItem.objects.filter(event=event, **where).count() for where in outside)
    problems = []
    if marked:
        problems.append(
            _("Отметок присутствия в днях, которых у мероприятия больше не будет: %(count)d.")
            % {"count": marked}
        )
    if items:
        problems.append(_("Пунктов программы в такие дни: %(count)d.") % {"count": items})
    if problems:
        problems.append(_("Сначала снимите эти отметки или перенесите пункты программы."))
        raise ValidationError({"start_date": " ".join(problems)})


@transaction.atomic
def event_update(
    *,
    event: Event,
    actor,
    kind: str,
    oblast: Oblast | None,
    start_date: date,
    end_date: date,
    municipality: Municipality | None = None,
    topics: Sequence[tuple[str, str]] = (),
    outcome_municipalities: Iterable[Municipality] = (),
    **texts,
) -> Event:
    """Change an event (all its fields and topics at once, as the form sends them). Moving it
    to another oblast needs the right to create events there too."""
    require_on_event(actor, event, EventNeed.EDIT)
    if oblast != event.oblast:
        _check_creator(actor, oblast)
    if start_date and end_date and (start_date, end_date) != (event.start_date, event.end_date):
        _check_days_still_used(event, start_date, end_date)
    _fill(
        event,
        kind=kind,
        oblast=oblast,
        start_date=start_date,
        end_date=end_date,
        municipality=municipality,
        texts=texts,
    )
    require_one_language(event, "title")
    _check(event)
    save_checked(event, actor=actor)
    _topics_set(event, topics, actor)
    _outcome_municipalities_set(event, outcome_municipalities)
    return event


@transaction.atomic
def event_delete(*, event: Event, actor) -> None:
    """Delete an event that has no participants yet (one entered by mistake). An event with
    participants keeps them: what the project reached is not erased by a click."""
    require_on_event(actor, event, EventNeed.EDIT)
    count = event.participants.count()
    if count:
        raise ValidationError(
            _(
                "Участников у мероприятия: %(count)d. Удалить можно только мероприятие без "
                "участников; если оно записано по ошибке, сначала удалите участников."
            )
            % {"count": count}
        )
    event._history_user = actor
    event.delete()
