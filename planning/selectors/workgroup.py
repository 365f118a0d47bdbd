"""What the working-group page and the "my tasks" page show."""

from dataclasses import dataclass
from datetime import date

from municipalities.permissions import Need, can, municipalities_for

from ..models import ProgrammeStatus, Sex, WorkingGroup, WorkingGroupMember, WorkplanTask


@dataclass
class OrganisationCount:
    value: str
    label: str
    women: int = 0
    men: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men


def mark_overdue(tasks, today: date):
    """Each task gets `is_overdue`: its deadline has passed and it is not done."""
    for task in tasks:
        task.is_overdue = not task.is_done and task.deadline < today
    return tasks


def working_group_page(working_group: WorkingGroup, *, user, today: date) -> dict:
    """Everything the working-group page shows, in two queries whatever the group's size:
    its members (with their portal users) and its tasks."""
    programme = working_group.programme
    members = list(working_group.members.select_related("user"))
    members_by_id = {member.pk: member for member in members}
    tasks = list(WorkplanTask.objects.filter(working_group=working_group))
    for task in tasks:
        # the responsible is one of the members already loaded (or nobody)
        task.responsible = members_by_id.get(task.responsible_id)
    mark_overdue(tasks, today)

    women = sum(1 for m in members if m.sex == Sex.FEMALE)
    men = sum(1 for m in members if m.sex == Sex.MALE)
    by_organisation = {
        value: OrganisationCount(value, label)
        for value, label in WorkingGroupMember.Organisation.choices
    }
    for member in members:
        row = by_organisation.get(member.organisation)
        if row is None:
            continue
        if member.sex == Sex.FEMALE:
            row.women += 1
        elif member.sex == Sex.MALE:
            row.men += 1

    editable = programme.is_editable
    return {
        "working_group": working_group,
        "members": members,
        "tasks": tasks,
        "open_tasks_count": sum(1 for t in tasks if not t.is_done),
        "overdue_count": sum(1 for t in tasks if t.is_overdue),
        "counts_by_sex": {"women": women, "men": men, "total": len(members)},
        "counts_by_organisation": list(by_organisation.values()),
        "can_edit": editable and can(user, programme.municipality, Need.EDIT),
        "can_manage": editable and can(user, programme.municipality, Need.MANAGE),
    }


def open_tasks_of(user):
    """The open workplan tasks whose responsible is this portal user, in every programme the
    user may still see (a queryset: «Мои задачи» counts it in the menu)."""
    return WorkplanTask.objects.filter(
        responsible__user=user,
        is_done=False,
        working_group__programme__municipality__in=municipalities_for(user),
    ).exclude(working_group__programme__status=ProgrammeStatus.SUPERSEDED)


def tasks_of(user, *, today: date) -> dict:
    """The workplan tasks whose responsible is this portal user, in every programme the user may
    still see: open ones by deadline (overdue first, as they are the oldest), then done ones."""
    tasks = list(
        WorkplanTask.objects.filter(
            responsible__user=user,
            working_group__programme__municipality__in=municipalities_for(user),
        )
        # a version replaced by a newer one waits for nothing: its tasks went into the new one
        .exclude(working_group__programme__status=ProgrammeStatus.SUPERSEDED)
        .select_related(
            "responsible",
            "working_group__programme__municipality",
        )
        .order_by("is_done", "deadline", "id")
    )
    mark_overdue(tasks, today)
    return {
        "open_tasks": [t for t in tasks if not t.is_done],
        "done_tasks": [t for t in tasks if t.is_done],
        "overdue_count": sum(1 for t in tasks if t.is_overdue),
    }
