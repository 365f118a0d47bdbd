from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = _("Программы развития")

    def ready(self):
        from . import documents, pages, signals, tasks
        from .models import Programme
        from .parts import check_parts
        from .selectors.versions import SECTION_TITLES

        check_parts(Programme, SECTION_TITLES)
        signals.connect()
        pages.register()
        documents.register()
        tasks.connect()  # the e-mails of the life-cycle are sent by the worker
