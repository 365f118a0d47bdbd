"""Log-in helpers: the page shown when django-axes has locked an account."""

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..lockout import lock_ends


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
    ends, by_address = lock_ends(request, credentials)
    if by_address:
        message = _(
            "С вашего сетевого адреса слишком много неудачных попыток входа, "
            "поэтому вход с него приостановлен."
        )
    if ends:
        local = timezone.localtime(ends)
        when = time_format(local, "H:i")
        if local.date() != timezone.localdate():
            when = f"{date_format(local, 'j E')} {when}"
        message = f"{message} " + _("Попробуйте снова после %(time)s.") % {"time": when}
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_message": message},
        status=429,
    )
