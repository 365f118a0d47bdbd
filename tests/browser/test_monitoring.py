"""Monitoring in Chromium, in Kyrgyz: shirin, a member of Кок-Жар's ГСМиО, fills the open period
on a phone-sized screen — an actual with women and men (a wrong split is refused and what she
typed stays), the progress of an activity with the money spent — the roll-up and the chart
change, she hands the period in and nothing can change it any more. axe finds no violation on
the monitoring, entry and chart pages in Russian and Kyrgyz."""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from monitoring.models import ActivitySpending, IndicatorActual, PeriodStatus, ReportingPeriod
from planning.models import Activity, Indicator
from tests.factories import fill
from tests.monitoring.conftest import approve, enter_year

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _ky(text: str) -> str:
    with translation.override("ky"):
        return translation.gettext(text)


@pytest.fixture
def implemented(programme, aibek, staff, kenesh, shirin):
    fill(programme)
    Indicator.objects.filter(programme=programme).update(is_sex_disaggregated=True)
    return approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)


def test_shirin_fills_and_hands_in_a_period_in_kyrgyz(page, implemented, shirin):
    period = ReportingPeriod.objects.get(programme=implemented, year=2021)
    indicator = Indicator.objects.get(programme=implemented)
    activity = Activity.objects.get(programme=implemented)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, shirin.email, lang="ky")
    entry = f"/ky/p/{implemented.pk}/monitoring/periods/{period.pk}/"
    page.goto(entry)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert_accessible(page)

    item = page.locator(f"#indicator-{indicator.pk}")
    prefix = f"indicator-{indicator.pk}"
    item.locator(f"[name={prefix}-value]").fill("56")
    item.locator(f"[name={prefix}-women]").fill("30")
    item.locator(f"[name={prefix}-men]").fill("20")
    item.locator(f"[name={prefix}-source]").fill("Үй чарбаларын эсепке алуу китеби")
    item.locator("button[type=submit]").click()
    # refused in place, in Kyrgyz, with what she typed kept
    item = page.locator(f"#indicator-{indicator.pk}")
    expect(item.locator(".error")).to_be_visible()
    expect(item.locator(f"[name={prefix}-men]")).to_have_value("20")
    expect(item.locator(f"[name={prefix}-source]")).to_have_value(
        "Үй чарбаларын эсепке алуу китеби"
    )
    assert not IndicatorActual.objects.exists()
    item.locator(f"[name={prefix}-men]").fill("26")
    item.locator("button[type=submit]").click()
    expect(page.locator(f"#indicator-{indicator.pk} [role=status]")).to_be_visible()
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.women, actual.men) == (56, 30, 26)

    work = page.locator(f"#activity-{activity.pk}")
    a = f"activity-{activity.pk}"
    work.locator(f"[name={a}-status]").select_option("in_progress")
    work.locator(f"[name={a}-percent]").fill("60")
    work.locator(f"[name={a}-spent_local_budget]").fill("40,5")
    work.locator("button[type=submit]").click()
    expect(page.locator(f"#activity-{activity.pk} [role=status]")).to_be_visible()
    assert ActivitySpending.objects.get().amount == Decimal("40.5")

    # the roll-up and the chart show it
    page.goto(f"/ky/p/{implemented.pk}/monitoring/")
    expect(page.locator(".summary-figures")).to_contain_text("60 %")
    assert_accessible(page)
    page.goto(f"/ky/p/{implemented.pk}/monitoring/indicators/{indicator.pk}/")
    expect(page.locator("svg.monitoring-chart circle")).not_to_have_count(0)
    assert_accessible(page)

    # she hands it in: the page has no forms any more, and a POST is refused
    page.goto(entry)
    page.locator(".period-actions .button").click()
    page.locator("main form button.button").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(entry)}$"))
    assert ReportingPeriod.objects.get(pk=period.pk).status == PeriodStatus.SUBMITTED
    expect(page.locator(f"[name={prefix}-value]")).to_have_count(0)
    response = page.request.post(
        f"/ky/p/{implemented.pk}/monitoring/periods/{period.pk}/indicators/{indicator.pk}/",
        form={f"{prefix}-value": "99"},
    )
    assert response.status == 403
    assert IndicatorActual.objects.get().value == 56


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_monitoring_pages_are_accessible_to_a_reader(page, implemented, kenesh, shirin, lang):
    period = enter_year(ReportingPeriod.objects.get(programme=implemented, year=2021), shirin)
    indicator = Indicator.objects.get(programme=implemented)
    chart = f"/{lang}/p/{implemented.pk}/monitoring/indicators/{indicator.pk}/"
    log_in(page, kenesh.email, lang=lang)
    for url in (
        f"/{lang}/p/{implemented.pk}/monitoring/",
        f"/{lang}/p/{implemented.pk}/monitoring/periods/{period.pk}/",
        chart,
        f"/{lang}/m/{implemented.municipality.slug}/monitoring-group/",
    ):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        if url == chart:
            # the chart is drawn, in the language of the page
            expect(page.locator("svg.monitoring-chart circle")).not_to_have_count(0)
            expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page)
