"""What the public page shows in the rows of its long tables (the plan's activities, the
indicators, the costs by year and source), written by its own selector rather than by the
programme document's, and what it costs: the same number of queries for a programme of 300
activities, 60 indicators and many proposals as for one of a single activity."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from planning.models import (
    Activity,
    ActivityCost,
    CitizenProposal,
    Direction,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    PublicHearing,
    Village,
    WorkingGroupMember,
)
from tests.factories import fill


@pytest.fixture(autouse=True)
def _every_request_builds_the_page(settings):
    """The page is built at each request here (nothing is kept between them): what is
    measured is what building it costs."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def public_url(programme, lang="ru"):
    with translation.override(lang):
        return reverse("planning:public", kwargs={"pk": programme.pk})


def published(programme, status=ProgrammeStatus.PUBLIC_CONSULTATION):
    Programme.objects.filter(pk=programme.pk).update(status=status)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def consulting(programme):
    """Кок-Жар's programme with one activity (100 thousand som, local budget, 2021), one
    indicator of its goal, a village, in public consultation."""
    fill(programme)
    Village.objects.create(passport=programme.passport, name_ru="Жийде", name_ky="Жийде")
    return published(programme)


def grow(programme, *, activities, indicators, people):
    """More of everything the page lists: `activities` activities (with costs from three
    sources over two years, a village, an expected result) spread over new directions, goals
    and objectives; `indicators` indicators of those goals and objectives with a target each
    year; `people` members of the working group, published proposals and hearings."""
    village = programme.passport.villages.first()
    objectives, goals = [], []
    for d in range(3):
        direction = Direction.objects.create(programme=programme, title_ru=f"Направление {d}")
        for g in range(2):
            goal = Goal.objects.create(direction=direction, title_ru=f"Цель {d}.{g}")
            goals.append(goal)
            objectives += [
                Objective.objects.create(goal=goal, title_ru=f"Задача {d}.{g}.{o}")
                for o in range(3)
            ]
    added = Activity.objects.bulk_create(
        Activity(
            programme=programme,
            objective=objectives[n % len(objectives)],
            title_ru=f"Мероприятие {n}",
            title_ky=f"Иш-чара {n}",
            village=village if n % 2 else None,
            expected_result_ru="Вода в каждом доме" if n % 3 else "",
            is_joint_action=n % 5 == 0,
            start_date=date(2021, 3, 1),
            sort_order=n,
        )
        for n in range(activities)
    )
    ActivityCost.objects.bulk_create(
        ActivityCost(activity=activity, year=year, source=source, amount=Decimal("12.5"))
        for activity in added
        for year in (2021, 2022)
        for source in ("local_budget", "donor", "population")
    )
    for n in range(indicators):
        indicator = Indicator.objects.create(
            programme=programme,
            goal=goals[n % len(goals)] if n % 2 else None,
            objective=None if n % 2 else objectives[n % len(objectives)],
            name_ru=f"Индикатор {n}",
            unit="people",
            baseline_value=Decimal(n),
            baseline_year=2019,
        )
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=indicator, year=year, value=Decimal(n + 1))
            for year in programme.years
        )
    add_people(programme, people)


def add_people(programme, count):
    """`count` members of the working group, published proposals and hearings."""
    village = programme.passport.villages.first()
    for n in range(count):
        WorkingGroupMember.objects.create(
            working_group=programme.working_group,
            full_name=f"Член группы {n}",
            wg_role=WorkingGroupMember.WgRole.MEMBER,
            organisation=WorkingGroupMember.Organisation.COUNCIL,
            sex=("female", "male")[n % 2],
        )
        CitizenProposal.objects.create(
            programme=programme,
            text=f"Предложение {n}",
            client_hash="0" * 64,
            status=ProposalStatus.PUBLISHED,
            village=village,
            decision="accepted",
        )
        PublicHearing.objects.create(
            programme=programme, date=date(2019, 5, 14), place_ru="Дом культуры", women=4, men=5
        )


# ------------------------------------------------------------------ what it costs


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [ProgrammeStatus.PUBLIC_CONSULTATION, ProgrammeStatus.SUPERSEDED]
)
def test_300_activities_take_the_same_queries_as_one(
    client, consulting, status, django_assert_num_queries
):
    add_people(consulting, 1)
    published(consulting, status)
    with CaptureQueriesContext(connection) as small:
        assert client.get(public_url(consulting)).status_code == 200
    published(consulting)  # a frozen version takes no more activities
    grow(consulting, activities=299, indicators=60, people=29)
    assert consulting.activities.count() == 300
    published(consulting, status)
    with django_assert_num_queries(len(small)):
        body = client.get(public_url(consulting)).content.decode()
    assert "В плане 300 мероприятий." in body
    assert "Мероприятие 298" in body
    assert "61 индикатор" in body


@pytest.mark.django_db
def test_the_page_of_an_approved_programme_is_built_in_seventeen_queries(
    client, consulting, django_assert_num_queries
):
    """Built without the page cache: the programme with its public revision, passport and
    council decision; the plan's tree, costs and activities; the proposals' counts; the
    indicators and their targets; the resource forecast; the villages; the sector analyses
    with their key figures and problems; the SWOT; the working group; the documents; the
    page of published proposals; the hearings. Without published proposals, one less."""
    grow(consulting, activities=30, indicators=5, people=3)
    published(consulting, ProgrammeStatus.APPROVED)
    with django_assert_num_queries(17):
        assert client.get(public_url(consulting)).status_code == 200
    published(consulting)  # back in consultation: its proposals may go
    CitizenProposal.objects.filter(programme=consulting).delete()
    published(consulting, ProgrammeStatus.APPROVED)
    with django_assert_num_queries(16):
        assert client.get(public_url(consulting)).status_code == 200


@pytest.mark.django_db
def test_the_page_loads_no_activity_or_indicator_as_a_model(client, consulting):
    """The plan and the indicators come as rows of values: building a model instance for each
    of hundreds of rows was half the cost of the page."""
    grow(consulting, activities=20, indicators=5, people=0)
    with CaptureQueriesContext(connection) as queries:
        client.get(public_url(consulting))
    loaded = [q["sql"] for q in queries if 'FROM "planning_activity"' in q["sql"]]
    assert loaded and all('"planning_activity"."revision"' not in sql for sql in loaded)
    assert not [q for q in queries if 'FROM "planning_workplantask"' in q["sql"]]


# ------------------------------------------------------------------ what it shows


def activity_row(body, activity):
    start = body.index(f'<tr id="activity-{activity.pk}">')
    return body[start : body.index("</tr>", start)]


@pytest.mark.django_db
def test_an_activity_row_gives_its_cost_by_source_its_village_and_its_result(client, consulting):
    activity = consulting.activities.get()
    activity.village = consulting.passport.villages.get(name_ru="Жийде")
    activity.expected_result_ru = "Вода в каждом доме"
    activity.is_joint_action = True
    activity.save()
    activity.costs.create(year=2022, source="donor", amount=Decimal("1234.5"))
    activity.costs.create(year=2026, source="donor", amount=Decimal("0.5"))  # after the period
    row = activity_row(client.get(public_url(consulting)).content.decode(), activity)
    assert "<td>1.1.1.1</td>" in row
    assert 'Прокладка труб <span class="badge">ПСД</span>' in row
    assert '<span class="muted">Село: Жийде</span>' in row
    assert '<span class="muted">Ожидаемый результат: Вода в каждом доме</span>' in row
    assert '<td class="nowrap">04.2021–10.2021</td>' in row
    assert "<td>Айыл окмоту</td>" in row
    # the total and each source over all its years, grouped by thousands as elsewhere
    assert (
        '<td class="num">1\xa0335,0<span class="muted public-source"><br>местный бюджет: 100,0'
        "<br>донор / грант: 1\xa0235,0</span></td>"
    ) in row


@pytest.mark.django_db
def test_an_activity_without_cost_dates_or_responsible_shows_dashes(client, consulting):
    activity = consulting.activities.get()
    activity.costs.all().delete()
    Activity.objects.filter(pk=activity.pk).update(
        start_date=None, end_date=date(2022, 3, 31), responsible_ru="", responsible_ky=""
    )
    row = activity_row(client.get(public_url(consulting)).content.decode(), activity)
    assert '<td class="nowrap">–03.2022</td>' in row
    assert row.endswith('<td>—</td><td class="num">—</td>')
    Activity.objects.filter(pk=activity.pk).update(end_date=None)
    row = activity_row(client.get(public_url(consulting)).content.decode(), activity)
    assert '<td class="nowrap">—</td>' in row


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "no_goals", "no_objectives", "no_activities"),
    [
        ("ru", "Целей пока нет.", "Задач пока нет.", "Мероприятий пока нет."),
        ("ky", "Азырынча максаттар жок.", "Азырынча милдеттер жок.", "Азырынча иш-чаралар жок."),
    ],
)
def test_a_branch_of_the_plan_still_empty_says_so_in_the_order_of_the_plan(
    client, consulting, lang, no_goals, no_objectives, no_activities
):
    """A direction without goals, a goal without objectives and an objective without
    activities each say so in their place, after the branches that have them."""
    direction = consulting.directions.get()
    goal = direction.goals.get()
    Objective.objects.create(goal=goal, title_ru="Пустая задача", title_ky="Бош милдет")
    Goal.objects.create(direction=direction, title_ru="Пустая цель", title_ky="Бош максат")
    Direction.objects.create(programme=consulting, title_ru="Пустое", title_ky="Бош багыт")
    body = client.get(public_url(consulting, lang)).content.decode()
    plan = body[body.index('id="plan"') : body.index('id="indicators"')]
    empty_objective, empty_goal, empty_direction = {
        "ru": ("Пустая задача", "Пустая цель", "Пустое"),
        "ky": ("Бош милдет", "Бош максат", "Бош багыт"),
    }[lang]
    positions = [
        plan.index("1.1.1.1"),  # the activity of the objective that has one
        plan.index(empty_objective),
        plan.index(no_activities),
        plan.index(empty_goal),
        plan.index(no_objectives),
        plan.index(empty_direction),
        plan.index(no_goals),
    ]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_a_text_missing_in_kyrgyz_is_shown_in_russian_and_marked(client, consulting):
    activity = consulting.activities.get()
    Activity.objects.filter(pk=activity.pk).update(title_ky="", expected_result_ru="Вода")
    Goal.objects.update(title_ky="")
    Indicator.objects.update(name_ky="")
    body = client.get(public_url(consulting, "ky")).content.decode()
    row = activity_row(body, activity)
    missing = '<span class="missing-translation">('
    assert f'<span lang="ru">Прокладка труб</span> {missing}' in row
    assert f'<span lang="ru">Вода</span> {missing}' in row
    assert "<td>Айыл өкмөтү</td>" in row
    assert f'<span lang="ru">Чистая вода</span> {missing}' in body  # the goal's heading
    assert f'<span lang="ru">Доля домохозяйств с водой</span> {missing}' in body


@pytest.mark.django_db
def test_every_text_of_the_rows_is_escaped(client, consulting):
    """The rows are written in one pass rather than by the template: a title, a village, a
    result, a responsible, an indicator's name or means of verification typed with markup
    is still shown as text."""
    activity = consulting.activities.get()
    village = consulting.passport.villages.get(name_ru="Жийде")
    village.name_ru = "<i>Жийде</i>"
    village.save()
    Activity.objects.filter(pk=activity.pk).update(
        village=village,
        title_ru="<script>alert(1)</script>",
        expected_result_ru="<b>вода</b>",
        responsible_ru='"Айыл" & <окмоту>',
    )
    Indicator.objects.update(
        name_ru="<script>alert(2)</script>", means_of_verification_ru="<a href=x>акт</a>"
    )
    body = client.get(public_url(consulting)).content.decode()
    row = activity_row(body, activity)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row
    assert "Село: &lt;i&gt;Жийде&lt;/i&gt;" in row
    assert "Ожидаемый результат: &lt;b&gt;вода&lt;/b&gt;" in row
    assert "<td>&quot;Айыл&quot; &amp; &lt;окмоту&gt;</td>" in row
    assert '<th scope="row">1. &lt;script&gt;alert(2)&lt;/script&gt;</th>' in body
    assert "<td>&lt;a href=x&gt;акт&lt;/a&gt;</td></tr>" in body
    for markup in ("<script>", "<i>Жийде", "<b>вода", "<окмоту>", "<a href=x>"):
        assert markup not in body


@pytest.mark.django_db
def test_indicators_are_numbered_down_the_page_under_their_goal_or_objective(client, consulting):
    objective = Objective.objects.get()
    of_objective = Indicator.objects.create(
        programme=consulting,
        objective=objective,
        name_ru="Протяжённость водопровода",
        unit="km",
        baseline_value=Decimal("2.50"),
        is_sex_disaggregated=True,
        means_of_verification_ru="Акт приёмки",
    )
    IndicatorTarget.objects.create(indicator=of_objective, year=2022, value=Decimal("1500.25"))
    body = client.get(public_url(consulting)).content.decode()
    goal_at = body.index('<h4 id="indicators-goal-')
    objective_at = body.index(f'<h4 id="indicators-objective-{objective.pk}">')
    assert goal_at < objective_at
    assert "Цель 1.1. Чистая вода</h4>" in body[goal_at:objective_at]
    assert '<th scope="row">1. Доля домохозяйств с водой</th><td>%</td>' in body
    assert '<td class="num">40 (2019)</td><td class="num">50</td><td class="num">51</td>' in body
    assert (
        '<th scope="row">2. Протяжённость водопровода<br><span class="muted">в разбивке по полу'
        '</span></th><td>км</td><td class="num">2,50</td><td class="num">—</td>'
        '<td class="num">—</td><td class="num">1\xa0500,25</td>'
    ) in body
    assert "<td>Акт приёмки</td></tr>" in body
    assert "2 индикатора" in body


@pytest.mark.django_db
def test_the_costs_by_year_and_source_are_written_out(client, consulting):
    consulting.activities.get().costs.create(year=2022, source="donor", amount=Decimal("20.5"))
    body = client.get(public_url(consulting)).content.decode()
    costs = body[body.index('id="finance-costs"') :]
    costs = costs[: costs.index("</table>")]
    assert (
        '<th scope="row">местный бюджет</th>\n        <td class="num">—</td>'
        '<td class="num">100,0</td><td class="num">—</td>'
    ) in costs
    assert '<th scope="row">донор / грант</th>' in costs
    assert '<td class="num">120,5</td>\n      </tr>\n    </tfoot>' in costs
