"""What the overview page of a programme shows: each section with its state in each language,
the completeness checks, the working group's open tasks and the recent changes."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipalities.permissions import Need, can

from ..models import SwotItem, WorkplanTask
from .completeness import blocking_failures, completeness_checks, completeness_percent
from .history import recent_changes
from .translation import text_census

EMPTY, IN_PROGRESS, COMPLETE = "empty", "in_progress", "complete"
STATE_LABELS = {
    EMPTY: _("пусто"),
    # a section being filled (Kyrgyz «толтурулууда»), not a task being done
    IN_PROGRESS: pgettext_lazy("section", "в работе"),
    COMPLETE: _("готово"),
}


@dataclass
class Section:
    title: str
    url: str
    state: str
    missing_ky: int
    missing_ru: int

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def _state(started: bool, complete: bool) -> str:
    return COMPLETE if complete else IN_PROGRESS if started else EMPTY


def programme_overview(programme, *, user) -> dict:
    census = text_census(programme)
    missing = census.missing
    checks = completeness_checks(programme, missing=missing)
    ok = {c.code: c.ok for c in checks}
    missing_by_section = Counter((item.kind.section, item.missing_lang) for item in missing)

    passport = programme.passport
    working_group = programme.working_group
    members = working_group.members.aggregate(n=Count("id"))["n"]
    swot_kinds = set(SwotItem.objects.filter(programme=programme).values_list("kind", flat=True))
    sector_count = programme.sector_analyses.count()
    plan_codes = (
        "directions",
        "direction_goals",
        "goal_objectives",
        "objective_activities",
        "activity_details",
    )
    pk = programme.pk

    def section(title, name, started, complete):
        return Section(
            title=str(title),
            url=reverse(name, kwargs={"pk": pk}),
            state=_state(started, complete),
            missing_ky=missing_by_section[(name, "ky")],
            missing_ru=missing_by_section[(name, "ru")],
        )

    sections = [
        section(
            _("Рабочая группа"),
            "planning:workgroup",
            members > 0,
            members >= 3 and bool(working_group.order_number),
        ),
        section(
            _("Паспорт"),
            "planning:passport",
            any([passport.population_total, passport.area_ha, passport.geographic_position]),
            all(
                [
                    passport.population_total,
                    passport.area_ha,
                    passport.households,
                    passport.geographic_position_ru or passport.geographic_position_ky,
                ]
            ),
        ),
        section(_("Анализ ситуации"), "planning:analysis", sector_count > 0, ok["analysis"]),
        section(_("SWOT"), "planning:swot", bool(swot_kinds), len(swot_kinds) == 4),
        section(
            _("Видение и общая цель"),
            "planning:vision",
            bool(
                programme.vision
                or programme.overall_goal
                or programme.vision_ky
                or programme.overall_goal_ky
            ),
            ok["vision"],
        ),
        section(
            _("План мероприятий"), "planning:plan", ok["directions"], all(ok[c] for c in plan_codes)
        ),
        section(
            _("Индикаторы"),
            "planning:indicators",
            programme.indicators.exists(),
            ok["goal_indicators"],
        ),
        section(
            _("Финансовая модель"),
            "planning:finance",
            programme.resource_forecasts.exists(),
            ok["finance_years"],
        ),
    ]
    open_tasks = list(
        WorkplanTask.objects.filter(working_group__programme=programme, is_done=False)
        .select_related("responsible")
        .order_by("deadline")[:10]
    )
    return {
        "sections": sections,
        "checks": checks,
        "content_checks": [c for c in checks if not c.is_language],
        "language_checks": [c for c in checks if c.is_language],
        "blocking": blocking_failures(checks),
        "percent": completeness_percent(checks),
        "language_percent": {"ru": census.percent("ru"), "ky": census.percent("ky")},
        "open_tasks": open_tasks,
        "today": timezone.localdate(),
        "changes": recent_changes(programme),
        "can_edit": programme.is_editable and can(user, programme.municipality, Need.EDIT),
    }
