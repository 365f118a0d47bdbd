"""What became of each reporting period a demo ГСМиО handed in, put into the portal through the
services of the periods and the reports: the day the group handed the period in and the day
the council secretary closed it; the ГСМиО's report of the period — findings and
recommendations for the programme as a whole and for its directions, in Russian and Kyrgyz —
presented to the council and to the population (with the women and men who came) and answered
by the council; and the annual implementation report of the year, its summary written by the
chair of the working group and heard by the council at a session, with the council's decision.

Each of these records keeps the day it happened (the services' `at=`), so that the pages say
the period of 2020 was handed in in January 2021, not on the day the demo was loaded.

The file says it under `monitoring → years`, year by year, next to the rest of the monitoring
(`demo.implementation`); every key and value is checked before anything is written. The
documents of the presented reports are not asked for while loading (the tests load the demo and
render nothing): `seed_demo` asks for them afterwards (`presented_documents_ask`), and the
worker renders them in the background."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import ReportingPeriod
from monitoring.services.periods import period_close, period_submit
from monitoring.services.reports import (
    annual_report_hear,
    annual_report_write,
    presented_documents_request,
    report_present,
    report_respond,
    report_write,
)
from municipalities.models import User
from planning.models import Direction, Programme, ProgrammeStatus

from .reading import MISSING, DemoDataError, Item, read_file
from .users import DemoPeople

HANDED_IN_EARLY = _(
    "%(where)s, «%(key)s»: период %(year)s года сдают после его окончания, а записано %(value)s."
)
BEFORE = _("%(where)s, «%(key)s»: %(value)s — раньше, чем «%(other)s» (%(limit)s).")
OPEN_YEAR = _("%(where)s: %(year)s год — открытый период (open_year), его ещё не сдали.")

# The hours of the day the records are given: a period handed in in the morning, the council's
# session in the afternoon, what was presented and decided recorded in the evening.
HANDED_IN_AT = time(10)
CLOSED_AT = time(16)
RECORDED_AT = time(18)


def moment(day: date, hour: time) -> datetime:
    """The day of the file at that hour, in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, hour))


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


# --- what a file says, checked -------------------------------------------------------------


@dataclass
class ReportSpec:
    """The ГСМиО's report of a period: report_write's texts, the findings on directions by
    their position in the file (1: the first direction), and what the council was told."""

    where: str
    texts: dict
    directions: dict[int, dict]
    presented: dict | None  # report_present: to_council_on, to_population_on, women, men
    response: dict | None  # report_respond: response_ru, response_ky, responded_on

    @property
    def presented_at(self) -> datetime:
        days = [self.presented[key] for key in ("to_council_on", "to_population_on")]
        return moment(max(day for day in days if day is not None), RECORDED_AT)


@dataclass
class AnnualSpec:
    where: str
    summary: dict  # summary_ru, summary_ky
    heard: dict | None  # annual_report_hear: presented_on, decision_number, decision_date, …

    @property
    def heard_at(self) -> datetime:
        return moment(self.heard["decision_date"] or self.heard["presented_on"], RECORDED_AT)


@dataclass
class YearReported:
    """A period handed in: when, and the reports of it."""

    where: str
    year: int
    handed_in: datetime
    closed: datetime
    report: ReportSpec | None
    annual: AnnualSpec | None


def _texts(item: Item, names: tuple[str, ...], *, required: bool = False) -> dict:
    texts = {}
    for name in names:
        ru, ky = item.text(name, required=required)
        texts[f"{name}_ru"], texts[f"{name}_ky"] = ru, ky
    return texts


def _not_before(item: Item, key: str, value: date | None, other: str, limit: date | None):
    if value is not None and limit is not None and value < limit:
        raise DemoDataError(
            BEFORE,
            where=item.where,
            key=key,
            value=_day(value),
            other=other,
            limit=_day(limit),
        )


def _presented(report: Item, handed_in: date) -> dict | None:
    item = report.item("presented", required=False)
    if item is None:
        return None
    presented = {
        "to_council_on": item.date("to_council", required=False),
        "to_population_on": item.date("to_population", required=False),
        "women": item.integer("women", required=False),
        "men": item.integer("men", required=False),
    }
    for key in ("to_council", "to_population"):
        _not_before(item, key, presented[f"{key}_on"], "handed_in", handed_in)
    if presented["to_council_on"] is None and presented["to_population_on"] is None:
        raise DemoDataError(MISSING, where=item.where, key="to_council")
    item.done()
    return presented


def _response(report: Item, presented: dict | None) -> dict | None:
    item = report.item("council_response", required=False)
    if item is None:
        return None
    response = {"responded_on": item.date("date")}
    ru, ky = item.text("text")
    response.update(response_ru=ru, response_ky=ky)
    if presented is not None:
        council_on = presented["to_council_on"]
        _not_before(item, "date", response["responded_on"], "to_council", council_on)
    item.done()
    return response


def _report(year: Item, handed_in: date, directions: int) -> ReportSpec | None:
    item = year.item("report", required=False)
    if item is None:
        return None
    findings = {}
    for position, value in item.by_year("directions", required=False).items():
        if not 1 <= position <= directions:
            raise item.unknown_reference("directions", position, f"directions (1–{directions})")
        one = Item.of(value, f"{item.where} → directions → {position}")
        findings[position] = _texts(one, ("findings", "recommendations"))
        one.done()
    presented = _presented(item, handed_in)
    spec = ReportSpec(
        where=item.where,
        texts=_texts(item, ("findings",), required=True) | _texts(item, ("recommendations",)),
        directions=findings,
        presented=presented,
        response=_response(item, presented),
    )
    item.done()
    return spec


def _annual(year: Item) -> AnnualSpec | None:
    item = year.item("annual", required=False)
    if item is None:
        return None
    heard = None
    hearing = item.item("heard", required=False)
    if hearing is not None:
        decision = hearing.item("decision", required=False)
        number, decided_on = "", None
        if decision is not None:
            number, decided_on = decision.string("number"), decision.date("date")
            decision.done()
        ru, ky = hearing.text("response", required=False)
        heard = {
            "presented_on": hearing.date("session"),
            "decision_number": number,
            "decision_date": decided_on,
            "response_ru": ru,
            "response_ky": ky,
        }
        _not_before(hearing, "decision → date", decided_on, "session", heard["presented_on"])
        hearing.done()
    spec = AnnualSpec(item.where, _texts(item, ("summary",), required=True), heard)
    item.done()
    return spec


def read_years(monitoring: Item, *, open_year: int, directions: int) -> dict[int, YearReported]:
    """`monitoring → years` of a programme file: for each period handed in, when, and its
    reports (`directions`: how many directions the file's programme has)."""
    years = {}
    for year, value in monitoring.by_year("years", required=False).items():
        item = Item.of(value, f"{monitoring.where} → years → {year}")
        if year == open_year:
            raise DemoDataError(OPEN_YEAR, where=item.where, year=year)
        handed_in = item.date("handed_in")
        if handed_in <= date(year, 12, 31):
            raise DemoDataError(
                HANDED_IN_EARLY,
                where=item.where,
                key="handed_in",
                year=year,
                value=_day(handed_in),
            )
        closed = item.date("closed")
        _not_before(item, "closed", closed, "handed_in", handed_in)
        years[year] = YearReported(
            where=item.where,
            year=year,
            handed_in=moment(handed_in, HANDED_IN_AT),
            closed=moment(closed, CLOSED_AT),
            report=_report(item, handed_in, directions),
            annual=_annual(item),
        )
        item.done()
    return years


# --- typing it in through the services ------------------------------------------------------


@dataclass
class Told:
    """What was recorded of the periods handed in, for the line `seed_demo` prints."""

    presented: list[int]
    answered: list[int]
    heard: list[int]

    def line(self, label: str) -> str | None:
        def years(values: list[int]) -> str:
            if not values:
                return "none"
            if values == list(range(values[0], values[-1] + 1)) and len(values) > 1:
                return f"{values[0]}–{values[-1]}"
            return ", ".join(map(str, values))

        if not (self.presented or self.heard):
            return None
        return (
            f"{label}: the ГСМиО's reports of {years(self.presented)} presented to the council "
            f"and the population (answered by the council: {years(self.answered)}); annual "
            f"implementation reports heard by the council: {years(self.heard)}."
        )


def hand_in(
    typist,
    programme: Programme,
    period: ReportingPeriod,
    year: YearReported,
    *,
    reporter: User,
    council: User,
    chair: User,
    told: Told,
) -> None:
    """The period handed in by `reporter` (a member of the ГСМиО) on its day; its report
    written and presented by them and answered by the council secretary (`council`), who
    closes the period; the year's annual report written by the chair and heard by the council.
    Through the services, in the order the days say; the documents are asked for later."""
    typist.call(year.where, period_submit, period=period, actor=reporter, at=year.handed_in)
    spec = year.report
    if spec is not None:
        directions = list(
            Direction.objects.filter(programme=programme)
            .order_by("sort_order", "pk")
            .values_list("pk", flat=True)
        )
        report = typist.call(
            spec.where,
            report_write,
            period=period,
            actor=reporter,
            directions={directions[n - 1]: texts for n, texts in spec.directions.items()},
            **spec.texts,
        )
        if spec.presented is not None:
            report = typist.call(
                f"{spec.where} → presented",
                report_present,
                period=period,
                actor=reporter,
                at=spec.presented_at,
                request_documents=False,
                **spec.presented,
            )
            told.presented.append(year.year)
        if spec.response is not None:
            typist.call(
                f"{spec.where} → council_response",
                report_respond,
                report=report,
                actor=council,
                **spec.response,
            )
            told.answered.append(year.year)
    typist.call(year.where, period_close, period=period, actor=council, at=year.closed)
    annual = year.annual
    if annual is not None:
        made = typist.call(
            annual.where,
            annual_report_write,
            programme=programme,
            year=year.year,
            actor=chair,
            **annual.summary,
        )
        if annual.heard is not None:
            typist.call(
                f"{annual.where} → heard",
                annual_report_hear,
                report=made,
                actor=council,
                at=annual.heard_at,
                request_documents=False,
                **annual.heard,
            )
            told.heard.append(year.year)


# --- the documents of the presented reports, for `seed_demo` ---------------------------------


def presented_documents_ask(people: DemoPeople, files) -> list[str]:
    """Ask, as the demo's administrator, for the documents in every language of the presented
    reports of the demo municipalities' programmes in implementation (`files`: the programme
    files); a worker renders them once the command's transaction commits, and one unchanged
    since a previous run is reused. Returns the lines to print.

    Not done where tasks run eagerly (no worker, as in the tests): the command would render
    every document itself, for minutes; the report pages ask for them there."""
    administrator = next((user for user in people.users if user.role is None), None)
    actor = (
        User.objects.filter(email=people.email(administrator.login), is_superuser=True).first()
        if administrator is not None
        else None
    )
    if actor is None:
        return []
    slugs = [read_file(name).string("municipality") for name in files]
    programmes = Programme.objects.filter(
        municipality__slug__in=slugs, status=ProgrammeStatus.IN_IMPLEMENTATION
    ).select_related("municipality")
    lines = []
    for programme in sorted(programmes, key=lambda p: slugs.index(p.municipality.slug)):
        name = programme.municipality.name_ru
        if settings.CELERY_TASK_ALWAYS_EAGER:
            lines.append(
                f"{name}: documents of the presented reports not asked for (tasks run "
                "eagerly here, without a worker); the report pages ask for them."
            )
            continue
        documents = presented_documents_request(programme=programme, actor=actor)
        new = sum(1 for document in documents if not document.reused)
        if new:
            lines.append(
                f"{name}: {len(documents)} documents of the presented reports asked for "
                f"({new} to render, {len(documents) - new} reused); the worker renders them in "
                "the background."
            )
        else:
            lines.append(
                f"{name}: the documents of the presented reports were asked for already: "
                "nothing to render."
            )
    return lines
