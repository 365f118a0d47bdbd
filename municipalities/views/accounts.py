"""Log-in helpers: the page shown when django-axes has locked an account."""

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def locked_out(request, original_response=None, credentials=None):
    """Too many wrong passwords: show the log-in page again with a clear message (HTTP 429)."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    if minutes:
        message = ngettext(
            "Слишком много неудачных попыток входа. "
            "Учётная запись заблокирована на %(minutes)d минуту.",
            "Слишком много неудачных попыток входа. "
            "Учётная запись заблокирована на %(minutes)d минут.",
            minutes,
        ) % {"minutes": minutes}
    else:
        message = _("Слишком много неудачных попыток входа. Учётная запись заблокирована.")
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_message": message},
        status=429,
    )
