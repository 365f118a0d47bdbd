"""Events of the seeds, typed in through the services by the people who keep them."""

from datetime import date

import pytest

from municipalities.models import Municipality, Oblast, Role
from tests.factories import MembershipFactory, UserFactory
from trainings.models import EventKind, Participant, PositionCategory, Sex, person_key
from trainings.services.events import event_create
from trainings.services.participants import participant_create


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def osh(geography):
    return Oblast.objects.get(slug="osh")


@pytest.fixture
def naryn(geography):
    return Oblast.objects.get(slug="naryn")


@pytest.fixture
def bulolu(geography):
    return Municipality.objects.get(slug="bulolu")


@pytest.fixture
def kashka_suu(geography):
    return Municipality.objects.get(slug="kashka-suu")


@pytest.fixture
def naryn_staff(naryn):
    """A reviewer of Naryn oblast: keeps Ак-Тал's events, not Osh's."""
    user = UserFactory(full_name="Бурул Асанова", email="naryn-staff@psep.example")
    MembershipFactory(user=user, role=Role.REVIEWER, municipality=None, oblast=naryn)
    return user


@pytest.fixture
def training(staff, osh, kok_zhar):
    """The two-day ПСЭР training of Кок-Жар's working group (April 2019)."""
    return event_create(
        actor=staff,
        kind=EventKind.TRAINING,
        oblast=osh,
        start_date=date(2019, 4, 11),
        end_date=date(2019, 4, 12),
        municipality=kok_zhar,
        title_ru="Разработка Программы социально-экономического развития муниципалитета",
        title_ky="Муниципалитеттин социалдык-экономикалык өнүгүү программасын иштеп чыгуу",
        village_ru="Кок-Жар",
        organiser_ru="Проект ГГПОМСУ",
        topics=[
            ("Процесс подготовки ПСЭР", "СЭӨП даярдоо процесси"),
            ("Анализ текущей ситуации", "Учурдагы абалды талдоо"),
            ("Мониторинг и оценка", "Мониторинг жана баалоо"),
        ],
    )


@pytest.fixture
def national_event(admin_user):
    """The national planning session of 31 January 2012 in Bishkek."""
    return event_create(
        actor=admin_user,
        kind=EventKind.PLANNING_SESSION,
        oblast=None,
        start_date=date(2012, 1, 31),
        end_date=date(2012, 1, 31),
        title_ru="Национальная планировочная сессия",
        title_ky="Улуттук пландоо сессиясы",
        address_ru="г. Бишкек",
        address_ky="Бишкек шаары",
    )


def add(event, actor, name, *, sex=Sex.FEMALE, municipality=None, days=None, **fields):
    """A participant added through the service (present on every day unless `days`)."""
    fields.setdefault("position_category", PositionCategory.SPECIALIST)
    if municipality is None and not fields.get("organisation"):
        municipality = Municipality.objects.get(slug="kok-zhar")
    return participant_create(
        event=event,
        actor=actor,
        full_name=name,
        sex=sex,
        municipality=municipality,
        days=event.days if days is None else days,
        **fields,
    )


def bulk_participants(
    event, count: int, *, municipalities, women_every: int = 2, start: int = 0
) -> None:
    """Many participants at once (for the query counts), keyed as the model keys them; their
    names are numbered from `start`."""
    rows = []
    for n in range(start, start + count):
        municipality = municipalities[n % len(municipalities)]
        name = f"Участник {event.pk}-{n}"
        rows.append(
            Participant(
                event=event,
                full_name=name,
                sex=Sex.FEMALE if n % women_every == 0 else Sex.MALE,
                position_category=PositionCategory.values[n % len(PositionCategory.values)],
                municipality=municipality,
                name_key=name.casefold(),
                person_key=person_key(
                    user_id=None,
                    full_name=name,
                    municipality_id=municipality.pk,
                    organisation="",
                ),
            )
        )
    Participant.objects.bulk_create(rows, batch_size=500)
