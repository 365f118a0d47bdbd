"""The pages of the reports: each person does their part in the browser (without JavaScript),
a form with errors keeps what was typed, and nobody outside the municipality reads or writes
anything; a presented report's documents are public."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from documents.kinds import kinds
from documents.models import Document, DocumentStatus
from documents.services import document_request
from monitoring.documents import PERIOD_KIND
from monitoring.models import AnnualReport, MonitoringReport
from monitoring.services import periods, reports
from planning.models import Direction
from tests.conftest import client_for
from tests.monitoring.conftest import enter_year


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    fixed = date(2022, 3, 15)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: fixed)
    return fixed


@pytest.fixture
def handed_in(period, shirin):
    return periods.period_submit(period=enter_year(period, shirin, comment="Сель"), actor=shirin)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _urls(period):
    pk, period_pk, year = period.programme_id, period.pk, period.year
    return {
        "list": reverse("monitoring:reports", args=[pk]),
        "report": reverse("monitoring:report", args=[pk, period_pk]),
        "present": reverse("monitoring:report_present", args=[pk, period_pk]),
        "response": reverse("monitoring:report_response", args=[pk, period_pk]),
        "annual": reverse("monitoring:annual", args=[pk, year]),
        "hearing": reverse("monitoring:annual_hearing", args=[pk, year]),
        "report_documents": reverse("monitoring:report_document_request", args=[pk, period_pk]),
        "annual_documents": reverse("monitoring:annual_document_request", args=[pk, year]),
    }


@pytest.mark.django_db
def test_the_group_the_council_and_the_chair_do_their_parts_on_the_pages(
    handed_in, shirin, kenesh, aibek, today
):
    urls = _urls(handed_in)
    direction = Direction.objects.get(programme=handed_in.programme)
    group = client_for(shirin)
    page = group.get(urls["report"])
    assert page.status_code == 200
    assert f'name="d{direction.pk}-findings_ky"' in page.content.decode()
    assert "25 / 20" in _text(page)  # the figures come from the data

    # too long a text: refused, and everything typed is still there
    too_long = "ж" * 20001
    refused = group.post(
        urls["report"],
        {
            "findings_ru": "Вода дошла до половины домов.",
            "recommendations_ky": too_long,
            f"d{direction.pk}-findings_ky": "Суу жарымына жетти.",
        },
    )
    assert refused.status_code == 400
    assert "Текст слишком длинный" in _text(refused)
    assert "Вода дошла до половины домов." in refused.content.decode()
    assert "Суу жарымына жетти." in refused.content.decode()
    assert not MonitoringReport.objects.exists()

    saved = group.post(
        urls["report"],
        {
            "findings_ru": "Вода дошла до половины домов.",
            f"d{direction.pk}-findings_ky": "Суу жарымына жетти.",
        },
    )
    assert saved.status_code == 302 and saved["Location"].endswith("#texts")
    report = MonitoringReport.objects.get()
    assert report.directions.get().findings_ky == "Суу жарымына жетти."

    # a meeting with the population needs the women and the men who came
    missing = group.post(urls["present"], {"to_population_on": "2022-02-10", "women": "12"})
    assert missing.status_code == 400
    assert "сколько мужчин" in _text(missing)
    assert 'value="2022-02-10"' in missing.content.decode()
    presented = group.post(
        urls["present"],
        {
            "to_council_on": "2022-02-01",
            "to_population_on": "2022-02-10",
            "women": "12",
            "men": "9",
        },
    )
    assert presented.status_code == 302
    report.refresh_from_db()
    assert report.is_presented and report.population_men == 9
    # presented: the texts are read, not edited
    assert 'name="findings_ru"' not in group.get(urls["report"]).content.decode()

    council = client_for(kenesh)
    answered = council.post(
        urls["response"],
        {"council_response_ky": "Кеңеш отчётту кабыл алды.", "council_response_on": "2022-02-05"},
    )
    assert answered.status_code == 302
    assert "Кеңеш отчётту кабыл алды." in council.get(urls["report"]).content.decode()

    chair = client_for(aibek)
    empty = chair.post(urls["annual"], {"summary_ru": "", "summary_ky": ""})
    assert empty.status_code == 400 and "хотя бы на одном языке" in _text(empty)
    assert chair.post(urls["annual"], {"summary_ky": "Жыл оор өттү."}).status_code == 302
    heard = council.post(
        urls["hearing"],
        {"presented_on": "2022-02-20", "decision_number": "7", "decision_date": "2022-02-20"},
    )
    assert heard.status_code == 302
    assert AnnualReport.objects.get().decision_number == "7"
    listing = _text(chair.get(urls["list"]))
    assert "кенеш ответил 05.02.2022" in listing and "заслушан кенешем 20.02.2022" in listing


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["aibek", "gulnara", "kenesh", "staff", "shirin"])
def test_the_municipality_and_its_reviewers_read_the_reports(request, handed_in, persona, today):
    reports.report_write(period=handed_in, actor=request.getfixturevalue("shirin"), findings_ru="…")
    reports.annual_report_write(
        programme=handed_in.programme,
        year=2021,
        actor=request.getfixturevalue("aibek"),
        summary_ru="Итоги",
    )
    client = client_for(request.getfixturevalue(persona))
    urls = _urls(handed_in)
    for name in ("list", "report", "annual"):
        assert client.get(urls[name]).status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["nurlan", "naryn_reviewer", None])
def test_outsiders_read_and_write_nothing_of_the_reports(request, handed_in, persona, today):
    shirin, aibek = request.getfixturevalue("shirin"), request.getfixturevalue("aibek")
    report = reports.report_write(period=handed_in, actor=shirin, findings_ru="Выводы")
    annual = reports.annual_report_write(
        programme=handed_in.programme, year=2021, actor=aibek, summary_ru="Итоги"
    )
    client = client_for(request.getfixturevalue(persona)) if persona else Client()
    urls = _urls(handed_in)
    for name in ("list", "report", "annual"):
        response = client.get(urls[name])
        assert response.status_code in (302, 403), name
        if persona is None:
            assert response["Location"].startswith(reverse("login"))
    for name in (
        "report",
        "present",
        "response",
        "annual",
        "hearing",
        "report_documents",
        "annual_documents",
    ):
        response = client.post(
            urls[name],
            {
                "findings_ru": "Чужой текст",
                "summary_ru": "Чужой текст",
                "to_council_on": "2022-02-01",
                "presented_on": "2022-02-01",
                "council_response_ru": "Чужой",
                "council_response_on": "2022-02-02",
                "language": "ru",
            },
        )
        assert response.status_code in (302, 403), name
        if persona is None:
            assert response["Location"].startswith(reverse("login"))
    report.refresh_from_db()
    annual.refresh_from_db()
    assert report.findings_ru == "Выводы" and not report.is_presented
    assert annual.summary_ru == "Итоги" and not annual.is_presented
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_presented_report_is_downloaded_by_anyone(
    handed_in, shirin, today, django_capture_on_commit_callbacks
):
    report = reports.report_write(period=handed_in, actor=shirin, findings_ky="Суу жетти.")
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            kind=kinds[PERIOD_KIND], obj=report, language="ky", actor=shirin
        )
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    public = reverse(
        "monitoring:report_document_public",
        args=[handed_in.programme_id, handed_in.pk, document.pk],
    )
    # a draft of the report: nobody outside downloads it
    assert Client().get(public).status_code == 404
    member = client_for(shirin)
    download = reverse(
        "monitoring:report_document_download",
        args=[handed_in.programme_id, handed_in.pk, document.pk],
    )
    assert member.get(download).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_present(period=handed_in, actor=shirin, to_council_on=date(2022, 2, 1))
    presented = Document.objects.filter(kind=PERIOD_KIND, language="ky").order_by("-pk").first()
    assert presented.pk != document.pk and presented.status == DocumentStatus.DONE
    # the draft rendered before the presentation stays private; the presented one is public
    assert Client().get(public).status_code == 404
    response = Client().get(
        reverse(
            "monitoring:report_document_public",
            args=[handed_in.programme_id, handed_in.pk, presented.pk],
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('gsmio-report-kok-zhar-2021-1-ky.pdf"')
