"""Reporting periods of a programme in implementation: opened with the implementation (yearly
by default), regenerated half-yearly or quarterly while nothing is entered, handed in by the
ГСМиО, closed or given back by the council secretary."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.permissions import Need, can
from planning.models import Programme, ProgrammeStatus
from planning.services.public import programme_public_changed

from ..models import (
    PERIODS_IN_YEAR,
    ActivityProgress,
    Frequency,
    IndicatorActual,
    PeriodStatus,
    ReportingPeriod,
)
from .summary import summary_schedule

# Programmes whose implementation is monitored.
MONITORED_STATUSES = [ProgrammeStatus.IN_IMPLEMENTATION]


def require(actor, programme: Programme, need: Need, message: str | None = None) -> None:
    """Services check the person themselves, whoever calls them."""
    if actor is None or not can(actor, programme.municipality, need):
        raise PermissionDenied(
            message or _("Вносить данные мониторинга могут только члены ГСМиО муниципалитета.")
        )


def _bounds(year: int, number: int, frequency: str) -> tuple[date, date]:
    months = 12 // PERIODS_IN_YEAR[frequency]
    first_month = (number - 1) * months + 1
    starts = date(year, first_month, 1)
    next_start = (
        date(year + 1, 1, 1) if first_month + months > 12 else date(year, first_month + months, 1)
    )
    return starts, next_start - timedelta(days=1)


def _build(programme: Programme, frequency: str) -> list[ReportingPeriod]:
    periods = []
    for year in programme.years:
        for number in range(1, PERIODS_IN_YEAR[frequency] + 1):
            starts, ends = _bounds(year, number, frequency)
            periods.append(
                ReportingPeriod(
                    programme=programme,
                    frequency=frequency,
                    year=year,
                    number=number,
                    starts_on=starts,
                    ends_on=ends,
                )
            )
    return periods


def _save_all(periods, actor) -> None:
    for period in periods:
        period._history_user = actor
        period.full_clean()
        period.save()
    # periods opened (or made anew): the programme's summary is counted after commit
    for programme_id in {period.programme_id for period in periods}:
        summary_schedule(programme_id=programme_id)


@transaction.atomic
def periods_open(*, programme: Programme, actor, frequency: str = Frequency.YEAR) -> list:
    """The periods of a programme whose implementation starts: one per year of its period by
    default. Nothing happens when it has periods already (a new version brings its own along,
    services.versions)."""
    if ReportingPeriod.objects.filter(programme=programme).exists():
        return []
    periods = _build(programme, frequency)
    _save_all(periods, actor)
    return periods


@transaction.atomic
def periods_set_frequency(*, programme: Programme, actor, frequency: str) -> list:
    """Report half-yearly or quarterly instead (or yearly again): the periods are made anew,
    which is possible only while nothing has been entered in any of them."""
    require(actor, programme, Need.MONITOR)
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Выберите периодичность отчётов.")})
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.status not in MONITORED_STATUSES:
        raise ValidationError(_("Периоды есть только у программы в реализации."))
    periods = ReportingPeriod.objects.filter(programme=programme)
    if (
        IndicatorActual.objects.filter(period__in=periods).exists()
        or ActivityProgress.objects.filter(period__in=periods).exists()
        or periods.exclude(status=PeriodStatus.OPEN).exists()
    ):
        raise ValidationError(
            _(
                "Периодичность можно изменить, только пока ни в одном периоде нет данных и ни "
                "один период не сдан."
            )
        )
    for period in periods:
        period._history_user = actor
        period.delete()
    built = _build(programme, frequency)
    _save_all(built, actor)
    return built


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    locked = (
        ReportingPeriod.objects.select_for_update()
        .select_related("programme__municipality__district")
        .get(pk=period.pk)
    )
    # handed in, closed or given back: the programme's summary is counted after commit
    summary_schedule(programme_id=locked.programme_id)
    return locked


@transaction.atomic
def period_submit(*, period: ReportingPeriod, actor, at: datetime | None = None) -> ReportingPeriod:
    """The ГСМиО hands a period in: from then on its data cannot change, unless the council
    secretary gives it back. `at`: when it was handed in, if not now (a record entered
    afterwards)."""
    period = _locked(period)
    require(actor, period.programme, Need.MONITOR, _("Сдать период может только член ГСМиО."))
    if period.status != PeriodStatus.OPEN:
        raise ValidationError(_("Сдать можно только открытый период."))
    period.status = PeriodStatus.SUBMITTED
    period.submitted_at = at or timezone.now()
    period.submitted_by = actor
    period.reopen_reason = ""
    period._history_user = actor
    period.save()
    # what a period handed in holds is what the public page shows
    programme_public_changed(period.programme_id)
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor, at: datetime | None = None) -> ReportingPeriod:
    """The council secretary accepts a period the group handed in (`at`: when, if not now)."""
    period = _locked(period)
    require(
        actor,
        period.programme,
        Need.COUNCIL,
        _("Закрыть период может только секретарь айылного кенеша."),
    )
    if period.status != PeriodStatus.SUBMITTED:
        raise ValidationError(_("Закрыть можно только период, сданный ГСМиО."))
    period.status = PeriodStatus.CLOSED
    period.closed_at = at or timezone.now()
    period._history_user = actor
    period.save()
    programme_public_changed(period.programme_id)  # the open data say the period is closed
    return period


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, actor, reason: str) -> ReportingPeriod:
    """The council secretary gives a handed-in (or closed) period back to the group, saying why;
    the reason is kept in the period and its history."""
    period = _locked(period)
    require(
        actor,
        period.programme,
        Need.COUNCIL,
        _("Вернуть период ГСМиО может только секретарь айылного кенеша."),
    )
    if period.status == PeriodStatus.OPEN:
        raise ValidationError(_("Этот период и так открыт."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Напишите, почему период возвращается ГСМиО.")})
    period.status = PeriodStatus.OPEN
    period.closed_at = None
    period.reopen_reason = reason
    period._history_user = actor
    period._change_reason = reason
    period.full_clean()
    period.save()
    programme_public_changed(period.programme_id)  # its data leave the public page
    return period
