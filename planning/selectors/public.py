"""What the public page of a programme shows to anyone, logged in or not: the programme (its
plan, indicators, costs, passport, analysis, SWOT and working group), the council decision and
the finished PDF documents of an approved version, and the agreement with the population.

The page is read by many more people than any other, on phones and slow connections, and a
programme may have hundreds of activities, so it loads only what it shows: the plan and the
indicators as `values()` rows (no model instances, no costs by year the page does not show),
and writes their HTML in one pass (`public_rows`: the templates only place it). The number of
queries does not depend on the size of the programme or the number of proposals.

The sections between the table of contents and the consultation come from
`extensions.public_sections`: planning's own (they read the page's context) and those of the
apps above, each with the data it loads."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from common.numbers import Numbers
from documents.kinds import kinds
from documents.models import Document, DocumentLanguage
from documents.selectors import public_documents as public_documents_of
from municipalities.templatetags.portal import RowText

from ..documents import KIND as PROGRAMME
from ..extensions import public_sections
from ..models import (
    PUBLIC_STATUSES,
    Activity,
    ActivityCost,
    CitizenProposal,
    Direction,
    Indicator,
    IndicatorTarget,
    Passport,
    Programme,
    ProgrammeStatus,
    ProposalStatus,
    Sex,
    WorkingGroupMember,
)
from .analysis import swot_blocks
from .consultation import PROPOSALS_PER_PAGE, consultation_counts, hearings_of
from .documents import sector_analyses
from .finance import financial_model
from .plan import cost_table
from .public_rows import IndicatorsHtml, PlanHtml

ZERO = Decimal(0)
DASH = "—"


def public_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "municipality__district__oblast"
    )


def get_public_programme(pk: int) -> Programme:
    """The programme if citizens may read it; 404 otherwise (a draft's existence is not
    revealed)."""
    return get_object_or_404(public_programmes(), pk=pk)


def get_public_page_programme(pk: int) -> Programme:
    """`get_public_programme` with what its public page shows of it one to one — the passport
    and the council decision — in the same query."""
    return get_object_or_404(
        public_programmes().select_related("passport", "council_decision"), pk=pk
    )


def _one_to_one(programme: Programme, name: str):
    """The programme's passport or council decision (None if it has none): loaded with it by
    `get_public_page_programme`, else read now."""
    try:
        return getattr(programme, name)
    except ObjectDoesNotExist:
        return None


def public_documents(programme: Programme) -> list[Document]:
    """The newest downloadable PDF of each language (ru, ky, ru+ky), in that order: the
    documents `planning:public_document` serves (one query)."""
    newest: dict[str, Document] = {}
    kind = kinds[PROGRAMME]
    for document in public_documents_of(kind, programme).order_by("-finished_at", "-id"):
        newest.setdefault(document.language, document)
    return [newest[lang] for lang in DocumentLanguage.values if lang in newest]


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    template: str
    data: Any


def shown_sections(programme: Programme) -> list[ShownSection]:
    """The registered sections this programme shows, in their order, each with its data
    (loaded only for a section that is shown)."""
    return [
        ShownSection(
            section.key,
            section.title,
            section.template,
            section.data(programme) if section.data else None,
        )
        for section in public_sections
        if section.when is None or section.when(programme)
    ]


# --- the plan ------------------------------------------------------------------------------


@dataclass
class PublicPlan:
    """Directions → goals → objectives → activities as dictionaries, numbered as everywhere
    in the portal (1, 1.1, 1.1.1, 1.1.1.1), in the order of the plan:

    - direction: `pk`, `number`, `title`, `goals`, `activity_count`, `total` and `html`: what
      the page shows under its heading, written by `public_rows.PlanHtml` (its goals, their
      objectives, and each objective's activities with their number, title, ПСД mark,
      village, expected result, dates, responsible, and cost with its funding sources);
    - goal: `pk`, `number`, `title`, `objectives`;
    - objective: `pk`, `number`, `title`, `total`.

    Titles and texts are in the page language (the other one, marked, where it is missing);
    amounts are written in thousands of som with one decimal."""

    directions: list[dict] = field(default_factory=list)
    activities_count: int = 0
    total: str = ""
    # (year, source, amount) of the plan's costs summed by year and source: the table of costs
    # by year and source, and the financial model
    costs: list[tuple[int, str, Decimal]] = field(default_factory=list)


def public_plan(programme: Programme, *, numbers: Numbers, text: RowText) -> PublicPlan:
    """The whole plan in three queries, whatever its size.

    The rows carry the texts of both languages, asked for by name: modeltranslation's
    rewriting of `values()` (which resolves a field to the active language) is not needed,
    and costs a third of reading the rows."""
    # the directions, their goals and the goals' objectives in one query, in the plan's order
    # (a direction without goals or a goal without objectives: one row, the rest empty)
    tree = (
        Direction.objects.rewrite(False)
        .filter(programme=programme)
        .order_by(
            "sort_order",
            "id",
            "goals__sort_order",
            "goals__id",
            "goals__objectives__sort_order",
            "goals__objectives__id",
        )
        .values_list(
            "id",
            "title_ru",
            "title_ky",
            "goals__id",
            "goals__title_ru",
            "goals__title_ky",
            "goals__objectives__id",
            "goals__objectives__title_ru",
            "goals__objectives__title_ky",
        )
    )
    directions: list[dict] = []
    goals_of: dict[int, list[dict]] = defaultdict(list)
    objectives_of: dict[int, list[dict]] = defaultdict(list)
    for d_id, d_ru, d_ky, g_id, g_ru, g_ky, o_id, o_ru, o_ky in tree:
        if not directions or directions[-1]["id"] != d_id:
            directions.append({"id": d_id, "title_ru": d_ru, "title_ky": d_ky})
        goals = goals_of[d_id]
        if g_id is not None and (not goals or goals[-1]["id"] != g_id):
            goals.append({"id": g_id, "title_ru": g_ru, "title_ky": g_ky})
        if o_id is not None:
            objectives_of[g_id].append({"id": o_id, "title_ru": o_ru, "title_ky": o_ky})
    activities = (
        Activity.objects.rewrite(False)
        .filter(programme=programme)
        .values(
            "id",
            "objective_id",
            "title_ru",
            "title_ky",
            "responsible_ru",
            "responsible_ky",
            "expected_result_ru",
            "expected_result_ky",
            "start_date",
            "end_date",
            "is_joint_action",
            "village__name_ru",
            "village__name_ky",
        )
    )
    costs = list(
        ActivityCost.objects.filter(activity__programme=programme)
        .order_by()
        .values_list("activity_id", "year", "source", "amount")
    )

    # each activity's amount by funding source, over all its years; the plan's by year and
    # source
    by_source: dict[int, dict[str, Decimal]] = defaultdict(dict)
    by_year: dict[tuple[int, str], Decimal] = {}
    for activity_id, year, source, amount in costs:
        sources = by_source[activity_id]
        sources[source] = sources.get(source, ZERO) + amount
        by_year[year, source] = by_year.get((year, source), ZERO) + amount
    activities_of: dict[int, list[dict]] = defaultdict(list)
    for row in activities:
        activities_of[row["objective_id"]].append(row)
    html = PlanHtml(numbers=numbers, text=text)

    plan = PublicPlan(costs=[(year, source, amount) for (year, source), amount in by_year.items()])
    plan_total = ZERO
    for d_pos, d_row in enumerate(directions, start=1):
        d_number = str(d_pos)
        d_total, d_count, d_goals = ZERO, 0, []
        for g_pos, g_row in enumerate(goals_of[d_row["id"]], start=1):
            g_number = f"{d_number}.{g_pos}"
            g_objectives = []
            for o_pos, o_row in enumerate(objectives_of[g_row["id"]], start=1):
                o_number = f"{g_number}.{o_pos}"
                rows, o_total = [], ZERO
                for a_pos, row in enumerate(activities_of[o_row["id"]], start=1):
                    sources = by_source.get(row["id"], {})
                    total = sum(sources.values(), ZERO)
                    rows.append(html.activity(row, f"{o_number}.{a_pos}", sources, total))
                    o_total += total
                g_objectives.append(
                    {
                        "pk": o_row["id"],
                        "number": o_number,
                        "title": text(o_row, "title"),
                        "total": numbers.fixed(o_total),
                        "rows": rows,
                    }
                )
                d_total += o_total
                d_count += len(rows)
            d_goals.append(
                {
                    "pk": g_row["id"],
                    "number": g_number,
                    "title": text(g_row, "title"),
                    "objectives": g_objectives,
                }
            )
        plan.directions.append(
            {
                "pk": d_row["id"],
                "number": d_number,
                "title": text(d_row, "title"),
                "goals": d_goals,
                "html": html.direction(
                    [
                        html.goal(
                            goal, [html.objective(o, o.pop("rows")) for o in goal["objectives"]]
                        )
                        for goal in d_goals
                    ]
                ),
                "activity_count": d_count,
                "total": numbers.fixed(d_total),
            }
        )
        plan.activities_count += d_count
        plan_total += d_total
    plan.total = numbers.fixed(plan_total)
    return plan


def public_costs(programme: Programme, plan: PublicPlan, *, numbers: Numbers) -> dict:
    """The cost of the programme by year × funding source (`plan.cost_table`) from the costs
    the plan loaded, written out: «—» where there is nothing."""
    table = cost_table(programme, plan.costs)
    return {
        "years": table.years,
        "rows": [
            {
                "label": row.label,
                "cells": [DASH if cell is None else numbers.fixed(cell) for cell in row.cells],
                "total": numbers.fixed(row.total) if row.total else DASH,
            }
            for row in table.rows
        ],
        "column_totals": [numbers.fixed(total) if total else DASH for total in table.column_totals],
        "total": numbers.fixed(table.total),
    }


# --- the indicators ------------------------------------------------------------------------


def public_indicators(
    programme: Programme, plan: PublicPlan, *, numbers: Numbers, text: RowText
) -> dict:
    """Every indicator of the programme under its goal or objective, in the order of the plan,
    numbered 1, 2, 3 … down the page, with its baseline and its target in each programme year
    (two queries: the goals and objectives come from the plan). An indicator whose goal or
    objective is not in this plan is still shown, in a group of its own.

    A group: `kind` ("goal", "objective" or "other"), `anchor`, `number`, `title`, `rows`; a
    row: `number`, `name`, `sex` (in the split by sex), `unit`, `baseline`, `targets` (one per
    year), `means` (of verification). `html`: the groups' headings and tables, written by
    `public_rows.IndicatorsHtml`."""
    years = programme.years
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, year, value in (
        IndicatorTarget.objects.filter(indicator__programme=programme)
        .order_by()
        .values_list("indicator_id", "year", "value")
    ):
        targets[indicator_id][year] = value
    units = {value: str(label) for value, label in Indicator.Unit.choices}
    by_goal, by_objective = defaultdict(list), defaultdict(list)
    for row in (
        Indicator.objects.rewrite(False)
        .filter(programme=programme)
        .values(
            "id",
            "goal_id",
            "objective_id",
            "name_ru",
            "name_ky",
            "unit",
            "baseline_value",
            "baseline_year",
            "means_of_verification_ru",
            "means_of_verification_ky",
            "is_sex_disaggregated",
        )
    ):
        baseline = DASH
        if row["baseline_value"] is not None:
            baseline = numbers.trimmed(row["baseline_value"])
            if row["baseline_year"]:
                baseline += f" ({row['baseline_year']})"
        of_year = targets.get(row["id"], {})
        shown = {
            "name": text(row, "name"),
            "sex": row["is_sex_disaggregated"],
            "unit": units.get(row["unit"], row["unit"]),
            "baseline": baseline,
            "targets": [
                DASH if of_year.get(year) is None else numbers.trimmed(of_year[year])
                for year in years
            ],
            "means": text(row, "means_of_verification") or DASH,
        }
        if row["goal_id"] is not None:
            by_goal[row["goal_id"]].append(shown)
        else:
            by_objective[row["objective_id"]].append(shown)

    groups = []
    for direction in plan.directions:
        for goal in direction["goals"]:
            if rows := by_goal.pop(goal["pk"], None):
                groups.append(_indicator_group("goal", goal, rows))
            for objective in goal["objectives"]:
                if rows := by_objective.pop(objective["pk"], None):
                    groups.append(_indicator_group("objective", objective, rows))
    unplaced = [row for rows in by_goal.values() for row in rows]
    unplaced += [row for rows in by_objective.values() for row in rows]
    if unplaced:
        groups.append({"kind": "other", "anchor": "other", "number": "", "rows": unplaced})
    number = 0
    for group in groups:
        for row in group["rows"]:
            number += 1
            row["number"] = number
    return {
        "years": years,
        "groups": groups,
        "indicator_count": number,
        "html": IndicatorsHtml(years).groups(groups),
    }


def _indicator_group(kind: str, item: dict, rows: list[dict]) -> dict:
    return {
        "kind": kind,
        "anchor": f"{kind}-{item['pk']}",
        "number": item["number"],
        "title": item["title"],
        "rows": rows,
    }


# --- the passport, the working group, the proposals ----------------------------------------


def public_passport(programme: Programme) -> dict:
    """The passport and its villages (one query, and one for the passport unless it came with
    the programme); the villages are also the choices of the proposal form."""
    passport = _one_to_one(programme, "passport")
    if passport is None:  # every programme gets one when it is created; shown empty otherwise
        return {"passport": Passport(programme=programme), "villages": [], "village_population": 0}
    passport.programme = programme
    villages = list(passport.villages.all())
    return {
        "passport": passport,
        "villages": villages,
        "village_population": sum(v.population for v in villages if v.population is not None),
    }


def public_working_group(programme: Programme) -> dict | None:
    """The members of the working group with the group's order (one query); None without
    members. No contacts and no workplan: they are for the group itself."""
    members = list(
        WorkingGroupMember.objects.filter(working_group__programme=programme).select_related(
            "working_group"
        )
    )
    if not members:
        return None
    women = sum(1 for member in members if member.sex == Sex.FEMALE)
    men = sum(1 for member in members if member.sex == Sex.MALE)
    return {
        "working_group": members[0].working_group,
        "members": members,
        "counts_by_sex": {"women": women, "men": men, "total": len(members)},
    }


def public_proposals(programme: Programme, published: int, page_number) -> Page:
    """One page of the published proposals, oldest first, with their villages (one query, none
    without published proposals: their number is known from the consultation's counts)."""
    if not published:  # nothing to ask the database for
        return Paginator([], PROPOSALS_PER_PAGE).get_page(page_number)
    paginator = Paginator(
        CitizenProposal.objects.filter(programme=programme, status=ProposalStatus.PUBLISHED)
        .select_related("village")
        .order_by("created_at", "id"),
        PROPOSALS_PER_PAGE,
    )
    paginator.count = published
    page = paginator.get_page(page_number)
    for proposal in page.object_list:
        proposal.programme = programme
    return page


# --- the page ------------------------------------------------------------------------------


def public_page(programme: Programme, *, page_number=None) -> dict:
    """Everything the public page shows, in the active language."""
    numbers, text = Numbers(), RowText()
    plan = public_plan(programme, numbers=numbers, text=text)
    is_frozen = programme.is_frozen
    newer = None
    if programme.status == ProgrammeStatus.SUPERSEDED:
        newer = public_programmes().filter(previous_version=programme).order_by("-version").first()
    counts = consultation_counts(programme)
    return {
        "programme": programme,
        "municipality": programme.municipality,
        "years": programme.years,
        "plan": plan,
        "indicators": public_indicators(programme, plan, numbers=numbers, text=text),
        "costs": public_costs(programme, plan, numbers=numbers),
        "finance": financial_model(programme, plan.costs),
        **public_passport(programme),
        "sector_analyses": sector_analyses(programme),
        "swot": swot_blocks(programme),
        "group": public_working_group(programme),
        "is_open": programme.status == ProgrammeStatus.PUBLIC_CONSULTATION,
        "council_decision": _one_to_one(programme, "council_decision") if is_frozen else None,
        "documents": public_documents(programme) if is_frozen else [],
        "newer_version": newer,
        "counts": counts,
        "proposals": public_proposals(programme, counts.published, page_number),
        "hearing_totals": hearings_of(programme),
        "sections": shown_sections(programme),
    }
