"""The programme's documents (PDF) page: requesting one, watching it being rendered, downloading
it and retrying a failed one. The documents engine (documents) does the work; these views check
the person's rights on the programme and render the page."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.kinds import kinds
from documents.models import Document, DocumentLanguage
from documents.selectors import (
    document_of,
    documents_page,
    documents_page_number,
    public_document_ids,
)
from documents.selectors import public_document as public_document_of
from documents.services import document_request, document_retry
from municipalities.permissions import Need

from ..documents import KIND
from ..permissions import get_programme_for
from ..selectors.public import get_public_programme
from .helpers import apply_validation_error

# htmx stops polling an element whose request is answered with this status
HTMX_STOP_POLLING = 286


class DocumentRequestForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Язык документа"),
        choices=DocumentLanguage.choices,
        initial=DocumentLanguage.RU,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Выберите язык документа."),
            "invalid_choice": gettext_lazy("Выберите язык документа: русский, кыргызский или оба."),
        },
    )


def _page_url(programme, document) -> str:
    """The documents page at a document: the page of the list it is on, with its language
    chosen in the form again."""
    url = reverse("planning:documents", kwargs={"pk": programme.pk})
    query = {"language": document.language}
    number = documents_page_number(document)
    if number > 1:
        query["page"] = number
    return f"{url}?{urlencode(query)}#document-{document.pk}"


def _kind():
    return kinds[KIND]


def _row(request, programme, document, notice: str = "", announce: bool = False):
    return render(
        request,
        "planning/document/_row.html",
        {
            "programme": programme,
            "document": document,
            "notice": notice,
            "announce": announce,
            "public_ids": public_document_ids(_kind(), programme) if document.is_done else set(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def documents(request, pk):
    """The programme's documents with their state, and the form that requests a new one."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    # the language just asked for, else the page's: the likely language of the document
    language = request.GET.get("language")
    if language not in DocumentLanguage.values:
        language = get_language() or DocumentLanguage.RU
    form = DocumentRequestForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        try:
            document = document_request(
                kind=_kind(),
                obj=programme,
                language=form.cleaned_data["language"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if document.reused and document.is_pending:
                messages.info(
                    request,
                    _(
                        "Такой же документ уже ждёт в очереди или формируется: эта страница "
                        "покажет, когда он будет готов."
                    ),
                )
            elif document.reused:
                messages.info(
                    request,
                    _(
                        "Содержание программы не изменилось: документ на этом языке уже есть, "
                        "новый не нужен."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Документ поставлен в очередь. Эта страница покажет, когда он будет готов."),
                )
            return redirect(_page_url(programme, document))
    return render(
        request,
        "planning/document/page.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "form": form,
            **documents_page(_kind(), programme, request.GET.get("page")),
        },
        status=400 if request.method == "POST" else 200,
    )


@transaction.non_atomic_requests  # reads only: no write lock on SQLite
@login_required
@require_GET
def document_status(request, pk, document_pk):
    """The row of one document: htmx polls it every 2 s while the document is queued or being
    rendered (the row it returns for a finished document does not poll any more)."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    document = document_of(_kind(), programme, document_pk)
    if not request.htmx:
        return redirect(_page_url(programme, document))
    if document.is_pending:
        return _row(request, programme, document)
    # finished: screen readers are told, and htmx stops polling on status 286
    response = _row(request, programme, document, announce=True)
    response.status_code = HTMX_STOP_POLLING
    return response


def _file_response(document: Document, programme) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл документа не найден.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_kind().file_name(document, programme),
        content_type="application/pdf",
    )


@transaction.non_atomic_requests  # reads only: no write lock on SQLite
@never_cache
@login_required
@require_GET
def document_download(request, pk, document_pk):
    """Any document of a programme the person may read (drafts too)."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    document = document_of(_kind(), programme, document_pk)
    if not document.is_done:
        raise Http404(_("Документ ещё не готов."))
    return _file_response(document, programme)


@transaction.non_atomic_requests  # reads only: no write lock on SQLite
@require_GET
def public_document(request, pk, document_pk):
    """A document of a version the council approved, for anyone, without logging in."""
    programme = get_public_programme(pk)
    return _file_response(public_document_of(_kind(), programme, document_pk), programme)


@login_required
@require_POST
def document_retry_view(request, pk, document_pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    document = document_of(_kind(), programme, document_pk)
    try:
        document = document_retry(document=document, obj=programme, actor=request.user)
    except ValidationError as error:
        notice = " ".join(error.messages)
        if request.htmx:
            document.refresh_from_db()
            return _row(request, programme, document, notice)
        messages.error(request, notice)
    else:
        if request.htmx:
            return _row(request, programme, document)
        messages.success(request, _("Документ снова поставлен в очередь."))
    return redirect(_page_url(programme, document))


urlpatterns = [
    path("p/<int:pk>/documents/", documents, name="documents"),
    path(
        "p/<int:pk>/documents/<int:document_pk>/status/",
        document_status,
        name="document_status",
    ),
    path(
        "p/<int:pk>/documents/<int:document_pk>/download/",
        document_download,
        name="document_download",
    ),
    path(
        "public/p/<int:pk>/documents/<int:document_pk>/download/",
        public_document,
        name="public_document",
    ),
    path(
        "p/<int:pk>/documents/<int:document_pk>/retry/",
        document_retry_view,
        name="document_retry",
    ),
]
