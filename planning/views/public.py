"""The public page of a programme (no login): the programme in the page language, the council
decision and the PDF documents of an approved version, the published proposals with their
answers and the hearings; while the programme is in public consultation, the form where a
citizen sends a proposal. Drafts are not revealed: their address is a 404."""

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from common.network import cross_site
from common.pagecache import cached_page

from ..forms.consultation import ProposalForm
from ..models import ProgrammeStatus, PublicHearing, Village
from ..selectors.public import get_public_page_programme, get_public_programme, public_page
from ..services.consultation import (
    ProposalRateLimited,
    client_address,
    client_hash,
    proposal_submit,
)
from ..services.public import public_revision
from ..services.uploads import scan_content_type
from .helpers import apply_validation_error


def _village_label(village) -> str:
    lang = get_language() or "ru"
    other = "ky" if lang == "ru" else "ru"
    return getattr(village, f"name_{lang}", "") or getattr(village, f"name_{other}", "") or ""


def _public_url(programme) -> str:
    return reverse("planning:public", kwargs={"pk": programme.pk})


def _thanks() -> str:
    return _(
        "Спасибо! Ваше предложение получено. Оно появится на этой странице после проверки "
        "рабочей группой (модерации), вместе с ответом рабочей группы."
    )


# The thanks is shown where the person's eyes are, at the form they just sent (the page is
# long: a message at its top would be far out of sight), and not in the list at the top.
SENT_TAG = "in-place proposal-sent"


def _sent(request, programme):
    messages.success(request, _thanks(), extra_tags=SENT_TAG)
    return redirect(_public_url(programme) + "#proposal-sent")


def _render(request, programme, form=None, status=200):
    data = public_page(programme, page_number=request.GET.get("page"))
    if form is None and data["is_open"]:
        form = ProposalForm(villages=data["villages"], village_label=_village_label)
    return render(
        request,
        "planning/public/programme.html",
        {**data, "form": form},
        status=status,
    )


# Reading the page takes no transaction (on the embedded default's SQLite, one would take the
# write lock); sending a proposal takes one of its own. The proposal form holds no CSRF token,
# so that the page in public consultation — the one shared in the villages — is kept in the
# cache like the others: a proposal another site's page tries to send through a visitor's
# browser is refused by its origin instead (common.network.cross_site). Nothing else is at
# stake: the form takes no session, and a proposal is published only after moderation.
@csrf_exempt
@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
def public(request, pk):
    if request.method == "GET":
        # kept in the cache for readers without a session (common.pagecache), under the
        # programme's public revision, which every change the page shows moves; when the
        # revision is not in the cache either, it comes with the programme the page is built on
        programme = None

        def load():
            nonlocal programme
            programme = get_public_page_programme(pk)
            return programme

        revision = public_revision(pk, load)
        if revision is None:
            raise Http404
        return cached_page(
            request,
            f"programme:{pk}:{revision}",
            lambda: _render(request, programme or get_public_page_programme(pk)),
        )
    if cross_site(request):
        raise PermissionDenied(_("Предложение отправлено с другого сайта и не принято."))
    with transaction.atomic():
        return _proposal(request, get_public_programme(pk))


def _proposal(request, programme):
    if programme.status != ProgrammeStatus.PUBLIC_CONSULTATION:
        messages.error(
            request, _("Обсуждение этой программы закрыто: предложения больше не принимаются.")
        )
        return redirect(_public_url(programme))
    villages = list(Village.objects.filter(passport__programme=programme))
    form = ProposalForm(request.POST, villages=villages, village_label=_village_label)
    if form.is_robot:
        # a robot filled the trap: it is told the same as a person, and nothing is stored
        return _sent(request, programme)
    status = 400
    if form.is_valid():
        try:
            proposal_submit(
                programme=programme,
                client=client_hash(client_address(request.META)),
                language=get_language() or "ru",
                **form.cleaned_data_for_service(),
            )
        except ProposalRateLimited as limited:
            form.add_error(None, str(limited))
            status = 429
        except ValidationError as error:
            apply_validation_error(form, error)
        except PermissionDenied as closed:  # the consultation closed meanwhile
            messages.error(request, str(closed))
            return redirect(_public_url(programme))
        else:
            return _sent(request, programme)
    return _render(request, programme, form, status=status)


def minutes_response(hearing: PublicHearing) -> FileResponse:
    """The minutes file of a hearing, as a download (never shown inline)."""
    minutes = hearing.minutes_file
    if not minutes:
        raise Http404(_("Файл протокола не загружен."))
    try:
        handle = minutes.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл протокола не найден.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(minutes.name),
        content_type=scan_content_type(minutes.name),
    )


@require_GET
def public_minutes(request, pk, hearing_pk):
    programme = get_public_programme(pk)
    hearing = get_object_or_404(PublicHearing, pk=hearing_pk, programme=programme)
    return minutes_response(hearing)


urlpatterns = [
    path("public/p/<int:pk>/", public, name="public"),
    path(
        "public/p/<int:pk>/hearings/<int:hearing_pk>/minutes/",
        public_minutes,
        name="public_minutes",
    ),
]
