"""People are deactivated, not deleted: deleting a person would rewrite approved versions and
the history (the database's SET NULL sends no signal), so it is refused with a clear message,
the references are protected, and the administrator has a "deactivate" action instead."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from municipalities.models import User
from planning import models as m
from planning.services import consultation, lifecycle, review
from planning.services.plan import activity_update

from .conftest import client_for
from .factories import PASSWORD, UserFactory, fill


@pytest.fixture
def approved(programme, aibek, gulnara, staff, kenesh):
    """Кок-Жар's programme approved through the real life-cycle: a reviewer's comment, an
    activity changed by Гульнара, the council's decision recorded by Жылдыз."""
    activity = fill(programme)
    activity = m.Activity.objects.get(pk=activity.pk)
    activity_update(
        activity=activity,
        actor=gulnara,
        expected_revision=activity.revision,
        title_ru="Ремонт водопровода",
    )
    lifecycle.programme_submit(programme=programme, actor=aibek)
    review.comment_start(programme=programme, actor=staff, section="plan", text="Уточните сроки.")
    lifecycle.programme_accept(programme=programme, actor=staff)
    consultation.hearing_create(
        programme=programme,
        actor=aibek,
        date=date(2019, 5, 14),
        women=41,
        men=37,
        place_ru="Дом культуры",
        place_ky="Маданият үйү",
        minutes_ru="Проект программы одобрен.",
    )
    lifecycle.programme_submit_to_council(programme=programme, actor=aibek)
    lifecycle.programme_record_decision(
        programme=programme, actor=kenesh, number="12", date=date(2019, 5, 28), session="XII"
    )
    programme.refresh_from_db()
    assert programme.status == m.ProgrammeStatus.APPROVED
    return programme


def what_names(user) -> dict:
    """What the database keeps of the person's part in the programme."""
    return {
        "decisions": m.CouncilDecision.objects.filter(recorded_by=user).count(),
        "transitions": m.Transition.objects.filter(actor=user).count(),
        "comments": m.ReviewComment.objects.filter(author=user).count(),
        "activity history": m.Activity.history.filter(history_user=user).count(),
    }


@pytest.mark.django_db
def test_deleting_the_council_secretary_of_an_approved_version_is_refused(approved, kenesh):
    before = what_names(kenesh)
    assert before["decisions"] == 1
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        kenesh.delete()
    message = str(refused.value)
    assert "Пользователя «Жылдыз Садыкова» нельзя удалить" in message
    assert "Кок-Жарский айылный аймак — ПСЭР 2020–2024, версия 1 (утверждена)" in message
    assert "Отключите пользователя" in message
    assert User.objects.filter(pk=kenesh.pk).exists()
    assert what_names(kenesh) == before


@pytest.mark.django_db
def test_a_person_named_only_in_the_history_is_not_deleted_either(approved, gulnara):
    before = what_names(gulnara)
    assert before["activity history"] >= 1
    assert before["decisions"] == before["transitions"] == before["comments"] == 0
    with pytest.raises(ProtectedError), transaction.atomic():
        gulnara.delete()
    assert what_names(gulnara) == before


@pytest.mark.django_db
def test_the_references_themselves_are_protected(approved, staff, kenesh):
    """Without the check of municipalities.people, the database layer still refuses."""
    from municipalities import people

    entry = next(iter(people.references))
    people.unregister(entry.key)
    try:
        for person in (staff, kenesh):
            with pytest.raises(ProtectedError), transaction.atomic():
                User.objects.filter(pk=person.pk).delete()
    finally:
        people.register(entry)
    assert what_names(kenesh)["decisions"] == 1
    assert what_names(staff)["comments"] == 1


@pytest.mark.django_db
def test_a_person_whom_nothing_names_can_be_deleted(approved):
    mistake = UserFactory(email="typo@psep.example")
    mistake.delete()
    assert not User.objects.filter(email="typo@psep.example").exists()


@pytest.mark.django_db
def test_the_admin_refuses_the_delete_page_and_says_why(approved, kenesh, admin_user):
    client = client_for(admin_user)
    url = reverse("admin:municipalities_user_delete", args=[kenesh.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("admin:municipalities_user_change", args=[kenesh.pk])
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("нельзя удалить" in message and "утверждена" in message for message in shown)
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert User.objects.filter(pk=kenesh.pk).exists()


@pytest.mark.django_db
def test_the_admin_deactivates_instead(approved, gulnara, kenesh, admin_user, client):
    admin = client_for(admin_user)
    changelist = reverse("admin:municipalities_user_changelist")
    actions = admin.get(changelist).context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions)
    assert "deactivate" in dict(actions)
    before = what_names(kenesh)
    response = admin.post(
        changelist,
        {"action": "deactivate", "_selected_action": [gulnara.pk, kenesh.pk]},
        follow=True,
    )
    assert "Отключено пользователей: 2." in response.content.decode()
    gulnara.refresh_from_db()
    kenesh.refresh_from_db()
    assert not gulnara.is_active and not kenesh.is_active
    assert what_names(kenesh) == before  # everything they did stays as it was
    # a deactivated person cannot log in any more
    login = client.post(reverse("login"), {"username": gulnara.email, "password": PASSWORD})
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_deactivated_person_s_open_session_ends(approved, gulnara, admin_user):
    session = client_for(gulnara)
    assert session.get(reverse("my_municipalities")).status_code == 200
    client_for(admin_user).post(
        reverse("admin:municipalities_user_changelist"),
        {"action": "deactivate", "_selected_action": [gulnara.pk]},
    )
    response = session.get(reverse("my_municipalities"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_an_administrator_does_not_deactivate_themselves(admin_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    from municipalities.services import user_deactivate

    with pytest.raises(ValidationError):
        user_deactivate(user=admin_user, actor=admin_user)
    nobody = UserFactory()
    with pytest.raises(PermissionDenied):
        user_deactivate(user=admin_user, actor=nobody)
    admin_user.refresh_from_db()
    assert admin_user.is_active
