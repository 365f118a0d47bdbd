"""A reviewer in Chromium, in Kyrgyz: enrols a second factor (TOTP) when the portal requires
it, logs out, logs in with a code; a wrong code is refused; the enrolment and code pages are
accessible. The texts are taken from the catalogs, as the page shows them."""

import re
import time

import pytest
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from municipalities.models import Oblast, Role
from tests.factories import MembershipFactory, UserFactory

from .conftest import assert_accessible, log_in


def ky(message: str) -> str:
    with translation.override("ky"):
        return translation.gettext(message)


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def reviewer(transactional_db, settings):
    settings.MFA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code is followed at once by the right one
    user = UserFactory(full_name="Айнура Бекова", email="staff@psep.example")
    MembershipFactory(
        user=user, role=Role.REVIEWER, municipality=None, oblast=Oblast.objects.get(slug="osh")
    )
    return user


def test_a_reviewer_enrols_in_kyrgyz_and_logs_in_with_a_code(page, reviewer):
    log_in(page, reviewer.email, lang="ky")
    # required of a reviewer: the enrolment comes before anything else
    expect(page).to_have_url(re.compile(r"/ky/accounts/two-factor/setup/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text(ky("Подключение второго фактора"))
    expect(page.locator("#mfa-key")).to_have_text(re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$"))
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    page.get_by_label(ky("Код из приложения")).fill(code_of(device))
    page.get_by_role("button", name=ky("Подключить"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(ky("Резервные коды"))
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name=ky("Продолжить")).click()
    expect(page).to_have_url(re.compile(r"/ky/my/$"))

    page.get_by_role("button", name="Чыгуу").click()
    log_in(page, reviewer.email, lang="ky")
    expect(page).to_have_url(re.compile(r"/ky/accounts/two-factor/code/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text(ky("Код для входа"))
    assert_accessible(page)

    field = page.get_by_label(ky("Код из приложения или резервный код"))
    field.fill("000000")
    page.get_by_role("button", name="Кирүү", exact=True).click()
    expect(page.get_by_text(ky("Неверный код. Проверьте его и попробуйте снова."))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/ky/accounts/two-factor/code/"))
    assert_accessible(page)

    page.get_by_label(ky("Код из приложения или резервный код")).fill(
        code_of(device, steps_ahead=1)
    )
    page.get_by_role("button", name="Кирүү", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ky/my/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Менин муниципалитеттерим")
    page.goto("/ky/accounts/two-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ky("Вход с кодом из приложения"))
    assert_accessible(page)
