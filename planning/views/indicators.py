"""The indicators of a programme (its M&E plan): the list, adding, editing and deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from municipalities.permissions import Need, can

from ..forms.indicators import IndicatorForm
from ..models import Indicator
from ..permissions import get_programme_for
from ..selectors.indicators import goal_tree, indicators_page
from ..services.indicators import indicator_create, indicator_delete, indicator_update
from .helpers import edit


def _list_url(programme, indicator=None) -> str:
    url = reverse("planning:indicators", kwargs={"pk": programme.pk})
    return f"{url}#indicator-{indicator.pk}" if indicator is not None else url


def _indicator_for(programme, indicator_pk) -> Indicator:
    """An indicator of this programme only: an id of another programme's indicator is a 404."""
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("targets"), pk=indicator_pk, programme=programme
    )
    indicator.programme = programme
    return indicator


@login_required
def indicator_list(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    return render(
        request,
        "planning/indicators/list.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "can_edit": programme.is_editable
            and can(request.user, programme.municipality, Need.EDIT),
            **indicators_page(programme),
        },
    )


@login_required
def indicator_add(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    form = IndicatorForm(
        request.POST or None,
        instance=Indicator(programme=programme),
        programme=programme,
        tree=goal_tree(programme),
        initial={"attached_to": request.GET.get("attached_to", "")},
    )

    def save(form):
        return indicator_create(
            programme=programme,
            actor=request.user,
            targets=form.targets(),
            **form.indicator_values(),
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/indicators/form.html",
        context={"programme": programme, "page_title": _("Новый индикатор")},
        success_url=lambda indicator: _list_url(programme, indicator),
        success_message=_("Индикатор добавлен."),
    )


@login_required
def indicator_edit(request, pk, indicator_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    indicator = _indicator_for(programme, indicator_pk)
    form = IndicatorForm(
        request.POST or None, instance=indicator, programme=programme, tree=goal_tree(programme)
    )

    def save(form):
        return indicator_update(
            indicator,
            actor=request.user,
            expected_revision=form.expected_revision,
            targets=form.targets(),
            **form.indicator_values(),
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/indicators/form.html",
        context={
            "programme": programme,
            "indicator": indicator,
            "page_title": _("Изменить индикатор"),
        },
        success_url=lambda indicator: _list_url(programme, indicator),
        success_message=_("Индикатор сохранён."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete_view(request, pk, indicator_pk):
    """GET asks for confirmation; only a POST deletes."""
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    indicator = _indicator_for(programme, indicator_pk)
    if request.method == "POST":
        indicator_delete(indicator, actor=request.user)
        messages.success(request, _("Индикатор удалён."))
        return redirect(_list_url(programme))
    return render(
        request,
        "planning/indicators/delete.html",
        {"programme": programme, "indicator": indicator},
    )


urlpatterns = [
    path("p/<int:pk>/indicators/", indicator_list, name="indicators"),
    path("p/<int:pk>/indicators/new/", indicator_add, name="indicator_add"),
    path("p/<int:pk>/indicators/<int:indicator_pk>/", indicator_edit, name="indicator_edit"),
    path(
        "p/<int:pk>/indicators/<int:indicator_pk>/delete/",
        indicator_delete_view,
        name="indicator_delete",
    ),
]
