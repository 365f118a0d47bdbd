"""Every URL of the events, from both sides: who may open it (or post to it) and who may not.
Staff keep the events of their oblasts (a reviewer of Osh: Кок-Жар's training), follow the
national ones and keep nothing else; members of a municipality see its participation only;
anyone reads the public pages of past events."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents.kinds import kinds
from documents.services import document_render
from tests.conftest import client_for
from trainings.documents import KIND
from trainings.models import AgendaItem, Event, EventKind, EventMaterial, Participant
from trainings.services.agenda import agenda_item_create
from trainings.services.events import event_create
from trainings.services.materials import material_add

from .conftest import add
from .test_materials import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(training, staff):
    """One of each thing an event has, so that every URL has something to show."""
    participant = add(training, staff, "Айгуль Токтогулова")
    item = agenda_item_create(event=training, actor=staff, day=date(2019, 4, 11), action_ru="Итоги")
    material = material_add(event=training, actor=staff, file=SimpleUploadedFile("a.pdf", PDF))
    from documents.services import document_request

    document = document_request(kind=kinds[KIND], obj=training, language="ru", actor=staff)
    return {
        "participant": participant.pk,
        "item": item.pk,
        "material": material.pk,
        "document": document.pk,
    }


# (url name, its arguments beyond the event, what it needs): VIEW pages are opened by those who
# keep or follow the event, EDIT pages by those who keep it
EVENT_PAGES = [
    ("trainings:detail", [], "view"),
    ("trainings:agenda", [], "view"),
    ("trainings:participants", [], "view"),
    ("trainings:participants_template", [], "view"),
    ("trainings:materials", [], "view"),
    ("trainings:material", ["material"], "view"),
    ("trainings:sheet", [], "view"),
    ("trainings:edit", [], "edit"),
    ("trainings:agenda_item", ["item"], "edit"),
    ("trainings:participant_add", [], "edit"),
    ("trainings:participants_import", [], "edit"),
    ("trainings:participant", ["participant"], "edit"),
]
# posts that change something: (url name, arguments, data)
EVENT_POSTS = [
    ("trainings:delete", [], {}),
    ("trainings:agenda", [], {"day": "2019-04-11", "action_ru": "Открытие"}),
    ("trainings:agenda_item_delete", ["item"], {}),
    ("trainings:participants", [], {"shown": [], "present": []}),
    ("trainings:participant_delete", ["participant"], {}),
    ("trainings:material_delete", ["material"], {}),
    ("trainings:sheet_request", [], {"language": "ky"}),
    ("trainings:sheet_retry", ["document"], {}),
]


def _url(name, event, args, things):
    return reverse(name, args=[event.pk, *(things[a] for a in args)])


@pytest.mark.parametrize(("name", "args", "need"), EVENT_PAGES)
def test_event_pages_from_both_sides(
    name, args, need, training, things, staff, naryn_staff, aibek, admin_user
):
    url = _url(name, training, args, things)
    assert client_for(staff).get(url).status_code == 200
    assert client_for(admin_user).get(url).status_code == 200
    assert client_for(naryn_staff).get(url).status_code == 403
    assert client_for(aibek).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url


@pytest.mark.parametrize(("name", "args", "need"), EVENT_PAGES)
def test_reviewers_follow_a_national_event_and_only_administrators_keep_it(
    name, args, need, national_event, staff, admin_user
):
    participant = add(
        national_event, admin_user, "Эксперт", organisation="Эксперты", organisation_type="expert"
    )
    item = agenda_item_create(
        event=national_event, actor=admin_user, day=national_event.start_date, action_ru="Итоги"
    )
    material = material_add(
        event=national_event, actor=admin_user, file=SimpleUploadedFile("a.pdf", PDF)
    )
    objects = {"participant": participant.pk, "item": item.pk, "material": material.pk}
    url = _url(name, national_event, args, objects)
    assert client_for(staff).get(url).status_code == (200 if need == "view" else 403)
    assert client_for(admin_user).get(url).status_code == 200


@pytest.mark.parametrize(("name", "args", "data"), EVENT_POSTS)
def test_posts_are_refused_to_those_who_do_not_keep_the_event(
    name, args, data, training, things, naryn_staff, aibek
):
    url = _url(name, training, args, things)
    before = (
        Event.objects.count(),
        Participant.objects.count(),
        AgendaItem.objects.count(),
        EventMaterial.objects.count(),
    )
    for person in (naryn_staff, aibek):
        assert client_for(person).post(url, data).status_code == 403
    assert Client().post(url, data).status_code == 302
    assert (
        Event.objects.count(),
        Participant.objects.count(),
        AgendaItem.objects.count(),
        EventMaterial.objects.count(),
    ) == before


@pytest.mark.parametrize(("name", "args", "data"), EVENT_POSTS)
def test_posts_of_those_who_keep_the_event(name, args, data, training, things, staff):
    response = client_for(staff).post(_url(name, training, args, things), data)
    # deleting an event with participants is refused with a message, the rest is done
    assert response.status_code == 302, response.content.decode()[:500]


def test_sheet_status_and_download_from_both_sides(training, things, staff, naryn_staff):
    document_render(things["document"])
    status = reverse("trainings:sheet_status", args=[training.pk, things["document"]])
    download = reverse("trainings:sheet_download", args=[training.pk, things["document"]])
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert client_for(staff).get(status, **htmx).status_code == 286
    assert client_for(naryn_staff).get(status, **htmx).status_code == 403
    response = client_for(staff).get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client_for(naryn_staff).get(download).status_code == 403
    assert Client().get(download).status_code == 302


def test_another_event_s_things_are_not_found_through_this_one(
    training, things, staff, osh, kok_zhar
):
    other = event_create(
        actor=staff,
        kind=EventKind.TRAINING,
        oblast=osh,
        start_date=date(2019, 5, 1),
        end_date=date(2019, 5, 1),
        municipality=kok_zhar,
        title_ru="Другой тренинг",
    )
    for name, args in [
        ("trainings:participant", ["participant"]),
        ("trainings:agenda_item", ["item"]),
        ("trainings:material", ["material"]),
        ("trainings:sheet_download", ["document"]),
    ]:
        assert client_for(staff).get(_url(name, other, args, things)).status_code == 404


@pytest.mark.parametrize("name", ["trainings:list", "trainings:new", "trainings:statistics"])
def test_staff_pages_from_both_sides(name, staff, naryn_staff, admin_user, aibek, shirin):
    url = reverse(name)
    for person in (staff, naryn_staff, admin_user):
        assert client_for(person).get(url).status_code == 200
    for person in (aibek, shirin):
        assert client_for(person).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_the_export_from_both_sides(staff, aibek):
    url = reverse("trainings:statistics_export")
    assert client_for(staff).get(url).status_code == 200
    assert client_for(aibek).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_a_reviewer_creates_only_in_their_oblast(staff, osh, naryn, kok_zhar):
    url = reverse("trainings:new")
    data = {
        "kind": "training",
        "title_ru": "Тренинг",
        "start_date": "2019-04-11",
        "end_date": "2019-04-11",
        "municipality": kok_zhar.pk,
    }
    assert client_for(staff).post(url, {**data, "oblast": naryn.pk}).status_code == 400
    assert client_for(staff).post(url, {**data, "oblast": ""}).status_code == 400
    assert not Event.objects.exists()
    response = client_for(staff).post(url, {**data, "oblast": osh.pk})
    assert response.status_code == 302
    assert Event.objects.get().oblast == osh


def test_an_administrator_creates_a_national_event(admin_user):
    response = client_for(admin_user).post(
        reverse("trainings:new"),
        {
            "kind": "conference",
            "oblast": "",
            "title_ru": "Видение-2030",
            "start_date": "2016-06-10",
            "end_date": "2016-06-10",
            "address_ru": "г. Бишкек",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get().is_national


def test_a_municipality_s_participation_from_both_sides(
    training, things, kok_zhar, ak_tal, aibek, nurlan, staff, naryn_staff
):
    url = reverse("trainings:participation", args=[kok_zhar.slug])
    page = client_for(aibek).get(url)
    assert page.status_code == 200 and "Айгуль Токтогулова" in page.content.decode()
    assert client_for(staff).get(url).status_code == 200  # a reviewer of Osh
    assert client_for(nurlan).get(url).status_code == 403  # a member of Ак-Тал
    assert client_for(naryn_staff).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert (
        client_for(aibek).get(reverse("trainings:participation", args=[ak_tal.slug])).status_code
        == 403
    )


def test_public_pages_from_both_sides(training, things, staff, osh, kok_zhar):
    anonymous = Client()
    assert anonymous.get(reverse("trainings:public_list")).status_code == 200
    assert anonymous.get(reverse("trainings:public_event", args=[training.pk])).status_code == 200
    coming = event_create(
        actor=staff,
        kind=EventKind.TRAINING,
        oblast=osh,
        start_date=date(2099, 5, 1),
        end_date=date(2099, 5, 2),
        municipality=kok_zhar,
        title_ru="Будущий тренинг",
    )
    # an event that is not over is not public yet, even to those who keep it
    assert anonymous.get(reverse("trainings:public_event", args=[coming.pk])).status_code == 404
    assert (
        client_for(staff).get(reverse("trainings:public_event", args=[coming.pk])).status_code
        == 404
    )
    assert "Будущий тренинг" not in anonymous.get(reverse("trainings:public_list")).content.decode()
