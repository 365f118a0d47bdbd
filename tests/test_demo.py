"""The demo programmes: Кок-Жар's ПСЭР 2020–2024 complete in both languages, Ак-Тал's
ПСЭР 2020–2022 half drafted, and running the demo twice creates nothing new. They are typed in
from the files of demo/data/ through the services, by the demo people; a wrong file is refused
with the file and the item named."""

import io
import shutil
from datetime import date

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from demo import reading
from demo.loader import PROGRAMME_FILES, demo_programmes_create
from demo.reading import DATA, DemoDataError
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
    WorkplanTask,
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
    """Every value of a translated column of the portal's planning data."""
    stored = set()
    for model in apps.get_app_config("planning").get_models():
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


@pytest.mark.django_db
def test_the_demo_people_typed_the_programmes_in(demo):
    """The loader goes through the services as the people the files name: the history says
    who wrote what, as for anything typed in the pages."""
    kok_zhar, ak_tal = demo["kok_zhar"], demo["ak_tal"]
    activities = Activity.objects.filter(programme=kok_zhar)
    created = Activity.history.filter(id__in=activities.values("id"), history_type="+")
    assert created.count() == activities.count() == 18
    assert {record.history_user.email for record in created} == {"aibek@psep.example"}
    done = WorkplanTask.history.filter(working_group_id=kok_zhar.working_group.pk, is_done=True)
    assert {record.history_user.email for record in done} == {"aibek@psep.example"}
    assert {record.history_user.email for record in kok_zhar.history.all()} == {
        "aibek@psep.example",  # created it, wrote its vision, submitted it
        "staff@psep.example",  # accepted it for the consultation
    }

    # Ак-Тал has no demo chair: the administrator did what only the chair may, nurlan the rest
    assert ak_tal.created_by.email == "admin@psep.example"
    members = WorkingGroupMember.history.filter(working_group_id=ak_tal.working_group.pk)
    assert {record.history_user.email for record in members} == {"admin@psep.example"}
    activities = Activity.objects.filter(programme=ak_tal)
    created = Activity.history.filter(id__in=activities.values("id"), history_type="+")
    assert {record.history_user.email for record in created} == {"nurlan@psep.example"}


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
def test_what_a_service_refuses_stops_the_loading(demo_files):
    """Nothing is written around the services: an activity ending after the programme's
    period is refused as in the page, with the item named, and nothing of the demo stays."""
    demo_files(
        "kok-zhar.yaml", lambda data: _first_activity(data).update(end_date=date(2025, 3, 1))
    )
    with pytest.raises(DemoDataError) as refused:
        demo_programmes_create()
    assert f"{FIRST_ACTIVITY}: портал не принял эти данные: end_date: Окончание должно быть" in str(
        refused.value
    )
    assert not Programme.objects.exists()
