"""The attendance sheet (лист регистрации, каттоо баракчасы): the participants of an event with
an empty signature column for each of its days, printed in Russian or Kyrgyz through the
documents engine (documents.kinds), registered from `TrainingsConfig.ready()`.

Those who keep the event (trainings.permissions) ask for it, watch it and download it; it names
people, so none of its documents is public."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from documents import kinds
from documents.book import Book, make_book, render_sections
from documents.kinds import DocumentKind

from .models import Event, Participant
from .permissions import EventNeed, can_on_event

KIND = "attendance-sheet"
LANGUAGES = ("ru", "ky")
SECTIONS = [("sheet", gettext_lazy("Лист регистрации участников"))]
# empty rows after the participants, for those who come without being on the list
EMPTY_ROWS = 5
# from this many days on, the sheet is printed on landscape pages
WIDE_FROM_DAYS = 3


def _text(obj, name: str, lang: str) -> str:
    other = "ru" if lang == "ky" else "ky"
    return getattr(obj, f"{name}_{lang}") or getattr(obj, f"{name}_{other}") or ""


def _place(event: Event, lang: str) -> str:
    parts = []
    if event.municipality_id:
        parts.append(_text(event.municipality, "name", lang))
        village = _text(event, "village", lang)
        if village:
            parts.append(village)
    address = _text(event, "address", lang)
    if address:
        parts.append(address)
    return ", ".join(parts)


def sheet_rows(event: Event, lang: str) -> list[dict]:
    """One row per participant, alphabetically, in the language of the sheet."""
    rows = []
    participants = Participant.objects.filter(event=event).select_related("municipality")
    with translation.override(lang):
        for participant in participants.order_by("name_key", "pk"):
            if participant.municipality_id:
                where = _text(participant.municipality, "name", lang)
            else:
                where = participant.organisation
            rows.append(
                {
                    "name": participant.full_name,
                    "where": where,
                    "position": participant.position
                    or str(participant.get_position_category_display()),
                    "sex": str(participant.get_sex_display()),
                }
            )
    return rows


def sheet_book(event: Event, language: str) -> Book:
    def context(key: str, lang: str) -> dict:
        with translation.override(lang):
            kind = str(event.get_kind_display())
        return {
            "event": event,
            "event_title": _text(event, "title", lang),
            "kind": kind,
            "place": _place(event, lang),
            "organiser": _text(event, "organiser", lang),
            "days": list(enumerate(event.days, start=1)),
            "rows": sheet_rows(event, lang),
            "empty_rows": range(EMPTY_ROWS),
            "wide": len(event.days) >= WIDE_FROM_DAYS,
            "running": _text(event, "title", lang),
        }

    sections = render_sections(
        SECTIONS,
        language,
        template=lambda key: f"trainings/document/section_{key}.html",
        context=context,
    )
    return make_book(
        language=language,
        template="trainings/document/document.html",
        sections=sections,
        context={"event": event, "event_title": _text(event, "title", language)},
        is_draft=False,
    )


def file_name(document, event: Event) -> str:
    """An ASCII file name people can keep: attendance-12-2019-04-16-ky.pdf."""
    return f"attendance-{event.pk}-{event.start_date:%Y-%m-%d}-{document.language}.pdf"


def can_view(user, event: Event) -> bool:
    return can_on_event(user, event, EventNeed.VIEW)


def load(event_id: int) -> Event:
    return Event.objects.select_related("oblast", "municipality").get(pk=event_id)


def register() -> None:
    kinds.register(
        DocumentKind(
            key=KIND,
            model=Event,
            label=gettext_lazy("лист регистрации участников"),
            book=sheet_book,
            can_view=can_view,
            file_name=file_name,
            languages=LANGUAGES,
            load=load,
        )
    )
