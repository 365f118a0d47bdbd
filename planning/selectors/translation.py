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


def missing_translations(programme) -> list[MissingText]:
    """One query per kind of content, whatever the size of the programme."""
    missing = []
    for kind in content_kinds():
        for obj in objects_of(kind, programme):
            for field in kind.fields:
                ru = getattr(obj, f"{field}_ru") or ""
                ky = getattr(obj, f"{field}_ky") or ""
                if ru.strip() and not ky.strip():
                    missing.append(MissingText(kind, obj, field, "ky", ru))
                elif ky.strip() and not ru.strip():
                    missing.append(MissingText(kind, obj, field, "ru", ky))
    return missing


def missing_count(missing: list[MissingText], lang: str) -> int:
    return sum(1 for item in missing if item.missing_lang == lang)


def translation_percent(programme, lang: str) -> int:
    """The share of the programme's texts (written in at least one language) that exist in
    `lang`; 100 when there is no text yet. One query per kind of content."""
    written = present = 0
    for kind in content_kinds():
        for obj in objects_of(kind, programme):
            for field in kind.fields:
                ru = (getattr(obj, f"{field}_ru") or "").strip()
                ky = (getattr(obj, f"{field}_ky") or "").strip()
                if ru or ky:
                    written += 1
                    present += bool(ru if lang == "ru" else ky)
    return round(100 * present / written) if written else 100
