"""The history page (the audit): who changed what, when, old → new, for the whole
programme — edits, deletions, status changes, uploads, moderation and the council decision —
filterable by person, section and dates, in a number of queries that does not grow with the
history."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.models import (
    Activity,
    CitizenProposal,
    Direction,
    Indicator,
    Programme,
    ProgrammeStatus,
    PublicHearing,
    Village,
)
from planning.selectors.history import (
    SOURCES,
    Filters,
    history_page,
    history_people,
    recent_changes,
)
from planning.services import lifecycle
from tests.conftest import client_for
from tests.factories import fill

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(programme, **params):
    base = reverse("planning:history", kwargs={"pk": programme.pk})
    if params:
        from urllib.parse import urlencode

        base += "?" + urlencode(params)
    return base


def text_of(response) -> str:
    """The page's text without tags and with single spaces."""
    html = response.content.decode()
    body = html[html.index("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace(" ,", ",").replace(" :", ":")


def by(user, obj, **changes):
    """Save `obj` with `changes` as `user` (what the request middleware does in a view)."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


@pytest.fixture
def filled(programme):
    fill(programme)
    return programme


# --- who may read it ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["aibek", "gulnara", "kenesh", "shirin", "staff", "admin_user"])
def test_members_and_reviewers_read_the_history(persona, request, programme):
    response = client_for(request.getfixturevalue(persona)).get(url(programme))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>История изменений</h1>" in body
    assert 'aria-current="page"' in body and url(programme) in body  # the section navigation


@pytest.mark.django_db
def test_a_member_of_another_municipality_is_refused(programme, nurlan, ak_tal_programme):
    assert client_for(nurlan).get(url(programme)).status_code == 403
    # his own programme's history does not show Кок-Жар's changes
    page = client_for(nurlan).get(url(ak_tal_programme))
    assert page.status_code == 200
    assert "Айбек Осмонов" not in page.content.decode()


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client, programme):
    response = client.get(url(programme))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_an_unknown_programme_is_404(gulnara):
    assert client_for(gulnara).get(reverse("planning:history", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_only_get(programme, gulnara):
    assert client_for(gulnara).post(url(programme)).status_code == 405


# --- what it shows -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_edit_shows_who_when_and_old_to_new_in_both_languages(filled, gulnara):
    activity = filled.activities.get()
    village = Village.objects.create(passport=filled.passport, name_ru="Кызыл-Булак")
    by(
        gulnara,
        activity,
        title_ru="Прокладка новых труб",
        title_ky="Жаңы түтүк төшөө",
        village=village,
        is_joint_action=True,
    )
    indicator = filled.indicators.get()
    by(gulnara, indicator, unit="km")

    text = text_of(client_for(gulnara).get(url(filled)))
    entry = text[text.index("Гульнара Абдыкадырова") :]
    assert "изменено · раздел: план мероприятий Мероприятие: «Прокладка новых труб»" in entry
    assert "Мероприятие (по-русски) Прокладка труб Прокладка новых труб" in entry
    assert "Мероприятие (по-кыргызски) Түтүк төшөө Жаңы түтүк төшөө" in entry
    # a related item by its name, a yes/no field, a choice by its label
    assert "Место (село) — Кызыл-Булак" in entry
    assert "Совместное действие ОМСУ и населения (ПСД) нет да" in entry
    assert "раздел: индикаторы Индикатор: «Доля домохозяйств с водой»" in text
    assert "Единица измерения % км" in text
    # the entry's time, newest first
    now = timezone.localtime()
    assert f"{now:%d.%m.%Y}" in text
    assert text.index("Единица измерения") < text.index("Мероприятие (по-русски)")


@pytest.mark.django_db
def test_deleted_items_stay_in_the_history_of_their_programme(filled, aibek):
    direction = Direction.objects.get(programme=filled)
    direction._history_user = aibek
    direction.delete()  # cascades to its goal, objective, activity, costs, indicator

    page = history_page(filled, Filters(section="plan"))
    deleted = [(e.what, e.item) for e in page.entries if e.kind == "deleted"]
    assert ("направление развития", "Водоснабжение") in deleted
    assert ("цель", "Чистая вода") in deleted
    assert ("задача", "Построить водопровод") in deleted
    assert ("мероприятие", "Прокладка труб") in deleted
    # the cost is named after its (deleted) activity
    assert ("стоимость", "Прокладка труб: 2021, местный бюджет") in deleted


@pytest.mark.django_db
def test_status_changes_show_the_actor_and_the_reason_once(filled, aibek, staff):
    by(aibek, filled, vision_ru="Видение, исправленное перед отправкой")
    lifecycle.programme_submit(programme=filled, actor=aibek)
    lifecycle.programme_request_changes(
        programme=filled, actor=staff, summary="Добавьте индикаторы по образованию"
    )
    page = history_page(filled)
    status = [e for e in page.entries if e.kind == "status"]
    assert [(e.who, e.item) for e in status] == [
        (staff, "запросить изменения"),
        (aibek, "передать на рассмотрение"),
    ]
    assert [(c.old, c.new) for c in status[1].changes] == [("черновик", "на рассмотрении")]
    assert status[0].summary == "Добавьте индикаторы по образованию"
    # the programme's own record of the status change is not listed a second time, but the
    # edit made just before it is
    edits = [
        e
        for e in page.entries
        if e.what == "программа социально-экономического развития" and e.kind == "changed"
    ]
    assert [(e.who, [c.new for c in e.changes]) for e in edits[:1]] == [
        (aibek, ["Видение, исправленное перед отправкой"])
    ]
    assert all("статус" not in [c.label for c in e.changes] for e in edits)
    text = text_of(client_for(aibek).get(url(filled)))
    assert "Айнура Бекова · смена статуса · раздел: программа в целом" in text
    assert "Смена статуса: «запросить изменения»" in text
    assert "Статус на рассмотрении черновик Добавьте индикаторы по образованию" in text


@pytest.mark.django_db
def test_a_status_changed_without_a_transition_is_still_listed(filled, admin_user):
    by(admin_user, filled, status=ProgrammeStatus.IN_REVIEW)
    entry = history_page(filled).entries[0]
    assert (entry.kind, entry.who) == ("changed", admin_user)
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("статус", "черновик", "на рассмотрении")
    ]


@pytest.mark.django_db
def test_uploads_show_the_file_name(filled, aibek):
    group = filled.working_group
    by(
        aibek,
        group,
        order_number="86",
        order_scan=SimpleUploadedFile("rasporyazhenie-86.pdf", PDF, "application/pdf"),
    )
    text = text_of(client_for(aibek).get(url(filled)))
    assert "раздел: рабочая группа Рабочая группа: «№ 86»" in text
    assert "Номер распоряжения — 86" in text
    assert "Скан распоряжения — файл rasporyazhenie-86.pdf" in text


@pytest.mark.django_db
def test_moderation_and_answers_of_citizens_proposals(filled, aibek):
    filled.status = ProgrammeStatus.PUBLIC_CONSULTATION
    Programme.objects.filter(pk=filled.pk).update(status=filled.status)
    proposal = CitizenProposal.objects.create(
        programme=filled,
        author_name="Бактыгүл",
        contact="+996 555 000 111",
        section="plan",
        text="Провести воду и в верхнюю часть села",
        client_hash="x" * 64,
    )
    by(aibek, proposal, status="published", moderated_by=aibek, moderated_at=timezone.now())
    by(
        aibek,
        proposal,
        decision="accepted",
        answer_ru="Включено в мероприятие 1.1.1.1",
        answer_ky="1.1.1.1-иш-чарага киргизилди",
        answered_by=aibek,
        answered_at=timezone.now(),
    )
    spam = CitizenProposal.objects.create(
        programme=filled, text="Купите часы", client_hash="y" * 64
    )
    by(aibek, spam, status="hidden")

    text = text_of(client_for(aibek).get(url(filled)))
    assert "житель: Бактыгүл · добавлено · раздел: план мероприятий" in text
    assert "Предложение граждан: «Провести воду и в верхнюю часть села»" in text
    assert "Состояние ждёт модерации опубликовано" in text
    assert "Решение рабочей группы — принято" in text
    assert "Ответ рабочей группы (по-русски) — Включено в мероприятие 1.1.1.1" in text
    assert "Ответ рабочей группы (по-кыргызски) — 1.1.1.1-иш-чарага киргизилди" in text
    assert "Состояние ждёт модерации скрыто как спам" in text
    assert "житель: без имени" in text
    # the resident's private contact is not shown
    assert "555 000 111" not in text


@pytest.mark.django_db
def test_hearings_and_the_council_decision(filled, aibek, kenesh):
    Programme.objects.filter(pk=filled.pk).update(status=ProgrammeStatus.PUBLIC_CONSULTATION)
    hearing = PublicHearing(
        programme=filled,
        date=date(2019, 5, 14),
        place_ru="Дом культуры",
        place_ky="Маданият үйү",
        women=41,
        men=37,
        minutes_file=SimpleUploadedFile("protokol.pdf", PDF, "application/pdf"),
    )
    by(aibek, hearing)
    filled.refresh_from_db()
    lifecycle.programme_submit_to_council(programme=filled, actor=aibek)
    lifecycle.programme_record_decision(
        programme=filled, actor=kenesh, number="12", date=date(2019, 5, 28), session="XII сессия"
    )
    text = text_of(client_for(kenesh).get(url(filled)))
    assert "Публичные слушания: «14.05.2019, Дом культуры»" in text
    assert "Участников — женщин 41" in text and "Участников — мужчин 37" in text
    assert "Файл протокола файл protokol.pdf" in text
    assert "Решение кенеша: «№ 12 от 28.05.2019»" in text
    assert "Номер решения 12 Дата решения 28.05.2019 Сессия кенеша XII сессия" in text
    assert "Смена статуса: «записать решение кенеша»" in text
    assert "Статус передано в кенеш утверждена № 12" in text


@pytest.mark.django_db
def test_the_history_of_an_approved_programme_can_still_be_read(filled, aibek, kenesh):
    Programme.objects.filter(pk=filled.pk).update(status=ProgrammeStatus.APPROVED)
    assert client_for(kenesh).get(url(filled)).status_code == 200


# --- filters -----------------------------------------------------------------------------------


@pytest.fixture
def edited(filled, aibek, gulnara):
    """Aibek renamed the programme and wrote the vision; Gulnara edited the plan."""
    by(aibek, filled, title_ru="ПСЭР Кок-Жар 2020–2024")
    by(aibek, filled, vision_ru="Зелёный и благоустроенный Кок-Жар")
    by(gulnara, filled.activities.get(), responsible_ru="Айыл окмоту и жители")
    return filled


@pytest.mark.django_db
def test_filter_by_person(edited, aibek, gulnara, nurlan, ak_tal_programme):
    by(nurlan, ak_tal_programme, title_ru="ПСЭР Ак-Тал")
    # the select lists the people of this programme's history only
    assert history_people(edited) == [aibek, gulnara]
    page = client_for(aibek).get(url(edited, person=gulnara.pk))
    body = page.content.decode()
    assert f'<option value="{gulnara.pk}" selected>Гульнара Абдыкадырова</option>' in body
    assert "Нурлан" not in body
    text = text_of(page)
    assert "Ответственный (по-русски) Айыл окмоту Айыл окмоту и жители" in text
    assert "Зелёный" not in text
    assert "Записи — 1" in text


@pytest.mark.django_db
def test_filter_by_section(edited, aibek):
    client = client_for(aibek)
    vision = text_of(client.get(url(edited, section="vision")))
    assert "раздел: видение и общая цель" in vision
    assert "Видение (по-русски) Видение Зелёный и благоустроенный Кок-Жар" in vision
    assert "ПСЭР Кок-Жар 2020–2024 »" not in vision.replace("«", "")
    assert "Записи — 2" in vision  # fill() wrote the vision too

    general = history_page(edited, Filters(section="general")).entries
    assert [e.changes[0].new for e in general if e.kind == "changed"] == ["ПСЭР Кок-Жар 2020–2024"]
    assert {e.section for e in general} == {"general"}

    plan = history_page(edited, Filters(section="plan")).entries
    assert plan and {e.section for e in plan} == {"plan"}
    assert {e.what for e in plan} == {
        "направление развития",
        "цель",
        "задача",
        "мероприятие",
        "стоимость",
    }
    assert not history_page(edited, Filters(section="swot")).entries


@pytest.mark.django_db
def test_comments_and_proposals_are_filed_under_their_own_section(filled, staff):
    from planning.models import ReviewComment

    comment = ReviewComment(programme=filled, section="indicators", author=staff, text="Мало")
    by(staff, comment)
    entries = history_page(filled, Filters(section="indicators")).entries
    assert ("комментарий", "Мало") in [(e.what, e.item) for e in entries]
    assert not [
        e for e in history_page(filled, Filters(section="plan")).entries if e.item == "Мало"
    ]


@pytest.mark.django_db
def test_filter_by_dates(edited, aibek):
    from planning.models import Activity as A

    old = A.history.model.objects.filter(id=edited.activities.get().pk).earliest("history_date")
    A.history.model.objects.filter(pk=old.pk).update(
        history_date=timezone.now() - timedelta(days=400)
    )
    day = (timezone.localdate() - timedelta(days=400)).isoformat()
    entries = history_page(
        edited,
        Filters(
            date_from=timezone.localdate() - timedelta(days=401),
            date_to=timezone.localdate() - timedelta(days=399),
        ),
    ).entries
    assert [(e.what, e.kind) for e in entries] == [("мероприятие", "created")]
    text = text_of(client_for(aibek).get(url(edited, date_from=day, date_to=day)))
    assert "Записи — 1" in text
    empty = text_of(client_for(aibek).get(url(edited, date_to="2001-01-01")))
    assert "Нет записей, подходящих под этот отбор." in empty
    assert "Сбросить отбор" in empty


@pytest.mark.django_db
def test_wrong_filters_say_why_and_are_ignored(edited, aibek, nurlan):
    response = client_for(aibek).get(
        url(edited, person=nurlan.pk, date_from="2024-05-01", date_to="2024-04-01")
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "Выберите корректный вариант." in text
    assert "Конец периода не может быть раньше начала." in text
    # the page still lists the history
    assert "Зелёный и благоустроенный Кок-Жар" in text


@pytest.mark.django_db
def test_empty_history(programme, aibek):
    for model in [Programme, *SOURCES]:
        model.history.model.objects.all().delete()
    text = text_of(client_for(aibek).get(url(programme)))
    assert "Изменений пока нет." in text
    assert "Записи — 0" in text


# --- pages and queries -------------------------------------------------------------------------


def changes(programme, user, n: int, label: str = "Вариант"):
    activity = programme.activities.get()
    for i in range(n):
        by(user, activity, description_ru=f"{label} {i}")


def mixed_tail(programme, aibek, gulnara):
    """60 recent changes of many kinds: the first page looks the same whatever came before."""
    activity = programme.activities.get()
    indicator = Indicator.objects.get(programme=programme)
    cost = activity.costs.get()
    target = indicator.targets.first()
    village = Village.objects.create(passport=programme.passport, name_ru="Жаңы-Жол")
    for i in range(10):
        by(gulnara, activity, title_ru=f"Прокладка труб, этап {i}", village=village)
        by(aibek, indicator, name_ru=f"Доля домохозяйств с водой ({i})")
        by(gulnara, cost, amount=100 + i)
        by(aibek, target, value=60 + i)
        by(aibek, programme, vision_ru=f"Видение {i}")
        by(gulnara, programme.working_group, order_number=str(i))


@pytest.mark.django_db
def test_query_count_is_the_same_for_20_and_500_older_changes(filled, aibek, gulnara):
    client = client_for(aibek)
    changes(filled, gulnara, 20, "Малый")
    mixed_tail(filled, aibek, gulnara)
    client.get(url(filled))
    with CaptureQueriesContext(connection) as small:
        first = client.get(url(filled))
    changes(filled, gulnara, 480, "Большой")
    mixed_tail(filled, aibek, gulnara)
    with CaptureQueriesContext(connection) as large:
        second = client.get(url(filled))
    assert len(large) == len(small), "\n".join(q["sql"][:150] for q in large.captured_queries)
    assert text_of(first).count("раздел:") == text_of(second).count("раздел:") == 50
    assert "Записи — " in text_of(second)
    total = history_page(filled).paginator.count
    assert total > 560
    assert f"Страница 1 из {(total + 49) // 50}" in text_of(second)

    # and no query per entry: a page of 12 entries of the same kinds costs as much as one of 50
    with CaptureQueriesContext(connection) as short:
        assert len(history_page(filled, per_page=12).entries) == 12
    with CaptureQueriesContext(connection) as long:
        assert len(history_page(filled, per_page=50).entries) == 50
    assert len(short) == len(long) <= 12


@pytest.mark.django_db
def test_pages_keep_the_filters(filled, aibek, gulnara):
    changes(filled, gulnara, 60)
    client = client_for(aibek)
    first = client.get(url(filled, person=gulnara.pk)).content.decode()
    next_link = re.search(r'href="\?([^"]+)" rel="next"', first)[1].replace("&amp;", "&")
    assert f"person={gulnara.pk}" in next_link and next_link.endswith("page=2")
    second = text_of(client.get(url(filled, person=gulnara.pk, page=2)))
    assert "Страница 2 из 2" in second
    assert second.count("раздел:") == 10
    # a page number out of range gives the last page
    assert "Страница 2 из 2" in text_of(client.get(url(filled, person=gulnara.pk, page=99)))


# --- the overview's recent changes ------------------------------------------------------------


@pytest.mark.django_db
def test_recent_changes_on_the_overview_come_from_the_same_history(filled, aibek, gulnara):
    by(gulnara, filled.activities.get(), title_ru="Прокладка труб до школы")
    lifecycle.programme_submit(programme=filled, actor=aibek)
    recent = recent_changes(filled, limit=2)
    assert [(e.who, e.action, e.item) for e in recent] == [
        (aibek, "смена статуса", "передать на рассмотрение"),
        (gulnara, "изменено", "Прокладка труб до школы"),
    ]
    body = client_for(gulnara).get(reverse("planning:overview", args=[filled.pk]))
    assert "Прокладка труб до школы" in body.content.decode()


@pytest.mark.django_db
def test_activity_label_uses_the_page_language(filled, gulnara):
    by(gulnara, filled.activities.get(), title_ky="Түтүктөрдү төшөө")
    response = client_for(gulnara).get(
        reverse("planning:history", kwargs={"pk": filled.pk}).replace("/ru/", "/ky/")
    )
    assert response.status_code == 200
    assert "«Түтүктөрдү төшөө»" in response.content.decode()
    assert Activity.objects.count() == 1
