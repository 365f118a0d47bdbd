"""The public page of a programme in implementation shows its progress from the periods the
ГСМиО handed in, never a period still being filled, and the reports once presented; handing a
period in or presenting a report moves the programme's public revision; the page's queries do
not grow with the number of indicators or periods."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document, DocumentStatus
from monitoring.documents import PERIOD_KIND
from monitoring.models import IndicatorActual, ReportingPeriod
from monitoring.services import periods, reports
from planning.models import Programme
from tests.monitoring.conftest import enter_year
from tests.monitoring.test_monitoring import _grow


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    fixed = date(2022, 3, 15)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: fixed)
    return fixed


def _page(programme) -> str:
    response = Client().get(reverse("planning:public", args=[programme.pk]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _revision(programme) -> int:
    return Programme.objects.values_list("public_revision", flat=True).get(pk=programme.pk)


@pytest.mark.django_db
def test_the_public_sees_what_was_handed_in_and_nothing_being_filled(period, shirin, today):
    programme = period.programme
    assert "Ход реализации" in _page(programme)
    assert "ещё не сдала ни одного отчётного периода" in _page(programme)
    enter_year(period, shirin, status="in_progress", comment="")
    # typed, not handed in: not public
    text = _page(programme)
    assert "женщины 25" not in text and "98,0" not in text
    before = _revision(programme)
    periods.period_submit(period=period, actor=shirin)
    assert _revision(programme) > before
    text = _page(programme)
    assert "женщины 25, мужчины 20" in text
    assert "98,0 из 100,0 тыс. сом израсходовано" in text
    assert "40 %" in text and "отстаёт" in text  # 45 of 51 % of households
    # no names of people anywhere in the section
    assert shirin.full_name not in text


@pytest.mark.django_db
def test_a_presented_report_is_listed_with_its_documents(
    period, shirin, today, django_capture_on_commit_callbacks
):
    programme = period.programme
    reports.report_write(period=period, actor=shirin, findings_ky="Суу жетти.")
    periods.period_submit(period=period, actor=shirin)
    assert "Представленных отчётов пока нет." in _page(programme)
    before = _revision(programme)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.report_present(period=period, actor=shirin, to_council_on=date(2022, 2, 1))
    assert _revision(programme) > before
    documents = Document.objects.filter(kind=PERIOD_KIND, object_id=report.pk)
    assert {d.status for d in documents} == {DocumentStatus.DONE}
    html = Client().get(reverse("planning:public", args=[programme.pk])).content.decode()
    assert "Отчёт ГСМиО за период «2021 год», представлен 01.02.2022" in html
    for document in documents:
        url = reverse(
            "monitoring:report_document_public", args=[programme.pk, period.pk, document.pk]
        )
        assert url in html
        assert Client().get(url).status_code == 200


@pytest.mark.django_db
def test_the_public_page_takes_the_same_queries_for_more_indicators_and_periods(
    implemented, shirin, django_assert_max_num_queries
):
    programme = implemented
    # quarters, each handed in: 20 periods instead of 5
    small_periods = list(ReportingPeriod.objects.filter(programme=programme))
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in small_periods]).update(status="submitted")
    url = reverse("planning:public", args=[programme.pk])
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    ReportingPeriod.objects.filter(programme=programme).update(status="open")
    periods.periods_set_frequency(programme=programme, actor=shirin, frequency="quarter")
    ReportingPeriod.objects.filter(programme=programme).update(status="submitted")
    _grow(programme, indicators=40, activities=20)
    assert ReportingPeriod.objects.filter(programme=programme).count() == 20
    assert IndicatorActual.objects.count() == 20 * 41
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
