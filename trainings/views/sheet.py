"""The attendance sheet of an event (PDF), on the event's page «Лист регистрации»: asking for
it in Russian or Kyrgyz, watching it being rendered, downloading it and retrying a failed one
are the documents engine's pages (documents.views.DocumentPages); these views say who may see
the event's sheets (those who keep or follow the event) and where its page is."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from documents.views import DocumentPages

from ..documents import KIND
from ..permissions import EventNeed, get_event_for
from .events import event_context


def _event(request, pk):
    return get_event_for(request.user, pk, EventNeed.VIEW)


SHEETS = DocumentPages(
    kind=KIND,
    namespace="trainings",
    name="sheet",
    route="events/work/<int:pk>/sheet/",
    get_object=_event,
    object_kwargs=lambda event: {"pk": event.pk},
    page_url=lambda event: reverse("trainings:sheet", args=[event.pk]),
)


@login_required
@require_GET
def sheet(request, pk):
    """The event's attendance sheets with their state, and the form that asks for a new one."""
    event = _event(request, pk)
    return render(
        request,
        "trainings/sheet/page.html",
        event_context(request, event, **SHEETS.context(request, event)),
    )
