"""The attendance sheet of an event (PDF): requesting one in Russian or Kyrgyz, watching it
being rendered, downloading it and retrying a failed one. The documents engine does the work;
these views check the person's rights on the event."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.kinds import kinds
from documents.selectors import document_of, documents_page, documents_page_number
from documents.services import document_request, document_retry

from ..documents import KIND, LANGUAGES
from ..forms import SheetRequestForm
from ..permissions import EventNeed, get_event_for
from .events import event_context
from .helpers import HTMX_STOP_POLLING, apply_validation_error


def _kind():
    return kinds[KIND]


def _page_url(event, document) -> str:
    url = reverse("trainings:sheet", kwargs={"pk": event.pk})
    query = {"language": document.language}
    number = documents_page_number(document)
    if number > 1:
        query["page"] = number
    return f"{url}?{urlencode(query)}#document-{document.pk}"


def _row(request, event, document, notice: str = "", announce: bool = False):
    return render(
        request,
        "trainings/sheet/_row.html",
        {"event": event, "document": document, "notice": notice, "announce": announce},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request, pk):
    """The event's attendance sheets with their state, and the form that asks for a new one."""
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    language = request.GET.get("language")
    if language not in LANGUAGES:
        language = get_language() if get_language() in LANGUAGES else "ru"
    form = SheetRequestForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        try:
            document = document_request(
                kind=_kind(), obj=event, language=form.cleaned_data["language"], actor=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if document.reused and document.is_pending:
                messages.info(
                    request,
                    _(
                        "Такой же лист уже ждёт в очереди или формируется: эта страница "
                        "покажет, когда он будет готов."
                    ),
                )
            elif document.reused:
                messages.info(
                    request,
                    _("Список участников не изменился: лист на этом языке уже есть."),
                )
            else:
                messages.success(
                    request,
                    _("Лист поставлен в очередь. Эта страница покажет, когда он будет готов."),
                )
            return redirect(_page_url(event, document))
    return render(
        request,
        "trainings/sheet/page.html",
        event_context(
            request,
            event,
            form=form,
            **documents_page(_kind(), event, request.GET.get("page")),
        ),
        status=400 if request.method == "POST" else 200,
    )


@transaction.non_atomic_requests  # reads only: no write lock on SQLite
@login_required
@require_GET
def sheet_status(request, pk, document_pk):
    """The row of one sheet: htmx polls it every 2 s while it is queued or being rendered."""
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    document = document_of(_kind(), event, document_pk)
    if not request.htmx:
        return redirect(_page_url(event, document))
    if document.is_pending:
        return _row(request, event, document)
    response = _row(request, event, document, announce=True)
    response.status_code = HTMX_STOP_POLLING
    return response


@transaction.non_atomic_requests  # reads only: no write lock on SQLite
@never_cache
@login_required
@require_GET
def sheet_download(request, pk, document_pk):
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    document = document_of(_kind(), event, document_pk)
    if not document.is_done:
        raise Http404(_("Документ ещё не готов."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл документа не найден.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_kind().file_name(document, event),
        content_type="application/pdf",
    )


@login_required
@require_POST
def sheet_retry(request, pk, document_pk):
    event = get_event_for(request.user, pk, EventNeed.VIEW)
    document = document_of(_kind(), event, document_pk)
    try:
        document = document_retry(document=document, obj=event, actor=request.user)
    except ValidationError as error:
        notice = " ".join(error.messages)
        if request.htmx:
            document.refresh_from_db()
            return _row(request, event, document, notice)
        messages.error(request, notice)
    else:
        if request.htmx:
            return _row(request, event, document)
        messages.success(request, _("Документ снова поставлен в очередь."))
    return redirect(_page_url(event, document))
