"""The completeness checks turn green as the programme is filled, and the translation view."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from planning.models import (
    Activity,
    Direction,
    IndicatorTarget,
    Objective,
)
from planning.selectors.completeness import blocking_failures, completeness_checks
from planning.selectors.translation import missing_translations
from tests.conftest import client_for
from tests.factories import fill


def by_code(checks):
    return {c.code: c for c in checks}


@pytest.mark.django_db
def test_an_empty_programme_fails_the_blocking_checks(programme):
    checks = by_code(completeness_checks(programme))
    assert not checks["directions"].ok
    assert not checks["vision"].ok
    assert checks["directions"].blocking
    assert not checks["finance_years"].ok
    assert not checks["finance_years"].blocking
    assert "2020, 2021, 2022, 2023, 2024" in checks["finance_years"].detail


@pytest.mark.django_db
def test_a_filled_programme_passes_every_check(programme):
    fill(programme)
    checks = completeness_checks(programme)
    assert [c.code for c in checks if not c.ok] == []
    assert blocking_failures(checks) == []


@pytest.mark.django_db
def test_each_missing_piece_is_named(programme):
    activity = fill(programme)
    activity.responsible_ru = activity.responsible_ky = ""
    activity.end_date = date(2026, 1, 1)  # after the period
    activity.save()
    objective = Objective.objects.create(goal=activity.objective.goal, title_ru="Пустая задача")
    IndicatorTarget.objects.filter(year=2024).delete()
    checks = by_code(completeness_checks(programme))
    assert not checks["activity_details"].ok
    assert checks["activity_details"].items == ["Прокладка труб"]
    assert not checks["objective_activities"].ok
    assert checks["objective_activities"].items == [str(objective)]
    assert not checks["goal_indicators"].ok
    assert checks["kyrgyz"].detail == "Нет текста на кыргызском в 1 поле"


@pytest.mark.django_db
def test_missing_kyrgyz_is_counted_and_listed(programme):
    fill(programme, kyrgyz=False)
    missing = missing_translations(programme)
    assert {m.field for m in missing} >= {"title", "vision", "name", "situation", "responsible"}
    assert all(m.missing_lang == "ky" for m in missing)
    checks = by_code(completeness_checks(programme))
    assert not checks["kyrgyz"].ok
    assert not checks["kyrgyz"].blocking


@pytest.mark.django_db
def test_completeness_query_count_does_not_grow(programme, django_assert_max_num_queries):
    activity = fill(programme)
    with django_assert_max_num_queries(30) as small:
        completeness_checks(programme)
    objective = activity.objective
    for i in range(60):
        Activity.objects.create(
            objective=objective, programme=programme, title_ru=f"Мероприятие {i}"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        completeness_checks(programme)


@pytest.mark.django_db
class TestTranslationView:
    def url(self, programme, lang="ky"):
        return reverse("planning:translation", kwargs={"pk": programme.pk}) + f"?lang={lang}"

    def test_lists_the_russian_text_and_saves_the_kyrgyz_one(self, gulnara, programme):
        fill(programme, kyrgyz=False)
        client = client_for(gulnara)
        body = client.get(self.url(programme)).content.decode()
        assert "Прокладка труб" in body
        direction = Direction.objects.get(programme=programme)
        response = client.post(
            self.url(programme),
            {
                "kind": "direction",
                "pk": direction.pk,
                "field": "title",
                "lang": "ky",
                "text": "Суу менен камсыздоо — ичүүчү суу",
                "revision": direction.revision,
            },
        )
        assert response.status_code == 302
        direction.refresh_from_db()
        assert direction.title_ky == "Суу менен камсыздоо — ичүүчү суу"
        assert direction.title_ru == "Водоснабжение"

    def test_an_item_of_another_programme_is_404(self, gulnara, programme, ak_tal_programme):
        foreign = Direction.objects.create(programme=ak_tal_programme, title_ru="Дороги")
        response = client_for(gulnara).post(
            self.url(programme),
            {"kind": "direction", "pk": foreign.pk, "field": "title", "lang": "ky", "text": "Жол"},
        )
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert not foreign.title_ky

    def test_empty_translation_is_refused(self, gulnara, programme):
        fill(programme, kyrgyz=False)
        direction = Direction.objects.get(programme=programme)
        response = client_for(gulnara).post(
            self.url(programme),
            {"kind": "direction", "pk": direction.pk, "field": "title", "lang": "ky", "text": " "},
        )
        assert response.status_code == 400
        assert "Введите перевод" in response.content.decode()

    def test_reviewer_reads_but_cannot_translate(self, staff, programme):
        fill(programme, kyrgyz=False)
        client = client_for(staff)
        assert client.get(self.url(programme)).status_code == 200
        direction = Direction.objects.get(programme=programme)
        response = client.post(
            self.url(programme),
            {
                "kind": "direction",
                "pk": direction.pk,
                "field": "title",
                "lang": "ky",
                "text": "Суу",
            },
        )
        assert response.status_code == 403

    def test_other_municipality_and_anonymous(self, nurlan, client, programme):
        assert client_for(nurlan).get(self.url(programme)).status_code == 403
        assert client.get(self.url(programme)).status_code == 302

    def test_fallback_is_marked_on_kyrgyz_pages(self, gulnara, programme):
        programme.title_ky = ""
        programme.save()
        with translation.override("ky"):
            url = reverse("planning:translation", kwargs={"pk": programme.pk})
        body = client_for(gulnara).get(url).content.decode()
        assert '<span lang="ru">Программа социально-экономического развития' in body
        assert "(кыргызча текст жок)" in body


@pytest.mark.django_db
def test_overview_query_count_is_the_same_for_10_and_300_activities(
    gulnara, programme, django_assert_max_num_queries
):
    activity = fill(programme)
    client = client_for(gulnara)
    url = reverse("planning:overview", kwargs={"pk": programme.pk})

    def add(n):
        Activity.objects.bulk_create(
            Activity(
                objective=activity.objective,
                programme=programme,
                title_ru=f"Мероприятие {i}",
                title_ky=f"Иш-чара {i}",
            )
            for i in range(n)
        )

    add(9)
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(100) as ten:
        assert client.get(url).status_code == 200
    add(290)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_translation_view_cannot_reach_what_the_member_may_not_edit(gulnara, programme):
    """Job titles of the working group are the chair's to change, even through this page."""
    from planning.models import WorkingGroupMember

    member = WorkingGroupMember.objects.create(
        working_group=programme.working_group,
        full_name="Мирлан Жолдошев",
        organisation="omsu",
        sex="male",
        job_title_ru="Специалист",
    )
    response = client_for(gulnara).post(
        reverse("planning:translation", kwargs={"pk": programme.pk}),
        {
            "kind": "workinggroupmember",
            "pk": member.pk,
            "field": "job_title",
            "lang": "ky",
            "text": "Адис",
            "revision": member.revision,
        },
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert not member.job_title_ky


@pytest.mark.django_db
def test_translation_view_never_overwrites_an_existing_text(gulnara, programme):
    fill(programme)
    direction = Direction.objects.get(programme=programme)
    response = client_for(gulnara).post(
        reverse("planning:translation", kwargs={"pk": programme.pk}),
        {
            "kind": "direction",
            "pk": direction.pk,
            "field": "title",
            "lang": "ky",
            "text": "Башка текст",
            "revision": direction.revision,
        },
    )
    assert response.status_code == 400
    direction.refresh_from_db()
    assert direction.title_ky == "Суу менен камсыздоо"
