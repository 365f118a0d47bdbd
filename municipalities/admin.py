from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import District, Membership, Municipality, Oblast, User


@admin.register(Oblast)
class OblastAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "position", "slug"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_ru"]}


@admin.register(District)
class DistrictAdmin(TabbedTranslationAdmin):
    list_display = ["name", "oblast", "slug"]
    list_filter = ["oblast"]
    search_fields = ["name_ru", "name_ky"]
    list_select_related = ["oblast"]


@admin.register(Municipality)
class MunicipalityAdmin(TabbedTranslationAdmin):
    list_display = ["name", "district", "kind", "is_target"]
    list_filter = ["kind", "is_target", "district__oblast"]
    search_fields = ["name_ru", "name_ky", "slug"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "sex", "is_active", "is_staff", "is_superuser"]
    list_filter = ["is_active", "is_staff", "is_superuser", "sex", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Личные данные"), {"fields": ["full_name", "sex", "position"]}),
        (
            _("Права"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Даты"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "sex", "password1", "password2"],
            },
        )
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "oblast", "created_at"]
    list_filter = ["role", "oblast", "municipality__district__oblast"]
    search_fields = ["user__email", "user__full_name", "municipality__name_ru"]
    autocomplete_fields = ["user", "municipality"]
    list_select_related = ["user", "municipality", "oblast"]
