"""Pages of the reports: the list of a programme's reports, the ГСМиО's report of a period
(written by the group, presented to the council and the population, answered by the council)
and the annual implementation report (written by the chair of the working group, heard by the
council), each with its figures from the monitoring data and its documents in PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.views import DocumentPages
from municipalities.permissions import Need, needs_in
from planning.selectors.public import get_public_programme

from ..documents import ANNUAL_KIND, PERIOD_KIND
from ..forms import (
    AnnualSummaryForm,
    DirectionFindingForm,
    HearingForm,
    PresentForm,
    ReportForm,
    ResponseForm,
)
from ..models import AnnualReport, MonitoringReport, PeriodStatus
from ..selectors.reports import annual_report, period_report, reports_of
from ..services import reports
from ..services.periods import MONITORED_STATUSES
from .entry import _apply, _period, _programme


def _report_url(programme_id: int, period_id: int, anchor: str = "") -> str:
    url = reverse("monitoring:report", kwargs={"pk": programme_id, "period_pk": period_id})
    return f"{url}#{anchor}" if anchor else url


def _annual_url(programme_id: int, year: int, anchor: str = "") -> str:
    url = reverse("monitoring:annual", kwargs={"pk": programme_id, "year": year})
    return f"{url}#{anchor}" if anchor else url


# --- the documents of the reports ----------------------------------------------------------------


def _period_report_object(request, pk, period_pk) -> MonitoringReport:
    programme = _programme(request.user, pk)
    period = _period(programme, period_pk)
    report = MonitoringReport.objects.filter(period=period).first()
    if report is None:
        raise Http404(_("Отчёт за этот период ещё не написан."))
    report.period = period
    return report


def _public_period_report(pk, period_pk) -> MonitoringReport:
    programme = get_public_programme(pk)
    report = get_object_or_404(
        MonitoringReport.objects.select_related("period"),
        period__pk=period_pk,
        period__programme=programme,
        presented_at__isnull=False,
    )
    report.period.programme = programme
    return report


def _annual_object(request, pk, year) -> AnnualReport:
    programme = _programme(request.user, pk)
    report = AnnualReport.objects.filter(programme=programme, year=year).first()
    if report is None:
        raise Http404(_("Годовой отчёт за этот год ещё не написан."))
    report.programme = programme
    return report


def _public_annual(pk, year) -> AnnualReport:
    programme = get_public_programme(pk)
    report = get_object_or_404(
        AnnualReport, programme=programme, year=year, presented_at__isnull=False
    )
    report.programme = programme
    return report


PERIOD_DOCUMENTS = DocumentPages(
    kind=PERIOD_KIND,
    namespace="monitoring",
    name="report_document",
    route="p/<int:pk>/monitoring/periods/<int:period_pk>/report/",
    get_object=_period_report_object,
    object_kwargs=lambda report: {"pk": report.period.programme_id, "period_pk": report.period_id},
    page_url=lambda report: _report_url(report.period.programme_id, report.period_id),
    get_public_object=_public_period_report,
)
ANNUAL_DOCUMENTS = DocumentPages(
    kind=ANNUAL_KIND,
    namespace="monitoring",
    name="annual_document",
    route="p/<int:pk>/monitoring/years/<int:year>/report/",
    get_object=_annual_object,
    object_kwargs=lambda report: {"pk": report.programme_id, "year": report.year},
    page_url=lambda report: _annual_url(report.programme_id, report.year),
    get_public_object=_public_annual,
)


# --- the list ------------------------------------------------------------------------------------


@login_required
@require_GET
def reports_list(request, pk):
    programme = _programme(request.user, pk)
    needs = needs_in(request.user, programme.municipality)
    return render(
        request,
        "monitoring/reports.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "reports": reports_of(programme, reports.annual_years(programme)),
            "can_manage": Need.MANAGE in needs and programme.status in MONITORED_STATUSES,
        },
    )


# --- the ГСМиО's report of a period --------------------------------------------------------------


def _direction_forms(data, post=None) -> list:
    """A form per direction of the programme, prefixed with its id, with what was written."""
    return [
        (
            row.direction,
            DirectionFindingForm(post, instance=row.finding, prefix=f"d{row.direction.pk}"),
        )
        for row in data.directions
    ]


def _report_page(request, programme, period, *, form=None, directions=None, present=None,
                 response=None, status=200):  # fmt: skip
    data = period_report(period)
    report = data.report
    needs = needs_in(request.user, programme.municipality)
    can_write = Need.MONITOR in needs and (report is None or not report.is_presented)
    can_present = (
        Need.MONITOR in needs
        and report is not None
        and not report.has_response
        and period.status != PeriodStatus.OPEN
    )
    can_respond = Need.COUNCIL in needs and report is not None and report.presented_to_council_on
    context = {
        "programme": programme,
        "municipality": programme.municipality,
        "period": period,
        "data": data,
        "report": report,
        "can_write": can_write,
        "can_present": can_present,
        "can_respond": can_respond,
        "needs_monitor": Need.MONITOR in needs,
    }
    if can_write:
        context["form"] = form or ReportForm(instance=report)
        context["direction_forms"] = directions or _direction_forms(data)
    if can_present:
        context["present_form"] = present or PresentForm(
            initial={
                "to_council_on": report.presented_to_council_on,
                "to_population_on": report.presented_to_population_on,
                "women": report.population_women,
                "men": report.population_men,
            }
        )
    if can_respond:
        context["response_form"] = response or ResponseForm(instance=report)
    if report is not None:
        context.update(PERIOD_DOCUMENTS.context(request, report))
    return render(request, "monitoring/report.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request, pk, period_pk):
    """The report of a period; a POST saves the ГСМиО's texts."""
    if request.method == "GET":
        programme = _programme(request.user, pk)
        return _report_page(request, programme, _period(programme, period_pk))
    programme = _programme(request.user, pk, Need.MONITOR)
    period = _period(programme, period_pk)
    data = period_report(period)
    form = ReportForm(request.POST, instance=data.report)
    directions = _direction_forms(data, request.POST)
    # every form checked, so that each shows its errors
    checked = [form.is_valid(), *(f.is_valid() for _d, f in directions)]
    if all(checked):
        try:
            reports.report_write(
                period=period,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in ReportForm.Meta.fields},
                directions={d.pk: f.texts() for d, f in directions},
            )
        except ValidationError as error:
            _apply(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(_report_url(programme.pk, period.pk))
        else:
            messages.success(request, _("Отчёт сохранён."))
            return redirect(_report_url(programme.pk, period.pk, "texts"))
    return _report_page(request, programme, period, form=form, directions=directions, status=400)


@login_required
@require_POST
def report_present(request, pk, period_pk):
    programme = _programme(request.user, pk, Need.MONITOR)
    period = _period(programme, period_pk)
    form = PresentForm(request.POST)
    if form.is_valid():
        try:
            reports.report_present(
                period=period,
                actor=request.user,
                to_council_on=form.cleaned_data["to_council_on"],
                to_population_on=form.cleaned_data["to_population_on"],
                women=form.cleaned_data["women"],
                men=form.cleaned_data["men"],
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(
                request,
                _(
                    "Представление отчёта записано. Документы PDF на обоих языках формируются "
                    "и будут доступны жителям."
                ),
            )
            return redirect(_report_url(programme.pk, period.pk, "presentation"))
    return _report_page(request, programme, period, present=form, status=400)


@login_required
@require_POST
def report_response(request, pk, period_pk):
    programme = _programme(request.user, pk, Need.COUNCIL)
    period = _period(programme, period_pk)
    report = get_object_or_404(MonitoringReport, period=period)
    form = ResponseForm(request.POST, instance=report)
    if form.is_valid():
        try:
            reports.report_respond(
                report=report,
                actor=request.user,
                response_ru=form.cleaned_data["council_response_ru"],
                response_ky=form.cleaned_data["council_response_ky"],
                responded_on=form.cleaned_data["council_response_on"],
            )
        except ValidationError as error:
            _apply(form, _renamed(error, RESPONSE_FIELDS))
        else:
            messages.success(request, _("Ответ кенеша записан."))
            return redirect(_report_url(programme.pk, period.pk, "response"))
    return _report_page(request, programme, period, response=form, status=400)


RESPONSE_FIELDS = {
    "response_ru": "council_response_ru",
    "response_ky": "council_response_ky",
    "responded_on": "council_response_on",
}


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's error on the form's own field names."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


# --- the annual report ---------------------------------------------------------------------------


def _year(programme, year: int) -> int:
    if year not in reports.annual_years(programme):
        raise Http404(_("Годовой отчёт за этот год написать нельзя."))
    return year


def _annual_page(request, programme, year, *, form=None, hearing=None, status=200):
    data = annual_report(programme, year)
    report = data.report
    needs = needs_in(request.user, programme.municipality)
    can_write = (
        Need.MANAGE in needs
        and programme.status in MONITORED_STATUSES
        and (report is None or not report.is_presented)
    )
    can_hear = Need.COUNCIL in needs and report is not None
    context = {
        "programme": programme,
        "municipality": programme.municipality,
        "year": year,
        "data": data,
        "report": report,
        "can_write": can_write,
        "can_hear": can_hear,
    }
    if can_write:
        context["form"] = form or AnnualSummaryForm(instance=report)
    if can_hear:
        context["hearing_form"] = hearing or HearingForm(instance=report)
    if report is not None:
        context.update(ANNUAL_DOCUMENTS.context(request, report))
    return render(request, "monitoring/annual.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def annual_page(request, pk, year):
    """The annual report of a year; a POST saves the ОМСУ's summary."""
    if request.method == "GET":
        programme = _programme(request.user, pk)
        return _annual_page(request, programme, _year(programme, year))
    programme = _programme(request.user, pk, Need.MANAGE)
    year = _year(programme, year)
    report = AnnualReport.objects.filter(programme=programme, year=year).first()
    form = AnnualSummaryForm(request.POST, instance=report)
    if form.is_valid():
        try:
            reports.annual_report_write(
                programme=programme,
                year=year,
                actor=request.user,
                summary_ru=form.cleaned_data["summary_ru"],
                summary_ky=form.cleaned_data["summary_ky"],
            )
        except ValidationError as error:
            _apply(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(_annual_url(programme.pk, year))
        else:
            messages.success(request, _("Годовой отчёт сохранён."))
            return redirect(_annual_url(programme.pk, year, "summary"))
    return _annual_page(request, programme, year, form=form, status=400)


HEARING_FIELDS = {"response_ru": "council_response_ru", "response_ky": "council_response_ky"}


@login_required
@require_POST
def annual_hearing(request, pk, year):
    programme = _programme(request.user, pk, Need.COUNCIL)
    year = _year(programme, year)
    report = get_object_or_404(AnnualReport, programme=programme, year=year)
    form = HearingForm(request.POST, instance=report)
    if form.is_valid():
        try:
            reports.annual_report_hear(
                report=report,
                actor=request.user,
                presented_on=form.cleaned_data["presented_on"],
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                response_ru=form.cleaned_data["council_response_ru"],
                response_ky=form.cleaned_data["council_response_ky"],
            )
        except ValidationError as error:
            _apply(form, _renamed(error, HEARING_FIELDS))
        else:
            messages.success(
                request,
                _(
                    "Заслушивание отчёта записано. Документы PDF на обоих языках формируются и "
                    "будут доступны жителям."
                ),
            )
            return redirect(_annual_url(programme.pk, year, "hearing"))
    return _annual_page(request, programme, year, hearing=form, status=400)
