"""The completeness of a programme and its languages agree with what the forms say («one
language is enough»): adding content in one language never lowers the completeness; the share of
texts in each language is its own measure, shown beside it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from planning.models import Objective
from planning.selectors.completeness import completeness_checks, completeness_percent
from planning.selectors.overview import programme_overview
from planning.services.plan import activity_create
from tests.conftest import client_for
from tests.factories import fill


def _percent(programme) -> int:
    return completeness_percent(completeness_checks(programme))


def _add_kyrgyz_only_activity(programme, actor):
    return activity_create(
        objective=Objective.objects.get(goal__direction__programme=programme),
        actor=actor,
        title_ky="Мектепке суу түтүгүн тартуу",
        responsible_ky="Айыл өкмөтү",
        start_date=date(2022, 4, 1),
        end_date=date(2022, 9, 30),
        costs={(2022, "local_budget"): Decimal("80")},
    )


@pytest.mark.django_db
def test_a_kyrgyz_only_activity_does_not_lower_the_completeness(programme, aibek):
    fill(programme)
    before = _percent(programme)
    _add_kyrgyz_only_activity(programme, aibek)
    assert _percent(programme) == before == 100
    checks = {c.code: c for c in completeness_checks(programme)}
    assert not checks["russian"].ok  # the gap is still said, as a warning of its own


@pytest.mark.django_db
def test_a_half_written_draft_keeps_its_figure_when_a_text_in_one_language_is_added(
    ak_tal_programme,
):
    """Ак-Тал: half written, Russian only; one Kyrgyz-only activity is added."""
    programme = ak_tal_programme
    fill(programme, kyrgyz=False)
    programme.vision_ru = programme.overall_goal_ru = ""
    programme.save()
    chair = programme.created_by
    before = _percent(programme)
    assert 0 < before < 100
    _add_kyrgyz_only_activity(programme, chair)
    assert _percent(programme) == before


@pytest.mark.django_db
def test_the_overview_shows_the_languages_beside_the_completeness(programme, aibek):
    fill(programme)
    _add_kyrgyz_only_activity(programme, aibek)
    data = programme_overview(programme, user=aibek)
    assert data["percent"] == 100
    assert data["language_percent"]["ky"] == 100
    assert 0 < data["language_percent"]["ru"] < 100
    assert [c.code for c in data["language_checks"]] == ["kyrgyz", "russian"]
    assert all(not c.is_language for c in data["content_checks"])

    html = client_for(aibek).get(reverse("planning:overview", args=[programme.pk]))
    body = html.content.decode()
    assert "Проверка полноты" in body and "— 100%" in body
    ru = data["language_percent"]["ru"]
    assert f"Есть на русском — {ru}% текстов, на кыргызском — 100%." in body
