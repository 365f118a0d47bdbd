"""What monitoring puts in the extension points of the pages it shares with planning and
municipalities: its section of a programme's menu, its entry of the main menu, what waits for
the ГСМиО and the council secretary in «Мои задачи», the columns, filter and chart of the
reviewers' dashboard (`dashboard`). Called once, from
`MonitoringConfig.ready()`."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities import navigation
from municipalities.models import Role
from municipalities.navigation import NavEntry
from municipalities.permissions import user_memberships
from planning.extensions import PublicSection, TaskGroup, public_sections, task_groups
from planning.models import ProgrammeStatus
from planning.tabs import ProgrammeTab, programme_tabs

from . import dashboard, public
from .models import DUE_AFTER, PeriodStatus, ReportingPeriod
from .selectors.entry import periods_waiting
from .selectors.opendata import open_data_section, shows_open_data

MONITORED = {ProgrammeStatus.IN_IMPLEMENTATION, ProgrammeStatus.SUPERSEDED}


def _monitored(programme, user) -> bool:
    return programme.status in MONITORED


def _in_group(user) -> bool:
    return any(m.role == Role.MONITORING_MEMBER for m in user_memberships(user))


def _overdue_count(request) -> int | None:
    """The periods overdue in the municipalities where the person is in the ГСМиО (one query,
    for members of a ГСМиО only); nothing is shown when none is."""
    ids = [
        m.municipality_id
        for m in user_memberships(request.user)
        if m.role == Role.MONITORING_MEMBER and m.municipality_id
    ]
    if not ids:
        return None
    overdue = ReportingPeriod.objects.filter(
        programme__municipality_id__in=ids,
        programme__status=ProgrammeStatus.IN_IMPLEMENTATION,
        status=PeriodStatus.OPEN,
        ends_on__lt=timezone.localdate() - DUE_AFTER,
    ).count()
    return overdue or None


def _waiting(user, today=None):
    return periods_waiting(user, today or timezone.localdate())


def register() -> None:
    dashboard.register()  # the columns, filter and chart of the reviewers' dashboard
    public.register()  # the progress on the public page of a programme in implementation
    programme_tabs.register(
        ProgrammeTab("monitoring", _("Мониторинг"), "monitoring:overview", visible=_monitored)
    )
    task_groups.register(
        TaskGroup(
            "monitoring-periods",
            _("Отчётные периоды мониторинга"),
            "monitoring/_task_group.html",
            items=_waiting,
            order=40,
        )
    )
    navigation.register(
        NavEntry(
            "monitoring-group",
            _("ГСМиО"),
            "monitoring:my_groups",
            visible=_in_group,
            count=_overdue_count,
            count_label=_("просроченных отчётных периодов"),
            order=25,
        )
    )
    # the open data of approved programmes: in everyone's menu, and on each approved
    # programme's public page, after planning's sections
    navigation.register(
        NavEntry("open-data", _("Открытые данные"), "monitoring:opendata", order=45)
    )
    public_sections.register(
        PublicSection(
            "open-data",
            _("Открытые данные"),
            "monitoring/opendata/_public_section.html",
            data=open_data_section,
            when=shows_open_data,
            order=90,
        )
    )
