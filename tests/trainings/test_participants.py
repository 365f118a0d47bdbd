"""Participants of an event: a portal user or a name only, with their sex and the category of
their position, from a municipality (events of an oblast) or from a municipality or an
organisation (national events); the same person never twice in one event; attendance by day."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Municipality
from tests.conftest import client_for
from trainings.models import Attendance, OrganisationType, Participant, PositionCategory, Sex
from trainings.services.participants import (
    attendance_set,
    participant_create,
    participant_delete,
    participant_update,
)

from .conftest import add, bulk_participants

pytestmark = pytest.mark.django_db


def test_a_name_only_participant(training, staff, kok_zhar):
    participant = add(training, staff, "  Айгуль   Токтогулова ", days=[date(2019, 4, 12)])
    assert participant.full_name == "Айгуль Токтогулова"
    assert participant.person_key == f"name:айгуль токтогулова|municipality:{kok_zhar.pk}"
    assert list(participant.attendance.values_list("day", flat=True)) == [date(2019, 4, 12)]
    assert participant.history.first().history_user == staff


def test_a_portal_user_gives_the_name_and_sex(training, staff, aibek, kok_zhar):
    participant = participant_create(
        event=training,
        actor=staff,
        user=aibek,
        full_name="",
        sex="",
        position_category=PositionCategory.DEPUTY_HEAD,
        municipality=kok_zhar,
    )
    assert (participant.full_name, participant.sex) == ("Айбек Осмонов", Sex.MALE)
    assert participant.person_key == f"user:{aibek.pk}"


@pytest.mark.parametrize(
    "typed", ["Айгуль Токтогулова", "айгуль  токтогулова", "АЙГУЛЬ ТОКТОГУЛОВА"]
)
def test_the_same_person_twice_is_refused(training, staff, typed):
    add(training, staff, "Айгуль Токтогулова")
    with pytest.raises(ValidationError) as refused:
        add(training, staff, typed)
    assert refused.value.message_dict["full_name"] == [
        "«Айгуль Токтогулова» уже записан(а) участником этого мероприятия."
    ]
    assert training.participants.count() == 1


def test_the_same_portal_user_twice_is_refused(training, staff, aibek, kok_zhar):
    fields = {"sex": "", "position_category": PositionCategory.SPECIALIST}
    participant_create(event=training, actor=staff, user=aibek, municipality=kok_zhar, **fields)
    with pytest.raises(ValidationError) as refused:
        participant_create(
            event=training,
            actor=staff,
            user=aibek,
            full_name="А. Осмонов",
            municipality=kok_zhar,
            **fields,
        )
    assert "уже записан(а)" in refused.value.message_dict["user"][0]


def test_namesakes_from_two_municipalities_are_two_people(training, staff, bulolu):
    add(training, staff, "Айгуль Токтогулова")
    add(training, staff, "Айгуль Токтогулова", municipality=bulolu)
    assert training.participants.count() == 2


def test_at_an_event_of_an_oblast_people_come_from_municipalities(training, staff):
    with pytest.raises(ValidationError) as refused:
        participant_create(
            event=training,
            actor=staff,
            full_name="Эксперт",
            sex=Sex.MALE,
            position_category=PositionCategory.OTHER,
            organisation="Институт политики развития",
            organisation_type=OrganisationType.NGO,
        )
    assert "Укажите муниципалитет участника" in refused.value.message_dict["municipality"][0]


def test_at_a_national_event_people_come_from_organisations_too(national_event, admin_user):
    participant = add(
        national_event,
        admin_user,
        "Каныбек Осмонкулов",
        sex=Sex.MALE,
        position_category=PositionCategory.OTHER,
        organisation="Жогорку Кенеш",
        organisation_type=OrganisationType.PARLIAMENT,
    )
    assert participant.municipality is None
    with pytest.raises(ValidationError) as refused:
        add(national_event, admin_user, "Эксперт", organisation="Независимые эксперты")
    assert refused.value.message_dict == {"organisation_type": ["Укажите тип организации."]}
    with pytest.raises(ValidationError) as refused:
        add(
            national_event,
            admin_user,
            "Глава",
            municipality=Municipality.objects.get(slug="ivanovka"),
            organisation="Айыл окмоту",
        )
    assert "либо муниципалитет, либо организацию" in refused.value.message_dict["organisation"][0]


def test_days_are_days_of_the_event(training, staff):
    with pytest.raises(ValidationError) as refused:
        add(training, staff, "Айгуль Токтогулова", days=[date(2019, 4, 13)])
    assert refused.value.message_dict["days"] == ["У мероприятия нет дня 13.04.2019."]


def test_sex_and_category_are_required(training, staff, kok_zhar):
    with pytest.raises(ValidationError) as refused:
        participant_create(
            event=training,
            actor=staff,
            full_name="Кто-то",
            sex="",
            position_category="",
            municipality=kok_zhar,
        )
    assert set(refused.value.message_dict) == {"sex", "position_category"}


def test_a_reviewer_of_another_oblast_records_nobody(training, naryn_staff, staff):
    with pytest.raises(PermissionDenied):
        add(training, naryn_staff, "Айгуль Токтогулова")
    participant = add(training, staff, "Айгуль Токтогулова")
    with pytest.raises(PermissionDenied):
        participant_update(
            participant=participant,
            actor=naryn_staff,
            full_name="Айгүл Токтогулова",
            sex=Sex.FEMALE,
            position_category=PositionCategory.SPECIALIST,
            municipality=participant.municipality,
        )
    with pytest.raises(PermissionDenied):
        participant_delete(participant=participant, actor=naryn_staff)


def test_a_change_replaces_the_days(training, staff):
    participant = add(training, staff, "Айгуль Токтогулова")
    participant_update(
        participant=participant,
        actor=staff,
        days=[date(2019, 4, 12)],
        full_name="Айгүл Токтогулова",
        sex=Sex.FEMALE,
        position_category=PositionCategory.COUNCIL_DEPUTY,
        municipality=participant.municipality,
    )
    participant.refresh_from_db()
    assert participant.full_name == "Айгүл Токтогулова"
    assert list(participant.attendance.values_list("day", flat=True)) == [date(2019, 4, 12)]


def test_attendance_of_a_page_is_set_at_once(training, staff, national_event, admin_user):
    first = add(training, staff, "Айгуль Токтогулова", days=[])
    second = add(training, staff, "Бакыт Осмонов", sex=Sex.MALE)
    other = add(
        national_event, admin_user, "Эксперт", organisation="Эксперты", organisation_type="expert"
    )
    day1, day2 = training.days
    added, removed = attendance_set(
        event=training,
        actor=staff,
        participant_ids=[first.pk, second.pk, other.pk],
        present={(first.pk, day1), (first.pk, day2), (second.pk, day2), (other.pk, day1)},
    )
    assert (added, removed) == (2, 1)
    marks = set(Attendance.objects.values_list("participant_id", "day"))
    # the other event's participant is left as they were
    assert marks == {
        (first.pk, day1),
        (first.pk, day2),
        (second.pk, day2),
        (other.pk, national_event.start_date),
    }
    assert Attendance.objects.get(participant=first, day=day1).marked_by == staff


def test_attendance_takes_the_same_queries_for_10_and_200(training, staff, kok_zhar):
    def queries_to_mark(count: int) -> int:
        Participant.objects.filter(event=training).delete()
        bulk_participants(training, count, municipalities=[kok_zhar])
        ids = list(Participant.objects.filter(event=training).values_list("pk", flat=True))
        present = {(pk, day) for pk in ids[: count // 2] for day in training.days}
        attendance_set(event=training, actor=staff, participant_ids=ids, present=present)
        present = {(pk, day) for pk in ids[count // 2 :] for day in training.days}
        with CaptureQueriesContext(connection) as captured:
            attendance_set(event=training, actor=staff, participant_ids=ids, present=present)
        assert Attendance.objects.count() == (count - count // 2) * 2
        return len(captured.captured_queries)

    assert queries_to_mark(10) == queries_to_mark(200)


def test_the_page_marks_attendance(training, staff):
    first = add(training, staff, "Айгуль Токтогулова", days=[])
    second = add(training, staff, "Бакыт Осмонов", sex=Sex.MALE)
    day1, day2 = training.days
    url = reverse("trainings:participants", args=[training.pk])
    client = client_for(staff)
    response = client.post(
        url + "?page=1",
        {
            "shown": [first.pk, second.pk],
            "present": [f"{first.pk}:{day1:%Y-%m-%d}", f"{first.pk}:{day2:%Y-%m-%d}", "x:y"],
        },
    )
    assert response.status_code == 302
    assert response.url == url + "?page=1#attendance"
    assert set(Attendance.objects.values_list("participant_id", "day")) == {
        (first.pk, day1),
        (first.pk, day2),
    }
    page = client.get(url).content.decode()
    assert "поставлено 2, снято 2" in page
    assert f'value="{first.pk}:2019-04-11" id="present-{first.pk}-1" checked' in page


def test_the_form_adds_a_portal_user_by_e_mail(training, staff, aibek, kok_zhar):
    response = client_for(staff).post(
        reverse("trainings:participant_add", args=[training.pk]),
        {
            "user": "AIBEK@psep.example",
            "position_category": PositionCategory.DEPUTY_HEAD,
            "municipality": kok_zhar.pk,
            "days": ["2019-04-11"],
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.user, participant.full_name) == (aibek, "Айбек Осмонов")


def test_the_form_says_what_is_wrong(training, staff, kok_zhar):
    response = client_for(staff).post(
        reverse("trainings:participant_add", args=[training.pk]),
        {"user": "nobody@psep.example", "full_name": "", "municipality": kok_zhar.pk},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "В портале нет активного пользователя с адресом nobody@psep.example" in page
    assert not Participant.objects.exists()
