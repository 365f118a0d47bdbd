"""A second factor at log-in: a code from an authenticator app (TOTP), with recovery codes for
a lost phone (django-otp).

Project staff (reviewers), administrators and whoever may enter the administration see many
municipalities: with MFA_REQUIRED (production) they must enrol before they can do anything
else. Everyone else may enrol on their own. Whoever has enrolled is asked for a code after the
password, every time, on every page (the administration too) until they give one. On the
embedded default MFA_REQUIRED is off, so the printed demo logins keep working with a password.

An administrator resets a person's second factor (a lost phone and no recovery codes left);
the person then enrols again at their next log-in.
"""

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Role

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# Where a person who must give a code or enrol may still go.
VERIFY_PAGES = {"mfa_verify", "logout", "set_language", "healthz"}
ENROL_PAGES = VERIFY_PAGES | {"mfa", "mfa_setup", "mfa_codes"}


def mfa_required_for(user) -> bool:
    """A second factor is required of reviewers, administrators and whoever may enter the
    administration, when the portal requires it (MFA_REQUIRED)."""
    if not getattr(settings, "MFA_REQUIRED", False) or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role=Role.REVIEWER).exists()


# What the session knows of the person's second factor, decided at log-in so that pages cost no
# query for it: ENROLLED (a code is asked), REQUIRED (enrolment is asked) or FREE.
STATE_KEY = "psep_mfa"
ENROLLED, REQUIRED, FREE = "enrolled", "required", "free"


def mfa_state(user) -> str:
    if enrolled_device(user) is not None:
        return ENROLLED
    return REQUIRED if mfa_required_for(user) else FREE


def remember_at_login(sender, request, user, **kwargs):
    """user_logged_in: what this session will ask of the person."""
    if request is not None and hasattr(request, "session"):
        request.session[STATE_KEY] = mfa_state(user)


def enrolled_device(user) -> TOTPDevice | None:
    """The person's authenticator, once confirmed with a first code."""
    return TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def key_for_display(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks it to be typed: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def setup_url(device: TOTPDevice) -> str:
    """otpauth:// link that opens the authenticator app on the phone that shows the page."""
    return device.config_url


# --- the person's own writes ----------------------------------------------------------------


@transaction.atomic
def mfa_enrol_start(*, user) -> TOTPDevice:
    """The authenticator being set up: a new secret, kept unconfirmed until the person types a
    first code from it; the same one while they are setting it up."""
    if enrolled_device(user) is not None:
        raise ValidationError(_("Второй фактор уже подключён."))
    device = TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def mfa_enrol_confirm(*, request, code: str) -> list[str]:
    """The first code from the app proves it is set up: the authenticator is confirmed, the
    session counts as verified, and new recovery codes are returned (shown once)."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, name=TOTP_NAME, confirmed=False)
            .first()
        )
        if device is None:
            error = _("Начните подключение заново: страница устарела.")
        else:
            error = _check_code(device, _digits(code))
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[STATE_KEY] = ENROLLED
            return _new_recovery_codes(user)
    # outside the transaction: a wrong code counts towards the device's throttling
    raise ValidationError(error)


def mfa_verify(*, request, code: str) -> None:
    """A code after the password: from the app (six digits) or a recovery code (each works
    once). The session then counts as verified."""
    user = request.user
    code = (code or "").strip()
    with transaction.atomic():
        if _digits(code).isdigit():
            devices = TOTPDevice.objects.filter(user=user, name=TOTP_NAME)
            code = _digits(code)
        else:
            devices = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME)
            code = code.replace(" ", "").replace("-", "").lower()
        device = devices.select_for_update().filter(confirmed=True).first()
        error = _wrong_code() if device is None else _check_code(device, code)
        if error is None:
            otp_login(request, device)
            return
    raise ValidationError(error)


def mfa_recovery_codes_renew(*, request) -> list[str]:
    """New recovery codes (the old ones stop working), for a person whose session is verified."""
    if not request.user.is_verified():
        raise PermissionDenied(_("Сначала введите код из приложения."))
    with transaction.atomic():
        return _new_recovery_codes(request.user)


def mfa_disable(*, request, code: str) -> None:
    """Turn the second factor off, with a current code; refused where it is required."""
    user = request.user
    if mfa_required_for(user):
        raise PermissionDenied(_("Для вашей роли второй фактор обязателен: отключить его нельзя."))
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, name=TOTP_NAME, confirmed=True)
            .first()
        )
        if device is None:
            return
        error = _check_code(device, _digits(code))
        if error is None:
            _delete_devices(user)
            request.session[STATE_KEY] = mfa_state(user)
            return
    raise ValidationError(error)


# --- the administrator's --------------------------------------------------------------------


@transaction.atomic
def user_mfa_reset(*, user, actor) -> bool:
    """An administrator removes a person's authenticator and recovery codes (a lost phone):
    the person enrols again at their next log-in. Returns whether there was anything."""
    if not (actor.is_active and actor.has_perm("municipalities.change_user")):
        raise PermissionDenied(_("Сбросить второй фактор может только администратор портала."))
    return _delete_devices(user)


# --- helpers ----------------------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join((code or "").split())


def _wrong_code() -> str:
    return _("Неверный код. Проверьте его и попробуйте снова.")


def _check_code(device, code: str) -> str | None:
    """Why the code is refused (None: it is right). A wrong code counts towards the device's
    throttling (django-otp: each wrong code doubles the wait before the next try)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return _too_many((details or {}).get("locked_until"))
    if not code or not device.verify_token(code):
        return _wrong_code()
    return None


def _too_many(until) -> str:
    if until is None:
        return _("Слишком много неверных кодов подряд. Подождите и попробуйте снова.")
    return _("Слишком много неверных кодов подряд. Попробуйте снова после %(time)s.") % {
        "time": time_format(timezone.localtime(until), "H:i:s")
    }


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:4]} {code[4:]}" for code in codes]


def _delete_devices(user) -> bool:
    removed, _per_model = TOTPDevice.objects.filter(user=user).delete()
    removed_static, _per_model = StaticDevice.objects.filter(user=user).delete()
    return bool(removed or removed_static)


# --- every request ----------------------------------------------------------------------------


class SecondFactorMiddleware:
    """After django-otp's middleware: a person who has enrolled is sent to the code page until
    they give a code, and one who must enrol, to the enrolment page; nothing else answers them
    in between (the administration included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            state = request.session.get(STATE_KEY)
            if state is None:  # a session from before the second factor existed
                state = request.session[STATE_KEY] = mfa_state(user)
            name = _url_name(request)
            if state == ENROLLED and name not in VERIFY_PAGES:
                return _send_to(request, "mfa_verify")
            if state == REQUIRED and name not in ENROL_PAGES:
                return _send_to(request, "mfa_setup")
        return self.get_response(request)


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _send_to(request, name: str):
    url = reverse(name)
    if request.method == "GET":
        url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
