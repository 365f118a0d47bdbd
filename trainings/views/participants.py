"""An event's participants: the list with their attendance by day (marked for a page of the
list at once), a participant added or changed by hand, the import from .xlsx and its
template."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.xlsx import XLSX_CONTENT_TYPE

from ..columns import COLUMNS
from ..excel import participants_template
from ..forms import ParticipantForm, ParticipantImportForm
from ..models import Participant
from ..permissions import EventNeed, get_event_for
from ..selectors.events import event_figures
from ..selectors.participants import participants_page
from ..services.participant_import import (
    LIMITS,
    MAX_IMPORT_ROWS,
    ImportRejected,
    participants_import,
)
from ..services.participants import (
    attendance_set,
    participant_create,
    participant_delete,
    participant_update,
)
from .events import event_context
from .helpers import apply_validation_error, edit


def _list_url(event, request) -> str:
    url = reverse("trainings:participants", args=[event.pk])
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@login_required
@require_http_methods(["GET", "POST"])
def participants(request, pk):
    """GET: the list. POST: the attendance of the participants shown on the page."""
    need = EventNeed.EDIT if request.method == "POST" else EventNeed.VIEW
    event = get_event_for(request.user, pk, need)
    if request.method == "POST":
        shown = [int(value) for value in request.POST.getlist("shown") if value.isdigit()]
        present = set()
        for value in request.POST.getlist("present"):
            participant_id, _sep, day = value.partition(":")
            try:
                present.add((int(participant_id), date.fromisoformat(day)))
            except ValueError:
                continue
        added, removed = attendance_set(
            event=event, actor=request.user, participant_ids=shown, present=present
        )
        messages.success(
            request,
            _("Отметки присутствия сохранены: поставлено %(added)d, снято %(removed)d.")
            % {"added": added, "removed": removed},
        )
        return redirect(_list_url(event, request) + "#attendance")
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "trainings/participants.html",
        event_context(
            request,
            event,
            figures=event_figures(event),
            **participants_page(event, query, request.GET.get("page")),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request, pk):
    event = get_event_for(request.user, pk, EventNeed.EDIT)
    form = ParticipantForm(request.POST or None, event=event)
    return edit(
        request,
        form=form,
        save=lambda form: participant_create(
            event=event, actor=request.user, **form.service_arguments()
        ),
        template="trainings/participant_form.html",
        context=event_context(request, event, page_title=_("Новый участник")),
        success_url=reverse("trainings:participant_add", args=[event.pk]),
        success_message=_("Участник добавлен. Можно добавить следующего."),
    )


def _participant(request, pk, participant_pk):
    event = get_event_for(request.user, pk, EventNeed.EDIT)
    return event, get_object_or_404(Participant, event=event, pk=participant_pk)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk, participant_pk):
    event, participant = _participant(request, pk, participant_pk)
    form = ParticipantForm(request.POST or None, instance=participant, event=event)
    return edit(
        request,
        form=form,
        save=lambda form: participant_update(
            participant=participant, actor=request.user, **form.service_arguments()
        ),
        template="trainings/participant_form.html",
        context=event_context(request, event, participant=participant, page_title=_("Участник")),
        success_url=reverse("trainings:participants", args=[event.pk]),
    )


@login_required
@require_POST
def participant_remove(request, pk, participant_pk):
    event, participant = _participant(request, pk, participant_pk)
    name = participant.full_name
    participant_delete(participant=participant, actor=request.user)
    messages.success(request, _("Участник «%(name)s» удалён из списка.") % {"name": name})
    return redirect("trainings:participants", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participants_upload(request, pk):
    """The import of participants from .xlsx: every bad row is reported, nothing is written
    until the whole file is right."""
    event = get_event_for(request.user, pk, EventNeed.EDIT)
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = participants_import(
                event=event, file=form.cleaned_data["file"], actor=request.user
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Добавлено участников: %(count)d, отметок присутствия: %(marks)d.")
                % {"count": result.participants, "marks": result.marks},
            )
            return redirect("trainings:participants", pk=event.pk)
    return render(
        request,
        "trainings/participants_import.html",
        event_context(
            request,
            event,
            form=form,
            errors=errors,
            columns=COLUMNS,
            max_rows=MAX_IMPORT_ROWS - 1,
            max_megabytes=LIMITS.bytes // (1024 * 1024),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def participants_template_download(request, pk):
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    response = HttpResponse(participants_template(event), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="participants-{event.pk}-{event.start_date:%Y-%m-%d}.xlsx"'
    )
    return response
