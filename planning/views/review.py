"""Review by project staff: the dashboard of every municipality in the reviewer's oblasts (with
its export to Excel), and the comment threads of a programme."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.xlsx import XLSX_CONTENT_TYPE
from municipalities.permissions import Need

from ..extensions import dashboard_columns, dashboard_filters
from ..forms.review import CommentFilterForm, DashboardFilterForm, ReplyForm, ThreadForm
from ..models import ReviewComment, Section
from ..permissions import get_programme_for
from ..selectors.review import (
    COLUMNS,
    DEFAULT_SORT,
    PAGE_SIZE,
    THREAD_STATES,
    comment_threads,
    dashboard_panels_of,
    dashboard_rows,
    is_reviewer,
    open_counts_by_section,
    reviewed_districts,
    sort_keys,
    state_summary,
    with_days_in_state,
    with_registered_cells,
)
from ..services.review import (
    comment_reopen,
    comment_reply,
    comment_resolve,
    comment_rights,
    comment_start,
    dashboard_workbook,
)
from .helpers import apply_validation_error

# --------------------------------------------------------------------------------------------
# The dashboard


def _require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied(
            _("Эта страница — для рецензентов проекта: вы не рецензируете ни одну область.")
        )


def _sort_of(request) -> tuple[str, bool]:
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in sort_keys():
        sort = DEFAULT_SORT
    return sort, request.GET.get("dir") == "desc"


def _registered_filter_values(form) -> tuple:
    """The values of the registered filters that the form accepted and that are not empty."""
    if not form.is_bound:
        return ()
    values = []
    for dashboard_filter in dashboard_filters:
        value = form.cleaned_data.get(dashboard_filter.key)
        if value not in form.fields[dashboard_filter.key].empty_values:
            values.append((dashboard_filter.key, value))
    return tuple(values)


def _dashboard_data(request):
    _require_reviewer(request.user)
    form = DashboardFilterForm(
        request.GET if request.GET else None, districts=reviewed_districts(request.user)
    )
    for dashboard_filter in dashboard_filters:
        form.fields[dashboard_filter.key] = dashboard_filter.field()
    filters = form.filters()
    filters = replace(filters, extra=_registered_filter_values(form))
    sort, descending = _sort_of(request)
    rows = dashboard_rows(request.user, filters, sort=sort, descending=descending)
    return form, filters, sort, descending, rows


@login_required
@require_GET
def dashboard(request):
    form, filters, sort, descending, rows = _dashboard_data(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    with_registered_cells(with_days_in_state(page.object_list))
    summary, total = state_summary(request.user, filters)
    sortable = sort_keys()
    columns = []
    for column in [*COLUMNS, *(c for c in dashboard_columns if c.on_page)]:
        current = column.key == sort
        columns.append(
            {
                "key": column.key,
                "label": column.label,
                "numeric": column.numeric,
                "sortable": column.key in sortable,
                "aria_sort": ("descending" if descending else "ascending") if current else None,
                # a click on the sorted column turns its order round; another sorts ascending
                "next_dir": "asc" if current and descending else ("desc" if current else "asc"),
            }
        )
    return render(
        request,
        "planning/review/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "columns": columns,
            "sort": sort,
            "descending": descending,
            "summary": summary,
            "total": total,
            "panels": dashboard_panels_of(rows) if page.object_list else [],
            "filtered": any(
                [filters.oblast_id, filters.district_id, filters.state, filters.kind, filters.extra]
            ),
        },
    )


@login_required
@require_GET
def dashboard_export(request):
    """Every row of the dashboard as filtered and sorted (not only one page), as .xlsx."""
    _form, _filters, _sort, _descending, rows = _dashboard_data(request)
    content = dashboard_workbook(
        with_days_in_state(list(rows)), extra_columns=list(dashboard_columns)
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"psep-review-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --------------------------------------------------------------------------------------------
# Comment threads


def _comments_url(programme, filters: dict[str, str] | None = None, anchor: str = "") -> str:
    url = reverse("planning:comments", kwargs={"pk": programme.pk})
    query = QueryDict(mutable=True)
    for key, value in (filters or {}).items():
        if value:
            query[key] = value
    if query:
        url += "?" + query.urlencode()
    return url + (f"#{anchor}" if anchor else "")


def _return_filters(request) -> dict[str, str]:
    """The filters of the page a form was sent from (hidden fields), checked."""
    section = request.POST.get("f_section", "")
    state = request.POST.get("f_state", "")
    return {
        "section": section if section in Section.values else "",
        "state": state if state in THREAD_STATES else "",
    }


def _thread(programme, comment_pk) -> ReviewComment:
    thread = get_object_or_404(ReviewComment, pk=comment_pk, programme=programme, parent=None)
    thread.programme = programme
    return thread


def _comments_page(
    request, programme, *, thread_form=None, bound_reply: tuple | None = None, status=200
):
    by_section, open_count, resolved_count = open_counts_by_section(programme)
    # after a refused POST, the page keeps the filters it was sent from
    source = _return_filters(request) if request.method == "POST" else request.GET
    filter_form = CommentFilterForm(
        source if any(source.values()) else None,
        open_by_section=by_section,
        auto_id="filter_%s",
    )
    filters = filter_form.values()
    threads = comment_threads(programme, **filters)
    rights = comment_rights(programme, request.user)
    for thread in threads:
        if bound_reply and bound_reply[0] == thread.pk:
            thread.reply_form = bound_reply[1]
        else:
            thread.reply_form = ReplyForm(prefix=f"reply-{thread.pk}")
    if thread_form is None:
        thread_form = ThreadForm(initial={"section": filters["section"]})
    return render(
        request,
        "planning/review/comments.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "threads": threads,
            "filter_form": filter_form,
            "filters": filters,
            "open_count": open_count,
            "resolved_count": resolved_count,
            "rights": rights,
            "thread_form": thread_form,
        },
        status=status,
    )


@login_required
@require_GET
def comments(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    return _comments_page(request, programme)


@login_required
@require_POST
def comment_add(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            thread = comment_start(
                programme=programme,
                actor=request.user,
                section=form.cleaned_data["section"],
                item_label=form.cleaned_data["item_label"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Обсуждение начато."))
            return redirect(_comments_url(programme, anchor=f"thread-{thread.pk}"))
    return _comments_page(request, programme, thread_form=form, status=400)


@login_required
@require_POST
def comment_reply_add(request, pk, comment_pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    thread = _thread(programme, comment_pk)
    form = ReplyForm(request.POST, prefix=f"reply-{thread.pk}")
    if form.is_valid():
        try:
            comment_reply(thread=thread, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Ответ добавлен."))
            return redirect(
                _comments_url(programme, _return_filters(request), anchor=f"thread-{thread.pk}")
            )
    return _comments_page(request, programme, bound_reply=(thread.pk, form), status=400)


def _set_state(request, pk, comment_pk, service, done_message):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    thread = _thread(programme, comment_pk)
    try:
        service(thread=thread, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done_message)
    return redirect(
        _comments_url(programme, _return_filters(request), anchor=f"thread-{thread.pk}")
    )


@login_required
@require_POST
def comment_resolve_view(request, pk, comment_pk):
    return _set_state(
        request, pk, comment_pk, comment_resolve, _("Обсуждение отмечено как решённое.")
    )


@login_required
@require_POST
def comment_reopen_view(request, pk, comment_pk):
    return _set_state(request, pk, comment_pk, comment_reopen, _("Обсуждение открыто снова."))


urlpatterns = [
    path("review/", dashboard, name="dashboard"),
    path("review/export.xlsx", dashboard_export, name="dashboard_export"),
    path("p/<int:pk>/comments/", comments, name="comments"),
    path("p/<int:pk>/comments/new/", comment_add, name="comment_add"),
    path("p/<int:pk>/comments/<int:comment_pk>/reply/", comment_reply_add, name="comment_reply"),
    path(
        "p/<int:pk>/comments/<int:comment_pk>/resolve/",
        comment_resolve_view,
        name="comment_resolve",
    ),
    path(
        "p/<int:pk>/comments/<int:comment_pk>/reopen/",
        comment_reopen_view,
        name="comment_reopen",
    ),
]
