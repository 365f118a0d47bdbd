from django.apps import AppConfig


class ExtensionAppConfig(AppConfig):
    """An app above `planning`, as monitoring and trainings are: a model of a programme with
    its declaration, what it adds to the pages that `planning` and `municipalities` own, and a
    kind of document of its own."""

    name = "tests.extension_app"
    label = "extension_app"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import documents

        documents.register()
