"""The public page of a programme (no login) and the public listing of programmes: what a
citizen reads in Russian and Kyrgyz, what stays hidden (drafts, contacts, unmoderated
proposals), the council decision and documents of an approved version, the minutes download,
and query counts that do not grow with the plan."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Document
from planning.models import (
    PUBLIC_STATUSES,
    CitizenProposal,
    CouncilDecision,
    ProgrammeStatus,
    ProposalStatus,
    PublicHearing,
    Village,
    WorkingGroupMember,
)
from tests.conftest import client_for
from tests.factories import MunicipalityFactory, ProgrammeFactory, fill

S = ProgrammeStatus
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def set_status(programme, status):
    """The status, set around the life-cycle's checks; saved (not `update()`d) as the life-cycle
    saves it, so that the public pages kept in the cache follow."""
    programme.status = status
    programme.save(update_fields=["status"])
    programme.refresh_from_db()
    return programme


def public_url(programme, lang="ru", **query):
    with translation.override(lang):
        url = reverse("planning:public", kwargs={"pk": programme.pk})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def add_proposal(programme, text="Провести воду в верхнюю часть села", **fields):
    values = {
        "programme": programme,
        "text": text,
        "client_hash": "0" * 64,
        "status": ProposalStatus.PUBLISHED,
    }
    values.update(fields)
    return CitizenProposal.objects.create(**values)


def add_hearing(programme, **fields):
    values = {
        "programme": programme,
        "date": date(2019, 5, 14),
        "place_ru": "Дом культуры села Кок-Жар",
        "place_ky": "Көк-Жар айылынын маданият үйү",
        "women": 41,
        "men": 37,
        "minutes_ru": "Слушали: проект ПСЭР.",
        "decisions_ru": "Одобрить проект с учётом предложений.",
    }
    values.update(fields)
    return PublicHearing.objects.create(**values)


@pytest.fixture
def consulting(programme, gulnara):
    """Кок-Жар's complete programme, published for the public consultation, with two villages
    and two members of the working group (one linked to a portal user with an e-mail)."""
    fill(programme)
    Village.objects.create(passport=programme.passport, name_ru="Кок-Жар", name_ky="Көк-Жар")
    Village.objects.create(passport=programme.passport, name_ru="Жийде", name_ky="Жийде")
    wg = programme.working_group
    WorkingGroupMember.objects.create(
        working_group=wg,
        full_name="Айбек Осмонов",
        wg_role=WorkingGroupMember.WgRole.CHAIR,
        organisation=WorkingGroupMember.Organisation.OMSU,
        sex="male",
        job_title_ru="заместитель главы",
        job_title_ky="башчынын орун басары",
    )
    WorkingGroupMember.objects.create(
        working_group=wg,
        full_name="Гульнара Абдыкадырова",
        wg_role=WorkingGroupMember.WgRole.MEMBER,
        organisation=WorkingGroupMember.Organisation.OMSU,
        sex="female",
        user=gulnara,
    )
    return set_status(programme, S.PUBLIC_CONSULTATION)


# ------------------------------------------------------------------ who may see what


@pytest.mark.django_db
@pytest.mark.parametrize("status", PUBLIC_STATUSES)
def test_public_statuses_are_readable_without_login(client, consulting, status):
    set_status(consulting, status)
    response = client.get(public_url(consulting))
    assert response.status_code == 200
    assert "Программа социально-экономического развития на 2020–2024 годы" in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW])
@pytest.mark.parametrize("persona", ["anonymous", "nurlan", "aibek"])
def test_a_programme_that_is_not_public_is_a_404_for_everyone(
    request, client, programme, status, persona
):
    fill(programme)
    set_status(programme, status)
    visitor = client if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    response = visitor.get(public_url(programme))
    assert response.status_code == 404
    assert "Водоснабжение" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_programme_is_a_404(client):
    assert client.get(reverse("planning:public", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.django_db
def test_a_post_to_a_draft_is_a_404_and_stores_nothing(client, programme):
    response = client.post(public_url(programme), {"text": "Предложение к черновику"})
    assert response.status_code == 404
    assert not CitizenProposal.objects.exists()


# ------------------------------------------------------------------ what the page shows


@pytest.mark.django_db
def test_the_page_shows_the_programme_in_russian(client, consulting):
    body = client.get(public_url(consulting)).content.decode()
    assert '<html lang="ru">' in body
    for text in [
        "Программа социально-экономического развития на 2020–2024 годы",
        "Кок-Жарский айылный аймак",
        "Ноокатский район",
        "Ошская область",
        "2020–2024",
        "обсуждение с населением",
        "Видение",
        "Общая цель",
        "Направление 1. Водоснабжение",
        "Цель 1.1. Чистая вода",
        "Задача 1.1.1. Построить водопровод",
        "1.1.1.1",
        "Прокладка труб",
        "04.2021–10.2021",
        "Айыл окмоту",
        "Доля домохозяйств с водой",
        "40 (2019)",
        "Итоги по годам",
        "Айбек Осмонов",
        "заместитель главы",
        "Гульнара Абдыкадырова",
    ]:
        assert text in body, text
    # the cost of the activity and the totals
    assert "100,0" in body
    # contacts of the working group are never shown
    assert "gulnara@psep.example" not in body


@pytest.mark.django_db
def test_the_page_in_kyrgyz_marks_texts_missing_in_kyrgyz(client, consulting):
    consulting.vision_ky = ""
    consulting.save()
    body = client.get(public_url(consulting, "ky")).content.decode()
    assert '<html lang="ky">' in body
    assert "2020–2024-жылдарга социалдык-экономикалык өнүгүү программасы" in body
    assert "Көк-Жар айылдык аймагы" in body
    assert "Суу менен камсыздоо" in body
    assert "Түтүк төшөө" in body
    assert "башчынын орун басары" in body
    # the Russian vision is shown, marked as missing in Kyrgyz
    assert '<span lang="ru">Видение</span> <span class="missing-translation">' in body


@pytest.mark.django_db
def test_the_form_is_there_only_during_the_consultation(client, consulting):
    assert 'id="proposal-form"' in client.get(public_url(consulting)).content.decode()
    set_status(consulting, S.APPROVED)
    assert 'id="proposal-form"' not in client.get(public_url(consulting)).content.decode()


@pytest.mark.django_db
def test_only_published_proposals_are_shown_with_their_answers(client, consulting):
    add_proposal(
        consulting,
        "Отремонтировать мост через арык",
        author_name="Бакыт",
        village=consulting.passport.villages.first(),
        contact="+996 555 123 456",
        decision="partly",
        answer_ru="Мост включён в план на 2022 год, арык — нет.",
        answer_ky="Көпүрө 2022-жылдын планына киргизилди.",
    )
    add_proposal(consulting, "Новое предложение ждёт модерации", status=ProposalStatus.NEW)
    add_proposal(consulting, "Купите дешёвые часы", status=ProposalStatus.HIDDEN)
    body = client.get(public_url(consulting)).content.decode()
    assert "Отремонтировать мост через арык" in body
    assert "Бакыт" in body
    assert "принято частично" in body
    assert "Мост включён в план на 2022 год, арык — нет." in body
    assert "Новое предложение ждёт модерации" not in body
    assert "Купите дешёвые часы" not in body
    assert "+996 555 123 456" not in body  # the contact is for the working group only
    ky = client.get(public_url(consulting, "ky")).content.decode()
    assert "Көпүрө 2022-жылдын планына киргизилди." in ky


@pytest.mark.django_db
def test_an_answer_missing_in_the_page_language_shows_the_other_marked(client, consulting):
    add_proposal(consulting, decision="not_accepted", answer_ru="Нет средств в бюджете.")
    ky = client.get(public_url(consulting, "ky")).content.decode()
    assert '<span lang="ru">Нет средств в бюджете.</span> <span class="missing-translation">' in ky


@pytest.mark.django_db
def test_proposals_are_paginated(client, consulting):
    for n in range(25):
        add_proposal(consulting, f"Предложение номер {n:02d} о дорогах")
    first = client.get(public_url(consulting)).content.decode()
    assert "Предложение номер 00 о дорогах" in first
    assert "Предложение номер 24 о дорогах" not in first
    assert "?page=2#proposals" in first
    second = client.get(public_url(consulting, page=2)).content.decode()
    assert "Предложение номер 24 о дорогах" in second
    assert "Предложение номер 00 о дорогах" not in second


@pytest.mark.django_db
def test_user_text_is_escaped(client, consulting):
    add_proposal(
        consulting,
        "<script>alert(1)</script> и <b>жирный</b>",
        author_name="<img src=x onerror=alert(2)>",
        decision="accepted",
        answer_ru="<script>alert(3)</script>",
    )
    body = client.get(public_url(consulting)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in body


@pytest.mark.django_db
def test_hearings_are_shown_with_participants_and_minutes(client, consulting):
    hearing = add_hearing(
        consulting,
        minutes_file=SimpleUploadedFile("protokol.pdf", PDF, content_type="application/pdf"),
    )
    body = client.get(public_url(consulting)).content.decode()
    assert "14.05.2019" in body
    assert "Дом культуры села Кок-Жар" in body
    assert "Участников: 78 (женщин — 41, мужчин — 37)." in body
    assert "Одобрить проект с учётом предложений." in body
    assert "Слушали: проект ПСЭР." in body
    minutes_url = reverse(
        "planning:public_minutes", kwargs={"pk": consulting.pk, "hearing_pk": hearing.pk}
    )
    assert f'href="{minutes_url}"' in body


@pytest.mark.django_db
def test_the_minutes_file_is_public_only_for_a_public_programme(client, consulting, nurlan):
    hearing = add_hearing(
        consulting,
        minutes_file=SimpleUploadedFile("protokol.pdf", PDF, content_type="application/pdf"),
    )
    url = reverse("planning:public_minutes", kwargs={"pk": consulting.pk, "hearing_pk": hearing.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    set_status(consulting, S.DRAFT)
    assert client.get(url).status_code == 404
    assert client_for(nurlan).get(url).status_code == 404


@pytest.mark.django_db
def test_the_minutes_of_another_programme_or_without_file_are_404(
    client, consulting, ak_tal_programme
):
    set_status(ak_tal_programme, S.PUBLIC_CONSULTATION)
    other = add_hearing(
        ak_tal_programme,
        minutes_file=SimpleUploadedFile("protokol.pdf", PDF, content_type="application/pdf"),
    )
    without_file = add_hearing(consulting)
    for hearing in (other, without_file):
        url = reverse(
            "planning:public_minutes", kwargs={"pk": consulting.pk, "hearing_pk": hearing.pk}
        )
        assert client.get(url).status_code == 404


# ------------------------------------------------------------------ approved versions


def approve(programme, user):
    CouncilDecision.objects.create(
        programme=programme,
        number="12",
        date=date(2019, 5, 28),
        session="XII сессия айылного кенеша VI созыва",
        recorded_by=user,
    )
    return set_status(programme, S.APPROVED)


def done_document(programme, language, **fields):
    values = {
        "kind": "programme",
        "object_id": programme.pk,
        "language": language,
        "status": "done",
        "file": f"documents/2019/psep-{language}.pdf",
        "size": 20480,
        "pages": 12,
        "sha256": "a" * 64,
        "content_hash": "b" * 64,
    }
    values.update(fields)
    return Document.objects.create(**values)


@pytest.mark.django_db
def test_an_approved_version_shows_the_decision_and_its_documents(client, consulting, kenesh):
    done_document(consulting, "ky", started_at=timezone.now())  # made before the approval
    approve(consulting, kenesh)
    later = timezone.now() + timedelta(seconds=1)
    done_document(consulting, "ru", started_at=later)
    newest = done_document(consulting, "ru+ky", started_at=later)
    Document.objects.create(
        kind="programme",
        object_id=consulting.pk,
        language="ky",
        status="failed",
        error="нет шрифта",
        content_hash="c",
    )
    body = client.get(public_url(consulting)).content.decode()
    assert "№ 12 от 28.05.2019" in body
    assert "XII сессия айылного кенеша VI созыва" in body
    assert "На русском языке" in body
    assert "На русском и кыргызском" in body
    # neither the failed one nor the one made before the approval (it has no decision in it)
    assert "На кыргызском языке" not in body
    assert "12 страниц" in body
    download = reverse(
        "planning:public_document", kwargs={"pk": consulting.pk, "document_pk": newest.pk}
    )
    assert f'href="{download}"' in body


@pytest.mark.django_db
def test_the_consultation_page_lists_no_decision_or_documents(client, consulting):
    done_document(consulting, "ru")
    body = client.get(public_url(consulting)).content.decode()
    assert "Решение кенеша" not in body
    assert "На русском языке" not in body


@pytest.mark.django_db
def test_a_superseded_version_links_to_the_newer_one(client, consulting, kenesh):
    approve(consulting, kenesh)
    set_status(consulting, S.SUPERSEDED)
    newer = ProgrammeFactory(
        municipality=consulting.municipality, version=2, previous_version=consulting
    )
    body = client.get(public_url(consulting)).content.decode()
    assert "Эта версия программы заменена новой версией." in body
    assert public_url(newer) not in body  # the new version is still a draft
    set_status(newer, S.APPROVED)
    assert public_url(newer) in client.get(public_url(consulting)).content.decode()


# ------------------------------------------------------------------ query counts


def grow(programme, n):
    """Add `n` activities with costs to the programme's objective, and as many published
    proposals and hearings."""
    objective = programme.activities.first().objective
    for i in range(n):
        added = programme.activities.create(
            objective=objective, title_ru=f"Мероприятие {i}", title_ky=f"Иш-чара {i}"
        )
        added.costs.create(year=2022, source="donor", amount=Decimal(i))
        add_proposal(programme, f"Предложение {i} о дорогах", decision="accepted")
        add_hearing(programme)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_plan(client, consulting, django_assert_max_num_queries):
    grow(consulting, 9)  # 10 activities
    with CaptureQueriesContext(connection) as small:
        assert client.get(public_url(consulting)).status_code == 200
    grow(consulting, 290)  # 300 activities
    with django_assert_max_num_queries(len(small)):
        response = client.get(public_url(consulting))
    assert "Мероприятие 289" in response.content.decode()


@pytest.mark.django_db
def test_query_count_is_the_same_for_an_approved_version(
    client, consulting, kenesh, django_assert_max_num_queries
):
    approve(consulting, kenesh)
    later = timezone.now() + timedelta(seconds=1)
    done_document(consulting, "ru", started_at=later)
    with CaptureQueriesContext(connection) as small:
        client.get(public_url(consulting))
    done_document(consulting, "ky", started_at=later)
    done_document(consulting, "ru", sha256="d" * 64, started_at=later)
    with django_assert_max_num_queries(len(small)):
        client.get(public_url(consulting))


# ------------------------------------------------------------------ the public listing


@pytest.mark.django_db
def test_home_links_public_programmes_and_not_drafts(client, consulting, ak_tal_programme):
    body = client.get(reverse("home")).content.decode()
    assert f'href="{public_url(consulting)}"' in body
    assert "Программа социально-экономического развития на 2020–2024 годы" in body
    assert public_url(ak_tal_programme) not in body
    assert "ПСЭР Ак-Тал 2020–2022" not in body  # a draft's title is not public
    assert 'class="status status--draft"' in body


@pytest.mark.django_db
def test_home_shows_only_approved_programmes_when_asked(
    client, consulting, kenesh, ak_tal_programme
):
    approve(consulting, kenesh)
    body = client.get(reverse("home") + "?approved=1").content.decode()
    assert f'href="{public_url(consulting)}"' in body
    assert "Кок-Жарский айылный аймак" in body
    assert "Ак-Талский айылный аймак" not in body
    assert 'aria-current="page">только утверждённые программы' in body
    everything = client.get(reverse("home")).content.decode()
    assert "Ак-Талский айылный аймак" in everything


@pytest.mark.django_db
def test_home_lists_an_approved_version_and_the_new_draft(client, consulting, kenesh):
    approve(consulting, kenesh)
    newer = ProgrammeFactory(
        municipality=consulting.municipality, version=2, previous_version=consulting
    )
    body = client.get(reverse("home")).content.decode()
    assert f'href="{public_url(consulting)}"' in body
    assert "версия 2" in body
    assert public_url(newer) not in body
    approved_only = client.get(reverse("home") + "?approved=1").content.decode()
    assert "версия 2" not in approved_only


@pytest.mark.django_db
def test_home_query_count_is_the_same_when_filtered(client, django_assert_max_num_queries):
    url = reverse("home") + "?approved=1"
    ProgrammeFactory(municipality=MunicipalityFactory(), status=S.APPROVED)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(20):
        ProgrammeFactory(municipality=MunicipalityFactory(), status=S.APPROVED)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.content.decode().count('class="status status--approved"') == 21


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "nurlan", "aibek"])
def test_municipality_page_links_the_public_page(request, client, consulting, persona):
    visitor = client if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    body = visitor.get(reverse("municipality_detail", kwargs={"slug": "kok-zhar"})).content
    assert f'href="{public_url(consulting)}'.encode() in body
    assert f'href="{public_url(consulting)}#proposal-form"'.encode() in body


@pytest.mark.django_db
def test_while_the_council_decides_residents_still_read_it_but_cannot_propose(client, programme):
    fill(programme)
    set_status(programme, S.SUBMITTED_TO_COUNCIL)
    page = client.get(reverse("planning:public", args=[programme.pk]))
    assert page.status_code == 200
    assert 'id="proposal-form"' not in page.content.decode()
    response = client.post(
        reverse("planning:public", args=[programme.pk]),
        {"text": "Предложение после окончания обсуждения", "section": "general"},
    )
    assert response.status_code in (302, 400, 403, 409)
    assert not programme.proposals.exists()
