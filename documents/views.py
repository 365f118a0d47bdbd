"""The pages around an object's documents, the same for every kind: the form that asks for a
document in a language, the list of the object's documents (each row polled by htmx while it is
being rendered), the download, the retry of a failed one and the public download. An app mounts
them for a kind with `DocumentPages(...).urls()` and shows the form and the list on a page of
its own (`documents/_documents.html`); the app says who may see the object (`get_object`, which
raises for the others) and where its page is (`page_url`)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .kinds import DocumentKind, kinds
from .models import Document, DocumentLanguage
from .selectors import (
    document_of,
    documents_page,
    documents_page_number,
    public_document,
    public_document_ids,
)
from .services import document_request, document_retry

# htmx stops polling an element whose request is answered with this status
HTMX_STOP_POLLING = 286


class DocumentRequestForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Язык документа"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Выберите язык документа."),
            "invalid_choice": gettext_lazy("Выберите язык документа из предложенных."),
        },
    )

    def __init__(self, *args, languages=tuple(DocumentLanguage.values), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(DocumentLanguage.choices)
        field = self.fields["language"]
        field.choices = [(value, labels[value]) for value in languages]
        # what a wrong choice says names the languages offered
        if set(languages) == set(DocumentLanguage.values):
            field.error_messages["invalid_choice"] = gettext_lazy(
                "Выберите язык документа: русский, кыргызский или оба."
            )
        elif set(languages) == {DocumentLanguage.RU, DocumentLanguage.KY}:
            field.error_messages["invalid_choice"] = gettext_lazy(
                "Выберите язык документа: русский или кыргызский."
            )


@dataclass(frozen=True)
class DocumentPages:
    kind: str  # the key of the kind (documents.kinds)
    namespace: str  # the URL namespace of the app that mounts the pages
    name: str  # the prefix of the URL names: <name>_request, <name>_status, …
    route: str  # the object's route, e.g. "p/<int:pk>/monitoring/reports/<int:report_pk>/"
    # (request, **the route's kwargs) → the object, if the person may see its documents;
    # raises PermissionDenied or Http404 otherwise
    get_object: Callable[..., Any]
    # the object → the route's kwargs
    object_kwargs: Callable[[Any], dict]
    # the object → the page that shows its documents (the form and the list)
    page_url: Callable[[Any], str]
    # (**the route's kwargs) → the object when anyone may download its public documents, else
    # Http404; None: the kind has no public download
    get_public_object: Callable[..., Any] | None = None
    # the object → where the request form posts, when the object's page takes the request
    # itself (then no route of its own is added)
    request_url: Callable[[Any], str] | None = None
    # URL names other than <name>_<view>, for a page whose addresses are older than these views
    url_names: dict[str, str] = field(default_factory=dict)

    @property
    def the_kind(self) -> DocumentKind:
        return kinds[self.kind]

    def _name(self, view: str) -> str:
        return self.url_names.get(view, f"{self.name}_{view}")

    def _url(self, view: str, obj, **extra) -> str:
        return reverse(
            f"{self.namespace}:{self._name(view)}", kwargs={**self.object_kwargs(obj), **extra}
        )

    def document_url(self, obj, document: Document) -> str:
        """The object's page at the document: the page of the list it is on, its language chosen
        in the form again."""
        query = {"language": document.language}
        number = documents_page_number(document)
        if number > 1:
            query["page"] = number
        return f"{self.page_url(obj)}?{urlencode(query)}#document-{document.pk}"

    def links(self, obj, document: Document, public_ids=frozenset()) -> dict[str, str]:
        pk = document.pk
        links = {
            "status": self._url("status", obj, document_pk=pk),
            "download": self._url("download", obj, document_pk=pk),
            "retry": self._url("retry", obj, document_pk=pk),
            "page": self.page_url(obj),
        }
        if self.get_public_object is not None and pk in public_ids:
            links["public"] = self._url("public", obj, document_pk=pk)
        return links

    # --- what the page of the object shows ------------------------------------------------------

    def context(self, request, obj, form: DocumentRequestForm | None = None) -> dict:
        """The form and a page of the object's documents, for `documents/_documents.html`."""
        kind = self.the_kind
        language = request.GET.get("language")
        if language not in kind.languages:
            language = get_language() if get_language() in kind.languages else kind.languages[0]
        listing = documents_page(kind, obj, request.GET.get("page"))
        for document in listing["documents"]:
            document.links = self.links(obj, document, listing["public_ids"])
        return {
            "document_form": form
            or DocumentRequestForm(languages=kind.languages, initial={"language": language}),
            "document_request_url": (
                self.request_url(obj) if self.request_url else self._url("request", obj)
            ),
            "document_kind": kind,
            **listing,
        }

    # --- the views --------------------------------------------------------------------------------

    def _row(self, request, obj, document, notice: str = "", announce: bool = False):
        document.links = self.links(
            obj, document, self._public_ids(obj) if document.is_done else frozenset()
        )
        return render(
            request,
            "documents/_row.html",
            {"document": document, "notice": notice, "announce": announce},
        )

    def _public_ids(self, obj) -> set[int]:
        return public_document_ids(self.the_kind, obj)

    def request_view(self, request, **kwargs):
        """Ask for a document; the answer is the object's page at the document."""
        obj = self.get_object(request, **kwargs)
        kind = self.the_kind
        form = DocumentRequestForm(request.POST, languages=kind.languages)
        if not form.is_valid():
            for error in form.errors.get("language", []):
                messages.error(request, error)
            return redirect(f"{self.page_url(obj)}#documents")
        try:
            document = document_request(
                kind=kind, obj=obj, language=form.cleaned_data["language"], actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(f"{self.page_url(obj)}#documents")
        if document.reused and document.is_pending:
            messages.info(
                request,
                _(
                    "Такой же документ уже ждёт в очереди или формируется: эта страница покажет, "
                    "когда он будет готов."
                ),
            )
        elif document.reused:
            messages.info(
                request,
                _("Содержание не изменилось: документ на этом языке уже есть, новый не нужен."),
            )
        else:
            messages.success(
                request,
                _("Документ поставлен в очередь. Эта страница покажет, когда он будет готов."),
            )
        return redirect(self.document_url(obj, document))

    def status_view(self, request, document_pk, **kwargs):
        """The row of one document: htmx polls it every 2 s while it is queued or rendered."""
        obj = self.get_object(request, **kwargs)
        document = document_of(self.the_kind, obj, document_pk)
        if not request.htmx:
            return redirect(self.document_url(obj, document))
        if document.is_pending:
            return self._row(request, obj, document)
        # finished: screen readers are told, and htmx stops polling on status 286
        response = self._row(request, obj, document, announce=True)
        response.status_code = HTMX_STOP_POLLING
        return response

    def _file(self, document: Document, obj) -> FileResponse:
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("Файл документа не найден.")) from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=self.the_kind.file_name(document, obj),
            content_type="application/pdf",
        )

    def download_view(self, request, document_pk, **kwargs):
        obj = self.get_object(request, **kwargs)
        document = document_of(self.the_kind, obj, document_pk)
        if not document.is_done:
            raise Http404(_("Документ ещё не готов."))
        return self._file(document, obj)

    def retry_view(self, request, document_pk, **kwargs):
        obj = self.get_object(request, **kwargs)
        document = document_of(self.the_kind, obj, document_pk)
        try:
            document = document_retry(document=document, obj=obj, actor=request.user)
        except ValidationError as error:
            notice = " ".join(error.messages)
            if request.htmx:
                document.refresh_from_db()
                return self._row(request, obj, document, notice)
            messages.error(request, notice)
        else:
            if request.htmx:
                return self._row(request, obj, document)
            messages.success(request, _("Документ снова поставлен в очередь."))
        return redirect(self.document_url(obj, document))

    def public_view(self, request, document_pk, **kwargs):
        """A public document, for anyone, without logging in. A finished document never changes:
        its SHA-256 is its ETag, and a browser that holds it gets a 304 without the file."""
        obj = self.get_public_object(**kwargs)
        document = public_document(self.the_kind, obj, document_pk)
        etag = f'"{document.sha256}"' if document.sha256 else None
        if etag:
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                not_modified["ETag"] = etag
                return not_modified
        response = self._file(document, obj)
        if etag:
            response["ETag"] = etag
            patch_cache_control(response, no_cache=True)
        return response

    def urls(self) -> list:
        reads = transaction.non_atomic_requests  # no write lock on SQLite
        route = self.route
        patterns = [
            path(
                f"{route}documents/<int:document_pk>/status/",
                reads(login_required(require_GET(self.status_view))),
                name=self._name("status"),
            ),
            path(
                f"{route}documents/<int:document_pk>/download/",
                reads(never_cache(login_required(require_GET(self.download_view)))),
                name=self._name("download"),
            ),
            path(
                f"{route}documents/<int:document_pk>/retry/",
                login_required(require_POST(self.retry_view)),
                name=self._name("retry"),
            ),
        ]
        if self.request_url is None:
            patterns.append(
                path(
                    f"{route}documents/",
                    login_required(require_POST(self.request_view)),
                    name=self._name("request"),
                )
            )
        if self.get_public_object is not None:
            patterns.append(
                path(
                    f"public/{route}documents/<int:document_pk>/download/",
                    reads(require_GET(self.public_view)),
                    name=self._name("public"),
                )
            )
        return patterns
