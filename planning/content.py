"""Where the translated texts of a programme live: the parts that hold the programme's own
texts (planning.parts), their fields in both languages, and the page where each is edited.
Used by the completeness checks, the translation page and its service."""

from django.utils.translation import gettext_lazy as _

from .models import Section
from .parts import Part, parts

# The page of the portal where the texts of each section are written, and its name.
SECTION_PAGES = {
    Section.WORKGROUP: ("planning:workgroup", _("Рабочая группа")),
    Section.PASSPORT: ("planning:passport", _("Паспорт")),
    Section.ANALYSIS: ("planning:analysis", _("Анализ ситуации")),
    Section.SWOT: ("planning:swot", _("SWOT")),
    Section.VISION: ("planning:vision", _("Видение и общая цель")),
    Section.PLAN: ("planning:plan", _("План мероприятий")),
    Section.INDICATORS: ("planning:indicators", _("Индикаторы")),
    Section.FINANCE: ("planning:finance", _("Финансовая модель")),
}


class ContentKind:
    """One part with texts in both languages, as the translation page lists it."""

    def __init__(self, part: Part):
        self.part = part
        self.model = part.model
        self.fields = part.translated
        self.key = part.key
        self.section, self.section_label = SECTION_PAGES[part.section]


def content_kinds() -> list[ContentKind]:
    """The parts that are the programme's own text (not the comments, proposals or hearings
    around it) and have translated fields, in the order of the programme."""
    return [ContentKind(part) for part in parts() if part.is_content and part.translated]


def content_kind(key: str) -> ContentKind | None:
    return next((kind for kind in content_kinds() if kind.key == key), None)


def objects_of(kind: ContentKind, programme):
    return kind.model.objects.filter(**{kind.part.lookup: programme.pk})
