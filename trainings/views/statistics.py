"""What capacity-building reached whom, across events: the page with its filter and charts,
and the same figures as a workbook."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.xlsx import XLSX_CONTENT_TYPE

from ..charts import bar_chart
from ..excel import statistics_workbook
from ..forms import StatisticsFilterForm
from ..permissions import oblasts_for_new_events
from ..selectors.statistics import PERSON_RULE, StatsFilter, selected_events, statistics
from .events import require_staff


def _filter(request) -> tuple[StatisticsFilterForm, StatsFilter]:
    form = StatisticsFilterForm(request.GET or None, oblasts=oblasts_for_new_events(request.user))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, StatsFilter(
            oblast=data["oblast"],
            district=data["district"],
            kind=data["kind"],
            topic=data["topic"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, StatsFilter()


def charts(stats) -> list:
    return [
        bar_chart(
            "sex",
            _("Люди по полу"),
            [(row.label, row.value) for row in stats.by_sex],
            tones=["women", "men"],
        ),
        bar_chart(
            "position",
            _("Люди по категориям должностей"),
            [(row.label, row.value) for row in stats.by_position],
        ),
        bar_chart(
            "kind",
            _("Мероприятия по видам"),
            [(row.label, row.value) for row in stats.by_kind],
        ),
        bar_chart(
            "month",
            _("Мероприятия по месяцам"),
            [(row.label, row.value) for row in stats.by_month],
        ),
    ]


@login_required
@require_GET
def statistics_page(request):
    require_staff(request.user)
    form, stats_filter = _filter(request)
    stats = statistics(request.user, stats_filter)
    return render(
        request,
        "trainings/statistics.html",
        {
            "form": form,
            "stats": stats,
            "charts": charts(stats),
            "person_rule": PERSON_RULE,
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_GET
def statistics_export(request):
    require_staff(request.user)
    _form, stats_filter = _filter(request)
    stats = statistics(request.user, stats_filter)
    events = selected_events(request.user, stats_filter)
    response = HttpResponse(statistics_workbook(stats, events), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="events-statistics-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response
