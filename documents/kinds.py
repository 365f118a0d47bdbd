"""The kinds of document the portal renders. An app registers each of its kinds in its
`AppConfig.ready()` with `kinds.register(DocumentKind(...))`; this app never imports it.

A kind says what object it renders (`model`), how the object becomes a book of sections in one
or both languages (`book`, from the kind's own templates), who may ask for it, watch it and
download it (`can_view`), which of its finished documents anyone may download (`public`), the
name of the file people keep (`file_name`) and what makes two requests "unchanged"
(`reuse_key`, by default the SHA-256 of the whole document's HTML)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete

from common.registry import Registry

from .models import Document, DocumentLanguage


def _no_public_documents(obj) -> Q | None:
    return None


@dataclass(frozen=True)
class DocumentKind:
    key: str  # stored in each document row: never rename a kind that has documents
    model: type
    label: Any  # lazy text: what the document is ("программа развития")
    book: Callable[[Any, str], Any]  # (object, language) → documents.book.Book
    can_view: Callable[[Any, Any], bool]  # (user, object): ask for it, watch it, download it
    file_name: Callable[[Document, Any], str]  # (document, object) → an ASCII file name
    public: Callable[[Any], Q | None] = _no_public_documents  # object → filter of public ones
    languages: tuple[str, ...] = tuple(DocumentLanguage.values)
    reuse_key: Callable[[Any, str], str] | None = None  # (object, language) → a hash
    # (object id) → the object, with what the book and the permission need loaded
    load: Callable[[int], Any] | None = None
    order: int = 100
    extra: dict = field(default_factory=dict, compare=False)

    def template_names(self):
        return ()

    def get(self, object_id: int):
        if self.load is not None:
            return self.load(object_id)
        return self.model._default_manager.get(pk=object_id)


kinds: Registry[DocumentKind] = Registry("document kind")


def _forget_documents(sender, instance, **kwargs):
    """A rendered object deleted (a draft programme, say) takes its document rows with it; the
    files stay, as the files of replaced documents do."""
    for kind in kinds:
        if sender is kind.model:
            Document.objects.filter(kind=kind.key, object_id=instance.pk).delete()


def register(kind: DocumentKind) -> DocumentKind:
    """Register a kind (from the app's `ready()`); its documents go when their object does."""
    kinds.register(kind)
    post_delete.connect(_forget_documents, sender=kind.model, dispatch_uid=f"documents-{kind.key}")
    return kind


def unregister(key: str) -> None:
    kind = kinds[key]
    kinds.unregister(key)
    post_delete.disconnect(sender=kind.model, dispatch_uid=f"documents-{kind.key}")


def kind_of(document: Document) -> DocumentKind:
    return kinds[document.kind]


def kind_for(obj) -> DocumentKind:
    """The kind registered for the object's model (one kind per model)."""
    for kind in kinds:
        if isinstance(obj, kind.model):
            return kind
    raise LookupError(f"no document kind renders {type(obj).__name__}")


def documents_of(kind: DocumentKind, obj):
    return Document.objects.filter(kind=kind.key, object_id=obj.pk)
