"""Named completeness checks of a programme, computed from its data.

Blocking checks must pass before the programme can be submitted for review; the others are
warnings. Each check says what is wrong, how many items, and where to fix it. The number of
queries does not depend on the size of the programme."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    Activity,
    Direction,
    Goal,
    Indicator,
    Objective,
    ResourceForecast,
    SectorAnalysis,
)
from .translation import missing_count, missing_translations

# One language is enough to draft a programme (the forms say so): a text missing in the other
# language is a measure of its own, shown beside the completeness, not a gap in it. Otherwise
# adding an activity in one language would lower the completeness.
LANGUAGE_CHECKS = frozenset({"kyrgyz", "russian"})


@dataclass
class Check:
    code: str
    title: str
    ok: bool
    blocking: bool
    detail: str = ""
    url: str = ""
    items: list[str] = field(default_factory=list)  # what to fix, by name (a few)

    @property
    def is_language(self) -> bool:
        return self.code in LANGUAGE_CHECKS


def _names(objects, limit=5) -> list[str]:
    return [str(o) for o in objects[:limit]]


def completeness_checks(programme, missing=None) -> list[Check]:
    pk = programme.pk
    url = lambda name: reverse(name, kwargs={"pk": pk})  # noqa: E731
    checks: list[Check] = []

    directions = list(
        Direction.objects.filter(programme=programme)
        .annotate(n=Count("goals"))
        .order_by("sort_order", "id")
    )
    goals = list(
        Goal.objects.filter(direction__programme=programme).annotate(
            n_objectives=Count("objectives", distinct=True),
            n_indicators=Count(
                "indicators",
                filter=Q(indicators__baseline_value__isnull=False),
                distinct=True,
            ),
        )
    )
    objectives = list(
        Objective.objects.filter(goal__direction__programme=programme).annotate(
            n=Count("activities")
        )
    )
    activities = list(
        Activity.objects.filter(programme=programme).annotate(cost=Sum("costs__amount"))
    )
    years = programme.years
    # indicators of goals with a baseline and a target for every programme year
    goals_with_full_indicator = set(
        Indicator.objects.filter(goal__direction__programme=programme)
        .exclude(baseline_value__isnull=True)
        .exclude(baseline_year__isnull=True)
        .annotate(
            n_targets=Count(
                "targets", filter=Q(targets__year__gte=years[0], targets__year__lte=years[-1])
            )
        )
        .filter(n_targets=len(years))
        .values_list("goal_id", flat=True)
    )

    # --- blocking ---------------------------------------------------------------------------
    checks.append(
        Check(
            "vision",
            _("Видение и общая цель написаны"),
            bool(
                (programme.vision_ru or programme.vision_ky)
                and (programme.overall_goal_ru or programme.overall_goal_ky)
            ),
            True,
            url=url("planning:vision"),
        )
    )
    checks.append(
        Check(
            "directions",
            _("Есть хотя бы одно направление развития"),
            bool(directions),
            True,
            url=url("planning:plan"),
        )
    )
    without_goal = [d for d in directions if d.n == 0]
    checks.append(
        Check(
            "direction_goals",
            _("У каждого направления есть цель"),
            bool(directions) and not without_goal,
            True,
            detail=_plural(
                len(without_goal),
                ngettext(
                    "%(n)d направление без цели", "%(n)d направлений без цели", len(without_goal)
                ),
            ),
            url=url("planning:plan"),
            items=_names(without_goal),
        )
    )
    without_objective = [g for g in goals if g.n_objectives == 0]
    checks.append(
        Check(
            "goal_objectives",
            _("У каждой цели есть задача"),
            bool(goals) and not without_objective,
            True,
            detail=_plural(
                len(without_objective),
                ngettext("%(n)d цель без задачи", "%(n)d целей без задач", len(without_objective)),
            ),
            url=url("planning:plan"),
            items=_names(without_objective),
        )
    )
    without_activity = [o for o in objectives if o.n == 0]
    checks.append(
        Check(
            "objective_activities",
            _("У каждой задачи есть мероприятие"),
            bool(objectives) and not without_activity,
            True,
            detail=_plural(
                len(without_activity),
                ngettext(
                    "%(n)d задача без мероприятий",
                    "%(n)d задач без мероприятий",
                    len(without_activity),
                ),
            ),
            url=url("planning:plan"),
            items=_names(without_activity),
        )
    )
    period_start, period_end = date(years[0], 1, 1), date(years[-1], 12, 31)
    incomplete = [
        a
        for a in activities
        if not (a.responsible_ru or a.responsible_ky)
        or a.start_date is None
        or a.end_date is None
        or a.start_date < period_start
        or a.end_date > period_end
        or not a.cost
    ]
    checks.append(
        Check(
            "activity_details",
            _("У каждого мероприятия есть ответственный, сроки внутри периода и стоимость"),
            bool(activities) and not incomplete,
            True,
            detail=_plural(
                len(incomplete),
                ngettext(
                    "%(n)d мероприятие не заполнено",
                    "%(n)d мероприятий не заполнено",
                    len(incomplete),
                ),
            ),
            url=url("planning:plan"),
            items=_names(incomplete),
        )
    )
    goals_without_indicator = [g for g in goals if g.pk not in goals_with_full_indicator]
    checks.append(
        Check(
            "goal_indicators",
            _(
                "У каждой цели есть индикатор с базовым значением "
                "и целевыми значениями на каждый год"
            ),
            bool(goals) and not goals_without_indicator,
            True,
            detail=_plural(
                len(goals_without_indicator),
                ngettext(
                    "%(n)d цель без такого индикатора",
                    "%(n)d целей без такого индикатора",
                    len(goals_without_indicator),
                ),
            ),
            url=url("planning:indicators"),
            items=_names(goals_without_indicator),
        )
    )

    # --- warnings ---------------------------------------------------------------------------
    missing = missing_translations(programme) if missing is None else missing
    n_ky, n_ru = missing_count(missing, "ky"), missing_count(missing, "ru")
    checks.append(
        Check(
            "kyrgyz",
            _("Все тексты есть на кыргызском"),
            n_ky == 0,
            False,
            detail=ngettext(
                "Нет текста на кыргызском в %(n)d поле",
                "Нет текста на кыргызском в %(n)d полях",
                n_ky,
            )
            % {"n": n_ky}
            if n_ky
            else "",
            url=url("planning:translation"),
        )
    )
    checks.append(
        Check(
            "russian",
            _("Все тексты есть на русском"),
            n_ru == 0,
            False,
            detail=ngettext(
                "Нет текста на русском в %(n)d поле",
                "Нет текста на русском в %(n)d полях",
                n_ru,
            )
            % {"n": n_ru}
            if n_ru
            else "",
            url=url("planning:translation"),
        )
    )
    forecast_years = set(
        ResourceForecast.objects.filter(programme=programme).values_list("year", flat=True)
    )
    uncovered = [y for y in years if y not in forecast_years]
    checks.append(
        Check(
            "finance_years",
            _("Финансовая модель охватывает каждый год программы"),
            not uncovered,
            False,
            detail=(
                _("Нет прогноза ресурсов на годы: %(years)s")
                % {"years": ", ".join(map(str, uncovered))}
            )
            if uncovered
            else "",
            url=url("planning:finance"),
        )
    )
    analysed = (
        SectorAnalysis.objects.filter(programme=programme)
        .exclude(situation_ru="", situation_ky="")
        .count()
    )
    checks.append(
        Check(
            "analysis",
            _("Проведён анализ текущей ситуации хотя бы по одной сфере"),
            analysed > 0,
            False,
            url=url("planning:analysis"),
        )
    )
    return checks


def _plural(n: int, text: str) -> str:
    return text % {"n": n} if n else ""


def blocking_failures(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.blocking and not c.ok]


def completeness_percent(checks: list[Check]) -> int:
    """The share of the checks of content that pass: the languages are not among them (see
    `LANGUAGE_CHECKS`)."""
    content = [c for c in checks if not c.is_language]
    return round(100 * sum(c.ok for c in content) / len(content)) if content else 0
