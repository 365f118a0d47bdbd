"""The administrators' pages of events open (lists, a change page, the history)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from trainings.services.materials import material_add

from .conftest import add
from .test_materials import PDF

pytestmark = pytest.mark.django_db


def test_the_admin_pages_of_events_open(training, staff, admin_user):
    participant = add(training, staff, "Айгуль Токтогулова", contact="0555 000 000")
    material = material_add(event=training, actor=staff, file=SimpleUploadedFile("a.pdf", PDF))
    client = client_for(admin_user)
    for name, args in [
        ("admin:trainings_event_changelist", []),
        ("admin:trainings_event_change", [training.pk]),
        ("admin:trainings_event_history", [training.pk]),
        ("admin:trainings_participant_changelist", []),
        ("admin:trainings_participant_change", [participant.pk]),
        ("admin:trainings_eventmaterial_changelist", []),
        ("admin:trainings_eventmaterial_change", [material.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert client_for(staff).get(reverse("admin:trainings_event_changelist")).status_code == 302
