"""Indicators of the programme (its M&E plan) and their target values per year."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Activity, Goal, Indicator, IndicatorTarget, Objective, Programme
from ..permissions import ensure_editable
from .common import plain_delete, plain_save, require_can, require_translated, revisioned_save

# What a person may change on an indicator (besides where it is attached and its targets).
EDITABLE_FIELDS = frozenset(
    {
        "name_ru",
        "name_ky",
        "unit",
        "direction",
        "is_cumulative",
        "baseline_value",
        "baseline_year",
        "means_of_verification_ru",
        "means_of_verification_ky",
        "is_sex_disaggregated",
    }
)


def _merge(errors: dict, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    else:
        errors.setdefault("__all__", []).extend(error.messages)


def _link_errors(
    programme: Programme,
    goal: Goal | None,
    objective: Objective | None,
    activity: Activity | None,
) -> dict:
    """An indicator belongs to exactly one goal or objective of this programme; its optional
    activity is one of this programme's activities under that goal or objective."""
    errors: dict[str, list] = {}
    if (goal is None) == (objective is None):
        errors["attached_to"] = [
            _("Выберите одну цель или одну задачу, к которой относится индикатор.")
        ]
        return errors
    if goal is not None and goal.direction.programme_id != programme.pk:
        errors["attached_to"] = [_("Эта цель не относится к программе.")]
    if objective is not None and objective.goal.direction.programme_id != programme.pk:
        errors["attached_to"] = [_("Эта задача не относится к программе.")]
    if activity is not None and not errors:
        if activity.programme_id != programme.pk:
            errors["activity"] = [_("Это мероприятие не относится к программе.")]
        elif objective is not None and activity.objective_id != objective.pk:
            errors["activity"] = [_("Мероприятие должно относиться к выбранной задаче.")]
        elif goal is not None and activity.objective.goal_id != goal.pk:
            errors["activity"] = [
                _("Мероприятие должно относиться к одной из задач выбранной цели.")
            ]
    return errors


def _baseline_errors(programme: Programme, indicator: Indicator) -> dict:
    errors: dict[str, list] = {}
    value, year = indicator.baseline_value, indicator.baseline_year
    if value is not None and value < 0:
        errors["baseline_value"] = [_("Базовое значение не может быть отрицательным.")]
    if value is not None and year is None:
        errors["baseline_year"] = [_("Укажите год, к которому относится базовое значение.")]
    if year is not None and value is None:
        errors["baseline_value"] = [_("Укажите базовое значение для этого года.")]
    if year is not None and year > programme.end_year:
        errors.setdefault("baseline_year", []).append(
            _("Год базового значения не может быть позже конца программы (%(year)s).")
            % {"year": programme.end_year}
        )
    return errors


def _target_errors(programme: Programme, targets: dict[int, Decimal | None]) -> dict:
    errors: dict[str, list] = {}
    years = set(programme.years)
    for year, value in targets.items():
        key = f"target_{year}"
        if year not in years:
            errors[key] = [
                _(
                    "Год %(year)s вне периода программы (%(period)s): целевое значение "
                    "на него задать нельзя."
                )
                % {"year": year, "period": programme.period}
            ]
        elif value is not None and value < 0:
            errors[key] = [_("Целевое значение не может быть отрицательным.")]
    return errors


def _validate(indicator: Indicator, programme: Programme, targets) -> None:
    errors = _link_errors(programme, indicator.goal, indicator.objective, indicator.activity)
    for field, messages in _baseline_errors(programme, indicator).items():
        errors.setdefault(field, []).extend(messages)
    for field, messages in _target_errors(programme, targets or {}).items():
        errors.setdefault(field, []).extend(messages)
    try:
        require_translated(indicator)
    except ValidationError as error:
        _merge(errors, error)
    if errors:
        raise ValidationError(errors)


def _write_targets(indicator: Indicator, targets: dict[int, Decimal | None], actor) -> None:
    programme = indicator.programme
    existing = {target.year: target for target in indicator.targets.all()}
    for year, value in sorted(targets.items()):
        target = existing.get(year)
        try:
            if value is None:
                if target is not None:
                    plain_delete(target, programme=programme, actor=actor)
            elif target is None:
                plain_save(
                    IndicatorTarget(indicator=indicator, year=year, value=value),
                    programme=programme,
                    actor=actor,
                )
            elif target.value != value:
                target.value = value
                plain_save(target, programme=programme, actor=actor)
        except ValidationError as error:
            raise ValidationError({f"target_{year}": error.messages}) from error


@transaction.atomic
def indicator_targets_set(
    *, indicator: Indicator, targets: dict[int, Decimal | None], actor
) -> None:
    """Set the target values of an indicator for the given years: a value creates or changes
    the year's target, None removes it; years not named are left as they are. A year outside
    the programme period is refused; the database keeps one target per indicator per year."""
    programme = indicator.programme
    require_can(actor, programme)
    ensure_editable(programme)
    errors = _target_errors(programme, targets)
    if errors:
        raise ValidationError(errors)
    _write_targets(indicator, targets, actor)


@transaction.atomic
def indicator_create(
    *,
    programme: Programme,
    actor,
    goal: Goal | None = None,
    objective: Objective | None = None,
    activity: Activity | None = None,
    targets: dict[int, Decimal | None] | None = None,
    **fields,
) -> Indicator:
    """A new indicator of a goal or an objective of a draft programme, with its targets."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    require_can(actor, programme)
    ensure_editable(programme)
    last = programme.indicators.aggregate(last=Max("sort_order"))["last"]
    indicator = Indicator(
        programme=programme,
        goal=goal,
        objective=objective,
        activity=activity,
        sort_order=0 if last is None else last + 1,
        **fields,
    )
    _validate(indicator, programme, targets)
    revisioned_save(indicator, programme=programme, actor=actor, expected_revision=None)
    if targets:
        _write_targets(indicator, targets, actor)
    return indicator


@transaction.atomic
def indicator_update(
    indicator: Indicator,
    *,
    actor,
    expected_revision: int | None,
    goal: Goal | None,
    objective: Objective | None,
    activity: Activity | None = None,
    targets: dict[int, Decimal | None] | None = None,
    **fields,
) -> Indicator:
    """Change an indicator and its targets together; refused with `StaleEdit` when someone
    saved the indicator after `expected_revision`."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    programme = indicator.programme
    require_can(actor, programme)
    ensure_editable(programme)
    indicator.goal, indicator.objective, indicator.activity = goal, objective, activity
    for name, value in fields.items():
        setattr(indicator, name, value)
    _validate(indicator, programme, targets)
    revisioned_save(
        indicator,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )
    if targets:
        _write_targets(indicator, targets, actor)
    return indicator


@transaction.atomic
def indicator_delete(indicator: Indicator, *, actor) -> None:
    """Delete an indicator with its targets (each removal is kept in the history)."""
    programme = indicator.programme
    require_can(actor, programme)
    for target in indicator.targets.all():
        plain_delete(target, programme=programme, actor=actor)
    plain_delete(indicator, programme=programme, actor=actor)
