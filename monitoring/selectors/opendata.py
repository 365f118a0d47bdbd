"""The rows of the open-data files (`monitoring.opendata` declares the files), for one
municipality or for all of them, and what the open-data page lists.

The programme of a municipality is its version in force that the council approved (approved or
in implementation; the newest period and version where a municipality has more than one); a
draft, a version in review or in consultation and a superseded version are never read. The
monitoring comes from the periods the ГСМиО has handed in only.

Each file costs a fixed number of queries whatever the number of programmes, activities and
periods: the programmes (one), the positions of their plan items to number them as the
programme's document does (up to four), and the rows of the file (one or two). The largest
files (costs and spending) are read from the database a chunk at a time, in the order of the
file, so that a response can be streamed without holding them."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language

from planning.models import (
    Activity,
    ActivityCost,
    CouncilDecision,
    Direction,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Programme,
)
from planning.selectors.listing import APPROVED_STATUSES

from ..models import ActivityProgress, ActivitySpending, Frequency, IndicatorActual
from ..opendata import (
    LEVEL_GOAL,
    LEVEL_OBJECTIVE,
    PUBLISHED_PERIODS,
    TABLES,
    Scope,
    Table,
    code_rows,
)

CHUNK = 2000
ZERO = Decimal(0)
TENTH = Decimal("0.1")  # thousands of som, as the costs are kept


def programmes_in_force(slug: str | None = None) -> list[Programme]:
    """Each municipality's programme in force approved by its council, by municipality code
    (one query); only the municipality `slug` when given."""
    programmes = (
        Programme.objects.filter(status__in=APPROVED_STATUSES)
        .select_related("municipality__district__oblast", "council_decision")
        .order_by("municipality__slug", "-start_year", "-version")
    )
    if slug is not None:
        programmes = programmes.filter(municipality__slug=slug)
    in_force, seen = [], set()
    for programme in programmes:
        if programme.municipality_id not in seen:
            seen.add(programme.municipality_id)
            in_force.append(programme)
    return in_force


def period_code(year: int, number: int, frequency: str) -> str:
    """«2023», «2023-H1», «2023-Q3»: a period as the files name it."""
    if frequency == Frequency.HALF:
        return f"{year}-H{number}"
    if frequency == Frequency.QUARTER:
        return f"{year}-Q{number}"
    return str(year)


# --- the numbers of the plan ------------------------------------------------------------------


@dataclass
class Item:
    code: str
    slug: str
    title_ru: str = ""
    title_ky: str = ""
    parent: "Item | None" = None
    position: tuple = ()  # (slug, 1, 2, 1): the order of the files


@dataclass
class Plan:
    """The directions, goals and objectives of the programmes with their numbers (1, 1.2,
    1.2.1), by id. Three queries."""

    slug_of: dict[int, str]  # programme id → municipality code
    directions: dict[int, Item] = field(default_factory=dict)
    goals: dict[int, Item] = field(default_factory=dict)
    objectives: dict[int, Item] = field(default_factory=dict)


def _number(rows, parents: dict[int, Item] | None, slug_of=None) -> dict[int, Item]:
    """Items numbered by their position among their siblings; `rows` are (id, parent id,
    title_ru, title_ky) in the order of their parent, sort order and id."""
    items: dict[int, Item] = {}
    counter: dict[int, int] = defaultdict(int)
    for pk, parent_id, title_ru, title_ky in rows:
        counter[parent_id] += 1
        n = counter[parent_id]
        if parents is None:
            slug = slug_of[parent_id]
            items[pk] = Item(str(n), slug, title_ru, title_ky, None, (slug, n))
            continue
        parent = parents.get(parent_id)
        if parent is None:
            continue
        items[pk] = Item(
            f"{parent.code}.{n}", parent.slug, title_ru, title_ky, parent, (*parent.position, n)
        )
    return items


def plan_of(programmes: list[Programme]) -> Plan:
    ids = [p.pk for p in programmes]
    plan = Plan({p.pk: p.municipality.slug for p in programmes})
    fields = ("title_ru", "title_ky")
    plan.directions = _number(
        Direction.objects.filter(programme__in=ids)
        .order_by("programme_id", "sort_order", "pk")
        .values_list("pk", "programme_id", *fields),
        None,
        plan.slug_of,
    )
    plan.goals = _number(
        Goal.objects.filter(direction__programme__in=ids)
        .order_by("direction_id", "sort_order", "pk")
        .values_list("pk", "direction_id", *fields),
        plan.directions,
    )
    plan.objectives = _number(
        Objective.objects.filter(goal__direction__programme__in=ids)
        .order_by("goal_id", "sort_order", "pk")
        .values_list("pk", "goal_id", *fields),
        plan.goals,
    )
    return plan


def activity_codes(plan: Plan, programmes: list[Programme]) -> dict[int, Item]:
    """Activity id → its number (one query)."""
    return _number(
        Activity.objects.filter(objective__goal__direction__programme__in=list(plan.slug_of))
        .order_by("objective_id", "sort_order", "pk")
        .values_list("pk", "objective_id", "title_ru", "title_ky"),
        plan.objectives,
    )


# the order of the files: the plan's order, within each municipality
PLAN_ORDER = (
    "objective__goal__direction__programme__municipality__slug",
    "objective__goal__direction__sort_order",
    "objective__goal__direction_id",
    "objective__goal__sort_order",
    "objective__goal_id",
    "objective__sort_order",
    "objective_id",
    "sort_order",
    "pk",
)


def _through(prefix: str) -> list[str]:
    return [f"{prefix}__{name}" if name != "pk" else f"{prefix}_id" for name in PLAN_ORDER]


# --- the files --------------------------------------------------------------------------------


def _programmes(programmes, url_of) -> Iterator[dict]:
    for programme in programmes:
        municipality = programme.municipality
        district = municipality.district
        try:
            decision = programme.council_decision
        except CouncilDecision.DoesNotExist:
            decision = None
        yield {
            "municipality": municipality.slug,
            "municipality_name_ru": municipality.name_ru,
            "municipality_name_ky": municipality.name_ky,
            "municipality_kind": municipality.kind,
            "oblast_ru": district.oblast.name_ru,
            "oblast_ky": district.oblast.name_ky,
            "district_ru": district.name_ru,
            "district_ky": district.name_ky,
            "title_ru": programme.title_ru,
            "title_ky": programme.title_ky,
            "start_year": programme.start_year,
            "end_year": programme.end_year,
            "version": programme.version,
            "status": programme.status,
            "council_decision_number": decision.number if decision else None,
            "council_decision_date": decision.date if decision else None,
            "public_url": url_of(programme),
        }


def _activities(programmes) -> Iterator[dict]:
    plan = plan_of(programmes)
    latest = {}
    for activity_id, status, percent, year, number, frequency in (
        ActivityProgress.objects.filter(
            period__programme__in=list(plan.slug_of), period__status__in=PUBLISHED_PERIODS
        )
        .order_by("period__starts_on", "period_id")
        .values_list(
            "activity_id",
            "status",
            "percent",
            "period__year",
            "period__number",
            "period__frequency",
        )
    ):
        latest[activity_id] = (status, percent, period_code(year, number, frequency))
    rows = []
    activities = (
        Activity.objects.filter(objective__goal__direction__programme__in=list(plan.slug_of))
        .order_by("objective_id", "sort_order", "pk")
        .annotate(
            planned_total=Coalesce(Sum("costs__amount"), Value(ZERO), output_field=DecimalField())
        )
        .values_list(
            "pk",
            "objective_id",
            "title_ru",
            "title_ky",
            "responsible_ru",
            "responsible_ky",
            "start_date",
            "end_date",
            "is_joint_action",
            "planned_total",
        )
    )
    numbered = _number(((a[0], a[1], a[2], a[3]) for a in activities), plan.objectives)
    for pk, _o, title_ru, title_ky, resp_ru, resp_ky, start, end, joint, total in activities:
        item = numbered.get(pk)
        if item is None:
            continue
        objective = item.parent
        goal = objective.parent
        direction = goal.parent
        status, percent, period = latest.get(pk, (None, None, None))
        rows.append(
            (
                item.position,
                {
                    "municipality": item.slug,
                    "direction_code": direction.code,
                    "direction_ru": direction.title_ru,
                    "direction_ky": direction.title_ky,
                    "goal_code": goal.code,
                    "goal_ru": goal.title_ru,
                    "goal_ky": goal.title_ky,
                    "objective_code": objective.code,
                    "objective_ru": objective.title_ru,
                    "objective_ky": objective.title_ky,
                    "activity_code": item.code,
                    "title_ru": title_ru,
                    "title_ky": title_ky,
                    "responsible_ru": resp_ru,
                    "responsible_ky": resp_ky,
                    "start_date": start,
                    "end_date": end,
                    "joint_action": joint,
                    "planned_total": total.quantize(TENTH),
                    "status": status,
                    "percent_complete": percent,
                    "status_period": period,
                },
            )
        )
    rows.sort(key=lambda row: row[0])
    for _position, row in rows:
        yield row


def _activity_costs(programmes) -> Iterator[dict]:
    plan = plan_of(programmes)
    codes = activity_codes(plan, programmes)
    costs = (
        ActivityCost.objects.filter(activity_id__in=list(codes))
        .order_by(*_through("activity"), "year", "source")
        .values_list("activity_id", "year", "source", "amount")
    )
    for activity_id, year, source, amount in costs.iterator(chunk_size=CHUNK):
        item = codes[activity_id]
        yield {
            "municipality": item.slug,
            "activity_code": item.code,
            "year": year,
            "source": source,
            "amount": amount,
        }


def _spending(programmes) -> Iterator[dict]:
    plan = plan_of(programmes)
    codes = activity_codes(plan, programmes)
    spending = (
        ActivitySpending.objects.filter(
            progress__period__programme__in=list(plan.slug_of),
            progress__period__status__in=PUBLISHED_PERIODS,
        )
        .order_by(*_through("progress__activity"), "progress__period__starts_on", "source")
        .values_list(
            "progress__activity_id",
            "progress__period__year",
            "progress__period__number",
            "progress__period__frequency",
            "progress__period__starts_on",
            "progress__period__ends_on",
            "progress__period__status",
            "source",
            "amount",
        )
    )
    for (
        activity_id,
        year,
        number,
        frequency,
        starts,
        ends,
        state,
        source,
        amount,
    ) in spending.iterator(chunk_size=CHUNK):
        item = codes.get(activity_id)
        if item is None:  # an activity an amendment removed: not in the plan in force
            continue
        yield {
            "municipality": item.slug,
            "activity_code": item.code,
            "period": period_code(year, number, frequency),
            "period_start": starts,
            "period_end": ends,
            "period_status": state,
            "source": source,
            "amount": amount,
        }


@dataclass
class Numbered:
    slug: str
    number: int
    level: str
    goal_code: str | None
    objective_code: str | None


def indicator_numbers(plan: Plan) -> tuple[dict[int, Numbered], list[Indicator]]:
    """Indicator id → its number, 1, 2, 3, … in the order the programme's document lists them:
    under each goal in the order of the plan, the goal's indicators and then those of each of
    its objectives; last, any whose goal or objective is not in the plan (one query)."""
    indicators = list(
        Indicator.objects.filter(programme__in=list(plan.slug_of)).order_by(
            "programme_id", "sort_order", "pk"
        )
    )
    by_goal: dict[int, list] = defaultdict(list)
    by_objective: dict[int, list] = defaultdict(list)
    by_programme: dict[int, list] = defaultdict(list)
    for indicator in indicators:
        by_programme[indicator.programme_id].append(indicator)
        if indicator.goal_id is not None:
            by_goal[indicator.goal_id].append(indicator)
        else:
            by_objective[indicator.objective_id].append(indicator)
    goals_in_order = sorted(plan.goals.items(), key=lambda kv: kv[1].position)
    objectives_of: dict[int, list[tuple[int, Item]]] = defaultdict(list)
    for pk, objective in sorted(plan.objectives.items(), key=lambda kv: kv[1].position):
        objectives_of[id(objective.parent)].append((pk, objective))
    numbers: dict[int, Numbered] = {}
    count: dict[str, int] = defaultdict(int)

    def give(indicator, level, goal_code, objective_code):
        slug = plan.slug_of[indicator.programme_id]
        count[slug] += 1
        numbers[indicator.pk] = Numbered(slug, count[slug], level, goal_code, objective_code)

    for programme_id, slug in sorted(plan.slug_of.items(), key=lambda kv: kv[1]):
        for goal_pk, goal in goals_in_order:
            if goal.slug != slug:
                continue
            for indicator in by_goal.get(goal_pk, []):
                give(indicator, LEVEL_GOAL, goal.code, None)
            for objective_pk, objective in objectives_of[id(goal)]:
                for indicator in by_objective.get(objective_pk, []):
                    give(indicator, LEVEL_OBJECTIVE, goal.code, objective.code)
        # nothing is hidden: an indicator whose goal or objective is not in this plan
        rest = [i for i in by_programme[programme_id] if i.pk not in numbers]
        unplaced_goals = [i for i in rest if i.goal_id is not None]
        unplaced_objectives = [i for i in rest if i.goal_id is None]
        for indicator in _grouped(unplaced_goals, "goal_id"):
            give(indicator, LEVEL_GOAL, None, None)
        for indicator in _grouped(unplaced_objectives, "objective_id"):
            give(indicator, LEVEL_OBJECTIVE, None, None)
    return numbers, indicators


def _grouped(indicators, key):
    groups: dict[int, list] = {}
    for indicator in indicators:
        groups.setdefault(getattr(indicator, key), []).append(indicator)
    return [indicator for group in groups.values() for indicator in group]


def _indicators(programmes) -> Iterator[dict]:
    numbers, indicators = indicator_numbers(plan_of(programmes))
    rows = []
    for indicator in indicators:
        n = numbers[indicator.pk]
        rows.append(
            {
                "municipality": n.slug,
                "indicator_number": n.number,
                "level": n.level,
                "goal_code": n.goal_code,
                "objective_code": n.objective_code,
                "name_ru": indicator.name_ru,
                "name_ky": indicator.name_ky,
                "unit": indicator.unit,
                "change_direction": indicator.direction,
                "cumulative": indicator.is_cumulative,
                "baseline_value": indicator.baseline_value,
                "baseline_year": indicator.baseline_year,
                "sex_disaggregated": indicator.is_sex_disaggregated,
                "means_of_verification_ru": indicator.means_of_verification_ru,
                "means_of_verification_ky": indicator.means_of_verification_ky,
            }
        )
    rows.sort(key=lambda row: (row["municipality"], row["indicator_number"]))
    yield from rows


def _indicator_targets(programmes) -> Iterator[dict]:
    numbers = indicator_numbers(plan_of(programmes))[0]
    targets = IndicatorTarget.objects.filter(indicator_id__in=list(numbers)).values_list(
        "indicator_id", "year", "value"
    )
    rows = []
    for indicator_id, year, value in targets:
        n = numbers[indicator_id]
        rows.append(
            {"municipality": n.slug, "indicator_number": n.number, "year": year, "target": value}
        )
    rows.sort(key=lambda row: (row["municipality"], row["indicator_number"], row["year"]))
    yield from rows


def _indicator_actuals(programmes) -> Iterator[dict]:
    plan = plan_of(programmes)
    numbers = indicator_numbers(plan)[0]
    actuals = IndicatorActual.objects.filter(
        period__programme__in=list(plan.slug_of), period__status__in=PUBLISHED_PERIODS
    ).values_list(
        "indicator_id",
        "period__year",
        "period__number",
        "period__frequency",
        "period__starts_on",
        "period__ends_on",
        "period__status",
        "value",
        "women",
        "men",
    )
    rows = []
    for indicator_id, year, number, frequency, starts, ends, state, value, women, men in actuals:
        n = numbers.get(indicator_id)
        if n is None:  # an indicator an amendment removed: not in the plan in force
            continue
        rows.append(
            (
                (n.slug, n.number, starts),
                {
                    "municipality": n.slug,
                    "indicator_number": n.number,
                    "period": period_code(year, number, frequency),
                    "period_start": starts,
                    "period_end": ends,
                    "period_status": state,
                    "value": value,
                    "women": women,
                    "men": men,
                },
            )
        )
    rows.sort(key=lambda row: row[0])
    for _key, row in rows:
        yield row


def _codes(programmes) -> Iterator[dict]:
    return code_rows()


def file_rows(
    table: Table, programmes: list[Programme], *, url_of: Callable[[Programme], str]
) -> Iterator[dict]:
    """The rows of a file for these programmes (`url_of`: a programme → its public page's
    address)."""
    if table.name == "programmes":
        return _programmes(programmes, url_of)
    return ROWS[table.name](programmes)


ROWS = {
    "activities": _activities,
    "activity_costs": _activity_costs,
    "indicators": _indicators,
    "indicator_targets": _indicator_targets,
    "indicator_actuals": _indicator_actuals,
    "spending": _spending,
    "codes": _codes,
}


FILE_MARK = "--file--"


@dataclass(frozen=True)
class OpenFile:
    name: str  # the table's name
    title: str  # in the page's language
    csv: str  # addresses
    json: str


@dataclass(frozen=True)
class ScopeFiles:
    package: str
    files: list[OpenFile]


def scope_files(scope: Scope) -> ScopeFiles:
    """The addresses of a scope's package and files, for the pages (no query)."""
    lang = "ky" if (get_language() or "ru").startswith("ky") else "ru"
    if scope.slug is None:
        package = reverse("monitoring:opendata_package")
        pattern = reverse("monitoring:opendata_file", kwargs={"file_name": FILE_MARK})
    else:
        package = reverse("monitoring:opendata_m_package", kwargs={"slug": scope.slug})
        pattern = reverse(
            "monitoring:opendata_m_file", kwargs={"slug": scope.slug, "file_name": FILE_MARK}
        )

    # The address is reversed once and each file's name put in it (the names are letters,
    # digits, "_", "-" and "."; nothing to quote): a score of reversals cost the public page
    # as much as one of its queries.
    def url(file_name):
        return pattern.replace(FILE_MARK, file_name)

    return ScopeFiles(
        package,
        [
            OpenFile(
                table.name,
                table.title.get(lang),
                url(scope.file_name(table, "csv")),
                url(scope.file_name(table, "json")),
            )
            for table in TABLES.values()
        ],
    )


def shows_open_data(programme: Programme) -> bool:
    """The public page of a version the council approved links to its open data."""
    return programme.status in APPROVED_STATUSES


def open_data_section(programme: Programme) -> dict:
    """What the section of the public page shows: the municipality's files (no query: the page
    has the municipality)."""
    return {"files": scope_files(Scope(programme.municipality.slug))}
