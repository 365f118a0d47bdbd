"""Amounts typed in a browser whose own language is not the page's: «150,5» in a browser set to
English is 150.5, not 1 505; a value that could mean two things is refused with both readings
and nothing saved; and no page of the drafting asks the browser for a number."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from planning.models import ActivityCost, IndicatorTarget, ResourceForecast
from tests.factories import fill

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def context_in(browser, live_server):
    """A browser context whose own language (navigator.language, number formats) is `locale`."""
    contexts = []

    def make(locale):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _activity_url(programme, activity, lang="ru"):
    return f"/{lang}/p/{programme.pk}/activities/{activity.pk}/"


@pytest.mark.parametrize("locale", ["en-US", "ru-RU"])
def test_a_decimal_comma_is_read_whatever_the_browser_language(
    context_in, programme, aibek, locale
):
    activity = fill(programme)
    page = context_in(locale)
    log_in(page, aibek.email)
    page.goto(_activity_url(programme, activity))
    cell = page.get_by_label("местный бюджет, 2022")
    expect(cell).to_have_attribute("inputmode", "decimal")
    cell.fill("150,5")
    page.get_by_label("донор / грант, 2023").fill("1 250,5")
    page.get_by_role("button", name="Сохранить").click()
    expect(page).to_have_url(re.compile(r"/plan/#activity-\d+$"))
    costs = {(c.year, c.source): c.amount for c in ActivityCost.objects.filter(activity=activity)}
    assert costs[(2022, "local_budget")] == Decimal("150.5")
    assert costs[(2023, "donor")] == Decimal("1250.5")

    page.goto(_activity_url(programme, activity))
    expect(page.get_by_label("местный бюджет, 2022")).to_have_value("150,5")


@pytest.mark.parametrize("locale", ["en-US", "ru-RU"])
def test_a_value_that_means_two_things_is_refused_with_both_readings(
    context_in, programme, aibek, locale
):
    activity = fill(programme)
    page = context_in(locale)
    log_in(page, aibek.email)
    page.goto(_activity_url(programme, activity))
    page.get_by_label("местный бюджет, 2022").fill("1,500")
    page.get_by_role("button", name="Сохранить").click()
    expect(
        page.get_by_text("«1,500» можно прочитать и как 1 500, и как 1,5: напишите 1 500 или 1,5.")
    ).to_be_visible()
    expect(page.get_by_label("местный бюджет, 2022")).to_have_value("1,500")
    expect(page.get_by_label("местный бюджет, 2022")).to_have_attribute("aria-invalid", "true")
    assert not ActivityCost.objects.filter(activity=activity, year=2022).exists()
    assert_accessible(page)


def test_targets_and_forecasts_are_read_the_same_way(context_in, programme, aibek):
    fill(programme)
    page = context_in("en-US")
    log_in(page, aibek.email)
    indicator = programme.indicators.get()
    page.goto(f"/ru/p/{programme.pk}/indicators/{indicator.pk}/")
    page.get_by_label("Целевое значение на 2022 год").fill("52,5")
    page.get_by_role("button", name="Сохранить").click()
    expect(page).not_to_have_url(re.compile(r"/indicators/\d+/$"))
    assert IndicatorTarget.objects.get(indicator=indicator, year=2022).value == Decimal("52.5")

    page.goto(f"/ru/p/{programme.pk}/finance/")
    page.get_by_label("Прогноз: местный бюджет, 2023 год, тыс. сом").fill("1 500,5")
    page.get_by_role("button", name="Сохранить прогноз").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert ResourceForecast.objects.get(
        programme=programme, year=2023, source="local_budget"
    ).amount == Decimal("1500.5")


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_no_form_of_the_drafting_is_a_number_input(page, programme, aibek, lang):
    activity = fill(programme)
    indicator = programme.indicators.get()
    log_in(page, aibek.email, lang=lang)
    pk = programme.pk
    for url in [
        f"/{lang}/m/kok-zhar/programmes/new/",
        f"/{lang}/p/{pk}/header/",
        f"/{lang}/p/{pk}/vision/",
        f"/{lang}/p/{pk}/passport/edit/",
        f"/{lang}/p/{pk}/passport/villages/new/",
        f"/{lang}/p/{pk}/passport/budget/new/",
        f"/{lang}/p/{pk}/analysis/drinking-water/figures/new/",
        f"/{lang}/p/{pk}/analysis/drinking-water/problems/new/",
        f"/{lang}/p/{pk}/indicators/new/",
        f"/{lang}/p/{pk}/indicators/{indicator.pk}/",
        f"/{lang}/p/{pk}/finance/",
        f"/{lang}/p/{pk}/activities/{activity.pk}/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("input[type=number]").count() == 0, url
        assert page.locator("input[inputmode]").count() > 0, url
