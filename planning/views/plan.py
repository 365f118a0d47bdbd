"""The activity plan of a programme, edited in place on one page.

Directions → goals → objectives → activities. A large plan opens with its directions closed
and each opens on demand (see `SHOW_ALL_UP_TO`); `?open=` says which are open, so that a link
or a form sent without JavaScript comes back to the same page. Every item has one «Изменить»
(✎): it opens the item in place with its title, and the buttons to move it up or down and to
delete it. Nothing on a row is a form of its own: a plan of 300 activities was 460 forms, each
with its CSRF token, and the page took seconds to arrive and to lay out on a phone. With htmx
the changed part comes back as a fragment, and the server says where it goes (`HX-Retarget`),
so the rows carry no targets; without JavaScript the same links and forms load the page with
the item open, and the browser returns to the item's anchor. An activity has its own page with
every detail and the costs grid."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

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
from ..selectors.plan import (
    ALL,
    CHILD_KIND,
    activity_context,
    cost_table,
    parse_opened,
    plan_item_removes,
    plan_page,
    plan_shows_all,
)
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
        item = get_object_or_404(
            Activity.objects.select_related("objective__goal"), pk=item_pk, programme=programme
        )
        item.programme = programme
    else:
        raise Http404
    return item


def _anchor(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


def _opened(request):
    """The directions the page in the browser shows open: `open` of the address, or of an htmx
    request (the page as it is now: the hidden "open" of each direction shown open); a form
    sent without JavaScript says it as `shown` (the page as it was when the form came)."""
    values = request.GET.getlist("open")
    if request.method == "POST":
        values += request.POST.getlist("open" if request.htmx else "shown")
    return parse_opened(values)


def _plan_url(
    programme, anchor: str = "", *, opened=None, direction_pk=None, path="", **query
) -> str:
    """The plan page (or `path` under it), at `anchor`, with the directions it was shown with
    open and the item's own direction too: without it a large plan would come back closed
    around the item."""
    shown = opened
    if shown is None and direction_pk and not plan_shows_all(programme):
        shown = {direction_pk}
    elif isinstance(shown, set) and direction_pk:
        shown = shown | {direction_pk}
    if shown == ALL:
        query = {"open": ALL, **query}
    elif shown:
        query = {"open": ",".join(str(pk) for pk in sorted(shown)), **query}
    url = path or reverse("planning:plan", kwargs={"pk": programme.pk})
    if query:
        url = f"{url}?{urlencode(query, safe=',')}"
    return f"{url}#{anchor}" if anchor else url


def _can_edit(user, programme) -> bool:
    return programme.is_editable and can(user, programme.municipality, Need.EDIT)


def _labels() -> dict:
    """Words repeated on every row of the plan, translated once per page (not per row)."""
    return {
        "edit": _("Изменить"),
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
        "cost_word": _("Стоимость"),
        "thousand_som": _("тыс. сом"),
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
    ru, ky = node.titles
    title = (ky or ru if get_language() == "ky" else ru or ky) or ""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _open_item(tree, node, form) -> None:
    """The item opened in place: its title form, and what its «Удалить» asks (with what goes
    with it), computed for this one item only."""
    node.edit_form = form
    node.removes = plan_item_removes(tree, node)
    question = CONFIRM[node.kind]() % {"number": node.number, "title": _plain_title(node)}
    if node.removes:
        goes_with = _("Будут удалены и вложенные элементы: %(list)s.")
        question = f"{question} {goes_with % {'list': ', '.join(node.removes)}}"
    elif node.kind == "activity" and node.has_cost:
        costs_go = _("Вместе с ним будет удалена его стоимость.")
        question = f"{question} {costs_go}"
    node.confirm = question


def _context(request, programme, tree, **extra) -> dict:
    return {
        "programme": programme,
        "municipality": programme.municipality,
        "can_edit": _can_edit(request.user, programme),
        "L": _labels(),
        "tree": tree,
        "direction_add_url": reverse("planning:plan_direction_add", kwargs={"pk": programme.pk}),
        **extra,
    }


def _fragment(request, template, context, target: str):
    """An htmx answer that replaces `target` (the rows carry no hx-target of their own)."""
    response = render(request, template, context)
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "outerHTML"
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page(request, programme, tree, *, status=200, error_anchor=""):
    response = render(
        request,
        "planning/plan/plan.html",
        _context(
            request,
            programme,
            tree,
            summary=tree.summary,
            error_anchor=error_anchor,
        ),
        status=status,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _branch_tree(request, programme, direction_pk: int | None):
    """The plan for an answer to a change: the changed direction open (only its rows are
    loaded), or for a change of directions themselves every direction as the page shows them."""
    if direction_pk:
        return plan_page(
            programme, opened=_opened(request), also={direction_pk}, rows_of={direction_pk}
        )
    return plan_page(programme, opened=_opened(request))


def _branch(request, programme, tree, direction_pk: int | None, message: str = ""):
    """The htmx answer to a change: the changed direction (or every direction, for a change
    of directions themselves), the costs summary and a status line, swapped out of band."""
    branch = tree.node("direction", direction_pk) if direction_pk else None
    return _fragment(
        request,
        "planning/plan/_changed.html",
        _context(
            request,
            programme,
            tree,
            branch=branch,
            summary=tree.summary,
            status_message=message,
        ),
        f"#{branch.anchor}" if branch else "#plan-directions",
    )


def _direction_pk(kind: str, item) -> int | None:
    """The direction whose branch shows the item and its siblings (None for a direction: the
    list of directions itself changes)."""
    if kind == "goal":
        return item.direction_id
    if kind == "objective":
        return item.goal.direction_id
    if kind == "activity":
        return item.objective.goal.direction_id
    return None


def _own_direction_pk(kind: str, item) -> int:
    """The direction the item is in, or is."""
    return item.pk if kind == "direction" else _direction_pk(kind, item)


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
    return _page(request, programme, plan_page(programme, opened=_opened(request)))


@login_required
@require_GET
def direction_toggle(request, pk, kind, item_pk, show):
    """Open or close a direction: with htmx its section comes back with or without its rows
    (only its rows are loaded); without, the page with the direction open or closed."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    if kind != "direction":
        raise Http404
    _item(programme, kind, item_pk)
    opened = _opened(request)
    if not request.htmx:
        tree = plan_page(programme, opened=opened, rows_of=set())
        node = tree.node(kind, item_pk)
        if node.open == show:  # already as asked: the page as it is
            return redirect(_plan_url(programme, node.anchor, opened=opened))
        return redirect(node.toggle_url)
    if show:
        tree = plan_page(programme, opened=opened, also={item_pk}, rows_of={item_pk})
    else:
        tree = plan_page(programme, opened=opened, without={item_pk}, rows_of=set())
    node = tree.node("direction", item_pk)
    return _fragment(
        request,
        "planning/plan/_direction.html",
        _context(request, programme, tree, direction=node),
        f"#{node.anchor}",
    )


# --- add --------------------------------------------------------------------------------------


def _add_target(parent_kind, parent) -> str:
    child_kind = CHILD_KIND[parent_kind] if parent_kind else "direction"
    return f"add-{child_kind}-{parent.pk}" if parent_kind else "add-direction"


def _add(request, programme, *, parent_kind: str | None, parent=None):
    child_kind = CHILD_KIND[parent_kind] if parent_kind else "direction"
    direction_pk = None
    if parent_kind == "direction":
        direction_pk = parent.pk
    elif parent_kind:
        direction_pk = _direction_pk(parent_kind, parent)
    if request.method == "GET":
        # the form to add, opened in place (htmx) or on the page at its place (without)
        rows_of = {direction_pk} if request.htmx else None
        tree = plan_page(programme, opened=_opened(request), also={direction_pk}, rows_of=rows_of)
        node = tree.node(parent_kind, parent.pk)
        node.add_open = True
        if request.htmx:
            return _fragment(
                request,
                "planning/plan/_add.html",
                _context(request, programme, tree, parent=node, child_kind=child_kind),
                f"#{_add_target(parent_kind, parent)}",
            )
        return _page(request, programme, tree)
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
    if child is not None:
        if request.htmx:
            if parent_kind:
                tree = _branch_tree(request, programme, direction_pk)
                # the form stays open (and keeps the focus) for the next item
                tree.node(parent_kind, parent.pk).add_open = True
            else:
                tree = plan_page(programme, opened=_opened(request), also={child.pk})
                tree.add_open = True
            return _branch(request, programme, tree, direction_pk, _kind(child_kind).added)
        messages.success(request, _kind(child_kind).added)
        return redirect(
            _plan_url(
                programme,
                _anchor(child_kind, child.pk),
                opened=_opened(request),
                direction_pk=direction_pk or child.pk,
            )
        )
    # refused: the form comes back where it was, open, with what was typed and why
    if request.htmx:
        tree = _branch_tree(request, programme, direction_pk)
    else:
        tree = plan_page(
            programme, opened=_opened(request), also={direction_pk} if direction_pk else set()
        )
    if parent_kind:
        tree.node(parent_kind, parent.pk).add_form = form
    else:
        tree.add_form = form
    if request.htmx:
        return _branch(request, programme, tree, direction_pk)
    return _page(
        request, programme, tree, status=400, error_anchor=_add_target(parent_kind, parent)
    )


@login_required
@require_POST
def direction_add(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    return _add(request, programme, parent_kind=None)


@login_required
@require_http_methods(["GET", "POST"])
def child_add(request, pk, kind, item_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    if kind not in CHILD_KIND:
        raise Http404
    parent = _item(programme, kind, item_pk)
    return _add(request, programme, parent_kind=kind, parent=parent)


# --- one item: show its row, open it in place ---------------------------------------------


def _head_target(kind: str, item_pk: int) -> str:
    """What an item's head is in the page: an activity's whole row (its form takes the row's
    width, not the width of its title's cell), an objective's heading row, the heading block
    of a goal or a direction."""
    anchor = _anchor(kind, item_pk)
    return f"#{anchor}" if kind == "activity" else f"#{anchor}-head"


def _head(request, programme, tree, kind, item_pk, *, form=None):
    """The item's head, or the item opened with its title form. Back from the form, the
    keyboard's focus returns to the item's «Изменить» (htmx focuses what has `autofocus`)."""
    node = tree.node(kind, item_pk)
    if form is not None:
        _open_item(tree, node, form)
    node.focus = form is None
    context = _context(request, programme, tree, node=node, rows=[node])
    template = "planning/plan/_rows.html" if kind == "activity" else "planning/plan/_head.html"
    return _fragment(request, template, context, _head_target(kind, item_pk))


def _item_tree(request, programme, kind, obj, *, whole=False):
    """The plan around an item: only its direction's rows for an htmx answer, the page as it
    was shown with the item's direction open for a whole page."""
    direction_pk = _own_direction_pk(kind, obj)
    if whole:
        return plan_page(programme, opened=_opened(request), also={direction_pk})
    return plan_page(
        programme, opened=_opened(request), also={direction_pk}, rows_of={direction_pk}
    )


@login_required
@require_GET
def item(request, pk, kind, item_pk):
    """The item's row (htmx: after "cancel" in the inline edit); without htmx, the plan."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    _kind(kind)
    obj = _item(programme, kind, item_pk)
    if request.htmx:
        return _head(request, programme, _item_tree(request, programme, kind, obj), kind, item_pk)
    response = redirect(
        _plan_url(
            programme,
            _anchor(kind, item_pk),
            opened=_opened(request),
            direction_pk=_own_direction_pk(kind, obj),
        )
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _focus_on_move(node, pressed: str) -> None:
    """After a move the keyboard's focus stays on the button pressed (htmx finds it by its id)
    unless the item reached the end it was moved to: then it goes to the other button, and
    away from the title, where an opened item puts it."""
    disabled = node.is_first if pressed == "up" else node.is_last
    node.focus_on = ("down" if pressed == "up" else "up") if disabled else pressed
    node.edit_form.fields["title_ru"].widget.attrs.pop("autofocus", None)


def _title_form(kind, item, data=None, initial=None):
    form = TITLE_FORMS[kind](
        data, instance=item, initial=initial, auto_id=f"edit-{kind}-{item.pk}-%s"
    )
    form.fields["title_ru"].widget.attrs["autofocus"] = True
    return form


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk, kind, item_pk):
    """Open an item in place: the row swaps to its title form with the buttons to move and
    delete it, and back (htmx); or the plan page opens with the item open at its place
    (without JavaScript)."""
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
                    tree = _item_tree(request, programme, kind, obj)
                    return _head(request, programme, tree, kind, item_pk)
                messages.success(request, spec.saved)
                return redirect(
                    _plan_url(
                        programme,
                        _anchor(kind, item_pk),
                        opened=_opened(request),
                        direction_pk=_own_direction_pk(kind, obj),
                    )
                )
    if request.htmx:
        tree = _item_tree(request, programme, kind, obj)
        return _head(request, programme, tree, kind, item_pk, form=form)
    tree = _item_tree(request, programme, kind, obj, whole=True)
    node = tree.node(kind, item_pk)
    _open_item(tree, node, form)
    if request.GET.get("moved") in ("up", "down"):  # back from a move without JavaScript
        _focus_on_move(node, request.GET["moved"])
    error_anchor = _anchor(kind, item_pk) if status == 400 else ""
    return _page(request, programme, tree, status=status, error_anchor=error_anchor)


# --- move, delete ---------------------------------------------------------------------------


@login_required
@require_POST
def item_move(request, pk, kind, item_pk, up):
    """Move an item up or down among its siblings. It stays open, with the focus on the same
    button, to be moved again (htmx brings the focus back to the button of the same id)."""
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    spec = _kind(kind)
    obj = _item(programme, kind, item_pk)
    spec.move(**{kind: obj}, actor=request.user, up=up)
    message = _("Перемещено выше.") if up else _("Перемещено ниже.")
    direction_pk = _direction_pk(kind, obj)
    if request.htmx:
        tree = _branch_tree(request, programme, direction_pk)
        # a title typed before moving is kept in the form (a move does not change the revision)
        typed = {
            name: request.POST[name] for name in ("title_ru", "title_ky") if name in request.POST
        }
        node = tree.node(kind, item_pk)
        _open_item(tree, node, _title_form(kind, obj, initial=typed))
        _focus_on_move(node, "up" if up else "down")
        return _branch(request, programme, tree, direction_pk, message)
    messages.success(request, message)
    return redirect(
        _plan_url(
            programme,
            _anchor(kind, item_pk),
            opened=_opened(request),
            direction_pk=_own_direction_pk(kind, obj),
            path=reverse(
                "planning:plan_edit", kwargs={"pk": programme.pk, "kind": kind, "item_pk": item_pk}
            ),
            moved="up" if up else "down",
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request, pk, kind, item_pk):
    """GET: what will be deleted with the item, and a button to confirm (without JavaScript;
    with htmx the browser asks). POST: delete."""
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    spec = _kind(kind)
    obj = _item(programme, kind, item_pk)
    direction_pk = _direction_pk(kind, obj)
    if request.method == "GET":
        tree = plan_page(
            programme,
            opened=_opened(request),
            also={_own_direction_pk(kind, obj)},
            rows_of={_own_direction_pk(kind, obj)},
        )
        node = tree.node(kind, item_pk)
        node.removes = plan_item_removes(tree, node)
        back = _plan_url(
            programme,
            _anchor(kind, item_pk),
            opened=_opened(request),
            direction_pk=_own_direction_pk(kind, obj),
        )
        return render(
            request,
            "planning/plan/confirm_delete.html",
            _context(request, programme, tree, node=node, parent=node.parent, back_url=back),
        )
    anchor = _parent_anchor(kind, obj)
    spec.delete(**{kind: obj}, actor=request.user)
    if request.htmx:
        return _branch(
            request,
            programme,
            _branch_tree(request, programme, direction_pk),
            direction_pk,
            spec.deleted,
        )
    messages.success(request, spec.deleted)
    return redirect(
        _plan_url(programme, anchor, opened=_opened(request), direction_pk=direction_pk)
    )


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
    context = _context(request, programme, None, activity=obj, **activity_context(obj))
    context["back_url"] = _plan_url(
        programme, _anchor("activity", obj.pk), direction_pk=obj.objective.goal.direction_id
    )
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
    path(f"{ITEM}open/", direction_toggle, {"show": True}, name="plan_open"),
    path(f"{ITEM}close/", direction_toggle, {"show": False}, name="plan_close"),
    path(f"{ITEM}new/", child_add, name="plan_add"),
    path(f"{ITEM}edit/", item_edit, name="plan_edit"),
    path(f"{ITEM}up/", item_move, {"up": True}, name="plan_up"),
    path(f"{ITEM}down/", item_move, {"up": False}, name="plan_down"),
    path(f"{ITEM}delete/", item_delete, name="plan_delete"),
    path("p/<int:pk>/activities/<int:activity_pk>/", activity, name="activity"),
]
