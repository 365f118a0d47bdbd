"""Texts that citizens read exist in Russian and Kyrgyz (django-modeltranslation).

The parts of a programme say which of their fields are translated and whether their history is
kept (planning.parts); both are registered here, the history after the translation fields exist
so that it keeps both languages. The sectors are a list the administrator keeps, not a part of
a programme."""

from modeltranslation.translator import TranslationOptions, translator

from .models import Sector
from .parts import register_translations_and_history


class SectorTranslation(TranslationOptions):
    fields = ("name",)


translator.register(Sector, SectorTranslation)
register_translations_and_history("planning")
