"""Review by project staff: the reviewers' dashboard (who sees what, filters,
sorting, pagination, the Excel export, the same number of queries for 5 and 500
municipalities) and the review comments in threads (who may write, resolve, reopen; nothing
in a frozen version) — every URL from both sides."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from municipalities.models import Municipality, Oblast, Role
from planning.models import CommentStatus, Programme, ProgrammeStatus, ReviewComment, Section
from planning.permissions import ProgrammeFrozen
from planning.services.review import (
    comment_reopen,
    comment_reply,
    comment_resolve,
    comment_start,
)
from tests.conftest import client_for
from tests.factories import (
    DistrictFactory,
    MembershipFactory,
    MunicipalityFactory,
    OblastFactory,
    ProgrammeFactory,
    UserFactory,
)

S = ProgrammeStatus
DASHBOARD = "/ru/review/"
EXPORT = "/ru/review/export.xlsx"
EDITABLE_FOR_COMMENTS = [S.DRAFT, S.IN_REVIEW, S.PUBLIC_CONSULTATION, S.SUBMITTED_TO_COUNCIL]
FROZEN = [S.APPROVED, S.IN_IMPLEMENTATION, S.SUPERSEDED]


@pytest.fixture
def naryn_reviewer(geography):
    """A project reviewer for Naryn oblast (Ак-Тал), not for Osh (Кок-Жар)."""
    user = UserFactory(full_name="Бакыт Рецензентов", email="naryn@psep.example")
    MembershipFactory(
        user=user, role=Role.REVIEWER, municipality=None, oblast=Oblast.objects.get(slug="naryn")
    )
    return user


def set_status(programme, status):
    Programme.objects.filter(pk=programme.pk).update(status=status)
    programme.refresh_from_db()
    return programme


def persona(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def names_on(response) -> list[str]:
    return [m.name for m in response.context["page"].object_list]


def thread_on(programme, author, text="Уточните источник данных", section=Section.PLAN):
    return ReviewComment.objects.create(
        programme=programme, author=author, section=section, text=text
    )


# ============================================================================================
# The dashboard: who sees it, and what


class TestDashboardAccess:
    def test_anonymous_is_sent_to_log_in(self, client, geography):
        for url in (DASHBOARD, EXPORT):
            response = client.get(url)
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("name", ["nurlan", "gulnara", "aibek", "kenesh", "shirin"])
    def test_people_who_review_nothing_are_refused(self, request, name):
        client = client_for(request.getfixturevalue(name))
        assert client.get(DASHBOARD).status_code == 403
        assert client.get(EXPORT).status_code == 403

    def test_reviewer_of_osh_sees_kok_zhar_and_not_ak_tal(self, staff, programme, ak_tal_programme):
        response = client_for(staff).get(DASHBOARD)
        assert response.status_code == 200
        names = names_on(response)
        assert "Кок-Жарский айылный аймак" in names
        assert "Ак-Талский айылный аймак" not in names
        osh = Municipality.objects.filter(district__oblast__slug="osh")
        assert sorted(names) == sorted(m.name for m in osh)
        assert ak_tal_programme.title_ru not in response.content.decode()

    def test_reviewer_of_naryn_does_not_see_kok_zhar(
        self, naryn_reviewer, programme, ak_tal_programme
    ):
        response = client_for(naryn_reviewer).get(DASHBOARD)
        assert response.status_code == 200
        assert names_on(response) == ["Ак-Талский айылный аймак"]
        assert programme.title_ru not in response.content.decode()
        # and Кок-Жар cannot be asked for through the filters either
        kok_zhar = Municipality.objects.get(slug="kok-zhar")
        response = client_for(naryn_reviewer).get(
            DASHBOARD, {"district": kok_zhar.district_id, "oblast": kok_zhar.district.oblast_id}
        )
        assert response.context["form"].errors
        assert "Кок-Жарский айылный аймак" not in names_on(response)

    def test_superuser_sees_every_oblast(self, admin_user, programme, ak_tal_programme):
        response = client_for(admin_user).get(DASHBOARD, {"sort": "municipality"})
        names = names_on(response)
        assert "Кок-Жарский айылный аймак" in names
        assert "Ак-Талский айылный аймак" in names
        assert response.context["page"].paginator.count == Municipality.objects.count()

    def test_navigation_link_only_for_reviewers(self, staff, gulnara, admin_user):
        link = 'href="/ru/review/"'
        assert link in client_for(staff).get("/ru/").content.decode()
        assert link in client_for(admin_user).get("/ru/").content.decode()
        assert link not in client_for(gulnara).get("/ru/").content.decode()


# ============================================================================================
# The dashboard's rows, filters, sort, pagination, summary


@pytest.fixture
def region(db):
    """An oblast of its own with two districts, a reviewer, and municipalities in every
    situation the dashboard must show."""
    oblast = OblastFactory(name_ru="Тестовая область", name_ky="Тест облусу")
    north = DistrictFactory(oblast=oblast, name_ru="Северный район", name_ky="Түндүк району")
    south = DistrictFactory(oblast=oblast, name_ru="Южный район", name_ky="Түштүк району")
    reviewer = UserFactory(full_name="Рецензент Тестовый")
    MembershipFactory(user=reviewer, role=Role.REVIEWER, municipality=None, oblast=oblast)
    now = timezone.now()

    def municipality(name, district, *, target=True):
        return MunicipalityFactory(
            district=district, name_ru=name, name_ky=f"{name} (кырг.)", is_target=target
        )

    alpha = municipality("Альфа", north)
    beta = municipality("Бета", north)
    gamma = municipality("Гамма", south, target=False)
    delta = municipality("Дельта", south)  # no programme at all
    # Альфа: version 1 approved then superseded by version 2, now in review
    old = ProgrammeFactory(
        municipality=alpha, version=1, status=S.SUPERSEDED, title_ru="Альфа: старая версия"
    )
    alpha_current = ProgrammeFactory(
        municipality=alpha,
        version=2,
        previous_version=old,
        status=S.IN_REVIEW,
        title_ru="Альфа: версия 2",
        title_ky="Альфа: 2-версия",
        completeness_percent=80,
        ky_percent=40,
    )
    beta_current = ProgrammeFactory(
        municipality=beta,
        start_year=2019,
        end_year=2023,
        status=S.DRAFT,
        title_ru="Бета: программа",
        title_ky="",
        completeness_percent=30,
        ky_percent=0,
    )
    gamma_current = ProgrammeFactory(
        municipality=gamma,
        start_year=2021,
        end_year=2025,
        status=S.APPROVED,
        title_ru="Гамма: программа",
        completeness_percent=100,
        ky_percent=100,
    )
    Programme.objects.filter(pk=alpha_current.pk).update(
        status_changed_at=now - timedelta(days=12), content_changed_at=now - timedelta(days=2)
    )
    Programme.objects.filter(pk=beta_current.pk).update(
        status_changed_at=now - timedelta(days=40), content_changed_at=now - timedelta(days=1)
    )
    Programme.objects.filter(pk=gamma_current.pk).update(
        status_changed_at=now - timedelta(days=3), content_changed_at=None
    )
    for _ in range(3):
        thread_on(alpha_current, reviewer)
    resolved = thread_on(alpha_current, reviewer)
    resolved.status = CommentStatus.RESOLVED
    resolved.save()
    thread_on(beta_current, reviewer)
    # a reply is not a thread: it does not count
    ReviewComment.objects.create(
        programme=beta_current,
        parent=ReviewComment.objects.filter(programme=beta_current).first(),
        author=reviewer,
        text="ответ",
    )
    # a municipality of another oblast, invisible to this reviewer
    MunicipalityFactory(name_ru="Чужой аймак")
    return {
        "oblast": oblast,
        "north": north,
        "south": south,
        "reviewer": reviewer,
        "alpha": alpha_current,
        "beta": beta_current,
        "gamma": gamma_current,
        "delta": delta,
    }


def rows_of(region, **params):
    response = client_for(region["reviewer"]).get(DASHBOARD, params)
    assert response.status_code == 200
    return response, {m.name: m for m in response.context["page"].object_list}


class TestDashboardRows:
    def test_one_row_per_municipality_with_its_current_programme(self, region):
        response, rows = rows_of(region)
        assert list(rows) == ["Альфа", "Бета", "Гамма", "Дельта"]
        alpha = rows["Альфа"]
        assert alpha.programme_id == region["alpha"].pk  # not the superseded version
        assert alpha.programme_status == S.IN_REVIEW
        assert alpha.days_in_state == 12
        assert (alpha.completeness_percent, alpha.ky_percent) == (80, 40)
        assert alpha.open_comments == 3  # resolved threads and replies do not count
        assert rows["Бета"].open_comments == 1
        assert rows["Гамма"].open_comments == 0
        # no content change recorded yet: the programme's own last update
        assert rows["Гамма"].last_change == Programme.objects.get(pk=region["gamma"].pk).updated_at
        assert rows["Дельта"].programme_id is None
        html = response.content.decode()
        assert "Альфа: версия 2" in html
        assert "Альфа: старая версия" not in html
        assert "нет программы" in html
        assert "Чужой аймак" not in html
        assert reverse("planning:overview", kwargs={"pk": region["alpha"].pk}) in html

    def test_summary_counts_every_state(self, region):
        response, _rows = rows_of(region)
        summary = {item.state: item.count for item in response.context["summary"]}
        assert summary[S.IN_REVIEW] == 1
        assert summary[S.DRAFT] == 1
        assert summary[S.APPROVED] == 1
        assert summary["none"] == 1
        assert summary[S.PUBLIC_CONSULTATION] == 0
        assert S.SUPERSEDED not in summary
        assert response.context["total"] == 4
        assert "Всего: 4" in response.content.decode()

    def test_summary_ignores_the_state_filter_but_not_the_others(self, region):
        response, rows = rows_of(region, state=S.DRAFT, district=region["north"].pk)
        assert list(rows) == ["Бета"]
        summary = {item.state: item.count for item in response.context["summary"]}
        assert summary[S.IN_REVIEW] == 1 and summary[S.DRAFT] == 1
        assert summary[S.APPROVED] == 0  # Гамма is in the south
        assert response.context["total"] == 2

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"state": S.IN_REVIEW}, ["Альфа"]),
            ({"state": S.APPROVED}, ["Гамма"]),
            ({"state": "none"}, ["Дельта"]),
            ({"kind": "guest"}, ["Гамма"]),
            ({"kind": "target"}, ["Альфа", "Бета", "Дельта"]),
            ({"district": "south"}, ["Гамма", "Дельта"]),
            ({"oblast": "oblast"}, ["Альфа", "Бета", "Гамма", "Дельта"]),
            ({"district": "south", "kind": "target"}, ["Дельта"]),
        ],
    )
    def test_filters(self, region, params, expected):
        params = {k: region[v].pk if v in ("south", "oblast") else v for k, v in params.items()}
        _response, rows = rows_of(region, **params)
        assert list(rows) == expected

    def test_no_match_shows_the_empty_state(self, region):
        response, rows = rows_of(region, state=S.PUBLIC_CONSULTATION)
        assert rows == {}
        html = response.content.decode()
        assert "Ни один муниципалитет не подходит под выбранные фильтры." in html
        assert "Сбросить фильтры" in html

    @pytest.mark.parametrize(
        "params", [{"state": "deleted"}, {"district": "abc"}, {"oblast": "999999"}]
    )
    def test_a_wrong_filter_is_an_error_and_is_ignored(self, region, params):
        response, rows = rows_of(region, **params)
        assert response.context["form"].errors
        assert list(rows) == ["Альфа", "Бета", "Гамма", "Дельта"]
        assert "Некоторые фильтры не применены" in response.content.decode()

    @pytest.mark.parametrize(
        ("sort", "ascending"),
        [
            ("municipality", ["Альфа", "Бета", "Гамма", "Дельта"]),
            ("programme", ["Альфа", "Бета", "Гамма", "Дельта"]),
            ("period", ["Бета", "Альфа", "Гамма", "Дельта"]),
            ("state", ["Бета", "Альфа", "Гамма", "Дельта"]),
            ("days", ["Гамма", "Альфа", "Бета", "Дельта"]),
            ("completeness", ["Бета", "Альфа", "Гамма", "Дельта"]),
            ("ky", ["Бета", "Альфа", "Гамма", "Дельта"]),
            ("comments", ["Гамма", "Бета", "Альфа", "Дельта"]),
            ("changed", ["Гамма", "Альфа", "Бета", "Дельта"]),
        ],
    )
    def test_sort_by_every_column_both_ways(self, region, sort, ascending):
        if sort == "changed":
            # Гамма has no content change: it sorts by its last update (now)
            Programme.objects.filter(pk=region["gamma"].pk).update(
                updated_at=timezone.now() - timedelta(days=30)
            )
        response, rows = rows_of(region, sort=sort)
        assert list(rows) == ascending
        header = next(c for c in response.context["columns"] if c["key"] == sort)
        assert header["aria_sort"] == "ascending"
        assert 'aria-sort="ascending"' in response.content.decode()
        response, rows = rows_of(region, sort=sort, dir="desc")
        with_programme = [name for name in ascending if name != "Дельта"]
        if sort == "municipality":
            assert list(rows) == ascending[::-1]
        else:
            # municipalities without a programme stay last whichever the direction
            assert list(rows) == [*with_programme[::-1], "Дельта"]
        assert 'aria-sort="descending"' in response.content.decode()

    def test_sort_links_turn_the_order_round_and_keep_the_filters(self, region):
        response, _rows = rows_of(region, kind="target", sort="completeness")
        html = response.content.decode()
        assert "?kind=target&amp;sort=completeness&amp;dir=desc" in html
        assert "?kind=target&amp;sort=days&amp;dir=asc" in html

    def test_an_unknown_sort_falls_back_to_the_municipality(self, region):
        _response, rows = rows_of(region, sort="password")
        assert list(rows) == ["Альфа", "Бета", "Гамма", "Дельта"]

    def test_kyrgyz_page_sorts_and_shows_kyrgyz_names(self, region):
        response = client_for(region["reviewer"]).get("/ky/review/", {"sort": "programme"})
        html = response.content.decode()
        assert "Альфа: 2-версия" in html
        # Бета has no Kyrgyz title: the Russian one is shown, marked as such
        assert "Бета: программа" in html
        assert "кыргызча текст жок" in html


class TestPagination:
    def test_25_per_page_and_the_pages_keep_the_filters(self, region):
        for i in range(30):
            MunicipalityFactory(district=region["north"], name_ru=f"Село {i:02d}")
        client = client_for(region["reviewer"])
        response = client.get(DASHBOARD, {"district": region["north"].pk, "sort": "municipality"})
        page = response.context["page"]
        assert len(page.object_list) == 25
        assert page.paginator.count == 32
        html = response.content.decode()
        assert f"?district={region['north'].pk}&amp;sort=municipality&amp;page=2" in html
        response = client.get(
            DASHBOARD, {"district": region["north"].pk, "sort": "municipality", "page": 2}
        )
        assert len(response.context["page"].object_list) == 7
        assert "Показаны 26–32 из 32." in response.content.decode()


# ============================================================================================
# The export


def read_xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'attachment; filename="psep-review-' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    return ws, [tuple(row) for row in ws.iter_rows(values_only=True)]


class TestExport:
    def test_every_filtered_row_sorted_like_the_page(self, region):
        response = client_for(region["reviewer"]).get(
            EXPORT, {"kind": "target", "sort": "completeness", "dir": "desc"}
        )
        ws, rows = read_xlsx(response)
        assert ws.title == "Рецензирование"
        assert rows[0] == (
            "Муниципалитет",
            "Район",
            "Область",
            "Целевой / гостевой",
            "Программа",
            "Период",
            "Состояние",
            "Дней в состоянии",
            "Заполненность, %",
            "На кыргызском, %",
            "Открытые комментарии",
            "Последнее изменение",
        )
        assert [row[0] for row in rows[1:]] == ["Альфа", "Бета", "Дельта"]
        alpha = rows[1]
        assert alpha[1:5] == ("Северный район", "Тестовая область", "целевой", "Альфа: версия 2")
        assert alpha[5:11] == ("2020–2024", "на рассмотрении", 12, 80, 40, 3)
        assert alpha[11].date() == timezone.localdate() - timedelta(days=2)
        assert ws.column_dimensions["E"].width == 44
        assert ws.freeze_panes == "A2"
        delta = rows[3]
        assert delta[4] == "нет программы" and delta[6] == "нет программы"
        assert delta[7:] == (None, None, None, None, None)

    def test_all_rows_not_only_the_page(self, region):
        for i in range(30):
            MunicipalityFactory(district=region["north"], name_ru=f"Село {i:02d}")
        response = client_for(region["reviewer"]).get(EXPORT)
        _ws, rows = read_xlsx(response)
        assert len(rows) == 1 + 34

    def test_headers_and_names_in_kyrgyz(self, region):
        response = client_for(region["reviewer"]).get("/ky/review/export.xlsx")
        _ws, rows = read_xlsx(response)
        with translation.override("ky"):
            from planning.services.review import DASHBOARD_COLUMNS

            assert rows[0] == tuple(str(label) for label, _width in DASHBOARD_COLUMNS)
        assert rows[1][0] == "Альфа (кырг.)"
        assert rows[1][4] == "Альфа: 2-версия"


# ============================================================================================
# The number of queries does not grow with the number of municipalities


def _populate(oblast, n):
    districts = [DistrictFactory(oblast=oblast) for _ in range(3)]
    statuses = [S.DRAFT, S.IN_REVIEW, S.PUBLIC_CONSULTATION, S.APPROVED]
    for i in range(n):
        municipality = MunicipalityFactory(district=districts[i % 3], is_target=i % 4 != 0)
        if i % 5 == 4:
            continue  # no programme
        programme = ProgrammeFactory(
            municipality=municipality, status=statuses[i % 4], completeness_percent=i % 100
        )
        if i % 3 == 0 and not programme.is_frozen:
            ReviewComment.objects.create(programme=programme, text="Замечание")


# savepoint, session, user, memberships, districts (filters), count, rows, summary, what waits
# for the person (the menu's count of «Мои задачи»), release
DASHBOARD_QUERIES = 10
# savepoint, session, user, memberships, districts (filters), rows, release
EXPORT_QUERIES = 7


@pytest.mark.parametrize("n", [5, 500])
@pytest.mark.parametrize(
    "params", [{}, {"sort": "comments", "dir": "desc", "kind": "target", "page": "2"}]
)
def test_dashboard_queries_do_not_grow(db, n, params, django_assert_num_queries):
    """The same number of queries for 5 and for 500 municipalities, page and export."""
    oblast = OblastFactory()
    reviewer = UserFactory()
    MembershipFactory(user=reviewer, role=Role.REVIEWER, municipality=None, oblast=oblast)
    _populate(oblast, n)
    client = client_for(reviewer)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    count = response.context["page"].paginator.count
    assert count == (n if not params else sum(1 for i in range(n) if i % 4 != 0))
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(EXPORT, params)
    _ws, rows = read_xlsx(response)
    assert len(rows) == count + 1


# ============================================================================================
# Comment services: who may do what


PERSONAS = [
    "aibek",
    "gulnara",
    "kenesh",
    "shirin",
    "staff",
    "nurlan",
    "naryn_reviewer",
    "admin_user",
]
WRITE = {"aibek", "gulnara", "staff", "admin_user"}
RESOLVE = {"aibek", "gulnara", "admin_user"}
REOPEN = {"aibek", "gulnara", "staff", "admin_user"}


@pytest.fixture
def thread(programme, staff):
    return comment_start(
        programme=programme,
        actor=staff,
        section=Section.PLAN,
        item_label="Мероприятие 1.1.1",
        text="Укажите стоимость по годам.",
    )


def resolved(thread, by):
    return comment_resolve(thread=thread, actor=by)


class TestCommentServices:
    @pytest.mark.parametrize("name", PERSONAS)
    def test_start(self, request, programme, name):
        actor = request.getfixturevalue(name)
        call = lambda: comment_start(  # noqa: E731
            programme=programme, actor=actor, section=Section.PASSPORT, text="Проверьте площадь"
        )
        if name in WRITE:
            comment = call()
            assert comment.author == actor
            assert comment.status == CommentStatus.OPEN and comment.parent is None
            record = comment.history.get()
            assert record.history_user == actor
            assert record.history_type == "+"
        else:
            with pytest.raises(PermissionDenied):
                call()
            assert not ReviewComment.objects.exists()

    @pytest.mark.parametrize("name", PERSONAS)
    def test_reply(self, request, thread, name):
        actor = request.getfixturevalue(name)
        if name in WRITE:
            reply = comment_reply(thread=thread, actor=actor, text="Сделано, проверьте.")
            assert reply.parent == thread
            assert reply.section == thread.section
            assert reply.history.get().history_user == actor
        else:
            with pytest.raises(PermissionDenied):
                comment_reply(thread=thread, actor=actor, text="Сделано")
            assert thread.replies.count() == 0

    @pytest.mark.parametrize("name", PERSONAS)
    def test_resolve(self, request, thread, name):
        actor = request.getfixturevalue(name)
        if name in RESOLVE:
            done = comment_resolve(thread=thread, actor=actor)
            assert done.status == CommentStatus.RESOLVED
            assert done.resolved_by == actor and done.resolved_at is not None
            assert done.history.latest().history_user == actor
        else:
            with pytest.raises(PermissionDenied):
                comment_resolve(thread=thread, actor=actor)
            thread.refresh_from_db()
            assert thread.status == CommentStatus.OPEN

    @pytest.mark.parametrize("name", PERSONAS)
    def test_reopen(self, request, thread, gulnara, name):
        resolved(thread, gulnara)
        actor = request.getfixturevalue(name)
        if name in REOPEN:
            again = comment_reopen(thread=thread, actor=actor)
            assert again.status == CommentStatus.OPEN
            assert again.resolved_by is None and again.resolved_at is None
            assert again.history.latest().history_user == actor
        else:
            with pytest.raises(PermissionDenied):
                comment_reopen(thread=thread, actor=actor)
            thread.refresh_from_db()
            assert thread.status == CommentStatus.RESOLVED

    def test_nobody_is_allowed_without_an_actor(self, programme):
        with pytest.raises(PermissionDenied):
            comment_start(programme=programme, actor=None, section=Section.PLAN, text="x")

    @pytest.mark.parametrize("status", EDITABLE_FOR_COMMENTS)
    def test_comments_are_written_until_the_council_decides(
        self, programme, thread, staff, gulnara, status
    ):
        set_status(programme, status)
        thread.programme = programme
        comment_start(programme=programme, actor=staff, section=Section.GENERAL, text="Ещё")
        comment_reply(thread=thread, actor=gulnara, text="Ответ")
        comment_resolve(thread=thread, actor=gulnara)
        comment_reopen(thread=thread, actor=staff)

    @pytest.mark.parametrize("status", FROZEN)
    @pytest.mark.parametrize("name", ["staff", "gulnara", "admin_user"])
    def test_nobody_writes_in_a_frozen_version(
        self, request, programme, thread, gulnara, status, name
    ):
        other = comment_start(programme=programme, actor=gulnara, section=Section.PLAN, text="x")
        comment_resolve(thread=other, actor=gulnara)
        set_status(programme, status)
        thread.programme = other.programme = programme
        actor = request.getfixturevalue(name)
        with pytest.raises(ProgrammeFrozen):
            comment_start(programme=programme, actor=actor, section=Section.PLAN, text="Новый")
        with pytest.raises(ProgrammeFrozen):
            comment_reply(thread=thread, actor=actor, text="Ответ")
        with pytest.raises(ProgrammeFrozen):
            comment_resolve(thread=thread, actor=actor)
        with pytest.raises(ProgrammeFrozen):
            comment_reopen(thread=other, actor=actor)
        assert ReviewComment.objects.count() == 2
        assert ReviewComment.objects.get(pk=thread.pk).status == CommentStatus.OPEN

    def test_text_limit_and_empty_text(self, programme, staff):
        with pytest.raises(ValidationError) as error:
            comment_start(programme=programme, actor=staff, section=Section.PLAN, text="ы" * 5001)
        assert "5001" in error.value.message_dict["text"][0]
        assert "5000" in error.value.message_dict["text"][0]
        with pytest.raises(ValidationError) as error:
            comment_start(programme=programme, actor=staff, section=Section.PLAN, text="   \n")
        assert error.value.message_dict["text"] == ["Напишите текст комментария."]
        comment = comment_start(
            programme=programme, actor=staff, section=Section.PLAN, text=" " + "ң" * 5000 + " "
        )
        assert comment.text == "ң" * 5000

    def test_unknown_section_is_refused(self, programme, staff):
        with pytest.raises(ValidationError) as error:
            comment_start(programme=programme, actor=staff, section="budget", text="x")
        assert "section" in error.value.message_dict

    def test_a_resolved_thread_is_reopened_before_a_reply(self, thread, gulnara, staff):
        resolved(thread, gulnara)
        with pytest.raises(ValidationError):
            comment_reply(thread=thread, actor=staff, text="Не исправлено")
        comment_reopen(thread=thread, actor=staff)
        comment_reply(thread=thread, actor=staff, text="Не исправлено")

    def test_resolve_twice_and_reopen_an_open_thread_are_refused(self, thread, gulnara):
        with pytest.raises(ValidationError):
            comment_reopen(thread=thread, actor=gulnara)
        comment_resolve(thread=thread, actor=gulnara)
        with pytest.raises(ValidationError):
            comment_resolve(thread=thread, actor=gulnara)

    def test_a_reply_is_not_a_thread(self, thread, gulnara, staff):
        reply = comment_reply(thread=thread, actor=gulnara, text="Ответ")
        with pytest.raises(ValidationError):
            comment_reply(thread=reply, actor=staff, text="Ответ на ответ")
        with pytest.raises(ValidationError):
            comment_resolve(thread=reply, actor=gulnara)


# ============================================================================================
# Comment pages


def comments_url(programme, **query):
    url = reverse("planning:comments", kwargs={"pk": programme.pk})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def action_url(name, thread):
    return reverse(f"planning:{name}", kwargs={"pk": thread.programme_id, "comment_pk": thread.pk})


class TestCommentPages:
    @pytest.mark.parametrize(
        ("name", "status"),
        [
            ("aibek", 200),
            ("gulnara", 200),
            ("kenesh", 200),
            ("shirin", 200),
            ("staff", 200),
            ("admin_user", 200),
            ("nurlan", 403),
            ("naryn_reviewer", 403),
        ],
    )
    def test_who_reads_the_comments(self, request, thread, name, status):
        response = client_for(request.getfixturevalue(name)).get(comments_url(thread.programme))
        assert response.status_code == status
        if status == 200:
            assert "Укажите стоимость по годам." in response.content.decode()
        else:
            assert "Укажите стоимость по годам." not in response.content.decode()

    def test_anonymous_is_sent_to_log_in_everywhere(self, client, thread):
        urls = [
            comments_url(thread.programme),
            reverse("planning:comment_add", kwargs={"pk": thread.programme_id}),
            action_url("comment_reply", thread),
            action_url("comment_resolve", thread),
            action_url("comment_reopen", thread),
        ]
        for url in urls:
            response = client.post(url, {"text": "x", "section": "plan"})
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        assert client.get(urls[0]).status_code == 302
        assert ReviewComment.objects.count() == 1

    @pytest.mark.parametrize("name", ["nurlan", "naryn_reviewer"])
    def test_other_municipality_cannot_write(self, request, thread, name):
        client = client_for(request.getfixturevalue(name))
        pk = thread.programme_id
        add = reverse("planning:comment_add", kwargs={"pk": pk})
        assert client.post(add, {"section": "plan", "text": "x"}).status_code == 403
        assert client.post(action_url("comment_reply", thread), {"text": "x"}).status_code == 403
        assert client.post(action_url("comment_resolve", thread)).status_code == 403
        assert ReviewComment.objects.count() == 1
        assert ReviewComment.objects.get().status == CommentStatus.OPEN

    def test_readers_see_no_forms_and_cannot_post(self, kenesh, shirin, thread):
        for person in (kenesh, shirin):
            client = client_for(person)
            html = client.get(comments_url(thread.programme)).content.decode()
            assert "Новое обсуждение" not in html
            assert "Отметить решённым" not in html
            assert "вы можете их читать" in html
            add = reverse("planning:comment_add", kwargs={"pk": thread.programme_id})
            assert client.post(add, {"section": "plan", "text": "x"}).status_code == 403
            reply = action_url("comment_reply", thread)
            assert client.post(reply, {f"reply-{thread.pk}-text": "x"}).status_code == 403
            assert client.post(action_url("comment_resolve", thread)).status_code == 403
        assert ReviewComment.objects.count() == 1

    def test_reviewer_sees_reply_but_not_resolve(self, staff, thread):
        html = client_for(staff).get(comments_url(thread.programme)).content.decode()
        assert "Новое обсуждение" in html
        assert "Отправить ответ" in html
        assert "Отметить решённым" not in html

    def test_start_a_thread(self, staff, programme):
        client = client_for(staff)
        response = client.post(
            reverse("planning:comment_add", kwargs={"pk": programme.pk}),
            {"section": "indicators", "item_label": "Доля домохозяйств", "text": "Нет базы."},
        )
        thread = ReviewComment.objects.get()
        assert response.status_code == 302
        assert response["Location"] == comments_url(programme) + f"#thread-{thread.pk}"
        assert (thread.section, thread.item_label, thread.author) == (
            "indicators",
            "Доля домохозяйств",
            staff,
        )
        html = client.get(response["Location"]).content.decode()
        assert "Обсуждение начато." in html
        assert "Индикаторы: Доля домохозяйств" in html

    def test_too_long_text_keeps_what_was_typed(self, staff, programme):
        typed = "Көп сөз " * 700  # 5600 characters
        response = client_for(staff).post(
            reverse("planning:comment_add", kwargs={"pk": programme.pk}),
            {"section": "swot", "item_label": "Угрозы", "text": typed},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Комментарий слишком длинный" in html
        assert typed.strip() in html or typed in html
        assert 'value="Угрозы"' in html
        assert '<option value="swot" selected>' in html
        assert not ReviewComment.objects.exists()

    def test_empty_reply_is_refused_and_the_form_is_open(self, gulnara, thread):
        response = client_for(gulnara).post(
            action_url("comment_reply", thread), {f"reply-{thread.pk}-text": "  "}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Напишите текст комментария." in html
        assert '<details class="thread__reply" open>' in html
        assert thread.replies.count() == 0

    def test_reply_resolve_reopen_keep_the_filters(self, gulnara, staff, thread):
        client = client_for(gulnara)
        filters = {"f_section": "plan", "f_state": "open"}
        response = client.post(
            action_url("comment_reply", thread),
            {f"reply-{thread.pk}-text": "Исправили таблицу.", **filters},
        )
        assert response.status_code == 302
        assert response["Location"] == (
            comments_url(thread.programme, section="plan", state="open") + f"#thread-{thread.pk}"
        )
        assert thread.replies.get().text == "Исправили таблицу."
        response = client.post(action_url("comment_resolve", thread), filters)
        assert response.status_code == 302
        thread.refresh_from_db()
        assert thread.status == CommentStatus.RESOLVED and thread.resolved_by == gulnara
        html = client.get(response["Location"]).content.decode()
        assert "Обсуждение отмечено как решённое." in html
        assert "Нет обсуждений с такими условиями." in html  # the open filter hides it now
        response = client_for(staff).post(action_url("comment_reopen", thread))
        assert response.status_code == 302
        thread.refresh_from_db()
        assert thread.status == CommentStatus.OPEN

    def test_resolve_twice_says_why(self, gulnara, thread):
        client = client_for(gulnara)
        client.post(action_url("comment_resolve", thread))
        response = client.post(action_url("comment_resolve", thread), follow=True)
        assert "Это обсуждение уже отмечено решённым." in response.content.decode()

    def test_a_thread_of_another_programme_is_not_found(self, gulnara, thread, ak_tal_programme):
        other = ReviewComment.objects.create(
            programme=ak_tal_programme, section="plan", text="Чужое"
        )
        url = reverse(
            "planning:comment_resolve", kwargs={"pk": thread.programme_id, "comment_pk": other.pk}
        )
        assert client_for(gulnara).post(url).status_code == 404
        other.refresh_from_db()
        assert other.status == CommentStatus.OPEN

    def test_get_is_not_allowed_on_actions(self, gulnara, thread):
        assert client_for(gulnara).get(action_url("comment_resolve", thread)).status_code == 405

    def test_filter_by_section_and_state(self, gulnara, programme, staff):
        plan = comment_start(programme=programme, actor=staff, section="plan", text="План")
        swot = comment_start(programme=programme, actor=staff, section="swot", text="SWOT тема")
        comment_resolve(thread=swot, actor=gulnara)
        client = client_for(gulnara)

        def shown(**query):
            response = client.get(comments_url(programme, **query))
            return [t.pk for t in response.context["threads"]]

        assert shown() == [swot.pk, plan.pk]  # newest activity first: swot was resolved last
        assert shown(section="plan") == [plan.pk]
        assert shown(state="open") == [plan.pk]
        assert shown(state="resolved") == [swot.pk]
        assert shown(section="swot", state="open") == []
        comment_reply(thread=plan, actor=gulnara, text="Готово")
        assert shown() == [plan.pk, swot.pk]  # a new reply brings the thread to the top
        html = client.get(comments_url(programme)).content.decode()
        assert "план мероприятий (открыто: 1)" in html
        assert "Открытых обсуждений: 1 · решённых: 1" in html

    def test_frozen_programme_is_read_only(self, gulnara, staff, thread):
        set_status(thread.programme, S.APPROVED)
        client = client_for(staff)
        html = client.get(comments_url(thread.programme)).content.decode()
        assert "можно только читать" in html
        assert "Новое обсуждение" not in html and "Отправить ответ" not in html
        add = reverse("planning:comment_add", kwargs={"pk": thread.programme_id})
        response = client.post(add, {"section": "plan", "text": "x"})
        assert response.status_code == 403
        assert "заморожена" in response.content.decode()
        assert client_for(gulnara).post(action_url("comment_resolve", thread)).status_code == 403
        assert ReviewComment.objects.count() == 1

    def test_query_count_does_not_grow(
        self, gulnara, staff, programme, django_assert_max_num_queries
    ):
        def add(n):
            for i in range(n):
                t = comment_start(programme=programme, actor=staff, section="plan", text=f"{i}")
                comment_reply(thread=t, actor=gulnara, text="ответ")
                comment_reply(thread=t, actor=staff, text="ещё")

        add(2)
        client = client_for(gulnara)
        client.get(comments_url(programme))
        with CaptureQueriesContext(connection) as small:
            assert client.get(comments_url(programme)).status_code == 200
        add(20)
        with django_assert_max_num_queries(len(small)):
            response = client.get(comments_url(programme))
        assert len(response.context["threads"]) == 22

    def test_comments_page_in_kyrgyz(self, staff, thread):
        response = client_for(staff).get(f"/ky/p/{thread.programme_id}/comments/")
        assert response.status_code == 200
        assert 'lang="ky"' in response.content.decode()


def test_section_link_counts_open_threads(programme, staff, gulnara):
    template = Template(
        '{% include "planning/review/_section_comments_link.html" with section="plan" %}'
    )
    html = template.render(Context({"programme": programme}))
    assert "Комментарии к этому разделу" in html
    assert f'href="/ru/p/{programme.pk}/comments/?section=plan"' in html
    comment_start(programme=programme, actor=staff, section="plan", text="x")
    html = template.render(Context({"programme": programme}))
    assert "1 открытый комментарий к этому разделу" in html
    for _ in range(4):
        comment_start(programme=programme, actor=staff, section="plan", text="x")
    done = comment_start(programme=programme, actor=staff, section="plan", text="x")
    comment_resolve(thread=done, actor=gulnara)
    comment_start(programme=programme, actor=staff, section="swot", text="x")
    html = template.render(Context({"programme": programme}))
    assert "5 открытых комментариев к этому разделу" in html
    assert f'href="/ru/p/{programme.pk}/comments/?section=plan&amp;state=open"' in html


def test_reviewer_filter_for_navigation(staff, gulnara, admin_user, naryn_reviewer):
    from planning.selectors.review import is_reviewer as reviews

    assert reviews(staff) and reviews(admin_user) and reviews(naryn_reviewer)
    assert not reviews(gulnara)
