"""The events staff keep: their list, a new event, an event's page, its edit and deletion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import EventForm, ListFilterForm
from ..permissions import (
    EventNeed,
    can_on_event,
    events_for,
    get_event_for,
    is_event_staff,
    oblasts_for_new_events,
    reviewed_oblast_ids,
)
from ..selectors.events import ListFilter, event_figures, event_page, events_page
from ..services.events import event_create, event_delete, event_update
from .helpers import edit


def require_staff(user) -> None:
    if not is_event_staff(user):
        raise PermissionDenied(_("Мероприятия ведут сотрудники проекта и администраторы портала."))


def event_context(request, event, **extra) -> dict:
    """What every page of one event shows around its own content."""
    return {
        "event": event,
        "can_edit": can_on_event(request.user, event, EventNeed.EDIT),
        **extra,
    }


@login_required
def event_list(request):
    """The events the person keeps or follows, newest first, with their figures."""
    require_staff(request.user)
    oblasts = oblasts_for_new_events(request.user)
    oblast_ids = {oblast.pk for oblast in oblasts}
    list_filter = ListFilter.of(request.GET, oblast_ids)
    form = ListFilterForm(request.GET or None, oblasts=oblasts)
    return render(
        request,
        "trainings/event_list.html",
        {
            **events_page(events_for(request.user), list_filter, request.GET.get("page")),
            "filter_form": form,
            "can_create": True,
            "can_create_national": reviewed_oblast_ids(request.user) is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request):
    require_staff(request.user)
    national = reviewed_oblast_ids(request.user) is None
    form = EventForm(
        request.POST or None, oblasts=oblasts_for_new_events(request.user), national=national
    )
    return edit(
        request,
        form=form,
        save=lambda form: event_create(actor=request.user, **form.service_arguments()),
        template="trainings/event_form.html",
        context={"page_title": _("Новое мероприятие")},
        success_url=lambda event: reverse("trainings:detail", args=[event.pk]),
        success_message=_("Мероприятие создано. Добавьте программу и участников."),
    )


@login_required
def event_detail(request, pk):
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    return render(
        request,
        "trainings/event_detail.html",
        event_context(request, event, figures=event_figures(event), **event_page(event)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = get_event_for(request.user, pk, EventNeed.EDIT)
    national = reviewed_oblast_ids(request.user) is None
    form = EventForm(
        request.POST or None,
        instance=event,
        oblasts=oblasts_for_new_events(request.user),
        national=national,
    )
    return edit(
        request,
        form=form,
        save=lambda form: event_update(event=event, actor=request.user, **form.service_arguments()),
        template="trainings/event_form.html",
        context=event_context(
            request,
            event,
            page_title=_("Изменить мероприятие"),
            participant_count=event.participants.count(),
        ),
        success_url=reverse("trainings:detail", args=[event.pk]),
    )


@login_required
@require_POST
def event_remove(request, pk):
    event = get_event_for(request.user, pk, EventNeed.EDIT)
    try:
        event_delete(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("trainings:edit", pk=event.pk)
    messages.success(request, _("Мероприятие удалено."))
    return redirect("trainings:list")
