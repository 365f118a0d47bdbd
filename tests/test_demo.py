"""The demo programmes: Кок-Жар's ПСЭР 2020–2024 complete in both languages, Ак-Тал's
ПСЭР 2020–2022 half drafted, and running the demo twice creates nothing new."""

import pytest
from django.apps import apps

from demo.loader import demo_programmes_create
from demo.users import demo_users_create
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
)
from planning.selectors.completeness import blocking_failures, completeness_checks
from planning.selectors.finance import financial_model
from planning.selectors.translation import missing_translations

KOK_ZHAR_YEARS = [2020, 2021, 2022, 2023, 2024]


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("planning").get_models()
    }


@pytest.fixture
def demo(geography):
    demo_users_create()
    demo_programmes_create()
    return {
        "kok_zhar": Programme.objects.get(municipality__slug="kok-zhar", start_year=2020),
        "ak_tal": Programme.objects.get(municipality__slug="ak-tal", start_year=2020),
    }


@pytest.mark.django_db
def test_running_the_demo_again_creates_nothing(demo):
    before = _counts()
    lines = demo_programmes_create()
    assert _counts() == before
    assert all("kept" in line for line in lines), lines


@pytest.mark.django_db
def test_kok_zhar_plan_is_complete(demo):
    programme = demo["kok_zhar"]
    assert programme.status == "public_consultation"
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
def test_kok_zhar_is_written_in_both_languages(demo):
    programme = demo["kok_zhar"]
    kyrgyz = []
    for kind in content_kinds():
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
def test_kok_zhar_went_through_review_to_the_consultation(demo):
    """Through the real services: submitted, a resolved comment thread, accepted; proposals in
    each state and the hearing of 41 women and 37 men."""
    programme = demo["kok_zhar"]
    assert list(programme.transitions.order_by("created_at").values_list("action", flat=True)) == [
        "submit",
        "accept",
    ]
    thread = programme.comments.get(parent=None)
    assert thread.status == "resolved" and thread.replies.count() == 1
    assert sorted(programme.proposals.values_list("status", flat=True)) == [
        "new",
        "published",
        "published",
    ]
    answered = programme.proposals.exclude(decision="").get()
    assert answered.language == "ky" and answered.answer_ky
    hearing = programme.hearings.get()
    assert (hearing.women, hearing.men) == (41, 37)
    assert demo["ak_tal"].status == "draft"
