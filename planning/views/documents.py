"""The programme's documents (PDF) page: requesting one, watching it being rendered, downloading
it and retrying a failed one. The documents engine does the work (its pages around a document,
documents.views); these views say who may see the programme's documents, and the page itself
takes the request, with what a programme's working group reads about it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from documents.kinds import kinds
from documents.services import document_request
from documents.views import DocumentPages, DocumentRequestForm
from municipalities.permissions import Need

from ..documents import KIND
from ..permissions import get_programme_for
from ..selectors.public import get_public_programme
from .helpers import apply_validation_error


def _page(programme) -> str:
    return reverse("planning:documents", kwargs={"pk": programme.pk})


PAGES = DocumentPages(
    kind=KIND,
    namespace="planning",
    name="document",
    route="p/<int:pk>/",
    get_object=lambda request, pk: get_programme_for(request.user, pk, need=Need.VIEW),
    object_kwargs=lambda programme: {"pk": programme.pk},
    page_url=_page,
    get_public_object=lambda pk: get_public_programme(pk),
    request_url=_page,
    url_names={"public": "public_document"},
)


@login_required
@require_http_methods(["GET", "POST"])
def documents(request, pk):
    """The programme's documents with their state, and the form that requests a new one."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    kind = kinds[KIND]
    form = None
    if request.method == "POST":
        form = DocumentRequestForm(request.POST, languages=kind.languages)
        if form.is_valid():
            try:
                document = document_request(
                    kind=kind,
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
                            "Содержание программы не изменилось: документ на этом языке уже "
                            "есть, новый не нужен."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Документ поставлен в очередь. Эта страница покажет, когда он будет "
                            "готов."
                        ),
                    )
                return redirect(PAGES.document_url(programme, document))
    return render(
        request,
        "planning/document/page.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            **PAGES.context(request, programme, form),
        },
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("p/<int:pk>/documents/", documents, name="documents"),
    *PAGES.urls(),
]
