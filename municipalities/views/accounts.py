"""Log-in helpers: the page shown when django-axes has locked an account; the person's own
profile."""

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ..forms import ProfileForm
from ..lockout import lock_ends
from ..selectors import memberships_of
from ..services import user_profile_update


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


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The person's own page: name and position (they change them), e-mail, the language the
    portal opens in on this device, the password and the second factor, their roles."""
    user = request.user
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": user.full_name, "position": user.position},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(user=user, actor=user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Профиль сохранён."))
            return redirect("profile")
    return render(
        request,
        "registration/profile.html",
        {"form": form, "memberships": memberships_of(user)},
        status=400 if form.errors else 200,
    )
