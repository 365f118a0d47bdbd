"""The administrators' view of events. Everyday work goes through the pages (and their
services); the admin is for corrections, with the history of every row."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Event, EventMaterial, EventTopic, Participant


class TopicInline(TranslationTabularInline):
    model = EventTopic
    extra = 0
    fields = ["position", "title"]


class AgendaInline(TranslationTabularInline):
    model = AgendaItem
    extra = 0
    fields = ["day", "start_time", "end_time", "position", "action", "responsible"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "oblast", "municipality"]
    list_filter = ["kind", "oblast"]
    search_fields = ["title_ru", "title_ky"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["outcome_municipalities"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [TopicInline, AgendaInline]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = [
        "full_name",
        "event",
        "sex",
        "position_category",
        "municipality",
        "organisation",
    ]
    list_filter = ["sex", "position_category", "event__kind"]
    search_fields = ["full_name", "organisation", "event__title_ru"]
    list_select_related = ["event", "municipality"]
    raw_id_fields = ["event", "user", "municipality"]
    readonly_fields = ["name_key", "person_key", "created_by", "created_at"]


@admin.register(EventMaterial)
class EventMaterialAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "event", "original_name", "is_public", "uploaded_at"]
    list_filter = ["is_public"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]
