"""Passport of the municipality, situation analysis by sector and SWOT."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipalities.permissions import Need, can

from ..forms.analysis import (
    BudgetYearForm,
    KeyFigureForm,
    PassportForm,
    ProblemForm,
    SituationForm,
    SwotItemEditForm,
    SwotItemForm,
    VillageForm,
)
from ..models import (
    BudgetYear,
    KeyFigure,
    Passport,
    Problem,
    Sector,
    SectorAnalysis,
    SwotItem,
    Village,
)
from ..permissions import get_programme_for
from ..selectors.analysis import (
    SWOT_LABELS,
    analysis_rows,
    analysis_summary,
    passport_page,
    sector_page,
    swot_blocks,
)
from ..services import analysis as services
from .helpers import edit

FORM_TEMPLATE = "planning/analysis/form.html"
CONFIRM_TEMPLATE = "planning/analysis/confirm_delete.html"


def _can_edit(request, programme) -> bool:
    return programme.is_editable and can(request.user, programme.municipality, Need.EDIT)


def _context(programme, **extra) -> dict:
    return {"programme": programme, "municipality": programme.municipality, **extra}


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form._meta.fields}


def _url(name, programme, anchor="", **kwargs) -> str:
    url = reverse(f"planning:{name}", kwargs={"pk": programme.pk, **kwargs})
    return f"{url}#{anchor}" if anchor else url


def _confirm_delete(
    request, programme, *, what: str, delete, done: str, back: str, consequence: str = ""
):
    """GET: ask «Удалить <what>?»; POST: delete and say `done`. Nothing is deleted by a GET."""
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        CONFIRM_TEMPLATE,
        _context(programme, what=what, consequence=consequence, cancel_url=back),
    )


# --- passport ------------------------------------------------------------------------------


@login_required
def passport(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    can_edit = _can_edit(request, programme)
    context = _context(programme, can_edit=can_edit, **passport_page(programme))
    if can_edit:
        context["village_form"] = VillageForm(prefix="village")
        context["budget_form"] = BudgetYearForm(prefix="budget")
    return render(request, "planning/analysis/passport.html", context)


@login_required
def passport_edit(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    # every programme gets its passport when created; an unsaved one is saved by the service
    passport = Passport.objects.filter(programme=programme).first() or Passport(programme=programme)
    passport.programme = programme
    form = PassportForm(request.POST or None, instance=passport)

    def save(form):
        return services.passport_update(
            passport=passport,
            actor=request.user,
            expected_revision=form.expected_revision,
            **_fields(form),
        )

    return edit(
        request,
        form=form,
        save=save,
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Паспорт муниципалитета"),
            intro=_(
                "Общая характеристика территории: положение, расстояния, площадь, население. "
                "Тексты можно писать на одном или на обоих языках; числа — не меньше нуля."
            ),
            cancel_url=_url("passport", programme),
        ),
        success_url=_url("passport", programme),
        success_message=_("Паспорт сохранён."),
    )


def _village(programme, village_pk) -> Village:
    village = get_object_or_404(
        Village.objects.select_related("passport"), pk=village_pk, passport__programme=programme
    )
    village.passport.programme = programme
    return village


@login_required
def village_create(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    form = VillageForm(request.POST or None, prefix="village")

    def save(form):
        passport = services.passport_get_or_create(programme=programme, actor=request.user)
        return services.village_create(passport=passport, actor=request.user, **_fields(form))

    return edit(
        request,
        form=form,
        save=save,
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Новое село"),
            cancel_url=_url("passport", programme, "villages"),
        ),
        success_url=_url("passport", programme, "villages"),
        success_message=_("Село добавлено."),
    )


@login_required
def village_edit(request, pk, village_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    village = _village(programme, village_pk)
    form = VillageForm(request.POST or None, instance=village)
    return edit(
        request,
        form=form,
        save=lambda form: services.village_update(
            expected_revision=form.expected_revision,
            village=village,
            actor=request.user,
            **_fields(form),
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Село"),
            cancel_url=_url("passport", programme, "villages"),
        ),
        success_url=_url("passport", programme, "villages"),
        success_message=_("Село сохранено."),
    )


@login_required
def village_delete(request, pk, village_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    village = _village(programme, village_pk)
    activities = village.activities.count()
    consequence = ""
    if activities:
        consequence = _(
            "Мероприятий в этом селе: %(count)d. Они останутся в плане, но без указания места."
        ) % {"count": activities}
    return _confirm_delete(
        request,
        programme,
        what=_("село «%(name)s»") % {"name": village.name},
        delete=lambda: services.village_delete(village=village, actor=request.user),
        done=_("Село удалено."),
        back=_url("passport", programme, "villages"),
        consequence=consequence,
    )


def _budget(programme, budget_pk) -> BudgetYear:
    budget = get_object_or_404(
        BudgetYear.objects.select_related("passport"),
        pk=budget_pk,
        passport__programme=programme,
    )
    budget.passport.programme = programme
    return budget


@login_required
def budget_year_create(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    form = BudgetYearForm(request.POST or None, prefix="budget")

    def save(form):
        passport = services.passport_get_or_create(programme=programme, actor=request.user)
        return services.budget_year_create(passport=passport, actor=request.user, **_fields(form))

    return edit(
        request,
        form=form,
        save=save,
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Местный бюджет: новый год"),
            cancel_url=_url("passport", programme, "budget"),
        ),
        success_url=_url("passport", programme, "budget"),
        success_message=_("Бюджет года добавлен."),
    )


@login_required
def budget_year_edit(request, pk, budget_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    budget = _budget(programme, budget_pk)
    form = BudgetYearForm(request.POST or None, instance=budget)
    return edit(
        request,
        form=form,
        save=lambda form: services.budget_year_update(
            expected_revision=form.expected_revision,
            budget=budget,
            actor=request.user,
            **_fields(form),
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Местный бюджет за %(year)d год") % {"year": budget.year},
            cancel_url=_url("passport", programme, "budget"),
        ),
        success_url=_url("passport", programme, "budget"),
        success_message=_("Бюджет года сохранён."),
    )


@login_required
def budget_year_delete(request, pk, budget_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    budget = _budget(programme, budget_pk)
    return _confirm_delete(
        request,
        programme,
        what=_("бюджет за %(year)d год") % {"year": budget.year},
        delete=lambda: services.budget_year_delete(budget=budget, actor=request.user),
        done=_("Бюджет года удалён."),
        back=_url("passport", programme, "budget"),
    )


# --- situation analysis --------------------------------------------------------------------


def _sector(code) -> Sector:
    return get_object_or_404(Sector, code=code, is_active=True)


@login_required
def analysis(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    rows = analysis_rows(programme)
    return render(
        request,
        "planning/analysis/analysis.html",
        _context(programme, rows=rows, summary=analysis_summary(rows)),
    )


@login_required
def sector(request, pk, code):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    the_sector = _sector(code)
    can_edit = _can_edit(request, programme)
    context = _context(
        programme, sector=the_sector, can_edit=can_edit, **sector_page(programme, the_sector)
    )
    if can_edit:
        context["figure_form"] = KeyFigureForm(prefix="figure")
        context["problem_form"] = ProblemForm(prefix="problem")
    return render(request, "planning/analysis/sector.html", context)


@login_required
def situation_edit(request, pk, code):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    analysis_obj = SectorAnalysis.objects.filter(programme=programme, sector=the_sector).first()
    if analysis_obj is None:
        analysis_obj = SectorAnalysis(programme=programme, sector=the_sector)
    form = SituationForm(request.POST or None, instance=analysis_obj)

    def save(form):
        return services.sector_analysis_update(
            programme=programme,
            sector=the_sector,
            actor=request.user,
            expected_revision=form.expected_revision,
            situation_ru=form.cleaned_data["situation_ru"] or "",
            situation_ky=form.cleaned_data["situation_ky"] or "",
        )

    back = _url("sector", programme, code=the_sector.code)
    return edit(
        request,
        form=form,
        save=save,
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Текущая ситуация: %(sector)s") % {"sector": the_sector.name},
            intro=_(
                "Опишите положение дел в сфере на русском и на кыргызском языках — рядом, "
                "чтобы тексты говорили одно и то же."
            ),
            cancel_url=back,
        ),
        success_url=back,
        success_message=_("Текст о текущей ситуации сохранён."),
    )


def _figure(programme, sector_obj, figure_pk) -> KeyFigure:
    figure = get_object_or_404(
        KeyFigure.objects.select_related("analysis"),
        pk=figure_pk,
        analysis__programme=programme,
        analysis__sector=sector_obj,
    )
    figure.analysis.programme = programme
    return figure


@login_required
def key_figure_create(request, pk, code):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    form = KeyFigureForm(request.POST or None, prefix="figure")
    back = _url("sector", programme, "figures", code=the_sector.code)
    return edit(
        request,
        form=form,
        save=lambda form: services.key_figure_create(
            programme=programme, sector=the_sector, actor=request.user, **_fields(form)
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Новый ключевой показатель: %(sector)s") % {"sector": the_sector.name},
            cancel_url=back,
        ),
        success_url=back,
        success_message=_("Ключевой показатель добавлен."),
    )


@login_required
def key_figure_edit(request, pk, code, figure_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    figure = _figure(programme, the_sector, figure_pk)
    form = KeyFigureForm(request.POST or None, instance=figure)
    back = _url("sector", programme, "figures", code=the_sector.code)
    return edit(
        request,
        form=form,
        save=lambda form: services.key_figure_update(
            expected_revision=form.expected_revision,
            figure=figure,
            actor=request.user,
            **_fields(form),
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Ключевой показатель: %(sector)s") % {"sector": the_sector.name},
            cancel_url=back,
        ),
        success_url=back,
        success_message=_("Ключевой показатель сохранён."),
    )


@login_required
def key_figure_delete(request, pk, code, figure_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    figure = _figure(programme, the_sector, figure_pk)
    return _confirm_delete(
        request,
        programme,
        what=_("ключевой показатель «%(name)s»") % {"name": figure.name},
        delete=lambda: services.key_figure_delete(figure=figure, actor=request.user),
        done=_("Ключевой показатель удалён."),
        back=_url("sector", programme, "figures", code=the_sector.code),
    )


def _problem(programme, sector_obj, problem_pk) -> Problem:
    problem = get_object_or_404(
        Problem.objects.select_related("analysis"),
        pk=problem_pk,
        analysis__programme=programme,
        analysis__sector=sector_obj,
    )
    problem.analysis.programme = programme
    return problem


@login_required
def problem_create(request, pk, code):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    form = ProblemForm(request.POST or None, prefix="problem")
    back = _url("sector", programme, "problems", code=the_sector.code)
    return edit(
        request,
        form=form,
        save=lambda form: services.problem_create(
            programme=programme,
            sector=the_sector,
            actor=request.user,
            priority=form.cleaned_data["priority"],
            **_fields(form),
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Новая проблема: %(sector)s") % {"sector": the_sector.name},
            cancel_url=back,
        ),
        success_url=back,
        success_message=_("Проблема добавлена."),
    )


@login_required
def problem_edit(request, pk, code, problem_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    problem = _problem(programme, the_sector, problem_pk)
    form = ProblemForm(request.POST or None, instance=problem)
    back = _url("sector", programme, "problems", code=the_sector.code)
    return edit(
        request,
        form=form,
        save=lambda form: services.problem_update(
            problem=problem,
            actor=request.user,
            expected_revision=form.expected_revision,
            priority=form.cleaned_data["priority"],
            **_fields(form),
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Проблема: %(sector)s") % {"sector": the_sector.name},
            cancel_url=back,
        ),
        success_url=back,
        success_message=_("Проблема сохранена."),
    )


@login_required
@require_POST
def problem_move(request, pk, code, problem_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    problem = _problem(programme, the_sector, problem_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404(_("Неизвестное направление."))
    services.problem_move(problem=problem, actor=request.user, direction=direction)
    return redirect(_url("sector", programme, "problems", code=the_sector.code))


@login_required
def problem_delete(request, pk, code, problem_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    the_sector = _sector(code)
    problem = _problem(programme, the_sector, problem_pk)
    return _confirm_delete(
        request,
        programme,
        what=_("проблему «%(text)s»") % {"text": Truncator(problem.text).chars(120)},
        delete=lambda: services.problem_delete(problem=problem, actor=request.user),
        done=_("Проблема удалена."),
        back=_url("sector", programme, "problems", code=the_sector.code),
    )


# --- SWOT ----------------------------------------------------------------------------------


@login_required
def swot(request, pk):
    programme = get_programme_for(request.user, pk, need=Need.VIEW)
    can_edit = _can_edit(request, programme)
    blocks = swot_blocks(programme)
    if can_edit:
        for block in blocks:
            block.form = SwotItemForm(prefix=block.kind)
    return render(
        request,
        "planning/analysis/swot.html",
        _context(programme, blocks=blocks, can_edit=can_edit),
    )


def _swot_item(programme, item_pk) -> SwotItem:
    item = get_object_or_404(SwotItem, pk=item_pk, programme=programme)
    item.programme = programme
    return item


@login_required
def swot_item_create(request, pk, kind):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    if kind not in SWOT_LABELS:
        raise Http404(_("Такого раздела SWOT нет."))
    form = SwotItemForm(request.POST or None, prefix=kind)
    back = _url("swot", programme, kind)
    return edit(
        request,
        form=form,
        save=lambda form: services.swot_item_create(
            programme=programme,
            actor=request.user,
            kind=kind,
            text_ru=form.cleaned_data["text_ru"] or "",
            text_ky=form.cleaned_data["text_ky"] or "",
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("SWOT — %(kind)s: новый пункт") % {"kind": SWOT_LABELS[kind]},
            cancel_url=back,
        ),
        success_url=back,
        success_message=_("Пункт добавлен."),
    )


@login_required
def swot_item_edit(request, pk, item_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    item = _swot_item(programme, item_pk)
    form = SwotItemEditForm(request.POST or None, instance=item)
    return edit(
        request,
        form=form,
        save=lambda form: services.swot_item_update(
            expected_revision=form.expected_revision, item=item, actor=request.user, **_fields(form)
        ),
        template=FORM_TEMPLATE,
        context=_context(
            programme,
            page_title=_("Пункт SWOT"),
            cancel_url=_url("swot", programme, item.kind),
        ),
        success_url=lambda saved: _url("swot", programme, saved.kind),
        success_message=_("Пункт сохранён."),
    )


@login_required
def swot_item_delete(request, pk, item_pk):
    programme = get_programme_for(request.user, pk, need=Need.EDIT)
    item = _swot_item(programme, item_pk)
    return _confirm_delete(
        request,
        programme,
        what=_("пункт SWOT «%(text)s»") % {"text": Truncator(item.text).chars(120)},
        delete=lambda: services.swot_item_delete(item=item, actor=request.user),
        done=_("Пункт SWOT удалён."),
        back=_url("swot", programme, item.kind),
    )


urlpatterns = [
    path("p/<int:pk>/passport/", passport, name="passport"),
    path("p/<int:pk>/passport/edit/", passport_edit, name="passport_edit"),
    path("p/<int:pk>/passport/villages/new/", village_create, name="village_create"),
    path("p/<int:pk>/passport/villages/<int:village_pk>/", village_edit, name="village_edit"),
    path(
        "p/<int:pk>/passport/villages/<int:village_pk>/delete/",
        village_delete,
        name="village_delete",
    ),
    path("p/<int:pk>/passport/budget/new/", budget_year_create, name="budget_year_create"),
    path("p/<int:pk>/passport/budget/<int:budget_pk>/", budget_year_edit, name="budget_year_edit"),
    path(
        "p/<int:pk>/passport/budget/<int:budget_pk>/delete/",
        budget_year_delete,
        name="budget_year_delete",
    ),
    path("p/<int:pk>/analysis/", analysis, name="analysis"),
    path("p/<int:pk>/analysis/<slug:code>/", sector, name="sector"),
    path("p/<int:pk>/analysis/<slug:code>/situation/", situation_edit, name="situation_edit"),
    path(
        "p/<int:pk>/analysis/<slug:code>/figures/new/",
        key_figure_create,
        name="key_figure_create",
    ),
    path(
        "p/<int:pk>/analysis/<slug:code>/figures/<int:figure_pk>/",
        key_figure_edit,
        name="key_figure_edit",
    ),
    path(
        "p/<int:pk>/analysis/<slug:code>/figures/<int:figure_pk>/delete/",
        key_figure_delete,
        name="key_figure_delete",
    ),
    path("p/<int:pk>/analysis/<slug:code>/problems/new/", problem_create, name="problem_create"),
    path(
        "p/<int:pk>/analysis/<slug:code>/problems/<int:problem_pk>/",
        problem_edit,
        name="problem_edit",
    ),
    path(
        "p/<int:pk>/analysis/<slug:code>/problems/<int:problem_pk>/move/",
        problem_move,
        name="problem_move",
    ),
    path(
        "p/<int:pk>/analysis/<slug:code>/problems/<int:problem_pk>/delete/",
        problem_delete,
        name="problem_delete",
    ),
    path("p/<int:pk>/swot/", swot, name="swot"),
    path("p/<int:pk>/swot/<slug:kind>/new/", swot_item_create, name="swot_item_create"),
    path("p/<int:pk>/swot/items/<int:item_pk>/", swot_item_edit, name="swot_item_edit"),
    path("p/<int:pk>/swot/items/<int:item_pk>/delete/", swot_item_delete, name="swot_item_delete"),
]
