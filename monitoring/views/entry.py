"""Pages of monitoring: a programme's monitoring (targets against actuals, the progress of the
plan, money spent against planned), the entry page of a period (one small form per indicator
and per activity: it works on a phone without JavaScript, and in place with htmx), handing a
period in, closing it or giving it back, an indicator's chart, the Excel of a period, and the
ГСМиО of a municipality."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from municipalities.models import Municipality, Role
from municipalities.permissions import Need, can, get_municipality_for, needs_in, user_memberships
from planning.models import Activity, Indicator, Programme, ProgrammeStatus
from planning.permissions import get_programme_for
from planning.services.uploads import scan_content_type

from .. import charts
from ..forms import (
    ActualForm,
    FrequencyForm,
    GroupForm,
    ImportForm,
    MemberForm,
    ProgressForm,
    ReopenForm,
)
from ..models import IndicatorActual, MonitoringGroupMember, ReportingPeriod
from ..selectors.entry import period_rows, periods_waiting
from ..selectors.rollup import monitoring
from ..services import data, group, periods
from ..services.excel import IMPORT_LIMITS, ImportRejected, period_export, period_import


def _programme(user, pk, need: Need = Need.VIEW):
    """The programme if the person may read its monitoring (members of the municipality and
    reviewers of its oblast), and do `need` there."""
    programme = get_programme_for(user, pk, need=Need.VIEW)
    if need != Need.VIEW and not can(user, programme.municipality, need):
        raise PermissionDenied(_("У вас нет права на это действие в мониторинге."))
    return programme


def _period(programme, period_pk) -> ReportingPeriod:
    period = get_object_or_404(ReportingPeriod, pk=period_pk, programme=programme)
    period.programme = programme
    return period


def _entry_url(programme, period, anchor: str = "") -> str:
    url = reverse("monitoring:period", kwargs={"pk": programme.pk, "period_pk": period.pk})
    return f"{url}#{anchor}" if anchor else url


def _apply(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- the programme's monitoring -------------------------------------------------------------------


@login_required
@require_GET
def overview(request, pk):
    programme = _programme(request.user, pk)
    data_ = monitoring(programme)
    as_of = data_.as_of
    chosen = request.GET.get("period")
    if chosen and chosen.isdigit():
        match = [p for p in data_.periods if p.pk == int(chosen)]
        if match and match[0] != as_of:
            data_ = monitoring(programme, as_of=match[0])
    needs = needs_in(request.user, programme.municipality)
    return render(
        request,
        "monitoring/overview.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "m": data_,
            "today": timezone.localdate(),
            "can_monitor": Need.MONITOR in needs,
            "is_implemented": programme.status == ProgrammeStatus.IN_IMPLEMENTATION,
            "frequency_form": FrequencyForm(
                initial={"frequency": data_.periods[0].frequency if data_.periods else "year"}
            ),
        },
    )


@login_required
@require_POST
def frequency(request, pk):
    programme = _programme(request.user, pk, Need.MONITOR)
    form = FrequencyForm(request.POST)
    if form.is_valid():
        try:
            periods.periods_set_frequency(
                programme=programme, actor=request.user, frequency=form.cleaned_data["frequency"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Отчётные периоды составлены заново."))
    return redirect("monitoring:overview", pk=programme.pk)


# --- a period -------------------------------------------------------------------------------------


def _entry_context(request, programme, period, bound=None):
    """The entry page: the roll-up as of this period (the tree and the targets) and a form for
    each indicator and each activity — the bound one kept as typed when it has errors."""
    data_ = monitoring(programme, as_of=period)
    actuals, progress = period_rows(period)
    can_write = period.is_open and can(request.user, programme.municipality, Need.MONITOR)
    sources = [value for value, _label in data_.sources] or None
    indicator_items = []
    for line in data_.indicators:
        if line.removed:
            continue
        indicator = line.indicator
        actual = actuals.get(indicator.pk)
        key = f"indicator-{indicator.pk}"
        form = bound if bound is not None and bound.prefix == key else None
        if form is None and can_write:
            initial = {}
            if actual is not None:
                initial = {
                    name: getattr(actual, name)
                    for name in ("value", "women", "men", "source", "evidence_link", "comment")
                }
            form = ActualForm(prefix=key, indicator=indicator, initial=initial)
        cell = next(c for c in line.cells if c.period.pk == period.pk)
        indicator_items.append(
            {"key": key, "line": line, "actual": actual, "cell": cell, "form": form}
        )
    activity_items = []
    for direction in data_.tree.directions:
        for goal in direction.children:
            for objective in goal.children:
                for activity in objective.children:
                    row = progress.get(activity.pk)
                    key = f"activity-{activity.pk}"
                    form = bound if bound is not None and bound.prefix == key else None
                    if form is None and can_write:
                        earlier = data_.activity_state.get(activity.pk)
                        initial = {}
                        base = row or earlier
                        if base is not None:
                            initial = {"status": base.status, "percent": base.percent}
                        if row is not None:
                            initial["comment"] = row.comment
                            for spent in row.spent:
                                initial[f"spent_{spent.source}"] = spent.amount
                        form = ProgressForm(
                            prefix=key,
                            sources=sources or [c.source for c in activity.cost_list],
                            initial=initial,
                        )
                    activity_items.append(
                        {"key": key, "activity": activity, "row": row, "form": form}
                    )
    return {
        "programme": programme,
        "municipality": programme.municipality,
        "period": period,
        "m": data_,
        "indicator_items": indicator_items,
        "activity_items": activity_items,
        "can_write": can_write,
        "can_council": can(request.user, programme.municipality, Need.COUNCIL),
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def period_page(request, pk, period_pk):
    programme = _programme(request.user, pk)
    period = _period(programme, period_pk)
    return render(request, "monitoring/period.html", _entry_context(request, programme, period))


def _item_response(request, programme, period, key, form, saved=False):
    """After a save: in place for htmx (the item alone), else back to the item on the page; with
    errors, the whole page with the form as typed (status 400) or the item (htmx)."""
    if form.errors or not saved:
        context = _entry_context(request, programme, period, bound=form)
        if request.htmx:
            item = next(
                i for i in context["indicator_items"] + context["activity_items"] if i["key"] == key
            )
            template = (
                "monitoring/_actual.html"
                if key.startswith("indicator")
                else "monitoring/_progress.html"
            )
            # the item with its errors, in place (htmx swaps what is answered with 200)
            return render(request, template, {**context, "item": item})
        return render(request, "monitoring/period.html", context, status=400)
    if request.htmx:
        context = _entry_context(request, programme, period)
        item = next(
            i for i in context["indicator_items"] + context["activity_items"] if i["key"] == key
        )
        item["saved"] = True
        template = (
            "monitoring/_actual.html"
            if key.startswith("indicator")
            else "monitoring/_progress.html"
        )
        return render(request, template, {**context, "item": item})
    messages.success(request, _("Сохранено."))
    return redirect(_entry_url(programme, period, key))


@login_required
@require_POST
def actual_save(request, pk, period_pk, indicator_pk):
    programme = _programme(request.user, pk, Need.MONITOR)
    period = _period(programme, period_pk)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, programme=programme)
    key = f"indicator-{indicator.pk}"
    form = ActualForm(request.POST, request.FILES, prefix=key, indicator=indicator)
    saved = False
    if form.is_valid():
        values = form.cleaned_data
        try:
            data.actual_set(
                period=period,
                indicator=indicator,
                actor=request.user,
                value=values["value"],
                women=values.get("women"),
                men=values.get("men"),
                source=values["source"],
                evidence=values["evidence"],
                evidence_link=values["evidence_link"],
                comment=values["comment"],
            )
            saved = True
        except ValidationError as error:
            _apply(form, error)
    return _item_response(request, programme, period, key, form, saved)


@login_required
@require_POST
def progress_save(request, pk, period_pk, activity_pk):
    programme = _programme(request.user, pk, Need.MONITOR)
    period = _period(programme, period_pk)
    activity = get_object_or_404(Activity, pk=activity_pk, programme=programme)
    key = f"activity-{activity.pk}"
    sources = [s[len(f"{key}-spent_") :] for s in request.POST if s.startswith(f"{key}-spent_")]
    form = ProgressForm(request.POST, prefix=key, sources=[s for s in sources if s])
    saved = False
    if form.is_valid():
        values = form.cleaned_data
        try:
            data.progress_set(
                period=period,
                activity=activity,
                actor=request.user,
                status=values["status"],
                percent=values["percent"],
                comment=values["comment"],
                spending=form.spending(),
            )
            saved = True
        except ValidationError as error:
            _apply(form, error)
    return _item_response(request, programme, period, key, form, saved)


@login_required
@require_http_methods(["GET", "POST"])
def period_submit(request, pk, period_pk):
    programme = _programme(request.user, pk, Need.MONITOR)
    period = _period(programme, period_pk)
    if request.method == "POST":
        try:
            periods.period_submit(period=period, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Период сдан. Его данные больше нельзя изменить."))
        return redirect(_entry_url(programme, period))
    data_ = monitoring(programme, as_of=period)
    actuals, progress = period_rows(period)
    missing_indicators = [
        line for line in data_.indicators if not line.removed and line.indicator.pk not in actuals
    ]
    return render(
        request,
        "monitoring/period_submit.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "period": period,
            "missing_indicators": missing_indicators,
            "missing_activities": sum(
                1
                for d in data_.tree.directions
                for g in d.children
                for o in g.children
                for a in o.children
                if a.pk not in progress
            ),
        },
    )


@login_required
@require_POST
def period_close(request, pk, period_pk):
    programme = _programme(request.user, pk, Need.COUNCIL)
    period = _period(programme, period_pk)
    try:
        periods.period_close(period=period, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Период закрыт."))
    return redirect(_entry_url(programme, period))


@login_required
@require_http_methods(["GET", "POST"])
def period_reopen(request, pk, period_pk):
    programme = _programme(request.user, pk, Need.COUNCIL)
    period = _period(programme, period_pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            periods.period_reopen(
                period=period, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Период возвращён ГСМиО."))
            return redirect(_entry_url(programme, period))
    return render(
        request,
        "monitoring/period_reopen.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "period": period,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def evidence(request, pk, actual_pk):
    programme = _programme(request.user, pk)
    actual = get_object_or_404(IndicatorActual, pk=actual_pk, period__programme=programme)
    if not actual.evidence:
        raise Http404(_("Файла нет."))
    try:
        handle = actual.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл не найден.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=actual.evidence.name.rsplit("/", 1)[-1],
        content_type=scan_content_type(actual.evidence.name),
    )


# --- an indicator's chart -------------------------------------------------------------------------


@login_required
@require_GET
def indicator_chart(request, pk, indicator_pk):
    programme = _programme(request.user, pk)
    data_ = monitoring(programme)
    line = next((x for x in data_.indicators if x.indicator.pk == indicator_pk), None)
    if line is None:
        raise Http404(_("Такого индикатора нет в этой программе."))
    return render(
        request,
        "monitoring/indicator.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "m": data_,
            "line": line,
            "chart": charts.indicator_chart(line, programme),
        },
    )


# --- Excel of a period ----------------------------------------------------------------------------


@login_required
@require_GET
def period_export_view(request, pk, period_pk):
    programme = _programme(request.user, pk)
    period = _period(programme, period_pk)
    content, name = period_export(period)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def period_import_view(request, pk, period_pk):
    programme = _programme(request.user, pk, Need.MONITOR)
    period = _period(programme, period_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    rejected = None
    if request.method == "POST" and form.is_valid():
        try:
            result = period_import(
                period=period, file=form.cleaned_data["file"], actor=request.user
            )
        except ImportRejected as error:
            rejected = error
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(
                request,
                _(
                    "Импортировано: значений индикаторов — %(actuals)s, мероприятий — "
                    "%(activities)s."
                )
                % {"actuals": result.actuals, "activities": result.activities},
            )
            return redirect(_entry_url(programme, period))
    return render(
        request,
        "monitoring/period_import.html",
        {
            "programme": programme,
            "municipality": programme.municipality,
            "period": period,
            "form": form,
            "rejected": rejected,
            "limits": IMPORT_LIMITS,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the ГСМиО of a municipality ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_page(request, slug):
    municipality = get_municipality_for(request.user, slug, need=Need.VIEW)
    the_group = group.group_of(municipality)
    can_edit = can(request.user, municipality, Need.MONITOR)
    form = GroupForm(
        request.POST or None,
        request.FILES or None,
        group=the_group,
        initial={
            "decision_number": the_group.decision_number,
            "decision_date": the_group.decision_date,
            "contact": the_group.contact_id,
        },
        prefix="group",
    )
    member_form = MemberForm(prefix="member", candidates=group.candidates(municipality))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Состав ГСМиО изменяют только её члены."))
        if "member-full_name" in request.POST:
            member_form = MemberForm(
                request.POST, prefix="member", candidates=group.candidates(municipality)
            )
            if member_form.is_valid():
                values = {k: v for k, v in member_form.cleaned_data.items() if k != "user"}
                try:
                    group.member_add(
                        group=the_group,
                        actor=request.user,
                        user=member_form.cleaned_data["user"],
                        **values,
                    )
                except ValidationError as error:
                    _apply(member_form, error)
                else:
                    messages.success(request, _("Член ГСМиО добавлен."))
                    return redirect("monitoring:group", slug=municipality.slug)
        elif form.is_valid():
            try:
                group.group_update(group=the_group, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("Сведения о ГСМиО сохранены."))
                return redirect("monitoring:group", slug=municipality.slug)
    return render(
        request,
        "monitoring/group.html",
        {
            "municipality": municipality,
            "group": the_group,
            "members": list(the_group.members.select_related("user")),
            "form": form,
            "member_form": member_form,
            "can_edit": can_edit,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def member_delete(request, slug, member_pk):
    municipality = get_municipality_for(request.user, slug, need=Need.MONITOR)
    member = get_object_or_404(
        MonitoringGroupMember, pk=member_pk, group__municipality=municipality
    )
    group.member_delete(member=member, actor=request.user)
    messages.success(
        request, _("«%(name)s» больше не в составе ГСМиО.") % {"name": member.full_name}
    )
    return redirect("monitoring:group", slug=municipality.slug)


@login_required
@require_GET
def group_scan(request, slug):
    municipality = get_municipality_for(request.user, slug, need=Need.VIEW)
    the_group = group.group_of(municipality)
    if not the_group.decision_scan:
        raise Http404(_("Файла нет."))
    try:
        handle = the_group.decision_scan.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Файл не найден.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=the_group.decision_scan.name.rsplit("/", 1)[-1],
        content_type=scan_content_type(the_group.decision_scan.name),
    )


@login_required
@require_GET
def my_groups(request):
    """The ГСМиО a person belongs to: each municipality's group and the programmes it
    monitors, and the periods that wait for them."""
    municipality_ids = [
        m.municipality_id
        for m in user_memberships(request.user)
        if m.role == Role.MONITORING_MEMBER
    ]
    municipalities = Municipality.objects.filter(pk__in=municipality_ids).order_by("name")
    programmes = Programme.objects.filter(
        municipality__in=municipalities, status=ProgrammeStatus.IN_IMPLEMENTATION
    ).order_by("-start_year")
    by_municipality = {}
    for programme in programmes:
        by_municipality.setdefault(programme.municipality_id, []).append(programme)
    return render(
        request,
        "monitoring/my_groups.html",
        {
            "groups": [
                {"municipality": m, "programmes": by_municipality.get(m.pk, [])}
                for m in municipalities
            ],
            "waiting": periods_waiting(request.user, timezone.localdate()),
        },
    )
