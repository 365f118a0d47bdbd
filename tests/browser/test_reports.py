"""The reports in Chromium: shirin writes the ГСМиО's report of a handed-in period in Kyrgyz on a
phone-sized screen and records its presentation, the council secretary records the council's
response, the chair writes the annual report; an anonymous visitor then finds the progress and
the presented report on the public page and downloads its Kyrgyz PDF. axe finds no violation on
the report pages and the public progress section in Russian and Kyrgyz."""

from datetime import date

import pytest
from playwright.sync_api import expect

from monitoring.models import MonitoringReport, ReportingPeriod
from monitoring.services import periods, reports
from planning.models import Direction, Indicator
from tests.factories import fill
from tests.monitoring.conftest import approve, enter_year

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

FINDINGS_KY = "Суу түтүгү тартылды, бирок жогорку көчөгө суу жете элек."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def handed_in(programme, aibek, staff, kenesh, shirin):
    fill(programme)
    Indicator.objects.filter(programme=programme).update(is_sex_disaggregated=True)
    implemented = approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)
    period = ReportingPeriod.objects.get(programme=implemented, year=2021)
    enter_year(period, shirin, comment="Сел жүрүп, иш токтоп калды")
    return periods.period_submit(period=period, actor=shirin)


def test_the_report_from_writing_to_the_public_pdf(page, handed_in, shirin, kenesh, aibek, shots):
    programme = handed_in.programme
    direction = Direction.objects.get(programme=programme)
    report_url = f"/ky/p/{programme.pk}/monitoring/periods/{handed_in.pk}/report/"
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, shirin.email, lang="ky")
    page.goto(report_url)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert_accessible(page)
    page.locator("[name=findings_ky]").fill(FINDINGS_KY)
    page.locator(f"[name=d{direction.pk}-recommendations_ky]").fill("Насосту алмаштыруу керек.")
    page.locator("#texts button[type=submit]").click()
    expect(page.locator("[name=findings_ky]")).to_have_value(FINDINGS_KY)
    assert MonitoringReport.objects.get().findings_ky == FINDINGS_KY

    # the presentation: a meeting with the population needs the men too; nothing typed is lost
    form = page.locator("#presentation form")
    form.locator("[name=to_council_on]").fill("2022-02-01")
    form.locator("[name=to_population_on]").fill("2022-02-10")
    form.locator("[name=women]").fill("12")
    form.locator("button[type=submit]").click()
    form = page.locator("#presentation form")
    expect(form.locator(".error")).to_be_visible()
    expect(form.locator("[name=women]")).to_have_value("12")
    expect(form.locator("[name=to_council_on]")).to_have_value("2022-02-01")
    form.locator("[name=men]").fill("9")
    form.locator("button[type=submit]").click()
    expect(page.locator("#presentation dl")).to_contain_text("10.02.2022")
    # presented: the texts are read, no longer a form, and the documents are being made
    expect(page.locator("[name=findings_ky]")).to_have_count(0)
    expect(page.locator("#documents tbody tr")).to_have_count(3)
    assert_accessible(page)
    page.screenshot(path=shots / "report-presented-ky-390.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, kenesh.email, lang="ru")
    page.goto(report_url.replace("/ky/", "/ru/"))
    page.locator("[name=council_response_ru]").fill("Принять отчёт, ускорить ремонт насоса.")
    page.locator("[name=council_response_on]").fill("2022-02-05")
    page.locator("#response button[type=submit]").click()
    expect(page.locator("#response")).to_contain_text("Принять отчёт, ускорить ремонт насоса.")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=shots / "report-answered-ru-1280.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, aibek.email, lang="ky")
    page.goto(f"/ky/p/{programme.pk}/monitoring/years/2021/report/")
    assert_accessible(page)
    page.locator("[name=summary_ky]").fill("Жыл оор өттү: сел суу түтүгүн кечиктирди.")
    page.locator("#summary button[type=submit]").click()
    expect(page.locator("[name=summary_ky]")).to_have_value(
        "Жыл оор өттү: сел суу түтүгүн кечиктирди."
    )
    page.screenshot(path=shots / "annual-ky-1280.png", full_page=True)
    page.goto(f"/ky/p/{programme.pk}/monitoring/reports/")
    assert_accessible(page)
    page.screenshot(path=shots / "reports-ky-1280.png", full_page=True)

    # anyone: the public page shows the progress and the presented report's PDF
    page.context.clear_cookies()
    page.goto(f"/ky/public/p/{programme.pk}/")
    section = page.locator("#progress")
    expect(section).to_contain_text("25")
    expect(section.locator("svg.bar")).to_have_count(1)
    assert_accessible(page)
    section.screenshot(path=shots / "public-progress-ky-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    section.screenshot(path=shots / "public-progress-ky-390.png")
    link = section.locator(".public-documents a").filter(has_text="кыргыз")
    with page.expect_download() as download:
        link.first.click()
    assert download.value.suggested_filename == "gsmio-report-kok-zhar-2021-1-ky.pdf"


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_public_progress_is_accessible(page, handed_in, shirin, lang):
    reports.report_write(period=handed_in, actor=shirin, findings_ru="Выводы")
    reports.report_present(period=handed_in, actor=shirin, to_council_on=date(2022, 2, 1))
    page.goto(f"/{lang}/public/p/{handed_in.programme_id}/")
    page.locator("#progress details summary").first.click()
    expect(page.locator("#progress svg.monitoring-chart")).to_be_visible()
    assert_accessible(page)
