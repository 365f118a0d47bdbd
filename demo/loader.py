"""The demo programmes of `data/*.yaml`, put into the portal through its own services.

Each file is read and checked whole first (`read_programme`): a missing key, a key nobody reads,
a value of the wrong kind or a reference to a key that does not exist stops the loading with a
message naming the file and the item, before anything is written. Then `demo_programmes_create`
types the programme in as the people the file names would in the pages — the same services, the
same permission checks, history records by those people, revisions, completeness figures — and,
where the file says so, takes it through review to the public consultation, and on to the
council, the implementation and its monitoring (`demo.implementation`). A service that
refuses something stops the loading too, with its reason and the item: the demo data are then
wrong for the portal, and nothing is written around the service.

Idempotent: a municipality that already has a programme for an overlapping period keeps it as it
is, and nothing is written for it."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from municipalities.models import Municipality, User
from planning.models import (
    FundingSource,
    Indicator,
    Programme,
    ProposalDecision,
    Section,
    Sector,
    Sex,
    SwotItem,
    WorkingGroupMember,
)
from planning.services.analysis import (
    budget_year_create,
    key_figure_create,
    passport_update,
    problem_create,
    sector_analysis_update,
    swot_item_create,
    village_create,
)
from planning.services.consultation import (
    client_hash,
    hearing_create,
    proposal_answer,
    proposal_publish,
    proposal_submit,
)
from planning.services.finance import resource_forecast_set
from planning.services.indicators import indicator_create
from planning.services.lifecycle import TransitionRefused, programme_accept, programme_submit
from planning.services.plan import activity_create, direction_create, goal_create, objective_create
from planning.services.programme import programme_create, programme_update
from planning.services.review import comment_reply, comment_resolve, comment_start
from planning.services.workgroup import (
    member_create,
    task_create,
    task_set_done,
    working_group_update,
)

from .implementation import (
    Implementation,
    activity_monitoring,
    implement,
    indicator_monitoring,
    read_implementation,
)
from .reading import NOT_IN_PORTAL, REFUSED, DemoDataError, Item, check_unique, read_file
from .review import Review, read_review, tell_review
from .users import DemoPeople, demo_people

# In the order in which `seed_demo` loads and reports them.
PROGRAMME_FILES = (
    "kok-zhar.yaml",
    "ak-tal.yaml",
    "bulolu.yaml",
    "isanov.yaml",
    "aly-anar.yaml",
    "buudalyk.yaml",
)

SWOT_LISTS = {
    "strengths": SwotItem.Kind.STRENGTH,
    "weaknesses": SwotItem.Kind.WEAKNESS,
    "opportunities": SwotItem.Kind.OPPORTUNITY,
    "threats": SwotItem.Kind.THREAT,
}
PASSPORT_TEXTS = ("geographic_position", "landscape")
PASSPORT_NUMBERS = (
    "distance_to_district_centre_km",
    "distance_to_oblast_centre_km",
    "distance_to_capital_km",
    "area_ha",
)
PASSPORT_INTEGERS = (
    "year_founded",
    "population_total",
    "population_women",
    "population_men",
    "households",
    "data_year",
)
ACTIVITY_TEXTS = ("description", "responsible", "expected_result", "community_contribution")
PROPOSAL_STATUSES = ("new", "published")


# --- what a file says, checked -------------------------------------------------------------


@dataclass
class Row:
    """One thing to create: the arguments of its service, the keys it refers to, where it is."""

    where: str
    fields: dict
    refs: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)


@dataclass
class ProgrammeFile:
    name: str
    label: str  # how the output of `seed_demo` names it
    municipality: str
    title: tuple[str, str]
    start_year: int
    end_year: int
    chair: str  # login of the person who does what only the working-group chair may
    author: str  # login of the person who writes the rest
    where: str
    header: dict  # programme_update: vision, overall goal
    order: dict
    members: list[Row]
    tasks: list[Row]
    passport: dict
    villages: list[Row]
    budget: list[Row]
    analyses: list[Row]
    swot: list[tuple[str, str, str]]
    directions: list[Row]
    forecast: dict
    consultation: dict | None
    # after the consultation: the council, the implementation and its monitoring, amendments
    implementation: Implementation | None = None
    # or, instead of the consultation, a draft that waits in review (demo.review)
    review: Review | None = None


def _translated(name: str, text: tuple[str, str]) -> dict:
    return {f"{name}_ru": text[0], f"{name}_ky": text[1]}


def _reference(item: Item, key: str, known, among: str, *, required: bool = True):
    value = item.string(key, required=required) or None
    if value is not None and value not in known:
        raise item.unknown_reference(key, value, among)
    return value


def _login(item: Item, key: str, people: DemoPeople, *, required: bool = True) -> str | None:
    return _reference(item, key, people.logins, "users.yaml", required=required)


def _members(group: Item, people: DemoPeople) -> list[Row]:
    rows = []
    items = group.items("members")
    check_unique(items, "key")
    for item in items:
        position = item.text("position", required=False)
        rows.append(
            Row(
                item.where,
                {
                    "full_name": item.string("full_name"),
                    "sex": item.choice("sex", Sex.values),
                    "wg_role": item.choice("role", WorkingGroupMember.WgRole.values),
                    "organisation": item.choice(
                        "organisation", WorkingGroupMember.Organisation.values
                    ),
                    "job_title_ru": position[0],
                    "job_title_ky": position[1],
                },
                {"key": item.string("key"), "user": _login(item, "user", people, required=False)},
            )
        )
        item.done()
    return rows


def _tasks(group: Item, member_keys: set[str]) -> list[Row]:
    rows = []
    for item in group.items("tasks", required=False):
        rows.append(
            Row(
                item.where,
                {"title": item.string("title"), "deadline": item.date("deadline")},
                {
                    "responsible": _reference(
                        item, "responsible", member_keys, "working_group → members"
                    ),
                    "done_on": item.date("done_on", required=False),
                },
            )
        )
        item.done()
    return rows


def _passport(item: Item) -> tuple[dict, list[Row], list[Row]]:
    fields = {}
    for name in PASSPORT_TEXTS:
        if item.has(name):
            fields.update(_translated(name, item.text(name)))
    for name in PASSPORT_NUMBERS:
        if item.has(name):
            fields[name] = item.number(name)
    for name in PASSPORT_INTEGERS:
        if item.has(name):
            fields[name] = item.integer(name)
    villages = []
    items = item.items("villages", required=False)
    check_unique(items, "key")
    for village in items:
        villages.append(
            Row(
                village.where,
                {
                    **_translated("name", village.text("name")),
                    "population": village.integer("population", required=False),
                },
                {"key": village.string("key")},
            )
        )
        village.done()
    budget = []
    for year in item.items("budget", required=False):
        budget.append(
            Row(
                year.where,
                {
                    "year": year.integer("year"),
                    "revenue": year.number("revenue"),
                    "expenditure": year.number("expenditure"),
                },
            )
        )
        year.done()
    item.done()
    return fields, villages, budget


def _analyses(top: Item) -> list[Row]:
    rows = []
    sectors = top.items("analysis", required=False)
    check_unique(sectors, "sector")
    for item in sectors:
        figures, problems = [], []
        for figure in item.items("key_figures", required=False):
            figures.append(
                Row(
                    figure.where,
                    {
                        **_translated("name", figure.text("name")),
                        "value": figure.number("value"),
                        "unit": figure.string("unit"),
                        "year": figure.integer("year"),
                    },
                )
            )
            figure.done()
        for problem in item.items("problems", required=False):
            problems.append(
                Row(
                    problem.where,
                    {
                        **_translated("text", problem.text("text")),
                        "raised_by_citizens": problem.boolean("raised_by_citizens"),
                    },
                )
            )
            problem.done()
        rows.append(
            Row(
                item.where,
                _translated("situation", item.text("situation")),
                {"sector": item.string("sector")},
                {"figures": figures, "problems": problems},
            )
        )
        item.done()
    return rows


def _swot(top: Item) -> list[tuple[str, str, str]]:
    swot = top.item("swot", required=False)
    if swot is None:
        return []
    items = [(kind, ru, ky) for name, kind in SWOT_LISTS.items() for ru, ky in swot.texts(name)]
    swot.done()
    return items


def _indicators(parent: Item) -> list[Row]:
    rows = []
    for item in parent.items("indicators", required=False):
        rows.append(
            Row(
                item.where,
                {
                    **_translated("name", item.text("name")),
                    "unit": item.choice("unit", Indicator.Unit.values),
                    "direction": item.choice("direction", Indicator.Direction.values),
                    "baseline_value": item.number("baseline_value", required=False),
                    "baseline_year": item.integer("baseline_year", required=False),
                    **_translated(
                        "means_of_verification",
                        item.text("means_of_verification", required=False),
                    ),
                    "is_cumulative": item.boolean("cumulative"),
                    "is_sex_disaggregated": item.boolean("sex_disaggregated"),
                },
                {
                    "targets": {
                        year: item.as_number(f"targets → {year}", value)
                        for year, value in item.by_year("targets", required=False).items()
                    },
                    **indicator_monitoring(item),
                },
            )
        )
        item.done()
    return rows


def _activities(objective: Item, village_keys: set[str]) -> list[Row]:
    rows = []
    for item in objective.items("activities", required=False):
        fields = _translated("title", item.text("title"))
        for name in ACTIVITY_TEXTS:
            fields.update(_translated(name, item.text(name, required=False)))
        fields["start_date"] = item.date("start_date", required=False)
        fields["end_date"] = item.date("end_date", required=False)
        fields["is_joint_action"] = item.boolean("joint_action")
        rows.append(
            Row(
                item.where,
                fields,
                {
                    "village": _reference(
                        item, "village", village_keys, "passport → villages", required=False
                    ),
                    "costs": item.amounts_by_year("costs", FundingSource.values),
                    **activity_monitoring(item),
                },
            )
        )
        item.done()
    return rows


def _directions(top: Item, village_keys: set[str]) -> list[Row]:
    rows = []
    for item in top.items("directions", required=False):
        goal = item.item("goal")
        objectives = []
        for objective in item.items("objectives", required=False):
            objectives.append(
                Row(
                    objective.where,
                    _translated("title", objective.text("title")),
                    children={
                        "indicators": _indicators(objective),
                        "activities": _activities(objective, village_keys),
                    },
                )
            )
            objective.done()
        rows.append(
            Row(
                item.where,
                _translated("title", item.text("title")),
                children={
                    "goal": Row(
                        goal.where,
                        _translated("title", goal.text("title")),
                        children={"indicators": _indicators(goal)},
                    ),
                    "objectives": objectives,
                },
            )
        )
        goal.done()
        item.done()
    return rows


def _consultation(top: Item, people: DemoPeople, village_keys: set[str]) -> dict | None:
    item = top.item("consultation", required=False)
    if item is None:
        return None
    comment = item.item("review_comment")
    reply = comment.item("reply")
    accepted = item.item("accepted")
    hearing = item.item("hearing")
    proposals = []
    for proposal in item.items("proposals", required=False):
        answer = proposal.item("answer", required=False)
        row = Row(
            proposal.where,
            {
                "author_name": proposal.string("author_name", required=False),
                "section": proposal.choice("section", Section.values),
                "language": proposal.choice("language", ("ru", "ky")),
                "text": proposal.string("text"),
            },
            {
                "village": _reference(
                    proposal, "village", village_keys, "passport → villages", required=False
                ),
                "publish": proposal.choice("status", PROPOSAL_STATUSES) == "published",
                "answer": None,
            },
        )
        if answer is not None:
            text = answer.text("text", required=False)
            row.refs["answer"] = {
                "decision": answer.choice("decision", ProposalDecision.values),
                "answer_ru": text[0],
                "answer_ky": text[1],
            }
            answer.done()
        proposal.done()
        proposals.append(row)
    place = hearing.text("place")
    decisions = hearing.text("decisions", required=False)
    minutes = hearing.text("minutes", required=False)
    spec = {
        "where": item.where,
        "submitted_by": _login(item, "submitted_by", people),
        "resolved_by": _login(comment, "resolved_by", people),
        "moderated_by": _login(item, "moderated_by", people),
        "comment": Row(
            comment.where,
            {
                "section": comment.choice("section", Section.values),
                "item_label": comment.string("item", required=False),
                "text": comment.string("text"),
            },
            {"by": _login(comment, "by", people)},
        ),
        "reply": Row(
            reply.where, {"text": reply.string("text")}, {"by": _login(reply, "by", people)}
        ),
        "accepted": Row(
            accepted.where,
            {"summary": accepted.string("summary", required=False)},
            {"by": _login(accepted, "by", people)},
        ),
        "proposals": proposals,
        "hearing": Row(
            hearing.where,
            {
                "date": hearing.date("date"),
                "women": hearing.integer("women"),
                "men": hearing.integer("men"),
                "place_ru": place[0],
                "place_ky": place[1],
                "minutes_ru": minutes[0],
                "minutes_ky": minutes[1],
                "decisions_ru": decisions[0],
                "decisions_ky": decisions[1],
            },
            {"by": _login(hearing, "recorded_by", people)},
        ),
    }
    for part in (reply, comment, accepted, hearing, item):
        part.done()
    spec["people"] = {spec["submitted_by"], spec["resolved_by"], spec["moderated_by"]} | {
        spec[part].refs["by"] for part in ("comment", "reply", "accepted", "hearing")
    }
    return spec


def read_programme(name: str, people: DemoPeople | None = None) -> ProgrammeFile:
    """The programme file `data/<name>`, checked whole (DemoDataError otherwise)."""
    people = people or demo_people()
    top = read_file(name)
    actors = top.item("people")
    chair = _login(actors, "chair", people)
    author = _login(actors, "author", people)
    actors.done()
    header = _translated("overall_goal", top.text("overall_goal", required=False))
    if top.has("vision"):
        header.update(_translated("vision", top.text("vision")))
        header["vision_year"] = top.integer("vision_year")
    group = top.item("working_group")
    order = group.item("order")
    order_fields = {
        "order_number": order.string("number"),
        "order_date": order.date("date"),
        "order_signed_by": order.string("signed_by", required=False),
    }
    order.done()
    members = _members(group, people)
    tasks = _tasks(group, {row.refs["key"] for row in members})
    group.done()
    passport_item = top.item("passport")
    passport, villages, budget = _passport(passport_item)
    village_keys = {row.refs["key"] for row in villages}
    top.item("shared_texts", required=False)  # only holds the texts repeated with *name
    spec = ProgrammeFile(
        name=name,
        label=top.string("label"),
        municipality=top.string("municipality"),
        title=top.text("title"),
        start_year=top.integer("start_year"),
        end_year=top.integer("end_year"),
        chair=chair,
        author=author,
        where=top.where,
        header=header,
        order=order_fields,
        members=members,
        tasks=tasks,
        passport=passport,
        villages=villages,
        budget=budget,
        analyses=_analyses(top),
        swot=_swot(top),
        directions=_directions(top, village_keys),
        forecast=top.amounts_by_year("resource_forecast", FundingSource.values),
        consultation=_consultation(top, people, village_keys),
        implementation=read_implementation(
            top, people, lambda item: _consultation(item, people, village_keys)
        ),
        review=read_review(top, people),
    )
    top.done()
    return spec


# --- typing it in through the services ------------------------------------------------------


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    if isinstance(error, TransitionRefused):
        return " ".join(error.reasons)
    return str(error)


class _Typist:
    """Calls the services for one programme file, as its people, and counts what it made."""

    def __init__(self, spec: ProgrammeFile, users: dict[str, User]):
        self.spec = spec
        self.users = users
        self.chair = users[spec.chair]
        self.author = users[spec.author]
        self.counts: Counter[str] = Counter()
        # (row, item) of each indicator and activity made, for the monitoring of the file
        self.made: list[tuple[Row, object]] = []

    def call(self, where: str, service, **arguments):
        """The service's result; a refusal stops the loading, naming the item."""
        try:
            return service(**arguments)
        except (ValidationError, PermissionDenied, TransitionRefused) as error:
            raise DemoDataError(REFUSED, where=where, error=_reason(error)) from error

    def make(self, where: str, service, **arguments):
        """`call` a service that creates something, and count it."""
        made = self.call(where, service, **arguments)
        self.counts[type(made).__name__] += 1
        return made

    def programme(self, municipality: Municipality) -> Programme:
        spec = self.spec
        programme = self.make(
            spec.where,
            programme_create,
            municipality=municipality,
            actor=self.chair,
            title_ru=spec.title[0],
            title_ky=spec.title[1],
            start_year=spec.start_year,
            end_year=spec.end_year,
        )
        if any(spec.header.values()):
            self.call(
                spec.where,
                programme_update,
                programme=programme,
                actor=self.author,
                expected_revision=None,
                **spec.header,
            )
        return programme

    def working_group(self, programme: Programme) -> None:
        spec = self.spec
        group = programme.working_group
        self.call(
            f"{spec.where} → working_group → order",
            working_group_update,
            working_group=group,
            actor=self.chair,
            expected_revision=None,
            **spec.order,
        )
        members = {}
        for row in spec.members:
            members[row.refs["key"]] = self.make(
                row.where,
                member_create,
                working_group=group,
                actor=self.chair,
                user=self.users.get(row.refs["user"]) if row.refs["user"] else None,
                **row.fields,
            )
        for row in spec.tasks:
            task = self.make(
                row.where,
                task_create,
                working_group=group,
                actor=self.author,
                responsible=members[row.refs["responsible"]],
                **row.fields,
            )
            if row.refs["done_on"] is not None:
                # done in the evening of the day the file gives, in the portal's time zone
                done_on = row.refs["done_on"]
                self.call(
                    row.where,
                    task_set_done,
                    task=task,
                    actor=self.author,
                    done=True,
                    done_at=timezone.make_aware(
                        datetime(done_on.year, done_on.month, done_on.day, 18)
                    ),
                )

    def passport(self, programme: Programme) -> dict:
        spec = self.spec
        passport = programme.passport
        if spec.passport:
            self.call(
                f"{spec.where} → passport",
                passport_update,
                passport=passport,
                actor=self.author,
                expected_revision=None,
                **spec.passport,
            )
        villages = {}
        for row in spec.villages:
            villages[row.refs["key"]] = self.make(
                row.where,
                village_create,
                passport=passport,
                actor=self.author,
                **row.fields,
            )
        for row in spec.budget:
            self.make(
                row.where,
                budget_year_create,
                passport=passport,
                actor=self.author,
                **row.fields,
            )
        return villages

    def analyses(self, programme: Programme) -> None:
        sectors = Sector.objects.in_bulk(
            [row.refs["sector"] for row in self.spec.analyses], field_name="code"
        )
        for row in self.spec.analyses:
            sector = sectors.get(row.refs["sector"])
            if sector is None:
                raise DemoDataError(
                    NOT_IN_PORTAL, where=row.where, key="sector", value=row.refs["sector"]
                )
            where = {"programme": programme, "sector": sector, "actor": self.author}
            self.make(
                row.where,
                sector_analysis_update,
                expected_revision=None,
                **where,
                **row.fields,
            )
            for figure in row.children["figures"]:
                self.make(figure.where, key_figure_create, **where, **figure.fields)
            for problem in row.children["problems"]:
                self.make(problem.where, problem_create, **where, **problem.fields)

    def swot(self, programme: Programme) -> None:
        for kind, ru, ky in self.spec.swot:
            self.make(
                f"{self.spec.where} → swot",
                swot_item_create,
                programme=programme,
                actor=self.author,
                kind=kind,
                text_ru=ru,
                text_ky=ky,
            )

    def indicators(self, programme: Programme, rows: list[Row], **attached_to) -> None:
        for row in rows:
            targets = row.refs["targets"]
            indicator = self.make(
                row.where,
                indicator_create,
                programme=programme,
                actor=self.author,
                targets=targets,
                **attached_to,
                **row.fields,
            )
            self.made.append((row, indicator))
            self.counts["IndicatorTarget"] += len(targets)

    def plan(self, programme: Programme, villages: dict) -> None:
        for row in self.spec.directions:
            direction = self.make(
                row.where,
                direction_create,
                programme=programme,
                actor=self.author,
                **row.fields,
            )
            goal_row = row.children["goal"]
            goal = self.make(
                goal_row.where,
                goal_create,
                direction=direction,
                actor=self.author,
                **goal_row.fields,
            )
            self.indicators(programme, goal_row.children["indicators"], goal=goal)
            for objective_row in row.children["objectives"]:
                objective = self.make(
                    objective_row.where,
                    objective_create,
                    goal=goal,
                    actor=self.author,
                    **objective_row.fields,
                )
                self.indicators(
                    programme, objective_row.children["indicators"], objective=objective
                )
                for activity in objective_row.children["activities"]:
                    village = activity.refs["village"]
                    costs = activity.refs["costs"]
                    made = self.make(
                        activity.where,
                        activity_create,
                        objective=objective,
                        actor=self.author,
                        village=villages[village] if village else None,
                        costs=costs,
                        **activity.fields,
                    )
                    self.made.append((activity, made))
                    self.counts["ActivityCost"] += len(costs)

    def forecast(self, programme: Programme) -> None:
        if self.spec.forecast:
            self.call(
                f"{self.spec.where} → resource_forecast",
                resource_forecast_set,
                programme=programme,
                values=self.spec.forecast,
                actor=self.author,
            )
            self.counts["ResourceForecast"] += len(self.spec.forecast)

    def consultation(
        self, programme: Programme, villages: dict, spec: dict | None = None
    ) -> list[str]:
        """Take the draft through review to the public consultation, as the demo people would;
        skipped (the programme stays a draft) when one of them is not in the portal. `spec`:
        the consultation of an amendment (by default the file's own)."""
        spec = self.spec.consultation if spec is None else spec
        if spec is None:
            return []
        if not spec["people"] <= set(self.users):
            return [f"{self.spec.label}: demo people missing — the programme stays a draft."]
        person = self.users.get
        comment, reply, accepted = spec["comment"], spec["reply"], spec["accepted"]
        hearing = spec["hearing"]
        self.call(
            spec["where"],
            programme_submit,
            programme=programme,
            actor=person(spec["submitted_by"]),
        )
        thread = self.call(
            comment.where,
            comment_start,
            programme=programme,
            actor=person(comment.refs["by"]),
            **comment.fields,
        )
        self.call(
            reply.where,
            comment_reply,
            thread=thread,
            actor=person(reply.refs["by"]),
            **reply.fields,
        )
        self.call(comment.where, comment_resolve, thread=thread, actor=person(spec["resolved_by"]))
        self.call(
            accepted.where,
            programme_accept,
            programme=programme,
            actor=person(accepted.refs["by"]),
            **accepted.fields,
        )
        moderator = person(spec["moderated_by"])
        for row in spec["proposals"]:
            village = row.refs["village"]
            author = row.fields["author_name"]
            proposal = self.call(
                row.where,
                proposal_submit,
                programme=programme,
                client=client_hash(f"demo-{author or 'anon'}"),
                village=villages[village] if village else None,
                **row.fields,
            )
            if not row.refs["publish"]:
                continue
            self.call(row.where, proposal_publish, proposal=proposal, actor=moderator)
            if row.refs["answer"]:
                self.call(
                    row.where,
                    proposal_answer,
                    proposal=proposal,
                    actor=moderator,
                    **row.refs["answer"],
                )
        made = self.call(
            hearing.where,
            hearing_create,
            programme=programme,
            actor=person(hearing.refs["by"]),
            **hearing.fields,
        )
        return [
            f"{self.spec.label}: submitted, reviewed and accepted — in public consultation, "
            f"{len(spec['proposals'])} citizens' proposals, 1 public hearing "
            f"({made.women} women, {made.men} men)."
        ]


SUMMARY = [
    ("WorkingGroupMember", "WG members"),
    ("WorkplanTask", "workplan tasks"),
    ("Village", "villages"),
    ("SectorAnalysis", "sector analyses"),
    ("SwotItem", "SWOT items"),
    ("Direction", "directions"),
    ("Goal", "goals"),
    ("Objective", "objectives"),
    ("Activity", "activities"),
    ("ActivityCost", "cost rows"),
    ("Indicator", "indicators"),
    ("IndicatorTarget", "targets"),
    ("ResourceForecast", "forecast rows"),
]


def _summary(label: str, programme: Programme, counts: Counter) -> str:
    parts = [f"{counts[model]} {name}" for model, name in SUMMARY if counts[model]]
    return f"{label}: created «{programme.title}» ({programme.period}): " + ", ".join(parts) + "."


def _programme_create(
    spec: ProgrammeFile, people: DemoPeople, drafts_only: bool = False
) -> list[str]:
    municipality = Municipality.objects.filter(slug=spec.municipality).first()
    if municipality is None:
        return [
            f"{spec.label}: the municipality is not loaded (run the geography first) — skipped."
        ]
    existing = municipality.programmes.filter(
        start_year__lte=spec.end_year, end_year__gte=spec.start_year
    ).first()
    if existing is not None:
        return [f"{spec.label}: «{existing.title}» ({existing.period}) already exists — kept."]
    logins = {spec.chair, spec.author, *(row.refs["user"] for row in spec.members)}
    # the people of what follows the draft: the consultation, the council, the monitoring
    story = set()
    if spec.consultation is not None:
        story |= spec.consultation["people"]
    if spec.implementation is not None:
        story |= spec.implementation.people
    if spec.review is not None:
        story |= spec.review.people
    logins |= story
    users = people.existing(*(login for login in logins if login))
    missing = [login for login in (spec.chair, spec.author) if login not in users]
    if missing:
        return [
            f"{spec.label}: {', '.join(sorted(set(missing)))} not in the portal "
            "(create the demo users first) — skipped."
        ]
    typist = _Typist(spec, users)
    programme = typist.programme(municipality)
    typist.working_group(programme)
    villages = typist.passport(programme)
    typist.analyses(programme)
    typist.swot(programme)
    typist.plan(programme, villages)
    typist.forecast(programme)
    lines = [_summary(spec.label, programme, typist.counts)]
    if drafts_only or not story:
        return lines
    if not story <= set(users):
        return [*lines, f"{spec.label}: demo people missing — the programme stays a draft."]
    lines += typist.consultation(programme, villages)
    if spec.review is not None:
        lines += tell_review(typist, programme, spec.review)
    if spec.implementation is not None:
        lines += implement(typist, programme, villages, spec.implementation)
    return lines


def demo_programmes_create(
    people: DemoPeople | None = None, *, drafts_only: bool = False
) -> list[str]:
    """Create the demo programmes of the files unless their municipalities have one for the
    period already; returns the lines to print. The demo users should exist (`demo.users`):
    the programmes are typed in by them, and linked to them where they are members.
    `drafts_only`: every programme stays a draft (for those who take a complete draft through
    the life-cycle themselves)."""
    people = people or demo_people()
    files = [read_programme(name, people) for name in PROGRAMME_FILES]
    # Typed in Russian: modeltranslation then fills the untranslated column from `_ru`.
    with translation.override("ru"), transaction.atomic():
        return [line for spec in files for line in _programme_create(spec, people, drafts_only)]
