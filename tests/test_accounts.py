"""Log in, log out, change and reset the password, lock-out after wrong passwords."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from .conftest import client_for
from .factories import PASSWORD


def login_url(lang="ru"):
    with translation.override(lang):
        return reverse("login")


@pytest.mark.django_db
def test_log_in_by_email_goes_to_my_municipalities(client, aibek):
    response = client.post(login_url(), {"username": "AIBEK@psep.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("my_municipalities")


@pytest.mark.django_db
def test_log_in_follows_next(client, aibek, kok_zhar):
    team = reverse("municipality_team", kwargs={"slug": kok_zhar.slug})
    response = client.post(
        login_url(), {"username": aibek.email, "password": PASSWORD, "next": team}
    )
    assert response.url == team


@pytest.mark.django_db
def test_log_in_does_not_follow_next_to_another_site(client, aibek):
    response = client.post(
        login_url(),
        {"username": aibek.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.url == reverse("my_municipalities")


@pytest.mark.django_db
def test_wrong_password_keeps_the_email_and_says_why(client, aibek):
    response = client.post(login_url(), {"username": aibek.email, "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{aibek.email}"' in body
    assert "Пожалуйста, введите правильные" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("ru", "Учётная запись заблокирована на 30 минут"),
        ("ky", "Каттоо эсеби 30 мүнөткө бөгөттөлдү"),
    ],
)
def test_five_wrong_passwords_lock_the_account(client, aibek, lang, message):
    url = login_url(lang)
    for _attempt in range(4):
        assert client.post(url, {"username": aibek.email, "password": "wrong"}).status_code == 200
    response = client.post(url, {"username": aibek.email, "password": "wrong"})
    assert response.status_code == 429
    assert message in response.content.decode()
    # now even the right password is refused, with the same message
    response = client.post(url, {"username": aibek.email, "password": PASSWORD})
    assert response.status_code == 429
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lock_is_per_account(client, aibek, gulnara):
    for _attempt in range(5):
        client.post(login_url(), {"username": aibek.email, "password": "wrong"})
    response = client.post(login_url(), {"username": gulnara.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_log_out_is_a_post(client, aibek):
    client = client_for(aibek)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_change_password(aibek):
    client = client_for(aibek)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Kok-Zhar-2020-2024",
            "new_password2": "Kok-Zhar-2020-2024",
        },
    )
    assert response.status_code == 302
    aibek.refresh_from_db()
    assert aibek.check_password("Kok-Zhar-2020-2024")


@pytest.mark.django_db
def test_change_password_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_reset_password_by_email(client, gulnara):
    response = client.post(reverse("password_reset"), {"email": gulnara.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Jangy-Sыrsoz-77", "new_password2": "Jangy-Sыrsoz-77"}
    )
    assert response.status_code == 302
    gulnara.refresh_from_db()
    assert gulnara.check_password("Jangy-Sыrsoz-77")


@pytest.mark.django_db
def test_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@psep.example"})
    assert response.status_code == 302
    assert mail.outbox == []
