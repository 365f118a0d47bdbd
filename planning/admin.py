from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Programme, Sector


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "municipality", "start_year", "end_year", "version", "status"]
    list_filter = ["status", "municipality__district__oblast"]
    search_fields = ["title_ru", "title_ky", "municipality__name_ru"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(Sector)
class SectorAdmin(TabbedTranslationAdmin):
    """The sectors of the situation analysis: the administrator can add and reorder them."""

    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name_ru", "name_ky"]
