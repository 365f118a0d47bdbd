"""The demo events of the seeds: their figures, counted from their participant rows, are the
seeds' (the Гүлчө training: 26 participants, 12 women; Ак-Тал's first working-group meeting:
19 people, almost half and half), running the demo twice creates nothing new, and a wrong file
is refused with the item named."""

import shutil
from datetime import date

import pytest
import yaml

from demo import reading
from demo.reading import DATA, DemoDataError
from demo.trainings import TRAININGS_FILE, demo_trainings_create
from demo.users import demo_users_create
from municipalities.models import Oblast, User
from trainings.models import AgendaItem, Attendance, Event, EventKind, Participant
from trainings.selectors.events import event_figures
from trainings.selectors.statistics import StatsFilter, statistics


def _event(title_start: str) -> Event:
    return Event.objects.get(title_ru__startswith=title_start)


@pytest.fixture
def demo(geography):
    demo_users_create()
    return demo_trainings_create()


@pytest.mark.django_db
def test_the_demo_has_the_events_of_the_seeds(demo):
    assert all("created" in line for line in demo), demo
    kinds = dict(Event.objects.values_list("start_date", "kind"))
    assert kinds == {
        date(2019, 4, 11): EventKind.TRAINING,
        date(2019, 4, 16): EventKind.TRAINING,
        date(2019, 4, 23): EventKind.WG_MEETING,
        date(2019, 9, 18): EventKind.EXCHANGE_VISIT,
        date(2012, 1, 31): EventKind.PLANNING_SESSION,
        date(2016, 6, 10): EventKind.CONFERENCE,
    }
    national = Event.objects.filter(oblast__isnull=True).values_list("start_date", flat=True)
    assert sorted(national) == [date(2012, 1, 31), date(2016, 6, 10)]
    assert Event.objects.get(start_date=date(2019, 4, 23)).oblast.slug == "naryn"


@pytest.mark.django_db
def test_gulcha_training_has_26_participants_12_of_them_women(demo):
    event = Event.objects.get(start_date=date(2019, 4, 16))
    figures = event_figures(event)
    assert (figures.participants, figures.women, figures.men) == (26, 12, 14)
    assert {m.slug for m in figures.by_municipality} == {
        "bulolu",
        "chon-alai",
        "kashka-suu",
        "lenin-alai",
        "buudalyk",
    }
    # Бүлөлү and Чоң-Алай are target municipalities, the three others their guests
    assert (figures.target, figures.guest) == (14, 12)
    assert event.topics.count() == 8
    assert event.municipality is None and "Гүлчө" in event.address_ky


@pytest.mark.django_db
def test_ak_tal_first_meeting_has_its_19_members_almost_half_and_half(demo):
    event = Event.objects.get(start_date=date(2019, 4, 23))
    figures = event_figures(event)
    assert figures.participants == 19
    assert abs(figures.women - figures.men) <= 1
    assert figures.municipalities == 1
    nurlan = User.objects.get(email="nurlan@psep.example")
    assert Participant.objects.filter(event=event, user=nurlan).exists()


@pytest.mark.django_db
def test_exchange_visit_has_the_agenda_of_seed_003_by_day(demo):
    event = Event.objects.get(start_date=date(2019, 9, 18))
    assert event.days == [date(2019, 9, 18), date(2019, 9, 19)]
    items = list(AgendaItem.objects.filter(event=event))
    assert len(items) == 12
    assert [item.day.day for item in items] == [18] * 6 + [19] * 6
    assert items[0].action_ru.startswith("Презентация «Участие граждан в принятии решений")
    assert items[5].action_ru.startswith("Демонстрация объектов: 2 школы")
    assert all(item.action_ky for item in items)
    # the speakers' positions are the seed's; their names are invented
    assert items[3].responsible_position_ru == "глава АО Кенешского АА"
    seed_names = {"Шамшидинова", "Алыбаев", "Бурканов", "Омурзаков", "Артыков", "Жайчибеков"}
    assert not any(name in item.responsible_ru for item in items for name in seed_names)


@pytest.mark.django_db
def test_the_kok_zhar_training_is_its_working_group_over_two_days(demo):
    event = Event.objects.get(start_date=date(2019, 4, 11))
    figures = event_figures(event)
    assert figures.participants == 11
    assert figures.days == [(date(2019, 4, 11), 11), (date(2019, 4, 12), 9)]
    linked = set(
        Participant.objects.filter(event=event, user__isnull=False).values_list(
            "user__email", flat=True
        )
    )
    assert linked == {"aibek@psep.example", "gulnara@psep.example", "shirin@psep.example"}


@pytest.mark.django_db
def test_the_national_planning_session_had_about_60_people(demo):
    event = Event.objects.get(start_date=date(2012, 1, 31))
    figures = event_figures(event)
    assert figures.participants == 60
    assert figures.organisations == 51
    assert {m.slug for m in figures.by_municipality} == {"ivanovka", "lenin-suzak", "tort-kol"}


@pytest.mark.django_db
def test_a_person_at_two_events_is_counted_once(demo):
    """Мирлан Жолдошев of Кок-Жар was at the training and at the exchange visit."""
    admin = User.objects.get(email="admin@psep.example")
    osh = Oblast.objects.get(slug="osh")
    stats = statistics(admin, StatsFilter(oblast=osh))
    rows = {row["municipality__slug"]: row for row in stats.reached}
    assert rows["kok-zhar"]["participations"] == 11 + 2
    assert rows["kok-zhar"]["people"] == 11 + 1  # the head came to the exchange visit only


@pytest.mark.django_db
def test_running_the_demo_again_creates_nothing(demo):
    counts = (Event.objects.count(), Participant.objects.count(), Attendance.objects.count())
    lines = demo_trainings_create()
    assert all("kept" in line for line in lines), lines
    assert (Event.objects.count(), Participant.objects.count(), Attendance.objects.count()) == (
        counts
    )


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data files that a test may break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setattr(reading, "DATA", copy)
    return copy


def _rewrite(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.django_db
def test_an_unknown_municipality_is_refused_with_the_item_named(geography, data_copy):
    demo_users_create()

    def change(data):
        data["events"][1]["participants"][0]["municipality"] = "gulcha"

    _rewrite(data_copy / TRAININGS_FILE, change)
    with pytest.raises(DemoDataError) as refused:
        demo_trainings_create()
    assert "gulcha-training-2019" in str(refused.value)
    assert "«gulcha»" in str(refused.value)
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_a_participant_the_service_refuses_stops_the_loading(geography, data_copy):
    """The same person twice in one event."""
    demo_users_create()

    def change(data):
        people = data["events"][2]["participants"]
        people.append(dict(people[0]))

    _rewrite(data_copy / TRAININGS_FILE, change)
    with pytest.raises(DemoDataError) as refused:
        demo_trainings_create()
    assert "уже записан(а) участником этого мероприятия" in str(refused.value)
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_a_key_nobody_reads_is_refused(geography, data_copy):
    demo_users_create()

    def change(data):
        data["events"][0]["participants"][0]["gender"] = "male"

    _rewrite(data_copy / TRAININGS_FILE, change)
    with pytest.raises(DemoDataError) as refused:
        demo_trainings_create()
    assert "«gender»" in str(refused.value)
