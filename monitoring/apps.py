from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """The implementation of an approved programme: its joint monitoring and evaluation group
    (ГСМиО), reporting periods, indicator actuals, activity progress and spending, and the
    roll-up of them. It sits on top of planning and fills planning's extension points; planning
    never imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Мониторинг")

    def ready(self):
        from . import documents, pages, signals

        signals.connect()
        pages.register()
        documents.register()
