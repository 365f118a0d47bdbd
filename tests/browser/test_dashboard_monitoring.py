"""The reviewers' dashboard with monitoring, in Chromium: a reviewer of Osh oblast sorts the
municipalities by delayed activities and finds the one with most delays first, in the table
and in the chart under it; axe-core finds no violation in Russian and Kyrgyz, on a desktop and
on a phone, and the page does not scroll sideways on a phone (the table scrolls in its box).

With SHOTS_DIR set, the pages are also saved as images there (390 and 1280 px, ru and ky), to
be looked at."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from monitoring.services import data
from planning.models import Activity, Indicator
from tests.factories import fill
from tests.monitoring.conftest import approve
from tests.monitoring.test_dashboard import neighbours_in_implementation

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def reported(programme, aibek, staff, kenesh, shirin):
    """Кок-Жар in implementation, one activity delayed in 2021 (the summary is counted when
    each write commits: browser tests run in real transactions); two neighbours in
    implementation, one with three delays and one with none."""
    from monitoring.models import ReportingPeriod

    fill(programme)
    Indicator.objects.filter(programme=programme).update(is_sex_disaggregated=True)
    approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)
    period = ReportingPeriod.objects.get(programme=programme, year=2021)
    data.actual_set(
        period=period,
        indicator=Indicator.objects.get(programme=programme),
        actor=shirin,
        value=Decimal(45),
    )
    data.progress_set(
        period=period,
        activity=Activity.objects.get(programme=programme),
        actor=shirin,
        status="delayed",
        percent=30,
        comment="Подрядчик не вышел на работы",
        spending={"local_budget": Decimal(40)},
    )
    busy, calm = neighbours_in_implementation([3, 0])
    return busy, calm


def shoot(page, name: str) -> None:
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def label(lang: str) -> str:
    if lang == "ru":
        return "Мероприятия задерживаются"
    from django.utils import translation

    with translation.override("ky"):
        return translation.gettext("Мероприятия задерживаются")


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_a_reviewer_finds_the_municipality_with_most_delays(page, staff, reported, lang):
    busy, _calm = reported
    busy_name = busy.name_ky if lang == "ky" else busy.name_ru
    log_in(page, staff.email, lang=lang)
    page.goto(f"/{lang}/review/")
    headers = page.locator("table.dashboard thead th")
    delayed = headers.filter(has_text=label(lang))
    delayed.get_by_role("link").click()
    expect(headers.filter(has_text=label(lang))).to_have_attribute("aria-sort", "ascending")
    headers.filter(has_text=label(lang)).get_by_role("link").click()
    expect(headers.filter(has_text=label(lang))).to_have_attribute("aria-sort", "descending")
    first = page.locator("table.dashboard tbody tr").first
    expect(first.locator("th")).to_contain_text(busy_name)
    expect(page.locator("table.dashboard tbody tr").nth(1).locator("th")).to_contain_text(
        "Кок-Жар" if lang == "ru" else "Көк-Жар"
    )
    # the chart, under the table, in the same order
    chart = page.locator("#monitoring-chart svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("g text[font-weight='600']").first).to_have_text(busy_name)
    expect(chart.locator("rect")).to_have_count(6)
    assert_accessible(page)
    shoot(page, f"dashboard-1280-{lang}")
    page.locator(".table-scroll").first.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    shoot(page, f"dashboard-1280-{lang}-right")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    expect(page.locator("#monitoring-chart svg[role=img]")).to_be_visible()
    box = page.locator("#monitoring-chart svg[role=img]").bounding_box()
    assert box["width"] <= 390
    assert_accessible(page)
    shoot(page, f"dashboard-390-{lang}")
    page.locator(".table-scroll").first.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    shoot(page, f"dashboard-390-{lang}-right")
    # the numbers of the chart, as a table
    page.locator("#monitoring-chart details summary").click()
    expect(page.locator("#monitoring-chart details table tbody tr")).to_have_count(3)
    assert_accessible(page)
    shoot(page, f"dashboard-390-{lang}-table")


def test_the_filter_keeps_the_municipalities_with_delays(page, staff, reported):
    _busy, calm = reported
    log_in(page, staff.email)
    page.goto("/ru/review/")
    page.get_by_label("Мониторинг").select_option("delayed")
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"monitoring=delayed"))
    rows = page.locator("table.dashboard tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name=calm.name)).to_have_count(0)
    assert_accessible(page)
