"""Open data in Chromium: an anonymous visitor finds Кок-Жар's programme from the home page,
follows the link of its public page to the open data and downloads the CSV of its activities
(with its Kyrgyz letters intact); axe-core finds no violation on the open-data page in Russian
and Kyrgyz, at a phone's width and a desktop's, nor on the public page with the section open.
Screenshots go to $SCREENSHOTS_DIR to look at them, else to the test's folder."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from monitoring.models import ReportingPeriod
from monitoring.services import data, periods
from planning.models import Activity, Indicator
from tests.factories import fill
from tests.monitoring.conftest import approve

from .conftest import assert_accessible

pytestmark = pytest.mark.browser

KY_TITLE = "Жаңы-Айылда түтүк төшөө, суу үчүн"


@pytest.fixture
def implemented(programme, aibek, staff, kenesh, shirin):
    """Кок-Жар's programme in implementation, its period of 2021 handed in."""
    from decimal import Decimal

    activity = fill(programme)
    Activity.objects.filter(pk=activity.pk).update(title_ky=KY_TITLE)
    programme = approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)
    period = ReportingPeriod.objects.get(programme=programme, year=2021)
    data.actual_set(
        period=period,
        indicator=Indicator.objects.get(programme=programme),
        actor=shirin,
        value=Decimal("56"),
    )
    data.progress_set(
        period=period,
        activity=Activity.objects.get(programme=programme),
        actor=shirin,
        status="in_progress",
        percent=60,
        spending={"local_budget": Decimal("40.5")},
    )
    periods.period_submit(period=period, actor=shirin)
    return programme


def test_a_visitor_downloads_kok_zhar_csv_from_its_public_page(page, implemented, shots):
    page.goto("/ru/")
    page.get_by_role("link", name="Кок-Жарский айылный аймак").first.click()
    page.get_by_role("link", name=implemented.title_ru).first.click()
    expect(page.locator("h1")).to_contain_text(implemented.title_ru)
    section = page.locator("#open-data")
    expect(section.get_by_role("heading", name="Открытые данные")).to_be_visible()
    section.locator("summary").click()
    expect(section.get_by_role("link", name="CSV — Мероприятия")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(shots / "public-section-1280.png"), full_page=True)

    section.get_by_role("link", name="Открытые данные всех муниципалитетов").click()
    expect(page.locator("h1")).to_have_text("Открытые данные программ развития")
    row = page.locator("#m-kok-zhar")
    row.locator("summary").click()
    with page.expect_download() as caught:
        row.get_by_role("link", name="CSV — Мероприятия").click()
    download = caught.value
    assert download.suggested_filename == "psep-kok-zhar-activities.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    (activity,) = list(csv.DictReader(io.StringIO(text)))
    assert activity["title_ky"] == KY_TITLE
    assert (activity["status"], activity["percent_complete"]) == ("in_progress", "60")


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_open_data_page_is_accessible(page, implemented, lang, width, shots):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/{lang}/open-data/")
    expect(page.locator("h1")).to_be_visible()
    # the menu leads here from every page
    expect(page.locator(f'.site-nav a[href="/{lang}/open-data/"]')).to_have_attribute(
        "aria-current", "page"
    )
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.locator("#m-kok-zhar summary").click()
    page.locator("#file-activities summary").click()
    assert_accessible(page)
    page.screenshot(path=str(shots / f"opendata-{lang}-{width}.png"), full_page=True)


def test_the_empty_page_is_accessible(page, programme, shots):
    page.goto("/ky/open-data/")
    expect(page.locator(".empty")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(shots / "opendata-empty-ky-1280.png"), full_page=True)
