"""Versions: "amend" copies an approved programme into a new draft version —
everything inside it, with the lineage of each item, nothing of its life-cycle; the comparison
of two versions (added / removed / changed, old → new) in a constant number of queries; the
versions and comparison pages and who may see and use them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from demo.loader import demo_programmes_create
from planning import models as m
from planning.models import Action, Programme, ProgrammeStatus
from planning.parts import parts
from planning.selectors.completeness import completeness_checks
from planning.selectors.versions import compare, version_line
from planning.services import lifecycle
from planning.services.analysis import (
    passport_update,
    swot_item_create,
    village_create,
)
from planning.services.finance import resource_forecast_set
from planning.services.indicators import indicator_targets_set
from planning.services.lifecycle import TransitionRefused
from planning.services.plan import activity_costs_set, activity_update
from planning.services.programme import programme_update
from planning.services.versions import programme_amend
from planning.services.workgroup import member_create
from planning.signals import update_metrics
from tests.conftest import client_for
from tests.extension_app.models import CommunityPledge
from tests.factories import fill

S = ProgrammeStatus

# Everything inside a programme that a new version copies, from the declarations of its parts
# (planning.parts): model → lookup of its programme.
CONTENT = {part.model: part.lookup for part in parts() if part.copied}
# Never copied: they belong to the version they were made for.
NOT_COPIED = {part.model: part.lookup for part in parts() if not part.copied and not part.is_root}
# How an item is told apart from its copy: its id, its parents' ids and bookkeeping.
NOT_COMPARED = {"id", "revision", "updated_at", "created_at", "done_at"}


def items(programme, model, lookup):
    return model.objects.filter(**{lookup: programme})


def approve(programme, *, aibek, staff, kenesh):
    """Through the real life-cycle: submit, accept, hearing, council, decision."""
    lifecycle.programme_submit(programme=programme, actor=aibek)
    lifecycle.programme_accept(programme=programme, actor=staff)
    m.PublicHearing.objects.create(
        programme=programme,
        date=date(2019, 5, 14),
        place_ru="Дом культуры",
        place_ky="Маданият үйү",
        women=41,
        men=37,
    )
    lifecycle.programme_submit_to_council(programme=programme, actor=aibek)
    lifecycle.programme_record_decision(
        programme=programme,
        actor=kenesh,
        number="12",
        date=date(2019, 5, 28),
        session="XII сессия айылного кенеша",
    )
    programme.refresh_from_db()
    assert programme.status == S.APPROVED
    return programme


def set_status(programme, status):
    Programme.objects.filter(pk=programme.pk).update(status=status)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def kok_zhar_demo(kok_zhar, aibek, gulnara):
    """Кок-Жар's full demo programme (its WG members linked to Айбек and Гульнара), as a draft:
    the tests take it through the life-cycle themselves."""
    demo_programmes_create(drafts_only=True)
    return Programme.objects.get(municipality=kok_zhar, start_year=2020)


@pytest.fixture
def approved_demo(kok_zhar_demo, aibek, staff, kenesh):
    # a part declared by an app above planning: copied by its declaration alone
    CommunityPledge.objects.create(programme=kok_zhar_demo, village="Кызыл-Булак", labour_days=60)
    return approve(kok_zhar_demo, aibek=aibek, staff=staff, kenesh=kenesh)


@pytest.fixture
def approved(programme):
    """Кок-Жар's small complete programme, approved (directly: the pages are tested here)."""
    fill(programme)
    return set_status(programme, S.APPROVED)


@pytest.fixture
def amended(approved, aibek):
    return programme_amend(programme=approved, actor=aibek)


def _row(obj, mapping) -> dict:
    """The values of an item with its foreign keys replaced by the lineage (or the key) of
    what they point at, so that an item and its copy give the same row."""
    row = {}
    for f in type(obj)._meta.concrete_fields:
        if f.name in NOT_COMPARED:
            continue
        value = getattr(obj, f.attname)
        if f.is_relation and f.related_model in mapping:
            value = mapping[f.related_model].get(value)
        row[f.attname] = value
    return row


def _snapshot(programme) -> dict:
    """Every item of the programme as comparable rows, per model."""
    keys = {Programme: {programme.pk: "programme"}}
    out = {}
    for model, lookup in CONTENT.items():
        objects = list(items(programme, model, lookup).order_by("pk"))
        keys[model] = {
            o.pk: getattr(o, "lineage", None) or (model.__name__, i) for i, o in enumerate(objects)
        }
        out[model.__name__] = sorted(
            (_row(o, keys) for o in objects), key=lambda r: sorted(map(str, r.items()))
        )
    return out


# --- amend: the copy -------------------------------------------------------------------------


def test_amend_copies_the_whole_programme(
    approved_demo, aibek, gulnara, staff, django_capture_on_commit_callbacks
):
    old = approved_demo
    update_metrics(old.pk)
    old.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = programme_amend(programme=old, actor=aibek)
    old.refresh_from_db()
    new.refresh_from_db()

    assert (new.status, new.version, new.previous_version, new.created_by) == (
        S.DRAFT,
        2,
        old,
        aibek,
    )
    assert old.status == S.APPROVED, "the old version stays in force until the council decides"
    assert (new.municipality, new.start_year, new.end_year) == (
        old.municipality,
        old.start_year,
        old.end_year,
    )
    for name in ("title", "vision", "overall_goal"):
        for lang in ("ru", "ky"):
            assert getattr(new, f"{name}_{lang}") == getattr(old, f"{name}_{lang}")
    assert new.vision_year == old.vision_year

    # every model, every item: the same number, the same values, the same lineage
    for model, lookup in CONTENT.items():
        assert items(new, model, lookup).count() == items(old, model, lookup).count() > 0, model
    assert _snapshot(new) == _snapshot(old)
    for model, lookup in CONTENT.items():
        if "revision" in {f.name for f in model._meta.concrete_fields}:
            assert set(items(new, model, lookup).values_list("revision", flat=True)) == {1}
    # the copies are new items, pointing at the copies
    old_activities = set(items(old, m.Activity, "programme").values_list("pk", flat=True))
    assert not old_activities & set(
        items(new, m.Activity, "programme").values_list("pk", flat=True)
    )
    assert (
        not m.Activity.objects.filter(programme=new)
        .exclude(objective__goal__direction__programme=new)
        .exists()
    )
    assert (
        not m.Activity.objects.filter(programme=new, village__isnull=False)
        .exclude(village__passport__programme=new)
        .exists()
    )
    assert m.Activity.objects.filter(programme=new, village__isnull=False).exists()
    assert (
        not m.WorkplanTask.objects.filter(working_group__programme=new, responsible__isnull=False)
        .exclude(responsible__working_group__programme=new)
        .exists()
    )
    assert m.WorkingGroupMember.objects.filter(working_group__programme=new, user=aibek).exists()
    assert new.working_group.order_scan.name == old.working_group.order_scan.name
    for model in (m.Indicator,):
        for indicator in items(new, model, "programme"):
            parent = indicator.goal or indicator.objective
            owner = parent.direction if isinstance(parent, m.Goal) else parent.goal.direction
            assert owner.programme_id == new.pk

    # the life-cycle is not copied: only the transition that started the version
    for model, lookup in NOT_COPIED.items():
        if model is m.Transition:
            continue
        assert not items(new, model, lookup).exists(), model
    assert items(old, m.PublicHearing, "programme").exists()
    transition = m.Transition.objects.get(programme=new)
    assert (transition.action, transition.from_status, transition.to_status, transition.actor) == (
        Action.AMEND,
        S.APPROVED,
        S.DRAFT,
        aibek,
    )
    assert transition.summary == "Версия 2 начата из версии 1"

    # the same completeness, the same figures, nothing different
    def checks(programme):
        return [(c.code, c.ok, c.detail) for c in completeness_checks(programme)]

    assert checks(new) == checks(old)
    assert new.completeness_percent > 0  # counted when the copy was committed
    assert (new.completeness_percent, new.ky_percent) == (
        old.completeness_percent,
        old.ky_percent,
    )
    assert compare(old, new).count == 0

    # one "created" history record per copied item, by Айбек, with the reason
    for model, lookup in CONTENT.items():
        copied = items(new, model, lookup)
        records = model.history.filter(id__in=copied.values("pk"))
        assert records.count() == copied.count(), model
        assert set(
            records.values_list("history_type", "history_user", "history_change_reason")
        ) == {("+", aibek.pk, "Версия 2 начата из версии 1")}
    # the people concerned are told (Айбек started it himself)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {gulnara.email, staff.email}
    assert "черновик" in mail.outbox[0].body


@pytest.mark.parametrize("persona", ["gulnara", "kenesh", "shirin", "staff", "nurlan"])
def test_only_the_chair_starts_a_new_version(request, approved, persona):
    with pytest.raises(TransitionRefused) as refused:
        programme_amend(programme=approved, actor=request.getfixturevalue(persona))
    assert "нет нужной роли" in str(refused.value)
    assert Programme.objects.count() == 1


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.IN_REVIEW, S.PUBLIC_CONSULTATION, S.SUBMITTED_TO_COUNCIL, S.SUPERSEDED]
)
def test_a_new_version_starts_only_from_an_approved_one(approved, aibek, status):
    set_status(approved, status)
    with pytest.raises(TransitionRefused) as refused:
        programme_amend(programme=approved, actor=aibek)
    assert "невозможно в статусе" in str(refused.value)
    assert Programme.objects.count() == 1


def test_a_programme_in_implementation_can_be_amended(approved, aibek):
    set_status(approved, S.IN_IMPLEMENTATION)
    new = programme_amend(programme=approved, actor=aibek)
    assert new.version == 2
    assert m.Transition.objects.get(programme=new).from_status == S.IN_IMPLEMENTATION


def test_only_one_new_version_at_a_time(amended, approved, aibek):
    with pytest.raises(TransitionRefused) as refused:
        programme_amend(programme=approved, actor=aibek)
    assert str(refused.value) == "Новая версия 2 уже начата (статус «черновик»)."
    assert Programme.objects.count() == 2


def test_the_new_version_is_editable_and_the_old_one_is_not_touched(amended, approved, aibek):
    activity = m.Activity.objects.get(programme=amended)
    programme_update(amended, actor=aibek, expected_revision=1, vision_ru="Новое видение")
    activity_update(activity=activity, actor=aibek, expected_revision=1, title_ru="Новые трубы")
    amended.refresh_from_db()
    approved.refresh_from_db()
    assert (amended.vision_ru, approved.vision_ru) == ("Новое видение", "Видение")
    assert m.Activity.objects.get(programme=approved).title_ru == "Прокладка труб"


def test_the_new_version_keeps_its_period_editable(amended, aibek):
    """The header form sends the period too: the approved version of the same period must not
    count as "another programme for an overlapping period"."""
    client = client_for(aibek)
    response = client.post(
        reverse("planning:header", args=[amended.pk]),
        {
            "title_ru": "ПСЭР, версия 2",
            "title_ky": amended.title_ky,
            "start_year": amended.start_year,
            "end_year": amended.end_year,
            "revision": amended.revision,
        },
    )
    assert response.status_code == 302, response.content.decode()
    amended.refresh_from_db()
    assert amended.title_ru == "ПСЭР, версия 2"


def test_the_council_approving_the_new_version_supersedes_the_old(amended, approved, kenesh):
    set_status(amended, S.SUBMITTED_TO_COUNCIL)
    lifecycle.programme_record_decision(
        programme=amended, actor=kenesh, number="31", date=date(2021, 3, 2), session="XX сессия"
    )
    approved.refresh_from_db()
    amended.refresh_from_db()
    assert (approved.status, amended.status) == (S.SUPERSEDED, S.APPROVED)
    assert [v.version for v in version_line(approved)] == [1, 2]


def test_versions_are_numbered_in_their_line(amended, aibek, kenesh):
    set_status(amended, S.SUBMITTED_TO_COUNCIL)
    lifecycle.programme_record_decision(
        programme=amended, actor=kenesh, number="31", date=date(2021, 3, 2), session="XX сессия"
    )
    amended.refresh_from_db()
    third = programme_amend(programme=amended, actor=aibek)
    assert (third.version, third.previous_version) == (3, amended)
    assert m.Transition.objects.get(programme=third).summary == "Версия 3 начата из версии 2"


def test_amending_takes_the_same_number_of_queries_whatever_the_size(programme, aibek):
    """One SELECT per kind of item and one INSERT per kind (and its history): only the
    database's batch size (SQLite: 999 parameters a statement) splits a long INSERT in two."""

    def amend_queries(extra_activities: int) -> tuple[int, int]:
        fill_plan(programme, extra_activities)
        set_status(programme, S.APPROVED)
        with CaptureQueriesContext(connection) as queries:
            new = programme_amend(programme=programme, actor=aibek)
        assert m.Activity.objects.filter(programme=new).count() == extra_activities + 1
        Programme.objects.filter(pk=new.pk).delete()
        set_status(programme, S.DRAFT)
        inserts = sum(q["sql"].startswith("INSERT") for q in queries.captured_queries)
        return len(queries) - inserts, inserts

    fill(programme)
    others, inserts = amend_queries(0)
    more_others, more_inserts = amend_queries(40)
    assert more_others == others
    if connection.features.max_query_params:  # SQLite
        assert more_inserts <= inserts + 4  # activities, costs and their history in 2 batches
    else:
        assert more_inserts == inserts


# --- comparing two versions --------------------------------------------------------------------


def fill_plan(programme, n: int) -> None:
    """`n` more activities (with a cost each) in the first objective of the programme."""
    objective = m.Objective.objects.filter(goal__direction__programme=programme).first()
    start = m.Activity.objects.filter(programme=programme).count()
    activities = m.Activity.objects.bulk_create(
        m.Activity(
            objective=objective,
            programme=programme,
            title=f"Мероприятие {i}",
            title_ru=f"Мероприятие {i}",
            title_ky=f"{i}-иш-чара",
            sort_order=i,
        )
        for i in range(start, start + n)
    )
    m.ActivityCost.objects.bulk_create(
        m.ActivityCost(activity=a, year=2021, source="local_budget", amount=10) for a in activities
    )


def _group(comparison, section, group):
    found = next(s for s in comparison.sections if s.key == section)
    return next(g for g in found.groups if g.key == group)


def _changes(changed_item) -> dict:
    return {c.label: (c.old, c.new) for c in changed_item.changes}


@pytest.fixture
def edited(amended, approved, aibek, kok_zhar):
    """Version 2 of the small programme with a change in every section."""
    new = amended
    programme_update(
        new,
        actor=aibek,
        expected_revision=1,
        vision_ky="Жаңы көрүнүш",
        vision_year=2030,
    )
    working_group = new.working_group
    working_group.programme = new
    member_create(
        working_group=working_group,
        actor=aibek,
        full_name="Айбек Осмонов",
        wg_role="chair",
        organisation="omsu",
        sex="male",
        job_title_ru="Заместитель главы",
    )
    passport = new.passport
    passport.programme = new
    passport_update(
        passport=passport, actor=aibek, expected_revision=1, population_total=4200, households=800
    )
    village = village_create(passport=passport, actor=aibek, name_ru="Жаны-Абад", name_ky="")
    swot_item_create(
        programme=new, actor=aibek, kind="threat", text_ru="Сели весной", text_ky="Жазында сел"
    )
    activity = m.Activity.objects.get(programme=new)
    activity_update(
        activity=activity,
        actor=aibek,
        expected_revision=1,
        title_ky="Суу түтүктөрүн төшөө",
        start_date=date(2021, 5, 1),
        village=village,
        is_joint_action=True,
        description_ru="Трубы из полиэтилена, 8,6 км, с подключением домов.",
    )
    activity_costs_set(
        activity=activity,
        actor=aibek,
        costs={(2021, "local_budget"): Decimal("120"), (2022, "population"): Decimal("15")},
    )
    indicator = m.Indicator.objects.get(programme=new)
    indicator_targets_set(indicator=indicator, actor=aibek, targets={2024: Decimal("90")})
    m.Indicator.objects.filter(pk=indicator.pk).update(direction="decrease")
    resource_forecast_set(programme=new, actor=aibek, values={(2020, "local_budget"): None})
    return new


def test_compare_lists_what_was_added_removed_and_changed(approved, edited):
    comparison = compare(approved, edited)

    programme = _group(comparison, "programme", "programme")
    assert _changes(programme.changed[0]) == {
        "Видение (по-кыргызски)": ("Келечектин көрүнүшү", "Жаңы көрүнүш"),
        "Видение до года": ("", "2030"),
    }
    members = _group(comparison, "workgroup", "members")
    assert [(i.label, i.detail) for i in members.added] == [
        ("Айбек Осмонов", "председатель, ОМСУ (айыл окмоту)")
    ]
    passport = _group(comparison, "passport", "passport")
    assert _changes(passport.changed[0]) == {
        "Население, всего": ("", "4200"),
        "Домохозяйства": ("", "800"),
    }
    assert [i.label for i in _group(comparison, "passport", "villages").added] == ["Жаны-Абад"]
    assert [i.label for i in _group(comparison, "swot", "swot").added] == ["Угроза: Сели весной"]

    activities = _group(comparison, "plan", "activities")
    assert activities.added == activities.removed == []
    [changed] = activities.changed
    assert changed.label == "1.1.1.1. Прокладка труб"
    changes = _changes(changed)
    assert changes["Мероприятие (по-кыргызски)"] == ("Түтүк төшөө", "Суу түтүктөрүн төшөө")
    assert changes["Начало"] == ("01.04.2021", "01.05.2021")
    assert changes["Место (село)"] == ("", "Жаны-Абад")
    assert changes["Совместное действие ОМСУ и населения (ПСД)"] == ("нет", "да")
    assert changes["Описание (по-русски)"] == (
        "",
        "Трубы из полиэтилена, 8,6 км, с подключением домов.",
    )
    assert "Мероприятие (по-русски)" not in changes

    costs = _group(comparison, "costs", "costs")
    assert [(i.label, i.detail) for i in costs.added] == [
        ("1.1.1.1. Прокладка труб — 2022, вклад населения", "15,0 тыс. сом")
    ]
    assert [(c.label, _changes(c)) for c in costs.changed] == [
        ("1.1.1.1. Прокладка труб — 2021, местный бюджет", {"Сумма, тыс. сом": ("100,0", "120,0")})
    ]
    indicators = _group(comparison, "indicators", "indicators")
    assert _changes(indicators.changed[0]) == {"Направление изменения": ("увеличение", "снижение")}
    targets = _group(comparison, "indicators", "targets")
    assert _changes(targets.changed[0]) == {"Целевое значение": ("54,00", "90,00")}
    forecast = _group(comparison, "finance", "forecast")
    assert [(i.label, i.detail) for i in forecast.removed] == [
        ("2020, местный бюджет", "500,0 тыс. сом")
    ]
    # and the other way round: what was added is removed
    backwards = compare(edited, approved)
    assert [i.label for i in _group(backwards, "passport", "villages").removed] == ["Жаны-Абад"]
    assert backwards.count == comparison.count


def test_compare_marks_the_words_changed_in_a_long_text(approved, amended, aibek):
    old_text = "Вода есть у 40% домов. " * 5
    m.SectorAnalysis.objects.filter(programme=approved).update(situation_ru=old_text)
    set_status(amended, S.DRAFT)
    m.SectorAnalysis.objects.filter(programme=amended).update(
        situation_ru=old_text.replace("40%", "55%", 1)
    )
    [changed] = _group(compare(approved, amended), "analysis", "sectors").changed
    [diff] = changed.changes
    assert diff.label == "Текущая ситуация (по-русски)"
    assert [(s.kind, s.text) for s in diff.old_segments if s.kind != "same"] == [("del", "40%")]
    assert [(s.kind, s.text) for s in diff.new_segments if s.kind != "same"] == [("ins", "55%")]


def test_compare_shows_labels_in_the_page_language(approved, edited):
    with translation.override("ky"):
        comparison = compare(approved, edited)
        activities = _group(comparison, "plan", "activities")
        assert activities.title == "Иш-чаралар"
        [changed] = activities.changed
        assert changed.label == "1.1.1.1. Суу түтүктөрүн төшөө"
        label = "ЖӨБ органдары менен калктын биргелешкен аракети (БАП)"
        assert _changes(changed)[label] == ("жок", "ооба")


def test_comparing_a_version_with_itself_finds_nothing(approved):
    assert compare(approved, approved).count == 0


@pytest.mark.parametrize("n", [10, 100])
def test_compare_takes_a_constant_number_of_queries(
    approved, amended, n, django_assert_num_queries
):
    set_status(approved, S.DRAFT)
    fill_plan(approved, n)
    set_status(approved, S.APPROVED)
    fill_plan(amended, n)
    with django_assert_num_queries(17):
        comparison = compare(approved, amended)
    activities = _group(comparison, "plan", "activities")
    # the items added to each version separately are different items (new lineages)
    assert (len(activities.added), len(activities.removed)) == (n, n)


# --- pages ---------------------------------------------------------------------------------------

VIEWERS = ["aibek", "gulnara", "kenesh", "shirin", "staff", "admin_user"]


@pytest.mark.parametrize("persona", VIEWERS)
def test_versions_page_for_everyone_of_the_municipality(request, amended, approved, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("planning:versions", args=[amended.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Версия 1" in page and "Версия 2" in page
    compare_url = reverse("planning:compare", args=[amended.pk])
    assert f"{compare_url}?from={approved.pk}&amp;to={amended.pk}" in page
    assert 'name="from"' in page and 'name="to"' in page


def test_versions_page_shows_the_council_decision(approved_demo, aibek):
    page = client_for(aibek).get(reverse("planning:versions", args=[approved_demo.pk]))
    assert "№ 12 от 28.05.2019" in page.content.decode()


def test_the_new_version_button_only_for_the_chair_of_an_approved_version(
    approved, aibek, gulnara, kenesh
):
    amend_url = reverse("planning:amend", args=[approved.pk])
    url = reverse("planning:versions", args=[approved.pk])
    assert amend_url in client_for(aibek).get(url).content.decode()
    for person in (gulnara, kenesh):
        assert amend_url not in client_for(person).get(url).content.decode()
    set_status(approved, S.SUBMITTED_TO_COUNCIL)
    assert amend_url not in client_for(aibek).get(url).content.decode()


def test_amend_page_explains_then_starts_the_new_version(approved, aibek):
    client = client_for(aibek)
    url = reverse("planning:amend", args=[approved.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Будет создана версия 2" in text
    assert "Что не будет скопировано" in text
    assert Programme.objects.count() == 1

    response = client.post(url, follow=True)
    new = Programme.objects.get(version=2)
    assert response.redirect_chain[-1][0] == new.get_absolute_url()
    assert "Начата версия 2" in response.content.decode()
    # pressing again: refused with the reason
    again = client.post(url)
    assert again.status_code == 400
    assert "Новая версия 2 уже начата" in again.content.decode()
    assert Programme.objects.count() == 2


@pytest.mark.parametrize("persona", ["gulnara", "kenesh", "shirin", "staff"])
def test_amend_page_is_refused_to_everyone_but_the_chair(request, approved, persona):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("planning:amend", args=[approved.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        assert "нет нужной роли" in response.content.decode()
    assert Programme.objects.count() == 1


def test_amend_page_of_a_draft_is_refused(programme, aibek):
    response = client_for(aibek).get(reverse("planning:amend", args=[programme.pk]))
    assert response.status_code == 403
    assert "невозможно в статусе «черновик»" in response.content.decode()


@pytest.mark.parametrize("name", ["versions", "compare", "amend"])
def test_version_urls_refuse_another_municipality_and_anonymous(client, approved, nurlan, name):
    url = reverse(f"planning:{name}", args=[approved.pk])
    assert client_for(nurlan).get(url).status_code == 403
    assert client_for(nurlan).post(url).status_code in (403, 405)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert Programme.objects.count() == 1


def test_compare_page_shows_the_differences(approved, edited, aibek):
    url = reverse("planning:compare", args=[edited.pk])
    response = client_for(aibek).get(url, {"from": approved.pk, "to": edited.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Что изменилось в версии 2 по сравнению с версией 1" in page
    assert '<h2 id="section-plan-title">План мероприятий</h2>' in page
    assert '<del><span class="visually-hidden">[было:] </span>Түтүк төшөө</del>' in page
    assert '<ins><span class="visually-hidden">[стало:] </span>Суу түтүктөрүн төшөө</ins>' in page
    assert "Жаны-Абад" in page
    # without parameters: this version against the one it was started from
    assert client_for(aibek).get(url).content.decode().count("Суу түтүктөрүн төшөө") >= 1


def test_compare_page_in_kyrgyz(approved, edited, aibek):
    client = client_for(aibek)
    url = reverse("planning:compare", args=[edited.pk])
    with translation.override("ky"):
        url = reverse("planning:compare", args=[edited.pk])
    page = client.get(url, {"from": approved.pk, "to": edited.pk}).content.decode()
    assert "Иш-чаралар" in page
    assert "Суу түтүктөрүн төшөө" in page


def test_compare_page_says_when_there_is_no_difference(approved, amended, aibek):
    url = reverse("planning:compare", args=[amended.pk])
    page = client_for(aibek).get(url, {"from": approved.pk, "to": amended.pk}).content.decode()
    assert "Нет различий" in page
    assert "<table" not in page.split("Нет различий")[1].split("Сравнить две версии")[0]


def test_compare_page_of_a_first_version_has_nothing_to_compare_with(approved, aibek):
    page = client_for(aibek).get(reverse("planning:compare", args=[approved.pk]))
    assert page.status_code == 200
    assert "нет предыдущей версии" in page.content.decode()


def test_compare_page_refuses_a_programme_of_another_municipality(
    approved, ak_tal_programme, aibek, admin_user
):
    url = reverse("planning:compare", args=[approved.pk])
    refused = client_for(aibek).get(url, {"from": ak_tal_programme.pk, "to": approved.pk})
    assert refused.status_code == 403
    assert "Ак-Тал" not in refused.content.decode()
    # even for someone who may see both: versions of one municipality only
    refused = client_for(admin_user).get(url, {"from": ak_tal_programme.pk, "to": approved.pk})
    assert refused.status_code == 403
    assert "одного муниципалитета" in refused.content.decode()


def test_compare_page_with_a_bad_choice(approved, aibek):
    url = reverse("planning:compare", args=[approved.pk])
    response = client_for(aibek).get(url, {"from": "x", "to": approved.pk})
    assert response.status_code == 400
    assert "Выберите версию в поле «Было (версия)»" in response.content.decode()
    assert client_for(aibek).get(url, {"from": 999999, "to": approved.pk}).status_code == 404


def test_compare_page_takes_a_constant_number_of_queries(approved, amended, aibek):
    client = client_for(aibek)
    url = reverse("planning:compare", args=[amended.pk])

    def page_queries(n: int) -> int:
        set_status(approved, S.DRAFT)
        fill_plan(approved, n)
        set_status(approved, S.APPROVED)
        fill_plan(amended, n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"from": approved.pk, "to": amended.pk})
        assert response.status_code == 200
        return len(queries)

    assert page_queries(10) == page_queries(90)


def test_the_history_of_the_new_version_starts_with_the_copy(amended, aibek):
    page = client_for(aibek).get(reverse("planning:history", args=[amended.pk]))
    assert page.status_code == 200
    assert "Версия 2 начата из версии 1" in page.content.decode()


def test_a_new_version_keeps_its_start_year(approved, aibek):
    from django.core.exceptions import ValidationError

    from planning.services.programme import programme_update

    newer = programme_amend(programme=approved, actor=aibek)
    with pytest.raises(ValidationError) as error:
        programme_update(
            newer,
            actor=aibek,
            expected_revision=None,
            start_year=newer.start_year + 1,
            end_year=newer.end_year,
        )
    assert "start_year" in error.value.message_dict
    programme_update(
        newer, actor=aibek, expected_revision=None, start_year=newer.start_year, end_year=2025
    )
    newer.refresh_from_db()
    assert newer.end_year == 2025
