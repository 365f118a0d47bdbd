"""Reporting back, end to end in Chromium: a reviewer of Osh oblast finds on the dashboard the
municipality with the most delayed activities, opens its last report from there and downloads
the report's Kyrgyz PDF; an anonymous visitor finds Кок-Жар's public progress and downloads its
open data as CSV."""

import csv
import io
from datetime import date

import pytest
from playwright.sync_api import expect

from documents.models import Document
from monitoring.documents import PERIOD_KIND
from monitoring.models import Frequency, ReportingPeriod
from monitoring.services import periods, reports
from planning.models import Indicator, ProgrammeStatus
from tests.factories import fill, programme_for
from tests.monitoring.conftest import approve, enter_year

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _report_year(programme, shirin, kenesh, *, delayed: bool, findings_ky: str):
    period = enter_year(
        ReportingPeriod.objects.get(programme=programme, year=2021),
        shirin,
        status="delayed" if delayed else "in_progress",
        comment="Сел жүрүп, иш токтоп калды" if delayed else "",
    )
    reports.report_write(period=period, actor=shirin, findings_ky=findings_ky)
    periods.period_submit(period=period, actor=shirin)
    periods.period_close(period=period, actor=kenesh)
    reports.report_present(period=period, actor=shirin, to_council_on=date(2022, 2, 1))
    return period


@pytest.fixture
def two_in_implementation(programme, aibek, staff, kenesh, shirin):
    """Кок-Жар on track; Исанов (Ноокат, Osh) with its one activity delayed and a report."""
    from municipalities.models import Membership, Municipality, Role

    fill(programme)
    Indicator.objects.filter(programme=programme).update(is_sex_disaggregated=True)
    approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)
    _report_year(programme, shirin, kenesh, delayed=False, findings_ky="Баары өз убагында.")

    isanov = Municipality.objects.get(slug="isanov")
    for person, role in ((aibek, Role.WG_CHAIR), (shirin, Role.MONITORING_MEMBER),
                         (kenesh, Role.COUNCIL_SECRETARY)):  # fmt: skip
        Membership.objects.create(user=person, municipality=isanov, role=role)
    # the people again, without the roles they had loaded before
    aibek, shirin, kenesh = (type(p).objects.get(pk=p.pk) for p in (aibek, shirin, kenesh))
    other = programme_for(isanov, aibek, title_ru="Программа Исанова")
    fill(other)
    Indicator.objects.filter(programme=other).update(is_sex_disaggregated=True)
    approve(other, aibek=aibek, staff=staff, kenesh=kenesh)
    assert other.status == ProgrammeStatus.IN_IMPLEMENTATION
    assert ReportingPeriod.objects.filter(programme=other, frequency=Frequency.YEAR).exists()
    period = _report_year(
        other, shirin, kenesh, delayed=True, findings_ky="Суу түтүгү сел менен кечикти."
    )
    return programme, other, period


def test_reviewer_and_visitor_follow_the_implementation(page, staff, two_in_implementation):
    kok_zhar, isanov, period = two_in_implementation
    log_in(page, staff.email, lang="ky")
    page.goto("/ky/review/")
    table = page.locator("table.dashboard")
    from django.utils import translation

    with translation.override("ky"):
        delayed_label = translation.gettext("Мероприятия задерживаются")
    header = table.locator("thead th").filter(has_text=delayed_label)
    header.get_by_role("link").click()  # ascending
    table.locator("thead th").filter(has_text=delayed_label).get_by_role("link").click()
    first = page.locator("table.dashboard tbody tr").first
    expect(first.locator("th")).to_contain_text(isanov.municipality.name_ky)
    assert_accessible(page)
    # its last report, from the row
    first.locator("td a[href*='/report/']").click()
    expect(page).to_have_url(
        f"{page.url.split('/ky/')[0]}/ky/p/{isanov.pk}/monitoring/periods/{period.pk}/report/"
    )
    expect(page.locator("#texts")).to_contain_text("Суу түтүгү сел менен кечикти.")
    assert_accessible(page)
    ky = Document.objects.get(kind=PERIOD_KIND, language="ky", object_id=period.report.pk)
    with page.expect_download() as download:
        page.locator(f"#document-{ky.pk}-action").click()
    assert download.value.suggested_filename == "gsmio-report-isanov-2021-1-ky.pdf"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() or "" for p in PdfReader(download.value.path()).pages)
    assert "Суу түтүгү сел менен кечикти." in " ".join(text.split())

    # anyone: Кок-Жар's public page, its progress, its open data
    page.context.clear_cookies()
    page.goto(f"/ru/public/p/{kok_zhar.pk}/")
    progress = page.locator("#progress")
    expect(progress).to_contain_text("женщины 25, мужчины 20")
    assert_accessible(page)
    open_data = page.locator("#open-data")
    open_data.locator("summary").click()
    link = open_data.locator("a[href$='psep-kok-zhar-activities.csv']")
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert rows and {row["municipality"] for row in rows} == {"kok-zhar"}
    assert any(row.get("title_ky") == "Түтүк төшөө" for row in rows)
