"""The working group of a programme: the head's order, the members, the workplan; and the
"my tasks" page of a logged-in member."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from municipalities.permissions import Need

from ..forms.workgroup import MemberForm, OrderForm, TaskForm
from ..models import WorkingGroup, WorkingGroupMember, WorkplanTask
from ..permissions import get_programme_for
from ..selectors.waiting import waiting_for
from ..selectors.workgroup import mark_overdue, working_group_page
from ..services.uploads import scan_content_type
from ..services.workgroup import (
    member_create,
    member_delete,
    member_update,
    task_create,
    task_delete,
    task_set_done,
    task_update,
    working_group_update,
)
from .helpers import edit

MEMBER_FIELDS = ("full_name", "wg_role", "organisation", "job_title_ru", "job_title_ky", "sex")
TASK_FIELDS = ("title", "responsible", "deadline")


def _working_group(programme) -> WorkingGroup:
    working_group = get_object_or_404(WorkingGroup, programme=programme)
    working_group.programme = programme
    return working_group


def _member(working_group, member_pk) -> WorkingGroupMember:
    member = get_object_or_404(WorkingGroupMember, pk=member_pk, working_group=working_group)
    member.working_group = working_group
    return member


def _task(working_group, task_pk) -> WorkplanTask:
    task = get_object_or_404(
        WorkplanTask.objects.select_related("responsible"),
        pk=task_pk,
        working_group=working_group,
    )
    task.working_group = working_group
    return task


def _page_url(programme, anchor: str = "") -> str:
    url = reverse("planning:workgroup", kwargs={"pk": programme.pk})
    return f"{url}#{anchor}" if anchor else url


def _context(programme, **extra) -> dict:
    return {
        "programme": programme,
        "municipality": programme.municipality,
        "cancel_url": _page_url(programme),
        **extra,
    }


@login_required
def workgroup(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    data = working_group_page(
        _working_group(programme), user=request.user, today=timezone.localdate()
    )
    return render(request, "planning/workgroup/page.html", _context(programme, **data))


@login_required
def order_edit(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.MANAGE)
    working_group = _working_group(programme)
    form = OrderForm(request.POST or None, request.FILES or None, instance=working_group)

    def save(form):
        upload = form.cleaned_data.get("order_scan")
        return working_group_update(
            working_group=working_group,
            actor=request.user,
            expected_revision=form.expected_revision,
            order_number=form.cleaned_data["order_number"],
            order_date=form.cleaned_data["order_date"],
            order_signed_by=form.cleaned_data["order_signed_by"],
            order_scan=upload if isinstance(upload, UploadedFile) else None,
            remove_scan=form.cleaned_data.get("remove_scan", False),
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/workgroup/order_form.html",
        context=_context(programme, working_group=working_group),
        success_url=_page_url(programme, "order"),
        success_message=_("Распоряжение о рабочей группе сохранено."),
    )


@login_required
@never_cache
def order_scan(request, pk):
    """The scan of the order, only to people who may see the programme (media is not public)."""
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    working_group = _working_group(programme)
    scan = working_group.order_scan
    if not scan:
        raise Http404(_("Скан распоряжения не загружен."))
    try:
        handle = scan.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл скана не найден.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=os.path.basename(scan.name),
        content_type=scan_content_type(scan.name),
    )


@login_required
def member_add(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.MANAGE)
    working_group = _working_group(programme)
    form = MemberForm(request.POST or None, municipality=programme.municipality)

    def save(form):
        return member_create(
            working_group=working_group,
            actor=request.user,
            user=form.cleaned_data["user"],
            **{name: form.cleaned_data[name] for name in MEMBER_FIELDS},
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/workgroup/member_form.html",
        context=_context(programme, page_title=_("Новый член рабочей группы")),
        success_url=_page_url(programme, "members"),
        success_message=_("Член рабочей группы добавлен."),
    )


@login_required
def member_edit(request, pk, member_pk):
    programme = get_programme_for(request.user, pk, need=Need.MANAGE)
    member = _member(_working_group(programme), member_pk)
    title = _("Член рабочей группы: %(name)s") % {"name": member.full_name}
    form = MemberForm(request.POST or None, instance=member, municipality=programme.municipality)

    def save(form):
        return member_update(
            member=member,
            actor=request.user,
            expected_revision=form.expected_revision,
            user=form.cleaned_data["user"],
            **{name: form.cleaned_data[name] for name in MEMBER_FIELDS},
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/workgroup/member_form.html",
        context=_context(programme, page_title=title),
        success_url=_page_url(programme, "members"),
        success_message=_("Данные члена рабочей группы сохранены."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_delete_view(request, pk, member_pk):
    programme = get_programme_for(request.user, pk, need=Need.MANAGE)
    member = _member(_working_group(programme), member_pk)
    if request.method == "POST":
        name = member.full_name
        member_delete(member=member, actor=request.user)
        messages.success(
            request, _("%(name)s больше не в составе рабочей группы.") % {"name": name}
        )
        return redirect(_page_url(programme, "members"))
    return render(
        request,
        "planning/workgroup/member_confirm_delete.html",
        _context(programme, member=member, task_count=member.tasks.count()),
    )


@login_required
def task_add(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    working_group = _working_group(programme)
    form = TaskForm(request.POST or None, working_group=working_group)

    def save(form):
        return task_create(
            working_group=working_group,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in TASK_FIELDS},
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/workgroup/task_form.html",
        context=_context(
            programme,
            page_title=_("Новая задача плана работы"),
            has_members=working_group.members.exists(),
        ),
        success_url=lambda task: _page_url(programme, f"task-{task.pk}"),
        success_message=_("Задача добавлена в план работы."),
    )


@login_required
def task_edit(request, pk, task_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    working_group = _working_group(programme)
    task = _task(working_group, task_pk)
    form = TaskForm(request.POST or None, instance=task, working_group=working_group)

    def save(form):
        return task_update(
            task=task,
            actor=request.user,
            expected_revision=form.expected_revision,
            **{name: form.cleaned_data[name] for name in TASK_FIELDS},
        )

    return edit(
        request,
        form=form,
        save=save,
        template="planning/workgroup/task_form.html",
        context=_context(programme, page_title=_("Задача плана работы"), has_members=True),
        success_url=lambda task: _page_url(programme, f"task-{task.pk}"),
        success_message=_("Задача плана работы сохранена."),
    )


@login_required
@require_POST
def task_done(request, pk, task_pk):
    """Mark a task done or open again. With htmx the row is swapped in place; without
    JavaScript the browser goes back to the workplan."""
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    task = _task(_working_group(programme), task_pk)
    done = request.POST.get("done") == "1"
    task = task_set_done(task=task, actor=request.user, done=done)
    if request.htmx:
        mark_overdue([task], timezone.localdate())
        return render(
            request,
            "planning/workgroup/_task_row.html",
            {"programme": programme, "task": task, "can_edit": True},
        )
    if done:
        messages.success(request, _("Задача отмечена как выполненная."))
    else:
        messages.success(request, _("Задача снова открыта."))
    return redirect(_page_url(programme, f"task-{task.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def task_delete_view(request, pk, task_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    task = _task(_working_group(programme), task_pk)
    if request.method == "POST":
        task_delete(task=task, actor=request.user)
        messages.success(request, _("Задача удалена из плана работы."))
        return redirect(_page_url(programme, "workplan"))
    return render(
        request, "planning/workgroup/task_confirm_delete.html", _context(programme, task=task)
    )


@login_required
def my_tasks(request):
    """What waits for the person: their tasks of the working groups' workplans, then every
    group of `extensions.task_groups` that has items (see `selectors.waiting`)."""
    today = timezone.localdate()
    waiting = waiting_for(request.user, today)
    return render(
        request,
        "planning/workgroup/my_tasks.html",
        {
            "today": today,
            "open_tasks": waiting.open_tasks,
            "done_tasks": waiting.done_tasks,
            "overdue_count": waiting.overdue_count,
            "task_groups": waiting.groups,
            "waiting_count": waiting.count,
        },
    )


WG = "p/<int:pk>/working-group/"

urlpatterns = [
    path(WG, workgroup, name="workgroup"),
    path(f"{WG}order/", order_edit, name="wg_order"),
    path(f"{WG}order/scan/", order_scan, name="order_scan"),
    path(f"{WG}members/new/", member_add, name="wg_member_add"),
    path(f"{WG}members/<int:member_pk>/", member_edit, name="wg_member_edit"),
    path(f"{WG}members/<int:member_pk>/delete/", member_delete_view, name="wg_member_delete"),
    path(f"{WG}tasks/new/", task_add, name="wg_task_add"),
    path(f"{WG}tasks/<int:task_pk>/", task_edit, name="wg_task_edit"),
    path(f"{WG}tasks/<int:task_pk>/done/", task_done, name="wg_task_done"),
    path(f"{WG}tasks/<int:task_pk>/delete/", task_delete_view, name="wg_task_delete"),
    path("my/tasks/", my_tasks, name="my_tasks"),
]
