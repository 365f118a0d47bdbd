"""The pages of the second factor (municipalities.mfa): the person's own page, setting up the
authenticator, the recovery codes, and the code asked after the password."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..forms import AppCodeForm, LoginCodeForm
from ..mfa import (
    STATE_KEY,
    enrolled_device,
    key_for_display,
    mfa_disable,
    mfa_enrol_confirm,
    mfa_enrol_start,
    mfa_recovery_codes_renew,
    mfa_required_for,
    mfa_state,
    mfa_verify,
    recovery_codes_left,
    setup_url,
)

# New recovery codes wait here between the page that made them and the page that shows them.
CODES_KEY = "psep_mfa_new_codes"


def _next(request) -> str:
    """Where to go afterwards: the page the person was sent from, if it is one of ours."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def mfa_overview(request):
    user = request.user
    return render(
        request,
        "registration/mfa.html",
        {
            "device": enrolled_device(user),
            "required": mfa_required_for(user),
            "codes_left": recovery_codes_left(user),
            "form": AppCodeForm(),
        },
    )


@never_cache
@login_required
def mfa_setup(request):
    user = request.user
    if enrolled_device(user) is not None:
        return redirect("mfa")
    device = mfa_enrol_start(user=user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa_enrol_confirm(request=request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session[CODES_KEY] = codes
            messages.success(request, _("Второй фактор подключён."))
            return redirect(f"{resolve_url('mfa_codes')}?{_next_query(request)}")
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "key": key_for_display(device),
            "setup_url": setup_url(device),
            "required": mfa_required_for(user),
            "next": _next(request),
        },
    )


@never_cache
@login_required
def mfa_codes(request):
    if request.method == "POST":
        request.session[CODES_KEY] = mfa_recovery_codes_renew(request=request)
        return redirect(f"{resolve_url('mfa_codes')}?{_next_query(request)}")
    return render(
        request,
        "registration/mfa_codes.html",
        {
            "codes": request.session.pop(CODES_KEY, None),
            "codes_left": recovery_codes_left(request.user),
            "verified": request.user.is_verified(),
            "next": _next(request),
        },
    )


@never_cache
@login_required
def mfa_verify_view(request):
    user = request.user
    if enrolled_device(user) is None:
        # reset by an administrator since the log-in: enrol again where it is required
        request.session[STATE_KEY] = mfa_state(user)
        return redirect(_next(request))
    if user.is_verified():
        return redirect(_next(request))
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mfa_verify(request=request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return redirect(_next(request))
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
@require_POST
def mfa_disable_view(request):
    form = AppCodeForm(request.POST)
    if form.is_valid():
        try:
            mfa_disable(request=request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("Второй фактор отключён."))
            return redirect("mfa")
    user = request.user
    return render(
        request,
        "registration/mfa.html",
        {
            "device": enrolled_device(user),
            "required": mfa_required_for(user),
            "codes_left": recovery_codes_left(user),
            "form": form,
        },
    )


def _next_query(request) -> str:
    return urlencode({REDIRECT_FIELD_NAME: _next(request)})
