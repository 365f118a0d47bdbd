from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "municipalities"
    verbose_name = _("Территории и участники")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save, pre_delete

        from common.pagecache import PUBLIC_LISTS, move_generation

        from . import pages
        from .mfa import remember_at_login
        from .middleware import seen_at_login
        from .models import District, Municipality, Oblast, User
        from .people import refuse_deleting_a_named_person

        pages.register()

        # the home page lists every oblast, district and municipality: it is built again
        def territory_changed(sender, **kwargs):
            move_generation(PUBLIC_LISTS)

        for model in (Oblast, District, Municipality):
            for signal in (post_save, post_delete):
                signal.connect(territory_changed, sender=model, dispatch_uid=f"psep-lists-{model}")
        pre_delete.connect(
            refuse_deleting_a_named_person, sender=User, dispatch_uid="psep-person-named"
        )
        user_logged_in.connect(remember_at_login, dispatch_uid="psep-mfa-at-login")
        user_logged_in.connect(seen_at_login, dispatch_uid="psep-seen-at-login")
