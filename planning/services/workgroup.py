"""The working group of a programme: the head's order that created it, its members and its
workplan (who does what by when).

The order and the members are managed by the working-group chair (Need.MANAGE); any member of
the working group (Need.EDIT) keeps the workplan: adds, edits, deletes tasks and marks them done."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Membership
from municipalities.permissions import Need

from ..models import WorkingGroup, WorkingGroupMember, WorkplanTask
from ..models.workgroup import ORDER_SCAN_MAX_BYTES
from ..permissions import ensure_editable
from .common import plain_delete, require_can, revisioned_save
from .uploads import check_scan


def _require(actor, programme, need: Need) -> None:
    require_can(
        actor,
        programme,
        need,
        _("Распоряжение и состав рабочей группы изменяет председатель рабочей группы.")
        if need == Need.MANAGE
        else _("План работы изменяют члены рабочей группы."),
    )


def working_group_update(
    *,
    working_group: WorkingGroup,
    actor,
    expected_revision: int | None,
    order_number: str,
    order_date: date | None,
    order_signed_by: str,
    order_scan: UploadedFile | None = None,
    remove_scan: bool = False,
) -> WorkingGroup:
    """Record the head's order that created the working group. A new `order_scan` replaces the
    old one; `remove_scan` takes the scan away (the old file stays for the history)."""
    programme = working_group.programme
    _require(actor, programme, Need.MANAGE)
    working_group.order_number = (order_number or "").strip()
    working_group.order_date = order_date
    working_group.order_signed_by = (order_signed_by or "").strip()
    if order_scan:
        try:
            check_scan(order_scan, max_bytes=ORDER_SCAN_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"order_scan": error.error_list}) from error
        working_group.order_scan = order_scan
    elif remove_scan:
        working_group.order_scan = ""
    return revisioned_save(
        working_group, programme=programme, actor=actor, expected_revision=expected_revision
    )


def _check_member(member: WorkingGroupMember, programme) -> None:
    errors = {}
    if member.wg_role == WorkingGroupMember.WgRole.CHAIR:
        other_chair = (
            WorkingGroupMember.objects.filter(
                working_group_id=member.working_group_id, wg_role=WorkingGroupMember.WgRole.CHAIR
            )
            .exclude(pk=member.pk)
            .first()
        )
        if other_chair is not None:
            errors["wg_role"] = _(
                "У рабочей группы уже есть председатель: %(name)s. Сначала измените его роль."
            ) % {"name": other_chair.full_name}
    if member.user_id is not None:
        if not Membership.objects.filter(
            user_id=member.user_id, municipality_id=programme.municipality_id
        ).exists():
            errors["user"] = _("Этот пользователь портала не относится к муниципалитету программы.")
        elif (
            WorkingGroupMember.objects.filter(
                working_group_id=member.working_group_id, user_id=member.user_id
            )
            .exclude(pk=member.pk)
            .exists()
        ):
            errors["user"] = _("Этот пользователь портала уже связан с другим членом группы.")
    if errors:
        raise ValidationError(errors)


def _set_member_fields(member: WorkingGroupMember, **fields) -> None:
    member.full_name = (fields["full_name"] or "").strip()
    member.wg_role = fields["wg_role"]
    member.organisation = fields["organisation"]
    member.job_title_ru = (fields.get("job_title_ru") or "").strip()
    member.job_title_ky = (fields.get("job_title_ky") or "").strip()
    member.sex = fields["sex"]
    member.user = fields.get("user")


@transaction.atomic
def member_create(
    *,
    working_group: WorkingGroup,
    actor,
    full_name: str,
    wg_role: str,
    organisation: str,
    sex: str,
    job_title_ru: str = "",
    job_title_ky: str = "",
    user=None,
) -> WorkingGroupMember:
    """Add a person to the working group: a portal user of the municipality or a name only."""
    programme = working_group.programme
    _require(actor, programme, Need.MANAGE)
    member = WorkingGroupMember(working_group=working_group)
    _set_member_fields(
        member,
        full_name=full_name,
        wg_role=wg_role,
        organisation=organisation,
        sex=sex,
        job_title_ru=job_title_ru,
        job_title_ky=job_title_ky,
        user=user,
    )
    last = working_group.members.aggregate(last=Max("sort_order"))["last"]
    member.sort_order = 0 if last is None else last + 1
    _check_member(member, programme)
    return revisioned_save(member, programme=programme, actor=actor, expected_revision=None)


@transaction.atomic
def member_update(
    *,
    member: WorkingGroupMember,
    actor,
    expected_revision: int | None,
    full_name: str,
    wg_role: str,
    organisation: str,
    sex: str,
    job_title_ru: str = "",
    job_title_ky: str = "",
    user=None,
) -> WorkingGroupMember:
    programme = member.working_group.programme
    _require(actor, programme, Need.MANAGE)
    _set_member_fields(
        member,
        full_name=full_name,
        wg_role=wg_role,
        organisation=organisation,
        sex=sex,
        job_title_ru=job_title_ru,
        job_title_ky=job_title_ky,
        user=user,
    )
    _check_member(member, programme)
    return revisioned_save(
        member, programme=programme, actor=actor, expected_revision=expected_revision
    )


def member_delete(*, member: WorkingGroupMember, actor) -> None:
    """Remove a person from the working group; their tasks stay, without a responsible."""
    programme = member.working_group.programme
    _require(actor, programme, Need.MANAGE)
    plain_delete(member, programme=programme, actor=actor)


def _check_task(task: WorkplanTask) -> None:
    if task.responsible is not None and task.responsible.working_group_id != task.working_group_id:
        raise ValidationError(
            {"responsible": _("Ответственный должен быть членом этой рабочей группы.")}
        )


@transaction.atomic
def task_create(
    *,
    working_group: WorkingGroup,
    actor,
    title: str,
    responsible: WorkingGroupMember | None,
    deadline: date,
) -> WorkplanTask:
    programme = working_group.programme
    _require(actor, programme, Need.EDIT)
    task = WorkplanTask(
        working_group=working_group,
        title=(title or "").strip(),
        responsible=responsible,
        deadline=deadline,
    )
    _check_task(task)
    return revisioned_save(task, programme=programme, actor=actor, expected_revision=None)


@transaction.atomic
def task_update(
    *,
    task: WorkplanTask,
    actor,
    expected_revision: int | None,
    title: str,
    responsible: WorkingGroupMember | None,
    deadline: date,
) -> WorkplanTask:
    programme = task.working_group.programme
    _require(actor, programme, Need.EDIT)
    task.title = (title or "").strip()
    task.responsible = responsible
    task.deadline = deadline
    _check_task(task)
    return revisioned_save(
        task, programme=programme, actor=actor, expected_revision=expected_revision
    )


@transaction.atomic
def task_set_done(
    *, task: WorkplanTask, actor, done: bool, done_at: datetime | None = None
) -> WorkplanTask:
    """Mark a task done (or open again). The request says the state it wants, so two people
    marking the same task done at once do no harm. `done_at` records a task done earlier than
    it is written down (never in the future); now by default."""
    programme = task.working_group.programme
    _require(actor, programme, Need.EDIT)
    ensure_editable(programme)
    if done_at is not None and done_at > timezone.now():
        raise ValidationError({"done_at": _("Задача не может быть выполнена в будущем.")})
    if task.is_done == done:
        return task
    task.is_done = done
    task.done_at = (done_at or timezone.now()) if done else None
    return revisioned_save(task, programme=programme, actor=actor, expected_revision=None)


def task_delete(*, task: WorkplanTask, actor) -> None:
    programme = task.working_group.programme
    _require(actor, programme, Need.EDIT)
    plain_delete(task, programme=programme, actor=actor)
