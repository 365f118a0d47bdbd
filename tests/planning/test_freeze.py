"""An approved version is frozen: writing to it fails through every path. For Кок-Жар's
programme approved through the real life-cycle, with an item of every kind (of planning and of
the test app above it, from the declarations of the parts), a review comment, a citizen's
proposal and a hearing, this module tries:

- every write service of planning/services (each one by name; a test fails when a new public
  service function is neither tried here nor listed as not writing the content);
- every URL of the planning app that takes a programme, POSTed by the chair of the working
  group (a test fails when a new URL is not classified here);
- the admin: change, delete, the "delete selected" action, reverting to an older record;
- a direct `.save()` / `.delete()` of every kind of content object and of the programme;

and checks that each is refused with a clear message and that nothing changed in the database.
The new version started from it ("amend") is a draft that the same services and pages change."""

import importlib
import inspect
import io
import pkgutil
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import URLPattern, reverse

import planning.services
from documents.models import Document
from planning import models as m
from planning.excel.export import export_workbook
from planning.models import ProgrammeStatus
from planning.parts import part_of, parts, with_programme, with_programme_once_recorded
from planning.permissions import ProgrammeFrozen
from planning.services import (
    analysis,
    common,
    consultation,
    finance,
    indicators,
    lifecycle,
    plan,
    plan_import,
    review,
    translation,
    versions,
    workgroup,
)
from planning.services import (
    programme as programme_services,
)
from planning.urls import urlpatterns
from tests.conftest import client_for
from tests.extension_app.models import CommunityPledge
from tests.factories import fill

S = ProgrammeStatus
FROZEN_MESSAGE = "заморожена"

# Everything of a programme that must not change once it is approved, from the declarations of
# its parts (planning.parts): model → programme lookup.
CONTENT = {
    part.model: part.lookup
    for part in parts()
    if not part.is_root and part.frozen in (with_programme, with_programme_once_recorded)
}
# The fields of the programme row that are its content (its status may still move on).
PROGRAMME_FIELDS = [
    f.attname
    for f in m.Programme._meta.concrete_fields
    if f.attname
    not in {
        "status",
        "status_changed_at",
        "updated_at",
        "revision",
        "completeness_percent",
        "ky_percent",
        "content_changed_at",
        "public_revision",  # a counter that moves with what the public sees, not content
    }
]


def fingerprint(programme) -> dict:
    """Every stored value of the programme's content, and of its items' history."""
    out = {"programme": list(m.Programme.objects.filter(pk=programme.pk).values(*PROGRAMME_FIELDS))}
    for model, lookup in CONTENT.items():
        rows = model.objects.filter(**{lookup: programme.pk}).order_by("pk")
        out[model.__name__] = list(rows.values())
        out[f"history of {model.__name__}"] = model.history.filter(
            id__in=list(rows.values_list("pk", flat=True))
        ).count()
    return out


# --- the frozen programme -------------------------------------------------------------------


def _items(programme, **extra) -> SimpleNamespace:
    """The programme and one item of each kind, loaded fresh (as a view would load them)."""
    programme = m.Programme.objects.get(pk=programme.pk)
    working_group = m.WorkingGroup.objects.get(programme=programme)
    passport = m.Passport.objects.get(programme=programme)
    problems = list(m.Problem.objects.filter(analysis__programme=programme).order_by("priority"))
    return SimpleNamespace(
        programme=programme,
        working_group=working_group,
        member=m.WorkingGroupMember.objects.filter(working_group=working_group)
        .exclude(wg_role="chair")
        .first(),
        task=m.WorkplanTask.objects.get(working_group=working_group),
        passport=passport,
        village=m.Village.objects.get(passport=passport),
        budget=m.BudgetYear.objects.get(passport=passport),
        water=m.Sector.objects.get(code="drinking-water"),
        roads=m.Sector.objects.exclude(code="drinking-water").first(),
        figure=m.KeyFigure.objects.get(analysis__programme=programme),
        problem=problems[0],
        second_problem=problems[1],
        swot=m.SwotItem.objects.get(programme=programme),
        direction=m.Direction.objects.get(programme=programme),
        goal=m.Goal.objects.get(direction__programme=programme),
        objective=m.Objective.objects.get(goal__direction__programme=programme),
        activity=m.Activity.objects.get(programme=programme),
        cost=m.ActivityCost.objects.get(activity__programme=programme),
        indicator=m.Indicator.objects.get(programme=programme),
        thread=m.ReviewComment.objects.filter(programme=programme, parent=None).first(),
        proposal=m.CitizenProposal.objects.filter(programme=programme).first(),
        hearing=m.PublicHearing.objects.filter(programme=programme).first(),
        document=Document.objects.filter(kind="programme", object_id=programme.pk).first(),
        **extra,
    )


@pytest.fixture
def frozen(programme, aibek, gulnara, staff, kenesh):
    """Кок-Жар's programme with an item of every kind, approved through the real life-cycle
    (a reviewer's comment while in review, a citizen's proposal and a hearing during the
    consultation, the council's decision № 12 of 28 May 2019)."""
    activity = fill(programme)
    group = m.WorkingGroup.objects.get(programme=programme)
    member = m.WorkingGroupMember.objects.create(
        working_group=group,
        user=gulnara,
        full_name="Гульнара Абдыкадырова",
        wg_role="member",
        organisation="omsu",
        sex="female",
    )
    m.WorkplanTask.objects.create(
        working_group=group, title="Собрать данные", responsible=member, deadline=date(2019, 5, 1)
    )
    passport = m.Passport.objects.get(programme=programme)
    village = m.Village.objects.create(passport=passport, name_ru="Жаны-Абад", name_ky="")
    m.Activity.objects.filter(pk=activity.pk).update(village=village)
    m.BudgetYear.objects.create(
        passport=passport, year=2019, revenue=9_000_000, expenditure=8_900_000
    )
    analysis_ = m.SectorAnalysis.objects.get(programme=programme)
    m.KeyFigure.objects.create(
        analysis=analysis_,
        name_ru="Охват водой",
        name_ky="Суу менен камтуу",
        value=40,
        unit="%",
        year=2019,
    )
    for priority, text in enumerate(["Нет водопровода", "Старые колонки"], start=1):
        m.Problem.objects.create(analysis=analysis_, text_ru=text, priority=priority)
    m.SwotItem.objects.create(programme=programme, kind="strength", text_ru="Активные жители")
    # a part declared by an app above planning: frozen with the rest by its declaration alone
    CommunityPledge.objects.create(programme=programme, village="Жаны-Абад", labour_days=120)

    lifecycle.programme_submit(programme=programme, actor=aibek)
    review.comment_start(
        programme=programme, actor=staff, section="plan", text="Уточните сроки мероприятий."
    )
    lifecycle.programme_accept(programme=programme, actor=staff)
    proposal = consultation.proposal_submit(
        programme=programme,
        text="Проложите трубы и в верхнюю часть села.",
        client=consultation.client_hash("192.0.2.7"),
        language="ru",
    )
    consultation.proposal_publish(proposal=proposal, actor=aibek)
    consultation.proposal_answer(proposal=proposal, actor=aibek, decision="accepted")
    consultation.hearing_create(
        programme=programme,
        actor=aibek,
        date=date(2019, 5, 14),
        women=41,
        men=37,
        place_ru="Дом культуры",
        place_ky="Маданият үйү",
        minutes_ru="Проект программы одобрен.",
    )
    lifecycle.programme_submit_to_council(programme=programme, actor=aibek)
    lifecycle.programme_record_decision(
        programme=programme,
        actor=kenesh,
        number="12",
        date=date(2019, 5, 28),
        session="XII сессия айылного кенеша",
    )
    Document.objects.create(
        kind="programme",
        object_id=programme.pk,
        language="ru",
        status="failed",
        error="Сбой при формировании.",
        content_hash="0" * 64,
    )
    programme.refresh_from_db()
    assert programme.status == S.APPROVED
    return _items(programme, aibek=aibek)


@pytest.fixture
def amended(frozen):
    """The new version (a draft) started from the frozen one."""
    new = versions.programme_amend(programme=frozen.programme, actor=frozen.aibek)
    return _items(new, aibek=frozen.aibek)


# --- every write service --------------------------------------------------------------------


def _workbook(c):
    return io.BytesIO(export_workbook(c.programme))


# Writes to the content of a programme: refused in a frozen version, done in a draft.
CONTENT_WRITES = {
    "programme_update": lambda c: programme_services.programme_update(
        c.programme, actor=c.aibek, expected_revision=None, vision_ru="Другое видение"
    ),
    "working_group_update": lambda c: workgroup.working_group_update(
        working_group=c.working_group,
        actor=c.aibek,
        expected_revision=None,
        order_number="99",
        order_date=date(2019, 4, 9),
        order_signed_by="Глава айыл окмоту",
    ),
    "member_create": lambda c: workgroup.member_create(
        working_group=c.working_group,
        actor=c.aibek,
        full_name="Новый член группы",
        wg_role="member",
        organisation="civil_society",
        sex="female",
    ),
    "member_update": lambda c: workgroup.member_update(
        member=c.member,
        actor=c.aibek,
        expected_revision=None,
        full_name="Гульнара А.",
        wg_role="secretary",
        organisation="omsu",
        sex="female",
    ),
    "member_delete": lambda c: workgroup.member_delete(member=c.member, actor=c.aibek),
    "task_create": lambda c: workgroup.task_create(
        working_group=c.working_group,
        actor=c.aibek,
        title="Ещё задача",
        responsible=None,
        deadline=date(2019, 6, 1),
    ),
    "task_update": lambda c: workgroup.task_update(
        task=c.task,
        actor=c.aibek,
        expected_revision=None,
        title="Другая задача",
        responsible=None,
        deadline=date(2019, 6, 1),
    ),
    "task_set_done": lambda c: workgroup.task_set_done(
        task=c.task, actor=c.aibek, done=not c.task.is_done
    ),
    "task_delete": lambda c: workgroup.task_delete(task=c.task, actor=c.aibek),
    "passport_update": lambda c: analysis.passport_update(
        passport=c.passport, actor=c.aibek, expected_revision=None, population_total=4200
    ),
    "village_create": lambda c: analysis.village_create(
        passport=c.passport, actor=c.aibek, name_ru="Кара-Суу", name_ky="Кара-Суу"
    ),
    "village_update": lambda c: analysis.village_update(
        village=c.village, actor=c.aibek, name_ru="Жаңы-Абад"
    ),
    "village_delete": lambda c: analysis.village_delete(village=c.village, actor=c.aibek),
    "budget_year_create": lambda c: analysis.budget_year_create(
        passport=c.passport, actor=c.aibek, year=2018, revenue=1, expenditure=1
    ),
    "budget_year_update": lambda c: analysis.budget_year_update(
        budget=c.budget, actor=c.aibek, year=2019, revenue=2, expenditure=2
    ),
    "budget_year_delete": lambda c: analysis.budget_year_delete(budget=c.budget, actor=c.aibek),
    "sector_analysis_get_or_create": lambda c: analysis.sector_analysis_get_or_create(
        programme=c.programme, sector=c.roads, actor=c.aibek
    ),
    "sector_analysis_update": lambda c: analysis.sector_analysis_update(
        programme=c.programme,
        sector=c.water,
        actor=c.aibek,
        expected_revision=None,
        situation_ru="Другая ситуация",
        situation_ky="Башка абал",
    ),
    "key_figure_create": lambda c: analysis.key_figure_create(
        programme=c.programme,
        sector=c.water,
        actor=c.aibek,
        name_ru="Колонки",
        name_ky="Колонкалар",
        value=12,
        unit="шт.",
        year=2019,
    ),
    "key_figure_update": lambda c: analysis.key_figure_update(
        figure=c.figure, actor=c.aibek, value=55
    ),
    "key_figure_delete": lambda c: analysis.key_figure_delete(figure=c.figure, actor=c.aibek),
    "problem_create": lambda c: analysis.problem_create(
        programme=c.programme, sector=c.water, actor=c.aibek, text_ru="Мало воды летом"
    ),
    "problem_update": lambda c: analysis.problem_update(
        problem=c.problem, actor=c.aibek, expected_revision=None, text_ru="Нет воды"
    ),
    "problem_move": lambda c: analysis.problem_move(
        problem=c.second_problem, actor=c.aibek, direction="up"
    ),
    "problem_delete": lambda c: analysis.problem_delete(problem=c.problem, actor=c.aibek),
    "swot_item_create": lambda c: analysis.swot_item_create(
        programme=c.programme, actor=c.aibek, kind="threat", text_ru="Сели", text_ky="Сел"
    ),
    "swot_item_update": lambda c: analysis.swot_item_update(
        item=c.swot, actor=c.aibek, text_ru="Очень активные жители"
    ),
    "swot_item_delete": lambda c: analysis.swot_item_delete(item=c.swot, actor=c.aibek),
    "direction_create": lambda c: plan.direction_create(
        programme=c.programme, actor=c.aibek, title_ru="Дороги"
    ),
    "direction_update": lambda c: plan.direction_update(
        direction=c.direction, actor=c.aibek, title_ru="Вода"
    ),
    "direction_move": lambda c: plan.direction_move(direction=c.direction, actor=c.aibek, up=True),
    "direction_delete": lambda c: plan.direction_delete(direction=c.direction, actor=c.aibek),
    "goal_create": lambda c: plan.goal_create(
        direction=c.direction, actor=c.aibek, title_ru="Ещё цель"
    ),
    "goal_update": lambda c: plan.goal_update(goal=c.goal, actor=c.aibek, title_ru="Вода всем"),
    "goal_move": lambda c: plan.goal_move(goal=c.goal, actor=c.aibek, up=False),
    "goal_delete": lambda c: plan.goal_delete(goal=c.goal, actor=c.aibek),
    "objective_create": lambda c: plan.objective_create(
        goal=c.goal, actor=c.aibek, title_ru="Ещё задача"
    ),
    "objective_update": lambda c: plan.objective_update(
        objective=c.objective, actor=c.aibek, title_ru="Провести воду"
    ),
    "objective_move": lambda c: plan.objective_move(objective=c.objective, actor=c.aibek, up=True),
    "objective_delete": lambda c: plan.objective_delete(objective=c.objective, actor=c.aibek),
    "activity_create": lambda c: plan.activity_create(
        objective=c.objective, actor=c.aibek, title_ru="Новые колонки"
    ),
    "activity_update": lambda c: plan.activity_update(
        activity=c.activity, actor=c.aibek, title_ru="Трубы"
    ),
    "activity_move": lambda c: plan.activity_move(activity=c.activity, actor=c.aibek, up=False),
    "activity_delete": lambda c: plan.activity_delete(activity=c.activity, actor=c.aibek),
    "activity_costs_set": lambda c: plan.activity_costs_set(
        activity=c.activity, actor=c.aibek, costs={(2021, "local_budget"): Decimal("150")}
    ),
    "indicator_create": lambda c: indicators.indicator_create(
        programme=c.programme,
        actor=c.aibek,
        goal=c.goal,
        name_ru="Число колонок",
        unit="number",
        baseline_value=Decimal("3"),
        baseline_year=2019,
    ),
    "indicator_update": lambda c: indicators.indicator_update(
        c.indicator,
        actor=c.aibek,
        expected_revision=None,
        goal=c.goal,
        objective=None,
        name_ru="Доля домов с водой",
    ),
    "indicator_delete": lambda c: indicators.indicator_delete(c.indicator, actor=c.aibek),
    "indicator_targets_set": lambda c: indicators.indicator_targets_set(
        indicator=c.indicator, actor=c.aibek, targets={2024: Decimal("99")}
    ),
    "resource_forecast_set": lambda c: finance.resource_forecast_set(
        programme=c.programme, actor=c.aibek, values={(2021, "donor"): Decimal("300")}
    ),
    "translation_set": lambda c: translation.translation_set(
        programme=c.programme,
        kind="village",
        pk=c.village.pk,
        field="name",
        lang="ky",
        text="Жаңы-Абад",
        expected_revision=None,
        actor=c.aibek,
    ),
    "activity_plan_import": lambda c: plan_import.activity_plan_import(
        programme=c.programme, file=_workbook(c), actor=c.aibek
    ),
    "revisioned_save": lambda c: common.revisioned_save(
        _renamed(c.activity),
        programme=c.programme,
        actor=c.aibek,
        expected_revision=None,
    ),
    "plain_save": lambda c: common.plain_save(
        _costlier(c.cost), programme=c.programme, actor=c.aibek
    ),
    "plain_delete": lambda c: common.plain_delete(c.cost, programme=c.programme, actor=c.aibek),
}


def _renamed(activity):
    activity.title_ru = "Переименованное мероприятие"
    return activity


def _costlier(cost):
    cost.amount = cost.amount + 1
    return cost


# Writes that belong to the review and the consultation: refused in a frozen version (in a
# draft they are refused too, for other reasons: no consultation, no thread yet).
LIFECYCLE_WRITES = {
    "comment_start": lambda c: review.comment_start(
        programme=c.programme, actor=c.aibek, section="plan", text="Ещё замечание"
    ),
    "comment_reply": lambda c: review.comment_reply(
        thread=c.thread, actor=c.aibek, text="Исправили сроки."
    ),
    "comment_resolve": lambda c: review.comment_resolve(thread=c.thread, actor=c.aibek),
    "comment_reopen": lambda c: review.comment_reopen(thread=c.thread, actor=c.aibek),
    "proposal_submit": lambda c: consultation.proposal_submit(
        programme=c.programme,
        text="Постройте ещё одну школу в селе.",
        client=consultation.client_hash("192.0.2.8"),
        language="ru",
    ),
    "proposal_publish": lambda c: consultation.proposal_publish(proposal=c.proposal, actor=c.aibek),
    "proposal_hide": lambda c: consultation.proposal_hide(proposal=c.proposal, actor=c.aibek),
    "proposal_answer": lambda c: consultation.proposal_answer(
        proposal=c.proposal, actor=c.aibek, decision="rejected", answer_ru="Нет средств."
    ),
    "hearing_create": lambda c: consultation.hearing_create(
        programme=c.programme,
        actor=c.aibek,
        date=date(2019, 5, 20),
        women=10,
        men=12,
        place_ru="Школа",
        minutes_ru="Протокол",
    ),
    "hearing_update": lambda c: consultation.hearing_update(
        hearing=c.hearing,
        actor=c.aibek,
        expected_revision=None,
        date=date(2019, 5, 14),
        women=42,
        men=37,
        place_ru="Дом культуры",
        minutes_ru="Протокол",
    ),
    "hearing_delete": lambda c: consultation.hearing_delete(hearing=c.hearing, actor=c.aibek),
}

# Public functions of planning/services that do not write the content of a programme.
NOT_CONTENT_WRITES = {
    # reads, checks and helpers
    "require_can", "ensure_editable_locked", "lock_status", "changes_since",
    "next_sort_order",
    "assign_fields", "require_one_language", "require_translated",
    "cost_field_name", "activity_date_errors", "forecast_field_name", "check_population",
    "comment_rights", "dashboard_workbook", "client_hash", "rate_limit",
    "consultation_closed_reason", "ensure_consultation_open", "scan_extension",
    "scan_content_type", "check_scan", "refusal_reasons", "available_actions", "may_try",
    "recipients", "notify",
    "copy_order",
    # gives the passport every programme has had since it was created
    "passport_get_or_create",
    # the e-mails of a step of the life-cycle, sent by the worker
    "transition_notify",
    # the life-cycle moves an approved version on (implementation, superseded), never its content
    "programme_submit", "programme_request_changes", "programme_accept",
    "programme_submit_to_council", "programme_record_decision", "programme_start_implementation",
    # creates a new programme; the frozen one is checked unchanged below
    "programme_create", "programme_amend",
    # moves or reads the counter of what the public sees, not the content
    "programme_public_changed", "programmes_public_changed", "public_revision",
}  # fmt: skip


def _service_functions() -> set[str]:
    names = set()
    for info in pkgutil.iter_modules(planning.services.__path__):
        module = importlib.import_module(f"planning.services.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                names.add(name)
    return names


def test_every_write_service_is_tried_here():
    tried = set(CONTENT_WRITES) | set(LIFECYCLE_WRITES)
    unknown = _service_functions() - tried - NOT_CONTENT_WRITES
    assert not unknown, f"new service functions: try them on a frozen programme here: {unknown}"
    assert not (tried | NOT_CONTENT_WRITES) - _service_functions(), "renamed or removed"


@pytest.mark.parametrize("name", sorted(CONTENT_WRITES) + sorted(LIFECYCLE_WRITES))
def test_every_write_service_is_refused(frozen, name):
    call = CONTENT_WRITES.get(name) or LIFECYCLE_WRITES[name]
    before = fingerprint(frozen.programme)
    with pytest.raises(ProgrammeFrozen) as refused:
        call(frozen)
    assert FROZEN_MESSAGE in str(refused.value)
    assert "новую версию" in str(refused.value)
    assert fingerprint(frozen.programme) == before


@pytest.mark.parametrize("name", sorted(CONTENT_WRITES))
def test_the_same_services_change_the_new_version(frozen, amended, name):
    """The test above can fail: the same calls on the new version (a draft) go through."""
    before_old = fingerprint(frozen.programme)
    before_new = fingerprint(amended.programme)
    CONTENT_WRITES[name](amended)
    assert fingerprint(amended.programme) != before_new
    assert fingerprint(frozen.programme) == before_old


def test_amend_leaves_the_frozen_version_as_it_was(frozen):
    before = fingerprint(frozen.programme)
    new = versions.programme_amend(programme=frozen.programme, actor=frozen.aibek)
    assert fingerprint(frozen.programme) == before
    assert m.Programme.objects.get(pk=frozen.programme.pk).status == S.APPROVED
    assert new.status == S.DRAFT


# --- every URL ------------------------------------------------------------------------------

# POST changes the content: refused with the "frozen" message.
WRITE_URLS = {
    "header", "vision", "wg_order", "wg_member_add", "wg_member_edit", "wg_member_delete",
    "wg_task_add", "wg_task_edit", "wg_task_done", "wg_task_delete", "passport_edit",
    "village_create", "village_edit", "village_delete", "budget_year_create", "budget_year_edit",
    "budget_year_delete", "situation_edit", "key_figure_create", "key_figure_edit",
    "key_figure_delete", "problem_create", "problem_edit", "problem_move", "problem_delete",
    "swot_item_create", "swot_item_edit", "swot_item_delete", "plan_direction_add", "plan_add",
    "plan_edit", "plan_up", "plan_down", "plan_delete", "activity", "indicator_add",
    "indicator_edit", "indicator_delete", "finance", "import_xlsx", "translation", "comment_add",
    "comment_reply", "comment_resolve", "comment_reopen", "proposal_publish", "proposal_hide",
    "proposal_answer", "hearing_add", "hearing_edit", "hearing_delete", "public",
}  # fmt: skip
# The citizens' page answers a proposal sent too late by going back to the page, which says why.
REFUSED_BY_REDIRECT = {"public": "Обсуждение этой программы закрыто"}
# Pages and files: a POST is not allowed (405) or shows the same page; nothing changes.
READ_URLS = {
    "overview", "workgroup", "order_scan", "passport", "analysis", "sector", "swot", "plan",
    "plan_item", "plan_open", "plan_close", "indicators", "export_xlsx", "import_template",
    "document_status", "document_download", "public_document", "decision_scan", "comments",
    "consultation", "hearing_minutes", "public_minutes", "versions", "compare", "history",
}  # fmt: skip
# Allowed on an approved version, never touching its content: the official PDF, the life-cycle
# (implementation; the others are refused by its status), a new version.
LIFECYCLE_URLS = {"documents", "document_retry", "transition", "decision", "amend"}
PLAN_KINDS = ("direction", "goal", "objective", "activity")


def _patterns_with_a_programme() -> list[URLPattern]:
    return [p for p in urlpatterns if "pk" in p.pattern.converters]


def test_every_url_of_a_programme_is_classified():
    names = {p.name for p in _patterns_with_a_programme()}
    unknown = names - WRITE_URLS - READ_URLS - LIFECYCLE_URLS
    assert not unknown, (
        f"new URLs: say here what a POST to them does to a frozen version: {unknown}"
    )
    assert not (WRITE_URLS | READ_URLS | LIFECYCLE_URLS) - names, "renamed or removed"


def _urls(c) -> list[tuple[str, str]]:
    """(name, url) of every pattern that takes a programme, for the items of `c`."""
    values = {
        "pk": c.programme.pk,
        "member_pk": c.member.pk,
        "task_pk": c.task.pk,
        "village_pk": c.village.pk,
        "budget_pk": c.budget.pk,
        "code": c.water.code,
        "figure_pk": c.figure.pk,
        "problem_pk": c.problem.pk,
        "indicator_pk": c.indicator.pk,
        "activity_pk": c.activity.pk,
        "document_pk": c.document.pk,
        "comment_pk": c.thread.pk,
        "proposal_pk": c.proposal.pk,
        "hearing_pk": c.hearing.pk,
    }
    out = []
    for pattern in _patterns_with_a_programme():
        names = set(pattern.pattern.converters)
        variants = [{}]
        if pattern.name.startswith("plan_") and "kind" in names:
            variants = [{"kind": kind, "item_pk": getattr(c, kind).pk} for kind in PLAN_KINDS]
        elif pattern.name == "swot_item_create":
            variants = [{"kind": "strength"}]
        elif pattern.name in ("swot_item_edit", "swot_item_delete"):
            variants = [{"item_pk": c.swot.pk}]
        elif pattern.name == "transition":
            variants = [{"action": action} for action in lifecycle.STEPS]
        for variant in variants:
            kwargs = {**{k: values[k] for k in names - set(variant) if k in values}, **variant}
            missing = names - set(kwargs)
            assert not missing, f"teach this test the URL parameters {missing} of {pattern.name}"
            out.append((pattern.name, reverse(f"planning:{pattern.name}", kwargs=kwargs)))
    return out


# What the forms of the pages ask for, so that a page that checked the form before the freeze
# would try to write (and be refused by the service or the database).
POSTED = {
    "title_ru": "Изменено",
    "text_ru": "Изменено",
    "name_ru": "Изменено",
    "section": "general",
    "text": "Изменённый текст предложения или комментария.",
    "decision": "accepted",
    "answer_ru": "Принято.",
    "date": "2019-05-14",
    "women": "41",
    "men": "37",
    "place_ru": "Дом культуры",
    "minutes_ru": "Протокол",
    "done": "1",
    "language": "ru",
    "revision": "1",
}


def test_every_post_url_is_refused_for_the_chair(frozen, aibek):
    client = client_for(aibek)
    before = fingerprint(frozen.programme)
    tried = set()
    for name, url in _urls(frozen):
        response = client.post(url, {**POSTED, f"reply-{frozen.thread.pk}-text": "Ответ"})
        page = response.content.decode(errors="replace")
        if name in REFUSED_BY_REDIRECT:
            assert response.status_code == 302, (url, response.status_code)
            page = client.get(response.url).content.decode()
            assert REFUSED_BY_REDIRECT[name] in page, (url, page[:500])
        elif name in WRITE_URLS:
            assert response.status_code in (400, 403), (url, response.status_code)
            assert FROZEN_MESSAGE in page, (url, page[:500])
        elif name in READ_URLS:
            assert response.status_code in (200, 404, 405), (url, response.status_code)
        assert fingerprint(frozen.programme) == before, url
        tried.add(name)
    assert tried == WRITE_URLS | READ_URLS | LIFECYCLE_URLS
    assert len(tried) > 70


def test_the_same_pages_change_the_new_version(amended, aibek):
    """A few of the refused POSTs, on the new version: they go through."""
    client = client_for(aibek)
    c = amended
    before = fingerprint(c.programme)
    posts = [
        (
            reverse("planning:village_create", args=[c.programme.pk]),
            {"village-name_ru": "Кара-Суу"},
        ),
        (
            reverse("planning:swot_item_create", args=[c.programme.pk, "threat"]),
            {"threat-text_ru": "Сели весной", "threat-kind": "threat"},
        ),
        (reverse("planning:plan_direction_add", args=[c.programme.pk]), {"title_ru": "Дороги"}),
        (
            reverse("planning:wg_task_done", args=[c.programme.pk, c.task.pk]),
            {"done": "1"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    assert m.Village.objects.filter(passport__programme=c.programme, name_ru="Кара-Суу").exists()
    assert fingerprint(c.programme) != before


# --- the admin --------------------------------------------------------------------------------


def _admin_url(name, *args):
    return reverse(f"admin:planning_programme_{name}", args=args)


def test_admin_shows_a_frozen_programme_read_only(frozen, admin_user):
    response = client_for(admin_user).get(_admin_url("change", frozen.programme.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert FROZEN_MESSAGE in page
    assert 'name="_save"' not in page
    assert 'name="title_ru"' not in page


def test_admin_refuses_to_change_a_frozen_programme(frozen, admin_user):
    before = fingerprint(frozen.programme)
    response = client_for(admin_user).post(
        _admin_url("change", frozen.programme.pk),
        {
            "municipality": frozen.programme.municipality_id,
            "title_ru": "Изменено в админке",
            "title_ky": "Өзгөртүлдү",
            "start_year": 2020,
            "end_year": 2024,
            "_save": "1",
        },
    )
    assert response.status_code == 403
    assert FROZEN_MESSAGE in response.content.decode()
    assert fingerprint(frozen.programme) == before


def test_admin_refuses_to_delete_a_frozen_programme(frozen, admin_user):
    client = client_for(admin_user)
    url = _admin_url("delete", frozen.programme.pk)
    for response in (client.get(url), client.post(url, {"post": "yes"})):
        assert response.status_code == 403
        assert FROZEN_MESSAGE in response.content.decode()
    response = client.post(
        _admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [frozen.programme.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert m.Programme.objects.filter(pk=frozen.programme.pk).exists()


def test_admin_refuses_to_revert_a_frozen_programme(frozen, admin_user):
    before = fingerprint(frozen.programme)
    draft_record = frozen.programme.history.filter(status=S.DRAFT).earliest("history_date")
    url = reverse(
        "admin:planning_programme_simple_history",
        args=[frozen.programme.pk, draft_record.history_id],
    )
    response = client_for(admin_user).post(
        url,
        {
            "municipality": frozen.programme.municipality_id,
            "title_ru": "Старое название",
            "start_year": 2020,
            "end_year": 2024,
            "_save": "1",
        },
    )
    assert response.status_code == 403
    assert fingerprint(frozen.programme) == before
    assert m.Programme.objects.get(pk=frozen.programme.pk).status == S.APPROVED


def test_admin_still_edits_a_draft(amended, admin_user):
    """The refusals above are for frozen versions only: the new draft is editable here."""
    programme = amended.programme
    client = client_for(admin_user)
    page = client.get(_admin_url("change", programme.pk)).content.decode()
    assert 'name="_save"' in page
    response = client.post(
        _admin_url("change", programme.pk),
        {
            "municipality": programme.municipality_id,
            "title_ru": "Изменено в админке",
            "title_ky": programme.title_ky,
            "start_year": programme.start_year,
            "end_year": programme.end_year,
            "vision_ru": programme.vision_ru,
            "vision_ky": programme.vision_ky,
            "overall_goal_ru": programme.overall_goal_ru,
            "overall_goal_ky": programme.overall_goal_ky,
            "_save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    programme.refresh_from_db()
    assert programme.title_ru == "Изменено в админке"
    assert programme.status == S.DRAFT


# --- the database layer -------------------------------------------------------------------------


GUARDED = [model for model in CONTENT if part_of(model).frozen is with_programme]


@pytest.mark.parametrize("model", GUARDED, ids=lambda model: model.__name__)
def test_a_direct_save_or_delete_of_content_is_refused(frozen, model):
    obj = model.objects.filter(**{CONTENT[model]: frozen.programme.pk}).first()
    assert obj is not None, f"the fixture has no {model.__name__}"
    before = fingerprint(frozen.programme)
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        obj.save()
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        obj.delete()
    assert fingerprint(frozen.programme) == before


def test_a_direct_change_of_the_council_decision_is_refused(frozen):
    decision = m.CouncilDecision.objects.get(programme=frozen.programme)
    decision.number = "13"
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        decision.save()


def test_a_direct_creation_of_content_is_refused(frozen):
    before = fingerprint(frozen.programme)
    new_items = [
        m.SwotItem(programme=frozen.programme, kind="threat", text_ru="Сели"),
        m.Direction(programme=frozen.programme, title_ru="Дороги"),
        m.Goal(direction=frozen.direction, title_ru="Ещё цель"),
        m.ActivityCost(activity=frozen.activity, year=2022, source="donor", amount=5),
        m.IndicatorTarget(indicator=frozen.indicator, year=2019, value=1),
        m.Village(passport=frozen.passport, name_ru="Кара-Суу"),
    ]
    for item in new_items:
        with pytest.raises(ProgrammeFrozen), transaction.atomic():
            item.save()
    assert fingerprint(frozen.programme) == before


def test_a_direct_change_or_delete_of_the_programme_is_refused(frozen):
    programme = frozen.programme
    before = fingerprint(programme)
    programme.title_ru = "Изменено"
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        programme.save()
    # the council's decision protects it first; without it, the freeze guard refuses
    with pytest.raises(ProtectedError), transaction.atomic():
        m.Programme.objects.get(pk=programme.pk).delete()
    # the decision itself is part of the frozen version
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        m.CouncilDecision.objects.filter(programme=programme).delete()
    decision = m.CouncilDecision.objects.get(programme=programme)
    decision.number = "13"
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        decision.save()
    # without the decision (removed behind Django's back), the freeze guard still refuses
    qs = m.CouncilDecision.objects.filter(programme=programme)
    qs._raw_delete(qs.db)
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        m.Programme.objects.get(pk=programme.pk).delete()
    assert m.Programme.objects.filter(pk=programme.pk).exists()
    assert fingerprint(programme)["ActivityCost"] == before["ActivityCost"]


def test_the_life_cycle_still_moves_an_approved_version_on(frozen, aibek):
    """Freezing is about the content: the chair may still start the implementation."""
    before = fingerprint(frozen.programme)
    lifecycle.programme_start_implementation(programme=frozen.programme, actor=aibek)
    programme = m.Programme.objects.get(pk=frozen.programme.pk)
    assert programme.status == S.IN_IMPLEMENTATION
    assert fingerprint(programme) == before
    with pytest.raises(ProgrammeFrozen):
        CONTENT_WRITES["activity_update"](_items(programme, aibek=aibek))
