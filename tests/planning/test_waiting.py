"""«Мои задачи» says, for every role, what waits for that person — the council secretary a
decision to record, the chair proposals to moderate or answer and review comments to resolve, a
reviewer programmes in review and threads reopened — with the same number in the menu, in a
fixed number of queries."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Municipality
from planning.models import (
    CitizenProposal,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    ReviewComment,
)
from planning.services import review
from tests.conftest import client_for
from tests.factories import ProgrammeFactory, fill
from tests.test_extension_points import extension, published  # noqa: F401 (fixtures)

S = ProgrammeStatus
MY_TASKS = "/{lang}/my/tasks/"


def set_status(programme, status):
    Programme.objects.filter(pk=programme.pk).update(status=status)
    programme.refresh_from_db()
    return programme


def menu_count(html: str) -> int | None:
    """The number next to «Мои задачи» / «Менин тапшырмаларым» in the menu."""
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))]
    link = re.search(r'href="/\w\w/my/tasks/"[^>]*>(.*?)</a>', nav, re.S).group(1)
    number = re.search(r'class="badge badge--warn">(\d+)', link)
    return int(number.group(1)) if number else None


def proposal(programme, **fields):
    return CitizenProposal.objects.create(
        programme=programme, client_hash="0" * 64, text="Построить мост у школы.", **fields
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading", "action"),
    [
        ("ru", "Решение кенеша", "Записать решение кенеша"),
        ("ky", "Кеңештин токтому", "Кеңештин токтомун каттоо"),
    ],
)
def test_the_council_secretary_sees_the_decision_to_record(
    programme, kenesh, lang, heading, action
):
    fill(programme)
    set_status(programme, S.SUBMITTED_TO_COUNCIL)
    response = client_for(kenesh).get(MY_TASKS.format(lang=lang))
    html = response.content.decode()
    assert f'<h2 id="tasks-council-decision">{heading}</h2>' in html
    assert reverse("planning:decision", args=[programme.pk]).replace("/ru/", f"/{lang}/") in html
    assert action in html
    assert menu_count(html) == 1
    assert response.context["waiting_count"] == 1

    # recorded: nothing waits any more
    set_status(programme, S.APPROVED)
    html = client_for(kenesh).get(MY_TASKS.format(lang=lang)).content.decode()
    assert "tasks-council-decision" not in html
    assert menu_count(html) is None


@pytest.mark.django_db
def test_the_chair_sees_proposals_and_comments_waiting(programme, aibek, staff, gulnara):
    fill(programme)
    set_status(programme, S.PUBLIC_CONSULTATION)
    proposal(programme)
    proposal(programme)
    proposal(programme, status=ProposalStatus.PUBLISHED)
    proposal(programme, status=ProposalStatus.PUBLISHED, decision="accepted")
    proposal(programme, status=ProposalStatus.HIDDEN)
    review.comment_start(programme=programme, actor=staff, section="plan", text="Мало мер")
    thread = review.comment_start(programme=programme, actor=staff, section="vision", text="?")
    review.comment_resolve(thread=thread, actor=aibek)

    response = client_for(aibek).get(MY_TASKS.format(lang="ru"))
    html = response.content.decode()
    assert re.search(r"2 предложени\w+ ждут проверки", html)
    assert "1 опубликованное предложение ждёт ответа" in html
    assert "1 открытое замечание рецензентов" in html
    assert reverse("planning:consultation", args=[programme.pk]) + "?status=new#proposals" in html
    assert reverse("planning:comments", args=[programme.pk]) + "?state=open" in html
    # 2 to check, 1 to answer, 1 comment to resolve
    assert response.context["waiting_count"] == 4
    assert menu_count(html) == 4
    # the same number on another page, where the menu counts without the items
    other = client_for(aibek).get("/ru/my/").content.decode()
    assert menu_count(other) == 4

    # a member of the working group does not moderate: nothing of this waits for her
    html = client_for(gulnara).get(MY_TASKS.format(lang="ru")).content.decode()
    assert "tasks-proposals" not in html and "tasks-review-comments" not in html


@pytest.mark.django_db
def test_a_reviewer_sees_programmes_in_review_and_threads_reopened(
    programme, ak_tal_programme, aibek, staff
):
    fill(programme)
    thread = review.comment_start(programme=programme, actor=staff, section="plan", text="Мало")
    review.comment_resolve(thread=thread, actor=aibek)
    review.comment_reopen(thread=thread, actor=aibek)
    review.comment_start(programme=programme, actor=staff, section="swot", text="Ещё")  # not
    set_status(programme, S.IN_REVIEW)
    set_status(ak_tal_programme, S.IN_REVIEW)  # Naryn: not in her oblast

    html = client_for(staff).get(MY_TASKS.format(lang="ru")).content.decode()
    assert '<h2 id="tasks-in-review">Программы на рассмотрении</h2>' in html
    assert reverse("planning:overview", args=[programme.pk]) in html
    assert reverse("planning:overview", args=[ak_tal_programme.pk]) not in html
    assert '<h2 id="tasks-reopened">Обсуждения, открытые снова</h2>' in html
    assert html.count("#thread-") == 1 and f"#thread-{thread.pk}" in html
    assert menu_count(html) == 2


@pytest.mark.django_db
def test_the_page_and_the_menu_take_a_fixed_number_of_queries(kok_zhar, staff, aibek, kenesh):
    def queries(user, url):
        client = client_for(user)
        client.get(url)  # the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_programmes(n, year):
        others = Municipality.objects.filter(district__oblast__slug="osh").exclude(pk=kok_zhar.pk)
        for municipality in others[:n]:
            programme = ProgrammeFactory(
                municipality=municipality, status=S.IN_REVIEW, start_year=year, end_year=year + 4
            )
            thread = ReviewComment.objects.create(
                programme=programme, author=staff, section="plan", text="Мало"
            )
            thread.status = "resolved"
            thread.save()
            thread.status = "open"
            thread.save()
        chair_programme = ProgrammeFactory(
            municipality=kok_zhar,
            status=S.PUBLIC_CONSULTATION,
            start_year=year + 10,
            end_year=year + 14,
        )
        proposal(chair_programme)
        ProgrammeFactory(
            municipality=kok_zhar,
            status=S.SUBMITTED_TO_COUNCIL,
            start_year=year + 5,
            end_year=year + 9,
        )

    add_programmes(2, 2030)
    small = {
        (user.pk, url): queries(user, url)
        for user in (staff, aibek, kenesh)
        for url in (MY_TASKS.format(lang="ru"), "/ru/my/")
    }
    add_programmes(20, 2040)
    for (user_pk, url), n in small.items():
        user = next(u for u in (staff, aibek, kenesh) if u.pk == user_pk)
        assert queries(user, url) == n, (user, url)


@pytest.mark.django_db
def test_the_menu_counts_planning_in_one_query(programme, staff, aibek):
    fill(programme)
    set_status(programme, S.IN_REVIEW)
    client = client_for(staff)
    client.get("/ru/my/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/ru/my/").content.decode()
    assert menu_count(html) == 1
    # one query counts the workplan tasks and what waits in the programmes
    counting = [q for q in captured.captured_queries if "planning_workplantask" in q["sql"]]
    assert len(counting) == 1, [q["sql"][:200] for q in counting]


@pytest.mark.django_db
def test_what_waited_is_gone_once_done(programme, kenesh):
    fill(programme)
    set_status(programme, S.SUBMITTED_TO_COUNCIL)
    client = client_for(kenesh)
    response = client.post(
        reverse("planning:decision", args=[programme.pk]),
        {"number": "12", "date": date(2019, 5, 28).isoformat(), "session": "XII сессия"},
    )
    assert response.status_code == 302
    html = client.get(MY_TASKS.format(lang="ru")).content.decode()
    assert "tasks-council-decision" not in html
    assert "Сейчас ничего не ждёт вас." in html


@pytest.mark.django_db
def test_a_group_of_an_app_above_is_counted_in_the_menu(extension, gulnara, published):  # noqa: F811
    """The test app registers a group of «Мои задачи» as monitoring and trainings do: planning
    shows and counts it without importing the app."""
    response = client_for(gulnara).get(MY_TASKS.format(lang="ru"))
    assert "tasks-community-pledges" in response.content.decode()
    assert response.context["waiting_count"] == 2  # the pledges of two villages
    assert menu_count(client_for(gulnara).get("/ru/my/").content.decode()) == 2


@pytest.mark.django_db
def test_the_tasks_of_a_replaced_version_wait_for_nothing(programme, gulnara):
    from planning.models import WorkingGroupMember, WorkplanTask

    member = WorkingGroupMember.objects.create(
        working_group=programme.working_group, full_name="Гульнара", user=gulnara
    )
    WorkplanTask.objects.create(
        working_group=programme.working_group,
        title="Собрать данные паспорта",
        responsible=member,
        deadline=date(2019, 5, 24),
    )
    assert menu_count(client_for(gulnara).get("/ru/my/").content.decode()) == 1
    set_status(programme, S.SUPERSEDED)
    html = client_for(gulnara).get(MY_TASKS.format(lang="ru")).content.decode()
    assert "Собрать данные паспорта" not in html
    assert menu_count(html) is None
