"""The financial model: the forecast of resources against the planned costs, per year."""

from django.contrib.auth.decorators import login_required
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from municipalities.permissions import Need, can

from ..forms.finance import ResourceForecastForm
from ..permissions import get_programme_for
from ..selectors.finance import financial_model
from ..services.finance import resource_forecast_set
from .helpers import edit


@login_required
@require_http_methods(["GET", "POST"])
def finance(request, pk):
    """Everyone who may read the programme sees the model; the working group (draft only)
    also gets the forecast form, and only they may POST it."""
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    programme = get_programme_for(request.user, pk, need=need)
    model = financial_model(programme)
    can_edit = programme.is_editable and can(request.user, programme.municipality, Need.EDIT)
    form = None
    if can_edit:
        form = ResourceForecastForm(
            request.POST or None, programme=programme, current=model["forecast_values"]
        )
    context = {
        "programme": programme,
        "municipality": programme.municipality,
        "can_edit": can_edit,
        **model,
    }
    return edit(
        request,
        form=form,
        save=lambda form: resource_forecast_set(
            programme=programme, values=form.values(), actor=request.user
        ),
        template="planning/finance/model.html",
        context=context,
        success_url=reverse("planning:finance", kwargs={"pk": programme.pk}) + "#forecast",
        success_message=_("Прогноз ресурсов сохранён."),
    )


urlpatterns = [
    path("p/<int:pk>/finance/", finance, name="finance"),
]
