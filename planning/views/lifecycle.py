"""The life-cycle buttons of a programme: a confirmation page per transition (with what must
still be done), the council decision form, and the decision's scan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from municipalities.permissions import Need, can

from ..forms.lifecycle import CouncilDecisionForm, TransitionForm
from ..models import Action, CouncilDecision, Programme
from ..permissions import get_programme_for
from ..services import lifecycle
from ..services.uploads import scan_content_type
from .helpers import apply_validation_error

SERVICES = {
    Action.SUBMIT: lambda p, actor, summary: lifecycle.programme_submit(programme=p, actor=actor),
    Action.REQUEST_CHANGES: lambda p, actor, summary: lifecycle.programme_request_changes(
        programme=p, actor=actor, summary=summary
    ),
    Action.ACCEPT: lambda p, actor, summary: lifecycle.programme_accept(
        programme=p, actor=actor, summary=summary
    ),
    Action.SUBMIT_TO_COUNCIL: lambda p, actor, summary: lifecycle.programme_submit_to_council(
        programme=p, actor=actor
    ),
    Action.START_IMPLEMENTATION: lambda p, actor, summary: lifecycle.programme_start_implementation(
        programme=p, actor=actor
    ),
}
# Transitions where the person explains (required for a request of changes).
WITH_SUMMARY = {Action.REQUEST_CHANGES, Action.ACCEPT}

# Lazy: the module is imported once, in whatever language is active then; each message is
# translated when the page that shows it is drawn, in that page's language.
DONE_MESSAGES = {
    Action.SUBMIT: gettext_lazy(
        "Программа передана на рассмотрение. Рецензенты получили уведомление."
    ),
    Action.REQUEST_CHANGES: gettext_lazy(
        "Изменения запрошены: программа возвращена рабочей группе в статус черновика."
    ),
    Action.ACCEPT: gettext_lazy("Программа принята и опубликована для обсуждения с населением."),
    Action.SUBMIT_TO_COUNCIL: gettext_lazy("Программа передана в кенеш."),
    Action.START_IMPLEMENTATION: gettext_lazy("Программа переведена в реализацию."),
}


def _step_for(request, programme, action):
    """The step if this person may see its button now (role and status); 403 otherwise."""
    for step in lifecycle.available_actions(programme, request.user):
        if step.action == action:
            return step
    raise PermissionDenied(
        lifecycle.refusal_reasons(programme, action, request.user)[0]
        if action in lifecycle.STEPS
        else _("Такого действия нет.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, pk, action):
    if action not in SERVICES:
        raise Http404
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    step = _step_for(request, programme, action)
    form = TransitionForm(
        request.POST if request.method == "POST" else None,
        summary_required=step.summary_required,
        summary_label=_("Что нужно изменить") if action == Action.REQUEST_CHANGES else None,
    )
    reasons = lifecycle.refusal_reasons(programme, action, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            SERVICES[action](programme, request.user, form.cleaned_data["summary"])
        except lifecycle.TransitionRefused as refused:
            reasons = refused.reasons
        else:
            messages.success(request, DONE_MESSAGES[action])
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "planning/lifecycle/transition.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "step": step,
            "form": form,
            "with_summary": action in WITH_SUMMARY,
            "reasons": reasons,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    _step_for(request, programme, Action.RECORD_DECISION)
    posted = request.method == "POST"
    form = CouncilDecisionForm(request.POST if posted else None, request.FILES if posted else None)
    reasons = lifecycle.refusal_reasons(programme, Action.RECORD_DECISION, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.programme_record_decision(
                programme=programme,
                actor=request.user,
                scan=form.cleaned_data.get("scan") or None,
                **{k: form.cleaned_data[k] for k in ("number", "date", "session")},
            )
        except lifecycle.TransitionRefused as refused:
            reasons = refused.reasons
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Решение кенеша записано. Эта версия программы утверждена и заморожена."),
            )
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "planning/lifecycle/decision_form.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "form": form,
            "reasons": reasons,
        },
        status=400 if request.method == "POST" else 200,
    )


def decision_scan(request, pk):
    """The scan of the council decision: public once the version is approved (it is an
    official document), otherwise for the people of the municipality."""
    programme = get_object_or_404(
        Programme.objects.select_related("municipality__district__oblast"), pk=pk
    )
    if not (programme.is_frozen or can(request.user, programme.municipality, Need.VIEW)):
        raise Http404
    council_decision = CouncilDecision.objects.filter(programme=programme).first()
    if council_decision is None or not council_decision.scan:
        raise Http404
    name = council_decision.scan.name.rsplit("/", 1)[-1]
    try:
        handle = council_decision.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=False, filename=name, content_type=scan_content_type(name)
    )
    if not programme.is_frozen:
        add_never_cache_headers(response)  # a draft's scan: not for shared caches
    return response


urlpatterns = [
    path("p/<int:pk>/transition/<slug:action>/", transition, name="transition"),
    path("p/<int:pk>/decision/", decision, name="decision"),
    path("public/p/<int:pk>/decision/scan/", decision_scan, name="decision_scan"),
]
