"""The extension points of the pages that several apps feed, filled by the test app the way an
app above `planning` fills them (`tests/extension_app/pages.py`): a section of the public page
in Russian and Kyrgyz, a column and a filter of the reviewers' dashboard (on the page, sorted,
in the .xlsx) and a panel under its table (from the filtered rows, in one query), a menu entry
with its count, a group of «Мои задачи», a line under each municipality; and what a
registration refuses."""

import io
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from common.registry import AlreadyRegistered, NotRegistered
from municipalities import listings, navigation
from municipalities.listings import Listing
from municipalities.models import Municipality
from municipalities.navigation import NavEntry, navigation_for
from planning.extensions import (
    DashboardColumn,
    DashboardFilter,
    DashboardPanel,
    PublicSection,
    TaskGroup,
    dashboard_columns,
    dashboard_filters,
    dashboard_panels,
    public_sections,
    task_groups,
)
from planning.models import Programme, ProgrammeStatus
from tests.conftest import client_for
from tests.dashboard_entries import planning_dashboard_alone
from tests.extension_app import pages
from tests.extension_app.models import CommunityPledge
from tests.factories import ProgrammeFactory, fill

PLEDGES = "extension_app_communitypledge"


@pytest.fixture
def extension():
    """The test app's entries, registered for one test only; on the dashboard, the test app
    alone beside planning's own columns (monitoring's are set aside for the test)."""
    with planning_dashboard_alone():
        pages.register()
        yield pages
        pages.unregister()


@pytest.fixture
def panel(extension):
    """The test app's dashboard panel too, for one test only."""
    dashboard_panels.register(pages.PANEL)
    yield pages.PANEL
    dashboard_panels.unregister(pages.PANEL.key)


@pytest.fixture
def published(programme):
    """Кок-Жар's complete programme in public consultation, with two villages' pledges."""
    fill(programme)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    programme.refresh_from_db()
    CommunityPledge.objects.create(programme=programme, village="Кок-Жар", labour_days=120)
    CommunityPledge.objects.create(programme=programme, village="Жийде", labour_days=45)
    return programme


@pytest.fixture
def neighbour(geography):
    """Another municipality of Osh oblast with a draft and a smaller pledge."""
    municipality = (
        Municipality.objects.filter(district__oblast__slug="osh")
        .exclude(slug="kok-zhar")
        .order_by("slug")
        .first()
    )
    programme = ProgrammeFactory(municipality=municipality)
    CommunityPledge.objects.create(programme=programme, village="Село", labour_days=10)
    return municipality


def url(name, lang="ru", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def pledge_queries(captured) -> int:
    return sum(PLEDGES in query["sql"] for query in captured.captured_queries)


def menu_count_queries(captured) -> int:
    """The queries of the menu entry's count (`pages._pledge_count`)."""
    count = f'SELECT COUNT("{PLEDGES}"."id")'
    return sum(query["sql"].startswith(count) for query in captured.captured_queries)


# ============================================================================================
# The public page of a programme


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title", "other_title"),
    [
        ("ru", "Вклад жителей", "План мероприятий"),
        ("ky", "Тургундардын салымы", "Иш-чаралардын планы"),
    ],
)
def test_section_on_the_public_page(client, extension, published, lang, title, other_title):
    html = client.get(url("planning:public", lang, pk=published.pk)).content.decode()
    assert f'<h2 id="community-pledges-title">{title}</h2>' in html
    assert "Кок-Жар: 120" in html and "Жийде: 45" in html and "Σ 165" in html
    # in the table of contents, in its order: after the plan, before the indicators
    assert f'<a href="#community-pledges">{title}</a>' in html
    toc = html[html.index('class="public-toc"') : html.index("</nav>", html.index("public-toc"))]
    assert toc.index("#plan") < toc.index("#community-pledges") < toc.index("#indicators")
    assert other_title in toc
    assert (
        html.index('id="plan"')
        < html.index('id="community-pledges"')
        < html.index('id="indicators"')
    )


@pytest.mark.django_db
def test_section_is_not_shown_when_it_says_so(client, extension, programme):
    fill(programme)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url("planning:public", pk=programme.pk)).content.decode()
    assert "community-pledges" not in html
    assert pledge_queries(captured) == 1  # `when` asked; the data was not loaded


@pytest.mark.django_db
def test_without_the_app_the_page_has_only_its_own_sections(client, published):
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url("planning:public", pk=published.pk)).content.decode()
    assert "community-pledges" not in html
    assert pledge_queries(captured) == 0


# ============================================================================================
# The reviewers' dashboard


def dashboard_rows(html) -> list[str]:
    return re.findall(r'<th scope="row">\s*<a href="/ru/m/([^/]+)/"', html)


@pytest.mark.django_db
def test_column_on_the_dashboard(extension, staff, published, neighbour):
    response = client_for(staff).get("/ru/review/")
    html = response.content.decode()
    assert "Дней труда жителей" in html
    assert '<td class="num extension-pledged-days">165</td>' in html
    assert '<td class="num extension-pledged-days">10</td>' in html
    keys = [column["key"] for column in response.context["columns"]]
    assert keys[-1] == "pledged_days"  # after the dashboard's own columns


@pytest.mark.django_db
def test_column_sorts_both_ways(extension, staff, published, neighbour):
    client = client_for(staff)
    response = client.get("/ru/review/", {"sort": "pledged_days"})
    html = response.content.decode()
    assert dashboard_rows(html)[:2] == [neighbour.slug, "kok-zhar"]
    assert 'aria-sort="ascending"' in html
    assert "?sort=pledged_days&amp;dir=desc" in html
    response = client.get("/ru/review/", {"sort": "pledged_days", "dir": "desc"})
    assert dashboard_rows(response.content.decode())[:2] == ["kok-zhar", neighbour.slug]


@pytest.mark.django_db
def test_column_costs_no_query(extension, staff, published, neighbour, django_assert_num_queries):
    from tests.planning.test_review import DASHBOARD_QUERIES, EXPORT_QUERIES

    client = client_for(staff)
    # the column is in the rows' query; the two more queries are the app's menu entry's count
    # and its group of «Мои задачи», which the number next to «Мои задачи» counts (the group has
    # no `tally`, so its items are loaded)
    with django_assert_num_queries(DASHBOARD_QUERIES + 2):
        client.get("/ru/review/", {"sort": "pledged_days"})
    with django_assert_num_queries(EXPORT_QUERIES):
        client.get("/ru/review/export.xlsx", {"sort": "pledged_days"})


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "label"), [("ru", "Дней труда жителей"), ("ky", None)])
def test_column_in_the_xlsx(extension, staff, published, neighbour, lang, label):
    response = client_for(staff).get(f"/{lang}/review/export.xlsx", {"sort": "pledged_days"})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    if label is None:
        with translation.override("ky"):
            label = str(pages.COLUMN_LABEL)
        assert label == "Тургундардын эмгек күндөрү"
    assert rows[0][-1] == label
    assert len(rows[0]) == 13  # the dashboard's twelve, then the test app's
    assert ws.column_dimensions["M"].width == 16
    assert [row[-1] for row in rows[1:3]] == [10, 165]
    assert rows[3][-1] is None  # no programme: an empty cell


@pytest.mark.django_db
def test_filter_narrows_the_list_the_summary_and_the_xlsx(extension, staff, published, neighbour):
    client = client_for(staff)
    response = client.get("/ru/review/", {"pledges": "yes"})
    html = response.content.decode()
    assert 'name="pledges"' in html and "Вклад жителей" in html
    assert sorted(dashboard_rows(html)) == sorted(["kok-zhar", neighbour.slug])
    assert response.context["total"] == 2
    assert response.context["filtered"]
    response = client.get("/ru/review/", {"pledges": "no"})
    assert "kok-zhar" not in dashboard_rows(response.content.decode())
    ws = load_workbook(
        io.BytesIO(client.get("/ru/review/export.xlsx", {"pledges": "yes"}).content)
    ).active
    assert ws.max_row == 3


@pytest.mark.django_db
def test_a_wrong_filter_value_is_an_error_and_is_ignored(extension, staff, published):
    response = client_for(staff).get("/ru/review/", {"pledges": "maybe"})
    assert response.context["form"].errors["pledges"]
    assert "kok-zhar" in dashboard_rows(response.content.decode())


def panel_of(html) -> str:
    start = html.index('<section class="dashboard-panel" id="community-pledges-total"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Вклад жителей в выбранных муниципалитетах"),
        ("ky", "Тандалган муниципалитеттердеги тургундардын салымы"),
    ],
)
def test_panel_under_the_table(panel, staff, published, neighbour, lang, title):
    html = client_for(staff).get(f"/{lang}/review/").content.decode()
    section = panel_of(html)
    assert 'aria-labelledby="community-pledges-total-title"' in section
    assert f'<h2 id="community-pledges-total-title">{title}</h2>' in section
    assert '<p class="extension-panel">3: Σ 175</p>' in section  # every pledge of the rows
    assert html.index('id="list-title"') < html.index('id="community-pledges-total"')


@pytest.mark.django_db
def test_panel_reads_the_filtered_rows_not_the_page(panel, staff, published, neighbour):
    client = client_for(staff)
    html = client.get("/ru/review/", {"state": "public_consultation"}).content.decode()
    assert '<p class="extension-panel">2: Σ 165</p>' in panel_of(html)  # Кок-Жар alone
    # more rows than a page: the panel still counts them all
    for _ in range(30):
        programme = ProgrammeFactory(municipality__district=neighbour.district)
        CommunityPledge.objects.create(programme=programme, village="Село", labour_days=1)
    response = client.get("/ru/review/")
    assert len(response.context["page"].object_list) == 25
    assert '<p class="extension-panel">33: Σ 205</p>' in panel_of(response.content.decode())


@pytest.mark.django_db
def test_panel_costs_one_query_whatever_the_rows(
    panel, staff, published, neighbour, django_assert_num_queries
):
    from tests.planning.test_review import DASHBOARD_QUERIES, EXPORT_QUERIES

    client = client_for(staff)
    # the page's own, the app's menu count and group (as without the panel), the panel's one
    with django_assert_num_queries(DASHBOARD_QUERIES + 2 + 1):
        client.get("/ru/review/")
    for _ in range(20):
        programme = ProgrammeFactory(municipality__district=neighbour.district)
        CommunityPledge.objects.create(programme=programme, village="Село", labour_days=1)
    with django_assert_num_queries(DASHBOARD_QUERIES + 2 + 1):
        client.get("/ru/review/", {"page": 2})
    # the .xlsx has no panel
    with django_assert_num_queries(EXPORT_QUERIES):
        client.get("/ru/review/export.xlsx")


@pytest.mark.django_db
def test_panel_with_nothing_to_show_is_left_out(panel, staff, published, neighbour):
    client = client_for(staff)
    html = client.get("/ru/review/", {"pledges": "no"}).content.decode()
    assert "community-pledges-total" not in html
    # no row at all: the panel is not asked
    response = client.get("/ru/review/", {"pledges": "yes", "state": "approved"})
    assert not response.context["page"].object_list
    assert response.context["panels"] == []


# ============================================================================================
# The main menu


def menu_of(html) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "label", "counted"),
    [
        ("ru", "Вклад жителей", "обещаний сёл"),
        ("ky", "Тургундардын салымы", "айылдардын убадалары"),
    ],
)
def test_menu_entry_with_its_count(extension, gulnara, published, lang, label, counted):
    with CaptureQueriesContext(connection) as captured:
        html = client_for(gulnara).get(f"/{lang}/my/").content.decode()
    menu = menu_of(html)
    assert (
        f'>{label} <span class="badge badge--warn">2'
        f'<span class="visually-hidden"> — {counted}</span></span></a>'
    ) in menu
    # in its order: after «Мои задачи» (20), before «Рецензирование» (30) of a reviewer
    assert menu.index(f"/{lang}/my/tasks/") < menu.index(label)
    assert menu_count_queries(captured) == 1


@pytest.mark.django_db
def test_menu_count_is_computed_once_per_request(extension, gulnara, published):
    request = RequestFactory().get("/ru/my/")
    request.user = gulnara
    with CaptureQueriesContext(connection) as captured:
        first = navigation_for(request)
        again = navigation_for(request)
    assert first is again
    assert menu_count_queries(captured) == 1


@pytest.mark.django_db
def test_menu_entry_is_hidden_and_uncounted_for_a_visitor(client, extension, published):
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/ru/accounts/login/").content.decode()
    assert "Вклад жителей" not in menu_of(html)
    assert pledge_queries(captured) == 0


@pytest.mark.django_db
def test_a_page_without_the_menu_does_not_count(extension, staff, published):
    with CaptureQueriesContext(connection) as captured:
        response = client_for(staff).get("/ru/review/export.xlsx")
    assert response.status_code == 200
    assert menu_count_queries(captured) == 0


# ============================================================================================
# «Мои задачи» and the pages of municipalities


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title"),
    [("ru", "Вклад жителей: учесть в плане"), ("ky", "Тургундардын салымы: планга киргизүү")],
)
def test_group_on_my_tasks(extension, gulnara, published, lang, title):
    html = client_for(gulnara).get(f"/{lang}/my/tasks/").content.decode()
    assert f'<h2 id="tasks-community-pledges">{title}</h2>' in html
    assert "Жийде: 45" in html and "Кок-Жар: 120" in html


@pytest.mark.django_db
def test_a_group_without_items_is_not_shown(extension, nurlan, published):
    html = client_for(nurlan).get("/ru/my/tasks/").content.decode()
    assert "tasks-community-pledges" not in html
    assert "Открытых задач у вас нет." in html


@pytest.mark.django_db
def test_listing_under_each_municipality(client, extension, published, neighbour):
    line = '<p class="extension-listing" data-municipality="kok-zhar">Дней труда жителей: 165</p>'
    assert line in client.get("/ru/").content.decode()
    assert f'data-municipality="{neighbour.slug}">Дней труда жителей: 10<' in (
        client.get("/ru/").content.decode()
    )
    assert line in client.get("/ru/m/kok-zhar/").content.decode()
    ky = client.get("/ky/m/kok-zhar/").content.decode()
    assert "Тургундардын эмгек күндөрү: 165" in ky


@pytest.mark.django_db
def test_listing_costs_one_query_whatever_the_number_of_municipalities(
    client, extension, published, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as small:
        client.get("/ru/")
    for municipality in Municipality.objects.exclude(slug="kok-zhar")[:20]:
        programme = ProgrammeFactory(municipality=municipality)
        CommunityPledge.objects.create(programme=programme, village="Село", labour_days=1)
    with django_assert_num_queries(len(small)):
        client.get("/ru/")
    assert pledge_queries(small) == 1


# ============================================================================================
# What a registration refuses


def test_the_fixture_leaves_nothing_registered():
    assert "community-pledges" not in public_sections
    assert "pledged_days" not in dashboard_columns
    assert "pledges" not in dashboard_filters
    assert "community-pledges-total" not in dashboard_panels
    assert "community-pledges" not in navigation.entries
    assert "community-pledges" not in task_groups
    assert "community-pledges" not in listings.listings


def test_a_duplicate_key_is_refused(extension):
    with pytest.raises(AlreadyRegistered, match="public page section 'community-pledges'"):
        public_sections.register(pages.SECTION)
    with pytest.raises(AlreadyRegistered, match="'plan' is already registered"):
        public_sections.register(PublicSection("plan", "x", "extension_app/public_section.html"))
    with pytest.raises(AlreadyRegistered, match="navigation entry 'home'"):
        navigation.register(NavEntry("home", "x", "home"))
    with pytest.raises(AlreadyRegistered, match="task group 'community-pledges'"):
        task_groups.register(pages.GROUP)
    with pytest.raises(AlreadyRegistered, match="municipality listing 'programmes'"):
        listings.register(Listing("programmes", load=lambda ms, request: {}))
    dashboard_panels.register(pages.PANEL)
    try:
        with pytest.raises(AlreadyRegistered, match="dashboard panel 'community-pledges-total'"):
            dashboard_panels.register(pages.PANEL)
    finally:
        dashboard_panels.unregister(pages.PANEL.key)
    assert len([s for s in public_sections if s.key == "community-pledges"]) == 1


def test_the_pages_own_keys_are_refused():
    # a column named like one of the dashboard's own would make `?sort=` ambiguous
    with pytest.raises(AlreadyRegistered, match="dashboard column 'programme'"):
        dashboard_columns.register(
            DashboardColumn("programme", "x", annotate=dict, value=lambda row: None)
        )
    with pytest.raises(AlreadyRegistered, match="dashboard filter 'state'"):
        dashboard_filters.register(
            DashboardFilter("state", field=lambda: None, apply=lambda qs, v: qs)
        )
    with pytest.raises(AlreadyRegistered, match="task group 'workplan'"):
        task_groups.register(TaskGroup("workplan", "x", "extension_app/task_group.html", list))
    # a panel's id next to the page's own headings ("summary-title")
    with pytest.raises(AlreadyRegistered, match="dashboard panel 'summary'"):
        dashboard_panels.register(
            DashboardPanel("summary", "x", "extension_app/dashboard_panel.html", data=dict)
        )


def test_a_missing_template_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"'extension_app/nowhere\.html' does not exist"):
        public_sections.register(PublicSection("nowhere", "x", "extension_app/nowhere.html"))
    with pytest.raises(ImproperlyConfigured, match=r"task group 'nowhere'.*does not exist"):
        task_groups.register(TaskGroup("nowhere", "x", "extension_app/nowhere.html", list))
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        dashboard_columns.register(
            DashboardColumn(
                "nowhere", "x", annotate=dict, value=lambda row: None, template="nowhere.html"
            )
        )
    with pytest.raises(ImproperlyConfigured, match=r"dashboard panel 'nowhere'.*does not exist"):
        dashboard_panels.register(
            DashboardPanel("nowhere", "x", "extension_app/nowhere.html", data=dict)
        )
    assert "nowhere" not in public_sections and "nowhere" not in task_groups
    assert "nowhere" not in dashboard_columns and "nowhere" not in dashboard_panels


def test_a_column_must_annotate_what_it_sorts_by():
    with pytest.raises(ImproperlyConfigured, match="sorts by 'days_pledged'"):
        dashboard_columns.register(
            DashboardColumn(
                "pledged", "x", annotate=dict, value=lambda row: None, sort="days_pledged"
            )
        )


def test_a_listing_in_an_unknown_place_is_refused():
    with pytest.raises(ImproperlyConfigured, match="unknown places \\['sidebar'\\]"):
        listings.register(
            Listing("sidebar", load=lambda ms, request: {}, templates={"sidebar": "x.html"})
        )


def test_unregistering_what_is_not_registered_says_so():
    with pytest.raises(NotRegistered, match="dashboard column 'nothing' is not registered"):
        dashboard_columns.unregister("nothing")
