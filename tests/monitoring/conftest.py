"""Fixtures of the monitoring tests: Кок-Жар's small complete programme taken through the real
life-cycle into its implementation, its period of 2021, and a reviewer of another oblast."""

from datetime import date

import pytest

from monitoring.models import ReportingPeriod
from planning.models import Activity, Indicator
from planning.services import lifecycle
from tests.factories import fill


def approve(programme, *, aibek, staff, kenesh):
    """Through the real life-cycle up to the implementation."""
    from planning.models import PublicHearing

    lifecycle.programme_submit(programme=programme, actor=aibek)
    lifecycle.programme_accept(programme=programme, actor=staff)
    PublicHearing.objects.create(
        programme=programme, date=date(2019, 5, 14), place_ru="Дом культуры", women=41, men=37
    )
    lifecycle.programme_submit_to_council(programme=programme, actor=aibek)
    lifecycle.programme_record_decision(
        programme=programme, actor=kenesh, number="12", date=date(2019, 5, 28), session="XII"
    )
    lifecycle.programme_start_implementation(programme=programme, actor=aibek)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def implemented(programme, aibek, staff, kenesh, shirin):
    fill(programme)
    indicator = Indicator.objects.get(programme=programme)
    Indicator.objects.filter(pk=indicator.pk).update(is_sex_disaggregated=True)
    return approve(programme, aibek=aibek, staff=staff, kenesh=kenesh)


@pytest.fixture
def period(implemented):
    return ReportingPeriod.objects.get(programme=implemented, year=2021)


def _indicator(programme):
    return Indicator.objects.get(programme=programme)


def _activity(programme):
    return Activity.objects.get(programme=programme)


@pytest.fixture
def naryn_reviewer(geography):
    from municipalities.models import Oblast, Role
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(full_name="Рецензент Нарын")
    MembershipFactory(
        user=user, role=Role.REVIEWER, municipality=None, oblast=Oblast.objects.get(slug="naryn")
    )
    return user


def enter_year(
    period, shirin, *, status="delayed", comment="Подрядчик не завершил работы из-за селя"
):
    """What the reports' tests find in a period: 45 % of households with water against a target
    of 51 % (off track), 25 women and 20 men; the activity at 40 % with 98 of its 100 spent."""
    from decimal import Decimal

    from monitoring.services import data

    programme = period.programme
    data.actual_set(
        period=period,
        indicator=Indicator.objects.get(programme=programme),
        actor=shirin,
        value=Decimal(45),
        women=Decimal(25),
        men=Decimal(20),
    )
    data.progress_set(
        period=period,
        activity=Activity.objects.get(programme=programme),
        actor=shirin,
        status=status,
        percent=40,
        comment=comment,
        spending={"local_budget": Decimal(98)},
    )
    return period
