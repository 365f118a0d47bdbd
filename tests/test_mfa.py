"""Passwords, sessions and the second factor: 12 characters at least, a session that ends after
a working day without a request, reset links valid for an hour, and a code from an
authenticator app (TOTP) with recovery codes — required of reviewers and administrators when
MFA_REQUIRED is on, offered to everyone, reset by an administrator."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import client_for
from .factories import PASSWORD

# a recovery code as the page shows it
CODES = re.compile(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>")


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows (`steps_ahead` periods of 30 s later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(user, **extra) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    """Set up the authenticator through the pages; returns the device and the recovery codes."""
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"], confirmed=False)
    response = client.post(reverse("mfa_setup"), {"code": code_of(device)}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_codes"))
    codes = CODES.findall(response.content.decode())
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture(autouse=True)
def _no_wait_between_codes(settings):
    """django-otp doubles the wait after each wrong code; the tests of throttling set it."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


# --- passwords and sessions ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_password_has_twelve_characters_at_least(aibek):
    client = client_for(aibek)
    short = "Kok-Zhar-20"  # 11 characters
    data = {"old_password": PASSWORD, "new_password1": short, "new_password2": short}
    response = client.post(reverse("password_change"), data)
    assert response.status_code == 200
    assert "как минимум 12 символов" in response.content.decode()
    data["new_password1"] = data["new_password2"] = "Kok-Zhar-202"
    assert client.post(reverse("password_change"), data).status_code == 302


@pytest.mark.django_db
def test_a_session_ends_after_a_working_day_without_a_request(aibek):
    client = log_in(aibek)
    session = Session.objects.get(session_key=client.session.session_key)
    left = session.expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < left <= timedelta(hours=8)
    # nine hours later, without a request in between: logged out
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(hours=1))
    response = client.get(reverse("my_municipalities"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_working_moves_the_end_of_the_session_on(aibek):
    client = log_in(aibek)
    session = client.session
    session["psep_seen"] = int(time.time()) - 6 * 60  # the last request, six minutes ago
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timedelta(hours=1)
    )
    assert client.get(reverse("my_municipalities")).status_code == 200
    left = Session.objects.get(pk=session.session_key).expire_date - timezone.now()
    assert left > timedelta(hours=7, minutes=59)


@pytest.mark.django_db
def test_a_password_reset_link_works_for_an_hour(client, gulnara, monkeypatch):
    from datetime import datetime

    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    made_at = datetime.now() - timedelta(minutes=61)  # naive, as the generator counts
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: made_at)
    old = default_token_generator.make_token(gulnara)
    monkeypatch.setattr(
        PasswordResetTokenGenerator, "_now", lambda self: made_at + timedelta(minutes=59)
    )
    fresh = default_token_generator.make_token(gulnara)
    monkeypatch.undo()
    assert not default_token_generator.check_token(gulnara, old)
    assert default_token_generator.check_token(gulnara, fresh)


# --- the second factor --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reviewer_must_enrol_before_anything_else(required, staff):
    client = log_in(staff)
    dashboard = reverse("planning:dashboard")
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response.url == f"{reverse('mfa_setup')}?next={dashboard.replace('/', '%2F')}"
    page = client.get(response.url).content.decode()
    assert "Для вашей роли вход с кодом из приложения обязателен" in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    key = re.search(r'<code id="mfa-key">([A-Z2-7 ]+)</code>', page).group(1)
    assert len(key.replace(" ", "")) == 32  # 20 random bytes, as the app types them
    assert "otpauth://totp/" in page
    # a wrong code is refused, the device stays unconfirmed
    response = client.post(reverse("mfa_setup"), {"code": "000000", "next": dashboard})
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()
    assert client.get(dashboard).status_code == 302
    # the right one: ten recovery codes shown once, then the page asked for
    response = client.post(
        reverse("mfa_setup"), {"code": code_of(device), "next": dashboard}, follow=True
    )
    codes = CODES.findall(response.content.decode())
    assert len(codes) == 10
    assert f'href="{dashboard}"' in response.content.decode()
    assert client.get(dashboard).status_code == 200
    assert "<code>" not in client.get(reverse("mfa_codes")).content.decode()  # shown once


@pytest.mark.django_db
def test_after_the_password_a_code_is_asked_and_a_wrong_one_refused(required, staff):
    device, _codes = enrol(log_in(staff))
    client = log_in(staff)
    dashboard = reverse("planning:dashboard")
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_verify"))
    response = client.post(reverse("mfa_verify"), {"code": "123456", "next": dashboard})
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()
    assert client.get(dashboard).status_code == 302
    response = client.post(
        reverse("mfa_verify"), {"code": code_of(device, steps_ahead=1), "next": dashboard}
    )
    assert response.status_code == 302
    assert response.url == dashboard
    assert client.get(dashboard).status_code == 200


@pytest.mark.django_db
def test_a_code_is_not_accepted_twice(staff):
    device, _codes = enrol(log_in(staff))
    used = code_of(device)  # the one that confirmed the device
    client = log_in(staff)
    response = client.post(reverse("mfa_verify"), {"code": used})
    assert "Неверный код" in response.content.decode()


@pytest.mark.django_db
def test_a_recovery_code_works_once(required, staff):
    _device, codes = enrol(log_in(staff))
    client = log_in(staff)
    response = client.post(reverse("mfa_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=staff).count() == 9
    again = log_in(staff)
    response = again.post(reverse("mfa_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert "Неверный код" in response.content.decode()


@pytest.mark.django_db
def test_wrong_codes_in_a_row_make_the_next_try_wait(settings, staff):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device, _codes = enrol(log_in(staff))
    client = log_in(staff)
    client.post(reverse("mfa_verify"), {"code": "000000"})
    response = client.post(reverse("mfa_verify"), {"code": code_of(device, steps_ahead=1)})
    assert response.status_code == 200
    assert "Слишком много неверных кодов подряд. Попробуйте снова после" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_the_administration_is_behind_the_code(required, admin_user):
    client = log_in(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_setup"))
    device, _codes = enrol(client)
    assert client.get(reverse("admin:index")).status_code == 200
    client = log_in(admin_user)
    response = client.get(reverse("admin:municipalities_user_changelist"))
    assert response.url.startswith(reverse("mfa_verify"))
    client.post(reverse("mfa_verify"), {"code": code_of(device, steps_ahead=1)})
    assert client.get(reverse("admin:municipalities_user_changelist")).status_code == 200


@pytest.mark.django_db
def test_without_mfa_required_the_demo_logins_work_with_a_password(staff, admin_user):
    """The embedded default: offered, not required."""
    assert log_in(staff).get(reverse("planning:dashboard")).status_code == 200
    admin = log_in(admin_user)
    assert admin.get(reverse("admin:index")).status_code == 200
    assert "Подключить второй фактор" in admin.get(reverse("mfa")).content.decode()


@pytest.mark.django_db
def test_a_working_group_member_may_enrol_and_turn_it_off(required, gulnara, staff):
    client = log_in(gulnara)
    my = reverse("my_municipalities")
    assert client.get(my).status_code == 200  # not required of her
    device, _codes = enrol(client)
    client = log_in(gulnara)
    assert client.get(my).url.startswith(reverse("mfa_verify"))
    client.post(reverse("mfa_verify"), {"code": code_of(device, steps_ahead=1)})
    response = client.post(reverse("mfa_disable"), {"code": "000000"})
    assert "Неверный код" in response.content.decode()
    client.post(reverse("mfa_disable"), {"code": code_of(device, steps_ahead=-1)})
    response = client.post(reverse("mfa_disable"), {"code": code_of(device, steps_ahead=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=gulnara).exists()
    assert log_in(gulnara).get(my).status_code == 200
    # a reviewer cannot turn it off where it is required
    reviewer = log_in(staff)
    staff_device, _codes = enrol(reviewer)
    response = reviewer.post(reverse("mfa_disable"), {"code": code_of(staff_device, 1)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_phone(staff, admin_user):
    enrol(log_in(staff))
    admin = client_for(admin_user)
    changelist = reverse("admin:municipalities_user_changelist")
    assert (
        '<img src="/static/admin/img/icon-yes.svg" alt="True">'
        in admin.get(changelist + f"?q={staff.email}").content.decode()
    )
    response = admin.post(
        changelist,
        {"action": "reset_second_factor", "_selected_action": [staff.pk]},
        follow=True,
    )
    assert "Второй фактор сброшен у пользователей: 1." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticToken.objects.filter(device__user=staff).exists()
    # the next log-in asks for no code; with MFA required it asks to enrol again
    assert log_in(staff).get(reverse("planning:dashboard")).status_code == 200


@pytest.mark.django_db
def test_htmx_requests_of_an_unverified_session_go_to_the_code_page(staff):
    enrol(log_in(staff))
    client = log_in(staff)
    response = client.get(reverse("planning:dashboard"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("mfa_verify"))


@pytest.mark.django_db
def test_the_code_page_does_not_follow_next_to_another_site(staff):
    device, _codes = enrol(log_in(staff))
    client = log_in(staff)
    response = client.post(
        reverse("mfa_verify"),
        {"code": code_of(device, steps_ahead=1), "next": "https://evil.example/"},
    )
    assert response.url == reverse("my_municipalities")


@pytest.mark.django_db
def test_a_session_open_during_a_reset_is_sent_to_enrol_again(required, staff, admin_user):
    client = log_in(staff)
    enrol(client)
    dashboard = reverse("planning:dashboard")
    assert client.get(dashboard).status_code == 200
    from municipalities.mfa import user_mfa_reset

    user_mfa_reset(user=staff, actor=admin_user)
    response = client.get(dashboard, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_setup"))
