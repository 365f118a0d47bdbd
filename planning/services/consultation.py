"""Agreement with the population: citizens send proposals on the public page of the
draft; the working-group chair moderates them (publish / hide as spam) and answers each one;
the chair records the public hearings.

Everything here happens only while the programme is in public consultation: the programme row
is locked and its status checked again, so that a proposal or a hearing cannot slip in while
the chair passes the programme to the council. A frozen (approved) version refuses everything
with `ProgrammeFrozen` (and the freeze guard in `planning.signals` refuses it at the database
layer too)."""

import datetime
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

# the public page and the tests take the sender's address from here
from common.network import client_address as client_address
from municipalities.permissions import Need

from ..models import (
    CitizenProposal,
    Passport,
    Programme,
    ProgrammeStatus,
    ProposalDecision,
    ProposalStatus,
    PublicHearing,
    Section,
    Village,
)
from ..models.consultation import PROPOSAL_MAX_CHARS
from ..models.lifecycle import SCAN_MAX_BYTES
from ..permissions import ProgrammeFrozen
from .common import StaleEdit, changes_since, lock_status, require_can
from .uploads import check_scan

PROPOSAL_MIN_CHARS = 10
# A person (one network address) may send this many proposals per window, across the portal
# (setting PROPOSALS_PER_HOUR: raise it where many residents share one address, e.g. the
# Wi-Fi of a village hall during a hearing).
RATE_LIMIT = 5
RATE_WINDOW = timedelta(hours=1)


def rate_limit() -> int:
    return int(getattr(settings, "PROPOSALS_PER_HOUR", RATE_LIMIT))


LANGUAGES = ("ru", "ky")


class ConsultationClosed(PermissionDenied):
    """The programme is not (or no longer) in public consultation."""


class ProposalRateLimited(Exception):
    """Too many proposals from one address in the last hour."""

    def __init__(self):
        super().__init__(
            _(
                "С вашего адреса за последний час уже отправлено %(n)d предложений — это "
                "предел. Пожалуйста, попробуйте позже: ваш текст сохранён в форме."
            )
            % {"n": rate_limit()}
        )


# The HMAC of a sender's address has a key of its own, derived from SECRET_KEY for this use
# alone (Django's salted_hmac), so that the key that signs sessions and reset links is not
# spent on it and a hash cannot be checked against anything else the portal computes.
ADDRESS_KEY_SALT = "psep.planning.citizen-proposal.address"


def client_hash(address: str) -> str:
    """What is kept of a sender's network address: its HMAC, never the address itself, and
    only for as long as the rate limit needs it (RATE_WINDOW, see `_forget_addresses`).
    Enough to count proposals per address, useless to find out who sent them. An IPv6 address
    counts by its /64 network: one household or phone gets a whole /64 to pick from."""
    address = (address or "").strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        pass
    else:
        if ip.version == 6 and ip.ipv4_mapped is None:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
        elif ip.version == 6:
            address = str(ip.ipv4_mapped)
    return salted_hmac(ADDRESS_KEY_SALT, address, algorithm="sha256").hexdigest()


def _forget_addresses() -> None:
    """Clear the address HMAC of proposals older than the rate window, in the proposals and in
    their history: once the limit no longer counts a proposal, nothing links it to a sender.
    Run whenever proposals are written (sent, moderated, answered). A plain UPDATE: the hash
    is not content of the programme, so a frozen version loses it too, and no history is
    written for it."""
    cutoff = timezone.now() - RATE_WINDOW
    for rows in (CitizenProposal.objects, CitizenProposal.history):
        rows.filter(created_at__lt=cutoff).exclude(client_hash="").update(client_hash="")


def consultation_closed_reason(programme: Programme) -> str | None:
    """Why proposals, answers and hearings cannot be changed now (None: they can)."""
    if programme.is_frozen:
        return str(ProgrammeFrozen().args[0])
    if programme.status != ProgrammeStatus.PUBLIC_CONSULTATION:
        return _(
            "Предложения граждан и публичные слушания можно изменять только пока программа "
            "на обсуждении с населением. Сейчас её статус — «%(status)s»."
        ) % {"status": programme.get_status_display()}
    return None


def ensure_consultation_open(programme: Programme) -> None:
    """Lock the programme and check, with its status as stored now, that it is in public
    consultation. Call inside a transaction."""
    lock_status(programme)
    if programme.is_frozen:
        raise ProgrammeFrozen()
    reason = consultation_closed_reason(programme)
    if reason:
        raise ConsultationClosed(reason)


def _require_chair(actor, programme: Programme) -> None:
    require_can(
        actor,
        programme,
        Need.MANAGE,
        _(
            "Предложения граждан модерирует и отвечает на них, а также записывает публичные "
            "слушания председатель рабочей группы."
        ),
    )


def _clean_text(value: str) -> str:
    """Trim, and count a line break as one character whatever the browser sent."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_max_lengths(instance, *names: str) -> None:
    """TextField.max_length is not checked by the model: check it here."""
    errors = {}
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, name) or ""
        if field.max_length and len(value) > field.max_length:
            errors[name] = _(
                "Слишком длинный текст: %(length)d знаков, можно не больше %(max)d."
            ) % {"length": len(value), "max": field.max_length}
    if errors:
        raise ValidationError(errors)


# --- a citizen's proposal -------------------------------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    programme: Programme,
    text: str,
    client: str,
    language: str,
    section: str = Section.GENERAL,
    author_name: str = "",
    village: Village | None = None,
    contact: str = "",
) -> CitizenProposal:
    """A resident's proposal on the published draft. It waits for moderation and is shown on
    the public page only once the chair publishes it. `client` is `client_hash(address)`.

    Refused with `ConsultationClosed` / `ProgrammeFrozen` outside the consultation, with
    `ProposalRateLimited` after `rate_limit()` proposals from one address within RATE_WINDOW, with
    `ValidationError` when the data is wrong. The same text sent again from the same address
    (a double click, a reload) gives back the proposal already stored."""
    ensure_consultation_open(programme)
    _forget_addresses()
    text = _clean_text(text)
    recent = CitizenProposal.objects.filter(
        client_hash=client, created_at__gte=timezone.now() - RATE_WINDOW
    )
    same = recent.filter(programme=programme, text=text).first()
    if same is not None:
        return same
    if recent.count() >= rate_limit():
        raise ProposalRateLimited()
    errors = {}
    if len(text) < PROPOSAL_MIN_CHARS:
        errors["text"] = _("Напишите предложение подробнее: не меньше %(min)d знаков.") % {
            "min": PROPOSAL_MIN_CHARS
        }
    elif len(text) > PROPOSAL_MAX_CHARS:
        errors["text"] = _(
            "Предложение слишком длинное: %(length)d знаков, можно не больше %(max)d."
        ) % {"length": len(text), "max": PROPOSAL_MAX_CHARS}
    if village is not None:
        passport_id = (
            Passport.objects.filter(programme=programme).values_list("pk", flat=True).first()
        )
        if village.passport_id != passport_id:
            errors["village"] = _("Выберите село из списка сёл этого муниципалитета.")
    if errors:
        raise ValidationError(errors)
    proposal = CitizenProposal(
        programme=programme,
        author_name=(author_name or "").strip(),
        village=village,
        contact=(contact or "").strip(),
        section=section,
        text=text,
        language=language if language in LANGUAGES else "ru",
        client_hash=client,
        status=ProposalStatus.NEW,
    )
    proposal.full_clean()
    proposal._history_user = None
    proposal.save()
    return proposal


# --- moderation and answers -----------------------------------------------------------------


def _moderate(proposal: CitizenProposal, actor, status: str) -> CitizenProposal:
    programme = proposal.programme
    _require_chair(actor, programme)
    ensure_consultation_open(programme)
    _forget_addresses()
    current = CitizenProposal.objects.select_for_update().get(pk=proposal.pk)
    if current.status == status:
        return current
    if status == ProposalStatus.HIDDEN and current.decision:
        raise ValidationError(
            _(
                "На это предложение уже дан ответ, поэтому скрыть его как спам нельзя. "
                "Спам не публикуют и на него не отвечают."
            )
        )
    current.programme = programme
    current.status = status
    current.moderated_by = actor
    current.moderated_at = timezone.now()
    current._history_user = actor
    current.save(update_fields=["status", "moderated_by", "moderated_at"])
    return current


@transaction.atomic
def proposal_publish(*, proposal: CitizenProposal, actor) -> CitizenProposal:
    """Show the proposal on the public page (a hidden one too, if it was hidden by mistake)."""
    return _moderate(proposal, actor, ProposalStatus.PUBLISHED)


@transaction.atomic
def proposal_hide(*, proposal: CitizenProposal, actor) -> CitizenProposal:
    """Hide the proposal as spam: it is not shown and not answered."""
    return _moderate(proposal, actor, ProposalStatus.HIDDEN)


@transaction.atomic
def proposal_answer(
    *,
    proposal: CitizenProposal,
    actor,
    decision: str,
    answer_ru: str = "",
    answer_ky: str = "",
) -> CitizenProposal:
    """The working group's answer to a published proposal: accepted, partly accepted or not
    accepted; the reason (in Russian and/or Kyrgyz) is required unless it is accepted. Answering
    again replaces the answer (the history keeps the old one)."""
    programme = proposal.programme
    _require_chair(actor, programme)
    ensure_consultation_open(programme)
    _forget_addresses()
    current = CitizenProposal.objects.select_for_update().get(pk=proposal.pk)
    current.programme = programme
    if current.status != ProposalStatus.PUBLISHED:
        raise ValidationError(
            _("Ответить можно только на опубликованное предложение. Сначала опубликуйте его.")
        )
    answer_ru, answer_ky = _clean_text(answer_ru), _clean_text(answer_ky)
    errors = {}
    if decision not in ProposalDecision.values:
        errors["decision"] = _("Выберите решение: принято, принято частично или не принято.")
    elif decision != ProposalDecision.ACCEPTED and not (answer_ru or answer_ky):
        errors["answer_ru"] = _(
            "Объясните жителю причину, почему предложение принято частично или не принято: "
            "хотя бы на одном языке."
        )
    if errors:
        raise ValidationError(errors)
    current.decision = decision
    current.answer_ru = answer_ru
    current.answer_ky = answer_ky
    current.answered_by = actor
    current.answered_at = timezone.now()
    _check_max_lengths(current, "answer_ru", "answer_ky")
    current.full_clean()
    current._history_user = actor
    current.save()
    return current


# --- public hearings ------------------------------------------------------------------------

HEARING_TEXTS = ("place", "minutes", "decisions")


def _set_hearing(hearing: PublicHearing, *, fields: dict) -> None:
    hearing.date = fields.get("date")
    for name in HEARING_TEXTS:
        for lang in LANGUAGES:
            key = f"{name}_{lang}"
            setattr(hearing, key, _clean_text(fields.get(key, "")))
    hearing.women = fields.get("women")
    hearing.men = fields.get("men")


def _check_hearing(hearing: PublicHearing) -> None:
    errors = {}
    if hearing.date is not None and hearing.date > timezone.localdate():
        errors["date"] = _(
            "Дата слушаний не может быть в будущем: запишите слушания, когда они прошли."
        )
    if not (hearing.place_ru or hearing.place_ky):
        errors["place_ru"] = _("Укажите место слушаний хотя бы на одном языке.")
    for name in ("women", "men"):
        value = getattr(hearing, name)
        if value is not None and value < 0:
            errors[name] = _("Число участников не может быть отрицательным.")
    if (
        "women" not in errors
        and "men" not in errors
        and hearing.women is not None
        and hearing.men is not None
        and hearing.women + hearing.men == 0
    ):
        errors["women"] = _("Укажите, сколько женщин и мужчин участвовало: хотя бы один человек.")
    if errors:
        raise ValidationError(errors)
    _check_max_lengths(hearing, *(f"{n}_{lang}" for n in HEARING_TEXTS for lang in LANGUAGES))


def _attach_file(hearing: PublicHearing, upload: UploadedFile | None, remove: bool) -> None:
    if upload:
        check_scan(upload, max_bytes=SCAN_MAX_BYTES, field="minutes_file")
        hearing.minutes_file = upload
    elif remove:
        hearing.minutes_file = ""


def _save_hearing(hearing: PublicHearing, *, actor, expected_revision: int | None) -> PublicHearing:
    if hearing.pk is not None:
        current = PublicHearing.objects.select_for_update().get(pk=hearing.pk)
        if expected_revision is not None and current.revision != expected_revision:
            changes, changed_by = changes_since(current, expected_revision)
            raise StaleEdit(current, changes, changed_by)
        hearing.revision = current.revision + 1
    _check_hearing(hearing)
    hearing.full_clean(exclude=["created_by"])  # a hearing entered elsewhere may have none
    hearing._history_user = actor
    hearing.save()
    return hearing


@transaction.atomic
def hearing_create(
    *,
    programme: Programme,
    actor,
    date: datetime.date,
    women: int,
    men: int,
    place_ru: str = "",
    place_ky: str = "",
    minutes_ru: str = "",
    minutes_ky: str = "",
    decisions_ru: str = "",
    decisions_ky: str = "",
    minutes_file: UploadedFile | None = None,
) -> PublicHearing:
    """Record a public hearing (or village gathering) held on the draft: when, where, how many
    women and men took part, its minutes (text and/or a scan) and the decisions taken. The
    minutes may come later (they are often typed up after the meeting): the chair's page shows
    the hearings still without them."""
    _require_chair(actor, programme)
    ensure_consultation_open(programme)
    hearing = PublicHearing(programme=programme, created_by=actor)
    _set_hearing(
        hearing,
        fields={
            "date": date,
            "women": women,
            "men": men,
            "place_ru": place_ru,
            "place_ky": place_ky,
            "minutes_ru": minutes_ru,
            "minutes_ky": minutes_ky,
            "decisions_ru": decisions_ru,
            "decisions_ky": decisions_ky,
        },
    )
    _attach_file(hearing, minutes_file, False)
    return _save_hearing(hearing, actor=actor, expected_revision=None)


@transaction.atomic
def hearing_update(
    *,
    hearing: PublicHearing,
    actor,
    expected_revision: int | None,
    date: datetime.date,
    women: int,
    men: int,
    place_ru: str = "",
    place_ky: str = "",
    minutes_ru: str = "",
    minutes_ky: str = "",
    decisions_ru: str = "",
    decisions_ky: str = "",
    minutes_file: UploadedFile | None = None,
    remove_file: bool = False,
) -> PublicHearing:
    """Correct a recorded hearing. A new `minutes_file` replaces the old one; `remove_file`
    takes it away (the old file stays in storage for the history)."""
    programme = hearing.programme
    _require_chair(actor, programme)
    ensure_consultation_open(programme)
    _set_hearing(
        hearing,
        fields={
            "date": date,
            "women": women,
            "men": men,
            "place_ru": place_ru,
            "place_ky": place_ky,
            "minutes_ru": minutes_ru,
            "minutes_ky": minutes_ky,
            "decisions_ru": decisions_ru,
            "decisions_ky": decisions_ky,
        },
    )
    _attach_file(hearing, minutes_file, remove_file)
    return _save_hearing(hearing, actor=actor, expected_revision=expected_revision)


@transaction.atomic
def hearing_delete(*, hearing: PublicHearing, actor) -> None:
    programme = hearing.programme
    _require_chair(actor, programme)
    ensure_consultation_open(programme)
    hearing._history_user = actor
    hearing.delete()
