"""The working group's side of the agreement with the population: the citizens' proposals by
moderation state (publish, hide as spam, answer) and the public hearings (add, edit, delete,
minutes file). Everyone of the municipality reads; the chair of the working group moderates,
answers and records hearings, only while the programme is in public consultation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from municipalities.permissions import Need, can

from ..forms.consultation import AnswerForm, HearingForm
from ..models import CitizenProposal, ProposalStatus, PublicHearing
from ..permissions import ProgrammeFrozen, get_programme_for
from ..selectors.consultation import consultation_page, proposal_page_number
from ..services.consultation import (
    ConsultationClosed,
    consultation_closed_reason,
    hearing_create,
    hearing_delete,
    hearing_update,
    proposal_answer,
    proposal_hide,
    proposal_publish,
)
from .helpers import edit
from .public import minutes_response

HEARING_FIELDS = (
    "date",
    "women",
    "men",
    "place_ru",
    "place_ky",
    "minutes_ru",
    "minutes_ky",
    "decisions_ru",
    "decisions_ky",
)


def _page_url(
    programme, *, status: str | None = None, anchor: str = "", page: int | None = None
) -> str:
    url = reverse("planning:consultation", kwargs={"pk": programme.pk})
    if status in ProposalStatus.values:
        url += f"?status={status}"
        if page and page > 1:
            url += f"&page={page}"
    return f"{url}#{anchor}" if anchor else url


# A note about one proposal (published: now answer it) is shown in its card, where the chair
# looks, rather than in the list at the top of the page.
NOTE_TAG = "proposal-note-"


def _notes(request) -> dict[int, str]:
    """The notes of this page's proposals, by proposal."""
    notes = {}
    for message in messages.get_messages(request):
        for tag in message.extra_tags.split():
            if tag.startswith(NOTE_TAG) and tag[len(NOTE_TAG) :].isdigit():
                notes[int(tag[len(NOTE_TAG) :])] = str(message)
    return notes


def _context(programme, **extra) -> dict:
    return {
        "programme": programme,
        "municipality": programme.municipality,
        "cancel_url": _page_url(programme),
        **extra,
    }


def _require_chair(user, programme) -> None:
    """Forms of the chair: refused (403, with the reason) to anyone else, and while the
    programme is not in public consultation."""
    if not can(user, programme.municipality, Need.MANAGE):
        raise PermissionDenied(
            _(
                "Предложения граждан модерирует и отвечает на них, а также записывает "
                "публичные слушания председатель рабочей группы."
            )
        )
    if programme.is_frozen:
        raise ProgrammeFrozen()
    reason = consultation_closed_reason(programme)
    if reason:
        raise ConsultationClosed(reason)


def _proposal(programme, proposal_pk) -> CitizenProposal:
    proposal = get_object_or_404(
        CitizenProposal.objects.select_related("village"), pk=proposal_pk, programme=programme
    )
    proposal.programme = programme
    return proposal


def _hearing(programme, hearing_pk) -> PublicHearing:
    hearing = get_object_or_404(PublicHearing, pk=hearing_pk, programme=programme)
    hearing.programme = programme
    return hearing


@login_required
@require_GET
def consultation(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    needs_status = request.GET.get("status") or ProposalStatus.NEW
    data = consultation_page(programme, status=needs_status, page_number=request.GET.get("page"))
    closed_reason = consultation_closed_reason(programme)
    municipality = programme.municipality
    return render(
        request,
        "planning/consultation/page.html",
        _context(
            programme,
            **data,
            closed_reason=closed_reason,
            notes=_notes(request),
            can_manage=closed_reason is None and can(request.user, municipality, Need.MANAGE),
            # the contact a resident left is promised to be seen by the working group only
            can_see_contacts=can(request.user, municipality, Need.EDIT),
        ),
    )


def _moderate(request, pk, proposal_pk, service, done_message, *, follow=False):
    """Publish or hide a proposal. `follow`: the page then shows the proposal in its new state
    (a published one, with its note to answer it), instead of the list it left."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    proposal = _proposal(programme, proposal_pk)
    back = request.POST.get("status")
    try:
        moderated = service(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_page_url(programme, status=back, anchor=f"proposal-{proposal.pk}"))
    if follow:
        messages.success(request, done_message, extra_tags=f"in-place {NOTE_TAG}{proposal.pk}")
        return redirect(
            _page_url(
                programme,
                status=moderated.status,
                page=proposal_page_number(moderated),
                anchor=f"proposal-{proposal.pk}",
            )
        )
    messages.success(request, done_message)
    return redirect(_page_url(programme, status=back, anchor="proposals"))


@login_required
@require_POST
def proposal_publish_view(request, pk, proposal_pk):
    return _moderate(
        request,
        pk,
        proposal_pk,
        proposal_publish,
        _(
            "Предложение опубликовано на публичной странице программы. "
            "Не забудьте ответить на него."
        ),
        follow=True,
    )


@login_required
@require_POST
def proposal_hide_view(request, pk, proposal_pk):
    return _moderate(request, pk, proposal_pk, proposal_hide, _("Предложение скрыто как спам."))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_answer_view(request, pk, proposal_pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    _require_chair(request.user, programme)
    proposal = _proposal(programme, proposal_pk)
    if proposal.status != ProposalStatus.PUBLISHED:
        messages.error(
            request,
            _("Ответить можно только на опубликованное предложение. Сначала опубликуйте его."),
        )
        anchor = f"proposal-{proposal.pk}"
        return redirect(_page_url(programme, status=proposal.status, anchor=anchor))
    form = AnswerForm(request.POST or None, instance=proposal)

    def save(form):
        return proposal_answer(
            proposal=proposal,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            answer_ru=form.cleaned_data["answer_ru"],
            answer_ky=form.cleaned_data["answer_ky"],
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/consultation/answer_form.html",
        context=_context(programme, proposal=proposal, village=proposal.village),
        success_url=_page_url(
            programme, status=ProposalStatus.PUBLISHED, anchor=f"proposal-{proposal.pk}"
        ),
        success_message=_("Ответ сохранён и опубликован вместе с предложением."),
    )


def _hearing_fields(form) -> dict:
    upload = form.cleaned_data.get("minutes_file")
    return {
        **{name: form.cleaned_data.get(name) for name in HEARING_FIELDS},
        "minutes_file": upload if isinstance(upload, UploadedFile) else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def hearing_add(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    _require_chair(request.user, programme)
    form = HearingForm(request.POST or None, request.FILES or None)

    def save(form):
        return hearing_create(programme=programme, actor=request.user, **_hearing_fields(form))

    return edit(
        request,
        form=form,
        save=save,
        template="planning/consultation/hearing_form.html",
        context=_context(programme, page_title=_("Новые публичные слушания")),
        success_url=lambda hearing: _page_url(programme, anchor=f"hearing-{hearing.pk}"),
        success_message=_("Публичные слушания записаны."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_edit(request, pk, hearing_pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    _require_chair(request.user, programme)
    hearing = _hearing(programme, hearing_pk)
    form = HearingForm(request.POST or None, request.FILES or None, instance=hearing)

    def save(form):
        return hearing_update(
            hearing=hearing,
            actor=request.user,
            expected_revision=form.expected_revision,
            remove_file=form.cleaned_data.get("remove_file", False),
            **_hearing_fields(form),
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/consultation/hearing_form.html",
        context=_context(
            programme,
            hearing=hearing,
            page_title=_("Публичные слушания %(date)s") % {"date": f"{hearing.date:%d.%m.%Y}"},
        ),
        success_url=_page_url(programme, anchor=f"hearing-{hearing.pk}"),
        success_message=_("Публичные слушания сохранены."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_delete_view(request, pk, hearing_pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    _require_chair(request.user, programme)
    hearing = _hearing(programme, hearing_pk)
    if request.method == "POST":
        hearing_delete(hearing=hearing, actor=request.user)
        messages.success(request, _("Запись о публичных слушаниях удалена."))
        return redirect(_page_url(programme, anchor="hearings"))
    return render(
        request,
        "planning/consultation/hearing_confirm_delete.html",
        _context(programme, hearing=hearing),
    )


@never_cache
@login_required
@require_GET
def hearing_minutes(request, pk, hearing_pk):
    """The minutes file, to the people of the municipality (for a public programme the public
    page links the same file through `planning:public_minutes`)."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    return minutes_response(_hearing(programme, hearing_pk))


C = "p/<int:pk>/consultation/"

urlpatterns = [
    path(C, consultation, name="consultation"),
    path(
        f"{C}proposals/<int:proposal_pk>/publish/",
        proposal_publish_view,
        name="proposal_publish",
    ),
    path(f"{C}proposals/<int:proposal_pk>/hide/", proposal_hide_view, name="proposal_hide"),
    path(f"{C}proposals/<int:proposal_pk>/answer/", proposal_answer_view, name="proposal_answer"),
    path(f"{C}hearings/new/", hearing_add, name="hearing_add"),
    path(f"{C}hearings/<int:hearing_pk>/", hearing_edit, name="hearing_edit"),
    path(f"{C}hearings/<int:hearing_pk>/delete/", hearing_delete_view, name="hearing_delete"),
    path(f"{C}hearings/<int:hearing_pk>/minutes/", hearing_minutes, name="hearing_minutes"),
]
