"""The life-cycle: each transition allowed for its role and refused for every other, refused in
the wrong status or before what must be done, recorded, notified; and its pages."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from planning.models import (
    Action,
    CitizenProposal,
    CouncilDecision,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    PublicHearing,
    Transition,
)
from planning.services import lifecycle
from planning.services.lifecycle import TransitionRefused
from tests.conftest import client_for
from tests.factories import fill

S = ProgrammeStatus
PERSONAS = ["aibek", "gulnara", "kenesh", "shirin", "staff", "nurlan", "admin_user", "anonymous"]


def set_status(programme, status):
    Programme.objects.filter(pk=programme.pk).update(status=status)
    programme.refresh_from_db()
    return programme


def hearing(programme):
    return PublicHearing.objects.create(
        programme=programme,
        date=date(2019, 5, 14),
        place_ru="Дом культуры",
        place_ky="Маданият үйү",
        women=41,
        men=37,
    )


def do(action, programme, actor):
    if action == Action.SUBMIT:
        return lifecycle.programme_submit(programme=programme, actor=actor)
    if action == Action.REQUEST_CHANGES:
        return lifecycle.programme_request_changes(
            programme=programme, actor=actor, summary="Добавьте индикаторы"
        )
    if action == Action.ACCEPT:
        return lifecycle.programme_accept(programme=programme, actor=actor)
    if action == Action.SUBMIT_TO_COUNCIL:
        return lifecycle.programme_submit_to_council(programme=programme, actor=actor)
    if action == Action.RECORD_DECISION:
        return lifecycle.programme_record_decision(
            programme=programme,
            actor=actor,
            number="12",
            date=date(2019, 5, 28),
            session="XII сессия",
        )
    if action == Action.START_IMPLEMENTATION:
        return lifecycle.programme_start_implementation(programme=programme, actor=actor)
    raise AssertionError(action)


# action, status it starts from, status it leads to, personas allowed
TABLE = [
    (Action.SUBMIT, S.DRAFT, S.IN_REVIEW, {"aibek", "admin_user"}),
    (Action.REQUEST_CHANGES, S.IN_REVIEW, S.DRAFT, {"staff", "admin_user"}),
    (Action.ACCEPT, S.IN_REVIEW, S.PUBLIC_CONSULTATION, {"staff", "admin_user"}),
    (
        Action.SUBMIT_TO_COUNCIL,
        S.PUBLIC_CONSULTATION,
        S.SUBMITTED_TO_COUNCIL,
        {"aibek", "admin_user"},
    ),
    (Action.RECORD_DECISION, S.SUBMITTED_TO_COUNCIL, S.APPROVED, {"kenesh", "admin_user"}),
    (
        Action.START_IMPLEMENTATION,
        S.APPROVED,
        S.IN_IMPLEMENTATION,
        {"aibek", "kenesh", "admin_user"},
    ),
]


@pytest.fixture
def ready(programme):
    """Кок-Жар's programme with everything a transition may need: complete, one hearing."""
    fill(programme)
    hearing(programme)
    return programme


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("action", "source", "target", "allowed"), TABLE)
def test_each_transition_for_each_role(request, ready, persona, action, source, target, allowed):
    actor = None if persona == "anonymous" else request.getfixturevalue(persona)
    set_status(ready, source)
    if persona in allowed:
        do(action, ready, actor)
        ready.refresh_from_db()
        assert ready.status == target
        transition = Transition.objects.get(programme=ready)
        assert (transition.action, transition.from_status, transition.to_status) == (
            action,
            source,
            target,
        )
        assert transition.actor == actor
    else:
        with pytest.raises(TransitionRefused) as refused:
            do(action, ready, actor)
        assert "нет нужной роли" in str(refused.value)
        ready.refresh_from_db()
        assert ready.status == source
        assert not Transition.objects.filter(programme=ready).exists()
        assert not CouncilDecision.objects.filter(programme=ready).exists()


@pytest.mark.parametrize(("action", "source", "target", "allowed"), TABLE)
def test_each_transition_is_refused_from_another_status(
    ready, admin_user, action, source, target, allowed
):
    for status in S:
        if status == source:
            continue
        set_status(ready, status)
        with pytest.raises(TransitionRefused) as refused:
            do(action, ready, admin_user)
        assert "невозможно в статусе" in str(refused.value)
        ready.refresh_from_db()
        assert ready.status == status


def test_submit_is_refused_until_the_blocking_checks_pass(programme, aibek):
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.programme_submit(programme=programme, actor=aibek)
    assert any("Не выполнено" in reason for reason in refused.value.reasons)
    assert len(refused.value.reasons) > 3  # every failing check is named
    programme.refresh_from_db()
    assert programme.status == S.DRAFT
    fill(programme)
    lifecycle.programme_submit(programme=programme, actor=aibek)
    programme.refresh_from_db()
    assert programme.status == S.IN_REVIEW


def test_a_request_of_changes_needs_a_summary(ready, staff):
    set_status(ready, S.IN_REVIEW)
    with pytest.raises(TransitionRefused, match="что нужно изменить"):
        lifecycle.programme_request_changes(programme=ready, actor=staff, summary="  ")


def test_council_submission_needs_hearings_and_every_proposal_dealt_with(programme, aibek):
    fill(programme)
    set_status(programme, S.PUBLIC_CONSULTATION)
    waiting = CitizenProposal.objects.create(programme=programme, text="Отремонтируйте мост")
    published = CitizenProposal.objects.create(
        programme=programme, text="Нужен спортзал", status=ProposalStatus.PUBLISHED
    )
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.programme_submit_to_council(programme=programme, actor=aibek)
    text = " ".join(refused.value.reasons)
    assert "публичных слушаний" in text
    assert "1 предложение граждан ждёт модерации" in text
    assert "1 опубликованное предложение ещё без ответа" in text

    hearing(programme)
    CitizenProposal.objects.filter(pk=waiting.pk).update(status=ProposalStatus.HIDDEN)
    CitizenProposal.objects.filter(pk=published.pk).update(
        decision="accepted", answer_ru="Включено в план"
    )
    lifecycle.programme_submit_to_council(programme=programme, actor=aibek)
    programme.refresh_from_db()
    assert programme.status == S.SUBMITTED_TO_COUNCIL


def test_the_decision_is_validated_and_its_date_not_in_the_future(ready, kenesh):
    from django.core.exceptions import ValidationError

    set_status(ready, S.SUBMITTED_TO_COUNCIL)
    with pytest.raises(ValidationError) as error:
        lifecycle.programme_record_decision(
            programme=ready, actor=kenesh, number=" ", date=date(2019, 5, 28), session="XII"
        )
    assert "number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        lifecycle.programme_record_decision(
            programme=ready, actor=kenesh, number="12", date=date(2999, 1, 1), session="XII"
        )
    assert "date" in error.value.message_dict
    ready.refresh_from_db()
    assert ready.status == S.SUBMITTED_TO_COUNCIL


def test_recording_the_decision_freezes_the_version(ready, kenesh, aibek):
    from planning.permissions import ProgrammeFrozen
    from planning.services.programme import programme_update

    set_status(ready, S.SUBMITTED_TO_COUNCIL)
    decision = lifecycle.programme_record_decision(
        programme=ready, actor=kenesh, number="12", date=date(2019, 5, 28), session="XII сессия"
    )
    assert str(decision) == "№ 12 28.05.2019"
    ready.refresh_from_db()
    assert ready.status == S.APPROVED and ready.is_frozen
    with pytest.raises(ProgrammeFrozen):
        programme_update(ready, actor=aibek, expected_revision=None, vision_ru="Другое")


def test_transitions_notify_the_people_concerned_in_both_languages(
    ready, aibek, gulnara, staff, kenesh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.programme_submit(programme=ready, actor=aibek)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert "на рассмотрении" in message.subject and "каралууда" in message.subject
    assert "/ru/p/" in message.body and "/ky/p/" in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.programme_request_changes(
            programme=ready, actor=staff, summary="Уточните сроки мероприятия 1.1.1"
        )
    assert sorted(mail.outbox[0].to) == sorted([aibek.email, gulnara.email])
    assert "Уточните сроки мероприятия 1.1.1" in mail.outbox[0].body


def test_a_failing_mail_server_does_not_undo_the_transition(
    ready, aibek, staff, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.planning.test_lifecycle.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.programme_submit(programme=ready, actor=aibek)
    ready.refresh_from_db()
    assert ready.status == S.IN_REVIEW
    assert "notification of transition" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_approving_a_new_version_supersedes_the_previous_one(ready, kenesh):
    set_status(ready, S.APPROVED)
    newer = Programme.objects.create(
        municipality=ready.municipality,
        title_ru=ready.title_ru,
        start_year=ready.start_year,
        end_year=ready.end_year,
        version=2,
        previous_version=ready,
        status=S.SUBMITTED_TO_COUNCIL,
    )
    lifecycle.programme_record_decision(
        programme=newer, actor=kenesh, number="31", date=date(2021, 3, 2), session="XX сессия"
    )
    ready.refresh_from_db()
    newer.refresh_from_db()
    assert (ready.status, newer.status) == (S.SUPERSEDED, S.APPROVED)
    assert Transition.objects.filter(programme=ready, to_status=S.SUPERSEDED).exists()


# --- pages -------------------------------------------------------------------------------


def test_the_overview_shows_only_the_buttons_the_person_may_press(ready, aibek, gulnara, staff):
    url = reverse("planning:overview", args=[ready.pk])
    submit = reverse("planning:transition", args=[ready.pk, "submit"])
    assert submit in client_for(aibek).get(url).content.decode()
    assert submit not in client_for(gulnara).get(url).content.decode()
    set_status(ready, S.IN_REVIEW)
    page = client_for(staff).get(url).content.decode()
    assert reverse("planning:transition", args=[ready.pk, "request_changes"]) in page
    assert reverse("planning:transition", args=[ready.pk, "accept"]) in page
    assert "/transition/" not in client_for(aibek).get(url).content.decode()


def test_transition_page_confirms_then_moves(ready, aibek):
    client = client_for(aibek)
    url = reverse("planning:transition", args=[ready.pk, "submit"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Новый статус: «на рассмотрении»" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == S.IN_REVIEW


def test_transition_page_lists_what_is_missing(programme, aibek):
    client = client_for(aibek)
    url = reverse("planning:transition", args=[programme.pk, "submit"])
    page = client.get(url).content.decode()
    assert "Сейчас это сделать нельзя" in page and "disabled" in page
    response = client.post(url)
    assert response.status_code == 400
    programme.refresh_from_db()
    assert programme.status == S.DRAFT


def test_request_changes_page_keeps_the_text_and_requires_it(ready, staff):
    set_status(ready, S.IN_REVIEW)
    client = client_for(staff)
    url = reverse("planning:transition", args=[ready.pk, "request_changes"])
    response = client.post(url, {"summary": ""})
    assert response.status_code == 400
    assert "Напишите, что нужно изменить" in response.content.decode()
    response = client.post(url, {"summary": "Добавьте <b>индикатор</b> по воде"})
    assert response.status_code == 302
    overview = client_for(staff).get(reverse("planning:overview", args=[ready.pk]))
    assert "Добавьте &lt;b&gt;индикатор&lt;/b&gt; по воде" in overview.content.decode()


def test_the_council_decision_form(ready, kenesh):
    set_status(ready, S.SUBMITTED_TO_COUNCIL)
    client = client_for(kenesh)
    url = reverse("planning:decision", args=[ready.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "number": "12",
            "date": "2019-05-28",
            "session": "XII сессия",
            "scan": SimpleUploadedFile("decision.pdf", b"not a pdf"),
        },
    )
    assert bad.status_code == 400
    assert "не похоже на PDF" in bad.content.decode()
    assert 'value="XII сессия"' in bad.content.decode()
    ok = client.post(
        url,
        {
            "number": "12",
            "date": "2019-05-28",
            "session": "XII сессия",
            "scan": SimpleUploadedFile("decision.pdf", b"%PDF-1.4 scan"),
        },
    )
    assert ok.status_code == 302
    ready.refresh_from_db()
    assert ready.status == S.APPROVED
    assert ready.council_decision.number == "12"
    # the scan of an approved version's decision is public
    response = Client().get(reverse("planning:decision_scan", args=[ready.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["gulnara", "shirin", "staff", "nurlan", "aibek"])
def test_the_decision_form_is_refused_to_everyone_but_the_council(request, ready, persona):
    set_status(ready, S.SUBMITTED_TO_COUNCIL)
    client = client_for(request.getfixturevalue(persona))
    url = reverse("planning:decision", args=[ready.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"number": "1", "date": "2019-05-28", "session": "X"}).status_code == 403
    )
    ready.refresh_from_db()
    assert ready.status == S.SUBMITTED_TO_COUNCIL


@pytest.mark.parametrize("action", ["submit", "request_changes", "accept", "submit_to_council"])
def test_transition_urls_refuse_another_municipality_and_anonymous(client, ready, nurlan, action):
    url = reverse("planning:transition", args=[ready.pk, action])
    assert client_for(nurlan).get(url).status_code == 403
    assert client_for(nurlan).post(url).status_code == 403
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    ready.refresh_from_db()
    assert ready.status == S.DRAFT


def test_decision_scan_of_a_draft_is_not_public(client, ready, nurlan, kenesh):
    set_status(ready, S.SUBMITTED_TO_COUNCIL)
    url = reverse("planning:decision_scan", args=[ready.pk])
    assert client.get(url).status_code == 404
    assert client_for(nurlan).get(url).status_code == 404
    assert client_for(kenesh).get(url).status_code == 404  # no decision yet


def test_unknown_transition_is_404(ready, aibek):
    url = reverse("planning:transition", args=[ready.pk, "approve_everything"])
    assert client_for(aibek).get(url).status_code == 404


def test_overview_in_kyrgyz_shows_the_life_cycle(ready, aibek):
    with translation.override("ky"):
        url = reverse("planning:overview", args=[ready.pk])
    page = client_for(aibek).get(url).content.decode()
    assert 'lang="ky"' in page
    assert "lifecycle-title" in page


def test_figures_are_recomputed_after_a_rolled_back_change(
    kok_zhar, aibek, django_capture_on_commit_callbacks
):
    """A change that is rolled back must not leave its programme marked as scheduled."""
    from django.db import transaction

    from tests.factories import programme_for

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            programme_for(kok_zhar, aibek)
            raise RuntimeError
        programme = programme_for(kok_zhar, aibek)
        fill(programme)
    metrics = [c for c in callbacks if hasattr(c, "psep_metrics_of")]
    assert len(metrics) == 1  # once per programme and transaction
    programme.refresh_from_db()
    assert programme.completeness_percent > 0
    assert programme.content_changed_at is not None


def test_migrate_fills_the_figures_of_programmes_that_never_had_them(ready):
    from planning.signals import fill_missing_metrics

    Programme.objects.filter(pk=ready.pk).update(
        completeness_percent=0, ky_percent=0, content_changed_at=None
    )
    fill_missing_metrics()
    ready.refresh_from_db()
    assert ready.completeness_percent == 100 and ready.ky_percent == 100
    assert ready.content_changed_at == ready.updated_at


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (S.APPROVED, S.DRAFT, False),
        (S.APPROVED, S.IN_REVIEW, False),
        (S.IN_IMPLEMENTATION, S.APPROVED, False),
        (S.SUPERSEDED, S.APPROVED, False),
        (S.APPROVED, S.IN_IMPLEMENTATION, True),
        (S.IN_IMPLEMENTATION, S.SUPERSEDED, True),
    ],
)
def test_a_frozen_version_only_moves_forward(ready, source, target, allowed):
    from planning.permissions import ProgrammeFrozen

    set_status(ready, source)
    ready.status = target
    if allowed:
        ready.save()
    else:
        with pytest.raises(ProgrammeFrozen):
            ready.save()
        ready.refresh_from_db()
        assert ready.status == source
