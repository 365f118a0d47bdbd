"""The demo: Кок-Жар's ПСЭР 2020–2024 complete in both languages, approved by the council, in
implementation and monitored by its ГСМиО — its reports of 2020–2025 presented to the council
and the population and answered, its annual reports heard, amended in 2025 (version 2, extended
to 2027), with the period of 2026 open for shirin; Ак-Тал's ПСЭР 2020–2022 half drafted;
Бүлөлү's ПСЭР 2027–2031 in public consultation; Исанов's ПСЭР in implementation with delayed
activities, Алы-Анар's with an overdue period, side by side on the reviewers' dashboard;
Буудалык's draft in review; and running the demo twice creates nothing new. They are typed in
from the files of demo/data/ through the services, by the demo people; a wrong file is refused
with the file and the item named."""

import io
import shutil
from datetime import date
from decimal import Decimal

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from demo import reading
from demo.loader import PROGRAMME_FILES, demo_programmes_create
from demo.reading import DATA, DemoDataError
from demo.reports import presented_documents_ask
from demo.users import demo_people, demo_users_create
from documents.models import Document
from monitoring import dashboard
from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    AnnualReport,
    IndicatorActual,
    MonitoringGroup,
    MonitoringReport,
    MonitoringSummary,
    PeriodStatus,
    ReportingPeriod,
)
from monitoring.selectors.rollup import monitoring
from municipalities.models import User
from municipalities.permissions import Need, can
from planning.content import content_kinds, objects_of
from planning.models import (
    Activity,
    Direction,
    Goal,
    Indicator,
    Programme,
    ResourceForecast,
    Sex,
    WorkingGroupMember,
    WorkplanTask,
)
from planning.selectors.completeness import blocking_failures, completeness_checks
from planning.selectors.finance import financial_model
from planning.selectors.translation import missing_translations
from tests.conftest import client_for

KOK_ZHAR_YEARS = [2020, 2021, 2022, 2023, 2024]
# The day the demo's story is told up to: the period of 2026 is open and not yet due.
DEMO_TODAY = date(2026, 12, 2)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for app in ("planning", "monitoring")
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def demo(geography, django_capture_on_commit_callbacks):
    demo_users_create()
    # what waits for the commit runs as after a real one (the dashboard's summaries, e-mails)
    with django_capture_on_commit_callbacks(execute=True):
        demo_programmes_create()
    kok_zhar = Programme.objects.filter(municipality__slug="kok-zhar", start_year=2020)
    return {
        "kok_zhar": kok_zhar.get(version=2),
        "kok_zhar_1": kok_zhar.get(version=1),
        "ak_tal": Programme.objects.get(municipality__slug="ak-tal", start_year=2020),
        "bulolu": Programme.objects.get(municipality__slug="bulolu", start_year=2027),
        "isanov": Programme.objects.get(municipality__slug="isanov", start_year=2022),
        "aly_anar": Programme.objects.get(municipality__slug="aly-anar", start_year=2023),
        "buudalyk": Programme.objects.get(municipality__slug="buudalyk", start_year=2027),
    }


@pytest.mark.django_db
def test_running_the_demo_again_creates_nothing(demo):
    before = _counts()
    lines = demo_programmes_create()
    assert _counts() == before
    assert all("kept" in line for line in lines), lines


@pytest.mark.django_db
def test_kok_zhar_plan_is_complete(demo):
    """Version 1, as the council approved it in 2019."""
    programme = demo["kok_zhar_1"]
    assert programme.created_by.email == "aibek@psep.example"
    assert (programme.start_year, programme.end_year) == (2020, 2024)

    assert Direction.objects.filter(programme=programme).count() >= 4
    activities = Activity.objects.filter(programme=programme).prefetch_related("costs")
    assert len(activities) >= 10
    assert all(activity.costs.all() for activity in activities)
    assert any(a.is_joint_action and a.community_contribution_ky for a in activities)
    for activity in activities:
        assert activity.start_date.year >= 2020
        assert activity.end_date.year <= 2024
        assert {cost.year for cost in activity.costs.all()} <= set(KOK_ZHAR_YEARS)

    for goal in Goal.objects.filter(direction__programme=programme):
        assert any(
            sorted(indicator.targets.values_list("year", flat=True)) == KOK_ZHAR_YEARS
            and indicator.baseline_value is not None
            for indicator in goal.indicators.all()
        ), goal.title
    assert Indicator.objects.filter(programme=programme, objective__isnull=False).count() >= 10
    assert Indicator.objects.filter(programme=programme, is_sex_disaggregated=True).exists()

    forecast_years = set(
        ResourceForecast.objects.filter(programme=programme).values_list("year", flat=True)
    )
    assert forecast_years == set(KOK_ZHAR_YEARS)
    model = financial_model(programme)
    assert model["warnings"], "the demo should show a funding gap somewhere"

    assert blocking_failures(completeness_checks(programme)) == []


@pytest.mark.django_db
def test_kok_zhar_version_2_extends_the_plan_to_2027(demo):
    """The amendment moves the delayed water works on and gives the new years their targets,
    costs and forecast; it is as complete as version 1."""
    programme = demo["kok_zhar"]
    years = list(range(2020, 2028))
    assert (programme.start_year, programme.end_year) == (2020, 2027)
    assert programme.title_ru.endswith("на 2020–2027 годы")
    assert programme.title_ky.startswith("Көк-Жар айылдык аймагынын 2020–2027-жылдарга")
    for goal in Goal.objects.filter(direction__programme=programme):
        assert any(
            sorted(indicator.targets.values_list("year", flat=True)) == years
            for indicator in goal.indicators.all()
        ), goal.title
    water = Activity.objects.get(
        programme=programme, title_ru__startswith="Строительство водопровода в селе Кызыл"
    )
    assert water.end_date == date(2026, 10, 31)
    assert {cost.year for cost in water.costs.all()} == {2022, 2023, 2025, 2026}
    forecast_years = set(
        ResourceForecast.objects.filter(programme=programme).values_list("year", flat=True)
    )
    assert forecast_years == set(years)
    assert blocking_failures(completeness_checks(programme)) == []


@pytest.mark.django_db
def test_kok_zhar_is_written_in_both_languages(demo):
    programme = demo["kok_zhar"]
    kyrgyz = []
    for kind in content_kinds():
        if kind.model._meta.app_label != "planning":
            continue  # what the demo writes is the programme itself
        objects = list(objects_of(kind, programme))
        assert objects, kind.model.__name__
        for obj in objects:
            for field in kind.fields:
                ru, ky = getattr(obj, f"{field}_ru") or "", getattr(obj, f"{field}_ky") or ""
                if ru.strip():
                    assert ky.strip(), f"{kind.model.__name__} {obj.pk}.{field}: {ru}"
                    kyrgyz.append(ky)
                assert getattr(obj, field) == ru  # the untranslated column holds the Russian
    assert missing_translations(programme) == []
    text = " ".join(kyrgyz)
    for letter in "ңөү":
        assert letter in text

    passport = programme.passport
    assert passport.population_women + passport.population_men == passport.population_total
    villages = passport.villages.all()
    assert len(villages) == 4
    assert sum(village.population for village in villages) == passport.population_total
    assert passport.budget_years.count() == 3
    assert programme.sector_analyses.count() >= 6


@pytest.mark.django_db
def test_kok_zhar_working_group_by_order_86(demo):
    group = demo["kok_zhar"].working_group
    assert group.order_number == "86"
    assert str(group.order_date) == "2019-04-09"
    members = list(group.members.select_related("user"))
    linked = {member.user.email for member in members if member.user}
    assert linked == {"aibek@psep.example", "gulnara@psep.example", "shirin@psep.example"}
    chair = next(member for member in members if member.wg_role == "chair")
    assert chair.user.email == "aibek@psep.example"
    assert {member.sex for member in members} == {Sex.FEMALE, Sex.MALE}
    tasks = list(group.tasks.all())
    assert len(tasks) == 8
    assert any(task.is_done for task in tasks) and not all(task.is_done for task in tasks)
    assert all(task.responsible for task in tasks)


@pytest.mark.django_db
def test_ak_tal_is_half_drafted(demo):
    programme = demo["ak_tal"]
    assert programme.status == "draft"
    assert (programme.start_year, programme.end_year) == (2020, 2022)
    members = WorkingGroupMember.objects.filter(working_group__programme=programme)
    assert members.count() == 19
    assert members.filter(sex=Sex.FEMALE).count() in (9, 10)
    assert members.filter(user__email="nurlan@psep.example").exists()
    first_meeting = programme.working_group.tasks.get(title__startswith="Первое заседание РГ")
    assert str(first_meeting.deadline) == "2019-04-23" and first_meeting.is_done

    assert Direction.objects.filter(programme=programme).count() == 2
    assert not ResourceForecast.objects.filter(programme=programme).exists()
    missing = missing_translations(programme)
    assert any(item.missing_lang == "ky" for item in missing)
    assert blocking_failures(completeness_checks(programme))  # not ready yet


@pytest.mark.django_db
def test_kok_zhar_went_through_the_consultation_and_the_council_twice(demo):
    """Through the real services: version 1 submitted, a resolved comment thread, accepted,
    every proposal answered, the hearing of 41 women and 37 men, the council's decision № 12 of
    28 May 2019, the implementation; version 2 the same way, approved by decision № 41 of
    14 February 2025, which set version 1 aside."""
    first, second = demo["kok_zhar_1"], demo["kok_zhar"]
    assert (first.status, second.status) == ("superseded", "in_implementation")
    assert second.previous_version == first
    steps = ["submit", "accept", "submit_to_council", "record_decision", "start_implementation"]
    assert list(first.transitions.order_by("pk").values_list("action", flat=True)) == [
        *steps,
        "record_decision",  # set aside by version 2
    ]
    assert list(second.transitions.order_by("pk").values_list("action", flat=True)) == [
        "amend",
        *steps,
    ]
    for programme in (first, second):
        thread = programme.comments.get(parent=None)
        assert thread.status == "resolved" and thread.replies.count() == 1
        assert set(programme.proposals.values_list("status", flat=True)) == {"published"}
        assert not programme.proposals.filter(decision="").exists()
    assert first.proposals.count() == 3
    answered = first.proposals.get(language="ky")
    assert answered.answer_ky and answered.answer_ru
    hearing = first.hearings.get()
    assert (hearing.women, hearing.men) == (41, 37)
    assert second.hearings.get().date == date(2025, 1, 24)
    decisions = {
        programme.version: (programme.council_decision.number, programme.council_decision.date)
        for programme in (first, second)
    }
    assert decisions == {1: ("12", date(2019, 5, 28)), 2: ("41", date(2025, 2, 14))}
    assert second.council_decision.recorded_by.email == "kenesh@psep.example"


# --- monitoring ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_monitoring_group_of_kok_zhar(demo):
    group = MonitoringGroup.objects.get(municipality__slug="kok-zhar")
    assert (group.decision_number, group.decision_date) == ("17", date(2019, 9, 27))
    members = list(group.members.select_related("user"))
    assert len(members) >= 5
    assert {member.sex for member in members} == {Sex.FEMALE, Sex.MALE}
    assert len({member.organisation for member in members}) >= 4
    assert group.contact.user.email == "shirin@psep.example"
    assert [m.user.email for m in members if m.user] == ["shirin@psep.example"]


@pytest.mark.django_db
def test_periods_reported_year_by_year_follow_the_new_version(demo):
    """Every year from 2020 to 2025 handed in by shirin and closed by the council secretary;
    the reports of version 1 followed version 2 by themselves; 2026 is open now, part of it
    filled, and nothing is overdue."""
    first, programme = demo["kok_zhar_1"], demo["kok_zhar"]
    assert not ReportingPeriod.objects.filter(programme=first).exists()
    periods = {p.year: p for p in ReportingPeriod.objects.filter(programme=programme)}
    assert sorted(periods) == list(range(2020, 2028))
    closed = [year for year, p in periods.items() if p.status == PeriodStatus.CLOSED]
    assert closed == list(range(2020, 2026))
    for year in closed:
        period = periods[year]
        assert period.submitted_by.email == "shirin@psep.example"
        closing = period.history.filter(status=PeriodStatus.CLOSED).get()
        assert closing.history_user.email == "kenesh@psep.example"
    now = periods[2026]
    assert now.status == PeriodStatus.OPEN
    assert now.starts_on <= DEMO_TODAY <= now.ends_on
    assert not any(p.is_overdue(DEMO_TODAY) for p in periods.values())

    indicators = Indicator.objects.filter(programme=programme).count()
    filled = IndicatorActual.objects.filter(period=now).count()
    assert 0 < filled < indicators, "shirin has part of the period left to fill"
    assert ActivityProgress.objects.filter(period=now).exists()
    of_kok_zhar = {"period__programme__municipality__slug": "kok-zhar"}
    assert not IndicatorActual.objects.filter(**of_kok_zhar).exclude(period__programme=programme)
    assert not IndicatorActual.objects.filter(**of_kok_zhar).exclude(indicator__programme=programme)
    assert not ActivityProgress.objects.filter(**of_kok_zhar).exclude(activity__programme=programme)
    actuals = IndicatorActual.objects.filter(**of_kok_zhar).select_related("entered_by")
    assert {a.entered_by.email for a in actuals} == {"shirin@psep.example"}


@pytest.mark.django_db
def test_actuals_split_by_sex_add_up(demo):
    split = IndicatorActual.objects.filter(
        indicator__programme=demo["kok_zhar"], indicator__is_sex_disaggregated=True
    ).exclude(women=None)
    assert split.exclude(men=None).count() == split.count() >= 10
    assert len(set(split.values_list("period__year", flat=True))) >= 2
    for actual in split:
        assert actual.women + actual.men == actual.value, actual
    assert not IndicatorActual.objects.filter(
        indicator__is_sex_disaggregated=False, women__isnull=False
    ).exists()


@pytest.mark.django_db
def test_the_roll_up_tells_the_story(demo):
    """The water of Кызыл-Булак and the pipes of Ак-Терек delayed (the mudflow of 2023, a
    contractor, a supplier), with their reasons; the community's contribution spent on the
    joint actions; one indicator off track — the water losses."""
    programme = demo["kok_zhar"]
    delayed = ActivityProgress.objects.filter(status="delayed", period__programme=programme)
    assert delayed.values("activity").distinct().count() >= 2
    assert all(report.comment for report in delayed)
    assert any("сель" in report.comment.lower() for report in delayed)
    assert ActivitySpending.objects.filter(
        source="population", progress__activity__is_joint_action=True
    ).exists()

    rollup = monitoring(programme)
    assert rollup.as_of.year == 2026
    assert [line.indicator.name_ru for line in rollup.off_track] == ["Потери воды в сетях"]
    assert rollup.on_track_count == len(rollup.indicators) - 1
    assert rollup.progress.delayed == 1
    assert 50 < rollup.progress.percent < 100
    spent = {row.year: row.spent_total for row in rollup.money}
    assert all(spent[year] > 0 for year in range(2020, 2027))
    assert spent[2027] == 0


@pytest.mark.django_db
def test_shirin_has_her_period_to_fill(demo):
    programme = demo["kok_zhar"]
    shirin = User.objects.get(email="shirin@psep.example")
    assert can(shirin, programme.municipality, Need.MONITOR)
    period = ReportingPeriod.objects.get(programme=programme, year=2026)
    page = client_for(shirin).get(
        reverse("monitoring:period", kwargs={"pk": programme.pk, "period_pk": period.pk})
    )
    assert page.status_code == 200
    assert "Потери воды в сетях" in page.content.decode()


# --- the reports ----------------------------------------------------------------------------


def _local(moment) -> date:
    return timezone.localtime(moment).date()


@pytest.mark.django_db
def test_kok_zhar_handed_each_period_in_on_its_day(demo):
    """Each year handed in by shirin in January of the next year and closed by the council
    secretary at the council's session in February, the day the council heard the ГСМиО's
    report: not on the day the demo was loaded."""
    programme = demo["kok_zhar"]
    periods = ReportingPeriod.objects.filter(programme=programme, status=PeriodStatus.CLOSED)
    assert [p.year for p in periods] == [*KOK_ZHAR_YEARS, 2025]
    for period in periods.select_related("report"):
        handed_in, closed = _local(period.submitted_at), _local(period.closed_at)
        assert (handed_in.year, handed_in.month) == (period.year + 1, 1), period
        assert handed_in < closed < DEMO_TODAY
        assert closed == period.report.presented_to_council_on
    assert not ReportingPeriod.objects.filter(programme=programme, year=2026).exclude(
        submitted_at=None
    )


@pytest.mark.django_db
def test_kok_zhar_reports_presented_and_answered(demo):
    """The ГСМиО's report of every period handed in, 2020–2025: findings and recommendations
    for the programme and its directions in Russian and Kyrgyz, written and presented by shirin
    to the population and to the council in the weeks after the period (with the women and
    men who came) and answered by the council; the report of 2023 tells the mudflow. The
    period of 2026, open, has none."""
    programme = demo["kok_zhar"]
    directions = set(Direction.objects.filter(programme=programme).values_list("pk", flat=True))
    reports = list(
        MonitoringReport.objects.filter(period__programme=programme)
        .select_related("period", "written_by", "council_response_by")
        .prefetch_related("directions")
        .order_by("period__year")
    )
    assert [report.period.year for report in reports] == list(range(2020, 2026))
    for report in reports:
        year = report.period.year
        assert report.findings_ru and report.findings_ky
        assert report.recommendations_ru and report.recommendations_ky
        findings = list(report.directions.all())
        assert findings and {finding.direction_id for finding in findings} <= directions
        assert all(finding.findings_ru and finding.findings_ky for finding in findings)
        assert report.is_presented and report.has_response
        population, council = report.presented_to_population_on, report.presented_to_council_on
        assert date(year + 1, 1, 1) < population <= council < date(year + 1, 3, 1), year
        assert report.population_women > 0 and report.population_men > 0
        assert _local(report.presented_at) == council < DEMO_TODAY
        assert report.council_response_ru and report.council_response_ky
        assert report.council_response_on == council
        assert report.written_by.email == "shirin@psep.example"
        assert report.council_response_by.email == "kenesh@psep.example"
    mudflow = reports[3]
    assert "сель 12 мая 2023" in mudflow.findings_ru.lower()
    assert "12-майындагы сел" in mudflow.findings_ky
    # presented to the population at the hearing on version 2: the same day, the same people
    hearing = programme.hearings.get()
    assert (reports[4].presented_to_population_on, reports[4].population_women) == (
        hearing.date,
        hearing.women,
    )
    assert not MonitoringReport.objects.filter(period__year=2026, period__programme=programme)


@pytest.mark.django_db
def test_kok_zhar_annual_reports_heard_by_the_council(demo):
    """The annual implementation report of each year 2020–2025, its summary written by aibek
    in both languages and heard by the council at its session in February of the next year,
    with the decision's number and date and what the council said; they followed the periods
    to version 2."""
    programme = demo["kok_zhar"]
    annual = list(AnnualReport.objects.select_related("prepared_by", "hearing_recorded_by"))
    annual = [report for report in annual if report.programme_id == programme.pk]
    assert [report.year for report in annual] == list(range(2020, 2026))
    numbers = []
    for report in annual:
        assert report.summary_ru and report.summary_ky
        assert report.is_presented
        assert (report.presented_on.year, report.presented_on.month) == (report.year + 1, 2)
        assert report.decision_date == report.presented_on < DEMO_TODAY
        assert _local(report.presented_at) == report.presented_on
        assert report.council_response_ru and report.council_response_ky
        assert report.prepared_by.email == "aibek@psep.example"
        assert report.hearing_recorded_by.email == "kenesh@psep.example"
        numbers.append(int(report.decision_number))
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert not AnnualReport.objects.filter(programme=demo["kok_zhar_1"]).exists()


@pytest.mark.django_db
def test_the_loader_asks_for_no_document(demo):
    """The reports are presented without their documents: loading the demo renders nothing
    (seed_demo asks for them afterwards, for the worker); where tasks run eagerly, without a
    worker (as here), seed_demo does not ask either: it would render them all itself."""
    assert not Document.objects.exists()
    lines = presented_documents_ask(demo_people(), PROGRAMME_FILES)
    assert not Document.objects.exists()
    assert [line.split(":")[0] for line in lines] == [
        "Кок-Жарский айылный аймак",
        "Исановский айылный аймак",
        "Алля Анаровский айылный аймак",
    ]
    assert all("not asked for" in line for line in lines)


@pytest.mark.django_db
def test_seed_demo_asks_for_the_documents_of_the_presented_reports(settings):
    """With a worker beside it (the embedded default), seed_demo asks, once the programmes are
    loaded, for the documents of every presented report in Russian, Kyrgyz and both, for the
    worker to render after the command commits; run again, it reuses them. It prints every
    login with its role, the chair of Буудалык among them."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    presented = (
        MonitoringReport.objects.filter(presented_at__isnull=False).count()
        + AnnualReport.objects.filter(presented_at__isnull=False).count()
    )
    assert presented == 2 * (6 + 4 + 2)
    documents = Document.objects.all()
    assert documents.count() == 3 * presented
    assert set(documents.values_list("language", flat=True)) == {"ru", "ky", "ru+ky"}
    assert set(documents.values_list("status", flat=True)) == {"queued"}
    printed = out.getvalue()
    assert "Кок-Жарский айылный аймак: 36 documents of the presented reports asked for" in printed
    assert "Алля Анаровский айылный аймак: 12 documents" in printed
    logins = {line.split()[0]: line for line in printed.splitlines() if "@psep.example" in line}
    assert logins["meerim@psep.example"].endswith("председатель рабочей группы — buudalyk")
    assert len(logins) == 9

    again = io.StringIO()
    call_command("seed_demo", force=True, stdout=again)
    assert Document.objects.count() == 3 * presented
    assert (
        "Кок-Жарский айылный аймак: the documents of the presented reports were asked for "
        "already" in again.getvalue()
    )


# --- the municipalities side by side -----------------------------------------------------------


def _closed_years(programme) -> list[int]:
    periods = ReportingPeriod.objects.filter(programme=programme, status=PeriodStatus.CLOSED)
    return [period.year for period in periods]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["isanov", "aly_anar", "buudalyk"])
def test_the_new_programmes_are_complete_in_both_languages(demo, name):
    programme = demo[name]
    assert programme.created_by.email == (
        "meerim@psep.example" if name == "buudalyk" else "admin@psep.example"
    )
    assert blocking_failures(completeness_checks(programme)) == []
    assert missing_translations(programme) == []
    assert 2 <= Direction.objects.filter(programme=programme).count() <= 3
    assert 4 <= Activity.objects.filter(programme=programme).count() <= 8


@pytest.mark.django_db
def test_isanov_is_in_implementation_with_delayed_activities(demo):
    """The sports hall, the canal and the lights of two villages delayed, each with its reason;
    the pumping station cancelled with its reason; the hall and the canal off track. 2022–2025
    handed in and reported, 2026 open and not yet due."""
    programme = demo["isanov"]
    assert programme.status == "in_implementation"
    assert _closed_years(programme) == [2022, 2023, 2024, 2025]
    now = ReportingPeriod.objects.get(programme=programme, year=2026)
    assert now.status == PeriodStatus.OPEN and not now.is_overdue(DEMO_TODAY)
    assert IndicatorActual.objects.filter(period=now).exists()

    rollup = monitoring(programme)
    assert rollup.as_of == now
    assert (rollup.progress.delayed, rollup.progress.cancelled) == (3, 1)
    late = [row for row in rollup.activity_state.values() if row.status in ("delayed", "cancelled")]
    assert len(late) == 4 and all(row.comment for row in late)
    assert sorted(line.indicator.name_ru for line in rollup.off_track) == [
        "Протяжённость забетонированного русла канала «Кара-Кыштак»",
        "Число спортзалов, открытых круглый год",
    ]
    presented = MonitoringReport.objects.filter(
        period__programme=programme, council_response_on__isnull=False
    )
    assert sorted(presented.values_list("period__year", flat=True)) == [2022, 2023, 2024, 2025]
    assert AnnualReport.objects.filter(programme=programme, presented_at__isnull=False).count() == 4


@pytest.mark.django_db
def test_aly_anar_has_its_period_of_2025_overdue(demo):
    """2023 and 2024 handed in, reported and closed; 2025 still open past its due day, 30
    January 2026, with part of its data entered; 2026 open and not yet due."""
    programme = demo["aly_anar"]
    assert programme.status == "in_implementation"
    assert _closed_years(programme) == [2023, 2024]
    periods = {p.year: p for p in ReportingPeriod.objects.filter(programme=programme)}
    late = periods[2025]
    assert late.status == PeriodStatus.OPEN and late.submitted_at is None
    assert late.due_on == date(2026, 1, 30) and late.is_overdue(DEMO_TODAY)
    assert [year for year, p in periods.items() if p.is_overdue(DEMO_TODAY)] == [2025]
    indicators = Indicator.objects.filter(programme=programme).count()
    assert 0 < IndicatorActual.objects.filter(period=late).count() < indicators
    assert ActivityProgress.objects.filter(period=late).exists()
    assert not IndicatorActual.objects.filter(period=periods[2026]).exists()

    rollup = monitoring(programme)
    assert rollup.as_of == late
    assert rollup.progress.delayed == 0
    assert [line.indicator.name_ru for line in rollup.off_track] == [
        "Число домохозяйств, подключённых к водопроводу"
    ]
    last = MonitoringReport.objects.filter(period__programme=programme).order_by("period__year")
    assert [report.period.year for report in last] == [2023, 2024]
    assert last.last().presented_to_council_on == date(2025, 2, 20)


@pytest.mark.django_db
def test_the_dashboard_compares_the_three_in_implementation(demo, monkeypatch):
    """The reviewer of Osh oblast finds on the dashboard Кок-Жар mostly on track, Исанов with
    the most delays, Алы-Анар with a period overdue — the figures of each roll-up, kept in the
    summaries the loading counted after its commit — and the other demo municipalities without
    a programme in implementation."""
    monkeypatch.setattr(dashboard, "today", lambda: DEMO_TODAY)
    in_implementation = ("kok_zhar", "isanov", "aly_anar")
    for name in in_implementation:
        summary = MonitoringSummary.objects.get(programme=demo[name])
        rollup = monitoring(demo[name])
        assert summary.as_of == rollup.as_of
        assert summary.activities_delayed == rollup.progress.delayed
        assert summary.indicators_off_track == len(rollup.off_track)
    staff = User.objects.get(email="staff@psep.example")
    response = client_for(staff).get("/ru/review/", {"sort": "delayed", "dir": "desc"})
    assert response.status_code == 200
    rows = {row.slug: row for row in response.context["page"].object_list}
    figures = {
        slug: (
            rows[slug].monitoring_delayed,
            rows[slug].monitoring_off_track,
            rows[slug].monitoring_overdue,
            rows[slug].monitoring_last_report,
        )
        for slug in ("kok-zhar", "isanov", "aly-anar")
    }
    assert figures == {
        "kok-zhar": (1, 1, 0, date(2026, 2, 19)),
        "isanov": (3, 2, 0, date(2026, 2, 20)),
        "aly-anar": (0, 1, 1, date(2025, 2, 20)),
    }
    assert next(iter(rows)) == "isanov"  # the most delays first
    for slug in ("bulolu", "buudalyk"):
        assert rows[slug].monitoring_programme is None


# --- Буудалык ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_buudalyk_waits_in_review(demo):
    """Submitted by meerim, its chair; the reviewer's threads: one answered and still open, one
    waiting for an answer, one resolved; neither accepted nor sent back."""
    programme = demo["buudalyk"]
    assert programme.status == "in_review"
    assert list(programme.transitions.values_list("action", flat=True)) == ["submit"]
    assert programme.transitions.get().actor.email == "meerim@psep.example"
    threads = list(programme.comments.filter(parent=None).select_related("author").order_by("pk"))
    assert [thread.author.email for thread in threads] == ["staff@psep.example"] * 3
    assert [thread.status for thread in threads] == ["open", "open", "resolved"]
    assert [thread.replies.count() for thread in threads] == [2, 0, 1]
    first = list(threads[0].replies.select_related("author").order_by("pk"))
    assert [reply.author.email for reply in first] == [
        "meerim@psep.example",
        "staff@psep.example",
    ]
    meerim = User.objects.get(email="meerim@psep.example")
    assert can(meerim, programme.municipality, Need.MANAGE)
    chair = WorkingGroupMember.objects.get(working_group__programme=programme, wg_role="chair")
    assert chair.user == meerim


# --- Бүлөлү ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulolu_is_in_public_consultation(demo):
    """Complete in both languages, submitted by its own chair, reviewed and accepted; proposals
    wait for moderation, one published waits for an answer, one hearing."""
    programme = demo["bulolu"]
    assert programme.status == "public_consultation"
    assert programme.created_by.email == "bakyt@psep.example"
    assert blocking_failures(completeness_checks(programme)) == []
    assert missing_translations(programme) == []
    assert Direction.objects.filter(programme=programme).count() == 3
    assert list(programme.transitions.order_by("pk").values_list("action", flat=True)) == [
        "submit",
        "accept",
    ]
    thread = programme.comments.get(parent=None)
    assert thread.status == "resolved" and thread.replies.count() == 1
    assert programme.proposals.filter(status="new").count() == 2
    assert programme.proposals.filter(status="published", decision="").count() == 1
    hearing = programme.hearings.get()
    assert (hearing.women, hearing.men) == (52, 47)
    assert hearing.date <= DEMO_TODAY
    chair = WorkingGroupMember.objects.get(working_group__programme=programme, wg_role="chair")
    assert chair.user.email == "bakyt@psep.example"


# --- the files and the loader --------------------------------------------------------------


def _texts(node):
    """Every {ru, ky} text of a data file."""
    if isinstance(node, dict):
        if set(node) == {"ru", "ky"}:
            yield node["ru"], node["ky"]
        else:
            for value in node.values():
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def _stored_texts() -> set[str]:
    """Every value of a translated column of the portal's planning and monitoring data (the
    programme, the reports)."""
    stored = set()
    models = [
        model
        for app in ("planning", "monitoring")
        for model in apps.get_app_config(app).get_models()
    ]
    for model in models:
        columns = [
            f.attname for f in model._meta.concrete_fields if f.name.endswith(("_ru", "_ky"))
        ]
        for row in model.objects.values_list(*columns) if columns else ():
            stored.update(row)
    return stored


@pytest.mark.django_db
@pytest.mark.parametrize("name", PROGRAMME_FILES)
def test_every_text_of_the_files_is_stored_as_written(demo, name):
    """The Kyrgyz texts are reviewed by people: the portal keeps each one exactly."""
    stored = _stored_texts()
    texts = list(_texts(yaml.safe_load((DATA / name).read_text(encoding="utf-8"))))
    assert len(texts) > 30
    for ru, ky in texts:
        assert ru in stored
        assert ky in stored


def _reports(node, key):
    """Every report of a data file under `key` (actuals, progress): (year, its mapping)."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key and isinstance(value, dict):
                yield from ((year, v) for year, v in value.items() if isinstance(v, dict))
            else:
                yield from _reports(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _reports(value, key)


@pytest.mark.django_db
def test_the_monitoring_texts_are_stored_as_written(demo):
    data = yaml.safe_load((DATA / "kok-zhar.yaml").read_text(encoding="utf-8"))
    actuals = set(IndicatorActual.objects.values_list("comment", "source"))
    comments = [
        (entry.get("comment", ""), entry.get("source", ""))
        for _year, entry in _reports(data, "actuals")
        if "comment" in entry or "source" in entry
    ]
    assert comments and set(comments) <= actuals
    progress = set(ActivityProgress.objects.values_list("comment", flat=True))
    written = {entry.get("comment", "") for _year, entry in _reports(data, "progress")}
    assert len(written) > 20 and written <= progress
    assert any(letter in " ".join(written) for letter in "ңөү")
    spent = ActivitySpending.objects.filter(
        progress__period__year=2020,
        progress__activity__title_ru__startswith="Строительство водопровода в селе Жаны",
    )
    assert {(s.source, s.amount) for s in spent} == {
        ("republican_budget", Decimal(1500)),
        ("local_budget", Decimal(200)),
        ("population", Decimal(150)),
    }


@pytest.mark.django_db
def test_the_demo_people_typed_the_programmes_in(demo):
    """The loader goes through the services as the people the files name: the history says
    who wrote what, as for anything typed in the pages."""
    kok_zhar, ak_tal = demo["kok_zhar_1"], demo["ak_tal"]
    activities = Activity.objects.filter(programme=kok_zhar)
    created = Activity.history.filter(id__in=activities.values("id"), history_type="+")
    assert created.count() == activities.count() == 18
    assert {record.history_user.email for record in created} == {"aibek@psep.example"}
    done = WorkplanTask.history.filter(working_group_id=kok_zhar.working_group.pk, is_done=True)
    assert {record.history_user.email for record in done} == {"aibek@psep.example"}
    assert {record.history_user.email for record in kok_zhar.history.all()} == {
        "aibek@psep.example",  # created it, wrote its vision, submitted it, started it
        "staff@psep.example",  # accepted it for the consultation
        "kenesh@psep.example",  # recorded the council's decisions
    }
    actuals = IndicatorActual.history.filter(period__programme__municipality__slug="kok-zhar")
    assert {record.history_user.email for record in actuals} == {"shirin@psep.example"}
    reports = MonitoringReport.history.filter(period__programme__municipality__slug="kok-zhar")
    assert {record.history_user.email for record in reports} == {
        "shirin@psep.example",  # wrote and presented them
        "kenesh@psep.example",  # recorded the council's responses
    }
    annual = AnnualReport.history.filter(programme__municipality__slug="kok-zhar")
    assert {record.history_user.email for record in annual} == {
        "aibek@psep.example",  # wrote the summaries
        "kenesh@psep.example",  # recorded the sessions that heard them
    }

    # Ак-Тал has no demo chair: the administrator did what only the chair may, nurlan the rest
    assert ak_tal.created_by.email == "admin@psep.example"
    members = WorkingGroupMember.history.filter(working_group_id=ak_tal.working_group.pk)
    assert {record.history_user.email for record in members} == {"admin@psep.example"}
    activities = Activity.objects.filter(programme=ak_tal)
    created = Activity.history.filter(id__in=activities.values("id"), history_type="+")
    assert {record.history_user.email for record in created} == {"nurlan@psep.example"}


@pytest.mark.django_db
def test_drafts_only_stops_each_programme_at_its_draft(geography):
    """For those who take a complete draft through the life-cycle themselves."""
    demo_users_create()
    demo_programmes_create(drafts_only=True)
    assert set(Programme.objects.values_list("municipality__slug", "status")) == {
        ("kok-zhar", "draft"),
        ("ak-tal", "draft"),
        ("bulolu", "draft"),
        ("isanov", "draft"),
        ("aly-anar", "draft"),
        ("buudalyk", "draft"),
    }
    assert not ReportingPeriod.objects.exists()


@pytest.fixture
def demo_files(tmp_path, monkeypatch, geography):
    """Copies of the data files, read instead of the real ones; `change(name, edit)` edits one."""
    for path in DATA.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    monkeypatch.setattr(reading, "DATA", tmp_path)
    demo_users_create()

    def change(name, edit):
        data = yaml.safe_load((tmp_path / name).read_text(encoding="utf-8"))
        edit(data)
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    return change


def _first_activity(data):
    return data["directions"][0]["objectives"][0]["activities"][0]


def _first_split(data):
    return data["directions"][0]["goal"]["indicators"][1]["actuals"]


def _year(data, year):
    return data["monitoring"]["years"][year]


YEARS = "kok-zhar.yaml → monitoring → years"
WATER = "kok-zhar.yaml → directions 1 «Питьевое водоснабжение»"
FIRST_ACTIVITY = (
    f"{WATER} → objectives 1 «Построить водопроводы в сёлах Жаны-Абад и Кызыл-Булак» "
    "→ activities 1 «Строительство водопровода в селе Жаны-Абад (8,6 км) с под…»"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda data: data["working_group"]["tasks"][1].update(responsible="treasurer"),
            "kok-zhar.yaml → working_group → tasks 2 «Проект общей цели программы», "
            "«responsible»: «treasurer» — такого ключа нет в working_group → members.",
        ),
        (
            lambda data: _first_activity(data).update(village="zhany-abad-2"),
            f"{FIRST_ACTIVITY}, «village»: «zhany-abad-2» — такого ключа нет в "
            "passport → villages.",
        ),
        (
            lambda data: data["working_group"]["members"][1].update(user="gulnar"),
            "kok-zhar.yaml → working_group → members 2 «secretary», «user»: «gulnar» — "
            "такого ключа нет в users.yaml.",
        ),
        (
            lambda data: data["working_group"]["members"][2].pop("sex"),
            "kok-zhar.yaml → working_group → members 3 «utilities»: нет обязательного ключа «sex».",
        ),
        (
            lambda data: data["directions"][0].pop("goal"),
            f"{WATER}: нет обязательного ключа «goal».",
        ),
        (
            lambda data: _first_activity(data).update(costs={2020: {"grant": 100}}),
            f"{FIRST_ACTIVITY} → costs → 2020: неизвестный ключ «grant».",
        ),
        (
            lambda data: data["directions"][0]["goal"]["indicators"][1].update(
                sex_disagregated=True
            ),
            f"{WATER} → goal → indicators 2 «Число случаев острых кишечных инфекций за год»: "
            "неизвестный ключ «sex_disagregated».",
        ),
        (
            lambda data: _first_activity(data).update(start_date="1 апреля 2020"),
            f"{FIRST_ACTIVITY}, «start_date»: нужно дата вида ГГГГ-ММ-ДД, "
            "а записано «1 апреля 2020».",
        ),
        (
            lambda data: _first_activity(data)["progress"][2020].update(status="late"),
            f"{FIRST_ACTIVITY} → progress → 2020, «status»: нужно одно из значений: "
            "not_started, in_progress, done, delayed, cancelled, а записано «late».",
        ),
        (
            lambda data: _first_activity(data)["progress"][2021]["spent"].update(grant=5),
            f"{FIRST_ACTIVITY} → progress → 2021 → spent: неизвестный ключ «grant».",
        ),
        (
            lambda data: data["monitoring"]["group"].update(contact="tokt"),
            "kok-zhar.yaml → monitoring → group, «contact»: «tokt» — такого ключа нет в "
            "monitoring → group → members.",
        ),
        (
            lambda data: data["amendment"]["council"]["decision"].update(recorded_by="kenes"),
            "kok-zhar.yaml → amendment → council → decision, «recorded_by»: «kenes» — такого "
            "ключа нет в users.yaml.",
        ),
        (
            lambda data: _year(data, 2020).update(handed_in=date(2020, 12, 20)),
            f"{YEARS} → 2020, «handed_in»: период 2020 года сдают после его окончания, а "
            "записано 20.12.2020.",
        ),
        (
            lambda data: _year(data, 2021).update(closed=date(2022, 1, 10)),
            f"{YEARS} → 2021, «closed»: 10.01.2022 — раньше, чем «handed_in» (13.01.2022).",
        ),
        (
            lambda data: _year(data, 2022)["report"]["council_response"].update(
                date=date(2023, 2, 1)
            ),
            f"{YEARS} → 2022 → report → council_response, «date»: 01.02.2023 — раньше, чем "
            "«to_council» (16.02.2023).",
        ),
        (
            lambda data: _year(data, 2020)["report"]["directions"].update({6: {}}),
            f"{YEARS} → 2020 → report, «directions»: «6» — такого ключа нет в directions (1–5).",
        ),
        (
            lambda data: data["monitoring"]["years"].update({2026: _year(data, 2025)}),
            f"{YEARS} → 2026: 2026 год — открытый период (open_year), его ещё не сдали.",
        ),
        (
            lambda data: _year(data, 2023)["annual"].update(sumary={"ru": "Итоги", "ky": ""}),
            f"{YEARS} → 2023 → annual: неизвестный ключ «sumary».",
        ),
    ],
)
def test_a_wrong_file_is_refused_naming_the_item(demo_files, edit, message):
    demo_files("kok-zhar.yaml", edit)
    with pytest.raises(DemoDataError) as refused:
        demo_programmes_create()
    assert message in str(refused.value)
    assert not Programme.objects.exists()  # checked before anything is written

    with pytest.raises(CommandError) as failed:
        call_command("seed_demo", force=True, stdout=io.StringIO())
    assert message in str(failed.value)


@pytest.mark.django_db
def test_a_wrong_review_is_refused_naming_the_item(demo_files):
    demo_files("buudalyk.yaml", lambda data: data["review"]["threads"][2].update(by="staf"))
    with pytest.raises(DemoDataError) as refused:
        demo_programmes_create()
    assert "buudalyk.yaml → review → threads 3 «Население по сёлам в паспорте расходится с " in (
        str(refused.value)
    )
    assert "«by»: «staf» — такого ключа нет в users.yaml." in str(refused.value)
    assert not Programme.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda data: _first_activity(data).update(end_date=date(2025, 3, 1)),
            f"{FIRST_ACTIVITY}: портал не принял эти данные: end_date: Окончание должно быть",
        ),
        (
            lambda data: _first_split(data)[2021].update(women=15),
            f"{WATER} → goal → indicators 2 «Число случаев острых кишечных инфекций за год» → "
            "actuals → 2021: портал не принял эти данные: women: Женщины (15) и мужчины (14) "
            "вместе дают 29, а общее значение — 27.",
        ),
        (
            lambda data: _first_split(data).update({2028: 20}),
            "kok-zhar.yaml → monitoring → 2028: у программы нет отчётного периода 2028 года "
            "(2020–2027).",
        ),
        (
            lambda data: _first_activity(data)["progress"][2020].update(
                status="delayed", comment=""
            ),
            f"{FIRST_ACTIVITY} → progress → 2020: портал не принял эти данные: comment: Для "
            "задержанного или отменённого мероприятия укажите причину.",
        ),
        (
            lambda data: data["monitoring"]["years"].pop(2022),
            f"{YEARS}: нет обязательного ключа «2022».",
        ),
        (
            lambda data: _year(data, 2020)["report"]["presented"].pop("women"),
            f"{YEARS} → 2020 → report → presented: портал не принял эти данные: women: Укажите, "
            "сколько женщин присутствовало (0, если ни одной).",
        ),
    ],
)
def test_what_a_service_refuses_stops_the_loading(demo_files, edit, message):
    """Nothing is written around the services: an activity ending after the programme's
    period, a split by sex that does not add up, a year without a reporting period, a delay
    without its reason, a report presented to the population without the women who came are
    refused as in the pages, with the item named, and nothing of the demo stays; a period
    handed in without its day is refused too, rather than handed in on the day of the
    loading."""
    demo_files("kok-zhar.yaml", edit)
    with pytest.raises(DemoDataError) as refused:
        demo_programmes_create()
    assert message in str(refused.value)
    assert not Programme.objects.exists()
