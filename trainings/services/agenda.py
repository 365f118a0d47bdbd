"""The agenda of an event (программа мероприятия, күн тартиби): items by day and time, each
with the action or the object visited, the person responsible and their position."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import AgendaItem, Event
from ..permissions import EventNeed, require_on_event
from .common import delete_recorded, require_one_language, save_checked, set_translated


def _fill(item: AgendaItem, *, day, start_time, end_time, texts: dict) -> None:
    item.day = day
    item.start_time = start_time
    item.end_time = end_time
    for name in ("action", "responsible", "responsible_position"):
        set_translated(item, name, texts.get(f"{name}_ru"), texts.get(f"{name}_ky"))


def _check(item: AgendaItem, event: Event) -> None:
    require_one_language(item, "action")
    if item.day is not None and item.day not in event.days:
        raise ValidationError(
            {
                "day": _("Мероприятие идёт с %(start)s по %(end)s: выберите один из этих дней.")
                % {"start": f"{event.start_date:%d.%m.%Y}", "end": f"{event.end_date:%d.%m.%Y}"}
            }
        )
    if item.start_time and item.end_time and item.end_time < item.start_time:
        raise ValidationError({"end_time": _("Окончание не может быть раньше начала.")})


@transaction.atomic
def agenda_item_create(
    *,
    event: Event,
    actor,
    day: date,
    start_time: time | None = None,
    end_time: time | None = None,
    **texts,
) -> AgendaItem:
    """An item at the end of its day (items with a time are ordered by it). `texts`:
    action_ru/ky (one language at least), responsible_ru/ky, responsible_position_ru/ky."""
    require_on_event(actor, event, EventNeed.EDIT)
    item = AgendaItem(event=event)
    _fill(item, day=day, start_time=start_time, end_time=end_time, texts=texts)
    _check(item, event)
    last = AgendaItem.objects.filter(event=event, day=day).aggregate(m=Max("position"))["m"]
    item.position = 0 if last is None else last + 1
    return save_checked(item, actor=actor)


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    actor,
    day: date,
    start_time: time | None = None,
    end_time: time | None = None,
    **texts,
) -> AgendaItem:
    event = item.event
    require_on_event(actor, event, EventNeed.EDIT)
    moved = day != item.day
    _fill(item, day=day, start_time=start_time, end_time=end_time, texts=texts)
    _check(item, event)
    if moved:
        last = AgendaItem.objects.filter(event=event, day=day).aggregate(m=Max("position"))["m"]
        item.position = 0 if last is None else last + 1
    return save_checked(item, actor=actor)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor) -> None:
    require_on_event(actor, item.event, EventNeed.EDIT)
    delete_recorded(item, actor=actor)
