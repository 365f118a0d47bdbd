from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """PDF documents of every kind, rendered by the Celery worker through one pipeline. This
    app knows no domain: each app registers the kinds of document it has (documents.kinds)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Документы PDF")

    def ready(self):
        # the tasks listen to the services' signal (the services never import them), and a
        # worker that starts puts back what it left unfinished
        from . import tasks

        tasks.connect()
