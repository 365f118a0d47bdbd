from django.urls import path

from .views import agenda, events, materials, participants, participation, public, sheet
from .views import statistics as stats

app_name = "trainings"

urlpatterns = [
    # anyone: the events that are over, with their figures
    path("events/", public.public_list, name="public_list"),
    path("events/<int:pk>/", public.public_event, name="public_event"),
    path(
        "events/<int:pk>/materials/<int:material_pk>/",
        public.public_material,
        name="public_material",
    ),
    # a municipality's members: its participation
    path("events/m/<slug:slug>/", participation.participation, name="participation"),
    # the staff who keep events
    path("events/work/", events.event_list, name="list"),
    path("events/work/new/", events.event_new, name="new"),
    path("events/work/statistics/", stats.statistics_page, name="statistics"),
    path("events/work/statistics.xlsx", stats.statistics_export, name="statistics_export"),
    path("events/work/<int:pk>/", events.event_detail, name="detail"),
    path("events/work/<int:pk>/edit/", events.event_edit, name="edit"),
    path("events/work/<int:pk>/delete/", events.event_remove, name="delete"),
    path("events/work/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path(
        "events/work/<int:pk>/agenda/<int:item_pk>/",
        agenda.agenda_item_edit,
        name="agenda_item",
    ),
    path(
        "events/work/<int:pk>/agenda/<int:item_pk>/delete/",
        agenda.agenda_item_remove,
        name="agenda_item_delete",
    ),
    path("events/work/<int:pk>/participants/", participants.participants, name="participants"),
    path(
        "events/work/<int:pk>/participants/new/",
        participants.participant_add,
        name="participant_add",
    ),
    path(
        "events/work/<int:pk>/participants/import/",
        participants.participants_upload,
        name="participants_import",
    ),
    path(
        "events/work/<int:pk>/participants/template.xlsx",
        participants.participants_template_download,
        name="participants_template",
    ),
    path(
        "events/work/<int:pk>/participants/<int:participant_pk>/",
        participants.participant_edit,
        name="participant",
    ),
    path(
        "events/work/<int:pk>/participants/<int:participant_pk>/delete/",
        participants.participant_remove,
        name="participant_delete",
    ),
    path("events/work/<int:pk>/materials/", materials.materials, name="materials"),
    path(
        "events/work/<int:pk>/materials/<int:material_pk>/",
        materials.material_download,
        name="material",
    ),
    path(
        "events/work/<int:pk>/materials/<int:material_pk>/delete/",
        materials.material_remove,
        name="material_delete",
    ),
    path("events/work/<int:pk>/sheet/", sheet.sheet, name="sheet"),
    # asking for the sheet, its status, download and retry (the documents engine's pages)
    *sheet.SHEETS.urls(),
]
