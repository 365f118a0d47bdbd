from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import FROZEN_STATUSES, Programme, Sector
from .permissions import ProgrammeFrozen


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Programmes for the administrator. The status and the versions change only through the
    life-cycle services (with their checks and history); a version the council approved is
    frozen here too: it can be read, not changed, reverted or deleted."""

    list_display = ["title", "municipality", "start_year", "end_year", "version", "status"]
    list_filter = ["status", "municipality__district__oblast"]
    search_fields = ["title_ru", "title_ky", "municipality__name_ru"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["status", "version", "previous_version"]

    @staticmethod
    def _frozen(obj) -> bool:
        """As stored now (a record of the history shows an older status)."""
        if obj is None or obj.pk is None:
            return False
        return Programme.objects.filter(pk=obj.pk, status__in=FROZEN_STATUSES).exists()

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def _stored(self, request, object_id):
        return self.get_object(request, unquote(object_id)) if object_id else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self._stored(request, object_id)
        if self._frozen(obj):
            if request.method == "POST":
                raise ProgrammeFrozen()
            messages.warning(request, str(ProgrammeFrozen()))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if self._frozen(self._stored(request, object_id)):
            raise ProgrammeFrozen()
        return super().delete_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting to an older record would change a frozen version: refused."""
        if request.method == "POST" and self._frozen(self._stored(request, object_id)):
            raise ProgrammeFrozen()
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_actions(self, request):
        """The action «delete selected» refuses a selection with a frozen version, before asking."""
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            delete_selected, name, description = actions["delete_selected"]

            def guarded(modeladmin, request, queryset):
                if queryset.filter(status__in=FROZEN_STATUSES).exists():
                    raise ProgrammeFrozen()
                return delete_selected(modeladmin, request, queryset)

            actions["delete_selected"] = (guarded, name, description)
        return actions

    def delete_queryset(self, request, queryset):
        if queryset.filter(status__in=FROZEN_STATUSES).exists():
            raise ProgrammeFrozen()
        super().delete_queryset(request, queryset)


@admin.register(Sector)
class SectorAdmin(TabbedTranslationAdmin):
    """The sectors of the situation analysis: the administrator can add and reorder them."""

    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name_ru", "name_ky"]
