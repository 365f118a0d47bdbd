"""Creating a programme, its overview, its header, vision and overall goal."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from municipalities.permissions import Need, get_municipality_for

from ..forms.programme import ProgrammeCreateForm, ProgrammeHeaderForm, VisionForm
from ..permissions import get_programme_for
from ..selectors.lifecycle import lifecycle_panel
from ..selectors.overview import programme_overview
from ..services.programme import programme_create, programme_update
from .helpers import edit


@login_required
def programme_create_view(request, slug):
    municipality = get_municipality_for(request.user, slug, need=Need.MANAGE)
    form = ProgrammeCreateForm(request.POST or None)

    def save(form):
        return programme_create(
            municipality=municipality,
            actor=request.user,
            **{k: form.cleaned_data[k] for k in ProgrammeCreateForm._meta.fields},
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/programme_create.html",
        context={"municipality": municipality},
        success_url=lambda programme: programme.get_absolute_url(),
        success_message=_("Программа создана. Заполните её разделы."),
    )


@login_required
def overview(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    return render(
        request,
        "planning/overview.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            **programme_overview(programme, user=request.user),
            **lifecycle_panel(programme, user=request.user),
        },
    )


def _programme_edit(request, pk, form_class, template, success_message):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    form = form_class(request.POST or None, instance=programme)

    def save(form):
        return programme_update(
            programme,
            actor=request.user,
            expected_revision=form.expected_revision,
            **{k: form.cleaned_data[k] for k in form._meta.fields},
        )

    return edit(
        request,
        form=form,
        save=save,
        template=template,
        context={"programme": programme, "municipality": programme.municipality},
        success_url=reverse("planning:overview", kwargs={"pk": programme.pk}),
        success_message=success_message,
    )


@login_required
def header_edit(request, pk):
    return _programme_edit(
        request,
        pk,
        ProgrammeHeaderForm,
        "planning/header_form.html",
        _("Название и период сохранены."),
    )


@login_required
def vision_edit(request, pk):
    return _programme_edit(
        request, pk, VisionForm, "planning/vision_form.html", _("Видение и общая цель сохранены.")
    )
