"""The agreement with the population: a citizen's proposal on the public page (in the Kyrgyz
UI, with its abuse protection: trap field, rate limit per address, length limits, escaping),
the chair's moderation and answers, the public hearings — each allowed for the chair and
refused for every other persona, refused outside the consultation and on a frozen version —
and the chair's page."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from planning.models import (
    CitizenProposal,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    PublicHearing,
    Village,
)
from planning.models.consultation import PROPOSAL_MAX_CHARS
from planning.permissions import ProgrammeFrozen
from planning.selectors.consultation import consultation_summary
from planning.services import consultation as service
from planning.services import lifecycle
from tests.conftest import client_for
from tests.factories import fill

S = ProgrammeStatus
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX = b"PK\x03\x04" + b"\x00" * 64
PERSONAS = ["aibek", "gulnara", "kenesh", "shirin", "staff", "nurlan", "anonymous"]
REFUSED = [p for p in PERSONAS if p != "aibek"]
VIEWERS = ["aibek", "gulnara", "kenesh", "shirin", "staff"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def set_status(programme, status):
    Programme.objects.filter(pk=programme.pk).update(status=status)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def consulting(programme):
    """Кок-Жар's complete programme in public consultation, with two villages."""
    fill(programme)
    Village.objects.create(passport=programme.passport, name_ru="Кок-Жар", name_ky="Көк-Жар")
    Village.objects.create(passport=programme.passport, name_ru="Жийде", name_ky="Жийде")
    return set_status(programme, S.PUBLIC_CONSULTATION)


def public_url(programme, lang="ru"):
    with translation.override(lang):
        return reverse("planning:public", kwargs={"pk": programme.pk})


def chair_url(name, programme, lang="ru", **kwargs):
    with translation.override(lang):
        return reverse(f"planning:{name}", kwargs={"pk": programme.pk, **kwargs})


def visitor(request, client, persona):
    return client if persona == "anonymous" else client_for(request.getfixturevalue(persona))


def actor_of(request, persona):
    return None if persona == "anonymous" else request.getfixturevalue(persona)


def proposal_data(**overrides):
    data = {
        "author_name": "Бакыт Жумабаев",
        "village": "",
        "contact": "+996 555 123 456",
        "section": "plan",
        "text": "Жогорку көчөгө суу түтүгүн тартуу керек, балдар алыска суу ташышат.",
        "psep_trap": "",
    }
    data.update(overrides)
    return data


def new_proposal(programme, text="Провести воду в верхнюю часть села", **fields):
    values = {"programme": programme, "text": text, "client_hash": "0" * 64}
    values.update(fields)
    return CitizenProposal.objects.create(**values)


def hearing_data(**overrides):
    data = {
        "date": "2019-05-14",
        "place_ru": "Дом культуры села Кок-Жар",
        "place_ky": "Көк-Жар айылынын маданият үйү",
        "women": "41",
        "men": "37",
        "minutes_ru": "Слушали: проект ПСЭР на 2020–2024 годы.",
        "minutes_ky": "",
        "decisions_ru": "Одобрить проект с учётом предложений жителей.",
        "decisions_ky": "Долбоорду жактыруу.",
    }
    data.update(overrides)
    return data


def new_hearing(programme, **fields):
    values = {
        "programme": programme,
        "date": date(2019, 5, 14),
        "place_ru": "Дом культуры",
        "place_ky": "Маданият үйү",
        "women": 41,
        "men": 37,
        "minutes_ru": "Слушали: проект ПСЭР.",
    }
    values.update(fields)
    return PublicHearing.objects.create(**values)


# ================================================================= a citizen's proposal


@pytest.mark.django_db
def test_a_citizen_sends_a_proposal_in_the_kyrgyz_ui(client, consulting):
    village = consulting.passport.villages.get(name_ru="Жийде")
    page = client.get(public_url(consulting, "ky"))
    body = page.content.decode()
    assert '<html lang="ky">' in body
    assert 'id="proposal-form"' in body
    assert "Жийде" in body and "Көк-Жар" in body  # the villages of the passport
    response = client.post(
        public_url(consulting, "ky"),
        proposal_data(village=str(village.pk)),
        REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 302
    # the page opens at the thanks, by the form that was sent
    assert response.url == public_url(consulting, "ky") + "#proposal-sent"
    proposal = CitizenProposal.objects.get()
    assert proposal.status == ProposalStatus.NEW
    assert proposal.language == "ky"
    assert proposal.village == village
    assert proposal.section == "plan"
    assert proposal.contact == "+996 555 123 456"
    assert proposal.text.startswith("Жогорку көчөгө")
    expected = salted_hmac(service.ADDRESS_KEY_SALT, "10.20.30.40", algorithm="sha256")
    assert proposal.client_hash == expected.hexdigest()
    assert "10.20.30.40" not in str(CitizenProposal.objects.values().get())
    # thanked, and told it appears after moderation; not shown yet
    after = client.get(response.url).content.decode()
    assert "Рахмат! Сунушуңуз алынды." in after
    assert "жумушчу топ текшергенден кийин" in after
    assert "Жогорку көчөгө" not in after


@pytest.mark.django_db
def test_only_the_text_is_required(client, consulting):
    response = client.post(
        public_url(consulting),
        {"text": "Отремонтировать дорогу к школе", "section": "general"},
    )
    assert response.status_code == 302
    proposal = CitizenProposal.objects.get()
    assert (proposal.author_name, proposal.village, proposal.contact) == ("", None, "")
    assert proposal.language == "ru"


@pytest.mark.django_db
def test_another_village_is_stored_without_a_village(client, consulting):
    client.post(public_url(consulting), proposal_data(village="other"))
    assert CitizenProposal.objects.get().village is None


@pytest.mark.django_db
def test_a_village_of_another_programme_is_refused(client, consulting, ak_tal_programme):
    alien = Village.objects.create(passport=ak_tal_programme.passport, name_ru="Ак-Тал")
    response = client.post(public_url(consulting), proposal_data(village=str(alien.pk)))
    assert response.status_code == 400
    assert "Выберите село из списка." in response.content.decode()
    assert not CitizenProposal.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_village_of_another_programme(consulting, ak_tal_programme):
    alien = Village.objects.create(passport=ak_tal_programme.passport, name_ru="Ак-Тал")
    with pytest.raises(ValidationError) as error:
        service.proposal_submit(
            programme=consulting,
            text="Предложение про воду",
            client="x" * 64,
            language="ru",
            village=alien,
        )
    assert "village" in error.value.error_dict


@pytest.mark.django_db
def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_stored(client, consulting):
    page = client.get(public_url(consulting)).content.decode()
    # the trap is hidden from people: off screen, from screen readers and from the tab order
    assert '<div class="hp-field" aria-hidden="true">' in page
    assert 'name="psep_trap"' in page and 'tabindex="-1"' in page
    response = client.post(public_url(consulting), proposal_data(psep_trap="http://spam.example"))
    assert response.status_code == 302
    assert response.url == public_url(consulting) + "#proposal-sent"
    assert "Спасибо! Ваше предложение получено." in client.get(response.url).content.decode()
    assert not CitizenProposal.objects.exists()


@pytest.mark.django_db
def test_the_sixth_proposal_within_an_hour_is_refused_keeping_the_text(
    client, consulting, ak_tal_programme
):
    set_status(ak_tal_programme, S.PUBLIC_CONSULTATION)
    address = {"REMOTE_ADDR": "10.0.0.7"}
    for n in range(4):
        data = proposal_data(text=f"Предложение номер {n} о ремонте дорог")
        assert client.post(public_url(consulting), data, **address).status_code == 302
    # the limit counts across the portal: a proposal on another programme counts too
    data = proposal_data(text="Предложение для Ак-Тала о водопроводе")
    assert client.post(public_url(ak_tal_programme), data, **address).status_code == 302
    assert CitizenProposal.objects.count() == 5

    data = proposal_data(text="Шестое предложение: построить спортзал")
    response = client.post(public_url(consulting), data, **address)
    assert response.status_code == 429
    body = response.content.decode()
    assert "за последний час уже отправлено 5 предложений" in body
    assert "Шестое предложение: построить спортзал</textarea>" in body  # what was typed stays
    assert 'value="Бакыт Жумабаев"' in body
    assert CitizenProposal.objects.count() == 5

    # another address is not limited; an hour later the first one may send again
    assert client.post(public_url(consulting), data, REMOTE_ADDR="10.0.0.8").status_code == 302
    CitizenProposal.objects.filter(client_hash=service.client_hash("10.0.0.7")).update(
        created_at=timezone.now() - timedelta(hours=1, minutes=1)
    )
    other = proposal_data(text="Седьмое предложение: освещение улиц")
    assert client.post(public_url(consulting), other, **address).status_code == 302


def test_the_address_is_remote_addr_unless_behind_trusted_proxies(settings):
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7"}
    assert service.client_address(meta) == "10.0.0.1"  # the header is not trusted by default
    settings.TRUSTED_PROXIES = 1
    assert service.client_address(meta) == "198.51.100.7"  # what the proxy saw, not the forgery
    settings.TRUSTED_PROXIES = 2
    assert service.client_address(meta) == "6.6.6.6"
    settings.TRUSTED_PROXIES = 3  # fewer entries than proxies: not trusted
    assert service.client_address(meta) == "10.0.0.1"


@pytest.mark.django_db
def test_behind_a_proxy_each_resident_is_counted_on_their_own(client, consulting, settings):
    settings.TRUSTED_PROXIES = 1
    settings.PROPOSALS_PER_HOUR = 2

    def send(address, text):
        return client.post(
            public_url(consulting),
            proposal_data(text=text),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}",
        )

    for n in range(3):
        assert send(f"198.51.100.{n}", f"Предложение жителя {n} о воде").status_code == 302
    assert send("198.51.100.0", "Второе предложение о дорогах").status_code == 302
    response = send("198.51.100.0", "Третье предложение о школе")
    assert response.status_code == 429
    assert "уже отправлено 2 предложений" in response.content.decode()
    assert CitizenProposal.objects.count() == 4


@pytest.mark.django_db
def test_the_same_text_sent_twice_is_stored_once(client, consulting):
    for _ in range(2):
        assert client.post(public_url(consulting), proposal_data()).status_code == 302
    assert CitizenProposal.objects.count() == 1


@pytest.mark.django_db
def test_a_too_long_proposal_is_refused_with_a_clear_message(client, consulting):
    text = "а" * (PROPOSAL_MAX_CHARS + 1)
    response = client.post(public_url(consulting), proposal_data(text=text))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Предложение слишком длинное: 3001 знаков, можно не больше 3000." in body
    assert f'maxlength="{PROPOSAL_MAX_CHARS}"' in body
    assert text in body  # kept, to shorten it
    assert not CitizenProposal.objects.exists()


@pytest.mark.django_db
def test_line_breaks_count_as_one_character(client, consulting):
    text = ("а" * 99 + "\r\n") * 30  # 3000 characters as the browser counts them
    response = client.post(public_url(consulting), proposal_data(text=text))
    assert response.status_code == 302
    assert len(CitizenProposal.objects.get().text) == PROPOSAL_MAX_CHARS - 1  # trailing \n


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "Дорога"])
def test_an_empty_or_too_short_proposal_is_refused(client, consulting, text):
    response = client.post(public_url(consulting), proposal_data(text=text))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Напишите ваше предложение." in body or "не меньше 10 знаков" in body
    assert not CitizenProposal.objects.exists()


@pytest.mark.django_db
def test_too_long_name_and_contact_are_refused(client, consulting):
    response = client.post(
        public_url(consulting), proposal_data(author_name="Б" * 121, contact="1" * 121)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Имя слишком длинное" in body
    assert "Контакт слишком длинный" in body


@pytest.mark.django_db
def test_an_unknown_section_is_refused(client, consulting):
    response = client.post(public_url(consulting), proposal_data(section="budget"))
    assert response.status_code == 400
    assert "Выберите раздел программы из списка." in response.content.decode()


@pytest.mark.django_db
def test_script_in_a_proposal_is_shown_as_text(client, consulting, aibek):
    client.post(public_url(consulting), proposal_data(text="<script>alert('xss')</script> вода"))
    proposal = CitizenProposal.objects.get()
    service.proposal_publish(proposal=proposal, actor=aibek)
    for page in (
        client.get(public_url(consulting)),
        client_for(aibek).get(chair_url("consultation", consulting) + "?status=published"),
    ):
        body = page.content.decode()
        assert "<script>alert('xss')</script>" not in body
        assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; вода" in body


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.SUBMITTED_TO_COUNCIL, S.APPROVED, S.IN_IMPLEMENTATION])
def test_no_proposal_once_the_consultation_is_over(client, consulting, status):
    set_status(consulting, status)
    response = client.post(public_url(consulting), proposal_data())
    assert response.status_code in (302, 404)  # not public while in the council: 404
    assert not CitizenProposal.objects.exists()
    with pytest.raises(PermissionDenied):
        service.proposal_submit(
            programme=consulting, text="Предложение про воду", client="x" * 64, language="ru"
        )


@pytest.mark.django_db
def test_a_proposal_to_an_approved_version_says_it_is_closed(client, consulting):
    set_status(consulting, S.APPROVED)
    response = client.post(public_url(consulting), proposal_data(), follow=True)
    assert "Обсуждение этой программы закрыто" in response.content.decode()
    assert not CitizenProposal.objects.exists()


# ================================================================= moderation and answers


def moderate(action, proposal, actor):
    if action == "publish":
        return service.proposal_publish(proposal=proposal, actor=actor)
    if action == "hide":
        return service.proposal_hide(proposal=proposal, actor=actor)
    return service.proposal_answer(
        proposal=proposal, actor=actor, decision="not_accepted", answer_ru="Нет средств."
    )


def post_moderation(client, action, programme, proposal):
    if action == "answer":
        url = chair_url("proposal_answer", programme, proposal_pk=proposal.pk)
        return client.post(url, {"decision": "not_accepted", "answer_ru": "Нет средств."})
    url = chair_url(f"proposal_{action}", programme, proposal_pk=proposal.pk)
    return client.post(url, {"status": "new"})


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "hide", "answer"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_moderation_through_the_service_by_persona(request, consulting, persona, action):
    status = ProposalStatus.PUBLISHED if action == "answer" else ProposalStatus.NEW
    proposal = new_proposal(consulting, status=status)
    actor = actor_of(request, persona)
    if persona == "aibek":
        moderate(action, proposal, actor)
        proposal.refresh_from_db()
        expected = {"publish": "published", "hide": "hidden", "answer": "published"}[action]
        assert proposal.status == expected
        if action == "answer":
            assert (proposal.decision, proposal.answered_by) == ("not_accepted", actor)
        else:
            assert proposal.moderated_by == actor
        assert proposal.history.first().history_user == actor
    else:
        with pytest.raises(PermissionDenied):
            moderate(action, proposal, actor)
        proposal.refresh_from_db()
        assert proposal.status == status
        assert proposal.decision == ""


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "hide", "answer"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_moderation_through_the_pages_by_persona(request, client, consulting, persona, action):
    status = ProposalStatus.PUBLISHED if action == "answer" else ProposalStatus.NEW
    proposal = new_proposal(consulting, status=status)
    response = post_moderation(visitor(request, client, persona), action, consulting, proposal)
    proposal.refresh_from_db()
    if persona == "aibek":
        assert response.status_code == 302
        assert proposal.status != ProposalStatus.NEW or proposal.decision
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 403
    if persona != "aibek":
        assert (proposal.status, proposal.decision) == (status, "")


@pytest.mark.django_db
def test_the_chair_publishes_and_the_proposal_appears_publicly(client, consulting, aibek):
    proposal = new_proposal(consulting, "Построить спортивную площадку у школы")
    response = client_for(aibek).post(
        chair_url("proposal_publish", consulting, proposal_pk=proposal.pk), {"status": "new"}
    )
    assert response.status_code == 302
    # the page opens at the proposal, now among the published ones, to answer it
    assert response.url.endswith(f"?status=published#proposal-{proposal.pk}")
    assert (
        "Построить спортивную площадку у школы"
        in client.get(public_url(consulting)).content.decode()
    )


@pytest.mark.django_db
def test_a_hidden_proposal_may_be_published_again(consulting, aibek):
    proposal = new_proposal(consulting, status=ProposalStatus.HIDDEN)
    assert service.proposal_publish(proposal=proposal, actor=aibek).status == "published"


@pytest.mark.django_db
def test_an_answered_proposal_cannot_be_hidden(consulting, aibek):
    proposal = new_proposal(consulting, status=ProposalStatus.PUBLISHED, decision="accepted")
    with pytest.raises(ValidationError, match="уже дан ответ"):
        service.proposal_hide(proposal=proposal, actor=aibek)
    response = client_for(aibek).post(
        chair_url("proposal_hide", consulting, proposal_pk=proposal.pk), follow=True
    )
    assert "уже дан ответ" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ProposalStatus.NEW, ProposalStatus.HIDDEN])
def test_only_a_published_proposal_is_answered(consulting, aibek, status):
    proposal = new_proposal(consulting, status=status)
    with pytest.raises(ValidationError, match="только на опубликованное"):
        service.proposal_answer(proposal=proposal, actor=aibek, decision="accepted")
    response = client_for(aibek).get(
        chair_url("proposal_answer", consulting, proposal_pk=proposal.pk), follow=True
    )
    assert "только на опубликованное" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["partly", "not_accepted"])
def test_a_reason_is_required_unless_accepted(consulting, aibek, decision):
    proposal = new_proposal(consulting, status=ProposalStatus.PUBLISHED)
    url = chair_url("proposal_answer", consulting, proposal_pk=proposal.pk)
    response = client_for(aibek).post(url, {"decision": decision, "answer_ru": " "})
    assert response.status_code == 400
    assert "Объясните жителю причину" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.decision == ""
    # in Kyrgyz only is enough
    response = client_for(aibek).post(url, {"decision": decision, "answer_ky": "Каражат жок."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.answer_ky, proposal.answer_ru) == (
        decision,
        "Каражат жок.",
        "",
    )


@pytest.mark.django_db
def test_accepted_needs_no_reason_and_an_answer_can_be_changed(consulting, aibek):
    proposal = new_proposal(consulting, status=ProposalStatus.PUBLISHED)
    url = chair_url("proposal_answer", consulting, proposal_pk=proposal.pk)
    assert client_for(aibek).post(url, {"decision": "accepted"}).status_code == 302
    form = client_for(aibek).get(url).content.decode()
    assert re.search(r'value="accepted"[^>]*checked', form)
    response = client_for(aibek).post(
        url, {"decision": "partly", "answer_ru": "Частично: только освещение."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.decision == "partly"
    assert [h.decision for h in proposal.history.order_by("history_date")][-2:] == [
        "accepted",
        "partly",
    ]


@pytest.mark.django_db
def test_the_decision_is_required_and_the_answer_limited(consulting, aibek):
    proposal = new_proposal(consulting, status=ProposalStatus.PUBLISHED)
    url = chair_url("proposal_answer", consulting, proposal_pk=proposal.pk)
    response = client_for(aibek).post(url, {"answer_ru": "Ответ без решения"})
    assert response.status_code == 400
    assert "Выберите решение" in response.content.decode()
    response = client_for(aibek).post(url, {"decision": "accepted", "answer_ru": "я" * 3001})
    assert response.status_code == 400
    assert "Ответ слишком длинный: 3001 знаков" in response.content.decode()
    assert "я" * 3001 in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "hide", "answer"])
def test_moderation_is_refused_once_passed_to_the_council(consulting, aibek, action):
    status = ProposalStatus.PUBLISHED if action == "answer" else ProposalStatus.NEW
    proposal = new_proposal(consulting, status=status)
    set_status(consulting, S.SUBMITTED_TO_COUNCIL)
    with pytest.raises(service.ConsultationClosed, match="передано в кенеш"):
        moderate(action, proposal, aibek)
    response = post_moderation(client_for(aibek), action, consulting, proposal)
    assert response.status_code == 403
    assert "только пока программа на обсуждении с населением" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "hide", "answer"])
def test_moderation_is_refused_on_a_frozen_version(consulting, aibek, action):
    proposal = new_proposal(consulting, status=ProposalStatus.PUBLISHED)
    set_status(consulting, S.APPROVED)
    with pytest.raises(ProgrammeFrozen):
        moderate(action, proposal, aibek)
    response = post_moderation(client_for(aibek), action, consulting, proposal)
    assert response.status_code == 403
    assert "заморожена" in response.content.decode()


@pytest.mark.django_db
def test_a_proposal_of_another_programme_is_404(consulting, aibek, ak_tal_programme):
    set_status(ak_tal_programme, S.PUBLIC_CONSULTATION)
    alien = new_proposal(ak_tal_programme)
    for name in ("proposal_publish", "proposal_hide", "proposal_answer"):
        url = chair_url(name, consulting, proposal_pk=alien.pk)
        assert client_for(aibek).post(url).status_code == 404


# ================================================================= hearings


@pytest.mark.django_db
def test_the_chair_records_a_hearing_with_its_minutes_file(consulting, aibek, gulnara, client):
    upload = SimpleUploadedFile("protokol-14-05.pdf", PDF, content_type="application/pdf")
    response = client_for(aibek).post(
        chair_url("hearing_add", consulting), {**hearing_data(), "minutes_file": upload}
    )
    assert response.status_code == 302
    hearing = PublicHearing.objects.get()
    assert (hearing.women, hearing.men, hearing.participants) == (41, 37, 78)
    assert hearing.date == date(2019, 5, 14)
    assert hearing.place_ky == "Көк-Жар айылынын маданият үйү"
    assert hearing.created_by == aibek
    assert hearing.history.first().history_user == aibek
    assert hearing.minutes_file.name.endswith(".pdf")

    download = client_for(gulnara).get(
        chair_url("hearing_minutes", consulting, hearing_pk=hearing.pk)
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    body = client.get(public_url(consulting)).content.decode()
    assert "Участников: 78 (женщин — 41, мужчин — 37)." in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": ""}, "date", "Укажите дату слушаний."),
        ({"women": "-1"}, "women", ""),
        ({"men": "abc"}, "men", ""),
        ({"women": "0", "men": "0"}, "women", "хотя бы один человек"),
        ({"place_ru": "", "place_ky": ""}, "place_ru", "Укажите место слушаний"),
        ({"minutes_ru": "п" * 20001}, "minutes_ru", "20000"),
    ],
)
def test_hearing_validation(consulting, aibek, overrides, field, message):
    response = client_for(aibek).post(
        chair_url("hearing_add", consulting), hearing_data(**overrides)
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert message in " ".join(form.errors[field])
    assert not PublicHearing.objects.exists()
    # what was typed stays
    assert "Одобрить проект с учётом предложений жителей." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"place_ru": "", "place_ky": ""}, "place_ru"),
        ({"women": 0, "men": 0}, "women"),
        ({"women": -1}, "women"),
        ({"decisions_ky": "ч" * 10001}, "decisions_ky"),
    ],
)
def test_the_service_validates_a_hearing_itself(consulting, aibek, fields, field):
    values = {"date": date(2019, 5, 14), "women": 3, "men": 4, "place_ru": "Клуб"}
    values.update(fields)
    with pytest.raises(ValidationError) as error:
        service.hearing_create(programme=consulting, actor=aibek, **values)
    assert field in error.value.error_dict
    assert not PublicHearing.objects.exists()


@pytest.mark.django_db
def test_a_hearing_in_the_future_is_refused(consulting, aibek):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(aibek).post(
        chair_url("hearing_add", consulting), hearing_data(date=tomorrow)
    )
    assert response.status_code == 400
    assert "Дата слушаний не может быть в будущем" in response.content.decode()
    with pytest.raises(ValidationError):
        service.hearing_create(
            programme=consulting,
            actor=aibek,
            date=timezone.localdate() + timedelta(days=1),
            women=1,
            men=1,
            place_ru="Клуб",
            minutes_ru="Протокол",
        )


@pytest.mark.django_db
def test_the_minutes_may_come_later_and_are_flagged_meanwhile(consulting, aibek):
    response = client_for(aibek).post(
        chair_url("hearing_add", consulting), hearing_data(minutes_ru="", minutes_ky="")
    )
    assert response.status_code == 302
    page = client_for(aibek).get(chair_url("consultation", consulting)).content.decode()
    assert "протокол не приложен" in page


@pytest.mark.django_db
def test_minutes_as_a_file_only_are_enough(consulting, aibek):
    upload = SimpleUploadedFile("protokol.png", PNG, content_type="image/png")
    response = client_for(aibek).post(
        chair_url("hearing_add", consulting),
        {**hearing_data(minutes_ru="", minutes_ky=""), "minutes_file": upload},
    )
    assert response.status_code == 302
    assert PublicHearing.objects.get().minutes_file.name.endswith(".png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("protokol.pdf", DOCX, "не похоже на PDF"),
        ("protokol.pdf", PNG, "не похоже на PDF"),
        ("protokol.docx", DOCX, "Загрузите файл PDF, JPG или PNG"),
        ("protokol.pdf", PDF + b"0" * (10 * 1024 * 1024), "Файл слишком большой"),
    ],
)
def test_a_bad_minutes_file_is_refused(consulting, aibek, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = client_for(aibek).post(
        chair_url("hearing_add", consulting), {**hearing_data(), "minutes_file": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PublicHearing.objects.exists()


@pytest.mark.django_db
def test_the_service_checks_the_file_too(consulting, aibek):
    with pytest.raises(ValidationError) as error:
        service.hearing_create(
            programme=consulting,
            actor=aibek,
            date=date(2019, 5, 14),
            women=1,
            men=1,
            place_ru="Клуб",
            minutes_file=SimpleUploadedFile("protokol.pdf", DOCX),
        )
    assert "minutes_file" in error.value.error_dict


@pytest.mark.django_db
def test_the_chair_edits_a_hearing_and_removes_its_file(consulting, aibek):
    hearing = new_hearing(
        consulting, minutes_file=SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")
    )
    url = chair_url("hearing_edit", consulting, hearing_pk=hearing.pk)
    form = client_for(aibek).get(url).content.decode()
    assert "Удалить загруженный файл протокола" in form
    assert 'enctype="multipart/form-data"' in form
    response = client_for(aibek).post(
        url, hearing_data(women="42", remove_file="on", revision=str(hearing.revision))
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.women == 42
    assert not hearing.minutes_file
    assert hearing.revision == 2


@pytest.mark.django_db
def test_a_stale_hearing_edit_is_refused_keeping_what_was_typed(consulting, aibek):
    hearing = new_hearing(consulting)
    url = chair_url("hearing_edit", consulting, hearing_pk=hearing.pk)
    service.hearing_update(
        hearing=PublicHearing.objects.get(pk=hearing.pk),
        actor=aibek,
        expected_revision=1,
        date=date(2019, 5, 14),
        women=50,
        men=37,
        place_ru="Дом культуры",
        minutes_ru="Слушали",
    )
    response = client_for(aibek).post(url, hearing_data(women="43", revision="1"))
    assert response.status_code == 400
    assert 'value="43"' in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.women == 50


@pytest.mark.django_db
def test_a_hearing_is_deleted_after_confirmation(consulting, aibek):
    hearing = new_hearing(consulting)
    url = chair_url("hearing_delete", consulting, hearing_pk=hearing.pk)
    page = client_for(aibek).get(url)
    assert page.status_code == 200
    assert "Удалить запись о слушаниях 14.05.2019" in page.content.decode()
    assert PublicHearing.objects.exists()
    response = client_for(aibek).post(url)
    assert response.status_code == 302
    assert not PublicHearing.objects.exists()
    assert PublicHearing.history.filter(history_type="-").get().history_user == aibek


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_hearings_through_the_service_by_persona(request, consulting, persona):
    actor = actor_of(request, persona)
    hearing = new_hearing(consulting)
    calls = [
        lambda: service.hearing_create(
            programme=consulting,
            actor=actor,
            date=date(2019, 5, 20),
            women=10,
            men=12,
            place_ru="Школа",
            minutes_ru="Протокол",
        ),
        lambda: service.hearing_update(
            hearing=hearing,
            actor=actor,
            expected_revision=None,
            date=date(2019, 5, 14),
            women=1,
            men=1,
            place_ru="Клуб",
            minutes_ru="Протокол",
        ),
        lambda: service.hearing_delete(hearing=hearing, actor=actor),
    ]
    for call in calls:
        if persona == "aibek":
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    if persona != "aibek":
        assert PublicHearing.objects.get() == hearing


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.SUBMITTED_TO_COUNCIL, S.APPROVED])
def test_hearings_are_refused_outside_the_consultation(consulting, aibek, status):
    hearing = new_hearing(consulting)
    set_status(consulting, status)
    expected = ProgrammeFrozen if status == S.APPROVED else service.ConsultationClosed
    with pytest.raises(expected):
        service.hearing_delete(hearing=hearing, actor=aibek)
    client = client_for(aibek)
    for name, kwargs in [
        ("hearing_add", {}),
        ("hearing_edit", {"hearing_pk": hearing.pk}),
        ("hearing_delete", {"hearing_pk": hearing.pk}),
    ]:
        url = chair_url(name, consulting, **kwargs)
        assert client.get(url).status_code == 403
        assert client.post(url, hearing_data()).status_code == 403
    assert PublicHearing.objects.count() == 1
    page = client.get(chair_url("consultation", consulting)).content.decode()
    assert "Записать публичные слушания" not in page
    assert chair_url("hearing_edit", consulting, hearing_pk=hearing.pk) not in page


# ================================================================= every URL, both sides


def urls(programme, proposal, hearing):
    """(url, method, who may: "view" | "manage")"""
    p, h = {"proposal_pk": proposal.pk}, {"hearing_pk": hearing.pk}
    return [
        (chair_url("consultation", programme), "get", "view"),
        (chair_url("hearing_minutes", programme, **h), "get", "view"),
        (chair_url("proposal_publish", programme, **p), "post", "manage"),
        (chair_url("proposal_hide", programme, **p), "post", "manage"),
        (chair_url("proposal_answer", programme, **p), "get", "manage"),
        (chair_url("hearing_add", programme), "get", "manage"),
        (chair_url("hearing_edit", programme, **h), "get", "manage"),
        (chair_url("hearing_delete", programme, **h), "get", "manage"),
    ]


@pytest.fixture
def items(consulting):
    proposal = new_proposal(consulting, status=ProposalStatus.PUBLISHED)
    hearing = new_hearing(
        consulting, minutes_file=SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")
    )
    return proposal, hearing


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_chair_url_from_both_sides(request, client, consulting, items, persona):
    browser = visitor(request, client, persona)
    for url, method, need in urls(consulting, *items):
        response = getattr(browser, method)(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
        elif persona == "nurlan":
            assert response.status_code == 403, url
        elif (need == "view" and persona in VIEWERS) or persona == "aibek":
            assert response.status_code in (200, 302), (persona, url, response.status_code)
        else:
            assert response.status_code == 403, (persona, url, response.status_code)
    proposal, hearing = items
    proposal.refresh_from_db()
    if persona != "aibek":
        assert proposal.status == ProposalStatus.PUBLISHED
        assert PublicHearing.objects.filter(pk=hearing.pk).exists()


@pytest.mark.django_db
def test_the_chair_urls_of_a_draft_are_readable_but_refuse_changes(programme, aibek):
    page = client_for(aibek).get(chair_url("consultation", programme))
    assert page.status_code == 200
    assert "Сейчас её статус — «черновик»" in page.content.decode()
    assert client_for(aibek).get(chair_url("hearing_add", programme)).status_code == 403


# ================================================================= the chair's page


@pytest.mark.django_db
def test_the_page_lists_proposals_by_state_with_counts(consulting, aibek):
    new_proposal(consulting, "Новое о школе")
    new_proposal(consulting, "Опубликованное о дороге", status=ProposalStatus.PUBLISHED)
    new_proposal(consulting, "Спам про часы", status=ProposalStatus.HIDDEN)
    client = client_for(aibek)
    page = client.get(chair_url("consultation", consulting)).content.decode()
    assert "Новое о школе" in page
    assert "Опубликованное о дороге" not in page
    assert "Ждёт модерации (1)" in page
    assert "Опубликовано (1)" in page
    assert "Скрыто как спам (1)" in page
    published = client.get(chair_url("consultation", consulting) + "?status=published")
    assert "Опубликованное о дороге" in published.content.decode()
    hidden = client.get(chair_url("consultation", consulting) + "?status=hidden")
    assert "Спам про часы" in hidden.content.decode()
    assert "Ответить" not in hidden.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "sees"), [("aibek", True), ("gulnara", True), ("staff", False), ("kenesh", False)]
)
def test_the_contact_is_seen_by_the_working_group_only(request, consulting, persona, sees):
    new_proposal(consulting, contact="+996 700 000 111")
    client = client_for(request.getfixturevalue(persona))
    page = client.get(chair_url("consultation", consulting)).content.decode()
    assert ("+996 700 000 111" in page) is sees


@pytest.mark.django_db
def test_only_the_chair_sees_the_buttons(consulting, aibek, gulnara):
    proposal = new_proposal(consulting)
    publish = chair_url("proposal_publish", consulting, proposal_pk=proposal.pk)
    assert publish in client_for(aibek).get(chair_url("consultation", consulting)).content.decode()
    assert publish not in (
        client_for(gulnara).get(chair_url("consultation", consulting)).content.decode()
    )


@pytest.mark.django_db
def test_the_summary_counts_answers_and_participants(consulting, aibek):
    for decision in ["accepted", "accepted", "partly", "not_accepted", ""]:
        new_proposal(consulting, status=ProposalStatus.PUBLISHED, decision=decision)
    new_proposal(consulting)
    new_proposal(consulting, status=ProposalStatus.HIDDEN)
    new_hearing(consulting)
    new_hearing(consulting, women=10, men=5)
    summary = consultation_summary(consulting)
    assert summary.proposal_count == 5
    counts = summary.counts
    assert (counts.accepted, counts.partly, counts.not_accepted, counts.unanswered) == (2, 1, 1, 1)
    assert (summary.hearings.count, summary.hearings.women, summary.hearings.men) == (2, 51, 42)
    assert summary.hearings.participants == 93
    page = client_for(aibek).get(chair_url("consultation", consulting)).content.decode()
    assert "участников 93, из них женщин — 51, мужчин — 42" in page
    assert "ждут модерации: 1" in page
    assert "без ответа: 1" in page


@pytest.mark.django_db
def test_summary_query_count_does_not_grow(consulting, django_assert_max_num_queries):
    new_proposal(consulting, status=ProposalStatus.PUBLISHED, decision="accepted")
    new_hearing(consulting)
    with CaptureQueriesContext(connection) as small:
        consultation_summary(consulting)
    village = consulting.passport.villages.first()
    for _ in range(40):
        new_proposal(
            consulting, status=ProposalStatus.PUBLISHED, village=village, decision="partly"
        )
        new_hearing(consulting)
    with django_assert_max_num_queries(len(small)):
        summary = consultation_summary(consulting)
        [p.village for p in summary.proposals]
    assert summary.proposal_count == 41


@pytest.mark.django_db
def test_page_query_count_does_not_grow(consulting, aibek, django_assert_max_num_queries):
    client = client_for(aibek)
    url = chair_url("consultation", consulting) + "?status=published"
    new_proposal(consulting, status=ProposalStatus.PUBLISHED, decision="accepted")
    new_hearing(consulting)
    client.get(url)  # the session and the memberships are warm
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    village = consulting.passport.villages.first()
    for _ in range(30):
        proposal = new_proposal(
            consulting, status=ProposalStatus.PUBLISHED, village=village, decision="accepted"
        )
        CitizenProposal.objects.filter(pk=proposal.pk).update(moderated_by=aibek)
        new_hearing(consulting)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert "Страница 1 из 2" in response.content.decode()


# ================================================================= with the life-cycle


@pytest.mark.django_db
def test_after_moderation_answers_and_a_hearing_the_chair_can_submit_to_the_council(
    client, consulting, aibek
):
    client.post(public_url(consulting, "ky"), proposal_data())
    proposal = CitizenProposal.objects.get()
    reasons = lifecycle.refusal_reasons(consulting, "submit_to_council", aibek)
    assert len(reasons) == 2  # no hearing; a proposal waits for moderation
    chair = client_for(aibek)
    chair.post(chair_url("proposal_publish", consulting, proposal_pk=proposal.pk))
    chair.post(
        chair_url("proposal_answer", consulting, proposal_pk=proposal.pk),
        {"decision": "accepted", "answer_ky": "Кабыл алынды, 2021-жылы."},
    )
    chair.post(chair_url("hearing_add", consulting), hearing_data())
    assert lifecycle.refusal_reasons(consulting, "submit_to_council", aibek) == []
    lifecycle.programme_submit_to_council(programme=consulting, actor=aibek)
    assert consultation_summary(consulting).counts.accepted == 1


def test_an_ipv6_sender_counts_by_its_64_network():
    from planning.services.consultation import client_hash

    assert client_hash("2001:db8:1:2::1") == client_hash("2001:db8:1:2:ffff::9")
    assert client_hash("2001:db8:1:2::1") != client_hash("2001:db8:1:3::1")
    assert client_hash("::ffff:10.0.0.7") == client_hash("10.0.0.7")
    assert client_hash("10.0.0.7") != client_hash("10.0.0.8")
