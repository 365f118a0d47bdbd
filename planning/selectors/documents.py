"""What a programme document (PDF) shows.

The document shows the same content as the web pages of the programme, so it is built from the
same selectors (passport, SWOT, plan tree, indicators, financial model, working group); only the
situation analysis of every sector at once, which no single web page shows, is loaded here —
in three queries whatever the number of sectors."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils import timezone

from ..models import (
    FundingSource,
    KeyFigure,
    Problem,
    Programme,
    SectorAnalysis,
    WorkingGroup,
)
from .analysis import passport_page, swot_blocks
from .consultation import ConsultationSummary, consultation_summary
from .finance import financial_model
from .indicators import indicators_page
from .plan import cost_summary, plan_tree
from .workgroup import working_group_page

ZERO = Decimal(0)


@dataclass
class ActivityCostLine:
    """One funding source of one activity: its amount in each programme year and in total."""

    source: str
    label: str
    cells: list  # Decimal | None per year
    total: Decimal


def sector_analyses(programme: Programme) -> list[SectorAnalysis]:
    """Every sector analysis of the programme with its key figures and problems (by priority),
    in the order of the sectors (three queries)."""
    return list(
        SectorAnalysis.objects.filter(programme=programme)
        .select_related("sector")
        .prefetch_related(
            Prefetch("figures", queryset=KeyFigure.objects.all(), to_attr="figure_list"),
            Prefetch(
                "problems",
                queryset=Problem.objects.order_by("priority", "id"),
                to_attr="problem_list",
            ),
        )
    )


def _activity_cost_lines(activity, years: list[int], labels: dict) -> list[ActivityCostLine]:
    """The costs of an activity as one line per funding source that has an amount, with a cell
    per programme year (amounts in other years only count in the total)."""
    by_source: dict[str, dict[int, Decimal]] = {}
    for cost in activity.cost_list:
        cells = by_source.setdefault(cost.source, {})
        cells[cost.year] = cells.get(cost.year, ZERO) + cost.amount
    lines = []
    for source, label in labels.items():
        if source not in by_source:
            continue
        cells = by_source[source]
        lines.append(
            ActivityCostLine(
                source,
                label,
                [cells.get(year) for year in years],
                sum(cells.values(), ZERO),
            )
        )
    return lines


def _year_totals(activities, years: list[int]) -> list[Decimal]:
    totals = dict.fromkeys(years, ZERO)
    for activity in activities:
        for cost in activity.cost_list:
            if cost.year in totals:
                totals[cost.year] += cost.amount
    return [totals[year] for year in years]


def document_data(programme: Programme) -> dict:
    """Everything a document shows except what depends on the language it is rendered in (the
    financial model carries labels in the active language: `document_finance` gives it per
    language). The number of queries does not depend on the size of the programme."""
    years = programme.years
    labels = dict(FundingSource.choices)  # lazy labels: translated where they are rendered
    tree = plan_tree(programme)
    joint_actions = []
    for direction in tree.directions:
        direction_activities = []
        for goal in direction.children:
            for objective in goal.children:
                for activity in objective.children:
                    activity.cost_lines = _activity_cost_lines(activity, years, labels)
                    activity.year_totals = _year_totals([activity], years)
                    # the plan shows an activity in one row: per year, the amount of each
                    # source on its own line, then the year's total
                    activity.cost_columns = [
                        ([line.cells[i] for line in activity.cost_lines], activity.year_totals[i])
                        for i in range(len(years))
                    ]
                    direction_activities.append(activity)
                    if activity.is_joint_action:
                        joint_actions.append(activity)
        direction.year_totals = _year_totals(direction_activities, years)
        direction.activity_count = len(direction_activities)
    try:
        working_group = programme.working_group
    except WorkingGroup.DoesNotExist:
        working_group = None
    group = (
        working_group_page(working_group, user=AnonymousUser(), today=timezone.localdate())
        if working_group is not None
        else None
    )
    indicators = indicators_page(programme)
    number = 0
    for indicator_group in indicators["groups"]:
        for row in indicator_group.rows:
            number += 1
            row.number = number  # the document numbers the indicators 1, 2, 3, … in order
    return {
        "programme": programme,
        "municipality": programme.municipality,
        "years": years,
        **passport_page(programme),
        "sector_analyses": sector_analyses(programme),
        "swot": swot_blocks(programme),
        "tree": tree,
        "costs": cost_summary(programme),
        "joint_actions": joint_actions,
        "joint_actions_total": sum((a.total for a in joint_actions), ZERO),
        "joint_actions_year_totals": _year_totals(joint_actions, years),
        "indicators": indicators,
        "group": group,
    }


def document_finance(programme: Programme) -> dict:
    """The financial model as its web page shows it, with its labels in the active language."""
    return financial_model(programme)


def document_consultation(programme: Programme) -> ConsultationSummary:
    """The consultation summary of the document: the published proposals with the working
    group's answers and the public hearings (the same selector as the consultation pages)."""
    return consultation_summary(programme)
