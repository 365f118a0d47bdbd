"""Creating and changing events: who may (a reviewer in their oblasts, an administrator
everywhere and alone for national events), what an event needs (a title in one language, its
days in order and at most MAX_DAYS, a place), and what a change may not leave behind."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trainings.models import MAX_DAYS, AgendaItem, Event, EventKind, EventTopic
from trainings.permissions import EventNeed, can_on_event, events_for
from trainings.services.agenda import agenda_item_create
from trainings.services.events import event_create, event_delete, event_update

from .conftest import add

pytestmark = pytest.mark.django_db


def _fields(event, **changes):
    values = {
        "kind": event.kind,
        "oblast": event.oblast,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "municipality": event.municipality,
        "title_ru": event.title_ru,
        "title_ky": event.title_ky,
        "topics": [(t.title_ru, t.title_ky) for t in event.topics.all()],
    }
    values.update(changes)
    return values


def test_a_reviewer_creates_an_event_of_their_oblast(training, staff):
    assert training.created_by == staff
    assert training.days == [date(2019, 4, 11), date(2019, 4, 12)]
    assert [t.title_ky for t in training.topics.all()] == [
        "СЭӨП даярдоо процесси",
        "Учурдагы абалды талдоо",
        "Мониторинг жана баалоо",
    ]
    assert training.history.first().history_user == staff
    assert EventTopic.history.filter(history_user=staff).count() == 3


def test_a_reviewer_may_not_create_an_event_of_another_oblast(staff, naryn, ak_tal):
    with pytest.raises(PermissionDenied):
        event_create(
            actor=staff,
            kind=EventKind.WG_MEETING,
            oblast=naryn,
            start_date=date(2019, 4, 23),
            end_date=date(2019, 4, 23),
            municipality=ak_tal,
            title_ru="Заседание",
        )
    assert not Event.objects.exists()


def test_only_an_administrator_creates_a_national_event(staff, admin_user, national_event):
    assert national_event.is_national
    with pytest.raises(PermissionDenied, match="администраторы"):
        event_create(
            actor=staff,
            kind=EventKind.CONFERENCE,
            oblast=None,
            start_date=date(2016, 6, 10),
            end_date=date(2016, 6, 10),
            title_ru="Видение-2030",
            address_ru="г. Бишкек",
        )


def test_reviewers_follow_national_events_but_do_not_keep_them(
    staff, naryn_staff, national_event, training
):
    assert can_on_event(staff, national_event, EventNeed.VIEW)
    assert not can_on_event(staff, national_event, EventNeed.EDIT)
    assert can_on_event(naryn_staff, national_event, EventNeed.VIEW)
    assert not can_on_event(naryn_staff, training, EventNeed.VIEW)
    assert set(events_for(naryn_staff)) == {national_event}
    assert set(events_for(staff)) == {national_event, training}
    with pytest.raises(PermissionDenied):
        event_update(event=national_event, actor=staff, **_fields(national_event))


def test_members_of_a_municipality_keep_no_events(training, aibek):
    assert not can_on_event(aibek, training, EventNeed.VIEW)
    assert not events_for(aibek).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title_ru": "", "title_ky": ""}, "title_ru", "хотя бы на одном языке"),
        ({"end_date": date(2019, 4, 10)}, "end_date", "раньше первого"),
        ({"end_date": date(2019, 4, 11 + MAX_DAYS)}, "end_date", f"не больше {MAX_DAYS} дней"),
        ({"municipality": None}, "municipality", "Укажите место"),
    ],
)
def test_what_an_event_needs(staff, osh, kok_zhar, changes, field, message):
    values = {
        "actor": staff,
        "kind": EventKind.TRAINING,
        "oblast": osh,
        "start_date": date(2019, 4, 11),
        "end_date": date(2019, 4, 12),
        "municipality": kok_zhar,
        "title_ru": "Тренинг",
        "title_ky": "",
        **changes,
    }
    with pytest.raises(ValidationError) as refused:
        event_create(**values)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Event.objects.exists()


def test_an_address_is_a_place_too(staff, osh):
    event = event_create(
        actor=staff,
        kind=EventKind.TRAINING,
        oblast=osh,
        start_date=date(2019, 4, 16),
        end_date=date(2019, 4, 16),
        title_ky="Тренинг",
        address_ky="Гүлчө айылы, Алай району",
    )
    assert event.municipality is None and event.address_ky.startswith("Гүлчө")


def test_the_place_is_in_the_oblast_of_the_event(staff, osh, ak_tal):
    with pytest.raises(ValidationError) as refused:
        event_create(
            actor=staff,
            kind=EventKind.TRAINING,
            oblast=osh,
            start_date=date(2019, 4, 16),
            end_date=date(2019, 4, 16),
            title_ru="Тренинг",
            municipality=ak_tal,
        )
    assert "не в области мероприятия" in refused.value.message_dict["municipality"][0]


def test_topics_change_in_place(training, staff):
    first = list(training.topics.values_list("pk", flat=True))
    event_update(
        event=training,
        actor=staff,
        **_fields(
            training,
            topics=[
                ("Процесс подготовки ПСЭР", "СЭӨП даярдоо процесси"),
                ("Анализ ситуации", "Абалды талдоо"),
            ],
        ),
    )
    topics = list(training.topics.all())
    assert [t.pk for t in topics] == first[:2]
    assert topics[1].title_ru == "Анализ ситуации"
    assert EventTopic.objects.filter(pk=first[2]).count() == 0


def test_days_with_attendance_cannot_be_taken_away(training, staff):
    add(training, staff, "Айгуль Токтогулова")
    agenda_item_create(event=training, actor=staff, day=date(2019, 4, 12), action_ru="Итоги")
    with pytest.raises(ValidationError) as refused:
        event_update(event=training, actor=staff, **_fields(training, end_date=date(2019, 4, 11)))
    message = refused.value.message_dict["start_date"][0]
    assert "больше не будет: 1." in message and "Пунктов программы в такие дни: 1." in message
    training.refresh_from_db()
    assert training.end_date == date(2019, 4, 12)
    # a longer event keeps every mark
    event_update(event=training, actor=staff, **_fields(training, end_date=date(2019, 4, 13)))
    assert len(training.days) == 3
    assert AgendaItem.objects.filter(event=training).count() == 1


def test_moving_to_another_oblast_needs_the_right_there(training, staff, naryn, ak_tal):
    with pytest.raises(PermissionDenied):
        event_update(
            event=training, actor=staff, **_fields(training, oblast=naryn, municipality=ak_tal)
        )


def test_an_event_with_participants_is_not_deleted(training, staff):
    add(training, staff, "Айгуль Токтогулова")
    with pytest.raises(ValidationError, match="Участников у мероприятия: 1"):
        event_delete(event=training, actor=staff)
    training.participants.all().delete()
    event_delete(event=training, actor=staff)
    assert not Event.objects.exists()


def test_a_reviewer_of_another_oblast_deletes_nothing(training, naryn_staff):
    with pytest.raises(PermissionDenied):
        event_delete(event=training, actor=naryn_staff)
