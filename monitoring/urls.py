"""The addresses of monitoring's pages."""

from django.urls import path

from .views import reports
from .views.entry import (
    actual_save,
    evidence,
    frequency,
    group_page,
    group_scan,
    indicator_chart,
    member_delete,
    my_groups,
    overview,
    period_close,
    period_export_view,
    period_import_view,
    period_page,
    period_reopen,
    period_submit,
    progress_save,
)
from .views.opendata import open_data_page, open_file, package

P = "p/<int:pk>/monitoring/"
PERIOD = f"{P}periods/<int:period_pk>/"

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", my_groups, name="my_groups"),
    path(P, overview, name="overview"),
    path(f"{P}frequency/", frequency, name="frequency"),
    path(PERIOD, period_page, name="period"),
    path(f"{PERIOD}indicators/<int:indicator_pk>/", actual_save, name="actual"),
    path(f"{PERIOD}activities/<int:activity_pk>/", progress_save, name="progress"),
    path(f"{PERIOD}submit/", period_submit, name="period_submit"),
    path(f"{PERIOD}close/", period_close, name="period_close"),
    path(f"{PERIOD}reopen/", period_reopen, name="period_reopen"),
    path(f"{PERIOD}export/", period_export_view, name="period_export"),
    path(f"{PERIOD}import/", period_import_view, name="period_import"),
    path(f"{P}evidence/<int:actual_pk>/", evidence, name="evidence"),
    path(f"{P}indicators/<int:indicator_pk>/", indicator_chart, name="indicator"),
    path("m/<slug:slug>/monitoring-group/", group_page, name="group"),
    path(
        "m/<slug:slug>/monitoring-group/members/<int:member_pk>/delete/",
        member_delete,
        name="member_delete",
    ),
    path("m/<slug:slug>/monitoring-group/decision/", group_scan, name="group_scan"),
    # the open data of approved programmes, for anyone
    path("open-data/", open_data_page, name="opendata"),
    path("open-data/datapackage.json", package, name="opendata_package"),
    path("open-data/<str:file_name>", open_file, name="opendata_file"),
    path("open-data/m/<slug:slug>/datapackage.json", package, name="opendata_m_package"),
    path("open-data/m/<slug:slug>/<str:file_name>", open_file, name="opendata_m_file"),
    # the reports of the implementation and their documents
    path(f"{P}reports/", reports.reports_list, name="reports"),
    path(f"{PERIOD}report/", reports.report_page, name="report"),
    path(f"{PERIOD}report/presentation/", reports.report_present, name="report_present"),
    path(f"{PERIOD}report/response/", reports.report_response, name="report_response"),
    path(f"{P}years/<int:year>/report/", reports.annual_page, name="annual"),
    path(f"{P}years/<int:year>/report/hearing/", reports.annual_hearing, name="annual_hearing"),
    *reports.PERIOD_DOCUMENTS.urls(),
    *reports.ANNUAL_DOCUMENTS.urls(),
]
