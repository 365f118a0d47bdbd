"""Adding and editing an indicator, with its target for each programme year."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import AmountField
from municipalities.templatetags.portal import form_rows

from ..models import Activity, Indicator, Programme
from .base import PlanningForm

LABEL_LENGTH = 120


def _short(text: str) -> str:
    return Truncator(text or "").chars(LABEL_LENGTH)


def attached_to_choices(tree) -> list:
    """The goals and objectives of the plan, grouped by direction, as (value, label) choices
    with values `goal:<id>` and `objective:<id>`."""
    choices = [("", "---------")]
    for d_node in tree:
        options = []
        for g_node in d_node.goals:
            options.append(
                (
                    f"goal:{g_node.goal.pk}",
                    _("Цель %(number)s. %(title)s")
                    % {"number": g_node.number, "title": _short(g_node.goal.title)},
                )
            )
            for o_node in g_node.objectives:
                options.append(
                    (
                        f"objective:{o_node.objective.pk}",
                        "— "
                        + _("Задача %(number)s. %(title)s")
                        % {"number": o_node.number, "title": _short(o_node.objective.title)},
                    )
                )
        if options:
            label = _("Направление %(number)s. %(title)s") % {
                "number": d_node.number,
                "title": _short(d_node.direction.title),
            }
            choices.append((label, options))
    return choices


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _short(obj.title)


class IndicatorForm(PlanningForm):
    attached_to = forms.ChoiceField(
        label=gettext_lazy("Относится к цели или задаче"),
        help_text=gettext_lazy("Индикатор показывает достижение одной цели или одной задачи."),
    )

    class Meta:
        model = Indicator
        fields = [
            "activity",
            "name_ru",
            "name_ky",
            "unit",
            "direction",
            "is_cumulative",
            "baseline_value",
            "baseline_year",
            "means_of_verification_ru",
            "means_of_verification_ky",
            "is_sex_disaggregated",
        ]
        field_classes = {"activity": ActivityChoiceField}
        help_texts = {
            "activity": gettext_lazy(
                "Необязательно: мероприятие, результат которого измеряет индикатор."
            ),
            "is_cumulative": gettext_lazy(
                "Целевые значения растут с начала программы (сумма за все годы), "
                "а не отдельно за каждый год."
            ),
            "baseline_year": gettext_lazy("Год, к которому относится базовое значение."),
        }

    def __init__(self, *args, programme: Programme, tree, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self._goals = {}
        self._objectives = {}
        for d_node in tree:
            for g_node in d_node.goals:
                self._goals[str(g_node.goal.pk)] = g_node.goal
                for o_node in g_node.objectives:
                    self._objectives[str(o_node.objective.pk)] = o_node.objective
        self.fields["attached_to"].choices = attached_to_choices(tree)
        instance = self.instance
        if instance.pk and not self.is_bound:
            if instance.goal_id:
                self.initial["attached_to"] = f"goal:{instance.goal_id}"
            elif instance.objective_id:
                self.initial["attached_to"] = f"objective:{instance.objective_id}"

        self.fields["activity"].queryset = Activity.objects.filter(programme=programme).order_by(
            "objective__goal__direction__sort_order",
            "objective__goal__direction_id",
            "objective__goal__sort_order",
            "objective__goal_id",
            "objective__sort_order",
            "objective_id",
            "sort_order",
            "id",
        )
        self.fields["activity"].empty_label = _("— не выбрано —")
        self.fields["baseline_value"].validators.append(
            MinValueValidator(0, message=_("Базовое значение не может быть отрицательным."))
        )

        existing = {t.year: t.value for t in instance.targets.all()} if instance.pk else {}
        self.target_names = []
        for year in programme.years:
            name = f"target_{year}"
            self.fields[name] = AmountField(
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                label=_("Целевое значение на %(year)s год") % {"year": year},
                error_messages={"min_value": _("Целевое значение не может быть отрицательным.")},
            )
            self.initial.setdefault(name, existing.get(year))
            self.target_names.append(name)
        self.order_fields(["attached_to", *self._meta.fields])

    def clean_attached_to(self):
        value = self.cleaned_data["attached_to"]
        kind, _sep, pk = value.partition(":")
        item = {"goal": self._goals, "objective": self._objectives}.get(kind, {}).get(pk)
        if item is None:
            raise forms.ValidationError(_("Выберите цель или задачу из списка."))
        self.cleaned_data["goal"] = item if kind == "goal" else None
        self.cleaned_data["objective"] = item if kind == "objective" else None
        return value

    def clean_baseline_year(self):
        year = self.cleaned_data.get("baseline_year")
        if year is not None and year > self.programme.end_year:
            raise forms.ValidationError(
                _("Год базового значения не может быть позже конца программы (%(year)s).")
                % {"year": self.programme.end_year}
            )
        return year

    @property
    def has_places(self) -> bool:
        """Whether the plan has a goal or objective to attach an indicator to."""
        return bool(self._goals)

    def main_rows(self):
        """The indicator's own fields in rows (a Russian field next to its Kyrgyz twin)."""
        return [row for row in form_rows(self) if not row[0].name.startswith("target_")]

    def target_fields(self):
        return [self[name] for name in self.target_names]

    def indicator_values(self) -> dict:
        data = self.cleaned_data
        values = {name: data.get(name) for name in self._meta.fields if name != "activity"}
        return {
            **values,
            "goal": data.get("goal"),
            "objective": data.get("objective"),
            "activity": data.get("activity"),
        }

    def targets(self) -> dict:
        return {int(name.split("_")[1]): self.cleaned_data.get(name) for name in self.target_names}
