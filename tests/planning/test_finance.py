"""The financial model: forecast of resources, planned costs, the funding gap and its chart."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from planning.models import (
    Activity,
    ActivityCost,
    Direction,
    FundingSource,
    Goal,
    Objective,
    Programme,
    ProgrammeStatus,
    ResourceForecast,
)
from planning.permissions import ProgrammeNotEditable
from planning.selectors.finance import chart_geometry, financial_model, nice_step
from planning.services.finance import resource_forecast_set
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LOCAL = FundingSource.LOCAL_BUDGET
REPUBLICAN = FundingSource.REPUBLICAN_BUDGET
DONOR = FundingSource.DONOR
POPULATION = FundingSource.POPULATION


@pytest.fixture(autouse=True)
def _russian_pages():
    with translation.override("ru"):
        yield


def url(programme):
    return reverse("planning:finance", kwargs={"pk": programme.pk})


def make_objective(programme):
    direction = Direction.objects.create(programme=programme, title_ru="Водоснабжение")
    goal = Goal.objects.create(direction=direction, title_ru="Чистая вода")
    return Objective.objects.create(goal=goal, title_ru="Водопровод")


def make_activity(programme, objective, costs=(), title="Замена труб"):
    """An activity with costs {(year, source): amount}, made with the models."""
    activity = Activity.objects.create(objective=objective, programme=programme, title_ru=title)
    ActivityCost.objects.bulk_create(
        ActivityCost(activity=activity, year=year, source=source, amount=Decimal(amount))
        for (year, source), amount in dict(costs).items()
    )
    return activity


def forecast(programme, values):
    ResourceForecast.objects.bulk_create(
        ResourceForecast(programme=programme, year=year, source=source, amount=Decimal(amount))
        for (year, source), amount in values.items()
    )


def empty_post(programme, **values):
    """What the browser posts: every cell, with the value it showed (the hidden `initial-`
    twin of each cell, from the database as the page was rendered), changed by `values`."""
    shown = {(r.year, r.source): r.amount for r in programme.resource_forecasts.all()}
    data = {}
    for s in FundingSource.values:
        for y in programme.years:
            value = shown.get((y, s))
            text = "" if value is None else str(value)
            data[f"forecast_{s}_{y}"] = text
            data[f"initial-forecast_{s}_{y}"] = text
    data.update(values)
    return data


def assert_login_redirect(response):
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_two_people_saving_the_grid_keep_each_others_cells(aibek, gulnara, programme):
    forecast(programme, {(2020, LOCAL): 100})
    aibek_sees = empty_post(programme)
    gulnara_sees = empty_post(programme)
    aibek_sees["forecast_local_budget_2021"] = "500"
    assert client_for(aibek).post(url(programme), aibek_sees).status_code == 302
    gulnara_sees["forecast_donor_2022"] = "300"
    assert client_for(gulnara).post(url(programme), gulnara_sees).status_code == 302
    values = {(r.year, r.source): r.amount for r in ResourceForecast.objects.all()}
    assert values == {
        (2020, LOCAL): Decimal("100"),
        (2021, LOCAL): Decimal("500"),
        (2022, DONOR): Decimal("300"),
    }


def test_a_cell_changed_meanwhile_is_refused_not_overwritten(aibek, gulnara, programme):
    forecast(programme, {(2020, LOCAL): 100})
    gulnara_sees = empty_post(programme)
    client_for(aibek).post(url(programme), empty_post(programme, forecast_local_budget_2020="150"))
    gulnara_sees["forecast_local_budget_2020"] = "90"
    response = client_for(gulnara).post(url(programme), gulnara_sees)
    assert response.status_code == 400
    assert "Пока вы редактировали, это значение изменили: теперь 150" in response.content.decode()
    assert ResourceForecast.objects.get(year=2020, source=LOCAL).amount == Decimal("150")


# --- who may see and change what ------------------------------------------------------------


class TestPermissions:
    @pytest.mark.parametrize("persona", ["aibek", "gulnara"])
    def test_working_group_gets_the_forecast_form(self, request, persona, programme):
        response = client_for(request.getfixturevalue(persona)).get(url(programme))
        assert response.status_code == 200
        assert 'name="forecast_local_budget_2020"' in response.content.decode()

    @pytest.mark.parametrize("persona", ["aibek", "gulnara"])
    def test_working_group_saves(self, request, persona, programme):
        user = request.getfixturevalue(persona)
        response = client_for(user).post(
            url(programme), empty_post(programme, forecast_local_budget_2020="100")
        )
        assert response.status_code == 302
        row = ResourceForecast.objects.get()
        assert (row.year, row.source, row.amount) == (2020, LOCAL, Decimal("100"))
        assert row.history.first().history_user == user

    def test_reviewer_reads_without_form_and_may_not_post(self, staff, programme):
        forecast(programme, {(2021, DONOR): 250})
        client = client_for(staff)
        response = client.get(url(programme))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="forecast_' not in html
        assert "250,0" in html
        response = client.post(url(programme), empty_post(programme, forecast_donor_2021="999"))
        assert response.status_code == 403
        assert ResourceForecast.objects.get().amount == Decimal(250)

    def test_member_of_another_municipality_gets_403(self, nurlan, programme):
        client = client_for(nurlan)
        assert client.get(url(programme)).status_code == 403
        response = client.post(url(programme), empty_post(programme, forecast_donor_2021="1"))
        assert response.status_code == 403
        assert not ResourceForecast.objects.exists()

    def test_member_sees_only_own_programme_figures(self, nurlan, programme, ak_tal_programme):
        forecast(programme, {(2021, DONOR): 777})
        forecast(ak_tal_programme, {(2021, DONOR): 5})
        response = client_for(nurlan).get(url(ak_tal_programme))
        assert response.status_code == 200
        html = response.content.decode()
        assert "777" not in html
        assert 'name="forecast_donor_2022"' in html  # Ак-Тал's period 2020–2022
        assert 'name="forecast_donor_2023"' not in html

    def test_form_for_years_outside_another_programme_cannot_be_posted(
        self, nurlan, ak_tal_programme
    ):
        """Ак-Тал's programme ends in 2022: a field for 2024 is not part of its form."""
        response = client_for(nurlan).post(
            url(ak_tal_programme), empty_post(ak_tal_programme, forecast_donor_2024="10")
        )
        assert response.status_code == 302
        assert not ResourceForecast.objects.exists()

    def test_anonymous_is_sent_to_log_in(self, client, programme):
        assert_login_redirect(client.get(url(programme)))
        assert_login_redirect(client.post(url(programme), empty_post(programme)))
        assert not ResourceForecast.objects.exists()

    def test_programme_past_draft_is_read_only(self, aibek, programme):
        Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.APPROVED)
        client = client_for(aibek)
        response = client.get(url(programme))
        assert response.status_code == 200
        assert 'name="forecast_' not in response.content.decode()
        response = client.post(url(programme), empty_post(programme, forecast_donor_2021="1"))
        assert response.status_code == 403
        assert not ResourceForecast.objects.exists()


# --- the forecast form ------------------------------------------------------------------------


class TestForecastForm:
    def test_each_field_has_an_accessible_label(self, aibek, programme):
        html = client_for(aibek).get(url(programme)).content.decode()
        for source in FundingSource.values:
            for year in programme.years:
                field_id = f"id_forecast_{source}_{year}"
                assert f'<label class="visually-hidden" for="{field_id}">' in html
        assert "Прогноз: местный бюджет, 2020 год, тыс. сом" in html

    def test_saves_updates_and_deletes_in_one_go(self, aibek, programme):
        forecast(programme, {(2020, LOCAL): 100, (2021, LOCAL): 110, (2022, DONOR): 50})
        data = empty_post(
            programme,
            forecast_local_budget_2020="100",  # unchanged
            forecast_local_budget_2021="1 250,5",  # changed, typed the Russian way
            forecast_population_2024="30.5",  # new
            forecast_donor_2022="",  # cleared: removed
        )
        response = client_for(aibek).post(url(programme), data)
        assert response.status_code == 302
        assert response.url.endswith("#forecast")
        values = {(r.year, r.source): r.amount for r in ResourceForecast.objects.all()}
        assert values == {
            (2020, LOCAL): Decimal("100"),
            (2021, LOCAL): Decimal("1250.5"),
            (2024, POPULATION): Decimal("30.5"),
        }

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("-10", "не может быть отрицательным"),
            ("сто", "Введите число"),
            ("1.25", "1"),
            ("1" * 20, "14"),
            ("NaN", "Введите число"),
        ],
    )
    def test_bad_number_refuses_the_whole_form(self, aibek, programme, typed, message):
        forecast(programme, {(2020, LOCAL): 100})
        data = empty_post(
            programme,
            forecast_local_budget_2020="999",
            forecast_donor_2021=typed,
        )
        response = client_for(aibek).post(url(programme), data)
        assert response.status_code == 400
        form = response.context["form"]
        assert message in " ".join(form.errors["forecast_donor_2021"])
        html = response.content.decode()
        assert "прогноз не сохранён" in html
        assert 'value="999"' in html  # what was typed is kept
        assert f'value="{typed}"' in html
        # nothing written
        assert list(ResourceForecast.objects.values_list("year", "source", "amount")) == [
            (2020, LOCAL, Decimal("100"))
        ]


class TestForecastService:
    def test_year_outside_period_refused_and_nothing_written(self, aibek, programme):
        with pytest.raises(ValidationError) as error:
            resource_forecast_set(
                programme=programme,
                values={(2021, LOCAL): Decimal(1), (2025, LOCAL): Decimal(2)},
                actor=aibek,
            )
        assert "forecast_local_budget_2025" in error.value.message_dict
        assert not ResourceForecast.objects.exists()

    def test_negative_and_unknown_source_refused(self, aibek, programme):
        with pytest.raises(ValidationError) as error:
            resource_forecast_set(
                programme=programme,
                values={(2021, LOCAL): Decimal(-1), (2021, "lottery"): Decimal(2)},
                actor=aibek,
            )
        assert set(error.value.message_dict) == {
            "forecast_local_budget_2021",
            "forecast_lottery_2021",
        }
        assert not ResourceForecast.objects.exists()

    def test_database_keeps_one_row_per_year_and_source(self, programme):
        forecast(programme, {(2021, LOCAL): 1})
        with pytest.raises(IntegrityError), transaction.atomic():
            ResourceForecast.objects.create(programme=programme, year=2021, source=LOCAL, amount=2)

    def test_refused_when_programme_is_not_a_draft(self, aibek, programme):
        Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.IN_REVIEW)
        programme.refresh_from_db()
        with pytest.raises(ProgrammeNotEditable):
            resource_forecast_set(
                programme=programme, values={(2021, LOCAL): Decimal(1)}, actor=aibek
            )


# --- the computed model -----------------------------------------------------------------------


@pytest.fixture
def example(programme):
    """Two activities in 2020–2021 against a forecast, small enough to add up by hand.

    2020: plan local 100 + 50 = 150, donor 200 | forecast local 120, donor 250
    2021: plan local 80, population 40         | forecast local 80
    2019 (outside the period): 10 — not part of the model."""
    objective = make_objective(programme)
    make_activity(programme, objective, {(2020, LOCAL): 100, (2020, DONOR): 200, (2019, LOCAL): 10})
    make_activity(
        programme,
        objective,
        {(2020, LOCAL): 50, (2021, LOCAL): 80, (2021, POPULATION): 40},
        title="Водонапорная башня",
    )
    forecast(programme, {(2020, LOCAL): 120, (2020, DONOR): 250, (2021, LOCAL): 80})
    return programme


class TestFinancialModel:
    def test_gap_by_year_source_and_in_total(self, example):
        model = financial_model(example)
        by_year = {row.year: row for row in model["rows"]}
        y2020 = {line.source: line for line in by_year[2020].lines}
        assert (y2020[LOCAL].planned, y2020[LOCAL].forecast, y2020[LOCAL].gap) == (150, 120, 30)
        assert (y2020[DONOR].planned, y2020[DONOR].forecast, y2020[DONOR].gap) == (200, 250, -50)
        assert (by_year[2020].planned, by_year[2020].forecast, by_year[2020].gap) == (350, 370, -20)
        y2021 = {line.source: line for line in by_year[2021].lines}
        assert y2021[LOCAL].gap == 0 and not y2021[LOCAL].is_shortfall
        assert y2021[POPULATION].gap == 40 and y2021[POPULATION].is_shortfall
        assert by_year[2021].gap == 40
        assert by_year[2022].planned == by_year[2022].forecast == 0
        period = model["period"]
        assert (period.planned, period.forecast, period.gap) == (470, 450, 20)
        assert period.is_shortfall
        assert [(w["year"], w["line"].source) for w in model["warnings"]] == [
            (2020, LOCAL),
            (2021, POPULATION),
        ]
        assert model["planned_outside_period"] == [(2019, Decimal(10))]
        assert model["years_without_forecast"] == [2022, 2023, 2024]

    def test_page_shows_warnings_summary_and_chart(self, gulnara, example):
        html = client_for(gulnara).get(url(example)).content.decode()
        assert "badge--warn" in html
        assert (
            "2020, местный бюджет: план 150,0 тыс. сом превышает прогноз 120,0 тыс. сом "
            "на 30,0 тыс. сом." in html
        )
        assert (
            "2021, вклад населения: план 40,0 тыс. сом превышает прогноз 0,0 тыс. сом "
            "на 40,0 тыс. сом." in html
        )
        assert "дефицит финансирования — 20,0 тыс. сом" in html
        assert "вне периода программы" in html
        # the chart: two bars per programme year, accessible, drawn without JavaScript
        svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
        assert 'role="img"' in svg and "aria-label=" in svg
        assert "<title>" in svg and "<desc" in svg
        assert svg.count('class="chart__bar chart__bar--planned"') == 5
        assert svg.count('class="chart__bar chart__bar--forecast"') == 5
        assert "План: стоимость мероприятий" in svg and "Прогноз ресурсов" in svg
        assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
        # coordinates stay machine-readable on a page whose numbers use a decimal comma
        for attr in re.findall(r'(?:x|y|width|height)="([^"]*)"', svg):
            assert "," not in attr

    def test_no_warning_when_forecast_covers_the_plan(self, aibek, programme):
        objective = make_objective(programme)
        make_activity(programme, objective, {(2022, LOCAL): 100})
        forecast(programme, {(2022, LOCAL): 100})
        model = financial_model(programme)
        assert model["warnings"] == []
        html = client_for(aibek).get(url(programme)).content.decode()
        assert "Где план превышает прогноз" not in html
        assert "совпадают" in html

    def test_empty_model_shows_a_sentence_instead_of_a_chart(self, aibek, programme):
        model = financial_model(programme)
        assert model["chart"] is None
        html = client_for(aibek).get(url(programme)).content.decode()
        assert "<svg" not in html
        assert "Диаграмма появится" in html
        assert "нет ни стоимости мероприятий, ни прогноза" in html

    def test_query_count_does_not_grow_with_activities(
        self, aibek, programme, django_assert_max_num_queries
    ):
        objective = make_objective(programme)
        client = client_for(aibek)
        sources = FundingSource.values

        def add(n, start):
            for i in range(start, start + n):
                make_activity(
                    programme,
                    objective,
                    {(2020 + i % 4, sources[i % len(sources)]): i + 1, (2024, LOCAL): 1},
                    title=f"Мероприятие {i}",
                )

        add(5, 0)
        forecast(programme, {(2020, LOCAL): 10})
        client.get(url(programme))
        with CaptureQueriesContext(connection) as small:
            assert client.get(url(programme)).status_code == 200
        add(95, 5)
        with django_assert_max_num_queries(len(small)):
            response = client.get(url(programme))
        assert response.status_code == 200
        assert financial_model(programme)["period"].planned == sum(range(1, 101)) + 100


class TestChartGeometry:
    def test_nice_steps(self):
        assert nice_step(Decimal(470)) == 200  # 470/4 = 117.5 → 200
        assert nice_step(Decimal(100)) == 25
        assert nice_step(Decimal("1.5")) == Decimal("0.5")
        assert nice_step(Decimal(9000)) == 2500

    def test_bars_scaled_to_the_largest_value(self, example):
        chart = financial_model(example)["chart"]
        plot = chart.bottom - chart.top
        assert chart.axis_max == 400  # 370 rounded up to the next step of 100
        first = chart.groups[0]
        assert first.year == 2020
        assert first.planned.height == pytest.approx(plot * 350 / 400, abs=0.1)
        assert first.forecast.height == pytest.approx(plot * 370 / 400, abs=0.1)
        assert first.planned.y + first.planned.height == pytest.approx(chart.bottom, abs=0.1)
        assert chart.groups[2].planned.height == 0  # 2022: nothing
        assert [t.value for t in chart.ticks] == [0, 100, 200, 300, 400]
        assert chart.ticks[-1].y == chart.top and chart.ticks[0].y == chart.bottom
        # bars of a year do not overlap and stay inside the plot
        for group in chart.groups:
            assert group.planned.x + group.planned.width < group.forecast.x
            assert chart.left <= group.planned.x
            assert group.forecast.x + group.forecast.width <= chart.right

    def test_tiny_value_stays_visible(self, programme):
        objective = make_objective(programme)
        make_activity(programme, objective, {(2020, LOCAL): "0.1", (2021, LOCAL): 100000})
        chart = financial_model(programme)["chart"]
        assert chart.groups[0].planned.height >= 1

    def test_nothing_to_draw(self):
        assert chart_geometry([]) is None


def test_the_page_carries_the_values_it_showed(aibek, programme):
    forecast(programme, {(2020, LOCAL): 100})
    body = client_for(aibek).get(url(programme)).content.decode()
    assert 'name="initial-forecast_local_budget_2020" value="100"' in body
