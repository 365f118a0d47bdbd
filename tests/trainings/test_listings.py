"""What the events put on the pages of `municipalities`: the menu entry, the events a
municipality's people attended on its page (figures, no names), the line of its card in
«Мои муниципалитеты», the link to its participation; and a participant's account is
deactivated, not deleted."""

import re
from datetime import date

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from municipalities.models import User
from tests.conftest import client_for
from trainings.models import EventKind, PositionCategory
from trainings.services.events import event_create
from trainings.services.participants import participant_create

from .conftest import add

pytestmark = pytest.mark.django_db


def test_the_menu_leads_everyone_to_the_events(staff, aibek):
    public, work = reverse("trainings:public_list"), reverse("trainings:list")
    home = Client().get(reverse("home")).content.decode()
    assert f'href="{public}"' in home and f'href="{work}"' not in home
    page = client_for(aibek).get(reverse("home")).content.decode()
    assert f'href="{public}"' in page
    page = client_for(staff).get(reverse("home")).content.decode()
    assert f'href="{work}"' in page and f'href="{public}"' not in page


def test_a_municipality_s_page_lists_the_events_its_people_attended(
    training, staff, osh, kok_zhar, bulolu
):
    add(training, staff, "Айгуль Токтогулова")
    add(training, staff, "Бакыт Осмонов", sex="male")
    add(training, staff, "Канышай Абдылдаева", municipality=bulolu)
    coming = event_create(
        actor=staff,
        kind=EventKind.TRAINING,
        oblast=osh,
        start_date=date(2099, 5, 1),
        end_date=date(2099, 5, 1),
        municipality=kok_zhar,
        title_ru="Будущий тренинг",
    )
    add(coming, staff, "Айгуль Токтогулова")
    page = Client().get(kok_zhar.get_absolute_url()).content.decode()
    assert "Люди муниципалитета участвовали в 1 мероприятии." in page
    assert reverse("trainings:public_event", args=[training.pk]) in page
    # (the noun's form for 2 comes from the Russian catalog)
    assert re.search(r"; 2 участник\w* \(женщин — 1, мужчин — 1\)", page)
    assert "Будущий тренинг" not in page and "Айгуль" not in page
    # its participation page is for its members only
    assert reverse("trainings:participation", args=[kok_zhar.slug]) not in page


def test_members_get_a_link_to_their_participation_on_their_card(training, staff, aibek, kok_zhar):
    add(training, staff, "Айгуль Токтогулова")
    participant_create(
        event=training,
        actor=staff,
        user=aibek,
        position_category=PositionCategory.DEPUTY_HEAD,
        municipality=kok_zhar,
    )
    link = reverse("trainings:participation", args=[kok_zhar.slug])
    assert link in client_for(aibek).get(kok_zhar.get_absolute_url()).content.decode()
    card = client_for(aibek).get(reverse("my_municipalities")).content.decode()
    assert f'<a href="{link}">Участие в мероприятиях</a>' in card
    page = client_for(aibek).get(link).content.decode()
    assert "Айгуль Токтогулова" in page and "2 / 2" in page


def test_a_participant_s_account_is_not_deleted(training, staff, aibek, kok_zhar):
    participant_create(
        event=training,
        actor=staff,
        user=aibek,
        position_category=PositionCategory.DEPUTY_HEAD,
        municipality=kok_zhar,
    )
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        aibek.delete()
    assert "мероприятие «Разработка Программы" in str(refused.value)
    assert User.objects.filter(pk=aibek.pk).exists()


def test_the_reviewer_who_keeps_events_is_not_deleted_either(training, staff):
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        staff.delete()
    assert "(11.04.2019)" in str(refused.value)
