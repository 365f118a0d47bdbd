"""What the pages that list documents show: the documents of one object (newest first, a page
at a time), where a document is in that list, and which of them anyone may download."""

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from .kinds import DocumentKind, documents_of
from .models import Document, DocumentStatus

DOCUMENTS_PER_PAGE = 20


def documents_page_number(document: Document, per_page: int = DOCUMENTS_PER_PAGE) -> int:
    """The page of its object's list (newest first) that shows the document (one query)."""
    newer = Document.objects.filter(kind=document.kind, object_id=document.object_id).filter(
        Q(requested_at__gt=document.requested_at)
        | Q(requested_at=document.requested_at, id__gt=document.pk)
    )
    return newer.count() // per_page + 1


def public_documents(kind: DocumentKind, obj) -> QuerySet[Document]:
    """The finished documents of `obj` that anyone may download (the kind says which)."""
    which = kind.public(obj)
    if which is None:
        return Document.objects.none()
    return documents_of(kind, obj).filter(which, status=DocumentStatus.DONE)


def public_document_ids(kind: DocumentKind, obj) -> set[int]:
    return set(public_documents(kind, obj).values_list("pk", flat=True))


def documents_page(
    kind: DocumentKind, obj, page_number=None, per_page: int = DOCUMENTS_PER_PAGE
) -> dict:
    """A page of the object's documents, newest first, with who asked for them and which of
    them anyone may download."""
    page = Paginator(documents_of(kind, obj).select_related("requested_by"), per_page).get_page(
        page_number
    )
    return {
        "documents": page.object_list,
        "page": page,
        "public_ids": public_document_ids(kind, obj),
    }


def document_of(kind: DocumentKind, obj, document_pk: int) -> Document:
    """A document of this object only: another object's document id is a 404."""
    document = documents_of(kind, obj).filter(pk=document_pk).first()
    if document is None:
        raise Http404("no such document")
    return document


def public_document(kind: DocumentKind, obj, document_pk: int) -> Document:
    """A public document of this object, or 404 (whether the object or the document exists is
    not revealed otherwise)."""
    document = public_documents(kind, obj).filter(pk=document_pk).first()
    if document is None:
        raise Http404("no such public document")
    return document
