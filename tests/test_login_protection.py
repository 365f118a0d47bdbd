"""The lock after wrong passwords cannot be sidestepped: every spelling of an address counts
against one account, one network address has a (high) limit of its own, and the lock says
when to try again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format

from .factories import PASSWORD


def login_url(lang="ru"):
    with translation.override(lang):
        return reverse("login")


def fail(client, username, **extra):
    return client.post(login_url(), {"username": username, "password": "wrong"}, **extra)


def until(minutes=30) -> str:
    """The time a lock starting now ends, as the page writes it (Bishkek time)."""
    return time_format(timezone.localtime(timezone.now() + timedelta(minutes=minutes)), "H:i")


@pytest.mark.django_db
def test_every_spelling_of_the_address_counts_against_one_account(client, aibek):
    spellings = [
        "aibek@psep.example",
        "Aibek@psep.example",
        "aIbek@PSEP.example",
        " AIBEK@psep.example ",
        "aibeK@psep.EXAMPLE",
    ]
    for spelling in spellings[:4]:
        assert fail(client, spelling).status_code == 200
    assert fail(client, spellings[4]).status_code == 429
    # the right password, in yet another spelling, does not get in while the account is locked
    response = client.post(login_url(), {"username": "AIBEK@PSEP.EXAMPLE", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_says_when_to_try_again(client, aibek):
    for _attempt in range(5):
        response = fail(client, aibek.email)
    body = response.content.decode()
    assert "Учётная запись заблокирована на 30 минут." in body
    assert f"Попробуйте снова после {until()}." in body or (
        f"Попробуйте снова после {until(29)}." in body  # the minute turned during the test
    )


@pytest.mark.django_db
def test_the_lock_ends_when_the_page_said(client, aibek):
    from axes.models import AccessAttempt

    for _attempt in range(5):
        fail(client, aibek.email)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = client.post(login_url(), {"username": aibek.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_one_address_has_a_high_limit_of_its_own(client, settings, aibek, gulnara):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    office = {"REMOTE_ADDR": "192.0.2.10"}
    # wrong passwords for many different accounts, none of them locked by itself
    for number in range(8):
        assert fail(client, f"guess{number}@psep.example", **office).status_code == 200
    response = client.post(login_url(), {"username": gulnara.email, "password": PASSWORD}, **office)
    assert response.status_code == 429
    body = response.content.decode()
    assert "С вашего сетевого адреса слишком много неудачных попыток входа" in body
    assert "Попробуйте снова после" in body
    # another address is not concerned
    response = client.post(
        login_url(), {"username": aibek.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.77"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_default_limit_of_an_address_lets_an_office_mistype(client, aibek):
    """Staff of one aiyl okmotu share an address: twenty mistyped passwords among them lock
    nobody else out."""
    office = {"REMOTE_ADDR": "192.0.2.10"}
    for number in range(20):
        fail(client, f"colleague{number % 5}-{number}@psep.example", **office)
    response = client.post(login_url(), {"username": aibek.email, "password": PASSWORD}, **office)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_address_behind_the_proxy_is_the_client_s(client, settings, aibek):
    """Behind the TLS proxy every request comes from the proxy: the limit counts the address the
    proxy saw, so that one office's mistakes do not lock out the whole country."""
    settings.TRUSTED_PROXIES = 1
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(3):
        fail(client, f"guess{number}@psep.example", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    response = client.post(
        login_url(),
        {"username": aibek.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
        **proxy,
    )
    assert response.status_code == 302
