"""What happens to a demo programme after the public consultation, put into the portal through
its services: the council approves it and its implementation starts; the ГСМиО of the
municipality reports, year by year, the actual values of the indicators and the progress and
spending of the activities, hands each period in on its day, presents its report to the council
and the population, and the council secretary records the council's response and closes the
period; the council hears the annual implementation report (`demo.reports`); the programme is
amended (a new version that the council approves in its turn), and the reporting goes on in the
new version until the period that is open today.

The file says it in the keys `council`, `monitoring` (with `years`: the days and the reports of
each period handed in) and `amendment` of the programme, and, next to each indicator and
activity, in `actuals`, `progress` and `amendment` (read here too, so that a figure sits beside
the target it is compared with). Every key and value is checked before anything is written, like
the rest of the file; a service that refuses, a year that has no reporting period, or one handed
in without its day, stops the loading with the reason and the item (`demo.loader`)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import (
    ActivityStatus,
    MonitoringGroupMember,
    PeriodStatus,
    ReportingPeriod,
)
from monitoring.selectors.rollup import monitoring
from monitoring.services.data import actual_set, progress_set
from monitoring.services.group import group_of, group_update, member_add
from planning.models import Activity, FundingSource, Indicator, Programme, Sex, Village
from planning.services.finance import resource_forecast_set
from planning.services.indicators import indicator_targets_set
from planning.services.lifecycle import (
    programme_record_decision,
    programme_start_implementation,
    programme_submit_to_council,
)
from planning.services.plan import activity_update
from planning.services.programme import programme_update
from planning.services.versions import programme_amend

from .reading import MISSING, UNKNOWN_KEY, DemoDataError, Item, check_unique
from .reports import Told, YearReported, hand_in, read_years
from .users import DemoPeople

NO_PERIOD = _("%(where)s: у программы нет отчётного периода %(year)s года (%(period)s).")

# --- what a file says, checked -------------------------------------------------------------


@dataclass
class Entry:
    """A value of one year (an actual, a progress report): the service's arguments and where
    it is in the file."""

    where: str
    fields: dict


@dataclass
class Council:
    """The council's part: the chair passes the programme to the council, the council
    secretary records its decision, the implementation starts."""

    where: str
    submitted_by: str
    recorded_by: str
    decision: dict  # number, date, session
    started_by: str

    @property
    def people(self) -> set[str]:
        return {self.submitted_by, self.recorded_by, self.started_by}


@dataclass
class GroupMember:
    where: str
    key: str
    user: str | None
    fields: dict


@dataclass
class Monitoring:
    where: str
    kept_by: str  # a member of the ГСМиО who records its decision and members
    decision_number: str
    decision_date: date
    contact: str  # a member's key
    members: list[GroupMember]
    entered_by: str
    handed_in_by: str
    closed_by: str
    open_year: int  # the period the ГСМиО fills now: neither handed in nor closed
    # each period handed in: when it was handed in and closed, its reports (demo.reports)
    years: dict[int, YearReported] = field(default_factory=dict)

    @property
    def people(self) -> set[str]:
        members = {member.user for member in self.members if member.user}
        return {self.kept_by, self.entered_by, self.handed_in_by, self.closed_by} | members


@dataclass
class Amendment:
    where: str
    started_by: str
    author: str
    header: dict  # programme_update: title, end of the period
    forecast: dict
    consultation: dict  # as the file's `consultation` (demo.loader)
    council: Council

    @property
    def people(self) -> set[str]:
        return {self.started_by, self.author} | self.consultation["people"] | self.council.people


@dataclass
class Implementation:
    council: Council
    monitoring: Monitoring | None = None
    amendment: Amendment | None = None
    people: set[str] = field(default_factory=set)


def _login(item: Item, key: str, people: DemoPeople) -> str:
    value = item.string(key)
    if value not in people.logins:
        raise item.unknown_reference(key, value, "users.yaml")
    return value


def _amounts(item: Item, key: str) -> dict:
    """`{local_budget: 200, …}`: an amount for each funding source named."""
    amounts = item.item(key, required=False)
    if amounts is None:
        return {}
    allowed = list(FundingSource.values)
    out = {}
    for source, amount in amounts.data.items():
        if source not in allowed:
            raise DemoDataError(
                UNKNOWN_KEY, where=amounts.where, key=source, allowed=", ".join(allowed)
            )
        out[source] = amounts.as_number(source, amount)
    return out


def indicator_monitoring(item: Item) -> dict:
    """An indicator's `actuals` (a number, or `{value, women, men, source, comment}`) by year
    and the targets its `amendment` gives for the years the new version adds."""
    actuals = {}
    for year, value in item.by_year("actuals", required=False).items():
        where = f"{item.where} → actuals → {year}"
        if isinstance(value, dict):
            entry = Item(value, where)
            fields = {
                "value": entry.number("value"),
                "women": entry.number("women", required=False),
                "men": entry.number("men", required=False),
                "source": entry.string("source", required=False),
                "comment": entry.string("comment", required=False),
            }
            entry.done()
        else:
            fields = {"value": item.as_number(f"actuals → {year}", value)}
        actuals[year] = Entry(where, fields)
    targets = {}
    amendment = item.item("amendment", required=False)
    if amendment is not None:
        targets = {
            year: amendment.as_number(f"targets → {year}", value)
            for year, value in amendment.by_year("targets").items()
        }
        amendment.done()
    return {"actuals": actuals, "amended_targets": targets}


def activity_monitoring(item: Item) -> dict:
    """An activity's `progress` by year (`{status, percent, spent, comment}`) and what its
    `amendment` changes (dates, costs of the years added)."""
    progress = {}
    for year, value in item.by_year("progress", required=False).items():
        entry = Item.of(value, f"{item.where} → progress → {year}")
        progress[year] = Entry(
            entry.where,
            {
                "status": entry.choice("status", ActivityStatus.values),
                "percent": entry.integer("percent"),
                "comment": entry.string("comment", required=False),
                "spending": _amounts(entry, "spent"),
            },
        )
        entry.done()
    changes = None
    amendment = item.item("amendment", required=False)
    if amendment is not None:
        changes = Entry(
            amendment.where,
            {
                "fields": {
                    name: amendment.date(name)
                    for name in ("start_date", "end_date")
                    if amendment.has(name)
                },
                "costs": amendment.amounts_by_year("costs", FundingSource.values),
            },
        )
        amendment.done()
    return {"progress": progress, "amended": changes}


def _council(item: Item, people: DemoPeople) -> Council:
    decision = item.item("decision")
    council = Council(
        where=item.where,
        submitted_by=_login(item, "submitted_by", people),
        recorded_by=_login(decision, "recorded_by", people),
        decision={
            "number": decision.string("number"),
            "date": decision.date("date"),
            "session": decision.string("session"),
        },
        started_by=_login(item, "implementation_started_by", people),
    )
    decision.done()
    item.done()
    return council


def _monitoring(item: Item, people: DemoPeople, directions: int) -> Monitoring:
    group = item.item("group")
    decision = group.item("decision")
    items = group.items("members")
    keys = check_unique(items, "key")
    members = []
    for member in items:
        user = member.string("user", required=False) or None
        if user is not None and user not in people.logins:
            raise member.unknown_reference("user", user, "users.yaml")
        members.append(
            GroupMember(
                member.where,
                member.string("key"),
                user,
                {
                    "full_name": member.string("full_name"),
                    "sex": member.choice("sex", Sex.values),
                    "organisation": member.choice(
                        "organisation", MonitoringGroupMember.Organisation.values
                    ),
                    "position": member.string("position", required=False),
                },
            )
        )
        member.done()
    contact = group.string("contact")
    if contact not in keys:
        raise group.unknown_reference("contact", contact, "monitoring → group → members")
    spec = Monitoring(
        where=item.where,
        kept_by=_login(group, "kept_by", people),
        decision_number=decision.string("number"),
        decision_date=decision.date("date"),
        contact=contact,
        members=members,
        entered_by=_login(item, "entered_by", people),
        handed_in_by=_login(item, "handed_in_by", people),
        closed_by=_login(item, "closed_by", people),
        open_year=item.integer("open_year"),
    )
    spec.years = read_years(item, open_year=spec.open_year, directions=directions)
    decision.done()
    group.done()
    item.done()
    return spec


def _amendment(item: Item, people: DemoPeople, consultation: Callable[[Item], dict]) -> Amendment:
    agreed = consultation(item)
    if agreed is None:
        raise DemoDataError(MISSING, where=item.where, key="consultation")
    title = item.text("title", required=False)
    header = {"end_year": item.integer("end_year")}
    if any(title):
        header.update(title_ru=title[0], title_ky=title[1])
    spec = Amendment(
        where=item.where,
        started_by=_login(item, "started_by", people),
        author=_login(item, "author", people),
        header=header,
        forecast=item.amounts_by_year("resource_forecast", FundingSource.values),
        consultation=agreed,
        council=_council(item.item("council"), people),
    )
    item.done()
    return spec


def read_implementation(
    top: Item, people: DemoPeople, consultation: Callable[[Item], dict]
) -> Implementation | None:
    """The keys `council`, `monitoring` and `amendment` of a programme file (None: the story
    ends with the consultation). `consultation(item)` reads an item's `consultation` key as the
    loader does for the programme's own."""
    council = top.item("council", required=False)
    if council is None:
        if top.has("monitoring") or top.has("amendment"):  # both follow the approval
            raise DemoDataError(MISSING, where=top.where, key="council")
        return None
    spec = Implementation(council=_council(council, people))
    monitored = top.item("monitoring", required=False)
    if monitored is not None:
        directions = len(top.items("directions", required=False))
        spec.monitoring = _monitoring(monitored, people, directions)
    amended = top.item("amendment", required=False)
    if amended is not None:
        spec.amendment = _amendment(amended, people, consultation)
    spec.people = spec.council.people
    for part in (spec.monitoring, spec.amendment):
        if part is not None:
            spec.people |= part.people
    return spec


# --- typing it in through the services ------------------------------------------------------


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


class _Story:
    """The rest of one programme's story, told through the services by its people (`typist`:
    the loader's, which calls the services and knows the items it made)."""

    def __init__(self, typist, spec: Implementation, villages: dict):
        self.typist = typist
        self.spec = spec
        self.users = typist.users
        self.label = typist.spec.label
        self.villages = villages
        # each indicator and activity of the file: (its row, the item of the version in force)
        self.items = list(typist.made)
        self.reported: list[tuple[int, int, int]] = []  # (year, actuals, progress reports)
        self.told = Told([], [], [])  # the reports of the periods handed in

    def council(self, programme: Programme, spec: Council) -> str:
        user = self.users.get
        self.typist.call(
            spec.where,
            programme_submit_to_council,
            programme=programme,
            actor=user(spec.submitted_by),
        )
        self.typist.call(
            spec.where,
            programme_record_decision,
            programme=programme,
            actor=user(spec.recorded_by),
            **spec.decision,
        )
        self.typist.call(
            spec.where,
            programme_start_implementation,
            programme=programme,
            actor=user(spec.started_by),
        )
        return (
            f"{self.label}: version {programme.version} ({programme.period}) passed to the "
            f"council, approved by decision № {spec.decision['number']} of "
            f"{_day(spec.decision['date'])} and in implementation."
        )

    def group(self, programme: Programme, spec: Monitoring) -> str:
        keeper = self.users[spec.kept_by]
        group = group_of(programme.municipality)
        members = {}
        for member in spec.members:
            members[member.key] = self.typist.make(
                member.where,
                member_add,
                group=group,
                actor=keeper,
                user=self.users.get(member.user) if member.user else None,
                **member.fields,
            )
        self.typist.call(
            f"{spec.where} → group",
            group_update,
            group=group,
            actor=keeper,
            decision_number=spec.decision_number,
            decision_date=spec.decision_date,
            contact=members[spec.contact],
        )
        women = sum(1 for member in spec.members if member.fields["sex"] == Sex.FEMALE)
        return (
            f"{self.label}: ГСМиО set up by the council's decision № {spec.decision_number} of "
            f"{_day(spec.decision_date)}: {len(members)} members ({women} women)."
        )

    def report(self, programme: Programme, year: int) -> None:
        """The ГСМиО's report of a year, handed in and closed unless it is the open one."""
        spec = self.spec.monitoring
        where = f"{spec.where} → {year}"
        period = (
            ReportingPeriod.objects.filter(programme=programme, year=year).order_by("number").last()
        )
        if period is None:
            raise DemoDataError(NO_PERIOD, where=where, year=year, period=programme.period)
        member = self.users[spec.entered_by]
        actuals = progress = 0
        for row, item in self.items:
            entry = row.refs.get("actuals", {}).get(year)
            if entry is not None:
                self.typist.call(
                    entry.where,
                    actual_set,
                    period=period,
                    indicator=item,
                    actor=member,
                    **entry.fields,
                )
                actuals += 1
            entry = row.refs.get("progress", {}).get(year)
            if entry is not None:
                self.typist.call(
                    entry.where,
                    progress_set,
                    period=period,
                    activity=item,
                    actor=member,
                    **entry.fields,
                )
                progress += 1
        self.reported.append((year, actuals, progress))
        if year == spec.open_year:
            return
        handed_in = spec.years.get(year)
        if handed_in is None:  # the day it was handed in is needed: not the day of the loading
            raise DemoDataError(MISSING, where=f"{spec.where} → years", key=year)
        hand_in(
            self.typist,
            programme,
            period,
            handed_in,
            reporter=self.users[spec.handed_in_by],
            council=self.users[spec.closed_by],
            chair=self.typist.chair,
            told=self.told,
        )

    def amend(self, old: Programme) -> tuple[Programme, list[str]]:
        """The next version: started, changed as the file says, agreed and approved; the
        monitoring follows it by itself (monitoring.services.versions)."""
        spec = self.spec.amendment
        author = self.users[spec.author]
        new = self.typist.call(
            spec.where, programme_amend, programme=old, actor=self.users[spec.started_by]
        )
        self.typist.call(
            spec.where,
            programme_update,
            programme=new,
            actor=author,
            expected_revision=None,
            **spec.header,
        )
        copies = {
            model: {obj.lineage: obj for obj in model.objects.filter(**{lookup: new})}
            for model, lookup in (
                (Indicator, "programme"),
                (Activity, "programme"),
                (Village, "passport__programme"),
            )
        }
        self.items = [(row, copies[type(item)][item.lineage]) for row, item in self.items]
        for row, item in self.items:
            targets = row.refs.get("amended_targets")
            if targets:
                self.typist.call(
                    row.where, indicator_targets_set, indicator=item, targets=targets, actor=author
                )
            changes = row.refs.get("amended")
            if changes is not None:
                self.typist.call(
                    changes.where,
                    activity_update,
                    activity=item,
                    actor=author,
                    costs=changes.fields["costs"],
                    **changes.fields["fields"],
                )
        if spec.forecast:
            self.typist.call(
                f"{spec.where} → resource_forecast",
                resource_forecast_set,
                programme=new,
                values=spec.forecast,
                actor=author,
            )
        villages = {key: copies[Village][village.lineage] for key, village in self.villages.items()}
        self.typist.consultation(new, villages, spec.consultation)
        hearing = new.hearings.get()
        lines = [
            f"{self.label}: version {new.version} started from version {old.version}, its period "
            f"extended to {new.period}; reviewed, citizens' proposals answered: "
            f"{len(spec.consultation['proposals'])}, public hearing of {_day(hearing.date)} "
            f"({hearing.women} women, {hearing.men} men).",
            self.council(new, spec.council),
        ]
        new.refresh_from_db()
        return new, lines

    def tell(self, programme: Programme) -> list[str]:
        lines = [self.council(programme, self.spec.council)]
        spec = self.spec.monitoring
        if spec is None:
            return lines
        lines.append(self.group(programme, spec))
        years = sorted(
            {
                year
                for row, _item in self.items
                for key in ("actuals", "progress")
                for year in row.refs.get(key, {})
            }
        )
        amendment = self.spec.amendment
        for year in years:
            if year not in programme.years and amendment is not None:
                programme, told = self.amend(programme)
                lines += told
                amendment = None
            self.report(programme, year)
        if amendment is not None:
            programme, told = self.amend(programme)
            lines += told
        told = self.told.line(self.label)
        if told is not None:
            lines.append(told)
        lines.append(self.summary(programme))
        return lines

    def summary(self, programme: Programme) -> str:
        """Where the monitoring stands today, as the roll-up shows it."""
        today = timezone.localdate()
        periods = list(ReportingPeriod.objects.filter(programme=programme))
        closed = [p.year for p in periods if p.status == PeriodStatus.CLOSED]
        entered = {year: (actuals, progress) for year, actuals, progress in self.reported}
        rollup = monitoring(programme)
        indicators = sum(1 for row, _item in self.items if "actuals" in row.refs)
        activities = len(self.items) - indicators
        now = "; ".join(
            f"{p.year} ({entered.get(p.year, (0, 0))[0]} of {indicators} indicators and "
            f"{entered.get(p.year, (0, 0))[1]} of {activities} activities entered, due "
            f"{_day(p.due_on)})"
            for p in periods
            if p.status == PeriodStatus.OPEN and p.starts_on <= today
        )
        off = "; ".join(str(line.indicator.name_ru) for line in rollup.off_track) or "none"
        done = f"periods {closed[0]}–{closed[-1]} handed in and closed; " if closed else ""
        return (
            f"{self.label}: {done}open for the ГСМиО now: {now or 'none'}. As of "
            f"{rollup.as_of.year if rollup.as_of else '—'}: progress {rollup.progress.percent} %, "
            f"activities delayed: {rollup.progress.delayed}, indicators off track: {off}."
        )


def implement(typist, programme: Programme, villages: dict, spec: Implementation) -> list[str]:
    """Take a programme in public consultation on to the council, its implementation and its
    monitoring (and an amendment), as the file says; returns the lines to print."""
    return _Story(typist, spec, villages).tell(programme)
