"""Forms of the passport, the situation analysis by sector and the SWOT."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from common.forms import CountField

from ..models import BudgetYear, KeyFigure, Passport, Problem, SectorAnalysis, SwotItem, Village
from ..selectors.analysis import SWOT_BLOCKS
from ..services.analysis import YEAR_MAX, YEAR_MIN
from .base import PlanningForm


def _limit_years(form, limits: dict[str, tuple[int, int]]) -> None:
    """Model fields of years are positive integers: check the real range (also where the model
    does not)."""
    for name, (minimum, maximum) in limits.items():
        field = form.fields[name]
        field.validators = [
            *field.validators,
            MinValueValidator(minimum),
            MaxValueValidator(maximum),
        ]


class PassportForm(PlanningForm):
    class Meta:
        model = Passport
        fields = [
            "geographic_position_ru",
            "geographic_position_ky",
            "landscape_ru",
            "landscape_ky",
            "distance_to_district_centre_km",
            "distance_to_oblast_centre_km",
            "distance_to_capital_km",
            "year_founded",
            "area_ha",
            "population_total",
            "population_women",
            "population_men",
            "households",
            "data_year",
        ]
        help_texts = {
            "population_total": _("Женщин и мужчин вместе не больше, чем всего жителей."),
            "data_year": _("Год, к которому относятся число жителей и домохозяйств."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_years(self, {"year_founded": (1000, YEAR_MAX), "data_year": (YEAR_MIN, YEAR_MAX)})


class VillageForm(PlanningForm):
    class Meta:
        model = Village
        fields = ["name_ru", "name_ky", "population"]


class BudgetYearForm(PlanningForm):
    class Meta:
        model = BudgetYear
        fields = ["year", "revenue", "expenditure"]
        help_texts = {"year": _("Один год — одна строка; год от 2000 до 2100.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_years(self, {"year": (YEAR_MIN, YEAR_MAX)})


class SituationForm(PlanningForm):
    class Meta:
        model = SectorAnalysis
        fields = ["situation_ru", "situation_ky"]
        widgets = {
            "situation_ru": forms.Textarea(attrs={"rows": 14}),
            "situation_ky": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            # 0: the analysis did not exist when the person started writing
            self.fields["revision"].initial = 0


class KeyFigureForm(PlanningForm):
    class Meta:
        model = KeyFigure
        fields = ["name_ru", "name_ky", "value", "unit", "year"]
        help_texts = {"unit": _("Например: км, %, человек, домохозяйств, сом.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_years(self, {"year": (YEAR_MIN, YEAR_MAX)})


class ProblemForm(PlanningForm):
    priority = CountField(
        label=_("Приоритет"),
        required=False,
        min_value=1,
        example=1,
        help_text=_("1 — самая важная проблема. Если оставить пустым — в конец списка."),
    )

    field_order = ["text_ru", "text_ky", "priority", "raised_by_citizens"]

    class Meta:
        model = Problem
        # `priority` is declared above, not copied onto the item: the service places it.
        fields = ["text_ru", "text_ky", "raised_by_citizens"]
        widgets = {"text_ru": forms.Textarea(), "text_ky": forms.Textarea()}
        help_texts = {
            "raised_by_citizens": _(
                "Отметьте, если проблему назвали жители — на сходе, в фокус-группе или при "
                "совместном изучении нужд села."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["priority"].initial = self.instance.priority


class SwotItemForm(PlanningForm):
    """Adding an item to one of the four lists (the list is part of the URL)."""

    class Meta:
        model = SwotItem
        fields = ["text_ru", "text_ky"]
        widgets = {
            "text_ru": forms.Textarea(attrs={"rows": 2}),
            "text_ky": forms.Textarea(attrs={"rows": 2}),
        }


class SwotItemEditForm(PlanningForm):
    class Meta:
        model = SwotItem
        fields = ["kind", "text_ru", "text_ky"]
        widgets = {
            "text_ru": forms.Textarea(attrs={"rows": 3}),
            "text_ky": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"kind": _("Раздел SWOT")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, label) for kind, label in SWOT_BLOCKS]
