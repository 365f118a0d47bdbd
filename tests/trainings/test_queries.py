"""The pages of events take the same number of queries for 5 events and for 500, and for 10
participants and for 2 000: the lists are paginated and every figure is counted by the
database in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Municipality
from tests.conftest import client_for
from trainings.models import Attendance, Event, EventKind, EventTopic, Participant

from .conftest import bulk_participants

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def make_events(count, *, oblast, municipality, participants_each=2):
    """`count` past events of `oblast`, a few participants each (and their attendance)."""
    kinds = EventKind.values
    first = date(2015, 1, 5)
    events = Event.objects.bulk_create(
        [
            Event(
                kind=kinds[n % len(kinds)],
                oblast=oblast,
                title=f"Мероприятие {n}",
                title_ru=f"Мероприятие {n}",
                title_ky=f"{n}-иш-чара",
                start_date=first + timedelta(days=7 * n),
                end_date=first + timedelta(days=7 * n + 1),
                municipality=municipality,
            )
            for n in range(count)
        ]
    )
    EventTopic.objects.bulk_create(
        [EventTopic(event=e, title_ru="Планирование", search="планирование") for e in events]
    )
    municipalities = list(Municipality.objects.all())
    for event in events:
        bulk_participants(event, participants_each, municipalities=municipalities)
    return events


def add_attendance(event):
    Attendance.objects.bulk_create(
        [
            Attendance(participant=p, day=day)
            for p in Participant.objects.filter(event=event)
            for day in event.days
        ],
        batch_size=1000,
    )


@pytest.fixture
def grow(osh, kok_zhar):
    """Events added until there are `count` of them."""

    def grow(count):
        missing = count - Event.objects.count()
        make_events(missing, oblast=osh, municipality=kok_zhar)

    return grow


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("trainings:list", "staff"),
        ("trainings:public_list", None),
        ("trainings:statistics", "staff"),
    ],
)
def test_lists_and_statistics_for_5_and_500_events(url_name, who, grow, staff, request):
    client = client_for(request.getfixturevalue(who)) if who else Client()
    url = reverse(url_name)
    grow(5)
    small = _queries(client, url)
    grow(500)
    large = _queries(client, url)
    assert small == large
    assert Event.objects.count() == 500


def test_the_statistics_export_for_5_and_500_events(grow, staff):
    client = client_for(staff)
    url = reverse("trainings:statistics_export")
    grow(5)
    small = _queries(client, url)
    grow(500)
    assert _queries(client, url) == small


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("trainings:detail", "staff"),
        ("trainings:participants", "staff"),
        ("trainings:public_event", None),
        ("trainings:sheet", "staff"),
    ],
)
def test_an_event_s_pages_for_10_and_2000_participants(url_name, who, training, staff, request):
    client = client_for(request.getfixturevalue(who)) if who else Client()
    url = reverse(url_name, args=[training.pk])
    municipalities = list(Municipality.objects.all())
    bulk_participants(training, 10, municipalities=municipalities)
    add_attendance(training)
    small = _queries(client, url)
    Participant.objects.filter(event=training).delete()
    bulk_participants(training, 2000, municipalities=municipalities)
    add_attendance(training)
    large = _queries(client, url)
    assert small == large
    assert Participant.objects.filter(event=training).count() == 2000


def test_the_statistics_for_10_and_2000_participants(training, staff):
    client = client_for(staff)
    url = reverse("trainings:statistics")
    municipalities = list(Municipality.objects.all())
    bulk_participants(training, 10, municipalities=municipalities)
    small = _queries(client, url)
    bulk_participants(training, 1990, municipalities=municipalities[:3], women_every=3, start=10)
    assert _queries(client, url) == small


def test_the_participants_page_is_paginated(training, staff):
    bulk_participants(training, 120, municipalities=list(Municipality.objects.all()))
    page = client_for(staff).get(reverse("trainings:participants", args=[training.pk]))
    assert page.content.decode().count('name="shown"') == 50
    assert "Страница 1 из 3" in page.content.decode()


@pytest.mark.parametrize("url_name", ["municipality_detail", "trainings:participation"])
def test_a_municipality_s_pages_for_5_and_500_events(url_name, grow, kok_zhar, aibek):
    client = client_for(aibek)
    url = reverse(url_name, args=[kok_zhar.slug])
    grow(5)
    small = _queries(client, url)
    grow(500)
    assert _queries(client, url) == small
