"""The programme document: the whole programme as a PDF in Russian, Kyrgyz or both, the first
kind of document of the documents engine (documents.kinds), registered from
`PlanningConfig.ready()`.

Its title page carries the approval blocks (СОГЛАСОВАНО — the chair of the council, УТВЕРЖДАЮ —
the head of the executive) and, once the council approved the version, its decision; every
version not yet approved is marked as a draft. Its sections are the sections of the programme,
each from the same selectors as the web pages, from templates/planning/document/."""

from typing import NamedTuple

from django.db.models import Q, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import kinds
from documents.book import Book, make_book, render_sections
from documents.kinds import DocumentKind
from documents.models import DocumentLanguage
from municipalities.models import Municipality
from municipalities.permissions import Need, can

from .models import CouncilDecision, Programme
from .selectors.documents import document_consultation, document_data, document_finance

KIND = "programme"


class SectionSpec(NamedTuple):
    key: str  # its template: templates/planning/document/section_<key>.html
    title: object  # lazy: translated in the language of the section


SECTIONS = [
    SectionSpec("passport", gettext_lazy("Паспорт муниципалитета")),
    SectionSpec("analysis", gettext_lazy("Анализ текущей ситуации по сферам")),
    SectionSpec("swot", gettext_lazy("SWOT-анализ")),
    SectionSpec("vision", gettext_lazy("Видение и общая цель")),
    SectionSpec("strategy", gettext_lazy("Направления развития, цели и задачи")),
    SectionSpec("plan", gettext_lazy("План мероприятий")),
    SectionSpec("joint", gettext_lazy("План совместных действий ОМСУ и населения (ПСД)")),
    SectionSpec("indicators", gettext_lazy("План мониторинга и оценки: индикаторы")),
    SectionSpec("finance", gettext_lazy("Финансовая модель")),
    SectionSpec("workgroup", gettext_lazy("Рабочая группа")),
    SectionSpec("consultation", gettext_lazy("Итоги обсуждения с населением")),
]


def _signatories(municipality) -> tuple[str, str]:
    """Who signs the title page: the chair of the council ("СОГЛАСОВАНО") and the head of the
    executive ("УТВЕРЖДАЮ"), in the active language."""
    if municipality.kind == Municipality.Kind.TOWN:
        return _("Председатель городского кенеша"), _("Мэр города")
    return _("Председатель айылного кенеша"), _("Глава айыл окмоту")


def _decision_text(decision: CouncilDecision | None, municipality) -> str:
    """«Утверждена решением айылного кенеша № 12 от 28.05.2019», in the active language."""
    if decision is None:
        return ""
    values = {"number": decision.number, "date": f"{decision.date:%d.%m.%Y}"}
    if municipality.kind == Municipality.Kind.TOWN:
        return _("Утверждена решением городского кенеша № %(number)s от %(date)s") % values
    return _("Утверждена решением айылного кенеша № %(number)s от %(date)s") % values


def _title_texts(programme: Programme, lang: str, decision: CouncilDecision | None) -> dict:
    """What the title page says in one language."""
    municipality = programme.municipality
    with translation.override(lang):
        title = getattr(programme, f"title_{lang}") or programme.title_ru or programme.title_ky
        council_chair, head = _signatories(municipality)
        return {
            "lang": lang,
            "acronym": _("ПСЭР"),
            "oblast": municipality.district.oblast.name,
            "district": municipality.district.name,
            "municipality": municipality.name,
            "title": title,
            "agreed": _("СОГЛАСОВАНО"),
            "approve": _("УТВЕРЖДАЮ"),
            "council_chair": council_chair,
            "head": head,
            "period": f"{_('Период')}: {programme.start_year}–{programme.end_year}",
            "version": f"{_('Версия')} {programme.version} · {programme.get_status_display()}",
            "decision": _decision_text(decision, municipality),
            "session": decision.session if decision is not None else "",
        }


def council_decision_of(programme: Programme) -> CouncilDecision | None:
    """The council decision the title page shows: only for a version the council approved."""
    if not programme.is_frozen:
        return None
    return CouncilDecision.objects.filter(programme=programme).first()


def programme_book(programme: Programme, language: str) -> Book:
    """The title page, the contents and every section of the programme, each section rendered
    in its own language (for ru+ky first in Russian, then in Kyrgyz)."""
    languages = DocumentLanguage.languages(language)
    data = document_data(programme)
    decision = council_decision_of(programme)
    consultation = document_consultation(programme)

    def context(key: str, lang: str) -> dict:
        extra = {}
        if key == "finance":
            extra["finance"] = document_finance(programme)
        elif key == "consultation":
            extra["consultation"] = consultation
        # called in the section's language: its running header names the municipality in it
        return {**data, **extra, "running": programme.municipality.name}

    sections = render_sections(
        SECTIONS,
        language,
        template=lambda key: f"planning/document/section_{key}.html",
        context=context,
    )
    texts = [_title_texts(programme, lang, decision) for lang in languages]
    # what the title page says once for all languages ("A / B", or "A" where both say the same)
    both = {
        key: " / ".join(dict.fromkeys(str(t[key]) for t in texts)) for key in ("agreed", "approve")
    }
    both["council_chair"] = list(dict.fromkeys(str(t["council_chair"]) for t in texts))
    both["head"] = list(dict.fromkeys(str(t["head"]) for t in texts))
    return make_book(
        language=language,
        template="planning/document/document.html",
        sections=sections,
        context={
            **data,
            "texts": texts,
            "both": both,
            "first": texts[0],
            "running": texts[0]["municipality"],
            "decision": decision,
        },
        # anything the council has not approved yet is a draft (проект)
        is_draft=not programme.is_frozen,
    )


def file_name(document, programme: Programme) -> str:
    """An ASCII file name people can keep: psep-kok-zhar-2020-2024-v1-ru.pdf."""
    language = document.language.replace("+", "-")
    return (
        f"psep-{programme.municipality.slug}-{programme.start_year}-{programme.end_year}"
        f"-v{programme.version}-{language}.pdf"
    )


def can_view(user, programme: Programme) -> bool:
    """Drafts' documents: members of the municipality and reviewers of its oblast."""
    return can(user, programme.municipality, Need.VIEW)


def public(programme: Programme) -> Q | None:
    """Anyone may download the documents of a version the council approved (approved, in
    implementation or superseded) that were rendered once the decision was recorded, so that
    they carry the decision on their title page and no draft mark."""
    if not programme.is_frozen:
        return None
    recorded = CouncilDecision.objects.filter(programme_id=programme.pk).values("recorded_at")
    return Q(started_at__gte=Subquery(recorded[:1]))


def load(programme_id: int) -> Programme:
    return Programme.objects.select_related("municipality__district__oblast").get(pk=programme_id)


def register() -> None:
    kinds.register(
        DocumentKind(
            key=KIND,
            model=Programme,
            label=gettext_lazy("программа социально-экономического развития"),
            book=programme_book,
            can_view=can_view,
            file_name=file_name,
            public=public,
            load=load,
        )
    )
