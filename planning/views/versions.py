"""Versions of a programme: the list of the versions, the comparison of two of
them, and "start a new version" (amend) of an approved one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from municipalities.permissions import Need

from ..models import Action, Programme
from ..permissions import get_programme_for
from ..selectors.versions import compare, version_line
from ..services.lifecycle import (
    TransitionRefused,
    available_actions,
    may_try,
    refusal_reasons,
)
from ..services.versions import programme_amend

FROM_LABEL = gettext_lazy("Было (версия)")
TO_LABEL = gettext_lazy("Стало (версия)")


def _may_amend(programme, user) -> bool:
    return any(step.action == Action.AMEND for step in available_actions(programme, user))


def _previous(programme, line):
    """The version this one was started from (else the one before it in the line)."""
    by_pk = {version.pk: version for version in line}
    if programme.previous_version_id in by_pk:
        return by_pk[programme.previous_version_id]
    earlier = [version for version in line if version.version < programme.version]
    return earlier[-1] if earlier else None


def _choices_context(line, old=None, new=None) -> dict:
    """The two selects of the "compare" form: every version of the line."""
    choices = list(line)
    for extra in (old, new):
        if extra is not None and extra.pk not in {c.pk for c in choices}:
            choices.append(extra)
    return {
        "choices": choices,
        "selected_from": old.pk if old else None,
        "selected_to": new.pk if new else None,
        "from_label": FROM_LABEL,
        "to_label": TO_LABEL,
    }


@login_required
@require_GET
def versions(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    line = version_line(programme)
    rows = [
        {
            "version": version,
            "previous": _previous(version, line),
            "decision": getattr(version, "council_decision", None),
        }
        for version in line
    ]
    started_from = {version.previous_version_id for version in line}
    amendable = [
        version
        for version in line
        if version.pk not in started_from and _may_amend(version, request.user)
    ]
    current = next((v for v in line if v.pk == programme.pk), programme)
    return render(
        request,
        "planning/versions/list.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "rows": rows,
            "amendable": amendable[-1] if amendable else None,
            **_choices_context(line, _previous(current, line), current),
        },
    )


def _version_for(request, programme, value, name: str):
    """The programme chosen in the form: one the person may see, of the same municipality."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None, _("Выберите версию в поле «%(field)s».") % {"field": name}
    if pk == programme.pk:
        return programme, None
    other = get_programme_for(request.user, pk, need=Need.VIEW)
    if other.municipality_id != programme.municipality_id:
        raise PermissionDenied(_("Сравнивать можно только версии программы одного муниципалитета."))
    return other, None


@login_required
@require_GET
def compare_view(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    line = version_line(programme)
    errors = []
    old = new = None
    if "from" in request.GET or "to" in request.GET:
        old, error = _version_for(request, programme, request.GET.get("from"), FROM_LABEL)
        errors += [error] if error else []
        new, error = _version_for(request, programme, request.GET.get("to"), TO_LABEL)
        errors += [error] if error else []
    else:
        new = next((v for v in line if v.pk == programme.pk), programme)
        old = _previous(new, line)
        if old is None:
            errors.append(_("У этой программы нет предыдущей версии: сравнивать не с чем."))
    comparison = compare(old, new) if old is not None and new is not None else None
    return render(
        request,
        "planning/versions/compare.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "comparison": comparison,
            "errors": errors,
            **_choices_context(line, old, new),
        },
        status=400 if errors and ("from" in request.GET or "to" in request.GET) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def amend(request, pk):
    """A confirmation page (what will be copied, what will not), then the new version."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    if not may_try(programme, Action.AMEND, request.user):
        raise PermissionDenied(refusal_reasons(programme, Action.AMEND, request.user)[0])
    reasons = refusal_reasons(programme, Action.AMEND, request.user)
    if request.method == "POST" and not reasons:
        try:
            new = programme_amend(programme=programme, actor=request.user)
        except TransitionRefused as refused:
            reasons = refused.reasons
        else:
            messages.success(
                request,
                _(
                    "Начата версия %(new)s — черновик с копией всей программы. Версия "
                    "%(old)s остаётся в силе, пока кенеш не утвердит новую."
                )
                % {"new": new.version, "old": programme.version},
            )
            return redirect(new.get_absolute_url())
    last = Programme.objects.filter(
        municipality_id=programme.municipality_id, start_year=programme.start_year
    ).aggregate(last=Max("version"))["last"]
    return render(
        request,
        "planning/versions/amend_confirm.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "reasons": reasons,
            "next_version": (last or programme.version) + 1,
        },
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("p/<int:pk>/versions/", versions, name="versions"),
    path("p/<int:pk>/versions/compare/", compare_view, name="compare"),
    path("p/<int:pk>/amend/", amend, name="amend"),
]
