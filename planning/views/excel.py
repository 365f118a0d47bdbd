"""Excel: download the activity plan and indicators, import an activity plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from common.xlsx import XLSX_CONTENT_TYPE
from municipalities.permissions import Need

from ..excel.export import export_filename, export_workbook, template_workbook
from ..forms.excel import ActivityImportForm
from ..models import Village
from ..permissions import get_programme_for
from ..services.plan_import import LIMITS, ImportRejected, activity_plan_import


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_xlsx(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    return _xlsx(export_workbook(programme), export_filename(programme))


@login_required
def import_template(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    filename = export_filename(programme).removesuffix(".xlsx") + "-template.xlsx"
    return _xlsx(template_workbook(programme), filename)


@login_required
def import_xlsx(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    if request.method == "POST":
        form = ActivityImportForm(request.POST, request.FILES)
    else:
        form = ActivityImportForm()
    errors = None
    if request.method == "POST" and form.is_valid():
        try:
            result = activity_plan_import(
                programme=programme, file=form.cleaned_data["file"], actor=request.user
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _import_message(result))
            return redirect(reverse("planning:plan", kwargs={"pk": programme.pk}))
    villages = Village.objects.filter(passport__programme=programme)
    return render(
        request,
        "planning/excel/import.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "form": form,
            "errors": errors,
            "villages": villages,
            "max_rows": number_format(LIMITS.rows, force_grouping=True),
            "last_column": get_column_letter(LIMITS.columns),
        },
        status=400 if request.method == "POST" else 200,
    )


def _import_message(result) -> str:
    message = ngettext(
        "Импортировано %(count)d мероприятие.",
        "Импортировано %(count)d мероприятий.",
        result.activities,
    ) % {"count": result.activities}
    created = result.directions + result.goals + result.objectives
    if created:
        message += " " + _(
            "Добавлено направлений: %(directions)d, целей: %(goals)d, задач: %(objectives)d."
        ) % {
            "directions": result.directions,
            "goals": result.goals,
            "objectives": result.objectives,
        }
    return message


urlpatterns = [
    path("p/<int:pk>/export.xlsx", export_xlsx, name="export_xlsx"),
    path("p/<int:pk>/import/", import_xlsx, name="import_xlsx"),
    path("p/<int:pk>/import/template.xlsx", import_template, name="import_template"),
]
