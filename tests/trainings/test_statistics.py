"""The statistics across events, always counted from the participant rows: participations and
people (one person counted once), by sex and position, the municipalities reached and those not
yet reached, events by kind and by month; filtered by where the people come from, the kind, a
topic and dates; drawn as SVG with its numbers in words, and exported to .xlsx."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from municipalities.models import District, Municipality
from tests.conftest import client_for
from trainings.models import EventKind, OrganisationType, PositionCategory, Sex
from trainings.selectors.statistics import StatsFilter, statistics
from trainings.services.events import event_create

from .conftest import add

pytestmark = pytest.mark.django_db


@pytest.fixture
def gulcha(staff, osh):
    """The Гүлчө training: Бүлөлү (target) and Кашка-Суу (guest)."""
    return event_create(
        actor=staff,
        kind=EventKind.TRAINING,
        oblast=osh,
        start_date=date(2019, 4, 16),
        end_date=date(2019, 4, 16),
        title_ru="Планирование совместных действий",
        address_ru="с. Гүлчө",
        topics=[("Разработка Плана совместных действий (ПСД)", "БАПты иштеп чыгуу")],
    )


@pytest.fixture
def people(training, gulcha, national_event, staff, admin_user, bulolu, kashka_suu, kok_zhar):
    """Кок-Жар's training: 3 people (2 women); Гүлчө: 3 people, one of them (Айгуль of Кок-Жар)
    at both; the national session: one expert and one head from Ивановка."""
    add(training, staff, "Айгуль Токтогулова", position_category=PositionCategory.COUNCIL_DEPUTY)
    add(training, staff, "Жамиля Абдуллаева")
    add(training, staff, "Мирлан Жолдошев", sex=Sex.MALE)
    add(gulcha, staff, "айгуль токтогулова", position_category=PositionCategory.COUNCIL_DEPUTY)
    add(gulcha, staff, "Канышай Абдылдаева", municipality=bulolu)
    add(
        gulcha,
        staff,
        "Асылбек Кожоев",
        sex=Sex.MALE,
        municipality=kashka_suu,
        position_category="head",
    )
    add(
        national_event,
        admin_user,
        "Мира Айтбаева",
        organisation="Независимые эксперты",
        organisation_type=OrganisationType.EXPERT,
        position_category=PositionCategory.OTHER,
    )
    add(
        national_event,
        admin_user,
        "Бакыт Сарыбаев",
        sex=Sex.MALE,
        municipality=Municipality.objects.get(slug="ivanovka"),
        position_category=PositionCategory.HEAD,
    )


def test_figures_of_every_event_a_reviewer_follows(staff, people):
    stats = statistics(staff, StatsFilter())
    assert (stats.events, stats.participations, stats.people) == (3, 8, 7)
    assert (stats.women, stats.men) == (4, 3)
    assert (stats.municipalities, stats.target_municipalities, stats.guest_municipalities) == (
        4,
        2,
        2,
    )
    assert (
        stats.target_participations,
        stats.guest_participations,
        stats.organisation_participations,
    ) == (5, 2, 1)
    positions = {row.label: row.value for row in stats.by_position}
    assert positions["депутат кенеша"] == 1  # Айгуль, counted once
    assert positions["глава айыл окмоту"] == 2
    kinds = {row.label: (row.value, row.extra["people"]) for row in stats.by_kind}
    assert kinds["тренинг"] == (2, 5)
    assert kinds["планировочная сессия"] == (1, 2)
    assert [(row.extra["month"], row.value) for row in stats.by_month] == [
        (date(2012, 1, 1), 1),
        (date(2019, 4, 1), 2),
    ]
    reached = {row["municipality__slug"]: row for row in stats.reached}
    assert (reached["kok-zhar"]["people"], reached["kok-zhar"]["participations"]) == (3, 4)
    assert reached["kok-zhar"]["events"] == 2
    # Osh's target municipalities that nobody came from (the reviewer's oblast)
    assert [m.slug for m in stats.not_reached] == ["chon-alai"]


def test_the_area_is_where_the_people_come_from(staff, people, osh):
    alai = District.objects.get(slug="alai")
    stats = statistics(staff, StatsFilter(district=alai))
    assert (stats.events, stats.participations, stats.people) == (1, 1, 1)
    assert [row["municipality__slug"] for row in stats.reached] == ["bulolu"]
    assert stats.not_reached == []
    stats = statistics(staff, StatsFilter(oblast=osh))
    # the national session's people came from Chui oblast or from no municipality
    assert (stats.events, stats.participations) == (2, 6)


def test_kind_topic_and_dates_select_events(staff, people):
    assert statistics(staff, StatsFilter(kind=EventKind.PLANNING_SESSION)).participations == 2
    # a topic in either language, whatever the case of its Cyrillic letters
    assert statistics(staff, StatsFilter(topic="пЛАНА СОВМЕСТНЫХ")).participations == 3
    assert statistics(staff, StatsFilter(topic="бапты")).participations == 3
    between = StatsFilter(date_from=date(2019, 4, 12), date_to=date(2019, 12, 31))
    assert statistics(staff, between).events == 1


def test_a_reviewer_counts_the_events_they_follow(naryn_staff, people):
    stats = statistics(naryn_staff, StatsFilter())
    # only the national event: Osh's are not theirs
    assert (stats.events, stats.participations) == (1, 2)
    assert [m.slug for m in stats.not_reached] == ["ak-tal"]


def test_the_page_draws_the_charts_with_their_numbers_in_words(staff, people):
    response = client_for(staff).get(reverse("trainings:statistics") + "?kind=training")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg viewBox="0 0 400 80" role="img"' in page
    assert '<desc id="chart-sex-desc">Люди по полу. женщина: 3; мужчина: 2.</desc>' in page
    assert 'width="344.0"' in page  # the longest bar, with a point whatever the language
    assert PERSON_RULE_START in page


PERSON_RULE_START = "Один человек считается один раз"


def test_a_wrong_filter_says_why(staff, people, osh):
    naryn_district = District.objects.get(slug="ak-talaa")
    response = client_for(staff).get(
        reverse("trainings:statistics"), {"oblast": osh.pk, "district": naryn_district.pk}
    )
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()


def test_the_export_has_the_same_figures(staff, people):
    response = client_for(staff).get(reverse("trainings:statistics_export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Итоги", "По полу", "По должностям"]
    summary = {row[0]: row[1] for row in book["Итоги"].iter_rows(values_only=True) if row[0]}
    assert summary["Участия (человеко-мероприятия)"] == 8
    assert summary["Люди (каждый один раз)"] == 7
    assert summary["Как считаются люди"].startswith(PERSON_RULE_START)
    events = list(book["Мероприятия"].iter_rows(values_only=True))
    assert len(events) == 4
    reached = {row[0]: row for row in book["Охваченные муниципалитеты"].iter_rows(values_only=True)}
    assert reached["Кок-Жарский айылный аймак"][4] == 3
