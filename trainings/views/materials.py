"""An event's materials: the list, an upload, a download (public ones for anyone from the
event's public page) and a deletion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forms import MaterialForm
from ..models import EventMaterial
from ..permissions import EventNeed, get_event_for
from ..selectors.events import event_page
from ..services.materials import content_type_of, material_add, material_delete
from .events import event_context
from .helpers import edit


@login_required
@require_http_methods(["GET", "POST"])
def materials(request, pk):
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    context = event_context(request, event, **event_page(event))
    form = None
    if context["can_edit"]:
        form = MaterialForm(request.POST or None, request.FILES or None)
    elif request.method == "POST":
        get_event_for(request.user, pk, EventNeed.EDIT)  # refused, with the reason
    return edit(
        request,
        form=form,
        save=lambda form: material_add(
            event=event,
            actor=request.user,
            file=form.cleaned_data["file"],
            title_ru=form.cleaned_data["title_ru"],
            title_ky=form.cleaned_data["title_ky"],
            is_public=form.cleaned_data["is_public"],
        ),
        template="trainings/materials.html",
        context=context,
        success_url=reverse("trainings:materials", args=[event.pk]),
        success_message=_("Материал загружен."),
    )


def file_response(material: EventMaterial) -> FileResponse:
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл не найден.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=material.original_name,
        content_type=content_type_of(material.original_name),
    )


@never_cache
@login_required
@require_GET
def material_download(request, pk, material_pk):
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    return file_response(get_object_or_404(EventMaterial, event=event, pk=material_pk))


@login_required
@require_POST
def material_remove(request, pk, material_pk):
    event = get_event_for(request.user, pk, EventNeed.EDIT)
    material = get_object_or_404(EventMaterial, event=event, pk=material_pk)
    material_delete(material=material, actor=request.user)
    messages.success(request, _("Материал удалён."))
    return redirect("trainings:materials", pk=event.pk)
