"""The extension points of the pages that `planning` owns and that the apps above feed (the
monitoring of an approved programme, its trainings…), each filled from an app's
`AppConfig.ready()`:

- `public_sections`: sections of a programme's public page, with their place in its table of
  contents (planning's own sections are registered here too, so an app can put its section
  between them);
- `dashboard_columns` and `dashboard_filters`: columns and filters of the reviewers' dashboard,
  after its own; a column is sorted, counted and exported by the same one query as the rest of
  the row;
- `dashboard_panels`: panels of the reviewers' dashboard under its table (a chart comparing
  the municipalities), drawn from the same rows as filtered and sorted;
- `task_groups`: groups of «Мои задачи», what waits for the person in an app, shown after the
  tasks of the working groups' workplans (planning's own groups are registered here too); the
  menu's count of «Мои задачи» adds up the groups (`selectors.waiting`).

An entry adds no query to a page that does not show it: a section's `data` is loaded only when
`when` says it is shown, a column's value comes from annotations of the dashboard's own
query, a panel's data is read from that query (on the page only, not in the .xlsx), a task
group's items are loaded only when the page is asked for."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from common.registry import Registry

# --------------------------------------------------------------------------------------------
# The public page of a programme


@dataclass(frozen=True)
class PublicSection:
    key: str  # the section's id on the page: the table of contents links to #<key>
    title: str  # a lazy translation: the table of contents' entry
    template: str  # gets the page's context, the section as `section` and its `data`
    data: Callable[[Any], Mapping[str, Any]] | None = None  # programme → what the template needs
    when: Callable[[Any], bool] | None = None  # programme → is the section shown? (always)
    order: int = 100

    def template_names(self):
        return (self.template,)


public_sections: Registry[PublicSection] = Registry("public page section")


# --------------------------------------------------------------------------------------------
# The reviewers' dashboard

# The dashboard's own columns (also the values of `?sort=`) and query parameters: no entry
# may take them.
DASHBOARD_OWN_KEYS = frozenset(
    {
        "municipality",
        "programme",
        "period",
        "state",
        "days",
        "completeness",
        "ky",
        "comments",
        "changed",
        "oblast",
        "district",
        "kind",
        "sort",
        "dir",
        "page",
    }
)


@dataclass(frozen=True)
class DashboardColumn:
    """A column of the dashboard. Each row is a municipality; its current programme (the
    newest version not superseded) is `current_programme_id` (for `OuterRef`) and the relation
    `cp`, both None without a programme. `annotate` adds to the rows' query what the column
    shows and sorts by; `value` reads it from a row (no query) for the page and the .xlsx."""

    key: str  # also the value of `?sort=`
    label: str  # a lazy translation: the column's header, on the page and in the .xlsx
    annotate: Callable[[], Mapping[str, Any]]  # annotation name → expression
    value: Callable[[Any], Any]  # a row → its value
    sort: str | None = None  # the annotation the column sorts by; None: not sortable
    template: str | None = None  # a cell of its own (a <td>; `m` the row, `value` its value)
    numeric: bool = False
    export_width: int = 14
    export_format: str | None = None  # an Excel number format, e.g. "0.0" or "DD.MM.YYYY"
    order: int = 100
    # False: in the .xlsx only (e.g. the amounts behind a percentage the page shows in one cell)
    on_page: bool = True

    def template_names(self):
        if self.sort is not None and self.sort not in self.annotate():
            raise ImproperlyConfigured(
                f"dashboard column {self.key!r}: it sorts by {self.sort!r}, which its "
                "`annotate` does not add"
            )
        return (self.template,) if self.template else ()


@dataclass(frozen=True)
class DashboardFilter:
    """A filter of the dashboard: a field of its form (GET `?<key>=`) and what a value keeps.
    `apply` gets the rows (see `DashboardColumn`) and the field's cleaned value; an empty value
    is not applied. It narrows the summary of states as well as the list and the .xlsx."""

    key: str
    field: Callable[[], forms.Field]  # a new field for each form (label, choices)
    apply: Callable[[QuerySet, Any], QuerySet]
    order: int = 100

    def template_names(self):
        return ()


@dataclass(frozen=True)
class DashboardPanel:
    """A panel of the dashboard, under its table: a heading and what its template draws.
    `data` gets the rows (see `DashboardColumn`) as filtered and sorted, all of them and not
    only the page shown, with the registered columns' annotations; it returns what the
    template needs, or None to leave the panel out (nothing to show among these rows). It
    reads them in a fixed number of queries, whatever the number of rows."""

    key: str  # the panel's id on the page
    title: str  # a lazy translation: the panel's heading
    template: str  # gets the page's context, the panel as `panel` and its `data`
    data: Callable[[QuerySet], Mapping[str, Any] | None]
    order: int = 100

    def template_names(self):
        return (self.template,)


dashboard_columns: Registry[DashboardColumn] = Registry(
    "dashboard column", reserved=DASHBOARD_OWN_KEYS
)
dashboard_filters: Registry[DashboardFilter] = Registry(
    "dashboard filter", reserved=DASHBOARD_OWN_KEYS
)
# the page's own ids: its sections' headings
dashboard_panels: Registry[DashboardPanel] = Registry(
    "dashboard panel", reserved={"filters", "summary", "list"}
)


# --------------------------------------------------------------------------------------------
# «Мои задачи»


@dataclass(frozen=True)
class TaskGroup:
    """A group of «Мои задачи». `items` (and `tally`) run a fixed number of queries, none for a
    person without the role the group is about; the page and the menu's count share them within
    a request."""

    key: str
    title: str  # a lazy translation: the group's heading
    template: str  # gets the group's `items`
    items: Callable[[Any, date], Sequence[Any]]  # (user, today) → what waits; empty: not shown
    order: int = 100
    # the items → how many things wait (default: one per item)
    count: Callable[[Sequence[Any]], int] = len
    # (user, today) → the same number without loading the items, for the menu's count on every
    # page; None: the menu counts the items
    tally: Callable[[Any, date], int] | None = None

    def template_names(self):
        return (self.template,)


task_groups: Registry[TaskGroup] = Registry("task group", reserved={"workplan"})
