"""The activity plan: directions → goals → objectives → activities, and the activities' costs by
year and funding source.

Every function is keyword-only and takes the `actor` (a member or the chair of the working group
of the municipality). Titles and other texts are given in both languages (`title_ru`,
`title_ky`); one language is enough. New items go to the end of their parent; `*_move` swaps an
item with its neighbour; `*_delete` removes the item with everything under it, recording each
removed row in the history with the actor."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from ..models import (
    Activity,
    ActivityCost,
    Direction,
    FundingSource,
    Goal,
    Objective,
    Programme,
    Village,
)
from ..parts import part_of
from ..permissions import ensure_editable
from .common import (
    assign_fields,
    next_sort_order,
    plain_delete,
    plain_save,
    require_can,
    revisioned_save,
)

ACTIVITY_FIELDS = frozenset(
    {f"{name}_{lang}" for name in part_of(Activity).translated for lang in ("ru", "ky")}
    | {"start_date", "end_date", "village", "is_joint_action"}
)

Costs = dict[tuple[int, str], Decimal | None]


def cost_field_name(source: str, year: int) -> str:
    """The name of a cell of the costs grid, e.g. `cost_local_budget_2021`. Errors of
    `activity_costs_set` are reported under these names."""
    return f"cost_{source}_{year}"


# --- shared steps ---------------------------------------------------------------------------


def _check_actor(programme: Programme, actor) -> None:
    require_can(actor, programme)


@transaction.atomic
def _create(instance, siblings: models.QuerySet, *, programme, actor, fields, allowed):
    _check_actor(programme, actor)
    assign_fields(instance, fields, allowed)
    instance.sort_order = next_sort_order(siblings)
    return revisioned_save(instance, programme=programme, actor=actor, expected_revision=None)


def _update(instance, *, programme, actor, expected_revision, fields, allowed):
    _check_actor(programme, actor)
    assign_fields(instance, fields, allowed)
    return revisioned_save(
        instance,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )


@transaction.atomic
def _move(instance, siblings: models.QuerySet, *, programme, actor, up: bool):
    """Swap the item with its neighbour above (`up`) or below. The order of the siblings is
    written as 1, 2, 3, … so that items with equal `sort_order` move too."""
    _check_actor(programme, actor)
    ensure_editable(programme)
    ordered = list(siblings.select_for_update().order_by("sort_order", "id"))
    index = next((i for i, item in enumerate(ordered) if item.pk == instance.pk), None)
    if index is None:
        return instance
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.sort_order != position:
            item.sort_order = position
            plain_save(item, programme=programme, actor=actor)
        if item.pk == instance.pk:
            instance.sort_order = position
    return instance


@transaction.atomic
def _delete(instance, *, programme, actor) -> None:
    """Delete the item and everything under it. Django's cascade would record the removed
    children in the history without a user; here each of them carries the actor."""
    _check_actor(programme, actor)
    ensure_editable(programme)
    collector = Collector(using=router.db_for_write(type(instance)))
    for rel in instance._meta.related_objects:
        if rel.on_delete is not models.CASCADE:
            continue  # history rows, and indicators that only lose their activity
        related = list(rel.related_model._base_manager.filter(**{rel.field.name: instance}))
        if related:
            collector.collect(related)  # one model at a time, with everything under it
    for objects in collector.data.values():
        for obj in objects:
            obj._history_user = actor
    collector.delete()
    plain_delete(instance, programme=programme, actor=actor)


# --- directions -----------------------------------------------------------------------------

TITLE_FIELDS = frozenset({"title_ru", "title_ky"})


def direction_create(*, programme: Programme, actor, title_ru: str = "", title_ky: str = ""):
    """A new direction of development at the end of the plan."""
    return _create(
        Direction(programme=programme),
        Direction.objects.filter(programme=programme),
        programme=programme,
        actor=actor,
        fields={"title_ru": title_ru, "title_ky": title_ky},
        allowed=TITLE_FIELDS,
    )


def direction_update(
    *, direction: Direction, actor, expected_revision: int | None = None, **fields
) -> Direction:
    return _update(
        direction,
        programme=direction.programme,
        actor=actor,
        expected_revision=expected_revision,
        fields=fields,
        allowed=TITLE_FIELDS,
    )


def direction_move(*, direction: Direction, actor, up: bool) -> Direction:
    return _move(
        direction,
        Direction.objects.filter(programme_id=direction.programme_id),
        programme=direction.programme,
        actor=actor,
        up=up,
    )


def direction_delete(*, direction: Direction, actor) -> None:
    """Delete the direction with its goals, objectives, activities, costs and indicators."""
    _delete(direction, programme=direction.programme, actor=actor)


# --- goals ----------------------------------------------------------------------------------


def goal_create(*, direction: Direction, actor, title_ru: str = "", title_ky: str = "") -> Goal:
    return _create(
        Goal(direction=direction),
        Goal.objects.filter(direction=direction),
        programme=direction.programme,
        actor=actor,
        fields={"title_ru": title_ru, "title_ky": title_ky},
        allowed=TITLE_FIELDS,
    )


def goal_update(*, goal: Goal, actor, expected_revision: int | None = None, **fields) -> Goal:
    return _update(
        goal,
        programme=goal.direction.programme,
        actor=actor,
        expected_revision=expected_revision,
        fields=fields,
        allowed=TITLE_FIELDS,
    )


def goal_move(*, goal: Goal, actor, up: bool) -> Goal:
    return _move(
        goal,
        Goal.objects.filter(direction_id=goal.direction_id),
        programme=goal.direction.programme,
        actor=actor,
        up=up,
    )


def goal_delete(*, goal: Goal, actor) -> None:
    _delete(goal, programme=goal.direction.programme, actor=actor)


# --- objectives -----------------------------------------------------------------------------


def objective_create(*, goal: Goal, actor, title_ru: str = "", title_ky: str = "") -> Objective:
    return _create(
        Objective(goal=goal),
        Objective.objects.filter(goal=goal),
        programme=goal.direction.programme,
        actor=actor,
        fields={"title_ru": title_ru, "title_ky": title_ky},
        allowed=TITLE_FIELDS,
    )


def objective_update(
    *, objective: Objective, actor, expected_revision: int | None = None, **fields
) -> Objective:
    return _update(
        objective,
        programme=objective.goal.direction.programme,
        actor=actor,
        expected_revision=expected_revision,
        fields=fields,
        allowed=TITLE_FIELDS,
    )


def objective_move(*, objective: Objective, actor, up: bool) -> Objective:
    return _move(
        objective,
        Objective.objects.filter(goal_id=objective.goal_id),
        programme=objective.goal.direction.programme,
        actor=actor,
        up=up,
    )


def objective_delete(*, objective: Objective, actor) -> None:
    _delete(objective, programme=objective.goal.direction.programme, actor=actor)


# --- activities -----------------------------------------------------------------------------


def activity_date_errors(
    programme: Programme, start: date | None, end: date | None
) -> dict[str, ValidationError]:
    """What is wrong with an activity's dates: both inside the programme period (from 1 January
    of its first year to 31 December of its last), the end not before the start.

    Each error has a code and the dates as params: the import lists errors by row, away from
    the cell, and words them with the dates the person typed."""
    errors: dict[str, ValidationError] = {}
    first, last = date(programme.start_year, 1, 1), date(programme.end_year, 12, 31)
    period = {
        "first": first.strftime("%d.%m.%Y"),
        "last": last.strftime("%d.%m.%Y"),
        "period": programme.period,
    }
    if start is not None and not first <= start <= last:
        errors["start_date"] = ValidationError(
            _("Начало должно быть в периоде программы: с %(first)s по %(last)s."),
            code="date_outside_period",
            params={**period, "value": start},
        )
    if end is not None and not first <= end <= last:
        errors["end_date"] = ValidationError(
            _("Окончание должно быть в периоде программы: с %(first)s по %(last)s."),
            code="date_outside_period",
            params={**period, "value": end},
        )
    if start is not None and end is not None and end < start and "end_date" not in errors:
        errors["end_date"] = ValidationError(
            _("Окончание не может быть раньше начала."),
            code="end_before_start",
            params={"start": start, "end": end},
        )
    return errors


def _check_activity(activity: Activity, programme: Programme) -> None:
    """Dates inside the programme period, end not before start, a village of this programme."""
    errors = activity_date_errors(programme, activity.start_date, activity.end_date)
    if (
        activity.village_id is not None
        and not Village.objects.filter(
            pk=activity.village_id, passport__programme=programme
        ).exists()
    ):
        errors["village"] = _("Выберите село из паспорта этой программы.")
    if errors:
        raise ValidationError(errors)


def _save_activity(activity, *, programme, actor, expected_revision, costs):
    _check_activity(activity, programme)
    activity = revisioned_save(
        activity,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )
    if costs is not None:
        activity_costs_set(activity=activity, costs=costs, actor=actor)
    return activity


@transaction.atomic
def activity_create(
    *, objective: Objective, actor, costs: Costs | None = None, **fields
) -> Activity:
    """A new activity at the end of the objective. `fields`: `title_ru`, `title_ky` (one of
    them), optionally `description_*`, `responsible_*`, `expected_result_*`,
    `community_contribution_*`, `start_date`, `end_date`, `village`, `is_joint_action`;
    `costs` as in `activity_costs_set`."""
    programme = objective.goal.direction.programme
    _check_actor(programme, actor)
    activity = Activity(objective=objective, programme=programme)
    assign_fields(activity, fields, ACTIVITY_FIELDS)
    activity.sort_order = next_sort_order(Activity.objects.filter(objective=objective))
    return _save_activity(
        activity, programme=programme, actor=actor, expected_revision=None, costs=costs
    )


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    actor,
    expected_revision: int | None = None,
    costs: Costs | None = None,
    **fields,
) -> Activity:
    """Change the activity and (when `costs` is given) its costs, in one transaction: both are
    written or neither."""
    programme = activity.programme
    _check_actor(programme, actor)
    assign_fields(activity, fields, ACTIVITY_FIELDS)
    return _save_activity(
        activity,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
        costs=costs,
    )


def activity_move(*, activity: Activity, actor, up: bool) -> Activity:
    return _move(
        activity,
        Activity.objects.filter(objective_id=activity.objective_id),
        programme=activity.programme,
        actor=actor,
        up=up,
    )


def activity_delete(*, activity: Activity, actor) -> None:
    """Delete the activity with its costs (its indicators stay, without the activity)."""
    _delete(activity, programme=activity.programme, actor=actor)


def _amount(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = str(value)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(value) from None


@transaction.atomic
def activity_costs_set(*, activity: Activity, costs: Costs, actor) -> None:
    """Set the costs of an activity, in thousands of som: `costs` maps `(year, source)` to an
    amount or to `None` (no cost: an existing one is deleted). Cells not in `costs` stay as
    they are. Every cell is checked before anything is written; errors are reported under
    `cost_<source>_<year>`."""
    programme = activity.programme
    _check_actor(programme, actor)
    ensure_editable(programme)
    sources = set(FundingSource.values)
    years = set(programme.years)
    existing = {(c.year, c.source): c for c in activity.costs.select_for_update()}
    errors: dict[str, list[str]] = {}
    to_save: list[ActivityCost] = []
    to_delete: list[ActivityCost] = []
    for (year, source), value in costs.items():
        key = cost_field_name(source, year)
        if source not in sources:
            raise ValueError(f"unknown funding source: {source!r}")
        try:
            amount = _amount(value)
        except ValueError:
            errors[key] = [_("Введите число, например 150 или 150.5.")]
            continue
        if amount is None:
            if (year, source) in existing:
                to_delete.append(existing[(year, source)])
            continue
        if year not in years:
            errors[key] = [
                ValidationError(
                    _("%(year)s год вне периода программы (%(period)s)."),
                    code="year_outside_period",
                    params={"year": year, "period": programme.period},
                )
            ]
            continue
        cost = existing.get((year, source)) or ActivityCost(
            activity=activity, year=year, source=source
        )
        if cost.pk is not None and cost.amount == amount:
            continue
        if amount < 0:
            errors[key] = [_("Стоимость не может быть отрицательной.")]
            continue
        cost.amount = amount
        try:
            cost.full_clean(exclude=["activity"])
        except ValidationError as error:  # kept whole: the import words them by their code
            errors[key] = [e for field_errors in error.error_dict.values() for e in field_errors]
            continue
        to_save.append(cost)
    if errors:
        raise ValidationError(errors)
    for cost in to_delete:
        plain_delete(cost, programme=programme, actor=actor)
    for cost in to_save:
        plain_save(cost, programme=programme, actor=actor)
