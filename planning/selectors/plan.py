"""What the activity-plan pages show: the whole tree of directions → goals → objectives →
activities with their numbers (1, 1.1, 1.1.1, 1.1.1.1) and cost totals, and the costs of the
plan by year × funding source. The number of queries does not depend on the size of the plan."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils.translation import ngettext

from ..models import (
    Activity,
    ActivityCost,
    Direction,
    FundingSource,
    Goal,
    Indicator,
    Objective,
    Programme,
)

ZERO = Decimal(0)
KINDS = ("direction", "goal", "objective", "activity")
CHILD_KIND = {"direction": "goal", "goal": "objective", "objective": "activity"}


# --- costs by year × funding source --------------------------------------------------------


@dataclass
class CostRow:
    source: str
    label: str
    cells: list[Decimal | None]  # one per year of `CostTable.years`; None: no cost
    total: Decimal


@dataclass
class CostTable:
    years: list[int]
    outside_years: list[int]  # years with costs but outside the programme period
    rows: list[CostRow]
    column_totals: list[Decimal]
    total: Decimal

    @property
    def is_empty(self) -> bool:
        return all(cell is None for row in self.rows for cell in row.cells)


def cost_table(programme: Programme, amounts: Iterable[tuple[int, str, Decimal]]) -> CostTable:
    """A table of `(year, source, amount)` triples: a row per funding source (all of them, in
    the order of `FundingSource`), a column per programme year (and per year outside the period
    that has a cost), with row, column and grand totals."""
    cells: dict[tuple[int, str], Decimal] = {}
    for year, source, amount in amounts:
        cells[(year, source)] = cells.get((year, source), ZERO) + amount
    period = set(programme.years)
    outside = sorted({year for year, _source in cells} - period)
    years = sorted(period | set(outside))
    rows = []
    for source, label in FundingSource.choices:
        row = [cells.get((year, source)) for year in years]
        rows.append(CostRow(source, label, row, sum((v for v in row if v), ZERO)))
    column_totals = [
        sum((cells.get((year, s), ZERO) for s in FundingSource.values), ZERO) for year in years
    ]
    return CostTable(years, outside, rows, column_totals, sum(column_totals, ZERO))


def cost_summary(programme: Programme) -> CostTable:
    """The planned cost of the whole programme by year × funding source (one query)."""
    amounts = (
        ActivityCost.objects.filter(activity__programme=programme)
        .values("year", "source")
        .annotate(amount=Sum("amount"))
        .order_by()
        .values_list("year", "source", "amount")
    )
    return cost_table(programme, amounts)


# --- the tree -------------------------------------------------------------------------------


@dataclass
class PlanTree:
    """The directions of a programme with everything under them. Each item carries:
    `kind`, `number` ("1.2.1"), `parent`, `children` (not activities), `is_first`/`is_last`
    among its siblings, `total` (its cost, thousands of som), `removes` (what goes with it when
    deleted: `[(label, count), …]`), and for the page `edit_form` / `add_form` (a bound form
    with errors, when there is one)."""

    directions: list[Direction]
    index: dict[tuple[str, int], object] = field(default_factory=dict)
    add_form: object = None  # a bound "new direction" form with errors
    add_open: bool = False  # show the "new direction" form open
    total: Decimal = ZERO
    activities_count: int = 0

    def node(self, kind: str, pk: int):
        return self.index.get((kind, pk))

    def direction_of(self, node) -> Direction:
        while node.parent is not None:
            node = node.parent
        return node


def _mark(node, kind: str, number: str, parent, position: int, siblings: int) -> None:
    node.kind = kind
    node.number = number
    node.parent = parent
    node.is_first = position == 1
    node.is_last = position == siblings
    node.edit_form = None
    node.add_form = None
    node.add_open = False
    node.focus = False  # the keyboard's focus returns to it (after its title form)


def plan_tree(programme: Programme) -> PlanTree:
    """The whole plan in six queries, whatever its size."""
    activities = Activity.objects.select_related("village").prefetch_related(
        Prefetch("costs", queryset=ActivityCost.objects.order_by(), to_attr="cost_list")
    )
    objectives = Objective.objects.prefetch_related(
        Prefetch("activities", queryset=activities, to_attr="children")
    )
    goals = Goal.objects.prefetch_related(
        Prefetch("objectives", queryset=objectives, to_attr="children")
    )
    directions = list(
        Direction.objects.filter(programme=programme).prefetch_related(
            Prefetch("goals", queryset=goals, to_attr="children")
        )
    )
    indicators_of_goal, indicators_of_objective = Counter(), Counter()
    for goal_id, objective_id in Indicator.objects.filter(programme=programme).values_list(
        "goal_id", "objective_id"
    ):
        if goal_id:
            indicators_of_goal[goal_id] += 1
        if objective_id:
            indicators_of_objective[objective_id] += 1

    labels = {
        "goals": lambda n: ngettext("%(n)d цель", "%(n)d целей", n),
        "objectives": lambda n: ngettext("%(n)d задача", "%(n)d задач", n),
        "activities": lambda n: ngettext("%(n)d мероприятие", "%(n)d мероприятий", n),
        "indicators": lambda n: ngettext("%(n)d индикатор", "%(n)d индикаторов", n),
    }

    def removes(counts: dict) -> list[str]:
        """What goes with an item when it is deleted, e.g. «1 цель, 3 задачи»."""
        return [labels[key](n) % {"n": n} for key, n in counts.items() if n]

    tree = PlanTree(directions)
    index = tree.index
    for d_pos, direction in enumerate(directions, start=1):
        _mark(direction, "direction", str(d_pos), None, d_pos, len(directions))
        index[("direction", direction.pk)] = direction
        d_counts = Counter(goals=0, objectives=0, activities=0, indicators=0)
        d_total = ZERO
        for g_pos, goal in enumerate(direction.children, start=1):
            _mark(
                goal,
                "goal",
                f"{direction.number}.{g_pos}",
                direction,
                g_pos,
                len(direction.children),
            )
            index[("goal", goal.pk)] = goal
            g_counts = Counter(objectives=0, activities=0, indicators=indicators_of_goal[goal.pk])
            g_total = ZERO
            for o_pos, objective in enumerate(goal.children, start=1):
                _mark(
                    objective,
                    "objective",
                    f"{goal.number}.{o_pos}",
                    goal,
                    o_pos,
                    len(goal.children),
                )
                index[("objective", objective.pk)] = objective
                o_total = ZERO
                for a_pos, activity in enumerate(objective.children, start=1):
                    _mark(
                        activity,
                        "activity",
                        f"{objective.number}.{a_pos}",
                        objective,
                        a_pos,
                        len(objective.children),
                    )
                    index[("activity", activity.pk)] = activity
                    activity.total = sum((c.amount for c in activity.cost_list), ZERO)
                    activity.removes = []
                    o_total += activity.total
                objective.total = o_total
                o_counts = Counter(
                    activities=len(objective.children),
                    indicators=indicators_of_objective[objective.pk],
                )
                objective.removes = removes(o_counts)
                g_counts.update(o_counts)
                g_counts["objectives"] += 1
                g_total += o_total
            goal.total = g_total
            goal.removes = removes(g_counts)
            d_counts.update(g_counts)
            d_counts["goals"] += 1
            d_total += g_total
        direction.total = d_total
        direction.removes = removes(d_counts)
        tree.total += d_total
        tree.activities_count += d_counts["activities"]
    return tree


# --- one activity ---------------------------------------------------------------------------


def _position(queryset, pk: int) -> int:
    ids = list(queryset.order_by("sort_order", "id").values_list("pk", flat=True))
    return ids.index(pk) + 1


def activity_context(activity: Activity) -> dict:
    """Where an activity sits in the plan (its direction, goal and objective with their
    numbers) for the activity page. `activity` comes with `objective__goal__direction`."""
    objective = activity.objective
    goal = objective.goal
    direction = goal.direction
    d = _position(Direction.objects.filter(programme_id=direction.programme_id), direction.pk)
    g = _position(Goal.objects.filter(direction_id=direction.pk), goal.pk)
    o = _position(Objective.objects.filter(goal_id=goal.pk), objective.pk)
    a = _position(Activity.objects.filter(objective_id=objective.pk), activity.pk)
    direction.number = str(d)
    goal.number = f"{d}.{g}"
    objective.number = f"{d}.{g}.{o}"
    activity.number = f"{d}.{g}.{o}.{a}"
    return {"direction": direction, "goal": goal, "objective": objective}
