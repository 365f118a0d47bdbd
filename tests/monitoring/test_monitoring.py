"""Monitoring of an approved programme: the periods open with the implementation, the ГСМиО
enters actuals (with women and men) and the progress and spending of activities, the roll-up
shows them, a period handed in is frozen on every path, the council secretary closes it or gives
it back with a reason, and an amended version keeps the data. Who may see and do what, from both
sides (the files behind the figures and the ГСМиО's own pages too); queries that do not grow with
the programme or its number of periods."""

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.errors import PeriodClosed
from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    Frequency,
    IndicatorActual,
    MonitoringGroupMember,
    PeriodStatus,
    ReportingPeriod,
)
from monitoring.selectors.rollup import monitoring
from monitoring.services import data, group, periods
from municipalities.models import Role
from planning.models import (
    Activity,
    ActivityCost,
    Indicator,
    IndicatorTarget,
    ProgrammeStatus,
)
from planning.services import lifecycle
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.monitoring.conftest import _activity, _indicator

S = ProgrammeStatus

# --- periods ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_implementation_opens_a_period_a_year(implemented):
    rows = list(ReportingPeriod.objects.filter(programme=implemented))
    assert [p.year for p in rows] == implemented.years
    assert {p.status for p in rows} == {PeriodStatus.OPEN}
    first = rows[0]
    assert (first.starts_on, first.ends_on) == (date(2020, 1, 1), date(2020, 12, 31))
    assert first.due_on == date(2021, 1, 30)
    assert first.is_overdue(date(2021, 2, 1)) and not first.is_overdue(date(2021, 1, 30))


@pytest.mark.django_db
def test_quarters_while_nothing_is_entered(implemented, shirin, period):
    made = periods.periods_set_frequency(
        programme=implemented, actor=shirin, frequency=Frequency.QUARTER
    )
    assert len(made) == 4 * len(implemented.years)
    third = ReportingPeriod.objects.get(programme=implemented, year=2021, number=3)
    assert (third.starts_on, third.ends_on) == (date(2021, 7, 1), date(2021, 9, 30))
    data.actual_set(
        period=third, indicator=_indicator(implemented), actor=shirin, value=Decimal(51)
    )
    with pytest.raises(ValidationError, match="ни в одном периоде нет данных"):
        periods.periods_set_frequency(programme=implemented, actor=shirin, frequency=Frequency.YEAR)


# --- actuals and progress -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_actual_with_women_and_men_that_add_up(period, shirin):
    indicator = _indicator(period.programme)
    actual = data.actual_set(
        period=period,
        indicator=indicator,
        actor=shirin,
        value=Decimal(56),
        women=Decimal(30),
        men=Decimal(26),
        source="Книга учёта домохозяйств",
    )
    assert (actual.value, actual.women, actual.men, actual.entered_by) == (56, 30, 26, shirin)
    with pytest.raises(ValidationError) as refused:
        data.actual_set(
            period=period,
            indicator=indicator,
            actor=shirin,
            value=Decimal(56),
            women=Decimal(30),
            men=Decimal(20),
        )
    assert "вместе дают 50, а общее значение — 56" in str(refused.value)
    actual.refresh_from_db()
    assert actual.men == 26
    # a correction keeps the history, old → new
    data.actual_set(period=period, indicator=indicator, actor=shirin, value=Decimal(57))
    assert list(actual.history.order_by("history_date").values_list("value", flat=True)) == [
        Decimal(56),
        Decimal(57),
    ]


@pytest.mark.django_db
def test_progress_needs_a_reason_when_delayed_and_keeps_spending(period, shirin):
    activity = _activity(period.programme)
    with pytest.raises(ValidationError, match="укажите причину"):
        data.progress_set(
            period=period, activity=activity, actor=shirin, status="delayed", percent=20
        )
    progress = data.progress_set(
        period=period,
        activity=activity,
        actor=shirin,
        status="delayed",
        percent=20,
        comment="Подрядчик не вышел на участок из-за паводка",
        spending={"local_budget": Decimal("35.5"), "donor": None},
    )
    assert list(progress.spending.values_list("source", "amount")) == [
        ("local_budget", Decimal("35.5"))
    ]
    with pytest.raises(ValidationError, match="100 %"):
        data.progress_set(period=period, activity=activity, actor=shirin, status="done", percent=90)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["aibek", "gulnara", "kenesh", "staff", "nurlan"])
def test_only_the_monitoring_group_enters(request, period, persona):
    with pytest.raises(PermissionDenied):
        data.actual_set(
            period=period,
            indicator=_indicator(period.programme),
            actor=request.getfixturevalue(persona),
            value=Decimal(1),
        )
    assert not IndicatorActual.objects.exists()


# --- handing in: frozen on every path ------------------------------------------------------------


@pytest.fixture
def submitted(period, shirin):
    programme = period.programme
    data.actual_set(period=period, indicator=_indicator(programme), actor=shirin, value=Decimal(55))
    data.progress_set(
        period=period,
        activity=_activity(programme),
        actor=shirin,
        status="done",
        percent=100,
        spending={"local_budget": Decimal(98)},
    )
    return periods.period_submit(period=period, actor=shirin)


@pytest.mark.django_db
def test_a_period_handed_in_is_frozen_on_every_path(submitted, shirin):
    actual = IndicatorActual.objects.get()
    progress = ActivityProgress.objects.get()
    spending = ActivitySpending.objects.get()
    # the services
    with pytest.raises(PeriodClosed):
        data.actual_set(
            period=submitted, indicator=actual.indicator, actor=shirin, value=Decimal(1)
        )
    with pytest.raises(PeriodClosed):
        data.progress_set(
            period=submitted, activity=progress.activity, actor=shirin, status="done", percent=100
        )
    # direct writes, whatever the path (admin, shell, a bulk update through save)
    for obj in (actual, progress, spending):
        with pytest.raises(PeriodClosed), transaction.atomic():
            obj.save()
        with pytest.raises(PeriodClosed), transaction.atomic():
            obj.delete()
    with pytest.raises(PeriodClosed), transaction.atomic():
        IndicatorActual.objects.create(
            period=submitted, indicator=actual.indicator, value=Decimal(3)
        )
    # moved to an open period: the period it was stored under is handed in
    other = ReportingPeriod.objects.get(programme=submitted.programme, year=2022)
    actual.period = other
    with pytest.raises(PeriodClosed), transaction.atomic():
        actual.save()
    assert IndicatorActual.objects.get().value == 55
    # the page says so and has no forms
    page = client_for(shirin).get(
        reverse("monitoring:period", args=[submitted.programme.pk, submitted.pk])
    )
    assert "его данные можно читать, но не изменять" in page.content.decode()
    assert 'name="indicator-' not in page.content.decode()
    post = client_for(shirin).post(
        reverse(
            "monitoring:actual",
            args=[submitted.programme.pk, submitted.pk, actual.indicator.pk],
        ),
        {f"indicator-{actual.indicator.pk}-value": "1"},
    )
    assert post.status_code == 403


@pytest.mark.django_db
def test_the_council_secretary_closes_or_gives_back_with_a_reason(submitted, kenesh, shirin):
    with pytest.raises(PermissionDenied):
        periods.period_close(period=submitted, actor=shirin)
    with pytest.raises(ValidationError, match="почему период возвращается"):
        periods.period_reopen(period=submitted, actor=kenesh, reason=" ")
    reopened = periods.period_reopen(
        period=submitted, actor=kenesh, reason="Не приложены акты приёмки работ"
    )
    assert reopened.status == PeriodStatus.OPEN
    assert reopened.history.first().history_change_reason == "Не приложены акты приёмки работ"
    data.actual_set(
        period=reopened, indicator=_indicator(reopened.programme), actor=shirin, value=Decimal(56)
    )
    periods.period_submit(period=reopened, actor=shirin)
    closed = periods.period_close(period=reopened, actor=kenesh)
    assert closed.status == PeriodStatus.CLOSED


# --- the roll-up ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_roll_up_of_progress_targets_and_money(submitted):
    programme = submitted.programme
    m = monitoring(programme)
    assert m.as_of == submitted
    line = m.indicators[0]
    cell = next(c for c in line.cells if c.period == submitted)
    # baseline 40, target of 2021 51, actual 55: (55 − 40) / (51 − 40) = 136 %
    assert (cell.target, cell.compared, cell.reached, cell.on_track) == (51, True, 136, True)
    assert m.progress.percent == 100 and m.progress.weighted
    year = next(row for row in m.money if row.year == 2021)
    assert (year.planned_total, year.spent_total, year.spent_percent) == (100, 98, 98)


@pytest.mark.django_db
def test_a_falling_indicator_is_on_track_when_it_falls(period, shirin):
    indicator = _indicator(period.programme)
    Indicator.objects.filter(pk=indicator.pk).update(
        direction=Indicator.Direction.DECREASE, is_sex_disaggregated=False
    )
    IndicatorTarget.objects.filter(indicator=indicator, year=2021).update(value=30)
    data.actual_set(period=period, indicator=indicator, actor=shirin, value=Decimal(35))
    cell = next(c for c in monitoring(period.programme).indicators[0].cells if c.period == period)
    assert cell.on_track is False and cell.reached == 50  # (35 − 40) / (30 − 40)


@pytest.mark.django_db
def test_shorter_periods_compare_at_the_end_of_the_year_or_add_up(implemented, shirin):
    periods.periods_set_frequency(programme=implemented, actor=shirin, frequency=Frequency.HALF)
    indicator = _indicator(implemented)
    Indicator.objects.filter(pk=indicator.pk).update(is_sex_disaggregated=False)
    first, second = ReportingPeriod.objects.filter(programme=implemented, year=2021)
    data.actual_set(period=first, indicator=indicator, actor=shirin, value=Decimal(20))
    data.actual_set(period=second, indicator=indicator, actor=shirin, value=Decimal(35))
    cells = {c.period: c for c in monitoring(implemented).indicators[0].cells}
    assert not cells[first].compared and cells[second].compared
    assert cells[second].compared_value == 35
    Indicator.objects.filter(pk=indicator.pk).update(is_cumulative=True)
    cells = {c.period: c for c in monitoring(implemented).indicators[0].cells}
    assert cells[first].compared and cells[first].compared_value == 20
    assert cells[second].compared_value == 55


# --- an amendment keeps both years ----------------------------------------------------------------


@pytest.mark.django_db
def test_an_amended_version_keeps_the_monitoring(
    implemented, submitted, aibek, staff, kenesh, shirin, django_capture_on_commit_callbacks
):
    from planning.services.versions import programme_amend

    periods.period_close(period=submitted, actor=kenesh)
    open_2022 = ReportingPeriod.objects.get(programme=implemented, year=2022)
    data.actual_set(
        period=open_2022, indicator=_indicator(implemented), actor=shirin, value=Decimal(60)
    )
    new = programme_amend(programme=implemented, actor=aibek)
    # the amendment removes nothing here but adds an activity; then the council approves it
    approve_new = new
    lifecycle.programme_submit(programme=approve_new, actor=aibek)
    lifecycle.programme_accept(programme=approve_new, actor=staff)
    from planning.models import PublicHearing

    PublicHearing.objects.create(
        programme=new, date=date(2022, 5, 14), place_ru="Дом культуры", women=20, men=20
    )
    lifecycle.programme_submit_to_council(programme=new, actor=aibek)
    lifecycle.programme_record_decision(
        programme=new, actor=kenesh, number="31", date=date(2022, 6, 1), session="XX"
    )
    assert not ReportingPeriod.objects.filter(programme=implemented).exists()
    moved = ReportingPeriod.objects.filter(programme=new)
    assert [p.year for p in moved] == new.years
    closed = moved.get(year=2021)
    assert closed.status == PeriodStatus.CLOSED  # as it was, still frozen
    actuals = IndicatorActual.objects.filter(period__programme=new).order_by("period__year")
    assert [(a.period.year, a.value) for a in actuals] == [(2021, 55), (2022, 60)]
    assert {a.indicator.programme_id for a in actuals} == {new.pk}
    assert ActivityProgress.objects.get().activity.programme_id == new.pk
    assert not IndicatorActual.objects.filter(period__programme=implemented).exists()
    m = monitoring(new)
    assert len([c for c in m.indicators[0].cells if c.actual]) == 2


# --- pages ---------------------------------------------------------------------------------------


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_shirin_fills_the_period_on_its_page(period, shirin):
    programme = period.programme
    client = client_for(shirin)
    url = reverse("monitoring:period", args=[programme.pk, period.pk])
    page = client.get(url)
    assert page.status_code == 200
    indicator, activity = _indicator(programme), _activity(programme)
    save = reverse("monitoring:actual", args=[programme.pk, period.pk, indicator.pk])
    prefix = f"indicator-{indicator.pk}"
    wrong = client.post(
        save,
        {f"{prefix}-value": "56", f"{prefix}-women": "30", f"{prefix}-men": "20"},
    )
    assert wrong.status_code == 400
    text = _text(wrong)
    assert "вместе дают 50, а общее значение — 56" in text
    assert f'name="{prefix}-men" value="20"' in wrong.content.decode()  # kept as typed
    right = client.post(
        save, {f"{prefix}-value": "56", f"{prefix}-women": "30", f"{prefix}-men": "26"}
    )
    assert right.status_code == 302 and right["Location"].endswith(f"#{prefix}")
    saved = client.post(
        save,
        {f"{prefix}-value": "57,5", f"{prefix}-women": "30", f"{prefix}-men": "27,5"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "Сохранено." in saved.content.decode()
    assert IndicatorActual.objects.get().value == Decimal("57.5")
    progress = reverse("monitoring:progress", args=[programme.pk, period.pk, activity.pk])
    a = f"activity-{activity.pk}"
    response = client.post(
        progress,
        {f"{a}-status": "in_progress", f"{a}-percent": "60", f"{a}-spent_local_budget": "40,5"},
    )
    assert response.status_code == 302
    assert ActivitySpending.objects.get().amount == Decimal("40.5")
    overview = _text(client.get(reverse("monitoring:overview", args=[programme.pk])))
    assert "60 %" in overview and "40,5 / 100,0" in overview


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["nurlan", "naryn_reviewer", None])
def test_outsiders_see_and_write_nothing(request, period, persona):
    programme = period.programme
    indicator, activity = _indicator(programme), _activity(programme)
    client = client_for(request.getfixturevalue(persona)) if persona else Client()
    gets = [
        reverse("monitoring:overview", args=[programme.pk]),
        reverse("monitoring:period", args=[programme.pk, period.pk]),
        reverse("monitoring:indicator", args=[programme.pk, indicator.pk]),
        reverse("monitoring:period_export", args=[programme.pk, period.pk]),
        reverse("monitoring:period_import", args=[programme.pk, period.pk]),
        reverse("monitoring:period_submit", args=[programme.pk, period.pk]),
        reverse("monitoring:period_reopen", args=[programme.pk, period.pk]),
        reverse("monitoring:group", args=[programme.municipality.slug]),
    ]
    posts = [
        reverse("monitoring:actual", args=[programme.pk, period.pk, indicator.pk]),
        reverse("monitoring:progress", args=[programme.pk, period.pk, activity.pk]),
        reverse("monitoring:period_submit", args=[programme.pk, period.pk]),
        reverse("monitoring:period_close", args=[programme.pk, period.pk]),
        reverse("monitoring:period_reopen", args=[programme.pk, period.pk]),
        reverse("monitoring:frequency", args=[programme.pk]),
        reverse("monitoring:group", args=[programme.municipality.slug]),
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if persona is None:
            assert response["Location"].startswith(reverse("login"))
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code in (302, 403), url
    assert not IndicatorActual.objects.exists() and not ActivityProgress.objects.exists()
    assert ReportingPeriod.objects.get(pk=period.pk).status == PeriodStatus.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["aibek", "gulnara", "kenesh", "staff"])
def test_the_municipality_and_its_reviewers_read(request, submitted, persona):
    client = client_for(request.getfixturevalue(persona))
    programme = submitted.programme
    for url in (
        reverse("monitoring:overview", args=[programme.pk]),
        reverse("monitoring:period", args=[programme.pk, submitted.pk]),
        reverse("monitoring:indicator", args=[programme.pk, _indicator(programme).pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="indicator-' not in response.content.decode()


# --- the files, the ГСМиО and its list: from both sides ------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def papers(period, shirin, settings, tmp_path):
    """What Кок-Жар's ГСМиО keeps on the portal: the act behind its actual of 2021, the scan of
    the council decision that set the group up, and a member named by hand."""
    settings.MEDIA_ROOT = tmp_path
    actual = data.actual_set(
        period=period,
        indicator=_indicator(period.programme),
        actor=shirin,
        value=Decimal(45),
        women=Decimal(25),
        men=Decimal(20),
        evidence=SimpleUploadedFile("akt-priemki.pdf", PDF, content_type="application/pdf"),
    )
    the_group = group.group_of(period.programme.municipality)
    group.group_update(
        group=the_group,
        actor=shirin,
        decision_number="7",
        decision_date=date(2020, 2, 3),
        decision_scan=SimpleUploadedFile("reshenie-7.pdf", PDF, content_type="application/pdf"),
    )
    member = group.member_add(
        group=the_group,
        actor=shirin,
        full_name="Бурул Асанова",
        organisation=MonitoringGroupMember.Organisation.RESIDENTS,
        sex="female",
        position="жительница",
    )
    return SimpleNamespace(actual=actual, group=the_group, member=member)


def _papers_urls(papers) -> dict[str, str]:
    programme, slug = papers.actual.period.programme, papers.group.municipality.slug
    return {
        "evidence": reverse("monitoring:evidence", args=[programme.pk, papers.actual.pk]),
        "scan": reverse("monitoring:group_scan", args=[slug]),
        "delete": reverse("monitoring:member_delete", args=[slug, papers.member.pk]),
    }


def _papers_untouched(papers) -> None:
    actual = IndicatorActual.objects.get()
    assert (actual.pk, actual.value, actual.evidence.name) == (
        papers.actual.pk,
        papers.actual.value,
        papers.actual.evidence.name,
    )
    assert actual.evidence.storage.exists(actual.evidence.name)
    kept = group.group_of(papers.group.municipality)
    assert kept.decision_scan.name == papers.group.decision_scan.name
    assert kept.decision_scan.storage.exists(kept.decision_scan.name)
    assert list(kept.members.values_list("pk", flat=True)) == [papers.member.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["nurlan", "naryn_reviewer", None])
def test_outsiders_get_no_file_and_remove_no_member(request, papers, persona):
    client = client_for(request.getfixturevalue(persona)) if persona else Client()
    urls = _papers_urls(papers)
    answers = {
        "evidence": client.get(urls["evidence"]),
        "scan": client.get(urls["scan"]),
        "delete": client.post(urls["delete"]),
        "delete by a link": client.get(urls["delete"]),
    }
    for name, response in answers.items():
        if persona is None:
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("login")), name
        elif name == "delete by a link":
            assert response.status_code == 405
        else:
            # refused as such, not "not found": the file and the member are there
            assert response.status_code == 403, name
        assert not getattr(response, "streaming", False), name
    _papers_untouched(papers)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["shirin", "aibek", "gulnara", "kenesh", "staff"])
def test_the_municipality_and_its_reviewers_get_the_files(request, papers, persona):
    client = client_for(request.getfixturevalue(persona))
    urls = _papers_urls(papers)
    for url, name in ((urls["evidence"], "akt-priemki.pdf"), (urls["scan"], "reshenie-7.pdf")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert b"".join(response.streaming_content) == PDF
    _papers_untouched(papers)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["aibek", "gulnara", "kenesh", "staff"])
def test_only_the_monitoring_group_removes_a_member(request, papers, persona, shirin):
    url = _papers_urls(papers)["delete"]
    # the municipality's other people and its reviewers read the group but do not change it
    assert client_for(request.getfixturevalue(persona)).post(url).status_code == 403
    _papers_untouched(papers)
    client = client_for(shirin)
    # the page's button posts: a link followed or a page prefetched removes nobody
    assert client.get(url).status_code == 405
    _papers_untouched(papers)
    response = client.post(url, follow=True)
    assert response.redirect_chain == [
        (reverse("monitoring:group", args=[papers.group.municipality.slug]), 302)
    ]
    assert "«Бурул Асанова» больше не в составе ГСМиО." in _text(response)
    assert not MonitoringGroupMember.objects.exists()


@pytest.mark.django_db
def test_a_member_of_another_group_is_not_removed_through_this_one(papers, shirin, ak_tal):
    """The municipality comes from the address, checked against the person; a member's id of
    another municipality's group does not reach that group."""
    theirs = MonitoringGroupMember.objects.create(
        group=group.group_of(ak_tal),
        full_name="Эрмек Жумабаев",
        organisation=MonitoringGroupMember.Organisation.COUNCIL,
        sex="male",
    )
    client = client_for(shirin)
    mine = reverse("monitoring:member_delete", args=[papers.group.municipality.slug, theirs.pk])
    assert client.post(mine).status_code == 404
    theirs_url = reverse("monitoring:member_delete", args=[ak_tal.slug, theirs.pk])
    assert client.post(theirs_url).status_code == 403
    assert MonitoringGroupMember.objects.filter(pk=theirs.pk).exists()
    _papers_untouched(papers)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["aibek", "kenesh", "staff", "nurlan", "ak_tal_monitor"])
def test_the_monitoring_list_shows_only_the_groups_the_person_is_in(
    request, period, shirin, persona, ak_tal
):
    programme = period.programme
    kok_zhar_links = [
        reverse("monitoring:group", args=[programme.municipality.slug]),
        reverse("monitoring:overview", args=[programme.pk]),
        reverse("monitoring:period", args=[programme.pk, period.pk]),
    ]
    url = reverse("monitoring:my_groups")
    mine = client_for(shirin).get(url)
    assert mine.status_code == 200
    assert all(f'href="{link}"' in mine.content.decode() for link in kok_zhar_links)
    assert "Кок-Жар" in _text(mine)

    if persona == "ak_tal_monitor":
        user = UserFactory(full_name="Член ГСМиО Ак-Тал")
        MembershipFactory(user=user, municipality=ak_tal, role=Role.MONITORING_MEMBER)
    else:
        user = request.getfixturevalue(persona)
    other = client_for(user).get(url)
    assert other.status_code == 200
    html = other.content.decode()
    assert not any(f'href="{link}"' in html for link in kok_zhar_links)
    assert "Кок-Жар" not in _text(other)
    if persona == "ak_tal_monitor":
        assert f'href="{reverse("monitoring:group", args=[ak_tal.slug])}"' in html
    else:
        assert "Вы не состоите ни в одной ГСМиО." in _text(other)


@pytest.mark.django_db
def test_the_monitoring_list_sends_a_visitor_to_log_in(period):
    response = Client().get(reverse("monitoring:my_groups"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _grow(programme, indicators: int, activities: int):
    """More indicators and activities in the same (approved) programme, with actuals in every
    period: bulk inserts, which send no signal, stand for a programme that was approved large."""
    base = _indicator(programme)
    activity = _activity(programme)
    extra = Indicator.objects.bulk_create(
        Indicator(programme=programme, goal=base.goal, name_ru=f"Индикатор {n}", unit="number")
        for n in range(indicators)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, year=year, value=1)
        for indicator in extra
        for year in programme.years
    )
    added = Activity.objects.bulk_create(
        Activity(objective=activity.objective, programme=programme, title_ru=f"Мероприятие {n}")
        for n in range(activities)
    )
    ActivityCost.objects.bulk_create(
        ActivityCost(activity=a, year=2021, source="donor", amount=n + 1)
        for n, a in enumerate(added)
    )
    IndicatorActual.objects.bulk_create(
        IndicatorActual(period=period, indicator=indicator, value=1)
        for period in ReportingPeriod.objects.filter(programme=programme)
        for indicator in Indicator.objects.filter(programme=programme)
    )


@pytest.mark.django_db
def test_the_pages_take_the_same_queries_for_a_small_and_a_large_programme(
    period, shirin, django_assert_max_num_queries
):
    programme = period.programme
    client = client_for(shirin)
    urls = [
        reverse("monitoring:overview", args=[programme.pk]),
        reverse("monitoring:period", args=[programme.pk, period.pk]),
    ]
    for url in urls:
        client.get(url)
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small))
    _grow(programme, indicators=59, activities=30)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def _report_in_every_period(programme):
    """The progress of every activity, with money spent, in every period: bulk inserts, as in
    `_grow`, which puts an actual of every indicator in every period."""
    progress = ActivityProgress.objects.bulk_create(
        ActivityProgress(period=period, activity=activity, status="in_progress", percent=50)
        for period in ReportingPeriod.objects.filter(programme=programme)
        for activity in Activity.objects.filter(programme=programme)
    )
    ActivitySpending.objects.bulk_create(
        ActivitySpending(progress=row, source="local_budget", amount=1) for row in progress
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("frequency", "count"), [(Frequency.HALF, 10), (Frequency.QUARTER, 20)])
def test_the_pages_take_the_same_queries_for_few_and_many_periods(
    period, shirin, frequency, count, django_assert_max_num_queries
):
    """The overview and the entry page draw a column or a row for every period: reporting
    half-yearly or quarterly instead of yearly, with data in each period, costs no query more."""
    programme = period.programme
    client = client_for(shirin)
    _grow(programme, indicators=4, activities=3)
    _report_in_every_period(programme)

    def urls(period):
        return [
            reverse("monitoring:overview", args=[programme.pk]),
            reverse("monitoring:period", args=[programme.pk, period.pk]),
        ]

    client.get(urls(period)[0])
    counts = []
    for url in urls(period):
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few))
    # the frequency is changed only while no period has data: the data go and come back
    ActivitySpending.objects.all().delete()
    ActivityProgress.objects.all().delete()
    IndicatorActual.objects.all().delete()
    periods.periods_set_frequency(programme=programme, actor=shirin, frequency=frequency)
    IndicatorActual.objects.bulk_create(
        IndicatorActual(period=p, indicator=indicator, value=1)
        for p in ReportingPeriod.objects.filter(programme=programme)
        for indicator in Indicator.objects.filter(programme=programme)
    )
    _report_in_every_period(programme)
    many = ReportingPeriod.objects.filter(programme=programme)
    assert many.count() == count and IndicatorActual.objects.count() == count * 5
    assert ActivityProgress.objects.count() == count * 4
    later = many.filter(year=2021).last()
    for url, most in zip(urls(later), counts, strict=True):
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
    # and the overview did show every period it was built from
    overview = client.get(urls(later)[0]).content.decode()
    assert all(f'<option value="{p.pk}"' in overview for p in many)


@pytest.mark.django_db
def test_the_menu_tells_the_group_what_is_overdue(period, shirin, aibek, monkeypatch):
    from django.utils import timezone

    client = client_for(shirin)
    menu = re.compile(r'href="/ru/monitoring/">ГСМиО(?: <span class="badge badge--warn">(\d+))?')
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2021, 1, 20))
    assert menu.search(client.get("/ru/").content.decode()).group(1) is None  # 2020 due 30.01
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2022, 3, 1))
    assert menu.search(client.get("/ru/").content.decode()).group(1) == "2"  # 2020 and 2021
    periods.period_submit(period=period, actor=shirin)
    assert menu.search(client.get("/ru/").content.decode()).group(1) == "1"
    # the chair is not in the ГСМиО: no entry, no query for it
    assert 'href="/ru/monitoring/"' not in client_for(aibek).get("/ru/").content.decode()
