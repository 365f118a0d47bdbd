"""Every translated text of a programme that exists in one language only."""

from dataclasses import dataclass

from ..content import ContentKind, content_kinds, objects_of


@dataclass
class MissingText:
    kind: ContentKind
    obj: object
    field: str
    missing_lang: str  # the language without text
    text: str  # the text in the other language

    @property
    def field_label(self) -> str:
        return str(self.kind.model._meta.get_field(self.field).verbose_name)

    @property
    def object_label(self) -> str:
        return str(self.kind.model._meta.verbose_name)


def missing_count(missing: list[MissingText], lang: str) -> int:
    return sum(1 for item in missing if item.missing_lang == lang)


@dataclass
class TextCensus:
    """The programme's texts: how many are written (in at least one language) and which exist
    in one language only."""

    written: int
    missing: list[MissingText]

    def percent(self, lang: str) -> int:
        """The share of the written texts that exist in `lang`; 100 when nothing is written."""
        if not self.written:
            return 100
        return round(100 * (self.written - missing_count(self.missing, lang)) / self.written)


def text_census(programme) -> TextCensus:
    """One query per kind of content, whatever the size of the programme."""
    written = 0
    missing = []
    for kind in content_kinds():
        for obj in objects_of(kind, programme):
            for field in kind.fields:
                ru = getattr(obj, f"{field}_ru") or ""
                ky = getattr(obj, f"{field}_ky") or ""
                written += bool(ru.strip() or ky.strip())
                if ru.strip() and not ky.strip():
                    missing.append(MissingText(kind, obj, field, "ky", ru))
                elif ky.strip() and not ru.strip():
                    missing.append(MissingText(kind, obj, field, "ru", ky))
    return TextCensus(written, missing)


def missing_translations(programme) -> list[MissingText]:
    return text_census(programme).missing


def translation_percent(programme, lang: str) -> int:
    """The share of the programme's texts (written in at least one language) that exist in
    `lang`; 100 when there is no text yet."""
    return text_census(programme).percent(lang)
