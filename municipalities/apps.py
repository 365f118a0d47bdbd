from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "municipalities"
    verbose_name = _("Территории и участники")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_delete

        from . import pages
        from .mfa import remember_at_login
        from .middleware import seen_at_login
        from .models import User
        from .people import refuse_deleting_a_named_person

        pages.register()
        pre_delete.connect(
            refuse_deleting_a_named_person, sender=User, dispatch_uid="psep-person-named"
        )
        user_logged_in.connect(remember_at_login, dispatch_uid="psep-mfa-at-login")
        user_logged_in.connect(seen_at_login, dispatch_uid="psep-seen-at-login")
