from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TabbedTranslationAdmin

from .mfa import user_mfa_reset
from .models import District, Membership, Municipality, Oblast, User
from .people import deletion_refusal
from .services import user_deactivate


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
    list_display = [
        "email",
        "full_name",
        "sex",
        "is_active",
        "is_staff",
        "is_superuser",
        "has_second_factor",
    ]
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
    actions = ["deactivate", "reset_second_factor"]

    def get_actions(self, request):
        # People are deactivated, not deleted (municipalities.people): no deletion in bulk.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(
        description=_("Отключить выбранных пользователей (не смогут войти, записи останутся)"),
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                user_deactivate(user=user, actor=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, "; ".join(_messages(error)), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "Отключён %(count)d пользователь.",
                    "Отключено пользователей: %(count)d.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Сбросить второй фактор (потерян телефон): подключить заново при входе"),
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                done += user_mfa_reset(user=user, actor=request.user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
        self.message_user(
            request,
            gettext("Второй фактор сброшен у пользователей: %(count)d.") % {"count": done},
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(second_factor=Exists(enrolled))

    @admin.display(description=_("второй фактор"), boolean=True, ordering="second_factor")
    def has_second_factor(self, user) -> bool:
        return user.second_factor

    def delete_view(self, request, object_id, extra_context=None):
        """A person whom records name is not deleted: the page says why and how to
        deactivate them instead, before any confirmation."""
        user = self.get_object(request, object_id)
        refusal = deletion_refusal(user) if user is not None else None
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return redirect(reverse("admin:municipalities_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)


def _messages(error) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error)]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "oblast", "created_at"]
    list_filter = ["role", "oblast", "municipality__district__oblast"]
    search_fields = ["user__email", "user__full_name", "municipality__name_ru"]
    autocomplete_fields = ["user", "municipality"]
    list_select_related = ["user", "municipality", "oblast"]
