from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Programme


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title",)


# History is registered after the translation fields exist, so that the historical model
# gets title_ru / title_ky too (django-simple-history with django-modeltranslation).
register_history(Programme)
