"""What the indicators page (the programme's M&E plan) and the indicator form show."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import Direction, Goal, Indicator, Objective, Programme


@dataclass
class ObjectiveNode:
    objective: Objective
    number: str


@dataclass
class GoalNode:
    goal: Goal
    number: str
    objectives: list[ObjectiveNode] = field(default_factory=list)


@dataclass
class DirectionNode:
    direction: Direction
    number: str
    goals: list[GoalNode] = field(default_factory=list)


def goal_tree(programme: Programme) -> list[DirectionNode]:
    """The programme's directions → goals → objectives in their order, numbered
    «1», «1.2», «1.2.3» by position (three queries whatever the size)."""
    directions = programme.directions.prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.prefetch_related(
                Prefetch("objectives", queryset=Objective.objects.all())
            ),
        )
    )
    tree = []
    for d_index, direction in enumerate(directions, start=1):
        d_node = DirectionNode(direction, str(d_index))
        for g_index, goal in enumerate(direction.goals.all(), start=1):
            g_node = GoalNode(goal, f"{d_index}.{g_index}")
            for o_index, objective in enumerate(goal.objectives.all(), start=1):
                g_node.objectives.append(ObjectiveNode(objective, f"{g_node.number}.{o_index}"))
            d_node.goals.append(g_node)
        tree.append(d_node)
    return tree


@dataclass
class IndicatorRow:
    indicator: Indicator
    targets: list  # the target value of each programme year, or None


@dataclass
class IndicatorGroup:
    kind: str  # "goal" | "objective" | "other"
    item: Goal | Objective | None
    number: str
    rows: list[IndicatorRow]

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.item.pk}" if self.item is not None else "other"

    @property
    def attached_to(self) -> str:
        return f"{self.kind}:{self.item.pk}" if self.item is not None else ""


def indicators_page(programme: Programme) -> dict:
    """Every indicator of the programme, grouped under its goal or objective in the order
    of the plan, with its target for each programme year."""
    years = programme.years
    tree = goal_tree(programme)
    indicators = programme.indicators.select_related("activity").prefetch_related("targets")
    by_goal, by_objective, unplaced = defaultdict(list), defaultdict(list), []
    years_outside = set()
    for indicator in indicators:
        targets = {target.year: target.value for target in indicator.targets.all()}
        years_outside.update(year for year in targets if year not in years)
        row = IndicatorRow(indicator, [targets.get(year) for year in years])
        if indicator.goal_id is not None:
            by_goal[indicator.goal_id].append(row)
        else:
            by_objective[indicator.objective_id].append(row)

    groups = []
    placed_goals, placed_objectives = set(), set()
    for d_node in tree:
        for g_node in d_node.goals:
            placed_goals.add(g_node.goal.pk)
            if by_goal[g_node.goal.pk]:
                groups.append(
                    IndicatorGroup("goal", g_node.goal, g_node.number, by_goal[g_node.goal.pk])
                )
            for o_node in g_node.objectives:
                placed_objectives.add(o_node.objective.pk)
                if by_objective[o_node.objective.pk]:
                    groups.append(
                        IndicatorGroup(
                            "objective",
                            o_node.objective,
                            o_node.number,
                            by_objective[o_node.objective.pk],
                        )
                    )
    # Nothing is hidden: an indicator whose goal or objective is not in this plan still shows.
    for key, rows in by_goal.items():
        if key not in placed_goals:
            unplaced += rows
    for key, rows in by_objective.items():
        if key not in placed_objectives:
            unplaced += rows
    if unplaced:
        groups.append(IndicatorGroup("other", None, "", unplaced))

    return {
        "years": years,
        "groups": groups,
        "indicator_count": sum(len(group.rows) for group in groups),
        "has_goals": any(d_node.goals for d_node in tree),
        # e.g. after the period was shortened: such targets are kept but not part of the plan
        "target_years_outside_period": sorted(years_outside),
    }
