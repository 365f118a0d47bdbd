"""What the test app adds to the pages that `planning` and `municipalities` own, the way an app
above `planning` (monitoring, trainings) does: the villages' pledges of unpaid work
(`CommunityPledge`) get a section of the public page, a column, a filter and a panel of the
reviewers' dashboard, a menu entry with a count, a group of «Мои задачи» and a line under each
municipality of the home page and on its own page.

A real app calls `register()` from its `AppConfig.ready()`; the tests call it in a fixture and
`unregister()` after, so that no other test sees these entries (or their queries). The panel
is registered apart (`PANEL`), by the tests of panels only: the others count the dashboard's
queries without its one."""

from django import forms
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import get_language

from municipalities import listings, navigation
from municipalities.listings import Listing
from municipalities.navigation import NavEntry, signed_in
from municipalities.permissions import municipalities_for
from planning.extensions import (
    DashboardColumn,
    DashboardFilter,
    DashboardPanel,
    PublicSection,
    TaskGroup,
    dashboard_columns,
    dashboard_filters,
    public_sections,
    task_groups,
)

from .models import CommunityPledge


def _pick(ru: str, ky: str) -> str:
    return ky if (get_language() or "ru").startswith("ky") else ru


# The test app's words in both languages (the portal's catalogs do not carry a test app's).
bilingual = lazy(_pick, str)

SECTION_TITLE = bilingual("Вклад жителей", "Тургундардын салымы")
COLUMN_LABEL = bilingual("Дней труда жителей", "Тургундардын эмгек күндөрү")
FILTER_LABEL = bilingual("Вклад жителей", "Тургундардын салымы")
NAV_LABEL = bilingual("Вклад жителей", "Тургундардын салымы")
GROUP_TITLE = bilingual("Вклад жителей: учесть в плане", "Тургундардын салымы: планга киргизүү")


# --- the public page: a section after the plan, only for a programme with pledges


def _pledges_of(programme) -> dict:
    pledges = list(CommunityPledge.objects.filter(programme=programme).order_by("village"))
    return {"pledges": pledges, "labour_days": sum(p.labour_days for p in pledges)}


def _has_pledges(programme) -> bool:
    return CommunityPledge.objects.filter(programme=programme).exists()


SECTION = PublicSection(
    "community-pledges",
    SECTION_TITLE,
    "extension_app/public_section.html",
    data=_pledges_of,
    when=_has_pledges,
    order=25,  # between planning's plan (20) and indicators (30)
)


# --- the dashboard: a sortable column, exported, and a filter


def _labour_days():
    """The labour days pledged for the row's current programme (0 if none); None without a
    programme, so that such rows sort last."""
    total = (
        CommunityPledge.objects.filter(programme_id=OuterRef("current_programme_id"))
        .order_by()
        .values("programme_id")
        .annotate(days=Sum("labour_days"))
        .values("days")
    )
    return {
        "pledged_days": Case(
            When(current_programme_id__isnull=False, then=Coalesce(Subquery(total), Value(0))),
            default=None,
            output_field=IntegerField(),
        )
    }


COLUMN = DashboardColumn(
    "pledged_days",
    COLUMN_LABEL,
    annotate=_labour_days,
    value=lambda row: row.pledged_days,
    sort="pledged_days",
    template="extension_app/dashboard_cell.html",
    numeric=True,
    export_width=16,
)

FILTER_CHOICES = [
    ("", bilingual("все", "баары")),
    ("yes", bilingual("есть", "бар")),
    ("no", bilingual("нет", "жок")),
]


def _filter_field() -> forms.Field:
    return forms.ChoiceField(label=FILTER_LABEL, required=False, choices=FILTER_CHOICES)


def _with_pledges(rows, value):
    pledged = Exists(CommunityPledge.objects.filter(programme_id=OuterRef("current_programme_id")))
    return rows.filter(pledged) if value == "yes" else rows.exclude(pledged)


FILTER = DashboardFilter("pledges", field=_filter_field, apply=_with_pledges)

PANEL_TITLE = bilingual(
    "Вклад жителей в выбранных муниципалитетах",
    "Тандалган муниципалитеттердеги тургундардын салымы",
)


def _pledges_of_rows(rows):
    """The pledges of the rows' current programmes (every filtered row, not one page), in one
    query; None when they have none."""
    programmes = rows.order_by().values("current_programme_id")
    total = CommunityPledge.objects.filter(programme_id__in=programmes).aggregate(
        villages=Count("pk"), days=Sum("labour_days")
    )
    return total if total["villages"] else None


PANEL = DashboardPanel(
    "community-pledges-total",
    PANEL_TITLE,
    "extension_app/dashboard_panel.html",
    data=_pledges_of_rows,
)


# --- the menu and «Мои задачи»: the pledges of the person's municipalities


def pledges_for(user):
    return CommunityPledge.objects.filter(
        programme__municipality__in=municipalities_for(user)
    ).select_related("programme__municipality")


def _pledge_count(request) -> int:
    return pledges_for(request.user).aggregate(n=Count("pk"))["n"]


NAV_ENTRY = NavEntry(
    "community-pledges",
    NAV_LABEL,
    "my_municipalities",
    visible=signed_in,
    count=_pledge_count,
    count_label=bilingual("обещаний сёл", "айылдардын убадалары"),
    order=25,
)

GROUP = TaskGroup(
    "community-pledges",
    GROUP_TITLE,
    "extension_app/task_group.html",
    items=lambda user, today: list(pledges_for(user).order_by("village")),
)


# --- the pages of `municipalities`: the days pledged in each municipality


def _days_by_municipality(municipalities, request) -> dict[int, dict]:
    rows = (
        CommunityPledge.objects.filter(programme__municipality__in=[m.pk for m in municipalities])
        .values("programme__municipality")
        .annotate(days=Sum("labour_days"))
    )
    return {
        row["programme__municipality"]: {"label": COLUMN_LABEL, "days": row["days"]} for row in rows
    }


LISTING = Listing(
    "community-pledges",
    load=_days_by_municipality,
    templates={"home": "extension_app/listing.html", "detail": "extension_app/listing.html"},
)


def register() -> None:
    public_sections.register(SECTION)
    dashboard_columns.register(COLUMN)
    dashboard_filters.register(FILTER)
    navigation.register(NAV_ENTRY)
    task_groups.register(GROUP)
    listings.register(LISTING)


def unregister() -> None:
    public_sections.unregister(SECTION.key)
    dashboard_columns.unregister(COLUMN.key)
    dashboard_filters.unregister(FILTER.key)
    navigation.unregister(NAV_ENTRY.key)
    task_groups.unregister(GROUP.key)
    listings.unregister(LISTING.key)
