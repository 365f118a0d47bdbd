"""What the ГСМиО enters for a period: the actual value of each indicator (with women and men
where the indicator is split by sex) and the progress and spending of each activity. Every
write checks the person, the period (open, of this programme) and the item (of this
programme), validates with the models' own rules and keeps the history."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.permissions import Need
from planning.models import Activity, FundingSource, Indicator
from planning.services.uploads import check_scan

from ..errors import PeriodClosed
from ..models import (
    EVIDENCE_MAX_BYTES,
    NEEDS_REASON,
    ActivityProgress,
    ActivitySpending,
    ActivityStatus,
    IndicatorActual,
    PeriodStatus,
    ReportingPeriod,
)
from .periods import require
from .summary import summary_schedule


def _open_period(period: ReportingPeriod, actor) -> ReportingPeriod:
    """The period locked as stored now: writable while open, by a member of the ГСМиО."""
    locked = (
        ReportingPeriod.objects.select_for_update()
        .select_related("programme__municipality__district")
        .get(pk=period.pk)
    )
    require(actor, locked.programme, Need.MONITOR)
    if locked.status != PeriodStatus.OPEN:
        raise PeriodClosed()
    # every write of a period's data (the forms, the import) changes what the roll-up counts
    summary_schedule(programme_id=locked.programme_id)
    return locked


def _check_indicator(period: ReportingPeriod, indicator: Indicator) -> None:
    if indicator.programme_id != period.programme_id:
        raise ValidationError(_("Этот индикатор не из программы этого периода."))


def sex_split_errors(indicator: Indicator, value, women, men) -> dict:
    """The rules of a split by sex, worded for the person who typed it (also used by the
    import)."""
    errors = {}
    if (women is not None or men is not None) and not indicator.is_sex_disaggregated:
        errors["women"] = _("Этот индикатор не разбивается по полу: оставьте поля пустыми.")
    elif women is not None and men is not None and value is not None and women + men != value:
        errors["women"] = _(
            "Женщины (%(women)s) и мужчины (%(men)s) вместе дают %(sum)s, а общее значение — "
            "%(value)s. Исправьте одно из чисел."
        ) % {"women": women, "men": men, "sum": women + men, "value": value}
    return errors


@transaction.atomic
def actual_set(
    *,
    period: ReportingPeriod,
    indicator: Indicator,
    actor,
    value: Decimal,
    women: Decimal | None = None,
    men: Decimal | None = None,
    source: str = "",
    evidence=None,
    evidence_link: str = "",
    comment: str = "",
) -> IndicatorActual:
    """The actual value of an indicator in a period, new or corrected (the correction is in
    the history, old → new)."""
    period = _open_period(period, actor)
    _check_indicator(period, indicator)
    if value is None:
        raise ValidationError({"value": _("Введите фактическое значение.")})
    errors = sex_split_errors(indicator, value, women, men)
    if errors:
        raise ValidationError(errors)
    actual = (
        IndicatorActual.objects.select_for_update()
        .filter(period=period, indicator=indicator)
        .first()
    ) or IndicatorActual(period=period, indicator=indicator)
    actual.value = value
    actual.women = women
    actual.men = men
    actual.source = (source or "").strip()
    actual.evidence_link = (evidence_link or "").strip()
    actual.comment = (comment or "").strip()
    if evidence:
        check_scan(evidence, max_bytes=EVIDENCE_MAX_BYTES, field="evidence")
        actual.evidence = evidence
    actual.entered_by = actor
    actual.full_clean()
    actual._history_user = actor
    actual.save()
    return actual


@transaction.atomic
def actual_delete(*, actual: IndicatorActual, actor) -> None:
    _open_period(actual.period, actor)
    actual._history_user = actor
    actual.delete()


def progress_errors(status: str, percent, comment: str) -> dict:
    """The rules of an activity's progress, worded for the person (also used by the import)."""
    errors = {}
    if status not in ActivityStatus.values:
        errors["status"] = _("Выберите состояние мероприятия.")
    if percent is None:
        errors["percent"] = _("Укажите, на сколько процентов выполнено мероприятие.")
    elif not 0 <= percent <= 100:
        errors["percent"] = _("Процент выполнения — от 0 до 100.")
    elif status == ActivityStatus.DONE and percent != 100:
        errors["percent"] = _("Выполненное мероприятие — это 100 %.")
    if status in NEEDS_REASON and not (comment or "").strip():
        errors["comment"] = _("Для задержанного или отменённого мероприятия укажите причину.")
    return errors


@transaction.atomic
def progress_set(
    *,
    period: ReportingPeriod,
    activity: Activity,
    actor,
    status: str,
    percent: int,
    comment: str = "",
    spending: dict[str, Decimal | None] | None = None,
) -> ActivityProgress:
    """An activity's state in a period, with the money spent by funding source (an empty amount
    removes that source's row)."""
    period = _open_period(period, actor)
    if activity.programme_id != period.programme_id:
        raise ValidationError(_("Это мероприятие не из программы этого периода."))
    errors = progress_errors(status, percent, comment)
    spending = spending or {}
    for source, amount in spending.items():
        if source not in FundingSource.values:
            raise ValueError(f"unknown funding source {source!r}")
        if amount is not None and amount < 0:
            errors[f"spent_{source}"] = _("Расход не может быть отрицательным.")
    if errors:
        raise ValidationError(errors)
    progress = (
        ActivityProgress.objects.select_for_update()
        .filter(period=period, activity=activity)
        .first()
    ) or ActivityProgress(period=period, activity=activity)
    progress.status = status
    progress.percent = percent
    progress.comment = (comment or "").strip()
    progress.entered_by = actor
    progress.full_clean()
    progress._history_user = actor
    progress.save()
    existing = {row.source: row for row in progress.spending.all()}
    for source, amount in spending.items():
        row = existing.get(source)
        if amount is None:
            if row is not None:
                row._history_user = actor
                row.delete()
            continue
        if row is not None and row.amount == amount:
            continue
        row = row or ActivitySpending(progress=progress, source=source)
        row.amount = amount
        row.full_clean()
        row._history_user = actor
        row.save()
    return progress


@transaction.atomic
def progress_delete(*, progress: ActivityProgress, actor) -> None:
    _open_period(progress.period, actor)
    progress._history_user = actor
    progress.delete()
