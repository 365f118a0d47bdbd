"""A person's own profile (the name in the header leads to it): name and position they change,
their e-mail, the language of the portal, the password, their roles; and the log-in page says
«to open this page, log in» only when a page asked for it, not when the person pressed «Войти»."""

import pytest
from django.urls import reverse

from tests.conftest import client_for

PROFILE = "/{lang}/accounts/profile/"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_name_in_the_header_leads_to_the_profile(aibek, staff, lang):
    html = client_for(aibek).get(f"/{lang}/").content.decode()
    assert f'<a href="/{lang}/accounts/profile/">Айбек Осмонов</a>' in html
    response = client_for(aibek).get(PROFILE.format(lang=lang))
    page = response.content.decode()
    assert response.status_code == 200
    assert "aibek@psep.example" in page
    assert 'value="Айбек Осмонов"' in page
    assert reverse("password_change").replace("/ru/", f"/{lang}/") in page
    assert "/kok-zhar/" in page  # the role's municipality
    if lang == "ru":
        assert "<h1>Мой профиль</h1>" in page
        assert "Председатель рабочей группы — " in page
    reviewer = client_for(staff).get(PROFILE.format(lang="ru")).content.decode()
    assert "Сотрудник проекта (рецензент) — Ошская область" in reviewer


@pytest.mark.django_db
def test_a_person_changes_their_name_and_position(aibek):
    client = client_for(aibek)
    response = client.post(
        PROFILE.format(lang="ru"),
        {"full_name": "  Айбек   Осмонов-Уулу ", "position": "Заместитель главы АО"},
    )
    assert response.status_code == 302
    aibek.refresh_from_db()
    assert (aibek.full_name, aibek.position) == ("Айбек Осмонов-Уулу", "Заместитель главы АО")
    assert "Профиль сохранён." in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_a_name_is_required(aibek):
    response = client_for(aibek).post(PROFILE.format(lang="ru"), {"full_name": " ", "position": ""})
    assert response.status_code == 400
    assert "Напишите фамилию и имя." in response.content.decode()
    aibek.refresh_from_db()
    assert aibek.full_name == "Айбек Осмонов"


@pytest.mark.django_db
def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(PROFILE.format(lang="ru"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.django_db
def test_one_persons_profile_is_theirs_alone(aibek, gulnara):
    from django.core.exceptions import PermissionDenied

    from municipalities.services import user_profile_update

    with pytest.raises(PermissionDenied):
        user_profile_update(user=gulnara, actor=aibek, full_name="Кто-то", position="")


# --- the log-in page --------------------------------------------------------------------------


@pytest.mark.django_db
def test_pressing_log_in_is_not_called_a_page_asking_for_it(client):
    home = client.get("/ru/").content.decode()
    assert 'href="/ru/accounts/login/?next=/ru/&amp;via=menu"' in home
    pressed = client.get("/ru/accounts/login/?next=/ru/&via=menu").content.decode()
    assert "Чтобы открыть эту страницу, войдите в портал." not in pressed
    assert 'name="via" value="menu"' in pressed
    # a wrong password: still not called so
    again = client.post(
        "/ru/accounts/login/",
        {"username": "nobody@psep.example", "password": "x", "next": "/ru/", "via": "menu"},
    ).content.decode()
    assert "Чтобы открыть эту страницу, войдите в портал." not in again


@pytest.mark.django_db
def test_a_page_that_needs_a_log_in_says_so(client):
    response = client.get("/ru/my/tasks/", follow=True)
    assert "Чтобы открыть эту страницу, войдите в портал." in response.content.decode()
