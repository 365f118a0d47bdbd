"""Pages anyone can read: the events that are over, with their figures — never the names or
contacts of their participants — and their public materials."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from municipalities.models import Oblast

from ..forms import ListFilterForm
from ..models import EventMaterial
from ..permissions import can_on_event
from ..selectors.events import ListFilter, event_figures, event_page, events_page, public_events
from .materials import file_response


@require_GET
def public_list(request):
    oblasts = Oblast.objects.filter(kind=Oblast.Kind.OBLAST).order_by("position", "name")
    list_filter = ListFilter.of(request.GET)
    list_filter = ListFilter(kind=list_filter.kind, oblast=list_filter.oblast)
    form = ListFilterForm(request.GET or None, oblasts=oblasts, with_when=False)
    return render(
        request,
        "trainings/public/list.html",
        {
            **events_page(public_events(), list_filter, request.GET.get("page")),
            "filter_form": form,
        },
    )


def _public_event(pk):
    return get_object_or_404(
        public_events().select_related("oblast", "municipality__district__oblast"), pk=pk
    )


@require_GET
def public_event(request, pk):
    event = _public_event(pk)
    page = event_page(event)
    page["materials"] = [m for m in page["materials"] if m.is_public]
    return render(
        request,
        "trainings/public/event.html",
        {
            "event": event,
            "figures": event_figures(event),
            "can_view": can_on_event(request.user, event),
            **page,
        },
    )


@require_GET
def public_material(request, pk, material_pk):
    event = _public_event(pk)
    material = EventMaterial.objects.filter(event=event, pk=material_pk, is_public=True).first()
    if material is None:
        raise Http404("no such public material")
    return file_response(material)
