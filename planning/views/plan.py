"""The activity plan of a programme, edited in place on one page.

Directions → goals → objectives → activities: add, rename, move up or down and delete rows with
htmx (the changed branch comes back as a fragment), or with plain forms without JavaScript
(the browser returns to the plan at the item's anchor). An activity has its own page with
every detail and the costs grid."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from municipalities.permissions import Need, can

from ..forms.plan import TITLE_FORMS, ActivityForm, CostGridForm, split_service_errors
from ..models import Activity, Direction, Goal, Objective
from ..permissions import get_programme_for
from ..selectors.plan import CHILD_KIND, activity_context, cost_summary, cost_table, plan_tree
from ..services import plan as services
from ..services.common import StaleEdit
from .helpers import apply_validation_error, stale_message

ACTIVITY_FIELDS = [name for name in ActivityForm._meta.fields if name != "revision"]


@dataclass(frozen=True)
class Kind:
    name: str
    create: Any  # the service creating a child of this kind under its parent
    update: Any
    move: Any
    delete: Any
    added: str  # messages
    saved: str
    deleted: str


def _kinds():
    return {
        "direction": Kind(
            "direction",
            services.direction_create,
            services.direction_update,
            services.direction_move,
            services.direction_delete,
            _("Направление добавлено."),
            _("Направление сохранено."),
            _("Направление удалено."),
        ),
        "goal": Kind(
            "goal",
            services.goal_create,
            services.goal_update,
            services.goal_move,
            services.goal_delete,
            _("Цель добавлена."),
            _("Цель сохранена."),
            _("Цель удалена."),
        ),
        "objective": Kind(
            "objective",
            services.objective_create,
            services.objective_update,
            services.objective_move,
            services.objective_delete,
            _("Задача добавлена."),
            _("Задача сохранена."),
            _("Задача удалена."),
        ),
        "activity": Kind(
            "activity",
            services.activity_create,
            services.activity_update,
            services.activity_move,
            services.activity_delete,
            _("Мероприятие добавлено."),
            _("Мероприятие сохранено."),
            _("Мероприятие удалено."),
        ),
    }


def _kind(name: str) -> Kind:
    kinds = _kinds()
    if name not in kinds:
        raise Http404
    return kinds[name]


def _item(programme, kind: str, item_pk: int):
    """The item, loaded through the programme: an id of another programme's item is a 404."""
    if kind == "direction":
        item = get_object_or_404(Direction, pk=item_pk, programme=programme)
        item.programme = programme
    elif kind == "goal":
        item = get_object_or_404(
            Goal.objects.select_related("direction"), pk=item_pk, direction__programme=programme
        )
        item.direction.programme = programme
    elif kind == "objective":
        item = get_object_or_404(
            Objective.objects.select_related("goal__direction"),
            pk=item_pk,
            goal__direction__programme=programme,
        )
        item.goal.direction.programme = programme
    elif kind == "activity":
        item = get_object_or_404(Activity, pk=item_pk, programme=programme)
        item.programme = programme
    else:
        raise Http404
    return item


def _plan_url(programme, anchor: str = "") -> str:
    url = reverse("planning:plan", kwargs={"pk": programme.pk})
    return f"{url}#{anchor}" if anchor else url


def _anchor(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


def _can_edit(user, programme) -> bool:
    return programme.is_editable and can(user, programme.municipality, Need.EDIT)


def _labels() -> dict:
    """Words repeated on every row of the plan, translated once per page (not per row)."""
    return {
        "edit": _("Изменить"),
        "edit_title": _("Изменить название"),
        "up": _("Переместить выше"),
        "down": _("Переместить ниже"),
        "delete": _("Удалить"),
        "add": _("Добавить"),
        "ru": _("по-русски"),
        "ky": _("по-кыргызски"),
        "one_language": _("Достаточно одного языка; перевод можно добавить позже."),
        "direction": _("Направление развития"),
        "goal": _("Цель"),
        "objective": _("Задача"),
        "activity": _("Мероприятие"),
        "joint_action": _("Совместное действие ОМСУ и населения"),
        "joint_action_short": _("ПСД"),
        "no_goals": _("У направления ещё нет целей."),
        "no_objectives": _("У цели ещё нет задач."),
        "no_activities": _("У задачи ещё нет мероприятий."),
        # the columns' names, said again in each activity's card on a phone
        "responsible": _("Ответственный"),
        "dates": _("Сроки"),
        "place": _("Место"),
        "cost": _("Стоимость, тыс. сом"),
    }


CONFIRM = {
    "direction": lambda: _("Удалить направление %(number)s «%(title)s»?"),
    "goal": lambda: _("Удалить цель %(number)s «%(title)s»?"),
    "objective": lambda: _("Удалить задачу %(number)s «%(title)s»?"),
    "activity": lambda: _("Удалить мероприятие %(number)s «%(title)s»?"),
}


def _plain_title(node, limit: int = 80) -> str:
    """The title in the page language, or in the other one, as plain text (for a question
    the browser asks)."""
    lang = get_language() or "ru"
    other = "ky" if lang == "ru" else "ru"
    title = getattr(node, f"title_{lang}", "") or getattr(node, f"title_{other}", "") or ""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _tree(programme):
    """The plan tree, with what its rows need to link to and ask (computed here once, not in
    the template for each of hundreds of rows)."""
    tree = plan_tree(programme)
    base = _plan_url(programme)  # item URLs are `<plan>/<kind>/<pk>/…`: see `urlpatterns`
    activities = reverse("planning:overview", kwargs={"pk": programme.pk}) + "activities/"
    questions = {kind: text() for kind, text in CONFIRM.items()}
    goes_with = _("Будут удалены и вложенные элементы: %(list)s.")
    cost_goes = _("Вместе с ним будет удалена его стоимость.")
    for (kind, pk), node in tree.index.items():
        node.url = f"{base}{kind}/{pk}/"
        node.add_url = f"{node.url}new/"
        node.anchor = f"{kind}-{pk}"
        question = questions[kind] % {"number": node.number, "title": _plain_title(node)}
        if node.removes:
            listed = ", ".join(node.removes)
            question = f"{question} {goes_with % {'list': listed}}"
        elif kind == "activity" and node.cost_list:
            question = f"{question} {cost_goes}"
        node.confirm = question
        if kind == "activity":
            node.page_url = f"{activities}{pk}/"
    return tree


def _context(request, programme, **extra) -> dict:
    return {
        "programme": programme,
        "municipality": programme.municipality,
        "can_edit": _can_edit(request.user, programme),
        "L": _labels(),
        "direction_add_url": reverse("planning:plan_direction_add", kwargs={"pk": programme.pk}),
        **extra,
    }


def _page(request, programme, tree, *, status=200, error_anchor=""):
    return render(
        request,
        "planning/plan/plan.html",
        _context(
            request,
            programme,
            tree=tree,
            summary=cost_summary(programme),
            error_anchor=error_anchor,
        ),
        status=status,
    )


def _branch(request, programme, tree, direction_pk: int | None, message: str = ""):
    """The htmx answer to a change: the changed direction (or every direction, for a change
    of directions themselves), the costs summary and a status line, swapped out of band."""
    branch = tree.node("direction", direction_pk) if direction_pk else None
    return render(
        request,
        "planning/plan/_changed.html",
        _context(
            request,
            programme,
            tree=tree,
            branch=branch,
            summary=cost_summary(programme),
            status_message=message,
        ),
    )


def _top_direction_pk(kind: str, item) -> int | None:
    """The direction whose branch shows the item and its siblings (None for a direction: the
    list of directions itself changes)."""
    if kind == "goal":
        return item.direction_id
    if kind == "objective":
        return item.goal.direction_id
    if kind == "activity":
        return item.objective.goal.direction_id
    return None


def _parent_anchor(kind: str, item) -> str:
    if kind == "goal":
        return _anchor("direction", item.direction_id)
    if kind == "objective":
        return _anchor("goal", item.goal_id)
    if kind == "activity":
        return _anchor("objective", item.objective_id)
    return "plan-directions"


# --- the page -------------------------------------------------------------------------------


@login_required
@require_GET
def plan(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    return _page(request, programme, _tree(programme))


# --- add --------------------------------------------------------------------------------------


def _add(request, programme, *, parent_kind: str | None, parent=None):
    child_kind = CHILD_KIND[parent_kind] if parent_kind else "direction"
    form_class = TITLE_FORMS[child_kind]
    form = form_class(request.POST)
    child = None
    if form.is_valid():
        owner = {
            None: {"programme": programme},
            "direction": {"direction": parent},
            "goal": {"goal": parent},
            "objective": {"objective": parent},
        }[parent_kind]
        try:
            child = _kind(child_kind).create(
                **owner,
                actor=request.user,
                title_ru=form.cleaned_data["title_ru"],
                title_ky=form.cleaned_data["title_ky"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
    direction_pk = None
    if parent_kind == "direction":
        direction_pk = parent.pk
    elif parent_kind:
        direction_pk = _top_direction_pk(parent_kind, parent)
    if child is not None:
        if request.htmx:
            tree = _tree(programme)
            # the form stays open (and keeps the focus) for the next item
            (tree.node(parent_kind, parent.pk) if parent_kind else tree).add_open = True
            return _branch(request, programme, tree, direction_pk, _kind(child_kind).added)
        messages.success(request, _kind(child_kind).added)
        return redirect(_plan_url(programme, _anchor(child_kind, child.pk)))
    # refused: the form comes back where it was, open, with what was typed and why
    tree = _tree(programme)
    if parent_kind:
        tree.node(parent_kind, parent.pk).add_form = form
        anchor = f"add-{child_kind}-{parent.pk}"
    else:
        tree.add_form = form
        anchor = "add-direction"
    if request.htmx:
        return _branch(request, programme, tree, direction_pk)
    return _page(request, programme, tree, status=400, error_anchor=anchor)


@login_required
@require_POST
def direction_add(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    return _add(request, programme, parent_kind=None)


@login_required
@require_POST
def child_add(request, pk, kind, item_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    if kind not in CHILD_KIND:
        raise Http404
    parent = _item(programme, kind, item_pk)
    return _add(request, programme, parent_kind=kind, parent=parent)


# --- one item: show its row, rename it inline ---------------------------------------------


def _head(request, programme, tree, kind, item_pk, *, form=None):
    """The item's head, or its title form: an activity's whole row (the form takes the row's
    width, not the width of its title's cell). Back from the form, the keyboard's focus returns
    to the item's «Изменить» (htmx focuses what has `autofocus`)."""
    node = tree.node(kind, item_pk)
    node.edit_form = form
    node.focus = form is None
    if kind == "activity":
        template = "planning/plan/_activity_row.html"
        context = _context(request, programme, activity=node)
    else:
        template = "planning/plan/_title_form.html" if form else "planning/plan/_head.html"
        context = _context(request, programme, node=node)
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def item(request, pk, kind, item_pk):
    """The item's row (htmx: after "cancel" in the inline edit); without htmx, the plan."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    _kind(kind)
    _item(programme, kind, item_pk)
    if request.htmx:
        return _head(request, programme, _tree(programme), kind, item_pk)
    response = redirect(_plan_url(programme, _anchor(kind, item_pk)))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _title_form(kind, item, data=None):
    form = TITLE_FORMS[kind](data, instance=item, auto_id=f"edit-{kind}-{item.pk}-%s")
    form.fields["title_ru"].widget.attrs["autofocus"] = True
    return form


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk, kind, item_pk):
    """Rename an item in place: the row swaps to a form and back (htmx), or the plan page
    opens with the form in the item's place (without JavaScript)."""
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    spec = _kind(kind)
    obj = _item(programme, kind, item_pk)
    form = _title_form(kind, obj, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                spec.update(
                    **{kind: obj},
                    actor=request.user,
                    expected_revision=form.expected_revision,
                    title_ru=form.cleaned_data["title_ru"],
                    title_ky=form.cleaned_data["title_ky"],
                )
            except StaleEdit as error:
                form.add_error(None, stale_message(error))
                data = form.data.copy()
                data["revision"] = error.current.revision
                form.data = data
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if request.htmx:
                    return _head(request, programme, _tree(programme), kind, item_pk)
                messages.success(request, spec.saved)
                return redirect(_plan_url(programme, _anchor(kind, item_pk)))
    tree = _tree(programme)
    if request.htmx:
        return _head(request, programme, tree, kind, item_pk, form=form)
    tree.node(kind, item_pk).edit_form = form
    error_anchor = _anchor(kind, item_pk) if status == 400 else ""
    response = _page(request, programme, tree, status=status, error_anchor=error_anchor)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- move, delete ---------------------------------------------------------------------------


@login_required
@require_POST
def item_move(request, pk, kind, item_pk, up):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    spec = _kind(kind)
    obj = _item(programme, kind, item_pk)
    spec.move(**{kind: obj}, actor=request.user, up=up)
    message = _("Перемещено выше.") if up else _("Перемещено ниже.")
    if request.htmx:
        tree = _tree(programme)
        return _branch(request, programme, tree, _top_direction_pk(kind, obj), message)
    messages.success(request, message)
    return redirect(_plan_url(programme, _anchor(kind, item_pk)))


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request, pk, kind, item_pk):
    """GET: what will be deleted with the item, and a button to confirm (without JavaScript;
    with htmx the browser asks). POST: delete."""
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    spec = _kind(kind)
    obj = _item(programme, kind, item_pk)
    if request.method == "GET":
        tree = _tree(programme)
        node = tree.node(kind, item_pk)
        return render(
            request,
            "planning/plan/confirm_delete.html",
            _context(request, programme, node=node, parent=node.parent),
        )
    direction_pk = _top_direction_pk(kind, obj)
    anchor = _parent_anchor(kind, obj)
    spec.delete(**{kind: obj}, actor=request.user)
    if request.htmx:
        return _branch(request, programme, _tree(programme), direction_pk, spec.deleted)
    messages.success(request, spec.deleted)
    return redirect(_plan_url(programme, anchor))


# --- the activity page ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def activity(request, pk, activity_pk):
    """Everything about one activity and its costs by year × funding source. Members of the
    working group edit it (a draft); everyone else who may see the programme reads it."""
    need = Need.EDIT if request.method == "POST" else Need.VIEW
    programme = get_programme_for(request.user, pk, need=need)
    obj = get_object_or_404(
        Activity.objects.select_related("objective__goal__direction", "village"),
        pk=activity_pk,
        programme=programme,
    )
    obj.programme = programme
    costs = list(obj.costs.all())
    context = _context(request, programme, activity=obj, **activity_context(obj))
    context["back_url"] = _plan_url(programme, _anchor("activity", obj.pk))
    if not context["can_edit"]:
        context["costs"] = cost_table(programme, ((c.year, c.source, c.amount) for c in costs))
        return render(request, "planning/plan/activity_detail.html", context)

    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=obj, programme=programme)
    grid = CostGridForm(data, programme=programme, costs=costs, auto_id="id_%s")
    status = 200
    if request.method == "POST":
        status = 400
        form_ok, grid_ok = form.is_valid(), grid.is_valid()  # both, to show every error
        if form_ok and grid_ok:
            try:
                services.activity_update(
                    activity=obj,
                    actor=request.user,
                    expected_revision=form.expected_revision,
                    costs=grid.costs(),
                    **{name: form.cleaned_data[name] for name in ACTIVITY_FIELDS},
                )
            except StaleEdit as error:
                form.add_error(None, stale_message(error))
                data = form.data.copy()
                data["revision"] = error.current.revision
                form.data = data
            except ValidationError as error:
                split_service_errors(error, form, grid)
            else:
                messages.success(request, _("Мероприятие сохранено."))
                return redirect(context["back_url"])
    return render(
        request,
        "planning/plan/activity_form.html",
        {**context, "form": form, "grid": grid},
        status=status,
    )


PLAN = "p/<int:pk>/plan/"
ITEM = f"{PLAN}<str:kind>/<int:item_pk>/"

urlpatterns = [
    path(PLAN, plan, name="plan"),
    path(f"{PLAN}directions/new/", direction_add, name="plan_direction_add"),
    path(ITEM, item, name="plan_item"),
    path(f"{ITEM}new/", child_add, name="plan_add"),
    path(f"{ITEM}edit/", item_edit, name="plan_edit"),
    path(f"{ITEM}up/", item_move, {"up": True}, name="plan_up"),
    path(f"{ITEM}down/", item_move, {"up": False}, name="plan_down"),
    path(f"{ITEM}delete/", item_delete, name="plan_delete"),
    path("p/<int:pk>/activities/<int:activity_pk>/", activity, name="activity"),
]
