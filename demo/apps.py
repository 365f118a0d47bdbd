from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (files with Russian and Kyrgyz side by side) and the loader that puts them
    into the portal through the same services as the pages. It sits on top of every other app:
    none of them imports it."""

    name = "demo"
    verbose_name = "Demo data"
