from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"
    verbose_name = _("Тренинги и обмен опытом")

    def ready(self):
        from . import documents, pages

        pages.register()  # the menu, the municipalities' pages, the records naming a person
        documents.register()  # the attendance sheet
