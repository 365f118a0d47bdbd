"""No public page shows a participant's name or contact: the home page, every municipality's
page, the list of events with every filter and every event's public page, in Russian and
Kyrgyz, for a visitor who is not logged in. The figures are there; the people are not."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from demo.trainings import demo_trainings_create
from demo.users import demo_users_create
from municipalities.models import Municipality, Oblast
from trainings.models import Event, EventKind, Participant
from trainings.services.participants import participant_create

pytestmark = pytest.mark.django_db

CONTACT = "+996 555 123 456"
EMAIL_CONTACT = "umut.tologonova@example.kg"


@pytest.fixture
def demo(geography):
    demo_users_create()
    demo_trainings_create()
    event = Event.objects.get(title_ru__startswith="Планирование совместных действий")
    participant_create(
        event=event,
        actor=event.created_by,
        full_name="Үмүтай Төлөгөнова",
        sex="female",
        position_category="specialist",
        position="Бухгалтер айыл окмоту",
        municipality=Municipality.objects.get(slug="bulolu"),
        contact=CONTACT,
    )
    participant_create(
        event=event,
        actor=event.created_by,
        full_name="Эркинбай Садыров",
        sex="male",
        position_category="specialist",
        municipality=Municipality.objects.get(slug="chon-alai"),
        contact=EMAIL_CONTACT,
    )


def public_urls() -> list[str]:
    urls = [reverse("home"), reverse("trainings:public_list")]
    urls += [reverse("trainings:public_list") + f"?kind={kind}" for kind in EventKind.values]
    urls += [
        reverse("trainings:public_list") + f"?oblast={pk}"
        for pk in [0, *Oblast.objects.values_list("pk", flat=True)]
    ]
    urls += [
        reverse("trainings:public_event", args=[pk])
        for pk in Event.objects.values_list("pk", flat=True)
    ]
    urls += [m.get_absolute_url() for m in Municipality.objects.all()]
    return urls


def test_no_public_page_names_a_participant(demo):
    people = set(Participant.objects.values_list("full_name", flat=True))
    positions = set(Participant.objects.exclude(position="").values_list("position", flat=True))
    assert len(people) > 100
    client = Client()
    seen = 0
    for lang in ("ru", "ky"):
        for url in public_urls():
            response = client.get(url.replace("/ru/", f"/{lang}/", 1))
            assert response.status_code == 200, url
            text = re.sub(r"\s+", " ", response.content.decode())
            named = [name for name in people if name in text]
            assert named == [], f"{url} names {named}"
            assert CONTACT not in text and EMAIL_CONTACT not in text, url
            assert "Бухгалтер айыл окмоту" not in text
            seen += 1
    assert seen > 40
    assert positions


def test_the_public_pages_give_the_figures(demo):
    event = Event.objects.get(title_ru__startswith="Планирование совместных действий")
    page = Client().get(reverse("trainings:public_event", args=[event.pk])).content.decode()
    # the seed's 26 people and the two added above
    assert '<span class="figures__value">28</span> <span class="figures__label">участников' in page
    assert '<span class="figures__value">13</span> <span class="figures__label">женщин' in page
    municipality = Client().get(Municipality.objects.get(slug="bulolu").get_absolute_url())
    text = municipality.content.decode()
    assert "Планирование совместных действий" in text
    assert "8 участников" in text
