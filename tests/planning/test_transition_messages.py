"""What the person reads after each step of the life-cycle is in the page's language: on a
Kyrgyz page, the confirmation is Kyrgyz (it used to be translated once, at import, in Russian)."""

import re
from datetime import date

import polib
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from planning.models import Action, Programme, ProgrammeStatus, PublicHearing

# The views are imported here, when the tests are collected, as a server imports them before its
# first page: in the default language, Russian.
from planning.views import lifecycle as lifecycle_views  # noqa: F401
from tests.conftest import client_for
from tests.factories import fill

S = ProgrammeStatus
KY = polib.pofile(str(settings.BASE_DIR / "locale/ky/LC_MESSAGES/django.po"))


def _patterns(texts) -> list[re.Pattern]:
    """A catalog text as a pattern that its placeholders (%(n)s) match whatever fills them."""
    return [
        re.compile(re.sub(r"%\\\(\w+\\\)[sd]", ".+", re.escape(text)), re.DOTALL) for text in texts
    ]


def _texts(entry, *, msgid: bool) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgid, entry.msgid_plural] if msgid else list(entry.msgstr_plural.values())
    return [entry.msgid] if msgid else [entry.msgstr]


KYRGYZ = _patterns(t for e in KY for t in _texts(e, msgid=False) if t)
RUSSIAN = _patterns(t for e in KY if e.msgstr != e.msgid for t in _texts(e, msgid=True))


def _one_of(text: str, patterns) -> bool:
    return any(pattern.fullmatch(text) for pattern in patterns)


# action, the status it starts from, who presses the button, what the form sends
STEPS = [
    (Action.SUBMIT, S.DRAFT, "aibek", {}),
    (Action.REQUEST_CHANGES, S.IN_REVIEW, "staff", {"summary": "Индикаторларды кошуңуз"}),
    (Action.ACCEPT, S.IN_REVIEW, "staff", {}),
    (Action.SUBMIT_TO_COUNCIL, S.PUBLIC_CONSULTATION, "aibek", {}),
    (
        Action.RECORD_DECISION,
        S.SUBMITTED_TO_COUNCIL,
        "kenesh",
        {"number": "12", "date": "2019-05-28", "session": "XII сессия"},
    ),
    (Action.START_IMPLEMENTATION, S.APPROVED, "aibek", {}),
    (Action.AMEND, S.IN_IMPLEMENTATION, "aibek", {}),
]


def _url(action, programme):
    if action == Action.RECORD_DECISION:
        return reverse("planning:decision", args=[programme.pk])
    if action == Action.AMEND:
        return reverse("planning:amend", args=[programme.pk])
    return reverse("planning:transition", args=[programme.pk, action])


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "source", "persona", "data"), STEPS)
def test_every_message_after_a_transition_is_kyrgyz_on_a_kyrgyz_page(
    request, programme, action, source, persona, data
):
    fill(programme)
    PublicHearing.objects.create(
        programme=programme, date=date(2019, 5, 14), place_ru="Дом культуры", women=4, men=3
    )
    Programme.objects.filter(pk=programme.pk).update(status=source)
    if source in (S.APPROVED, S.IN_IMPLEMENTATION):
        from planning.models import CouncilDecision

        CouncilDecision.objects.create(
            programme=programme, number="12", date=date(2019, 5, 28), session="XII"
        )
    client = client_for(request.getfixturevalue(persona))
    with translation.override("ky"):
        url = _url(action, programme)
    assert url.startswith("/ky/")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts, "no message after the transition"
    for text in texts:
        assert not _one_of(text, RUSSIAN), f"Russian on a Kyrgyz page: {text}"
        assert _one_of(text, KYRGYZ), f"not a Kyrgyz text of the catalog: {text}"
