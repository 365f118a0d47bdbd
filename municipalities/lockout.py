"""The lock after wrong passwords (django-axes), made so that it cannot be sidestepped.

- The account is what is counted: the address typed is stripped and lower-cased before axes
  sees it, as the log-in matches it (case-insensitively), so that `Aibek@…` and `AIBEK@…` count
  against the one account of aibek@… and neither gets in while it is locked.
- One network address has a limit of its own, much higher (LOGIN_FAILURES_PER_ADDRESS): the
  staff of an aiyl okmotu share one address behind NAT, so the lock of the account stays the
  main one, while someone trying many accounts from one address is stopped. The address is the
  one the TLS proxy saw (common.network), not the proxy's own.
- Both last AXES_COOLOFF_HOURS from the last wrong password, and the page says until when.
"""

from datetime import datetime

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum

from common.network import client_address

# Wrong passwords from one network address within the cool-off, whatever the accounts.
LOGIN_FAILURES_PER_ADDRESS = 100


def failures_per_address() -> int:
    return int(getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", LOGIN_FAILURES_PER_ADDRESS))


def normalised_username(request, credentials: dict | None) -> str | None:
    """The account axes counts (AXES_USERNAME_CALLABLE): the address as the log-in matches it."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None and request is not None:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    username = (username or "").strip().lower()
    return username or None


def client_ip(request) -> str | None:
    """The address axes records (AXES_CLIENT_IP_CALLABLE)."""
    return client_address(request.META) or None


def _recent_attempts(request):
    return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the limit of one network address added to the account's."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)


def address_locked(request) -> bool:
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    if not ip:
        return False
    failures = (
        _recent_attempts(request)
        .filter(ip_address=ip)
        .aggregate(n=Sum("failures_since_start"))["n"]
    )
    return (failures or 0) >= failures_per_address()


def lock_ends(request, credentials: dict | None = None) -> tuple[datetime | None, bool]:
    """(when the lock of this log-in ends, whether it is the address's rather than the
    account's). The lock lasts the cool-off from the last wrong password that counts."""
    cool_off = get_cool_off(request)
    recent = _recent_attempts(request)
    username = normalised_username(request, credentials)
    if username:
        last = recent.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
        failures = recent.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"]
        if last and cool_off and (failures or 0) >= settings.AXES_FAILURE_LIMIT:
            return last + cool_off, False
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    if ip and cool_off:
        last = recent.filter(ip_address=ip).aggregate(last=Max("attempt_time"))["last"]
        if last:
            return last + cool_off, True
    return None, False
