"""A plan of 300 activities: the page is light (what repeats on each row is sent once, no
form per row), its directions are closed and open on demand, in place with htmx or with plain
links without JavaScript, an item opens in place with its buttons, and the page makes as many
queries for 300 activities as for 10."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from planning.models import Activity, ActivityCost, Direction, Goal, Objective, Village
from planning.selectors.plan import ALL, SHOW_ALL_UP_TO, parse_opened
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# what the page may weigh with every direction open, for 300 activities
MAX_BYTES = 300_000
MAX_ELEMENTS = 4_000


def build(programme, *, directions=5, goals=3, objectives=4, activities=5, village=None):
    """A plan of directions × goals × objectives × activities, each activity with two costs of
    10,5 (built in bulk, for speed); every seventh is a joint action."""
    branch = []
    for d in range(directions):
        direction = Direction.objects.create(
            programme=programme, title_ru=f"Направление {d}", title_ky=f"Багыт {d}", sort_order=d
        )
        branch.append(direction)
        for g in range(goals):
            goal = Goal.objects.create(
                direction=direction, title_ru=f"Цель {d}.{g}", title_ky=f"Максат {d}.{g}"
            )
            for o in range(objectives):
                objective = Objective.objects.create(
                    goal=goal, title_ru=f"Задача {d}.{g}.{o}", title_ky=f"Милдет {d}.{g}.{o}"
                )
                Activity.objects.bulk_create(
                    Activity(
                        objective=objective,
                        programme=programme,
                        title_ru=f"Мероприятие {d}.{g}.{o}.{a}",
                        title_ky=f"Иш-чара {d}.{g}.{o}.{a}",
                        responsible_ru="Айыл окмоту",
                        responsible_ky="Айыл өкмөтү",
                        start_date=date(2021, 3, 1),
                        end_date=date(2022, 11, 30),
                        village=village,
                        is_joint_action=a % 7 == 0,
                        sort_order=a,
                    )
                    for a in range(activities)
                )
    ActivityCost.objects.bulk_create(
        ActivityCost(activity=activity, year=year, source=source, amount=Decimal("10.5"))
        for activity in Activity.objects.filter(programme=programme)
        for year, source in ((2021, "local_budget"), (2022, "donor"))
    )
    return SimpleNamespace(directions=branch)


@pytest.fixture
def village(programme):
    return Village.objects.create(
        passport=programme.passport, name_ru="Кок-Жар", name_ky="Көк-Жар", sort_order=1
    )


@pytest.fixture
def large(programme, village):
    """Кок-Жар's plan of 300 activities: 5 directions of 3 goals of 4 objectives of 5."""
    plan = build(programme, village=village)
    assert Activity.objects.filter(programme=programme).count() == 300
    return plan


def plan_url(programme, query=""):
    return reverse("planning:plan", kwargs={"pk": programme.pk}) + query


def item_url(name, programme, kind, pk):
    return reverse(f"planning:{name}", kwargs={"pk": programme.pk, "kind": kind, "item_pk": pk})


def rows_of(html: str) -> int:
    return html.count('<tr id="activity-')


class Page(HTMLParser):
    """The elements of a page (what a browser builds, without the text), and the forms and
    CSRF tokens inside its section (not the header's log-out button)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, html: str):
        super().__init__()
        self.elements = 0
        self.forms = self.tokens = 0
        self._stack: list[bool] = []  # for each open element: inside the section?
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attrs = dict(attrs)
        inside = (self._stack[-1] if self._stack else False) or "section-body" in (
            attrs.get("class") or ""
        ).split()
        if inside and tag == "form":
            self.forms += 1
        if inside and tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.tokens += 1
        if tag not in self.VOID:
            self._stack.append(inside)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._stack:
            self._stack.pop()


# --- the page opens with its directions closed -----------------------------------------------


def test_a_large_plan_opens_with_its_directions_closed(programme, large, aibek):
    response = client_for(aibek).get(plan_url(programme))
    html = response.content.decode()
    assert response.status_code == 200
    assert rows_of(html) == 0
    assert len(html.encode()) < 40_000
    assert "В плане 300 мероприятий." in html
    for number, direction in enumerate(large.directions, start=1):
        assert f"Развернуть направление {number}" in html
        assert f'href="{plan_url(programme)}?open={direction.pk}#direction-{direction.pk}"' in html
        assert (
            f'hx-get="{item_url("plan_item", programme, "direction", direction.pk)}open/"' in html
        )
    assert html.count("3 цели, 12 задач, 60 мероприятий") == 5
    assert html.count("Стоимость: 1\u00a0260,0 тыс. сом") == 5  # 60 × 2 × 10,5
    assert f'href="{plan_url(programme)}?open=all">Развернуть все направления' in html


def test_a_small_plan_is_shown_whole(programme, aibek):
    build(programme, directions=2, goals=1, objectives=2, activities=SHOW_ALL_UP_TO // 4)
    html = client_for(aibek).get(plan_url(programme)).content.decode()
    assert rows_of(html) == SHOW_ALL_UP_TO
    assert "Свернуть направление 1" in html and "Развернуть направление" not in html
    assert f'href="{plan_url(programme)}?open=none">Свернуть все направления' in html


def test_a_plan_of_one_direction_is_shown_whole(programme, aibek):
    build(programme, directions=1, goals=3, objectives=4, activities=10)
    html = client_for(aibek).get(plan_url(programme)).content.decode()
    assert rows_of(html) == 120
    assert "все направления" not in html


# --- every direction open: light, one form -----------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_every_direction_open_is_light(programme, large, aibek, lang):
    with translation.override(lang):
        target = plan_url(programme, "?open=all")
    response = client_for(aibek).get(target)
    html = response.content.decode()
    assert rows_of(html) == 300
    page = Page(html)
    assert len(response.content) <= MAX_BYTES, len(response.content)
    assert page.elements <= MAX_ELEMENTS, page.elements
    # one form serves the page (adding a direction), with the one CSRF token: a row has no
    # form of its own, only its «Изменить», which opens it with its buttons
    assert page.forms == 1 and page.tokens == 1
    assert html.count('class="plan-pencil"') == 300


def test_a_reader_gets_no_form_at_all(programme, large, staff):
    html = client_for(staff).get(plan_url(programme, "?open=all")).content.decode()
    page = Page(html)
    assert rows_of(html) == 300
    assert page.forms == 0 and page.tokens == 0
    assert "plan-pencil" not in html and "plan-add" not in html


def test_an_activity_row_escapes_what_was_typed_and_says_its_columns(programme, aibek, staff):
    build(programme, directions=1, goals=1, objectives=1, activities=2)
    activity = Activity.objects.get(programme=programme, sort_order=0)  # a joint action
    activity.title_ru = '<b>Насос</b> & "кран"'
    activity.title_ky = ""
    activity.responsible_ru = "<i>Айыл окмоту</i>"
    activity.save()
    page = reverse("planning:activity", kwargs={"pk": programme.pk, "activity_pk": activity.pk})
    editor = client_for(aibek).get(plan_url(programme)).content.decode()
    reader = client_for(staff).get(plan_url(programme)).content.decode()
    for html in (editor, reader):
        assert "<b>Насос" not in html and "<i>Айыл" not in html
        assert (
            f'<tr id="activity-{activity.pk}"><th scope="row">1.1.1.1</th><td>'
            f'<a href="{page}">'
            "&lt;b&gt;Насос&lt;/b&gt; &amp; &quot;кран&quot;</a> "
            '<abbr class="badge badge--ok" title="Совместное действие ОМСУ и населения">ПСД</abbr>'
        ) in html
        assert '<td data-label="Ответственный">&lt;i&gt;Айыл окмоту&lt;/i&gt;</td>' in html
        assert '<td data-label="Сроки">01.03.2021\u00a0– 30.11.2022</td>' in html
    # the editor's «Изменить» on the row, the reader's row without it
    assert f'href="{item_url("plan_item", programme, "activity", activity.pk)}edit/' in editor
    assert "plan-pencil" not in reader
    # the Kyrgyz page shows the Russian title where the Kyrgyz one is missing, marked
    with translation.override("ky"):
        target = plan_url(programme)
    kyrgyz = client_for(aibek).get(target).content.decode()
    assert "&lt;b&gt;Насос&lt;/b&gt;" in kyrgyz and "<b>Насос" not in kyrgyz


def test_amounts_are_written_as_the_page_writes_numbers(programme, large, aibek):
    html = client_for(aibek).get(plan_url(programme, "?open=all")).content.decode()
    assert html.count('<td class="num" data-label="Стоимость, тыс. сом">21,0</td>') == 300
    assert "Стоимость: 105,0 тыс. сом" in html  # an objective: 5 × 21
    assert "Стоимость: 420,0 тыс. сом" in html  # a goal
    assert "6\u00a0300,0" in html  # the plan, in the summary table


# --- a direction opens on demand --------------------------------------------------------------


def test_one_direction_opens_without_javascript(programme, large, aibek):
    second, third = large.directions[1:3]
    html = client_for(aibek).get(plan_url(programme, f"?open={second.pk}")).content.decode()
    assert rows_of(html) == 60
    ids = set(
        Activity.objects.filter(objective__goal__direction=second).values_list("pk", flat=True)
    )
    assert all(f'<tr id="activity-{pk}"' in html for pk in ids)
    assert "Свернуть направление 2" in html and "Развернуть направление 1" in html
    # another direction opens with this one still open; this one closes alone
    assert f'href="{plan_url(programme)}?open={second.pk},{third.pk}#direction-{third.pk}"' in html
    assert f'href="{plan_url(programme)}?open=none#direction-{second.pk}"' in html


def test_a_direction_opens_and_closes_in_place_with_htmx(programme, large, aibek, staff):
    second = large.directions[1]
    for person in (aibek, staff):  # a reader opens directions too
        client = client_for(person)
        opened = client.get(
            item_url("plan_item", programme, "direction", second.pk) + "open/", **HTMX
        )
        html = opened.content.decode()
        assert opened.status_code == 200
        assert opened["HX-Retarget"] == f"#direction-{second.pk}"
        assert html.startswith(f'<section class="plan-direction" id="direction-{second.pk}"')
        assert rows_of(html) == 60
        assert f'<input type="hidden" class="plan-shown" name="open" value="{second.pk}">' in html
        assert 'aria-expanded="true"' in html
        closed = client.get(item_url("plan_close", programme, "direction", second.pk), **HTMX)
        html = closed.content.decode()
        assert rows_of(html) == 0 and "Развернуть направление 2" in html
        assert 'aria-expanded="false"' in html


def test_the_toggle_without_javascript_returns_to_the_page(programme, large, aibek):
    first, second = large.directions[:2]
    client = client_for(aibek)
    response = client.get(item_url("plan_open", programme, "direction", second.pk))
    assert response.status_code == 302
    assert response.url == plan_url(programme, f"?open={second.pk}#direction-{second.pk}")
    response = client.get(
        item_url("plan_open", programme, "direction", second.pk) + f"?open={first.pk}"
    )
    assert response.url == plan_url(
        programme, f"?open={first.pk},{second.pk}#direction-{second.pk}"
    )
    response = client.get(
        item_url("plan_close", programme, "direction", second.pk) + f"?open={second.pk}"
    )
    assert response.url == plan_url(programme, f"?open=none#direction-{second.pk}")


def test_only_a_direction_opens(programme, large, aibek):
    goal = Goal.objects.filter(direction=large.directions[0]).first()
    client = client_for(aibek)
    assert client.get(item_url("plan_open", programme, "goal", goal.pk)).status_code == 404


def test_a_direction_of_another_programme_does_not_open(programme, large, nurlan, ak_tal_programme):
    target = item_url("plan_open", ak_tal_programme, "direction", large.directions[0].pk)
    assert client_for(nurlan).get(target, **HTMX).status_code == 404


def test_what_is_open_is_read_from_the_address():
    assert parse_opened([]) is None
    assert parse_opened([""]) is None
    assert parse_opened(["all"]) == ALL
    assert parse_opened(["3,5", "7"]) == {3, 5, 7}
    assert parse_opened(["none"]) == set()
    assert parse_opened(["none", "4"]) == {4}
    assert parse_opened(["x,-1, 2"]) == {2}


# --- the queries do not grow with the plan ---------------------------------------------------


def test_every_direction_open_makes_as_many_queries_for_300_activities_as_for_12(
    programme, aibek, village, django_assert_max_num_queries
):
    build(programme, directions=3, goals=2, objectives=2, activities=1, village=village)
    client = client_for(aibek)
    direction = Direction.objects.filter(programme=programme).first()
    pages = [
        (plan_url(programme, "?open=all"), {}),
        (item_url("plan_open", programme, "direction", direction.pk), HTMX),
    ]
    counted = []
    for target, headers in pages:
        client.get(target, **headers)  # warm up (session, caches)
        with CaptureQueriesContext(connection) as small:
            assert client.get(target, **headers).status_code == 200
        counted.append(len(small))
    Activity.objects.filter(programme=programme).delete()
    Direction.objects.filter(programme=programme).delete()
    build(programme, village=village)
    direction = Direction.objects.filter(programme=programme).first()
    pages[1] = (item_url("plan_open", programme, "direction", direction.pk), HTMX)
    for (target, headers), count in zip(pages, counted, strict=True):
        with django_assert_max_num_queries(count):
            response = client.get(target, **headers)
        assert rows_of(response.content.decode()) in (300, 60)


# --- a change comes back with its direction open --------------------------------------------


def test_a_change_without_javascript_returns_with_its_direction_open(programme, large, aibek):
    first, third = large.directions[0], large.directions[2]
    activity = Activity.objects.filter(objective__goal__direction=third).first()
    client = client_for(aibek)
    edit = item_url("plan_edit", programme, "activity", activity.pk)
    data = {"title_ru": "Ремонт моста", "title_ky": "", "revision": activity.revision}
    response = client.post(edit, data)
    assert response.url == plan_url(programme, f"?open={third.pk}#activity-{activity.pk}")
    # the page it was sent from kept another direction open: both are
    data["revision"] += 1
    response = client.post(edit, {**data, "shown": str(first.pk)})
    assert response.url == plan_url(
        programme, f"?open={first.pk},{third.pk}#activity-{activity.pk}"
    )
    # back from the item and from the activity's page
    response = client.get(item_url("plan_item", programme, "activity", activity.pk))
    assert response.url == plan_url(programme, f"?open={third.pk}#activity-{activity.pk}")
    page = client.get(
        reverse("planning:activity", kwargs={"pk": programme.pk, "activity_pk": activity.pk})
    )
    assert (
        f'href="{plan_url(programme)}?open={third.pk}#activity-{activity.pk}"'
        in page.content.decode()
    )


def test_an_item_opens_on_its_page_inside_its_direction(programme, large, aibek):
    third = large.directions[2]
    activity = Activity.objects.filter(objective__goal__direction=third).first()
    response = client_for(aibek).get(item_url("plan_edit", programme, "activity", activity.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert rows_of(html) == 60  # its direction, its own row open
    assert f'<tr id="activity-{activity.pk}" class="plan-edit-row">' in html
    page = Page(html)
    assert page.forms == 2 and page.tokens == 2  # adding a direction, and the item open


# --- an item opens in place with its buttons -------------------------------------------------


def test_an_activity_opens_in_place_with_its_buttons(programme, large, aibek):
    activity = Activity.objects.filter(objective__goal__direction=large.directions[1]).first()
    url = item_url("plan_item", programme, "activity", activity.pk)
    response = client_for(aibek).get(f"{url}edit/", **HTMX)
    html = response.content.decode()
    assert response["HX-Retarget"] == f"#activity-{activity.pk}"
    assert html.startswith(f'<tr id="activity-{activity.pk}" class="plan-edit-row">')
    assert html.count("csrfmiddlewaretoken") == 1
    assert f'formaction="{url}up/" disabled' in html  # the first of its objective
    assert f'formaction="{url}down/"' in html
    assert f'hx-post="{url}delete/"' in html
    assert (
        "Удалить мероприятие 2.1.1.1 «Мероприятие 1.0.0.0»? "
        "Вместе с ним будет удалена его стоимость."
    ) in html
    # «Сохранить» comes first: Enter in a title saves it, it does not move the activity
    assert html.index("Сохранить") < html.index(f'formaction="{url}up/"')


def test_a_moved_item_stays_open_with_the_title_typed(programme, large, aibek):
    objective = Objective.objects.filter(goal__direction=large.directions[0]).first()
    second = Activity.objects.filter(objective=objective)[1]
    url = item_url("plan_item", programme, "activity", second.pk)
    response = client_for(aibek).post(
        f"{url}up/", {"title_ru": "Набрано, не сохранено", "revision": second.revision}, **HTMX
    )
    html = response.content.decode()
    assert response["HX-Retarget"] == f"#direction-{large.directions[0].pk}"
    assert f'<tr id="activity-{second.pk}" class="plan-edit-row">' in html
    assert 'value="Набрано, не сохранено"' in html
    # it is first now: "up" is off, the focus goes to "down"
    assert f'formaction="{url}up/" disabled' in html
    assert f'formaction="{url}down/" autofocus' in html
    second.refresh_from_db()
    assert second.title_ru == "Мероприятие 0.0.0.1"


def test_a_move_without_javascript_returns_to_the_item_open(programme, large, aibek):
    first_direction = large.directions[0]
    objective = Objective.objects.filter(goal__direction=first_direction).first()
    second = Activity.objects.filter(objective=objective)[1]
    client = client_for(aibek)
    url = item_url("plan_item", programme, "activity", second.pk)
    response = client.post(f"{url}down/")
    assert response.url == (f"{url}edit/?open={first_direction.pk}&moved=down#activity-{second.pk}")
    html = client.get(response.url).content.decode()
    assert f'formaction="{url}down/" autofocus' in html


def test_the_form_to_add_comes_in_place(programme, large, aibek):
    objective = Objective.objects.filter(goal__direction=large.directions[3]).first()
    client = client_for(aibek)
    new = item_url("plan_add", programme, "objective", objective.pk)
    response = client.get(new, **HTMX)
    html = response.content.decode()
    assert response["HX-Retarget"] == f"#add-activity-{objective.pk}"
    assert html.startswith(
        f'<details class="plan-add plan-add--activity" id="add-activity-{objective.pk}" open>'
    )
    assert "autofocus" in html and html.count("csrfmiddlewaretoken") == 1
    # without JavaScript, the page with the form open in its direction
    html = client.get(new).content.decode()
    assert f'id="add-activity-{objective.pk}" open' in html
    assert rows_of(html) == 60
