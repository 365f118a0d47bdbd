from modeltranslation.translator import TranslationOptions, register

from .models import District, Municipality, Oblast


@register(Oblast)
class OblastTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ru", "ky")


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ru", "ky")


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ru", "ky")
