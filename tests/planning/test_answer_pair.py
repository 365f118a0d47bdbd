"""The answer to a citizen's proposal is one text in two languages: when a reason is missing,
both the Russian and the Kyrgyz text are marked, the error is said once, for the pair, and the
form says that either language will do."""

import re

import pytest

from planning.models import (
    CitizenProposal,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
)
from tests.conftest import client_for
from tests.factories import fill


@pytest.fixture
def published(programme):
    fill(programme)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    return CitizenProposal.objects.create(
        programme=programme,
        client_hash="0" * 64,
        text="Построить спортивную площадку у школы.",
        status=ProposalStatus.PUBLISHED,
    )


def _textarea(html: str, name: str) -> str:
    return re.search(rf'<textarea name="{name}"[^>]*>', html).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_a_missing_reason_marks_both_languages(published, aibek, lang):
    url = f"/{lang}/p/{published.programme_id}/consultation/proposals/{published.pk}/answer/"
    response = client_for(aibek).post(url, {"decision": "not_accepted"})
    assert response.status_code == 400
    html = response.content.decode()
    for name in ("answer_ru", "answer_ky"):
        textarea = _textarea(html, name)
        assert 'aria-invalid="true"' in textarea, textarea
        assert 'aria-describedby="answer-error answer-help"' in textarea, textarea
    assert html.count('id="answer-error"') == 1
    assert '<fieldset class="field answer-pair field--error">' in html
    if lang == "ru":
        assert "Объясните жителю причину" in html
        assert "Достаточно одного языка — русского или кыргызского." in html


@pytest.mark.django_db
def test_a_text_too_long_marks_only_its_own_language(published, aibek):
    url = f"/ru/p/{published.programme_id}/consultation/proposals/{published.pk}/answer/"
    response = client_for(aibek).post(
        url, {"decision": "partly", "answer_ru": "причина", "answer_ky": "ы" * 3001}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in _textarea(html, "answer_ky")
    assert 'aria-invalid="true"' not in _textarea(html, "answer_ru")
    assert 'id="answer-error"' not in html
