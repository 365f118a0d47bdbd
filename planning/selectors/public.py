"""What the public page of a programme shows to anyone, logged in or not: the programme as its
document shows it (built by the same selectors), the council decision and the finished PDF
documents of an approved version, and the agreement with the population. The number of queries
does not depend on the size of the programme or the number of proposals.

The sections between the table of contents and the consultation come from
`extensions.public_sections`: planning's own (they read the page's context) and those of the
apps above, each with the data it loads."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from documents.kinds import kinds
from documents.models import Document, DocumentLanguage
from documents.selectors import public_documents as public_documents_of

from ..documents import KIND as PROGRAMME
from ..extensions import public_sections
from ..models import (
    PUBLIC_STATUSES,
    CouncilDecision,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
)
from .consultation import consultation_counts, hearings_of, proposals_page
from .documents import document_data, document_finance


def public_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "municipality__district__oblast"
    )


def get_public_programme(pk: int) -> Programme:
    """The programme if citizens may read it; 404 otherwise (a draft's existence is not
    revealed)."""
    return get_object_or_404(public_programmes(), pk=pk)


def public_documents(programme: Programme) -> list[Document]:
    """The newest downloadable PDF of each language (ru, ky, ru+ky), in that order: the
    documents `planning:public_document` serves (one query)."""
    newest: dict[str, Document] = {}
    kind = kinds[PROGRAMME]
    for document in public_documents_of(kind, programme).order_by("-finished_at", "-id"):
        newest.setdefault(document.language, document)
    return [newest[lang] for lang in DocumentLanguage.values if lang in newest]


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    template: str
    data: Any


def shown_sections(programme: Programme) -> list[ShownSection]:
    """The registered sections this programme shows, in their order, each with its data
    (loaded only for a section that is shown)."""
    return [
        ShownSection(
            section.key,
            section.title,
            section.template,
            section.data(programme) if section.data else None,
        )
        for section in public_sections
        if section.when is None or section.when(programme)
    ]


def public_page(programme: Programme, *, page_number=None) -> dict:
    """Everything the public page shows."""
    data = document_data(programme)
    is_frozen = programme.is_frozen
    newer = None
    if programme.status == ProgrammeStatus.SUPERSEDED:
        newer = public_programmes().filter(previous_version=programme).order_by("-version").first()
    return {
        **data,
        "finance": document_finance(programme),
        "is_open": programme.status == ProgrammeStatus.PUBLIC_CONSULTATION,
        "council_decision": (
            CouncilDecision.objects.filter(programme=programme).first() if is_frozen else None
        ),
        "documents": public_documents(programme) if is_frozen else [],
        "newer_version": newer,
        "counts": consultation_counts(programme),
        "proposals": proposals_page(programme, ProposalStatus.PUBLISHED, page_number),
        "hearing_totals": hearings_of(programme),
        "sections": shown_sections(programme),
    }
