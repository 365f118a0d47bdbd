"""Indicators (the programme's M&E plan): list, add, edit, delete, targets per year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from planning.models import (
    Activity,
    Direction,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Programme,
    ProgrammeStatus,
)
from planning.permissions import ProgrammeNotEditable
from planning.services.indicators import (
    indicator_create,
    indicator_delete,
    indicator_targets_set,
    indicator_update,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _russian_pages():
    """reverse() gives /ru/ URLs even after a test visited a Kyrgyz page."""
    with translation.override("ru"):
        yield


def make_tree(programme, prefix="Водоснабжение"):
    """direction 1 → goal 1.1 → objective 1.1.1 → one activity, made with the models."""
    direction = Direction.objects.create(
        programme=programme, title_ru=prefix, title_ky="Суу менен камсыздоо"
    )
    goal = Goal.objects.create(
        direction=direction,
        title_ru="Чистая питьевая вода в каждом селе",
        title_ky="Ар бир айылда таза ичүүчү суу",
    )
    objective = Objective.objects.create(
        goal=goal,
        title_ru="Восстановить водопровод",
        title_ky="Суу түтүгүн калыбына келтирүү",
    )
    activity = Activity.objects.create(
        objective=objective,
        programme=programme,
        title_ru="Замена труб",
        title_ky="Түтүктөрдү алмаштыруу",
    )
    return direction, goal, objective, activity


def make_indicator(programme, goal=None, objective=None, name="Доля домохозяйств с водой", **kw):
    values = {
        "name_ru": name,
        "name_ky": "Суу менен камсыздалган үй чарбалары",
        "unit": Indicator.Unit.PERCENT,
        "means_of_verification_ru": "Отчёт айыл окмоту",
        **kw,
    }
    return Indicator.objects.create(programme=programme, goal=goal, objective=objective, **values)


def list_url(programme):
    return reverse("planning:indicators", kwargs={"pk": programme.pk})


def add_url(programme):
    return reverse("planning:indicator_add", kwargs={"pk": programme.pk})


def edit_url(programme, indicator):
    return reverse(
        "planning:indicator_edit", kwargs={"pk": programme.pk, "indicator_pk": indicator.pk}
    )


def delete_url(programme, indicator):
    return reverse(
        "planning:indicator_delete", kwargs={"pk": programme.pk, "indicator_pk": indicator.pk}
    )


def form_data(goal=None, objective=None, **overrides):
    data = {
        "attached_to": f"goal:{goal.pk}" if goal else f"objective:{objective.pk}",
        "activity": "",
        "name_ru": "Доля домохозяйств с питьевой водой",
        "name_ky": "Ичүүчү суу менен камсыздалган үй чарбаларынын үлүшү",
        "unit": "percent",
        "direction": "increase",
        "baseline_value": "45",
        "baseline_year": "2019",
        "means_of_verification_ru": "Отчёт айыл окмоту",
        "means_of_verification_ky": "Айыл өкмөтүнүн отчету",
        "target_2020": "50",
        "target_2021": "60",
        "target_2022": "",
        "target_2023": "80",
        "target_2024": "95,5",
    }
    data.update(overrides)
    return data


@pytest.fixture
def tree(programme):
    return make_tree(programme)


@pytest.fixture
def goal(tree):
    return tree[1]


@pytest.fixture
def objective(tree):
    return tree[2]


@pytest.fixture
def indicator(programme, goal):
    return make_indicator(programme, goal=goal)


@pytest.fixture
def foreign_indicator(ak_tal_programme):
    _direction, goal, _objective, _activity = make_tree(ak_tal_programme, prefix="Дороги")
    return make_indicator(ak_tal_programme, goal=goal, name="Отремонтировано дорог")


def assert_login_redirect(response):
    assert response.status_code == 302
    assert reverse("login") in response.url


# --- who may see and change what ------------------------------------------------------------


class TestPermissions:
    @pytest.mark.parametrize("persona", ["aibek", "gulnara"])
    def test_working_group_sees_list_with_edit_links(self, request, persona, programme, indicator):
        response = client_for(request.getfixturevalue(persona)).get(list_url(programme))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Доля домохозяйств с водой" in html
        assert edit_url(programme, indicator) in html
        assert delete_url(programme, indicator) in html

    def test_reviewer_reads_without_edit_links(self, staff, programme, indicator):
        response = client_for(staff).get(list_url(programme))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Доля домохозяйств с водой" in html
        assert edit_url(programme, indicator) not in html
        assert add_url(programme) not in html

    @pytest.mark.parametrize("name", ["add", "edit", "delete"])
    def test_reviewer_may_not_change(self, staff, programme, indicator, goal, name):
        url = {
            "add": add_url(programme),
            "edit": edit_url(programme, indicator),
            "delete": delete_url(programme, indicator),
        }[name]
        client = client_for(staff)
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(goal=goal)).status_code == 403
        assert Indicator.objects.count() == 1
        assert not IndicatorTarget.objects.exists()

    def test_member_of_another_municipality_gets_403_everywhere(
        self, nurlan, programme, indicator, goal
    ):
        client = client_for(nurlan)
        for url in (
            list_url(programme),
            add_url(programme),
            edit_url(programme, indicator),
            delete_url(programme, indicator),
        ):
            assert client.get(url).status_code == 403, url
            assert client.post(url, form_data(goal=goal)).status_code == 403, url
        assert Indicator.objects.filter(programme=programme).count() == 1

    def test_foreign_indicator_through_own_programme_is_404(
        self, nurlan, ak_tal_programme, indicator
    ):
        """Нурлан's own programme with an indicator id of Кок-Жар."""
        client = client_for(nurlan)
        assert client.get(edit_url(ak_tal_programme, indicator)).status_code == 404
        assert client.get(delete_url(ak_tal_programme, indicator)).status_code == 404
        assert client.post(delete_url(ak_tal_programme, indicator)).status_code == 404
        assert Indicator.objects.filter(pk=indicator.pk).exists()

    def test_member_works_on_own_programme(self, nurlan, ak_tal_programme, foreign_indicator):
        client = client_for(nurlan)
        assert client.get(list_url(ak_tal_programme)).status_code == 200
        assert client.get(edit_url(ak_tal_programme, foreign_indicator)).status_code == 200

    def test_anonymous_is_sent_to_log_in(self, client, programme, indicator):
        for url in (
            list_url(programme),
            add_url(programme),
            edit_url(programme, indicator),
            delete_url(programme, indicator),
        ):
            assert_login_redirect(client.get(url))
            assert_login_redirect(client.post(url))
        assert Indicator.objects.filter(pk=indicator.pk).exists()

    def test_programme_past_draft_refuses_edits_but_shows_list(
        self, aibek, programme, indicator, goal
    ):
        Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.IN_REVIEW)
        client = client_for(aibek)
        response = client.get(list_url(programme))
        assert response.status_code == 200
        assert edit_url(programme, indicator) not in response.content.decode()
        assert client.get(add_url(programme)).status_code == 403
        assert client.post(add_url(programme), form_data(goal=goal)).status_code == 403
        assert client.post(delete_url(programme, indicator)).status_code == 403
        assert Indicator.objects.count() == 1


# --- the list --------------------------------------------------------------------------------


class TestList:
    def test_empty_state_links_to_first_indicator(self, gulnara, programme, goal):
        html = client_for(gulnara).get(list_url(programme)).content.decode()
        assert "Индикаторов пока нет" in html
        assert add_url(programme) in html

    def test_empty_state_without_goals_says_what_comes_first(self, gulnara, programme):
        html = client_for(gulnara).get(list_url(programme)).content.decode()
        assert "Индикаторов пока нет" in html
        assert "а их в программе ещё нет" in html
        assert add_url(programme) not in html

    def test_grouped_under_numbered_goal_and_objective(self, aibek, programme, tree):
        _direction, _goal, objective, activity = tree
        # a second direction comes after the first one by sort order
        second = Direction.objects.create(programme=programme, title_ru="Дороги", sort_order=5)
        road_goal = Goal.objects.create(direction=second, title_ru="Дороги без ям", title_ky="")
        make_indicator(programme, goal=road_goal, name="Отремонтировано дорог")
        on_objective = make_indicator(
            programme, objective=objective, name="Построено км водопровода", activity=activity
        )
        IndicatorTarget.objects.create(indicator=on_objective, year=2021, value=Decimal("12.5"))
        html = client_for(aibek).get(list_url(programme)).content.decode()
        assert "Задача 1.1.1" in html
        assert "Цель 2.1" in html
        assert html.index("Задача 1.1.1") < html.index("Цель 2.1")
        assert "Построено км водопровода" in html
        assert "12,5" in html  # the 2021 target, in the page language's format
        assert "Замена труб" in html  # the optional activity
        # a title written only in Russian is shown on the Kyrgyz page, marked
        ky = client_for(aibek).get(list_url(programme).replace("/ru/", "/ky/", 1))
        assert "Дороги без ям" in ky.content.decode()

    def test_query_count_does_not_grow(self, aibek, programme, tree, django_assert_max_num_queries):
        _direction, goal, objective, activity = tree
        client = client_for(aibek)

        def add(n):
            for i in range(n):
                ind = make_indicator(
                    programme,
                    goal=goal if i % 2 else None,
                    objective=None if i % 2 else objective,
                    activity=activity,
                    name=f"Индикатор {i}",
                    baseline_value=Decimal(i),
                    baseline_year=2019,
                )
                IndicatorTarget.objects.bulk_create(
                    IndicatorTarget(indicator=ind, year=y, value=Decimal(i))
                    for y in programme.years
                )

        add(5)
        client.get(list_url(programme))  # warm up the session and the caches
        with CaptureQueriesContext(connection) as small:
            assert client.get(list_url(programme)).status_code == 200
        add(55)
        with django_assert_max_num_queries(len(small)):
            response = client.get(list_url(programme))
        assert response.content.decode().count('id="indicator-') == 60


# --- adding, editing, deleting ------------------------------------------------------------------


class TestAdd:
    def test_form_offers_goals_and_objectives_grouped_by_direction(self, aibek, programme, tree):
        _direction, goal, objective, _activity = tree
        html = client_for(aibek).get(add_url(programme)).content.decode()
        assert "<optgroup" in html
        assert f'value="goal:{goal.pk}"' in html
        assert f'value="objective:{objective.pk}"' in html
        for year in programme.years:
            assert f'name="target_{year}"' in html
        assert 'name="target_2025"' not in html

    def test_preselects_the_goal_from_the_list_link(self, aibek, programme, goal):
        html = client_for(aibek).get(add_url(programme) + f"?attached_to=goal:{goal.pk}").content
        assert f'value="goal:{goal.pk}" selected'.encode() in html

    def test_saves_indicator_and_targets_per_year(self, gulnara, programme, goal, tree):
        activity = tree[3]
        response = client_for(gulnara).post(
            add_url(programme), form_data(goal=goal, activity=activity.pk, is_cumulative="on")
        )
        assert response.status_code == 302
        indicator = Indicator.objects.get()
        assert response.url.endswith(f"#indicator-{indicator.pk}")
        assert indicator.goal == goal and indicator.objective is None
        assert indicator.activity == activity
        assert indicator.name_ky == "Ичүүчү суу менен камсыздалган үй чарбаларынын үлүшү"
        assert indicator.is_cumulative
        assert indicator.baseline_value == Decimal("45") and indicator.baseline_year == 2019
        assert dict(indicator.targets.values_list("year", "value")) == {
            2020: Decimal("50"),
            2021: Decimal("60"),
            2023: Decimal("80"),
            2024: Decimal("95.5"),
        }
        assert indicator.history.first().history_user == gulnara

    def test_attached_to_an_objective(self, aibek, programme, objective):
        client_for(aibek).post(add_url(programme), form_data(objective=objective))
        indicator = Indicator.objects.get()
        assert indicator.objective == objective and indicator.goal is None

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"target_2021": "много"}, "target_2021", "Введите число"),
            ({"target_2021": "-5"}, "target_2021", "не может быть отрицательным"),
            ({"target_2021": "1.234"}, "target_2021", "2"),
            ({"baseline_value": "-1"}, "baseline_value", "не может быть отрицательным"),
            ({"baseline_year": "2025"}, "baseline_year", "позже конца программы (2024)"),
            ({"baseline_year": ""}, "baseline_year", "Укажите год"),
            ({"name_ru": "", "name_ky": ""}, "name_ru", "хотя бы на одном языке"),
            ({"name_ru": "я" * 100_000}, "name_ru", "500"),
            ({"attached_to": ""}, "attached_to", "Обязательное поле"),
            ({"attached_to": "goal:999999"}, "attached_to", "Выберите"),
            ({"unit": "parsec"}, "unit", "Выберите"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_written(
        self, aibek, programme, goal, overrides, field, message
    ):
        response = client_for(aibek).post(add_url(programme), form_data(goal=goal, **overrides))
        assert response.status_code == 400
        form = response.context["form"]
        assert field in form.errors, form.errors
        assert message in " ".join(form.errors[field])
        assert not Indicator.objects.exists()
        assert not IndicatorTarget.objects.exists()
        # what the person typed is kept
        assert "Айыл өкмөтүнүн отчету" in response.content.decode()

    def test_goal_of_another_municipality_is_refused(
        self, aibek, programme, goal, foreign_indicator
    ):
        response = client_for(aibek).post(
            add_url(programme), form_data(goal=foreign_indicator.goal)
        )
        assert response.status_code == 400
        assert "attached_to" in response.context["form"].errors
        assert not Indicator.objects.filter(programme=programme).exists()

    def test_activity_of_another_municipality_is_refused(
        self, aibek, programme, goal, ak_tal_programme
    ):
        foreign_activity = make_tree(ak_tal_programme, prefix="Дороги")[3]
        response = client_for(aibek).post(
            add_url(programme), form_data(goal=goal, activity=foreign_activity.pk)
        )
        assert response.status_code == 400
        assert "activity" in response.context["form"].errors
        assert not Indicator.objects.filter(programme=programme).exists()

    def test_activity_must_belong_to_the_chosen_goal(self, aibek, programme, tree):
        _direction, _goal, _objective, activity = tree
        other_goal = Goal.objects.create(direction=tree[0], title_ru="Другая")
        with pytest.raises(ValidationError) as error:
            indicator_create(
                programme=programme,
                actor=aibek,
                goal=other_goal,
                activity=activity,
                name_ru="Индикатор",
                unit="number",
                means_of_verification_ru="Отчёт",
            )
        assert "activity" in error.value.message_dict
        assert not Indicator.objects.exists()

    def test_kyrgyz_letters_survive(self, aibek, programme, goal):
        text = "Таза суу менен камсыздалган үй чарбалары: Ң ң Ө ө Ү ү"
        client_for(aibek).post(add_url(programme), form_data(goal=goal, name_ru="", name_ky=text))
        indicator = Indicator.objects.get()
        assert indicator.name_ky == text
        assert indicator.name == text  # the default column falls back to Kyrgyz
        html = client_for(aibek).get(list_url(programme)).content.decode()
        assert text in html
        assert "нет текста на русском" in html


class TestEdit:
    def test_changes_indicator_and_targets_together(self, aibek, programme, indicator, goal):
        IndicatorTarget.objects.create(indicator=indicator, year=2020, value=10)
        IndicatorTarget.objects.create(indicator=indicator, year=2022, value=30)
        client = client_for(aibek)
        form = client.get(edit_url(programme, indicator)).context["form"]
        assert form.initial["attached_to"] == f"goal:{goal.pk}"
        data = form_data(
            goal=goal,
            revision=indicator.revision,
            name_ru="Доля домохозяйств с водой, %",
            target_2020="15",
            target_2021="",
            target_2022="",
            target_2023="",
            target_2024="40",
        )
        response = client.post(edit_url(programme, indicator), data)
        assert response.status_code == 302
        indicator.refresh_from_db()
        assert indicator.name_ru == "Доля домохозяйств с водой, %"
        assert indicator.revision == 2
        assert dict(indicator.targets.values_list("year", "value")) == {
            2020: Decimal("15"),
            2024: Decimal("40"),
        }

    def test_second_save_over_a_newer_revision_is_refused(
        self, aibek, gulnara, programme, indicator, goal
    ):
        data = form_data(goal=goal, revision=1, name_ru="Вариант Айбека")
        assert client_for(aibek).post(edit_url(programme, indicator), data).status_code == 302
        data = form_data(goal=goal, revision=1, name_ru="Вариант Гульнары", target_2020="77")
        response = client_for(gulnara).post(edit_url(programme, indicator), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Вариант Гульнары" in html  # what she typed is kept
        assert "Вариант Айбека" in html  # and she sees what changed
        indicator.refresh_from_db()
        assert indicator.name_ru == "Вариант Айбека"
        assert not indicator.targets.filter(value=77).exists()

    def test_bad_target_keeps_old_targets(self, aibek, programme, indicator, goal):
        IndicatorTarget.objects.create(indicator=indicator, year=2020, value=10)
        data = form_data(
            goal=goal, revision=1, name_ru="Новое имя", target_2020="20", target_2021="x"
        )
        response = client_for(aibek).post(edit_url(programme, indicator), data)
        assert response.status_code == 400
        indicator.refresh_from_db()
        assert indicator.name_ru == "Доля домохозяйств с водой"
        assert dict(indicator.targets.values_list("year", "value")) == {2020: Decimal("10")}


class TestDelete:
    def test_get_asks_for_confirmation_and_deletes_nothing(self, gulnara, programme, indicator):
        response = client_for(gulnara).get(delete_url(programme, indicator))
        assert response.status_code == 200
        assert '<form method="post"' in response.content.decode()
        assert Indicator.objects.filter(pk=indicator.pk).exists()

    def test_post_deletes_with_targets(self, gulnara, programme, indicator):
        IndicatorTarget.objects.create(indicator=indicator, year=2020, value=10)
        response = client_for(gulnara).post(delete_url(programme, indicator))
        assert response.status_code == 302
        assert response.url == list_url(programme)
        assert not Indicator.objects.exists()
        assert not IndicatorTarget.objects.exists()
        assert Indicator.history.filter(history_type="-").first().history_user == gulnara


# --- the services ---------------------------------------------------------------------------


class TestTargetsService:
    def test_year_outside_period_is_refused_and_nothing_written(self, aibek, indicator):
        with pytest.raises(ValidationError) as error:
            indicator_targets_set(
                indicator=indicator,
                targets={2021: Decimal("5"), 2025: Decimal("9")},
                actor=aibek,
            )
        assert "target_2025" in error.value.message_dict
        assert "вне периода программы (2020–2024)" in error.value.message_dict["target_2025"][0]
        assert not IndicatorTarget.objects.exists()

    def test_year_before_period_is_refused(self, aibek, indicator):
        with pytest.raises(ValidationError):
            indicator_targets_set(indicator=indicator, targets={2019: Decimal(1)}, actor=aibek)
        assert not IndicatorTarget.objects.exists()

    def test_sets_updates_and_removes(self, aibek, indicator):
        indicator_targets_set(
            indicator=indicator, targets={2020: Decimal(1), 2021: Decimal(2)}, actor=aibek
        )
        indicator_targets_set(
            indicator=indicator, targets={2020: Decimal(5), 2021: None}, actor=aibek
        )
        assert dict(indicator.targets.values_list("year", "value")) == {2020: Decimal(5)}
        assert IndicatorTarget.objects.count() == 1  # changed in place, not duplicated

    def test_database_keeps_one_target_per_year(self, indicator):
        IndicatorTarget.objects.create(indicator=indicator, year=2021, value=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            IndicatorTarget.objects.create(indicator=indicator, year=2021, value=2)
        assert IndicatorTarget.objects.count() == 1

    def test_refused_when_programme_is_not_a_draft(self, aibek, programme, indicator):
        Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.APPROVED)
        indicator.programme.refresh_from_db()
        with pytest.raises(ProgrammeNotEditable):
            indicator_targets_set(indicator=indicator, targets={2021: Decimal(1)}, actor=aibek)
        with pytest.raises(ProgrammeNotEditable):
            indicator_delete(indicator, actor=aibek)
        assert Indicator.objects.exists()

    def test_update_service_with_targets(self, aibek, indicator, objective):
        indicator_update(
            indicator,
            actor=aibek,
            expected_revision=indicator.revision,
            goal=None,
            objective=objective,
            targets={2022: Decimal("3.25")},
            unit=Indicator.Unit.KM,
        )
        indicator.refresh_from_db()
        assert indicator.objective == objective and indicator.goal is None
        assert indicator.unit == "km"
        assert indicator.targets.get().value == Decimal("3.25")

    def test_both_goal_and_objective_is_refused(self, aibek, programme, goal, objective):
        with pytest.raises(ValidationError) as error:
            indicator_create(
                programme=programme,
                actor=aibek,
                goal=goal,
                objective=objective,
                name_ru="Индикатор",
                unit="number",
                means_of_verification_ru="Отчёт",
            )
        assert "attached_to" in error.value.message_dict


class TestPeriodChanges:
    def test_targets_outside_a_shortened_period_are_not_hidden(self, aibek, programme, indicator):
        IndicatorTarget.objects.create(indicator=indicator, year=2024, value=9)
        Programme.objects.filter(pk=programme.pk).update(end_year=2023)
        html = client_for(aibek).get(list_url(programme)).content.decode()
        assert "вне периода программы" in html
        assert "Годы: 2024." in html

    def test_add_form_without_goals_says_what_comes_first(self, aibek, programme):
        response = client_for(aibek).get(add_url(programme))
        assert response.status_code == 200
        assert "а их в программе ещё нет" in response.content.decode()
