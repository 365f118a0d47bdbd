"""The working group of a programme: the head's order and its scan, members, counts, the
workplan, and "my tasks" — every URL from both sides."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.models import (
    Programme,
    ProgrammeStatus,
    Sex,
    WorkingGroup,
    WorkingGroupMember,
    WorkplanTask,
)
from planning.services.workgroup import working_group_update
from tests.conftest import client_for

Org = WorkingGroupMember.Organisation
Role = WorkingGroupMember.WgRole

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX = b"PK\x03\x04" + b"\x00" * 64  # a Word document (a zip archive)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add_member(
    working_group,
    full_name,
    *,
    sex=Sex.FEMALE,
    org=Org.OMSU,
    role=Role.MEMBER,
    user=None,
    job_title_ru="",
    job_title_ky="",
):
    return WorkingGroupMember.objects.create(
        working_group=working_group,
        full_name=full_name,
        sex=sex,
        organisation=org,
        wg_role=role,
        user=user,
        job_title_ru=job_title_ru,
        job_title_ky=job_title_ky,
    )


def add_task(working_group, title, *, responsible=None, days=7, done=False):
    return WorkplanTask.objects.create(
        working_group=working_group,
        title=title,
        responsible=responsible,
        deadline=timezone.localdate() + timedelta(days=days),
        is_done=done,
        done_at=timezone.now() if done else None,
    )


@pytest.fixture
def wg(programme):
    return programme.working_group


@pytest.fixture
def member(wg, gulnara):
    return add_member(
        wg,
        "Гульнара Абдыкадырова",
        user=gulnara,
        job_title_ru="специалист по социальным вопросам",
        job_title_ky="социалдык маселелер боюнча адис",
    )


@pytest.fixture
def task(wg, member):
    return add_task(wg, "Собрать данные о населении по сёлам", responsible=member)


@pytest.fixture
def scan(wg, aibek):
    return working_group_update(
        working_group=wg,
        actor=aibek,
        expected_revision=None,
        order_number="86",
        order_date=timezone.datetime(2019, 4, 9).date(),
        order_signed_by="Глава АО Кок-Жар",
        order_scan=SimpleUploadedFile("rasporyazhenie-86.pdf", PDF, "application/pdf"),
    )


@pytest.fixture
def ak_tal_chair(ak_tal_programme):
    return ak_tal_programme.created_by


def href(url):
    return f'href="{url}"'


def action(url):
    return f'action="{url}"'


def wg_url(name, programme, **kwargs):
    return reverse(f"planning:{name}", kwargs={"pk": programme.pk, **kwargs})


# ---------------------------------------------------------------- permissions, every URL

# (url name, needs a member / a task in kwargs, the need, method)
URLS = [
    ("workgroup", None, "view", "get"),
    ("order_scan", None, "view", "get"),
    ("wg_order", None, "manage", "get"),
    ("wg_member_add", None, "manage", "get"),
    ("wg_member_edit", "member", "manage", "get"),
    ("wg_member_delete", "member", "manage", "get"),
    ("wg_task_add", None, "edit", "get"),
    ("wg_task_edit", "task", "edit", "get"),
    ("wg_task_delete", "task", "edit", "get"),
    ("wg_task_done", "task", "edit", "post"),
]
ALLOWED = {
    "aibek": {"view", "edit", "manage"},
    "gulnara": {"view", "edit"},
    "staff": {"view"},
    "nurlan": set(),
}


def _url_for(name, item, programme, member, task):
    kwargs = {}
    if item == "member":
        kwargs["member_pk"] = member.pk
    elif item == "task":
        kwargs["task_pk"] = task.pk
    return wg_url(name, programme, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "item", "need", "method"), URLS)
@pytest.mark.parametrize("persona", ["aibek", "gulnara", "staff", "nurlan"])
def test_every_url_from_both_sides(
    request, persona, name, item, need, method, programme, member, task, scan
):
    user = request.getfixturevalue(persona)
    url = _url_for(name, item, programme, member, task)
    data = {"done": "1"} if method == "post" else None
    response = getattr(client_for(user), method)(url, data)
    if need in ALLOWED[persona]:
        assert response.status_code in (200, 302), (persona, name, response.status_code)
    else:
        assert response.status_code == 403, (persona, name, response.status_code)
    if method == "post" and need not in ALLOWED[persona]:
        task.refresh_from_db()
        assert not task.is_done


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "item", "need", "method"), URLS)
def test_anonymous_is_sent_to_log_in(
    client, name, item, need, method, programme, member, task, scan
):
    url = _url_for(name, item, programme, member, task)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.django_db
def test_anonymous_my_tasks_is_sent_to_log_in(client):
    response = client.get(reverse("planning:my_tasks"))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["wg_task_edit", "wg_task_delete", "wg_task_done"])
def test_kok_zhar_task_through_ak_tal_programme_is_404(name, nurlan, ak_tal_programme, task):
    """Nurlan may edit Ак-Тал's workplan, but not reach Кок-Жар's task through it."""
    url = wg_url(name, ak_tal_programme, task_pk=task.pk)
    client = client_for(nurlan)
    response = client.post(url, {"done": "1"}) if name == "wg_task_done" else client.get(url)
    assert response.status_code == 404
    task.refresh_from_db()
    assert not task.is_done


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["wg_member_edit", "wg_member_delete"])
def test_kok_zhar_member_through_ak_tal_programme_is_404(
    name, ak_tal_chair, ak_tal_programme, member
):
    client = client_for(ak_tal_chair)
    url = wg_url(name, ak_tal_programme, member_pk=member.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"full_name": "Чужой"}).status_code == 404
    member.refresh_from_db()
    assert member.full_name == "Гульнара Абдыкадырова"


@pytest.mark.django_db
def test_nurlan_may_not_download_kok_zhar_scan(nurlan, programme, scan):
    response = client_for(nurlan).get(wg_url("order_scan", programme))
    assert response.status_code == 403


@pytest.mark.django_db
def test_staff_sees_the_page_without_editing_controls(staff, programme, member, task, scan):
    response = client_for(staff).get(wg_url("workgroup", programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Гульнара Абдыкадырова" in html
    assert href(wg_url("wg_member_add", programme)) not in html
    assert href(wg_url("wg_task_add", programme)) not in html
    assert action(wg_url("wg_task_done", programme, task_pk=task.pk)) not in html
    assert href(wg_url("wg_order", programme)) not in html
    assert href(wg_url("order_scan", programme)) in html  # reading the scan is allowed


@pytest.mark.django_db
def test_member_sees_task_controls_but_not_member_controls(gulnara, programme, member, task):
    html = client_for(gulnara).get(wg_url("workgroup", programme)).content.decode()
    assert href(wg_url("wg_task_add", programme)) in html
    assert action(wg_url("wg_task_done", programme, task_pk=task.pk)) in html
    assert href(wg_url("wg_member_add", programme)) not in html
    assert href(wg_url("wg_order", programme)) not in html


@pytest.mark.django_db
def test_a_programme_in_review_refuses_every_edit(aibek, gulnara, programme, member, task):
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.IN_REVIEW)
    chair, wg_member = client_for(aibek), client_for(gulnara)
    assert chair.post(wg_url("wg_order", programme), {"order_number": "99"}).status_code == 403
    assert (
        chair.post(
            wg_url("wg_member_add", programme),
            {
                "full_name": "Новый",
                "wg_role": "member",
                "organisation": "omsu",
                "sex": "male",
            },
        ).status_code
        == 403
    )
    assert chair.post(wg_url("wg_member_delete", programme, member_pk=member.pk)).status_code == 403
    assert (
        wg_member.post(
            wg_url("wg_task_done", programme, task_pk=task.pk), {"done": "1"}
        ).status_code
        == 403
    )
    assert wg_member.post(wg_url("wg_task_delete", programme, task_pk=task.pk)).status_code == 403
    assert WorkingGroup.objects.get(programme=programme).order_number == ""
    assert WorkingGroupMember.objects.filter(working_group__programme=programme).count() == 1
    task.refresh_from_db()
    assert not task.is_done
    # reading still works, without editing controls
    response = chair.get(wg_url("workgroup", programme))
    assert response.status_code == 200
    assert wg_url("wg_task_add", programme) not in response.content.decode()


# ---------------------------------------------------------------- the page


@pytest.mark.django_db
def test_empty_states(gulnara, programme):
    html = client_for(gulnara).get(wg_url("workgroup", programme)).content.decode()
    assert "Распоряжение о создании рабочей группы ещё не внесено." in html
    assert "В рабочую группу ещё никого не добавили." in html
    assert "В плане работы пока нет задач." in html


@pytest.mark.django_db
def test_page_shows_order_and_members(gulnara, programme, member, scan):
    response = client_for(gulnara).get(wg_url("workgroup", programme))
    html = response.content.decode()
    assert "№ 86" in html
    assert "09.04.2019" in html
    assert "Глава АО Кок-Жар" in html
    assert "специалист по социальным вопросам" in html
    assert "Гульнара Абдыкадырова" in html


@pytest.mark.django_db
def test_job_title_in_kyrgyz_falls_back_to_russian_marked(gulnara, wg, programme):
    add_member(wg, "Асан Усенов", sex=Sex.MALE, job_title_ru="депутат кенеша")
    url = reverse("planning:workgroup", kwargs={"pk": programme.pk}).replace("/ru/", "/ky/", 1)
    html = client_for(gulnara).get(url).content.decode()
    assert "депутат кенеша" in html
    assert "missing-translation" in html


@pytest.mark.django_db
def test_counts_by_sex_and_organisation(gulnara, wg, programme):
    add_member(wg, "Айгуль", sex=Sex.FEMALE, org=Org.OMSU)
    add_member(wg, "Бурул", sex=Sex.FEMALE, org=Org.COUNCIL)
    add_member(wg, "Чолпон", sex=Sex.FEMALE, org=Org.INITIATIVE_GROUP)
    add_member(wg, "Данияр", sex=Sex.MALE, org=Org.OMSU)
    add_member(wg, "Эрлан", sex=Sex.MALE, org=Org.MONITORING_GROUP)
    response = client_for(gulnara).get(wg_url("workgroup", programme))
    assert response.context["counts_by_sex"] == {"women": 3, "men": 2, "total": 5}
    rows = {row.value: row for row in response.context["counts_by_organisation"]}
    assert (rows["omsu"].women, rows["omsu"].men, rows["omsu"].total) == (1, 1, 2)
    assert (rows["council"].women, rows["council"].men) == (1, 0)
    assert rows["monitoring_group"].total == 1
    assert rows["civil_society"].total == 0
    html = response.content.decode()
    assert '<dd id="count-women">3</dd>' in html
    assert '<dd id="count-men">2</dd>' in html
    assert '<dd id="count-total">5</dd>' in html


@pytest.mark.django_db
def test_overdue_and_done_tasks_are_marked_in_text(gulnara, wg, programme, member):
    late = add_task(wg, "Провести сход в селе", responsible=member, days=-3)
    done_late = add_task(wg, "Собрать анкеты", responsible=member, days=-10, done=True)
    future = add_task(wg, "Написать анализ", responsible=member, days=10)
    response = client_for(gulnara).get(wg_url("workgroup", programme))
    html = response.content.decode()
    assert response.context["overdue_count"] == 1

    def row(task):
        start = html.index(f'<tr id="task-{task.pk}"')
        return html[start : html.index("</tr>", start)]

    assert 'class="overdue"' in row(late)
    assert "просрочено" in row(late)
    assert "overdue" not in row(done_late)
    assert "выполнено" in row(done_late)
    assert "overdue" not in row(future)
    assert "в работе" in row(future)


def _fill(wg, n, responsible_user=None):
    for i in range(n):
        m = add_member(
            wg,
            f"Член {i}",
            sex=Sex.MALE if i % 2 else Sex.FEMALE,
            user=responsible_user if i == 0 else None,
        )
        add_task(wg, f"Задача {i}", responsible=m, days=i - n // 2)


@pytest.mark.django_db
def test_page_query_count_does_not_grow(gulnara, wg, programme, django_assert_max_num_queries):
    client = client_for(gulnara)
    url = wg_url("workgroup", programme)
    _fill(wg, 3)
    client.get(url)  # warm the session and the caches of the first request
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    WorkingGroupMember.objects.all().delete()
    WorkplanTask.objects.all().delete()
    _fill(wg, 30)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert len(response.context["members"]) == 30
    assert len(response.context["tasks"]) == 30


# ---------------------------------------------------------------- the order and its scan


def order_data(**overrides):
    data = {
        "order_number": "86",
        "order_date": "2019-04-09",
        "order_signed_by": "Осмонов Т., глава АО",
        "revision": "1",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_chair_records_order_with_pdf_scan_and_member_downloads_it(aibek, gulnara, programme):
    upload = SimpleUploadedFile("order-86.pdf", PDF, content_type="application/pdf")
    response = client_for(aibek).post(
        wg_url("wg_order", programme), {**order_data(), "order_scan": upload}
    )
    assert response.status_code == 302
    wg = WorkingGroup.objects.get(programme=programme)
    assert wg.order_number == "86"
    assert str(wg.order_date) == "2019-04-09"
    assert wg.order_scan.name.endswith(".pdf")
    assert wg.revision == 2
    assert wg.history.first().history_user == aibek

    download = client_for(gulnara).get(wg_url("order_scan", programme))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_png_scan_is_served_as_png(aibek, staff, programme):
    upload = SimpleUploadedFile("order.png", PNG, content_type="image/png")
    response = client_for(aibek).post(
        wg_url("wg_order", programme), {**order_data(), "order_scan": upload}
    )
    assert response.status_code == 302
    download = client_for(staff).get(wg_url("order_scan", programme))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_a_word_file_renamed_pdf_is_refused(aibek, programme):
    upload = SimpleUploadedFile("order.pdf", DOCX, content_type="application/pdf")
    response = client_for(aibek).post(
        wg_url("wg_order", programme), {**order_data(order_number="87"), "order_scan": upload}
    )
    assert response.status_code == 400
    assert "не похоже на PDF" in response.content.decode()
    wg = WorkingGroup.objects.get(programme=programme)
    assert wg.order_number == ""
    assert not wg.order_scan


@pytest.mark.django_db
def test_a_png_named_pdf_is_refused(aibek, programme):
    upload = SimpleUploadedFile("order.pdf", PNG, content_type="application/pdf")
    response = client_for(aibek).post(
        wg_url("wg_order", programme), {**order_data(), "order_scan": upload}
    )
    assert response.status_code == 400
    assert not WorkingGroup.objects.get(programme=programme).order_scan


@pytest.mark.django_db
def test_other_file_types_are_refused(aibek, programme):
    upload = SimpleUploadedFile("order.exe", b"MZ" + b"\x00" * 64)
    response = client_for(aibek).post(
        wg_url("wg_order", programme), {**order_data(), "order_scan": upload}
    )
    assert response.status_code == 400
    assert "Загрузите файл PDF, JPG или PNG" in response.content.decode()
    assert not WorkingGroup.objects.get(programme=programme).order_scan


@pytest.mark.django_db
def test_a_scan_over_10_mb_is_refused(aibek, programme):
    big = PDF + b"0" * (10 * 1024 * 1024)
    upload = SimpleUploadedFile("order.pdf", big, content_type="application/pdf")
    response = client_for(aibek).post(
        wg_url("wg_order", programme), {**order_data(), "order_scan": upload}
    )
    assert response.status_code == 400
    assert "Файл слишком большой" in response.content.decode()
    wg = WorkingGroup.objects.get(programme=programme)
    assert not wg.order_scan
    assert wg.order_number == ""


@pytest.mark.django_db
def test_chair_removes_the_scan(aibek, programme, scan):
    response = client_for(aibek).post(
        wg_url("wg_order", programme), order_data(revision=str(scan.revision), remove_scan="on")
    )
    assert response.status_code == 302
    assert not WorkingGroup.objects.get(programme=programme).order_scan
    assert client_for(aibek).get(wg_url("order_scan", programme)).status_code == 404


@pytest.mark.django_db
def test_no_scan_gives_404(gulnara, programme):
    assert client_for(gulnara).get(wg_url("order_scan", programme)).status_code == 404


@pytest.mark.django_db
def test_order_form_is_multipart(aibek, programme):
    html = client_for(aibek).get(wg_url("wg_order", programme)).content.decode()
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.django_db
def test_stale_edit_of_the_order_is_refused_and_keeps_what_was_typed(aibek, programme):
    chair = client_for(aibek)
    url = wg_url("wg_order", programme)
    form = chair.get(url).context["form"]
    revision = str(form["revision"].value())
    # two people opened the form at the same revision; the first saves
    first = chair.post(url, order_data(revision=revision, order_number="86"))
    assert first.status_code == 302
    # the second save, from the same revision, is refused
    second = chair.post(
        url, order_data(revision=revision, order_number="86-б", order_signed_by="Другой человек")
    )
    assert second.status_code == 400
    html = second.content.decode()
    assert "сохранил(а) изменения" in html
    assert 'value="86-б"' in html
    assert 'value="Другой человек"' in html
    wg = WorkingGroup.objects.get(programme=programme)
    assert wg.order_number == "86"
    assert wg.order_signed_by == "Осмонов Т., глава АО"


# ---------------------------------------------------------------- members


def member_data(**overrides):
    data = {
        "full_name": "Жамила Токтогулова",
        "wg_role": "secretary",
        "organisation": "council",
        "job_title_ru": "депутат айылного кенеша",
        "job_title_ky": "айылдык кеңештин депутаты",
        "sex": "female",
        "user": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_chair_adds_a_member_linked_to_a_portal_user(aibek, gulnara, programme, wg):
    response = client_for(aibek).post(
        wg_url("wg_member_add", programme), member_data(user=str(gulnara.pk))
    )
    assert response.status_code == 302
    member = wg.members.get()
    assert member.user == gulnara
    assert member.job_title_ky == "айылдык кеңештин депутаты"
    assert member.history.first().history_user == aibek


@pytest.mark.django_db
def test_chair_adds_a_name_only_member(aibek, programme, wg):
    response = client_for(aibek).post(wg_url("wg_member_add", programme), member_data())
    assert response.status_code == 302
    assert wg.members.get().user is None


@pytest.mark.django_db
def test_user_select_offers_only_people_of_the_municipality(aibek, gulnara, nurlan, programme):
    form = client_for(aibek).get(wg_url("wg_member_add", programme)).context["form"]
    offered = set(form.fields["user"].queryset)
    assert gulnara in offered
    assert aibek in offered
    assert nurlan not in offered


@pytest.mark.django_db
def test_a_user_of_another_municipality_is_refused(aibek, nurlan, programme, wg):
    response = client_for(aibek).post(
        wg_url("wg_member_add", programme), member_data(user=str(nurlan.pk))
    )
    assert response.status_code == 400
    assert not wg.members.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("full_name", "Укажите фамилию и имя."),
        ("organisation", "Укажите, кого представляет член группы."),
        ("sex", "Укажите пол"),
    ],
)
def test_required_member_fields(aibek, programme, wg, field, message):
    response = client_for(aibek).post(
        wg_url("wg_member_add", programme), member_data(**{field: ""})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not wg.members.exists()


@pytest.mark.django_db
def test_a_blank_name_is_refused(aibek, programme, wg):
    response = client_for(aibek).post(
        wg_url("wg_member_add", programme), member_data(full_name="   ")
    )
    assert response.status_code == 400
    assert not wg.members.exists()


@pytest.mark.django_db
def test_at_most_one_chair(aibek, programme, wg):
    add_member(wg, "Айбек Осмонов", sex=Sex.MALE, role=Role.CHAIR)
    response = client_for(aibek).post(
        wg_url("wg_member_add", programme), member_data(wg_role="chair")
    )
    assert response.status_code == 400
    assert "уже есть председатель" in response.content.decode()
    assert wg.members.count() == 1


@pytest.mark.django_db
def test_chair_edits_a_member(aibek, programme, member):
    url = wg_url("wg_member_edit", programme, member_pk=member.pk)
    response = client_for(aibek).post(
        url,
        member_data(
            full_name="Гульнара Абдыкадырова-Токтоматова",
            user=str(member.user_id),
            revision=str(member.revision),
        ),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Гульнара Абдыкадырова-Токтоматова"
    assert member.wg_role == "secretary"
    assert member.revision == 2


@pytest.mark.django_db
def test_the_chair_may_stay_chair_when_edited(aibek, programme, wg):
    chair = add_member(wg, "Айбек Осмонов", sex=Sex.MALE, role=Role.CHAIR)
    response = client_for(aibek).post(
        wg_url("wg_member_edit", programme, member_pk=chair.pk),
        member_data(full_name="Айбек Осмонов", wg_role="chair", sex="male", revision="1"),
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_member_delete_asks_first_then_deletes_on_post(aibek, programme, member, task):
    client = client_for(aibek)
    url = wg_url("wg_member_delete", programme, member_pk=member.pk)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Удалить «Гульнара Абдыкадырова»" in confirm.content.decode()
    assert "останутся в плане работы без ответственного" in confirm.content.decode()
    assert WorkingGroupMember.objects.filter(pk=member.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not WorkingGroupMember.objects.filter(pk=member.pk).exists()
    task.refresh_from_db()
    assert task.responsible is None


@pytest.mark.django_db
def test_gulnara_may_not_delete_a_member(gulnara, programme, member):
    url = wg_url("wg_member_delete", programme, member_pk=member.pk)
    assert client_for(gulnara).post(url).status_code == 403
    assert WorkingGroupMember.objects.filter(pk=member.pk).exists()


# ---------------------------------------------------------------- tasks


@pytest.mark.django_db
def test_member_adds_a_task(gulnara, programme, wg, member):
    response = client_for(gulnara).post(
        wg_url("wg_task_add", programme),
        {
            "title": "Подготовить паспорт муниципалитета",
            "responsible": str(member.pk),
            "deadline": "2019-06-01",
        },
    )
    assert response.status_code == 302
    task = wg.tasks.get()
    assert task.responsible == member
    assert task.history.first().history_user == gulnara


@pytest.mark.django_db
def test_responsible_must_be_of_this_working_group(gulnara, programme, wg, ak_tal_programme):
    stranger = add_member(ak_tal_programme.working_group, "Нурлан Мамытов", sex=Sex.MALE)
    response = client_for(gulnara).post(
        wg_url("wg_task_add", programme),
        {"title": "Что-то", "responsible": str(stranger.pk), "deadline": "2019-06-01"},
    )
    assert response.status_code == 400
    assert "должен быть членом этой рабочей группы" in response.content.decode()
    assert not WorkplanTask.objects.exists()


@pytest.mark.django_db
def test_deadline_is_required(gulnara, programme, wg, member):
    response = client_for(gulnara).post(
        wg_url("wg_task_add", programme),
        {"title": "Что-то", "responsible": str(member.pk), "deadline": ""},
    )
    assert response.status_code == 400
    assert "Укажите срок выполнения." in response.content.decode()
    assert not wg.tasks.exists()


@pytest.mark.django_db
def test_member_edits_a_task(gulnara, programme, task, member):
    response = client_for(gulnara).post(
        wg_url("wg_task_edit", programme, task_pk=task.pk),
        {
            "title": "Собрать данные о населении и домохозяйствах",
            "responsible": str(member.pk),
            "deadline": "2019-07-15",
            "revision": str(task.revision),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Собрать данные о населении и домохозяйствах"
    assert str(task.deadline) == "2019-07-15"


@pytest.mark.django_db
def test_toggle_done_without_javascript(gulnara, programme, task):
    client = client_for(gulnara)
    url = wg_url("wg_task_done", programme, task_pk=task.pk)
    response = client.post(url, {"done": "1"})
    assert response.status_code == 302
    assert response.url.endswith(f"#task-{task.pk}")
    task.refresh_from_db()
    assert task.is_done
    assert task.done_at is not None
    # marking it done twice (two people at once) does no harm
    assert client.post(url, {"done": "1"}).status_code == 302
    response = client.post(url, {"done": "0"})
    task.refresh_from_db()
    assert not task.is_done
    assert task.done_at is None


@pytest.mark.django_db
def test_toggle_done_with_htmx_returns_the_row(gulnara, programme, task):
    url = wg_url("wg_task_done", programme, task_pk=task.pk)
    response = client_for(gulnara).post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="task-{task.pk}"')
    assert "выполнено" in html
    assert "<html" not in html
    task.refresh_from_db()
    assert task.is_done


@pytest.mark.django_db
def test_toggle_needs_post(gulnara, programme, task):
    url = wg_url("wg_task_done", programme, task_pk=task.pk)
    assert client_for(gulnara).get(url).status_code == 405


@pytest.mark.django_db
def test_task_delete_asks_first_then_deletes_on_post(gulnara, programme, task):
    client = client_for(gulnara)
    url = wg_url("wg_task_delete", programme, task_pk=task.pk)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Собрать данные о населении по сёлам" in confirm.content.decode()
    assert WorkplanTask.objects.filter(pk=task.pk).exists()
    assert client.post(url).status_code == 302
    assert not WorkplanTask.objects.filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_staff_may_not_toggle_or_delete(staff, programme, task):
    client = client_for(staff)
    assert (
        client.post(wg_url("wg_task_done", programme, task_pk=task.pk), {"done": "1"}).status_code
        == 403
    )
    assert client.post(wg_url("wg_task_delete", programme, task_pk=task.pk)).status_code == 403
    task.refresh_from_db()
    assert not task.is_done


# ---------------------------------------------------------------- my tasks


@pytest.mark.django_db
def test_my_tasks_shows_only_own_tasks(gulnara, aibek, nurlan, wg, member, ak_tal_programme):
    mine_late = add_task(wg, "Моя просроченная задача", responsible=member, days=-2)
    mine_done = add_task(wg, "Моя выполненная задача", responsible=member, days=-20, done=True)
    mine_later = add_task(wg, "Моя задача на потом", responsible=member, days=30)
    chair = add_member(wg, "Айбек Осмонов", sex=Sex.MALE, role=Role.CHAIR, user=aibek)
    add_task(wg, "Задача председателя", responsible=chair)
    add_task(wg, "Задача без ответственного")
    nurlan_member = add_member(
        ak_tal_programme.working_group, "Нурлан Мамытов", sex=Sex.MALE, user=nurlan
    )
    add_task(ak_tal_programme.working_group, "Задача Нурлана", responsible=nurlan_member)

    response = client_for(gulnara).get(reverse("planning:my_tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Моя просроченная задача" in html
    assert "Моя выполненная задача" in html
    assert "Моя задача на потом" in html
    assert "Задача председателя" not in html
    assert "Задача без ответственного" not in html
    assert "Задача Нурлана" not in html
    assert [t.pk for t in response.context["open_tasks"]] == [mine_late.pk, mine_later.pk]
    assert [t.pk for t in response.context["done_tasks"]] == [mine_done.pk]
    start = html.index(f'<tr id="task-{mine_late.pk}"')
    late_row = html[start : html.index("</tr>", start)]
    assert 'class="overdue"' in late_row
    assert "просрочено" in late_row
    assert wg_url("workgroup", wg.programme) in late_row


@pytest.mark.django_db
def test_my_tasks_query_count_does_not_grow(gulnara, wg, django_assert_max_num_queries):
    _fill(wg, 30, responsible_user=gulnara)
    member = wg.members.get(user=gulnara)
    for i in range(30):
        add_task(wg, f"Ещё задача {i}", responsible=member, days=i - 15, done=i % 3 == 0)
    client = client_for(gulnara)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("planning:my_tasks"))
    assert len(response.context["open_tasks"]) + len(response.context["done_tasks"]) == 31


@pytest.mark.django_db
def test_my_tasks_empty_state(nurlan):
    response = client_for(nurlan).get(reverse("planning:my_tasks"))
    assert response.status_code == 200
    assert "Открытых задач у вас нет." in response.content.decode()


@pytest.mark.django_db
def test_a_task_done_earlier_keeps_its_day_and_not_a_day_to_come(programme, aibek):
    from datetime import date, datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from planning.models import WorkingGroup, WorkplanTask
    from planning.services.workgroup import task_set_done

    task = WorkplanTask.objects.create(
        working_group=WorkingGroup.objects.get(programme=programme),
        title="Собрать данные",
        deadline=date(2019, 4, 20),
    )
    with pytest.raises(ValidationError) as refused:
        task_set_done(task=task, actor=aibek, done=True, done_at=timezone.now() + timedelta(days=1))
    assert "в будущем" in str(refused.value)
    task.refresh_from_db()
    assert not task.is_done
    day = timezone.make_aware(datetime(2019, 4, 18, 18))
    task_set_done(task=task, actor=aibek, done=True, done_at=day)
    task.refresh_from_db()
    assert (task.is_done, task.done_at) == (True, day)
