"""The reviewers' dashboard follows the implementation: for each municipality the figures of
its programme's monitoring (the same as the roll-up of its own monitoring page), sorted,
filtered and exported; a chart comparing the municipalities; the summaries kept in step with
every write that changes the roll-up; the same number of queries for 5 and 500
municipalities; who sees what."""

import io
import re
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from monitoring import dashboard
from monitoring.models import (
    Frequency,
    MonitoringReport,
    MonitoringSummary,
    PeriodStatus,
    ReportingPeriod,
)
from monitoring.selectors.rollup import monitoring
from monitoring.services import data, periods
from monitoring.services.excel import period_import
from monitoring.services.summary import _Refresh, summary_refresh
from municipalities.models import District, Municipality, Role
from planning.models import Programme, ProgrammeStatus
from tests.conftest import client_for
from tests.factories import DistrictFactory, MembershipFactory, OblastFactory, UserFactory
from tests.monitoring.conftest import _activity, _indicator
from tests.monitoring.test_excel import _filled

DASHBOARD = "/ru/review/"
EXPORT = "/ru/review/export.xlsx"
TODAY = date(2022, 3, 1)  # the periods of 2020 and 2021 are past their due day
LABELS = [
    "Выполнение, %",
    "Израсходовано, % плана",
    "Запланировано до периода, тыс. сом",
    "Израсходовано, тыс. сом",
    "Индикаторы в норме",
    "Индикаторы отстают",
    "Мероприятия задерживаются",
    "Последний отчёт кенешу",
    "Просрочено периодов",
]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(dashboard, "today", lambda: TODAY)


@contextmanager
def commit():
    """The block's transaction commits (pytest-django never commits the test's own): what it
    left to run on commit runs once and is gone, as after a real commit. What the fixtures
    left waiting runs first, as their own transactions would have committed. Yields the list
    of callbacks that ran for the block."""
    connection = transaction.get_connection()

    def run_from(start: int, ran: list) -> None:
        while len(connection.run_on_commit) > start:  # a callback may leave callbacks
            _sids, callback, _robust = connection.run_on_commit.pop(start)
            ran.append(callback)
            callback()

    run_from(0, [])
    ran: list = []
    yield ran
    run_from(0, ran)


def refreshed(callbacks) -> list[int]:
    """The programmes whose summary the captured callbacks count again."""
    return [c.programme_id for c in callbacks if isinstance(c, _Refresh)]


@pytest.fixture
def reported(period, shirin):
    """Кок-Жар's period of 2021 filled by its ГСМиО: the indicator below its target (51), the
    activity delayed at 30 % with 40 of its 100 thousand som spent; the report of 2020
    presented to the council."""
    programme = period.programme
    with commit():
        data.actual_set(
            period=period, indicator=_indicator(programme), actor=shirin, value=Decimal(45)
        )
        data.progress_set(
            period=period,
            activity=_activity(programme),
            actor=shirin,
            status="delayed",
            percent=30,
            comment="Подрядчик не вышел на работы",
            spending={"local_budget": Decimal(40)},
        )
    first = ReportingPeriod.objects.get(programme=programme, year=2020)
    MonitoringReport.objects.create(period=first, presented_to_council_on=date(2021, 2, 15))
    return programme


def neighbours_in_implementation(delays: list[int]) -> list[Municipality]:
    """Other municipalities of Osh oblast with a programme in implementation and its summary
    (no overdue period: their one period of 2021 is closed)."""
    municipalities = list(
        Municipality.objects.filter(district__oblast__slug="osh")
        .exclude(slug="kok-zhar")
        .order_by("slug")[: len(delays)]
    )
    for municipality, delayed in zip(municipalities, delays, strict=True):
        programme = Programme.objects.create(
            municipality=municipality,
            title_ru="Программа",
            title="Программа",
            start_year=2020,
            end_year=2024,
            status=ProgrammeStatus.IN_IMPLEMENTATION,
        )
        period = ReportingPeriod.objects.create(
            programme=programme,
            frequency=Frequency.YEAR,
            year=2021,
            starts_on=date(2021, 1, 1),
            ends_on=date(2021, 12, 31),
            status=PeriodStatus.CLOSED,
        )
        MonitoringSummary.objects.create(
            programme=programme,
            as_of=period,
            progress=50 + delayed,
            planned=200,
            spent=100,
            spent_percent=50,
            indicators_on_track=2,
            indicators_off_track=0,
            activities_delayed=delayed,
        )
    return municipalities


def row_of(response, slug):
    return next(m for m in response.context["page"].object_list if m.slug == slug)


def slugs(response) -> list[str]:
    return [m.slug for m in response.context["page"].object_list]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the columns ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_columns_are_the_roll_up_of_the_same_programme(reported, staff):
    m = monitoring(reported)
    response = client_for(staff).get(DASHBOARD)
    row = row_of(response, "kok-zhar")
    assert row.monitoring_programme == reported.pk
    assert row.monitoring_progress == m.progress.percent == 30
    assert row.monitoring_on_track == m.on_track_count == 0
    assert row.monitoring_off_track == len(m.off_track) == 1
    assert row.monitoring_delayed == m.progress.delayed == 1
    planned = sum(r.planned_total for r in m.money if r.year <= m.as_of.year)
    spent = sum(r.spent_total for r in m.money if r.year <= m.as_of.year)
    assert (row.monitoring_planned, row.monitoring_spent) == (planned, spent) == (100, 40)
    assert row.monitoring_spent_percent == 40
    # open periods past their due day (the end + 30 days) on the fixed day: 2020 and 2021
    overdue = [p for p in m.periods if p.is_overdue(TODAY)]
    assert [p.year for p in overdue] == [2020, 2021]
    assert row.monitoring_overdue == 2
    assert row.monitoring_last_report == date(2021, 2, 15)

    html = response.content.decode()
    keys = [column["key"] for column in response.context["columns"]]
    # the amounts are in the .xlsx; the page shows them under the percentage
    assert keys[-7:] == [
        "progress",
        "spent",
        "on_track",
        "off_track",
        "delayed",
        "last_report",
        "overdue",
    ]
    cells = html[html.index('href="/ru/m/kok-zhar/"') :]
    cells = cells[: cells.index("</tr>")]
    assert f'<a href="/ru/p/{reported.pk}/monitoring/">30 %' in cells
    assert '<td class="num">40 %<br><span class="muted nowrap"' in cells
    assert "40,0 из 100,0" in text(cells)
    assert '<td class="num"><strong>1</strong></td>' in cells  # off track, delayed
    assert '<time datetime="2021-02-15">15.02.2021</time>' in cells
    assert '<td class="num"><strong>2</strong></td>' in cells  # overdue


@pytest.mark.django_db
def test_without_a_programme_in_implementation_the_cells_are_empty(reported, staff):
    response = client_for(staff).get(DASHBOARD)
    other = next(m for m in response.context["page"].object_list if m.slug != "kok-zhar")
    assert other.monitoring_programme is None
    assert [c.value for c in other.registered_cells] == [None] * 7
    html = response.content.decode()
    row = html[html.index(f'href="/ru/m/{other.slug}/"') :]
    row = row[: row.index("</tr>")].rstrip()
    empty = '<td class="num"></td>'
    assert row.endswith(empty * 5 + '<td class="nowrap"></td>' + empty)


@pytest.mark.django_db
def test_in_implementation_without_data_yet(implemented, staff):
    summary_refresh(programme=implemented)
    response = client_for(staff).get(DASHBOARD)
    row = row_of(response, "kok-zhar")
    # nothing reported: every activity counts as not started
    assert row.monitoring_progress == 0 and row.monitoring_delayed == 0
    html = response.content.decode()
    cells = html[html.index('href="/ru/m/kok-zhar/"') :]
    cells = cells[: cells.index("</tr>")]
    assert f'<a href="/ru/p/{implemented.pk}/monitoring/">0 %' in cells
    assert '<td class="nowrap">—</td>' in cells  # no report presented yet


@pytest.mark.django_db
def test_an_amendment_being_drafted_keeps_the_figures_of_the_version_in_force(
    reported, aibek, staff
):
    from planning.services.versions import programme_amend

    new = programme_amend(programme=reported, actor=aibek)
    response = client_for(staff).get(DASHBOARD)
    row = row_of(response, "kok-zhar")
    assert row.programme_id == new.pk  # planning shows the draft amendment
    assert row.monitoring_programme == reported.pk and row.monitoring_delayed == 1


@pytest.mark.django_db
def test_sorted_by_delayed_activities_both_ways(reported, staff):
    busy, calm = neighbours_in_implementation([3, 0])
    client = client_for(staff)
    response = client.get(DASHBOARD, {"sort": "delayed", "dir": "desc"})
    assert slugs(response)[:3] == [busy.slug, "kok-zhar", calm.slug]
    assert 'aria-sort="descending"' in response.content.decode()
    response = client.get(DASHBOARD, {"sort": "delayed"})
    assert slugs(response)[:3] == [calm.slug, "kok-zhar", busy.slug]
    # municipalities without a programme in implementation come last either way
    assert len(slugs(response)) == 8
    response = client.get(DASHBOARD, {"sort": "overdue", "dir": "desc"})
    assert slugs(response)[0] == "kok-zhar"
    response = client.get(DASHBOARD, {"sort": "last_report", "dir": "desc"})
    assert slugs(response)[0] == "kok-zhar"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("implementation", ["busy", "calm", "kok-zhar"]),
        ("delayed", ["busy", "kok-zhar"]),
        ("off_track", ["kok-zhar"]),
        ("overdue", ["kok-zhar"]),
    ],
)
def test_the_monitoring_filter(reported, staff, value, expected):
    busy, calm = neighbours_in_implementation([3, 0])
    names = {"busy": busy.slug, "calm": calm.slug, "kok-zhar": "kok-zhar"}
    client = client_for(staff)
    response = client.get(DASHBOARD, {"monitoring": value})
    assert sorted(slugs(response)) == sorted(names[n] for n in expected)
    assert response.context["total"] == len(expected)  # the summary of states too
    assert response.context["filtered"]
    ws = load_workbook(io.BytesIO(client.get(EXPORT, {"monitoring": value}).content)).active
    assert ws.max_row == 1 + len(expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "label", "choice"),
    [("ru", "Мониторинг", "с задержанными мероприятиями"), ("ky", None, None)],
)
def test_the_filter_in_both_languages(reported, staff, lang, label, choice):
    html = client_for(staff).get(f"/{lang}/review/").content.decode()
    if label is None:
        with translation.override("ky"):
            label = str(dashboard._filter_field().label)
            choice = str(dict(dashboard.FILTER_CHOICES)["delayed"])
    assert f'<label for="id_monitoring">{label}</label>' in html
    assert f'<option value="delayed">{choice}</option>' in html


@pytest.mark.django_db
def test_a_wrong_filter_value_is_an_error_and_is_ignored(reported, staff):
    response = client_for(staff).get(DASHBOARD, {"monitoring": "everything"})
    assert response.context["form"].errors["monitoring"]
    assert len(slugs(response)) == 8


# --- the export ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_xlsx_has_the_columns_with_number_formats(reported, staff):
    response = client_for(staff).get(EXPORT, {"sort": "delayed", "dir": "desc"})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    assert list(rows[0][12:]) == LABELS
    assert rows[1][0] == "Кок-Жарский айылный аймак"
    assert rows[1][12:] == (30, 40, 100, 40, 0, 1, 1, rows[1][19], 2)
    assert rows[1][19].date() == date(2021, 2, 15)
    formats = [ws.cell(row=2, column=col).number_format for col in range(13, 22)]
    assert formats == ["0", "0", "#,##0.0", "#,##0.0", "0", "0", "0", "DD.MM.YYYY", "0"]
    assert ws.column_dimensions["O"].width == 18
    assert rows[2][12:] == (None,) * 9  # no programme in implementation: empty cells


@pytest.mark.django_db
def test_the_xlsx_headers_in_kyrgyz(reported, staff):
    response = client_for(staff).get("/ky/review/export.xlsx")
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    with translation.override("ky"):
        assert list(header[12:]) == [str(c.label) for c in dashboard.COLUMNS]


# --- the chart -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_chart_compares_the_municipalities_in_the_tables_order(reported, staff):
    busy, calm = neighbours_in_implementation([3, 0])
    response = client_for(staff).get(DASHBOARD, {"sort": "delayed", "dir": "desc"})
    html = response.content.decode()
    panel = html[html.index('<section class="dashboard-panel" id="monitoring-chart"') :]
    panel = panel[: panel.index("</section>")]
    assert '<h2 id="monitoring-chart-title">Выполнение и расходы по муниципалитетам</h2>' in panel
    assert 'role="img" aria-labelledby="monitoring-chart-title monitoring-chart-desc"' in panel
    # under the table
    assert html.index('id="list-title"') < html.index('id="monitoring-chart"')
    groups = re.findall(r'font-weight="600" fill="#1b1f24">([^<]+)</text>', panel)
    assert groups == [busy.name, "Кок-Жарский айылный аймак", calm.name]
    assert panel.count("<rect x=") == 6  # two bars each
    desc = re.search(r'<desc id="monitoring-chart-desc">([^<]+)</desc>', panel).group(1)
    assert "Кок-Жарский айылный аймак: выполнение 30 %, израсходовано 40 % плана" in desc
    # the numbers again in a table
    assert '<td class="num">40,0</td>' in panel and '<td class="num">100,0</td>' in panel


@pytest.mark.django_db
def test_no_chart_without_a_programme_in_implementation(programme, staff):
    html = client_for(staff).get(DASHBOARD).content.decode()
    assert "monitoring-chart" not in html


def test_the_chart_scale_goes_past_100_percent_when_the_plan_is_overspent():
    from types import SimpleNamespace

    def row(name, progress, spent_percent):
        return SimpleNamespace(
            name=name,
            monitoring_progress=progress,
            monitoring_spent_percent=spent_percent,
            monitoring_planned=Decimal(10),
            monitoring_spent=Decimal(spent_percent) / 10,
        )

    rows = [row("А", 80, 130), row("Б", None, 420)]
    chart = dashboard.comparison_chart(rows)
    assert [p for _x, p in chart.ticks] == [0, 50, 100, 150, 200]
    plot = dashboard.WIDTH - dashboard.VALUE_ROOM
    assert chart.full == round(plot / 2, 1)
    first, second = chart.groups
    assert first.bars[1].width == round(plot * 130 / 200, 1)
    assert second.bars[0].width == 0 and second.bars[0].shown == "—"
    assert second.bars[1].width == plot and second.bars[1].shown == "420 %"  # stops at the edge


# --- the summary follows every write -------------------------------------------------------------


@pytest.mark.django_db
def test_the_summary_follows_a_save_once_per_transaction(period, shirin):
    programme = period.programme
    with commit() as callbacks, transaction.atomic():
        data.actual_set(
            period=period, indicator=_indicator(programme), actor=shirin, value=Decimal(60)
        )
        data.progress_set(
            period=period,
            activity=_activity(programme),
            actor=shirin,
            status="in_progress",
            percent=50,
            spending={"local_budget": Decimal(25)},
        )
    assert refreshed(callbacks) == [programme.pk]  # two writes, one count
    summary = MonitoringSummary.objects.get(programme=programme)
    assert summary.as_of == period
    assert (summary.progress, summary.indicators_on_track, summary.indicators_off_track) == (
        50,
        1,
        0,
    )
    assert (summary.planned, summary.spent, summary.spent_percent) == (100, 25, 25)

    # a delete counts again too
    progress = period.progress.get()
    with commit():
        data.progress_delete(progress=progress, actor=shirin)
    summary.refresh_from_db()
    assert summary.spent == 0 and summary.progress == 0


@pytest.mark.django_db
def test_a_refused_write_counts_nothing(period, shirin):
    from django.core.exceptions import ValidationError

    # women and men that do not add up: refused after the period was found open, rolled back
    with commit() as callbacks, pytest.raises(ValidationError):
        data.actual_set(
            period=period,
            indicator=_indicator(period.programme),
            actor=shirin,
            value=Decimal(56),
            women=Decimal(30),
            men=Decimal(20),
        )
    assert refreshed(callbacks) == []


@pytest.mark.django_db
def test_the_summary_follows_an_import(period, shirin):
    programme = period.programme
    content = _filled(period, _indicator(programme), _activity(programme))
    with commit() as callbacks:
        period_import(period=period, file=content, actor=shirin)
    assert refreshed(callbacks) == [programme.pk]
    summary = MonitoringSummary.objects.get(programme=programme)
    assert (summary.progress, summary.spent, summary.indicators_on_track) == (
        60,
        Decimal("40.5"),
        1,
    )


@pytest.mark.django_db
def test_the_summary_follows_a_submit_close_and_reopen(reported, period, shirin, kenesh):
    MonitoringSummary.objects.filter(programme=reported).delete()
    with commit() as callbacks:
        periods.period_submit(period=period, actor=shirin)
    assert refreshed(callbacks) == [reported.pk]
    assert MonitoringSummary.objects.get(programme=reported).activities_delayed == 1
    for step in (
        lambda: periods.period_close(period=period, actor=kenesh),
        lambda: periods.period_reopen(period=period, actor=kenesh, reason="Нет подписи"),
    ):
        with commit() as callbacks:
            step()
        assert refreshed(callbacks) == [reported.pk]


@pytest.mark.django_db
def test_the_periods_opened_with_the_implementation_get_a_summary(programme, aibek, staff, kenesh):
    from tests.factories import fill
    from tests.monitoring.conftest import approve

    fill(programme)
    with commit():
        approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)
    summary = MonitoringSummary.objects.get(programme=programme)
    assert summary.as_of.year == 2020 and summary.progress == 0


@pytest.mark.django_db
def test_the_summary_follows_an_amendment(reported, aibek, staff, kenesh):
    from planning.models import PublicHearing
    from planning.services import lifecycle
    from planning.services.versions import programme_amend

    summary_refresh(programme=reported)
    new = programme_amend(programme=reported, actor=aibek)
    lifecycle.programme_submit(programme=new, actor=aibek)
    lifecycle.programme_accept(programme=new, actor=staff)
    PublicHearing.objects.create(
        programme=new, date=date(2022, 5, 14), place_ru="Дом культуры", women=20, men=20
    )
    lifecycle.programme_submit_to_council(programme=new, actor=aibek)
    with commit() as callbacks:
        lifecycle.programme_record_decision(
            programme=new, actor=kenesh, number="31", date=date(2022, 6, 1), session="XX"
        )
    assert sorted(refreshed(callbacks)) == sorted([new.pk, reported.pk])
    assert not MonitoringSummary.objects.filter(programme=reported).exists()
    summary = MonitoringSummary.objects.get(programme=new)
    assert (summary.activities_delayed, summary.indicators_off_track, summary.spent) == (1, 1, 40)
    # approved, its implementation not restarted yet: the dashboard still follows it
    response = client_for(staff).get(DASHBOARD)
    row = row_of(response, "kok-zhar")
    assert row.monitoring_programme == new.pk and row.monitoring_delayed == 1


@pytest.mark.django_db
def test_the_command_counts_every_summary_again(reported, period, capsys):
    from tests.factories import ProgrammeFactory

    MonitoringSummary.objects.all().delete()
    stale = ProgrammeFactory(municipality=reported.municipality, start_year=2015, end_year=2019)
    MonitoringSummary.objects.create(programme=stale, activities_delayed=9)
    call_command("monitoring_summaries")
    assert "Monitoring summaries counted: 1" in capsys.readouterr().out
    assert list(MonitoringSummary.objects.values_list("programme_id", flat=True)) == [reported.pk]
    summary = MonitoringSummary.objects.get()
    assert (summary.progress, summary.activities_delayed, summary.spent_percent) == (30, 1, 40)


# --- the same number of queries for 5 and 500 municipalities -------------------------------------


def _populate(oblast, start: int, n: int) -> None:
    """`n` municipalities with a programme in implementation, its periods and summary, and a
    report for every other one, written in bulk (the services are not the point here)."""
    district = District.objects.filter(oblast=oblast).first()
    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(
                district=district,
                slug=f"{oblast.slug}-aa-{i}",
                name=f"Аймак {i:03d}",
                name_ru=f"Аймак {i:03d}",
                name_ky=f"{i:03d}-аймак",
                is_target=i % 4 != 0,
            )
            for i in range(start, start + n)
        ]
    )
    programmes = Programme.objects.bulk_create(
        [
            Programme(
                municipality=m,
                title="Программа",
                title_ru="Программа",
                start_year=2020,
                end_year=2024,
                status=ProgrammeStatus.IN_IMPLEMENTATION,
            )
            for m in municipalities
        ]
    )
    made = ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(
                programme=p,
                frequency=Frequency.YEAR,
                year=year,
                starts_on=date(year, 1, 1),
                ends_on=date(year, 12, 31),
                status=PeriodStatus.OPEN if (year == 2021 or i % 3) else PeriodStatus.CLOSED,
            )
            for i, p in enumerate(programmes, start=start)
            for year in (2020, 2021)
        ]
    )
    MonitoringSummary.objects.bulk_create(
        [
            MonitoringSummary(
                programme=p,
                as_of=made[2 * k + 1],
                progress=i % 101,
                planned=100,
                spent=i % 150,
                spent_percent=i % 150,
                indicators_on_track=i % 4,
                indicators_off_track=i % 3,
                activities_delayed=i % 5,
            )
            for k, (i, p) in enumerate(enumerate(programmes, start=start))
        ]
    )
    MonitoringReport.objects.bulk_create(
        [
            MonitoringReport(period=made[2 * k], presented_to_council_on=date(2021, 2, k % 28 + 1))
            for k in range(0, len(programmes), 2)
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "delayed", "dir": "desc", "monitoring": "overdue", "kind": "target"}],
)
def test_the_same_queries_for_5_and_500_municipalities(params, django_assert_num_queries):
    oblast = OblastFactory()
    DistrictFactory(oblast=oblast)
    reviewer = UserFactory()
    MembershipFactory(user=reviewer, role=Role.REVIEWER, municipality=None, oblast=oblast)
    _populate(oblast, 0, 5)
    client = client_for(reviewer)
    client.get(DASHBOARD)  # the session's first page
    with CaptureQueriesContext(connection) as small_page:
        response = client.get(DASHBOARD, params)
    assert "monitoring-chart" in response.content.decode()
    with CaptureQueriesContext(connection) as small_export:
        client.get(EXPORT, params)

    _populate(oblast, 5, 495)
    with django_assert_num_queries(len(small_page)):
        response = client.get(DASHBOARD, params)
    html = response.content.decode()
    chart = html[html.index('id="monitoring-chart"') :]
    assert chart.count('fill="#0b4f8a"><title>') == dashboard.CHART_LIMIT
    assert "Показаны первые 30 муниципалитетов" in chart
    if params:
        delays = [m.monitoring_delayed for m in response.context["page"].object_list]
        assert delays == sorted(delays, reverse=True) and all(
            m.monitoring_overdue for m in response.context["page"].object_list
        )
    with django_assert_num_queries(len(small_export)):
        response = client.get(EXPORT, params)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + response_count(params)


def response_count(params) -> int:
    if not params:
        return 500
    # target (i % 4 != 0) and an overdue period (2021 always open and past due on TODAY)
    return sum(1 for i in range(500) if i % 4 != 0)


# --- who sees what -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reviewer_of_another_oblast_sees_none_of_kok_zhar(reported, naryn_reviewer):
    client = client_for(naryn_reviewer)
    for params in ({}, {"monitoring": "implementation"}, {"sort": "delayed", "dir": "desc"}):
        response = client.get(DASHBOARD, params)
        html = response.content.decode()
        assert "kok-zhar" not in slugs(response)
        assert "Кок-Жар" not in html and f"/p/{reported.pk}/" not in html
        assert "monitoring-chart" not in html
    response = client.get(EXPORT)
    names = [
        row[0]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert "Кок-Жарский айылный аймак" not in names


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["shirin", "kenesh", "aibek"])
def test_who_reviews_nothing_is_refused(request, reported, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(EXPORT).status_code == 403


@pytest.mark.django_db
def test_a_superuser_sees_every_oblast(reported, admin_user):
    response = client_for(admin_user).get(DASHBOARD, {"monitoring": "implementation"})
    assert slugs(response) == ["kok-zhar"]
