"""Passport of the municipality, situation analysis by sector and SWOT: the writes.

Every function checks that the actor may edit the programme (a member of its working group,
draft only), validates, writes in one transaction and leaves the actor in the history."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ..models import (
    BudgetYear,
    KeyFigure,
    Passport,
    Problem,
    Programme,
    Sector,
    SectorAnalysis,
    SwotItem,
    Village,
)
from ..permissions import ensure_editable
from .common import (
    assign_fields,
    next_sort_order,
    plain_delete,
    plain_save,
    require_can,
    require_translated,
    revisioned_save,
)

PASSPORT_FIELDS = (
    "geographic_position_ru",
    "geographic_position_ky",
    "landscape_ru",
    "landscape_ky",
    "distance_to_district_centre_km",
    "distance_to_oblast_centre_km",
    "distance_to_capital_km",
    "year_founded",
    "area_ha",
    "population_total",
    "population_women",
    "population_men",
    "households",
    "data_year",
)
VILLAGE_FIELDS = ("name_ru", "name_ky", "population")
BUDGET_YEAR_FIELDS = ("year", "revenue", "expenditure")
KEY_FIGURE_FIELDS = ("name_ru", "name_ky", "value", "unit", "year")
PROBLEM_FIELDS = ("text_ru", "text_ky", "raised_by_citizens")
SWOT_ITEM_FIELDS = ("kind", "text_ru", "text_ky")

YEAR_MIN, YEAR_MAX = 2000, 2100


# --- shared --------------------------------------------------------------------------------


def _ensure_can_edit(actor, programme: Programme) -> None:
    require_can(actor, programme)
    ensure_editable(programme)


def _save_translated(
    instance: models.Model,
    *,
    programme: Programme,
    actor,
    expected_revision: int | None = None,
):
    """Save an item with texts in two languages (one of them at least, where required)."""
    if hasattr(instance, "revision"):
        return revisioned_save(
            instance, programme=programme, actor=actor, expected_revision=expected_revision
        )
    require_translated(instance)
    return plain_save(instance, programme=programme, actor=actor)


def _check_year(year, field: str = "year") -> None:
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            {
                field: _("Год должен быть от %(min)d до %(max)d.")
                % {"min": YEAR_MIN, "max": YEAR_MAX}
            }
        )


def _check_max_length(instance, *names: str) -> None:
    """Text fields have no length check in `full_clean`; a form has one, but every caller of a
    service gets the same clear message."""
    errors = {}
    for name in names:
        limit = instance._meta.get_field(name).max_length
        value = getattr(instance, name) or ""
        if limit and len(value) > limit:
            errors[name] = _(
                "Текст слишком длинный: %(length)d символов, можно не больше %(limit)d."
            ) % {"length": len(value), "limit": limit}
    if errors:
        raise ValidationError(errors)


# --- passport ------------------------------------------------------------------------------


def check_population(total, women, men) -> None:
    """Women and men together cannot be more than all inhabitants."""
    known = [n for n in (women, men) if n is not None]
    if total is not None and known and sum(known) > total:
        raise ValidationError(
            {
                "population_total": _(
                    "Женщин и мужчин вместе (%(sum)d) больше, чем всего жителей (%(total)d). "
                    "Проверьте числа."
                )
                % {"sum": sum(known), "total": total}
            }
        )


def passport_get_or_create(*, programme: Programme, actor) -> Passport:
    """The passport of the programme (every programme gets one when it is created)."""
    passport = Passport.objects.filter(programme=programme).first()
    if passport is None:
        _ensure_can_edit(actor, programme)
        passport = revisioned_save(
            Passport(programme=programme), programme=programme, actor=actor, expected_revision=None
        )
    passport.programme = programme
    return passport


def passport_update(
    *, passport: Passport, actor, expected_revision: int | None, **fields
) -> Passport:
    """Change the general characteristics of the territory. Both texts may stay empty."""
    programme = passport.programme
    _ensure_can_edit(actor, programme)
    assign_fields(passport, fields, PASSPORT_FIELDS)
    check_population(passport.population_total, passport.population_women, passport.population_men)
    _check_max_length(
        passport,
        "geographic_position_ru",
        "geographic_position_ky",
        "landscape_ru",
        "landscape_ky",
    )
    return revisioned_save(
        passport, programme=programme, actor=actor, expected_revision=expected_revision
    )


def village_create(*, passport: Passport, actor, **fields) -> Village:
    programme = passport.programme
    _ensure_can_edit(actor, programme)
    village = Village(passport=passport)
    assign_fields(village, fields, VILLAGE_FIELDS)
    village.sort_order = next_sort_order(passport.villages.all())
    return _save_translated(village, programme=programme, actor=actor)


def village_update(
    *, village: Village, actor, expected_revision: int | None = None, **fields
) -> Village:
    programme = village.passport.programme
    _ensure_can_edit(actor, programme)
    assign_fields(village, fields, VILLAGE_FIELDS)
    return _save_translated(
        village,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )


def village_delete(*, village: Village, actor) -> None:
    """Activities placed in the village keep existing, without a place."""
    programme = village.passport.programme
    _ensure_can_edit(actor, programme)
    plain_delete(village, programme=programme, actor=actor)


def _check_budget_year_free(budget: BudgetYear) -> None:
    taken = BudgetYear.objects.filter(passport_id=budget.passport_id, year=budget.year)
    if budget.pk is not None:
        taken = taken.exclude(pk=budget.pk)
    if budget.year is not None and taken.exists():
        raise ValidationError(
            {
                "year": _(
                    "Бюджет за %(year)d год уже введён. Измените его строку в таблице "
                    "вместо того, чтобы добавлять ещё одну."
                )
                % {"year": budget.year}
            }
        )


def budget_year_create(*, passport: Passport, actor, **fields) -> BudgetYear:
    programme = passport.programme
    _ensure_can_edit(actor, programme)
    budget = BudgetYear(passport=passport)
    assign_fields(budget, fields, BUDGET_YEAR_FIELDS)
    _check_year(budget.year)
    _check_budget_year_free(budget)
    return plain_save(budget, programme=programme, actor=actor)


def budget_year_update(
    *, budget: BudgetYear, actor, expected_revision: int | None = None, **fields
) -> BudgetYear:
    programme = budget.passport.programme
    _ensure_can_edit(actor, programme)
    assign_fields(budget, fields, BUDGET_YEAR_FIELDS)
    _check_year(budget.year)
    _check_budget_year_free(budget)
    return revisioned_save(
        budget, programme=programme, actor=actor, expected_revision=expected_revision
    )


def budget_year_delete(*, budget: BudgetYear, actor) -> None:
    programme = budget.passport.programme
    _ensure_can_edit(actor, programme)
    plain_delete(budget, programme=programme, actor=actor)


# --- situation analysis by sector ----------------------------------------------------------


def _find_analysis(programme: Programme, sector: Sector) -> SectorAnalysis | None:
    return (
        SectorAnalysis.objects.select_for_update()
        .filter(programme=programme, sector=sector)
        .first()
    )


@transaction.atomic
def sector_analysis_get_or_create(*, programme: Programme, sector: Sector, actor) -> SectorAnalysis:
    """The analysis of the sector in the programme; created (empty) the first time something
    is written into it."""
    _ensure_can_edit(actor, programme)
    analysis = _find_analysis(programme, sector)
    if analysis is not None:
        return analysis
    return revisioned_save(
        SectorAnalysis(programme=programme, sector=sector),
        programme=programme,
        actor=actor,
        expected_revision=None,
    )


@transaction.atomic
def sector_analysis_update(
    *,
    programme: Programme,
    sector: Sector,
    actor,
    expected_revision: int | None,
    situation_ru: str,
    situation_ky: str,
) -> SectorAnalysis:
    """Write the current situation of the sector. `expected_revision` 0 means the person
    started when the analysis did not exist yet: if someone created it meanwhile, the save is
    refused as a stale edit."""
    _ensure_can_edit(actor, programme)
    analysis = _find_analysis(programme, sector)
    if analysis is None:
        analysis = SectorAnalysis(programme=programme, sector=sector)
        expected_revision = None
    analysis.situation_ru = situation_ru
    analysis.situation_ky = situation_ky
    _check_max_length(analysis, "situation_ru", "situation_ky")
    return revisioned_save(
        analysis, programme=programme, actor=actor, expected_revision=expected_revision
    )


def _check_figure(figure: KeyFigure) -> None:
    _check_year(figure.year)


@transaction.atomic
def key_figure_create(*, programme: Programme, sector: Sector, actor, **fields) -> KeyFigure:
    analysis = sector_analysis_get_or_create(programme=programme, sector=sector, actor=actor)
    figure = KeyFigure(analysis=analysis)
    assign_fields(figure, fields, KEY_FIGURE_FIELDS)
    _check_figure(figure)
    figure.sort_order = next_sort_order(analysis.figures.all())
    return _save_translated(figure, programme=programme, actor=actor)


def key_figure_update(
    *, figure: KeyFigure, actor, expected_revision: int | None = None, **fields
) -> KeyFigure:
    programme = figure.analysis.programme
    _ensure_can_edit(actor, programme)
    assign_fields(figure, fields, KEY_FIGURE_FIELDS)
    _check_figure(figure)
    return _save_translated(
        figure,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )


def key_figure_delete(*, figure: KeyFigure, actor) -> None:
    programme = figure.analysis.programme
    _ensure_can_edit(actor, programme)
    plain_delete(figure, programme=programme, actor=actor)


def _rerank(analysis: SectorAnalysis, ordered: list[Problem], actor) -> None:
    """Give the problems the priorities 1..n in the given order; a problem whose priority
    changes gets a new revision (an open edit of it then sees the change) and a history entry."""
    for rank, problem in enumerate(ordered, start=1):
        if problem.priority != rank:
            problem.priority = rank
            problem.revision += 1
            problem._history_user = actor
            problem.save(update_fields=["priority", "revision", "updated_at"])


def _problems_of(analysis: SectorAnalysis, exclude: Problem | None = None) -> list[Problem]:
    qs = Problem.objects.select_for_update().filter(analysis=analysis).order_by("priority", "id")
    if exclude is not None and exclude.pk is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs)


def _place(problem: Problem, others: list[Problem], priority: int | None) -> list[Problem]:
    """`others` with `problem` inserted at `priority` (1 = most important; None = last)."""
    position = len(others) + 1 if priority is None else max(1, min(priority, len(others) + 1))
    problem.priority = position
    return [*others[: position - 1], problem, *others[position - 1 :]]


@transaction.atomic
def problem_create(
    *,
    programme: Programme,
    sector: Sector,
    actor,
    priority: int | None = None,
    **fields,
) -> Problem:
    """A problem of the sector at rank `priority` (the ones from there on move down), or last."""
    analysis = sector_analysis_get_or_create(programme=programme, sector=sector, actor=actor)
    problem = Problem(analysis=analysis)
    assign_fields(problem, fields, PROBLEM_FIELDS)
    ordered = _place(problem, _problems_of(analysis), priority)
    _save_translated(problem, programme=programme, actor=actor)
    _rerank(analysis, ordered, actor)
    return problem


@transaction.atomic
def problem_update(
    *,
    problem: Problem,
    actor,
    expected_revision: int | None,
    priority: int | None = None,
    **fields,
) -> Problem:
    """Change a problem; a new `priority` moves it to that rank and re-ranks the others."""
    analysis = problem.analysis
    programme = analysis.programme
    _ensure_can_edit(actor, programme)
    assign_fields(problem, fields, PROBLEM_FIELDS)
    others = _problems_of(analysis, exclude=problem)
    ordered = _place(problem, others, problem.priority if priority is None else priority)
    _save_translated(
        problem,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )
    _rerank(analysis, ordered, actor)
    return problem


@transaction.atomic
def problem_move(*, problem: Problem, actor, direction: str) -> Problem:
    """Move a problem one rank up (more important) or down."""
    if direction not in ("up", "down"):
        raise ValueError(f"unknown direction: {direction}")
    analysis = problem.analysis
    programme = analysis.programme
    _ensure_can_edit(actor, programme)
    ordered = _problems_of(analysis)
    index = next(i for i, p in enumerate(ordered) if p.pk == problem.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    _rerank(analysis, ordered, actor)
    return next(p for p in ordered if p.pk == problem.pk)


@transaction.atomic
def problem_delete(*, problem: Problem, actor) -> None:
    analysis = problem.analysis
    programme = analysis.programme
    _ensure_can_edit(actor, programme)
    plain_delete(problem, programme=programme, actor=actor)
    _rerank(analysis, _problems_of(analysis), actor)


# --- SWOT ----------------------------------------------------------------------------------


def _check_kind(kind) -> None:
    if kind not in SwotItem.Kind.values:
        raise ValidationError({"kind": _("Выберите раздел SWOT из списка.")})


@transaction.atomic
def swot_item_create(*, programme: Programme, actor, kind: str, text_ru: str, text_ky: str):
    _ensure_can_edit(actor, programme)
    _check_kind(kind)
    item = SwotItem(programme=programme, kind=kind, text_ru=text_ru, text_ky=text_ky)
    item.sort_order = next_sort_order(SwotItem.objects.filter(programme=programme, kind=kind))
    return _save_translated(item, programme=programme, actor=actor)


@transaction.atomic
def swot_item_update(
    *, item: SwotItem, actor, expected_revision: int | None = None, **fields
) -> SwotItem:
    """Change the text of an item, or move it to another list (it goes to the end there)."""
    programme = item.programme
    _ensure_can_edit(actor, programme)
    # from the database: a ModelForm has already copied the new kind onto `item`
    old_kind = SwotItem.objects.values_list("kind", flat=True).get(pk=item.pk)
    assign_fields(item, fields, SWOT_ITEM_FIELDS)
    _check_kind(item.kind)
    if item.kind != old_kind:
        item.sort_order = next_sort_order(
            SwotItem.objects.filter(programme=programme, kind=item.kind)
        )
    return _save_translated(
        item,
        programme=programme,
        actor=actor,
        expected_revision=expected_revision,
    )


def swot_item_delete(*, item: SwotItem, actor) -> None:
    programme = item.programme
    _ensure_can_edit(actor, programme)
    plain_delete(item, programme=programme, actor=actor)
