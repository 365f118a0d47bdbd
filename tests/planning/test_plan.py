"""The activity plan: directions → goals → objectives → activities with costs, edited in place
(htmx) or with plain forms, and the page of one activity with its costs grid."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from planning.models import (
    Activity,
    ActivityCost,
    Direction,
    Goal,
    Indicator,
    Objective,
    ProgrammeStatus,
    Village,
)
from planning.services.plan import (
    activity_costs_set,
    activity_create,
    activity_update,
    direction_create,
    direction_delete,
    goal_create,
    goal_move,
    objective_create,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def village(programme):
    return Village.objects.create(
        passport=programme.passport, name_ru="Кок-Жар", name_ky="Көк-Жар", sort_order=1
    )


@pytest.fixture
def plan(programme, aibek, village):
    """One branch of Кок-Жар's plan: drinking water, with two activities, one with costs."""
    direction = direction_create(
        programme=programme,
        actor=aibek,
        title_ru="Питьевое водоснабжение",
        title_ky="Ичүүчү суу менен камсыздоо",
    )
    goal = goal_create(
        direction=direction,
        actor=aibek,
        title_ru="Обеспечить сёла чистой питьевой водой",
        title_ky="Айылдарды таза ичүүчү суу менен камсыз кылуу",
    )
    objective = objective_create(
        goal=goal,
        actor=aibek,
        title_ru="Реконструировать водопровод",
        title_ky="Суу түтүгүн калыбына келтирүү",
    )
    pipes = activity_create(
        objective=objective,
        actor=aibek,
        title_ru="Замена труб водопровода",
        title_ky="Суу түтүктөрүн алмаштыруу",
        responsible_ru="Айыл окмоту",
        responsible_ky="Айыл өкмөтү",
        start_date=date(2021, 3, 1),
        end_date=date(2021, 10, 31),
        village=village,
        is_joint_action=True,
        community_contribution_ru="Земляные работы",
        costs={
            (2021, "local_budget"): Decimal("150.5"),
            (2021, "population"): Decimal("30"),
            (2022, "donor"): Decimal("500"),
        },
    )
    meters = activity_create(
        objective=objective,
        actor=aibek,
        title_ru="Установка счётчиков воды",
        title_ky="Суу эсептегичтерин орнотуу",
    )
    return SimpleNamespace(
        direction=direction, goal=goal, objective=objective, pipes=pipes, meters=meters
    )


def url(name, programme, **kwargs):
    return reverse(f"planning:{name}", kwargs={"pk": programme.pk, **kwargs})


def item_url(name, programme, item):
    kind = type(item).__name__.lower()
    return url(name, programme, kind=kind, item_pk=item.pk)


def activity_url(programme, activity):
    return url("activity", programme, activity_pk=activity.pk)


def snapshot():
    """Everything of the plan in the database, to show that a refused request wrote nothing."""
    return (
        list(Direction.objects.values_list("id", "title_ru", "title_ky", "sort_order", "revision")),
        list(Goal.objects.values_list("id", "title_ru", "sort_order", "revision")),
        list(Objective.objects.values_list("id", "title_ru", "sort_order", "revision")),
        list(
            Activity.objects.values_list(
                "id", "title_ru", "start_date", "end_date", "sort_order", "revision"
            )
        ),
        sorted(ActivityCost.objects.values_list("activity_id", "year", "source", "amount")),
    )


def activity_post(activity, **overrides):
    """The activity form as the browser sends it, from what is saved."""
    data = {
        "revision": activity.revision,
        "title_ru": activity.title_ru or "",
        "title_ky": activity.title_ky or "",
        "description_ru": activity.description_ru or "",
        "description_ky": activity.description_ky or "",
        "responsible_ru": activity.responsible_ru or "",
        "responsible_ky": activity.responsible_ky or "",
        "start_date": activity.start_date.isoformat() if activity.start_date else "",
        "end_date": activity.end_date.isoformat() if activity.end_date else "",
        "village": activity.village_id or "",
        "community_contribution_ru": activity.community_contribution_ru or "",
        "community_contribution_ky": activity.community_contribution_ky or "",
        "expected_result_ru": activity.expected_result_ru or "",
        "expected_result_ky": activity.expected_result_ky or "",
    }
    if activity.is_joint_action:
        data["is_joint_action"] = "on"
    for cost in activity.costs.all():
        data[f"cost_{cost.source}_{cost.year}"] = str(cost.amount)
    data.update(overrides)
    return data


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["aibek", "gulnara"])
def test_working_group_sees_the_tree_with_numbers_totals_and_controls(
    request, persona, programme, plan
):
    response = client_for(request.getfixturevalue(persona)).get(url("plan", programme))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Питьевое водоснабжение",
        "Обеспечить сёла чистой питьевой водой",
        "Реконструировать водопровод",
        "Замена труб водопровода",
        "Установка счётчиков воды",
        "1.1.1.1",
        "1.1.1.2",
        "Айыл окмоту",
        "01.03.2021\u00a0– 31.10.2021",  # the two dates break only after the dash
        "ПСД",
        "680,5",  # 150.5 + 30 + 500
    ):
        assert text in html
    assert item_url("plan_edit", programme, plan.goal) in html
    assert url("plan_direction_add", programme) in html
    assert "htmx.min.js" in html


def test_row_links_are_the_urls_of_the_views(programme, plan, aibek):
    """The plan's rows build their links from one base each (hundreds of rows, no reverse()
    per link): they must be exactly the URLs of the views."""
    tree = client_for(aibek).get(url("plan", programme)).context["tree"]
    for item in (plan.direction, plan.goal, plan.objective, plan.pipes):
        node = tree.node(type(item).__name__.lower(), item.pk)
        for name, suffix in (
            ("plan_item", ""),
            ("plan_edit", "edit/"),
            ("plan_up", "up/"),
            ("plan_down", "down/"),
            ("plan_delete", "delete/"),
        ):
            assert node.url + suffix == item_url(name, programme, item)
        if node.kind != "activity":
            assert node.add_url == item_url("plan_add", programme, item)
    assert tree.node("activity", plan.pipes.pk).page_url == activity_url(programme, plan.pipes)


def test_summary_table_has_row_and_column_totals(programme, plan, aibek):
    response = client_for(aibek).get(url("plan", programme))
    summary = response.context["summary"]
    assert summary.years == [2020, 2021, 2022, 2023, 2024]
    rows = {row.source: row for row in summary.rows}
    assert rows["local_budget"].cells == [None, Decimal("150.5"), None, None, None]
    assert rows["local_budget"].total == Decimal("150.5")
    assert rows["donor"].total == Decimal("500")
    assert summary.column_totals == [0, Decimal("180.5"), Decimal("500"), 0, 0]
    assert summary.total == Decimal("680.5")
    assert len(summary.rows) == 6  # every funding source, the empty ones too


def test_reviewer_reads_the_plan_without_controls(programme, plan, staff):
    response = client_for(staff).get(url("plan", programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Замена труб водопровода" in html
    assert item_url("plan_edit", programme, plan.goal) not in html
    assert item_url("plan_add", programme, plan.goal) not in html
    assert url("plan_direction_add", programme) not in html
    assert "<form" not in html.split('class="section-body"')[1]
    assert "X-CSRFToken" not in html  # htmx only opens and closes directions for a reader


def test_member_of_another_municipality_is_refused(programme, plan, nurlan):
    assert client_for(nurlan).get(url("plan", programme)).status_code == 403
    assert client_for(nurlan).get(activity_url(programme, plan.pipes)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, programme, plan):
    for target in (url("plan", programme), activity_url(programme, plan.pipes)):
        response = client.get(target)
        assert response.status_code == 302
        assert reverse("login") in response.url


def test_empty_plan_invites_the_first_direction(programme, aibek):
    html = client_for(aibek).get(url("plan", programme)).content.decode()
    assert "В плане ещё нет направлений развития." in html
    assert "Стоимость мероприятий ещё не указана" in html


def test_the_plan_in_kyrgyz(programme, plan, aibek):
    with translation.override("ky"):
        target = url("plan", programme)
        activity_page = activity_url(programme, plan.pipes)
    assert target.startswith("/ky/")
    client = client_for(aibek)
    html = client.get(target).content.decode()
    assert "Ичүүчү суу менен камсыздоо" in html and "Суу түтүктөрүн алмаштыруу" in html
    assert "Көк-Жар" in html and "Айыл өкмөтү" in html
    assert client.get(activity_page).status_code == 200


def test_text_missing_in_the_page_language_shows_the_other_one(programme, aibek):
    direction_create(programme=programme, actor=aibek, title_ky="Жолдор")
    html = client_for(aibek).get(url("plan", programme)).content.decode()
    assert "Жолдор" in html
    assert "нет текста на русском" in html


# --- every POST, from the other side ------------------------------------------------------


def post_urls(programme, plan):
    """Every URL that changes the plan, with data that would be valid."""
    title = {"title_ru": "Новое", "title_ky": "Жаңы"}
    return [
        (url("plan_direction_add", programme), title),
        (item_url("plan_add", programme, plan.direction), title),
        (item_url("plan_add", programme, plan.goal), title),
        (item_url("plan_add", programme, plan.objective), title),
        (item_url("plan_edit", programme, plan.goal), {**title, "revision": 1}),
        (item_url("plan_edit", programme, plan.pipes), {**title, "revision": 1}),
        (item_url("plan_up", programme, plan.meters), {}),
        (item_url("plan_down", programme, plan.pipes), {}),
        (item_url("plan_delete", programme, plan.direction), {}),
        (item_url("plan_delete", programme, plan.meters), {}),
        (activity_url(programme, plan.pipes), activity_post(plan.pipes, title_ru="Другое")),
    ]


@pytest.mark.parametrize("persona", ["staff", "nurlan", "kenesh"])
def test_who_may_not_edit_gets_403_on_every_change(request, persona, programme, plan):
    client = client_for(request.getfixturevalue(persona))
    before = snapshot()
    for target, data in post_urls(programme, plan):
        assert client.post(target, data).status_code == 403, target
        assert client.post(target, data, **HTMX).status_code == 403, target
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["staff", "nurlan"])
def test_who_may_not_edit_gets_403_on_edit_forms(request, persona, programme, plan):
    client = client_for(request.getfixturevalue(persona))
    for target in (
        item_url("plan_edit", programme, plan.goal),
        item_url("plan_delete", programme, plan.goal),
        item_url("plan_add", programme, plan.goal),
    ):
        assert client.get(target).status_code == 403
        assert client.get(target, **HTMX).status_code == 403


def test_anonymous_posts_are_sent_to_log_in(client, programme, plan):
    before = snapshot()
    for target, data in post_urls(programme, plan):
        response = client.post(target, data)
        assert response.status_code == 302
        assert reverse("login") in response.url
    assert snapshot() == before


def test_an_item_of_another_programme_is_not_found(programme, plan, nurlan, ak_tal_programme):
    """Nurlan edits Ак-Тал's plan; Кок-Жар's ids under his own programme are a 404."""
    client = client_for(nurlan)
    before = snapshot()
    for item in (plan.direction, plan.goal, plan.objective, plan.pipes):
        for name in ("plan_item", "plan_edit", "plan_delete"):
            assert client.get(item_url(name, ak_tal_programme, item)).status_code == 404
        for name in ("plan_edit", "plan_up", "plan_down", "plan_delete"):
            response = client.post(
                item_url(name, ak_tal_programme, item), {"title_ru": "Чужое", "revision": 1}
            )
            assert response.status_code == 404, name
    for item in (plan.direction, plan.goal, plan.objective):
        response = client.post(item_url("plan_add", ak_tal_programme, item), {"title_ru": "Х"})
        assert response.status_code == 404
    assert client.get(activity_url(ak_tal_programme, plan.pipes)).status_code == 404
    assert (
        client.post(
            activity_url(ak_tal_programme, plan.pipes), activity_post(plan.pipes)
        ).status_code
        == 404
    )
    assert snapshot() == before


def test_unknown_kind_is_not_found(programme, plan, aibek):
    response = client_for(aibek).post(
        url("plan_edit", programme, kind="programme", item_pk=programme.pk), {"title_ru": "Х"}
    )
    assert response.status_code == 404
    # an activity has no children to add
    response = client_for(aibek).post(item_url("plan_add", programme, plan.pipes), {})
    assert response.status_code == 404


def test_a_programme_past_drafting_refuses_edits(programme, plan, aibek):
    type(programme).objects.filter(pk=programme.pk).update(status=ProgrammeStatus.IN_REVIEW)
    client = client_for(aibek)
    before = snapshot()
    for target, data in post_urls(programme, plan):
        assert client.post(target, data).status_code == 403, target
    assert snapshot() == before
    page = client.get(url("plan", programme))
    assert page.status_code == 200
    assert item_url("plan_edit", programme, plan.goal) not in page.content.decode()
    detail = client.get(activity_url(programme, plan.pipes))
    assert detail.status_code == 200
    assert 'name="cost_local_budget_2021"' not in detail.content.decode()


# --- adding ---------------------------------------------------------------------------------


def test_adding_a_goal_without_javascript_returns_to_its_anchor(programme, plan, gulnara):
    response = client_for(gulnara).post(
        item_url("plan_add", programme, plan.direction),
        {"title_ru": "Снизить потери воды", "title_ky": "Суунун жоготуусун азайтуу"},
    )
    goal = Goal.objects.get(title_ru="Снизить потери воды")
    assert response.status_code == 302
    assert response.url == url("plan", programme) + f"#goal-{goal.pk}"
    assert goal.direction == plan.direction
    assert goal.sort_order > plan.goal.sort_order
    assert goal.history.first().history_user == gulnara


def test_adding_with_htmx_returns_the_changed_branch(programme, plan, aibek):
    response = client_for(aibek).post(
        item_url("plan_add", programme, plan.objective),
        {"title_ru": "Ремонт насосной станции", "title_ky": ""},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith(
        f'<section class="plan-direction" id="direction-{plan.direction.pk}"'
    )
    assert "Ремонт насосной станции" in html
    assert "1.1.1.3" in html
    assert 'id="plan-summary"' in html and 'hx-swap-oob="true"' in html
    assert "Мероприятие добавлено." in html
    activity = Activity.objects.get(title_ru="Ремонт насосной станции")
    assert activity.programme == programme  # set from the objective
    assert activity.objective == plan.objective


def test_adding_a_direction_with_htmx_returns_every_direction(programme, plan, aibek):
    response = client_for(aibek).post(
        url("plan_direction_add", programme),
        {"title_ru": "Дороги", "title_ky": "Жолдор"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="plan-directions"')
    assert "Питьевое водоснабжение" in html and "Дороги" in html
    assert list(Direction.objects.values_list("title_ru", flat=True)) == [
        "Питьевое водоснабжение",
        "Дороги",
    ]


def test_adding_without_a_title_is_refused_in_place(programme, plan, aibek):
    before = snapshot()
    client = client_for(aibek)
    response = client.post(
        item_url("plan_add", programme, plan.goal), {"title_ru": "", "title_ky": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "хотя бы на одном языке" in html
    assert f'id="add-objective-{plan.goal.pk}" open' in html
    assert f'href="#add-objective-{plan.goal.pk}"' in html
    response = client.post(
        item_url("plan_add", programme, plan.goal), {"title_ru": "", "title_ky": ""}, **HTMX
    )
    assert response.status_code == 200
    assert "хотя бы на одном языке" in response.content.decode()
    assert snapshot() == before


def test_a_100000_character_title_is_refused_with_a_clear_message(programme, plan, aibek):
    before = snapshot()
    client = client_for(aibek)
    huge = "ж" * 100_000
    response = client.post(url("plan_direction_add", programme), {"title_ru": huge})
    assert response.status_code == 400
    assert "не более 500 символов" in response.content.decode()
    response = client.post(
        item_url("plan_edit", programme, plan.goal),
        {"title_ru": huge, "revision": plan.goal.revision},
        **HTMX,
    )
    assert "не более 500 символов" in response.content.decode()
    response = client.post(
        activity_url(programme, plan.pipes), activity_post(plan.pipes, title_ky=huge)
    )
    assert response.status_code == 400
    assert "не более 500 символов" in response.content.decode()
    assert snapshot() == before


# --- renaming in place ----------------------------------------------------------------------


def test_inline_edit_with_htmx_swaps_the_row_to_a_form_and_back(programme, plan, aibek):
    client = client_for(aibek)
    edit = item_url("plan_edit", programme, plan.goal)
    form = client.get(edit, **HTMX)
    html = form.content.decode()
    assert form.status_code == 200
    assert html.startswith(f'<form id="goal-{plan.goal.pk}-head"')
    assert 'name="title_ky"' in html and "Айылдарды таза ичүүчү суу" in html
    cancel = client.get(item_url("plan_item", programme, plan.goal), **HTMX)
    head = f'<div class="plan-head plan-head--goal" id="goal-{plan.goal.pk}-head"'
    assert cancel.content.decode().startswith(head)
    saved = client.post(
        edit,
        {
            "title_ru": "Чистая вода в каждом доме",
            "title_ky": "Ар бир үйдө таза суу",
            "revision": plan.goal.revision,
        },
        **HTMX,
    )
    html = saved.content.decode()
    assert saved.status_code == 200
    assert html.startswith(head)
    assert "Чистая вода в каждом доме" in html and "1.1." in html
    plan.goal.refresh_from_db()
    assert plan.goal.title_ky == "Ар бир үйдө таза суу"
    assert plan.goal.revision == 2


def test_inline_edit_without_javascript(programme, plan, gulnara):
    client = client_for(gulnara)
    edit = item_url("plan_edit", programme, plan.pipes)
    page = client.get(edit)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<form id="activity-{plan.pipes.pk}-head"' in html
    assert "Питьевое водоснабжение" in html  # the whole plan around it
    response = client.post(
        edit, {"title_ru": "Замена 2 км труб", "title_ky": "", "revision": plan.pipes.revision}
    )
    assert response.status_code == 302
    assert response.url == url("plan", programme) + f"#activity-{plan.pipes.pk}"
    plan.pipes.refresh_from_db()
    assert plan.pipes.title_ru == "Замена 2 км труб"
    assert plan.pipes.title_ky == ""
    assert plan.pipes.responsible_ru == "Айыл окмоту"  # the rest is untouched
    cancel = client.get(item_url("plan_item", programme, plan.pipes))
    assert cancel.status_code == 302
    assert cancel.url.endswith(f"#activity-{plan.pipes.pk}")


def test_stale_inline_edit_is_refused_and_keeps_the_typed_text(programme, plan, aibek, gulnara):
    from planning.services.plan import goal_update

    goal_update(goal=plan.goal, actor=gulnara, expected_revision=1, title_ru="Вариант Гульнары")
    response = client_for(aibek).post(
        item_url("plan_edit", programme, plan.goal),
        {"title_ru": "Вариант Айбека", "title_ky": "", "revision": 1},
        **HTMX,
    )
    html = response.content.decode()
    assert "Пока вы редактировали" in html
    assert "Вариант Айбека" in html
    assert 'name="revision" value="2"' in html
    plan.goal.refresh_from_db()
    assert plan.goal.title_ru == "Вариант Гульнары"


# --- moving ---------------------------------------------------------------------------------


def test_move_swaps_with_the_neighbour(programme, plan, aibek):
    second = goal_create(direction=plan.direction, actor=aibek, title_ru="Вторая цель")
    third = goal_create(direction=plan.direction, actor=aibek, title_ru="Третья цель")
    client = client_for(aibek)

    def order():
        return list(
            Goal.objects.filter(direction=plan.direction)
            .order_by("sort_order", "id")
            .values_list("title_ru", flat=True)
        )

    response = client.post(item_url("plan_up", programme, third))
    assert response.status_code == 302
    assert response.url.endswith(f"#goal-{third.pk}")
    assert order() == ["Обеспечить сёла чистой питьевой водой", "Третья цель", "Вторая цель"]

    response = client.post(item_url("plan_down", programme, plan.goal), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert order() == ["Третья цель", "Обеспечить сёла чистой питьевой водой", "Вторая цель"]
    # the branch comes back renumbered
    assert html.index("Третья цель") < html.index("Обеспечить сёла чистой питьевой водой")
    assert "Перемещено ниже." in html

    client.post(item_url("plan_up", programme, third))  # already first: nothing moves
    client.post(item_url("plan_down", programme, second))  # already last
    assert order() == ["Третья цель", "Обеспечить сёла чистой питьевой водой", "Вторая цель"]


def test_move_puts_items_with_equal_order_in_a_line(programme, plan, aibek):
    Activity.objects.filter(objective=plan.objective).update(sort_order=0)
    first, second = Activity.objects.filter(objective=plan.objective).order_by("id")
    client_for(aibek).post(item_url("plan_up", programme, second))
    assert list(
        Activity.objects.filter(objective=plan.objective)
        .order_by("sort_order", "id")
        .values_list("pk", flat=True)
    ) == [second.pk, first.pk]


def test_directions_move_and_the_whole_list_comes_back(programme, plan, aibek):
    roads = direction_create(programme=programme, actor=aibek, title_ru="Дороги")
    response = client_for(aibek).post(item_url("plan_up", programme, roads), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-directions"')
    assert html.index("Дороги") < html.index("Питьевое водоснабжение")


# --- deleting -------------------------------------------------------------------------------


def test_deleting_a_direction_says_what_goes_with_it(programme, plan, aibek):
    Indicator.objects.create(
        programme=programme, goal=plan.goal, name_ru="Доля домов с водой", unit="percent"
    )
    client = client_for(aibek)
    confirm = client.get(item_url("plan_delete", programme, plan.direction))
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Удалить направление 1?" in html
    for text in (
        "<li>1 цель</li>",
        "<li>1 задача</li>",
        "<li>2 мероприятия</li>",
        "<li>1 индикатор</li>",
    ):
        assert text in html
    assert Direction.objects.filter(pk=plan.direction.pk).exists()  # GET deletes nothing
    # the same numbers in the question htmx asks before deleting, once the direction is open
    opened = client.get(item_url("plan_edit", programme, plan.direction), **HTMX).content.decode()
    assert "1 цель, 1 задача, 2 мероприятия, 1 индикатор" in opened

    response = client.post(item_url("plan_delete", programme, plan.direction))
    assert response.status_code == 302
    assert response.url.endswith("#plan-directions")
    assert not Direction.objects.exists()
    assert not Goal.objects.exists()
    assert not Objective.objects.exists()
    assert not Activity.objects.exists()
    assert not ActivityCost.objects.exists()
    assert not Indicator.objects.exists()
    # every removed row is in the history, with who removed it
    deleted = Activity.history.filter(history_type="-")
    assert deleted.count() == 2
    assert {h.history_user for h in deleted} == {aibek}
    assert {h.history_user for h in ActivityCost.history.filter(history_type="-")} == {aibek}


def test_deleting_a_goal_takes_its_objectives_and_indicators(programme, plan, aibek):
    Indicator.objects.create(
        programme=programme, goal=plan.goal, name_ru="Доля домов с водой", unit="percent"
    )
    Indicator.objects.create(
        programme=programme, objective=plan.objective, name_ru="Км новых труб", unit="km"
    )
    kept = Indicator.objects.create(
        programme=programme,
        goal=goal_create(direction=plan.direction, actor=aibek, title_ru="Другая цель"),
        activity=plan.pipes,  # an indicator of another goal only loses the activity
        name_ru="Число жалоб",
        unit="number",
    )
    confirm = client_for(aibek).get(item_url("plan_delete", programme, plan.goal))
    assert "<li>2 индикатора</li>" in confirm.content.decode()
    client_for(aibek).post(item_url("plan_delete", programme, plan.goal))
    assert list(Goal.objects.values_list("title_ru", flat=True)) == ["Другая цель"]
    assert not Objective.objects.exists() and not Activity.objects.exists()
    assert list(Indicator.objects.all()) == [kept]
    kept.refresh_from_db()
    assert kept.activity is None
    assert {h.history_user for h in Objective.history.filter(history_type="-")} == {aibek}


def test_deleting_an_activity_with_htmx_returns_the_branch_and_new_totals(programme, plan, aibek):
    response = client_for(aibek).post(item_url("plan_delete", programme, plan.pipes), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<section class="plan-direction" id="direction-{plan.direction.pk}"'
    )
    assert "Замена труб водопровода" not in html
    assert "1.1.1.1" in html  # the meters are now the first activity
    assert "Стоимость мероприятий ещё не указана" in html  # the summary, out of band
    assert not Activity.objects.filter(pk=plan.pipes.pk).exists()
    assert not ActivityCost.objects.exists()


def test_deleting_a_goal_without_javascript_returns_to_its_direction(programme, plan, gulnara):
    response = client_for(gulnara).post(item_url("plan_delete", programme, plan.goal))
    assert response.url.endswith(f"#direction-{plan.direction.pk}")
    assert Direction.objects.exists() and not Goal.objects.exists()


# --- the activity page ----------------------------------------------------------------------


def test_activity_form_shows_the_costs_grid_with_totals(programme, plan, aibek):
    response = client_for(aibek).get(activity_url(programme, plan.pipes))
    assert response.status_code == 200
    html = response.content.decode()
    grid = response.context["grid"]
    assert grid.years == [2020, 2021, 2022, 2023, 2024]
    rows = {row["source"]: row for row in grid.rows}
    assert rows["local_budget"]["total"] == Decimal("150.5")
    assert rows["population"]["total"] == Decimal("30")
    assert grid.column_totals == [0, Decimal("180.5"), Decimal("500"), 0, 0]
    assert grid.total == Decimal("680.5")
    assert "680,5" in html
    # every cell has its own label, for screen readers
    assert (
        '<label class="visually-hidden" for="id_cost_local_budget_2021">'
        "местный бюджет, 2021</label>"
    ) in html
    # shown as the page writes numbers: a comma on a Russian page
    assert 'name="cost_local_budget_2021"' in html and 'value="150,5"' in html
    assert 'name="title_ru"' in html and 'name="title_ky"' in html
    assert 'min="2020-01-01"' in html and 'max="2024-12-31"' in html
    assert "Мероприятие 1.1.1.1" in html


def test_activity_is_saved_with_its_costs(programme, plan, gulnara, village):
    data = activity_post(
        plan.meters,
        title_ky="Суу эсептегичтерин орнотуу (500 үй)",
        description_ru="Счётчики в каждом доме",
        responsible_ru="Водный комитет",
        start_date="2022-04-01",
        end_date="2023-09-30",
        village=village.pk,
        is_joint_action="on",
        community_contribution_ky="Калк орнотууга жардам берет",
        cost_local_budget_2022="100",
        cost_population_2022="20,5",
        cost_donor_2023="300.0",
    )
    response = client_for(gulnara).post(activity_url(programme, plan.meters), data)
    assert response.status_code == 302
    assert response.url == url("plan", programme) + f"#activity-{plan.meters.pk}"
    meters = Activity.objects.get(pk=plan.meters.pk)
    assert meters.title_ky == "Суу эсептегичтерин орнотуу (500 үй)"
    assert meters.start_date == date(2022, 4, 1)
    assert meters.village == village
    assert meters.is_joint_action
    assert meters.revision == 2
    assert sorted(meters.costs.values_list("year", "source", "amount")) == [
        (2022, "local_budget", Decimal("100.0")),
        (2022, "population", Decimal("20.5")),
        (2023, "donor", Decimal("300.0")),
    ]
    assert meters.history.first().history_user == gulnara


def test_an_emptied_cell_deletes_its_cost_and_a_changed_one_is_updated(programme, plan, aibek):
    data = activity_post(plan.pipes, cost_population_2021="", cost_donor_2022="450")
    response = client_for(aibek).post(activity_url(programme, plan.pipes), data)
    assert response.status_code == 302
    assert sorted(plan.pipes.costs.values_list("year", "source", "amount")) == [
        (2021, "local_budget", Decimal("150.5")),
        (2022, "donor", Decimal("450.0")),
    ]


def test_end_before_start_is_refused(programme, plan, aibek):
    before = snapshot()
    data = activity_post(plan.pipes, start_date="2022-05-01", end_date="2022-04-30")
    response = client_for(aibek).post(activity_url(programme, plan.pipes), data)
    assert response.status_code == 400
    assert response.context["form"].errors["end_date"] == ["Окончание не может быть раньше начала."]
    assert 'value="2022-05-01"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("start_date", "2019-12-31"), ("end_date", "2025-01-01"), ("start_date", "2030-01-01")],
)
def test_dates_outside_the_programme_period_are_refused(programme, plan, aibek, field, value):
    before = snapshot()
    data = activity_post(plan.pipes, **{field: value})
    if field == "start_date":
        data["end_date"] = ""
    response = client_for(aibek).post(activity_url(programme, plan.pipes), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [
        "{} должно быть в периоде программы: с 01.01.2020 по 31.12.2024.".format(
            "Начало" if field == "start_date" else "Окончание"
        )
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "Стоимость не может быть отрицательной."),
        ("сто", "Введите число, например 150 или 150.5."),
        ("10.25", "Не больше одного знака после запятой, например 150.5."),
    ],
)
def test_a_bad_cost_refuses_the_whole_form_and_keeps_what_was_typed(
    programme, plan, aibek, value, message
):
    before = snapshot()
    data = activity_post(
        plan.pipes,
        title_ru="Замена труб (новое название)",
        cost_local_budget_2023="75",
        cost_republican_budget_2022=value,
    )
    response = client_for(aibek).post(activity_url(programme, plan.pipes), data)
    assert response.status_code == 400
    grid = response.context["grid"]
    assert grid.errors["cost_republican_budget_2022"] == [message]
    html = response.content.decode()
    assert message in html
    assert "Замена труб (новое название)" in html
    assert 'value="75"' in html
    assert 'aria-invalid="true"' in html and 'id="id_cost_republican_budget_2022_error"' in html
    assert snapshot() == before


def test_a_village_of_another_programme_is_refused(programme, plan, aibek, ak_tal_programme):
    other = Village.objects.create(passport=ak_tal_programme.passport, name_ru="Ак-Тал")
    before = snapshot()
    response = client_for(aibek).post(
        activity_url(programme, plan.pipes), activity_post(plan.pipes, village=other.pk)
    )
    assert response.status_code == 400
    assert "village" in response.context["form"].errors
    assert snapshot() == before


def test_stale_activity_edit_is_refused_with_the_typed_text_kept(programme, plan, aibek, gulnara):
    client = client_for(aibek)
    opened = activity_post(plan.pipes)  # what Айбек's form holds: revision 1
    activity_update(
        activity=Activity.objects.get(pk=plan.pipes.pk),
        actor=gulnara,
        expected_revision=1,
        responsible_ru="Гульнара: водный комитет",
    )
    opened.update(title_ru="Айбек: замена 3 км труб", cost_local_budget_2021="999")
    response = client.post(activity_url(programme, plan.pipes), opened)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Пока вы редактировали" in html
    assert "Гульнара Абдыкадырова" in html
    assert "Гульнара: водный комитет" in html  # what she changed
    assert "Айбек: замена 3 км труб" in html and 'value="999"' in html
    pipes = Activity.objects.get(pk=plan.pipes.pk)
    assert pipes.title_ru == "Замена труб водопровода"
    assert pipes.responsible_ru == "Гульнара: водный комитет"
    assert pipes.costs.get(year=2021, source="local_budget").amount == Decimal("150.5")
    # saving again is a conscious choice over her change
    assert response.context["form"].data["revision"] == 2
    again = client.post(activity_url(programme, plan.pipes), response.context["form"].data)
    assert again.status_code == 302
    assert Activity.objects.get(pk=plan.pipes.pk).title_ru == "Айбек: замена 3 км труб"


def test_reviewer_reads_the_activity(programme, plan, staff):
    response = client_for(staff).get(activity_url(programme, plan.pipes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Замена труб водопровода" in html and "Земляные работы" in html
    assert "680,5" in html
    assert "<input" not in html.split('class="section-body"')[1]


# --- services -------------------------------------------------------------------------------


def test_costs_service_checks_every_cell_before_writing(programme, plan, aibek):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        activity_costs_set(
            activity=plan.pipes,
            actor=aibek,
            costs={
                (2021, "local_budget"): None,
                (2024, "private"): Decimal("10"),
                (2019, "donor"): Decimal("5"),
                (2022, "donor"): Decimal("-1"),
            },
        )
    assert set(error.value.message_dict) == {"cost_donor_2019", "cost_donor_2022"}
    assert snapshot() == before


def test_services_refuse_an_actor_from_another_municipality(programme, plan, nurlan):
    with pytest.raises(PermissionDenied):
        direction_create(programme=programme, actor=nurlan, title_ru="Чужое")
    with pytest.raises(PermissionDenied):
        goal_move(goal=plan.goal, actor=nurlan, up=True)
    with pytest.raises(PermissionDenied):
        direction_delete(direction=plan.direction, actor=nurlan)
    assert Direction.objects.count() == 1


def test_costs_outside_the_period_are_shown_and_can_be_cleared(programme, plan, aibek):
    ActivityCost.objects.create(activity=plan.meters, year=2019, source="donor", amount=7)
    client = client_for(aibek)
    page = client.get(url("plan", programme))
    assert page.context["summary"].outside_years == [2019]
    assert "вне периода" in page.content.decode()
    form = client.get(activity_url(programme, plan.meters))
    assert form.context["grid"].years == [2019, 2020, 2021, 2022, 2023, 2024]
    refused = client.post(
        activity_url(programme, plan.meters), activity_post(plan.meters, cost_donor_2019="7")
    )
    assert refused.status_code == 400
    assert "вне периода программы" in refused.content.decode()
    cleared = client.post(
        activity_url(programme, plan.meters), activity_post(plan.meters, cost_donor_2019="")
    )
    assert cleared.status_code == 302
    assert not plan.meters.costs.exists()


# --- the number of queries does not grow with the plan -------------------------------------


def _grow_plan(programme, objectives, count):
    """`count` more activities over the objectives, each with two costs (bulk, for speed)."""
    start = Activity.objects.count()
    activities = Activity.objects.bulk_create(
        Activity(
            objective=objectives[i % len(objectives)],
            programme=programme,
            title_ru=f"Мероприятие {start + i}",
            title_ky=f"{start + i}-иш-чара",
            title=f"Мероприятие {start + i}",
            responsible_ru="Айыл окмоту",
            start_date=date(2021, 1, 1),
            end_date=date(2021, 12, 31),
            sort_order=start + i,
        )
        for i in range(count)
    )
    ActivityCost.objects.bulk_create(
        ActivityCost(activity=a, year=year, source=source, amount=Decimal("10.5"))
        for a in activities
        for year, source in ((2021, "local_budget"), (2022, "donor"))
    )


def test_the_page_makes_as_many_queries_for_300_activities_as_for_10(
    programme, aibek, village, django_assert_max_num_queries
):
    objectives = []
    for d in range(3):
        direction = direction_create(programme=programme, actor=aibek, title_ru=f"Н{d}")
        for g in range(2):
            goal = goal_create(direction=direction, actor=aibek, title_ru=f"Ц{d}.{g}")
            for o in range(2):
                objectives.append(
                    objective_create(goal=goal, actor=aibek, title_ru=f"З{d}.{g}.{o}")
                )
    Activity.objects.filter(pk__in=[]).update(village=village)
    _grow_plan(programme, objectives, 10)
    Activity.objects.update(village=village)
    client = client_for(aibek)
    client.get(url("plan", programme))  # warm up (session, caches)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url("plan", programme))
    assert response.status_code == 200
    assert len(small) <= 15

    _grow_plan(programme, objectives, 290)
    Activity.objects.update(village=village)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url("plan", programme))
    assert response.context["tree"].activities_count == 300
    assert response.context["summary"].total == Decimal("6300.0")  # 300 × 2 × 10.5
