from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Programme


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "municipality", "start_year", "end_year", "version", "status"]
    list_filter = ["status", "municipality__district__oblast"]
    search_fields = ["title_ru", "title_ky", "municipality__name_ru"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
