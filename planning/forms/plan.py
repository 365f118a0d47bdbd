"""Forms of the activity plan: a title in both languages (directions, goals, objectives, and the
quick add / inline edit of an activity), the full activity form, and its costs grid."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import AmountField, AmountInput
from common.forms import example as amount_example

from ..models import Activity, Direction, FundingSource, Goal, Objective, Village
from ..services.plan import activity_date_errors, cost_field_name
from .base import PlanningForm


class DirectionForm(PlanningForm):
    class Meta:
        model = Direction
        fields = ["title_ru", "title_ky"]


class GoalForm(PlanningForm):
    class Meta:
        model = Goal
        fields = ["title_ru", "title_ky"]


class ObjectiveForm(PlanningForm):
    class Meta:
        model = Objective
        fields = ["title_ru", "title_ky"]


class ActivityTitleForm(PlanningForm):
    class Meta:
        model = Activity
        fields = ["title_ru", "title_ky"]


TITLE_FORMS = {
    "direction": DirectionForm,
    "goal": GoalForm,
    "objective": ObjectiveForm,
    "activity": ActivityTitleForm,
}


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # the name in the page language, or in the other one when it is missing
        return obj.name or obj.name_ru or obj.name_ky


class ActivityForm(PlanningForm):
    """Everything about an activity except its costs (see `CostGridForm`)."""

    class Meta:
        model = Activity
        fields = [
            "title_ru",
            "title_ky",
            "description_ru",
            "description_ky",
            "responsible_ru",
            "responsible_ky",
            "start_date",
            "end_date",
            "village",
            "is_joint_action",
            "community_contribution_ru",
            "community_contribution_ky",
            "expected_result_ru",
            "expected_result_ky",
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "responsible_ru": _("Организация или человек, например: айыл окмоту, ГСМиО."),
            "community_contribution_ru": _(
                "Для совместного действия: что делает или вносит население (труд, материалы, "
                "деньги)."
            ),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        first, last = f"{programme.start_year}-01-01", f"{programme.end_year}-12-31"
        period = _("В периоде программы: %(period)s.") % {"period": programme.period}
        for name in ("start_date", "end_date"):
            self.fields[name].widget.attrs.update({"min": first, "max": last})
            self.fields[name].help_text = period
        village = self.fields["village"]
        village.queryset = Village.objects.filter(passport__programme=programme).order_by(
            "sort_order", "id"
        )
        village.empty_label = _("— весь муниципалитет или не указано —")
        if not village.queryset.exists():
            village.help_text = _("Сёла вносятся в паспорт муниципалитета.")

    def clean(self):
        cleaned = super().clean()
        errors = activity_date_errors(
            self.programme, cleaned.get("start_date"), cleaned.get("end_date")
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class CostField(AmountField):
    """An amount in thousands of som, ≥ 0, with at most one decimal digit, typed as people
    write it (`common.forms`)."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=0,
            max_digits=14,
            decimal_places=1,
            error_messages={
                "invalid": _("Введите число, например 150 или 150.5."),
                "min_value": _("Стоимость не может быть отрицательной."),
                "max_decimal_places": _("Не больше одного знака после запятой, например 150.5."),
                "max_digits": _("Слишком большая сумма."),
                "max_whole_digits": _("Слишком большая сумма."),
            },
            widget=AmountInput(attrs={"class": "cost-input"}),
            **kwargs,
        )


class CostGridForm(forms.Form):
    """One number per funding source and year: `cost_<source>_<year>`. An empty cell means no
    cost. Columns are the programme years, plus any year outside the period for which the
    activity still has a cost (so that it can be seen and cleared)."""

    def __init__(self, data=None, *, programme, costs=(), **kwargs):
        super().__init__(data, **kwargs)
        self.programme = programme
        existing = {(c.year, c.source): c.amount for c in costs}
        period = set(programme.years)
        self.outside_years = sorted({year for year, _source in existing} - period)
        self.years = sorted(period | set(self.outside_years))
        for source, label in FundingSource.choices:
            for year in self.years:
                name = cost_field_name(source, year)
                self.fields[name] = CostField(
                    label=_("%(source)s, %(year)s") % {"source": label, "year": year},
                    initial=existing.get((year, source)),
                )

    def clean(self):
        cleaned = super().clean()
        for year in self.outside_years:
            for source in FundingSource.values:
                name = cost_field_name(source, year)
                if cleaned.get(name) is not None:
                    self.add_error(
                        name,
                        _("%(year)s год вне периода программы (%(period)s): очистите ячейку.")
                        % {"year": year, "period": self.programme.period},
                    )
        return cleaned

    def add_error(self, field, error):
        super().add_error(field, error)
        self._mark_invalid()

    def full_clean(self):
        super().full_clean()
        self._mark_invalid()

    def _mark_invalid(self):
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def costs(self) -> dict[tuple[int, str], Decimal | None]:
        """The cells as `activity_costs_set` takes them (after `is_valid()`)."""
        return {
            (year, source): self.cleaned_data.get(cost_field_name(source, year))
            for source in FundingSource.values
            for year in self.years
        }

    def _value(self, name):
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get(name)
        return self.fields[name].initial

    @property
    def rows(self) -> list[dict]:
        """The grid for the template: one row per source with its cells and total, computed
        from what the form holds (saved amounts, or the valid numbers just typed)."""
        rows = []
        for source, label in FundingSource.choices:
            cells = []
            for year in self.years:
                name = cost_field_name(source, year)
                cells.append({"field": self[name], "value": self._value(name), "year": year})
            total = sum((c["value"] or Decimal(0) for c in cells), Decimal(0))
            rows.append({"source": source, "label": label, "cells": cells, "total": total})
        return rows

    @property
    def example(self) -> str:
        """How an amount is typed, with the page's decimal mark: «1 250,5»."""
        return amount_example("1 250.5")

    @property
    def column_totals(self) -> list[Decimal]:
        return [
            sum(
                (self._value(cost_field_name(s, year)) or Decimal(0) for s in FundingSource.values),
                Decimal(0),
            )
            for year in self.years
        ]

    @property
    def total(self) -> Decimal:
        return sum(self.column_totals, Decimal(0))


def split_service_errors(error: ValidationError, *forms_) -> None:
    """Put a service's ValidationError on whichever form has the field it names (the first
    form takes the rest)."""
    if not hasattr(error, "error_dict"):
        for e in error.error_list:
            forms_[0].add_error(None, e)
        return
    for field, errors in error.error_dict.items():
        target = next((f for f in forms_ if field in f.fields), None)
        for e in errors:
            (target or forms_[0]).add_error(field if target else None, e)
