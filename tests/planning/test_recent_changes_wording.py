"""The overview's recent changes name a change of status once («Смена статуса: …»), not
«Смена статуса смена статуса»."""

import pytest
from django.urls import reverse

from planning.services import lifecycle
from tests.conftest import client_for
from tests.factories import fill


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "once", "twice"),
    [
        ("ru", "Смена статуса: «передать на рассмотрение»", "смена статуса смена статуса"),
        ("ky", "Абалдын өзгөрүшү: «", "абалдын өзгөрүшү абалдын өзгөрүшү"),
    ],
)
def test_a_change_of_status_is_named_once(programme, aibek, lang, once, twice):
    fill(programme)
    lifecycle.programme_submit(programme=programme, actor=aibek)
    url = reverse("planning:overview", args=[programme.pk]).replace("/ru/", f"/{lang}/")
    html = client_for(aibek).get(url).content.decode()
    assert once in html
    assert twice not in html.lower()
