"""An event's agenda: its items by day, a new item, an item's edit and deletion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import AgendaItemForm
from ..models import AgendaItem
from ..permissions import EventNeed, get_event_for
from ..selectors.events import event_page
from ..services.agenda import agenda_item_create, agenda_item_delete, agenda_item_update
from .events import event_context
from .helpers import edit


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request, pk):
    """The agenda, and the form that adds an item (for those who keep the event)."""
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    context = event_context(request, event, **event_page(event))
    if not context["can_edit"]:
        if request.method == "POST":
            get_event_for(request.user, pk, EventNeed.EDIT)  # refused, with the reason
        form = None
    else:
        form = AgendaItemForm(request.POST or None, event=event)
    return edit(
        request,
        form=form,
        save=lambda form: agenda_item_create(
            event=event, actor=request.user, **form.service_arguments()
        ),
        template="trainings/agenda.html",
        context=context,
        success_url=reverse("trainings:agenda", args=[event.pk]) + "#agenda-form",
        success_message=_("Пункт программы добавлен."),
    )


def _item(request, pk, item_pk):
    event = get_event_for(request.user, pk, EventNeed.EDIT)
    return event, get_object_or_404(AgendaItem, event=event, pk=item_pk)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk, item_pk):
    event, item = _item(request, pk, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item, event=event)
    return edit(
        request,
        form=form,
        save=lambda form: agenda_item_update(
            item=item, actor=request.user, **form.service_arguments()
        ),
        template="trainings/agenda_item_form.html",
        context=event_context(request, event, item=item, page_title=_("Пункт программы")),
        success_url=reverse("trainings:agenda", args=[event.pk]),
    )


@login_required
@require_POST
def agenda_item_remove(request, pk, item_pk):
    event, item = _item(request, pk, item_pk)
    agenda_item_delete(item=item, actor=request.user)
    messages.success(request, _("Пункт программы удалён."))
    return redirect("trainings:agenda", pk=event.pk)
