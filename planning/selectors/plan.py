"""The activity plan: the whole tree of directions → goals → objectives → activities with their
numbers (1, 1.1, 1.1.1, 1.1.1.1) and cost totals, as model instances (`plan_tree`: the programme
document, the monitoring), what the plan page shows, as values (`plan_page`), and the costs of
the plan by year × funding source. The number of queries does not depend on the size of the
plan."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.numbers import Numbers
from municipalities.templatetags.portal import RowText

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
from .finance import planned_costs

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
    # the same written out in the page language ("" for no cost): the template only places them
    cell_texts: list[str] = field(default_factory=list)
    total_text: str = ""


@dataclass
class CostTable:
    years: list[int]
    outside_years: list[int]  # years with costs but outside the programme period
    rows: list[CostRow]
    column_totals: list[Decimal]
    total: Decimal
    column_texts: list[str] = field(default_factory=list)
    total_text: str = ""

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
    written = Numbers().fixed
    rows = []
    for source, label in FundingSource.choices:
        row = [cells.get((year, source)) for year in years]
        total = sum((v for v in row if v), ZERO)
        rows.append(CostRow(source, label, row, total, [written(v) for v in row], written(total)))
    column_totals = [
        sum((cells.get((year, s), ZERO) for s in FundingSource.values), ZERO) for year in years
    ]
    total = sum(column_totals, ZERO)
    return CostTable(
        years,
        outside,
        rows,
        column_totals,
        total,
        [written(v) for v in column_totals],
        written(total),
    )


def cost_summary(programme: Programme) -> CostTable:
    """The planned cost of the whole programme by year × funding source (one query)."""
    return cost_table(programme, planned_costs(programme))


# --- the tree -------------------------------------------------------------------------------


@dataclass
class PlanTree:
    """The directions of a programme with everything under them. Each item carries:
    `kind`, `number` ("1.2.1"), `parent`, `children` (not activities), `is_first`/`is_last`
    among its siblings, `total` (its cost, thousands of som) and `removes` (what goes with it
    when deleted: `[(label, count), …]`)."""

    directions: list[Direction]
    index: dict[tuple[str, int], object] = field(default_factory=dict)
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


# --- the plan page --------------------------------------------------------------------------

# Up to this many activities the page opens with every direction shown: the whole plan is a
# few screens, read through from the top. A larger plan opens with its directions closed, each
# with its cost and what it holds, and a direction opens on demand: 300 activities shown at once
# are some thirty screens, and a page that a phone on a village connection takes seconds to
# download and lay out. A plan of one direction is always shown (closing it would hide all).
SHOW_ALL_UP_TO = 60
ALL = "all"
NONE = "none"


def parse_opened(values: Iterable[str]) -> str | set[int] | None:
    """What the page is asked to show open, from `?open=` (one or more, each a direction's id
    or several separated by commas, or `all`, or `none`): ALL, a set of ids, or None (the
    default of the page)."""
    opened: set[int] = set()
    given = False
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            given = True
            if part == ALL:
                return ALL
            if part.isdigit():
                opened.add(int(part))
    return opened if given else None


class PlanItem:
    """A direction, goal or objective as the plan page shows it: its number, title (in the
    page language, HTML-safe) and cost already written out, its place among its siblings, what
    it holds, and where its actions are (`url`: `<plan>/<kind>/<pk>/`, see the views)."""

    # what is the same for every item until the page says otherwise (not set item by item)
    is_first = is_last = False
    total_text = ""
    goals = objectives = activities_count = 0  # how many are under it
    open = False  # a direction shown with everything under it
    toggle_url = ""  # the page with this direction opened or closed (without htmx)
    holds = ""  # «3 цели, 12 задач, 60 мероприятий», said of a closed direction
    add_label = ""  # «Добавить задачу к цели 1.2»
    # the one item being edited, added to or deleted (set by the view)
    edit_form = add_form = None
    add_open = False
    focus = False  # the keyboard's focus returns to its «Изменить»
    focus_on = ""  # or to its "up" or "down" button, after it was moved
    removes: tuple = ()
    confirm = ""

    def __init__(self, kind: str, pk: int, number: str, title: str, titles, parent, url: str):
        self.kind = kind
        self.pk = pk
        self.number = number
        self.title = title
        self.titles = titles  # (ru, ky): for the plain title of the question before deleting
        self.parent = parent
        self.url = url
        self.anchor = f"{kind}-{pk}"
        self.children: list = []  # goals of a direction, objectives of a goal
        self.activities: list = []  # of an objective in an open direction
        self.total = ZERO

    @property
    def add_url(self) -> str:
        return f"{self.url}new/"


class PlanActivity(PlanItem):
    """An activity row: its texts, dates, place and cost written out for the page."""

    responsible = dates = place = "—"
    is_joint_action = has_cost = False

    def __init__(self, pk: int, number: str, title: str, titles, parent, url: str, page_url: str):
        super().__init__("activity", pk, number, title, titles, parent, url)
        self.page_url = page_url  # the activity's own page


@dataclass
class PlanPage:
    """The plan page: every direction, goal and objective with its number, cost and counts,
    and the activities of the directions shown open."""

    directions: list[PlanItem]
    index: dict[tuple[str, int], PlanItem]
    url: str  # the page itself
    all_open: bool
    opened: set[int]  # ids of the directions shown open
    activities_count: int
    total: Decimal
    summary: CostTable  # the cost of the plan by year × funding source
    default_opened: set[int] = field(default_factory=set)  # what the page opens with
    add_form: object = None  # a bound "new direction" form with errors
    add_open: bool = False  # show the "new direction" form open, for the next one

    def node(self, kind: str, pk: int):
        return self.index.get((kind, pk))

    def direction_of(self, node) -> PlanItem:
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def opened_param(self) -> str:
        """The directions shown open, as `?open=` says it (kept by the forms of the page);
        nothing when the page shows them as it opens (a plain address for a plan shown whole)."""
        if self.opened == self.default_opened:
            return ""
        if self.all_open:
            return ALL
        return ",".join(str(d.pk) for d in self.directions if d.pk in self.opened) or NONE

    @property
    def some_closed(self) -> bool:
        return not self.all_open


def _siblings(items: list) -> None:
    if items:
        items[0].is_first = True
        items[-1].is_last = True


def plan_page(
    programme: Programme,
    *,
    opened=None,
    also: Iterable[int] = (),
    without: Iterable[int] = (),
    rows_of: set[int] | None = None,
) -> PlanPage:
    """What the plan page shows: its directions with what each holds and costs (two queries),
    and for the directions shown open their goals and objectives and the rows of their
    activities (two more), whatever the size of the plan. Values, not model instances: the page
    shows texts and sums, and a row is a dictionary instead of an object with its list of costs;
    texts come in the page language and amounts written out, once, here.

    `opened` is what the page was asked to show open (ALL, a set of direction ids, or None for
    its default, see SHOW_ALL_UP_TO); `also` and `without` open or close directions on top of
    it. `rows_of` limits what is loaded under the directions to those (a fragment of the page
    shows one direction; the others keep their state in the browser)."""
    text, numbers = RowText(), Numbers()
    base = reverse("planning:plan", kwargs={"pk": programme.pk})
    index: dict[tuple[str, int], PlanItem] = {}

    directions: list[PlanItem] = []
    for row in (
        Direction.objects.filter(programme=programme)
        .values("pk", "title_ru", "title_ky")
        .annotate(
            n_goals=Count("goals", distinct=True),
            n_objectives=Count("goals__objectives", distinct=True),
            n_activities=Count("goals__objectives__activities", distinct=True),
        )
    ):
        pk = row["pk"]
        direction = PlanItem(
            "direction",
            pk,
            str(len(directions) + 1),
            text(row, "title"),
            (row["title_ru"], row["title_ky"]),
            None,
            f"{base}direction/{pk}/",
        )
        direction.goals = row["n_goals"]
        direction.objectives = row["n_objectives"]
        direction.activities_count = row["n_activities"]
        directions.append(index.setdefault(("direction", pk), direction))
    activities_count = sum(d.activities_count for d in directions)

    # the cost of each direction, and of the plan by year × funding source
    costs = list(
        ActivityCost.objects.filter(activity__programme=programme)
        .values_list("activity__objective__goal__direction_id", "year", "source")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    plan_total = ZERO
    for direction_pk, _year, _source, amount in costs:
        direction = index.get(("direction", direction_pk))
        if direction is not None:  # else an activity under another programme's direction
            direction.total += amount
            plan_total += amount
    summary = cost_table(programme, ((year, source, amount) for _pk, year, source, amount in costs))

    default = {d.pk for d in directions} if _shows_all(activities_count, len(directions)) else set()
    if opened is None:
        shown = set(default)
    else:
        shown = {d.pk for d in directions if opened == ALL or d.pk in opened}
    shown = (shown | set(also)) - set(without)
    loaded = shown if rows_of is None else shown & rows_of

    add_label = _("Добавить цель в направление %(number)s")
    order = [d.pk for d in directions]
    for direction in directions:
        direction.open = direction.pk in shown
        direction.total_text = numbers.fixed(direction.total)
        direction.add_label = add_label % {"number": direction.number}
        direction.holds = ", ".join(
            _HOLDS[key](n) % {"n": n}
            for key, n in (
                ("goals", direction.goals),
                ("objectives", direction.objectives),
                ("activities", direction.activities_count),
            )
            if n
        )
        # the page with this direction opened or closed, the others as they are
        others = shown ^ {direction.pk}
        if len(others) == len(directions):
            query = ALL
        else:
            query = ",".join(str(pk) for pk in order if pk in others) or NONE
        direction.toggle_url = f"{base}?open={query}#{direction.anchor}"
    _siblings(directions)

    if loaded:
        _outline(index, loaded, text, base)
        _activity_rows(programme, index, loaded, len(loaded) < len(directions), text, numbers)
        for direction in directions:
            if direction.pk in loaded:
                _roll_up(direction, numbers)

    return PlanPage(
        directions=directions,
        index=index,
        url=base,
        all_open=len(shown) == len(directions),
        opened=shown,
        activities_count=activities_count,
        total=plan_total,
        summary=summary,
        default_opened=default,
    )


def _outline(index, directions: set[int], text, base: str) -> None:
    """The goals and objectives of the given directions, numbered in their order."""
    for row in (
        Goal.objects.filter(direction_id__in=directions)
        .order_by("sort_order", "id", "objectives__sort_order", "objectives__id")
        .values(
            "pk",
            "direction_id",
            "title_ru",
            "title_ky",
            "objectives__pk",
            "objectives__title_ru",
            "objectives__title_ky",
        )
    ):
        pk = row["pk"]
        goal = index.get(("goal", pk))
        if goal is None:
            direction = index[("direction", row["direction_id"])]
            goal = PlanItem(
                "goal",
                pk,
                f"{direction.number}.{len(direction.children) + 1}",
                text(row, "title"),
                (row["title_ru"], row["title_ky"]),
                direction,
                f"{base}goal/{pk}/",
            )
            direction.children.append(index.setdefault(("goal", pk), goal))
        pk = row["objectives__pk"]
        if pk is not None:
            objective = PlanItem(
                "objective",
                pk,
                f"{goal.number}.{len(goal.children) + 1}",
                text(row, "objectives__title"),
                (row["objectives__title_ru"], row["objectives__title_ky"]),
                goal,
                f"{base}objective/{pk}/",
            )
            goal.children.append(index.setdefault(("objective", pk), objective))


def _roll_up(direction: PlanItem, numbers: Numbers) -> None:
    """The counts and costs of the goals and objectives of an open direction, from its rows."""
    add_labels = {
        "goal": _("Добавить задачу к цели %(number)s"),
        "objective": _("Добавить мероприятие к задаче %(number)s"),
    }
    _siblings(direction.children)
    for goal in direction.children:
        goal.objectives = len(goal.children)
        goal.add_label = add_labels["goal"] % {"number": goal.number}
        _siblings(goal.children)
        for objective in goal.children:
            objective.activities_count = len(objective.activities)
            objective.total = sum((a.total for a in objective.activities), ZERO)
            objective.total_text = numbers.fixed(objective.total)
            objective.add_label = add_labels["objective"] % {"number": objective.number}
            _siblings(objective.activities)
            goal.activities_count += objective.activities_count
            goal.total += objective.total
        goal.total_text = numbers.fixed(goal.total)


def _activity_rows(programme, index, directions, only_these: bool, text, numbers) -> None:
    """The activities of the given directions, each written out for its row of the page."""
    base = reverse("planning:plan", kwargs={"pk": programme.pk})
    # an activity's own page: `<programme>/activities/<pk>/`, see the views
    pages = reverse("planning:overview", kwargs={"pk": programme.pk}) + "activities/"
    rows = Activity.objects.filter(programme=programme)
    if only_these:
        rows = rows.filter(objective__goal__direction_id__in=directions)
    rows = (
        rows.order_by("sort_order", "id")
        .values(
            "pk",
            "objective_id",
            "title_ru",
            "title_ky",
            "responsible_ru",
            "responsible_ky",
            "start_date",
            "end_date",
            "is_joint_action",
            "village__name_ru",
            "village__name_ky",
        )
        .annotate(total=Sum("costs__amount"))
    )
    for row in rows:
        objective = index.get(("objective", row["objective_id"]))
        if objective is None:
            continue
        pk = row["pk"]
        item = PlanActivity(
            pk,
            f"{objective.number}.{len(objective.activities) + 1}",
            text(row, "title"),
            (row["title_ru"], row["title_ky"]),
            objective,
            f"{base}activity/{pk}/",
            f"{pages}{pk}/",
        )
        item.responsible = text(row, "responsible") or "—"
        start, end = row["start_date"], row["end_date"]
        if start or end:
            # the two dates break only after the dash
            item.dates = "{}\u00a0– {}".format(
                start.strftime("%d.%m.%Y") if start else "…",
                end.strftime("%d.%m.%Y") if end else "…",
            )
        if row["village__name_ru"] or row["village__name_ky"]:
            item.place = text(row, "village__name")
        item.is_joint_action = row["is_joint_action"]
        if row["total"] is not None:
            item.has_cost = True
            item.total = row["total"]
            item.total_text = numbers.fixed(row["total"])
        objective.activities.append(index.setdefault(("activity", pk), item))


def _shows_all(activities: int, directions: int) -> bool:
    return activities <= SHOW_ALL_UP_TO or directions == 1


def plan_shows_all(programme: Programme) -> bool:
    """Whether the plan page opens with every direction shown (two counts)."""
    return _shows_all(
        Activity.objects.filter(programme=programme).count(),
        Direction.objects.filter(programme=programme).count(),
    )


_HOLDS = {
    "goals": lambda n: ngettext("%(n)d цель", "%(n)d целей", n),
    "objectives": lambda n: ngettext("%(n)d задача", "%(n)d задач", n),
    "activities": lambda n: ngettext("%(n)d мероприятие", "%(n)d мероприятий", n),
    "indicators": lambda n: ngettext("%(n)d индикатор", "%(n)d индикаторов", n),
}


def plan_item_removes(page: PlanPage, node: PlanItem) -> list[str]:
    """What goes with an item of the plan page when it is deleted, e.g. «1 цель, 3 задачи»
    (one query: its indicators; the page knows the rest)."""
    if node.kind == "activity":
        return []
    goals = node.children if node.kind == "direction" else [node] if node.kind == "goal" else []
    objectives = [o for g in goals for o in g.children] if goals else [node]
    counts = {
        "goals": len(goals) if node.kind == "direction" else 0,
        "objectives": len(objectives) if node.kind != "objective" else 0,
        "activities": node.activities_count,
        "indicators": Indicator.objects.filter(
            Q(goal_id__in=[g.pk for g in goals]) | Q(objective_id__in=[o.pk for o in objectives])
        ).count(),
    }
    return [_HOLDS[key](n) % {"n": n} for key, n in counts.items() if n]
