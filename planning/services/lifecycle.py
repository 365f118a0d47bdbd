"""The life-cycle of a programme (DESIGN.md): each transition is one service that checks the
actor's role, the programme's status and what must be done before, records the transition in
the history and notifies the people concerned by e-mail.

    draft ──submit──▶ in_review ──request changes──▶ draft
                         │ accept
                         ▼
          public_consultation ──submit to council──▶ submitted_to_council
                                   ──record decision──▶ approved ──▶ in_implementation
    amend (services.versions): a new draft version copied from an approved one.

A refused transition raises `TransitionRefused` with every reason, in the page language.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.models import Membership, Role
from municipalities.permissions import Need, needs_in

from ..models import (
    Action,
    CitizenProposal,
    CouncilDecision,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    Transition,
)
from ..models.lifecycle import SCAN_MAX_BYTES
from ..selectors.completeness import blocking_failures, completeness_checks
from .uploads import check_scan

log = logging.getLogger(__name__)

S = ProgrammeStatus


@dataclass(frozen=True)
class Step:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: the status does not change here (amend makes a new version)
    needs: frozenset[Need]  # any of them allows the step
    label: object  # lazy text of the button
    notify: tuple[str, ...]  # roles to notify in the municipality (reviewers: of its oblast)
    summary_required: bool = False

    @property
    def target_label(self) -> str:
        return str(ProgrammeStatus(self.target).label) if self.target else ""


STEPS: dict[str, Step] = {
    step.action: step
    for step in [
        Step(
            Action.SUBMIT,
            (S.DRAFT,),
            S.IN_REVIEW,
            frozenset({Need.MANAGE}),
            gettext_lazy("Передать на рассмотрение"),
            (Role.REVIEWER,),
        ),
        Step(
            Action.REQUEST_CHANGES,
            (S.IN_REVIEW,),
            S.DRAFT,
            frozenset({Need.REVIEW}),
            gettext_lazy("Запросить изменения"),
            (Role.WG_CHAIR, Role.WG_MEMBER),
            summary_required=True,
        ),
        Step(
            Action.ACCEPT,
            (S.IN_REVIEW,),
            S.PUBLIC_CONSULTATION,
            frozenset({Need.REVIEW}),
            gettext_lazy("Принять для обсуждения с населением"),
            (Role.WG_CHAIR, Role.WG_MEMBER),
        ),
        Step(
            Action.SUBMIT_TO_COUNCIL,
            (S.PUBLIC_CONSULTATION,),
            S.SUBMITTED_TO_COUNCIL,
            frozenset({Need.MANAGE}),
            gettext_lazy("Передать в кенеш"),
            (Role.COUNCIL_SECRETARY, Role.REVIEWER),
        ),
        Step(
            Action.RECORD_DECISION,
            (S.SUBMITTED_TO_COUNCIL,),
            S.APPROVED,
            frozenset({Need.COUNCIL}),
            gettext_lazy("Записать решение кенеша"),
            (Role.WG_CHAIR, Role.WG_MEMBER, Role.MONITORING_MEMBER, Role.REVIEWER),
        ),
        Step(
            Action.START_IMPLEMENTATION,
            (S.APPROVED,),
            S.IN_IMPLEMENTATION,
            frozenset({Need.MANAGE, Need.COUNCIL}),
            gettext_lazy("Начать реализацию"),
            (Role.WG_CHAIR, Role.MONITORING_MEMBER, Role.REVIEWER),
        ),
        Step(
            Action.AMEND,
            (S.APPROVED, S.IN_IMPLEMENTATION),
            None,
            frozenset({Need.MANAGE}),
            gettext_lazy("Начать новую версию"),
            (Role.WG_CHAIR, Role.WG_MEMBER, Role.REVIEWER),
        ),
    ]
}


class Reason(str):
    """Why a step cannot be done now (a text, as before), and the page where the person fixes
    it (`url`; empty when there is none)."""

    url: str = ""

    def __new__(cls, text, url: str = ""):
        reason = super().__new__(cls, text)
        reason.url = url
        return reason


class TransitionRefused(Exception):
    """The transition cannot happen: `reasons` say why (to show to the person)."""

    def __init__(self, reasons: list[str]):
        self.reasons = [r if isinstance(r, Reason) else str(r) for r in reasons]
        super().__init__("; ".join(self.reasons))


def _role_allows(actor, programme: Programme, step: Step) -> bool:
    return actor is not None and bool(step.needs & needs_in(actor, programme.municipality))


def refusal_reasons(programme: Programme, action: str, actor) -> list[str]:
    """Why `actor` may not do `action` now (empty: allowed). Checks the role first, then the
    status, then what must be done before."""
    step = STEPS[action]
    if not _role_allows(actor, programme, step):
        return [_("Это действие вам недоступно: у вас нет нужной роли в этом муниципалитете.")]
    if programme.status not in step.sources:
        return [
            _("Действие «%(action)s» невозможно в статусе «%(status)s».")
            % {"action": step.label, "status": programme.get_status_display()}
        ]
    reasons: list[str] = []
    if action == Action.SUBMIT:
        failures = blocking_failures(completeness_checks(programme))
        reasons += [
            Reason(
                _("Не выполнено: %(check)s.") % {"check": check.title}
                + (f" {check.detail}" if check.detail else ""),
                check.url,
            )
            for check in failures
        ]
    elif action == Action.SUBMIT_TO_COUNCIL:
        reasons += _consultation_unfinished(programme)
    elif action == Action.AMEND:
        newer = programme.next_versions.first()
        if newer is not None:
            reasons.append(
                _("Новая версия %(version)s уже начата (статус «%(status)s»).")
                % {"version": newer.version, "status": newer.get_status_display()}
            )
    return reasons


def _consultation_unfinished(programme: Programme) -> list[str]:
    """What is left of the agreement with the population, each with the place on the
    consultation page where it is done."""
    page = reverse("planning:consultation", kwargs={"pk": programme.pk})
    reasons = []
    if not programme.hearings.exists():
        reasons.append(Reason(_("Не записано ни одних публичных слушаний."), f"{page}#hearings"))
    waiting = CitizenProposal.objects.filter(programme=programme, status=ProposalStatus.NEW)
    if n := waiting.count():
        reasons.append(
            Reason(
                translation.ngettext(
                    "%(n)d предложение граждан ждёт модерации.",
                    "%(n)d предложений граждан ждут модерации.",
                    n,
                )
                % {"n": n},
                f"{page}?status={ProposalStatus.NEW}#proposals",
            )
        )
    unanswered = CitizenProposal.objects.filter(
        programme=programme, status=ProposalStatus.PUBLISHED, decision=""
    )
    if n := unanswered.count():
        first = unanswered.order_by("created_at", "id").first()
        reasons.append(
            Reason(
                translation.ngettext(
                    "%(n)d опубликованное предложение ещё без ответа.",
                    "%(n)d опубликованных предложений ещё без ответа.",
                    n,
                )
                % {"n": n},
                reverse(
                    "planning:proposal_answer",
                    kwargs={"pk": programme.pk, "proposal_pk": first.pk},
                ),
            )
        )
    return reasons


def may_try(programme: Programme, action: str, actor) -> bool:
    """The person's role allows `action` and the status fits (what must be done before is
    checked when they press it)."""
    step = STEPS[action]
    return programme.status in step.sources and _role_allows(actor, programme, step)


def available_actions(programme: Programme, actor) -> list[Step]:
    """The steps whose button this person sees: their role allows it and the status fits.
    (What must be done before is checked when they press it, with the reasons shown.)"""
    steps = [step for step in STEPS.values() if may_try(programme, step.action, actor)]
    if any(step.action == Action.AMEND for step in steps) and programme.next_versions.exists():
        steps = [step for step in steps if step.action != Action.AMEND]  # already started
    return steps


def _move(programme: Programme, step: Step, *, actor, summary: str = "") -> Transition:
    """Lock the programme, check again, change its status, record the transition."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    programme.status = locked.status
    reasons = refusal_reasons(programme, step.action, actor)
    if step.summary_required and not summary.strip():
        reasons.append(_("Напишите, что нужно изменить."))
    if reasons:
        raise TransitionRefused(reasons)
    source = programme.status
    if step.target is not None:
        programme.status = step.target
        programme.status_changed_at = timezone.now()
        programme._history_user = actor
        programme.save(update_fields=["status", "status_changed_at", "updated_at"])
    transition = Transition.objects.create(
        programme=programme,
        action=step.action,
        from_status=source,
        to_status=step.target or source,
        actor=actor,
        summary=summary.strip(),
    )
    programme_moved.send(sender=Programme, programme=programme, transition=transition, actor=actor)
    notify(programme, step, transition)
    return transition


@transaction.atomic
def programme_submit(*, programme: Programme, actor) -> Transition:
    """The chair sends the draft to the project's reviewers; every blocking check must pass."""
    return _move(programme, STEPS[Action.SUBMIT], actor=actor)


@transaction.atomic
def programme_request_changes(*, programme: Programme, actor, summary: str) -> Transition:
    """A reviewer sends the draft back to the working group, saying what to change."""
    return _move(programme, STEPS[Action.REQUEST_CHANGES], actor=actor, summary=summary)


@transaction.atomic
def programme_accept(*, programme: Programme, actor, summary: str = "") -> Transition:
    """A reviewer accepts the draft: it is published for the public consultation."""
    return _move(programme, STEPS[Action.ACCEPT], actor=actor, summary=summary)


@transaction.atomic
def programme_submit_to_council(*, programme: Programme, actor) -> Transition:
    """The chair closes the consultation (hearings held, every proposal answered) and passes
    the programme to the council."""
    return _move(programme, STEPS[Action.SUBMIT_TO_COUNCIL], actor=actor)


@transaction.atomic
def programme_record_decision(
    *, programme: Programme, actor, number: str, date, session: str, scan=None
) -> CouncilDecision:
    """The council secretary records the council's decision: the version is approved and
    frozen; the version it replaces (if any) is marked superseded."""
    step = STEPS[Action.RECORD_DECISION]
    decision = CouncilDecision(
        programme=programme,
        number=(number or "").strip(),
        date=date,
        session=(session or "").strip(),
        recorded_by=actor,
    )
    if scan:
        check_scan(scan, max_bytes=SCAN_MAX_BYTES, field="scan")
        decision.scan = scan
    # role and status first: a person without the role learns nothing about the form
    reasons = refusal_reasons(programme, step.action, actor)
    if reasons:
        raise TransitionRefused(reasons)
    if date and date > timezone.localdate():
        raise ValidationError({"date": _("Дата решения не может быть в будущем.")})
    decision.full_clean(exclude=["programme"])
    _move(programme, step, actor=actor, summary=f"№ {decision.number}")
    decision._history_user = actor
    decision.save()
    previous = (
        Programme.objects.select_for_update().filter(pk=programme.previous_version_id).first()
        if programme.previous_version_id
        else None
    )
    if previous is not None and previous.status in (S.APPROVED, S.IN_IMPLEMENTATION):
        source = previous.status
        previous.status = S.SUPERSEDED
        previous.status_changed_at = timezone.now()
        previous._history_user = actor
        previous.save(update_fields=["status", "status_changed_at", "updated_at"])
        Transition.objects.create(
            programme=previous,
            action=Action.RECORD_DECISION,
            from_status=source,
            to_status=S.SUPERSEDED,
            actor=actor,
            summary=_("Заменена версией %(version)s (решение № %(number)s).")
            % {"version": programme.version, "number": decision.number},
        )
        version_superseded.send(sender=Programme, old=previous, new=programme, actor=actor)
    return decision


@transaction.atomic
def programme_start_implementation(*, programme: Programme, actor) -> Transition:
    return _move(programme, STEPS[Action.START_IMPLEMENTATION], actor=actor)


# --- notifications --------------------------------------------------------------------------


def recipients(programme: Programme, roles) -> list[str]:
    """E-mail addresses of the active people holding `roles` for this programme's municipality
    (reviewers: for its oblast)."""
    municipality = programme.municipality
    where = Q(role__in=roles, municipality=municipality)
    if Role.REVIEWER in roles:
        where |= Q(role=Role.REVIEWER, oblast_id=municipality.district.oblast_id)
    emails = Membership.objects.filter(where, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return sorted(set(emails))


# Sent inside the transaction of a step of the life-cycle, once the programme has moved: an app
# above planning follows it (monitoring opens the reporting periods when the implementation
# starts). Receivers may refuse the step by raising.
programme_moved = Signal()  # programme, transition, actor
# Sent inside the transaction that approves a new version, once the one it replaces is marked
# superseded: what an app above keeps of the programme's implementation (monitoring's periods
# and data) follows the line to the new version.
version_superseded = Signal()  # old, new, actor

# Sent once a step of the life-cycle has committed (transition_id): the e-mail task listens
# (planning.tasks), so that the mail goes out from the worker, not in the person's request.
transition_recorded = Signal()


def notify(programme: Programme, step: Step, transition: Transition) -> None:
    """Once the transaction has committed, ask for the e-mail to the people concerned
    (`transition_notify`, run by the worker)."""
    transition_id = transition.pk
    transaction.on_commit(
        lambda: transition_recorded.send(sender=Transition, transition_id=transition_id)
    )


def transition_notify(transition_id: int) -> None:
    """E-mail the people concerned by a step of the life-cycle. The message is in Russian and
    Kyrgyz (users do not choose a language for mail). A mail server that is down does not undo
    the step: the failure is logged."""
    transition = (
        Transition.objects.select_related("actor", "programme__municipality__district")
        .filter(pk=transition_id)
        .first()
    )
    if transition is None:
        return
    programme = transition.programme
    step = STEPS[transition.action]
    to = [email for email in recipients(programme, step.notify) if email]
    actor_email = transition.actor.email if transition.actor else None
    to = [email for email in to if email != actor_email]
    if not to:
        return
    parts, subjects = [], []
    for lang in ("ru", "ky"):
        with translation.override(lang):
            url = reverse("planning:overview", kwargs={"pk": programme.pk})
            context = {
                "programme": programme,
                "transition": transition,
                "url": settings.PORTAL_URL + url,
                "municipality": programme.municipality.name,
                "status": ProgrammeStatus(transition.to_status).label,
                "action": Action(transition.action).label,
                "actor": transition.actor.full_name if transition.actor else "",
            }
            subjects.append(
                _("ПСЭР %(municipality)s: %(status)s")
                % {"municipality": context["municipality"], "status": context["status"]}
            )
            parts.append(render_to_string("planning/email/transition.txt", context))
    subject = " / ".join(subjects)
    body = "\n\n— — —\n\n".join(parts)
    try:
        send_mail(subject, body, None, to)
    except Exception:  # the transition stands; the log tells the administrator
        log.exception("notification of transition %s failed", transition.pk)
