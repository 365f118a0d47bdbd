"""Creating a programme, its overview, header, vision; permissions from both sides."""

import pytest
from django.urls import reverse

from planning.models import Programme
from tests.conftest import client_for


def create_url(slug="kok-zhar"):
    return reverse("planning:create", kwargs={"slug": slug})


VALID = {
    "title_ru": "ПСЭР Кок-Жарского АА на 2025–2029 годы",
    "title_ky": "Көк-Жар айылдык аймагынын 2025–2029-жылдарга СЭӨП",
    "start_year": 2025,
    "end_year": 2029,
}


@pytest.mark.django_db
class TestCreate:
    def test_chair_creates_a_programme_with_its_working_group_and_passport(self, aibek, kok_zhar):
        response = client_for(aibek).post(create_url(), VALID)
        programme = Programme.objects.get(municipality=kok_zhar)
        assert response.status_code == 302
        assert response.url == programme.get_absolute_url()
        assert programme.title_ky == VALID["title_ky"]
        assert programme.status == "draft"
        assert programme.working_group and programme.passport
        assert programme.created_by == aibek

    def test_kyrgyz_title_alone_is_enough(self, aibek, kok_zhar):
        data = {**VALID, "title_ru": ""}
        response = client_for(aibek).post(create_url(), data)
        assert response.status_code == 302
        programme = Programme.objects.get(municipality=kok_zhar)
        assert not programme.title_ru
        assert programme.title_ky == VALID["title_ky"]

    def test_title_in_no_language_is_refused(self, aibek, kok_zhar):
        response = client_for(aibek).post(create_url(), {**VALID, "title_ru": "", "title_ky": ""})
        assert response.status_code == 400
        assert "хотя бы на одном языке" in response.content.decode()
        assert not Programme.objects.exists()

    @pytest.mark.parametrize(("start", "end"), [(2020, 2021), (2020, 2030), (2024, 2020)])
    def test_period_of_3_to_10_years(self, aibek, start, end):
        response = client_for(aibek).post(
            create_url(), {**VALID, "start_year": start, "end_year": end}
        )
        assert response.status_code == 400
        assert "от 3 до 10 лет" in response.content.decode()
        assert not Programme.objects.exists()

    def test_overlapping_period_is_refused_and_the_form_keeps_the_text(self, aibek, programme):
        data = {**VALID, "start_year": 2023, "end_year": 2027}
        response = client_for(aibek).post(create_url(), data)
        body = response.content.decode()
        assert response.status_code == 400
        assert "пересекающийся период" in body
        assert VALID["title_ky"] in body
        assert Programme.objects.count() == 1

    def test_huge_title_is_refused(self, aibek):
        response = client_for(aibek).post(create_url(), {**VALID, "title_ru": "а" * 100_000})
        assert response.status_code == 400
        assert not Programme.objects.exists()

    def test_member_cannot_create(self, gulnara):
        assert client_for(gulnara).get(create_url()).status_code == 403
        assert client_for(gulnara).post(create_url(), VALID).status_code == 403
        assert not Programme.objects.exists()

    def test_chair_of_kok_zhar_cannot_create_for_ak_tal(self, aibek, ak_tal):
        assert client_for(aibek).post(create_url("ak-tal"), VALID).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, client, kok_zhar):
        response = client.get(create_url())
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
class TestOverview:
    def url(self, programme):
        return reverse("planning:overview", kwargs={"pk": programme.pk})

    def test_member_sees_sections_checks_and_changes(self, gulnara, programme):
        body = client_for(gulnara).get(self.url(programme)).content.decode()
        assert "Проверка полноты" in body
        assert "У каждого направления есть цель" in body
        assert "Последние изменения" in body
        assert "Айбек Осмонов" in body  # created the programme

    def test_reviewer_of_the_oblast_reads(self, staff, programme):
        assert client_for(staff).get(self.url(programme)).status_code == 200

    def test_member_of_another_municipality_is_refused(self, nurlan, programme):
        assert client_for(nurlan).get(self.url(programme)).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, client, programme):
        assert client.get(self.url(programme)).status_code == 302

    def test_unknown_programme_is_404(self, gulnara):
        url = reverse("planning:overview", kwargs={"pk": 999999})
        assert client_for(gulnara).get(url).status_code == 404


@pytest.mark.django_db
class TestVision:
    def url(self, programme):
        return reverse("planning:vision", kwargs={"pk": programme.pk})

    def test_member_writes_vision_in_both_languages(self, gulnara, programme):
        data = {
            "revision": programme.revision,
            "vision_ru": "К 2030 году Кок-Жар — село с чистой водой",
            "vision_ky": "2030-жылга карата Көк-Жар — таза суусу бар айыл",
            "vision_year": 2030,
            "overall_goal_ru": "Улучшить качество жизни",
            "overall_goal_ky": "Жашоонун сапатын жакшыртуу",
        }
        response = client_for(gulnara).post(self.url(programme), data)
        assert response.status_code == 302
        programme.refresh_from_db()
        assert programme.vision_ky == data["vision_ky"]
        assert programme.revision == 2

    def test_stale_edit_is_refused_and_keeps_the_typed_text(self, aibek, gulnara, programme):
        base = {
            "revision": programme.revision,
            "vision_year": 2030,
            "overall_goal_ru": "",
            "overall_goal_ky": "",
        }
        first = client_for(aibek).post(
            self.url(programme), {**base, "vision_ru": "Версия Айбека", "vision_ky": ""}
        )
        assert first.status_code == 302
        second = client_for(gulnara).post(
            self.url(programme), {**base, "vision_ru": "Версия Гульнары", "vision_ky": ""}
        )
        body = second.content.decode()
        assert second.status_code == 400
        assert "Пока вы редактировали, Айбек Осмонов сохранил(а) изменения" in body
        assert "Версия Айбека" in body  # what changed
        assert "Версия Гульнары" in body  # what she typed is still in the form
        programme.refresh_from_db()
        assert programme.vision_ru == "Версия Айбека"
        # saving again now overwrites knowingly
        third = client_for(gulnara).post(
            self.url(programme),
            {
                **base,
                "revision": programme.revision,
                "vision_ru": "Версия Гульнары",
                "vision_ky": "",
            },
        )
        assert third.status_code == 302

    def test_reviewer_cannot_edit(self, staff, programme):
        assert client_for(staff).get(self.url(programme)).status_code == 403

    def test_programme_in_review_cannot_be_edited(self, gulnara, programme):
        programme.status = "in_review"
        programme.save()
        response = client_for(gulnara).get(self.url(programme))
        assert response.status_code == 403
        assert "на рассмотрении" in response.content.decode()


@pytest.mark.django_db
def test_period_cannot_shrink_past_the_data(aibek, programme):
    from tests.planning.test_completeness import fill

    fill(programme)  # targets and forecasts for 2020–2024, an activity in 2021
    url = reverse("planning:header", kwargs={"pk": programme.pk})
    data = {
        "revision": programme.revision,
        "title_ru": programme.title_ru,
        "title_ky": programme.title_ky,
        "start_year": 2020,
        "end_year": 2022,
    }
    response = client_for(aibek).post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Вне нового периода остаются данные" in body
    assert "целевых значений индикаторов: 2" in body
    programme.refresh_from_db()
    assert programme.end_year == 2024


@pytest.mark.django_db
def test_period_can_grow(aibek, programme):
    url = reverse("planning:header", kwargs={"pk": programme.pk})
    data = {
        "revision": programme.revision,
        "title_ru": programme.title_ru,
        "title_ky": programme.title_ky,
        "start_year": 2020,
        "end_year": 2025,
    }
    assert client_for(aibek).post(url, data).status_code == 302
    programme.refresh_from_db()
    assert programme.end_year == 2025
