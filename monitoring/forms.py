"""Forms of monitoring: what a member of the ГСМиО types for a period, on a phone as well.
Numbers are typed as text and read in the page's language (common.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import AmountField, CountField
from planning.forms.base import PlanningForm
from planning.models import FundingSource

from .models import (
    ActivityStatus,
    AnnualReport,
    DirectionFinding,
    Frequency,
    MonitoringGroupMember,
    MonitoringReport,
)


class ActualForm(forms.Form):
    value = AmountField(label=_("Фактическое значение"), max_digits=14, decimal_places=2)
    women = AmountField(
        label=_("в том числе женщины"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    men = AmountField(
        label=_("в том числе мужчины"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    source = forms.CharField(label=_("Источник данных"), required=False, max_length=500)
    evidence = forms.FileField(
        label=_("Подтверждающий документ"),
        required=False,
        help_text=_("PDF или изображение (JPG, PNG), не больше 10 МБ."),
    )
    evidence_link = forms.URLField(
        label=_("или ссылка на подтверждение"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator is not None and not indicator.is_sex_disaggregated:
            del self.fields["women"]
            del self.fields["men"]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Состояние"), choices=ActivityStatus.choices)
    percent = CountField(label=_("Выполнено, %"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Комментарий или причина задержки"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(FundingSource.choices)
        self.sources = list(sources) or [FundingSource.LOCAL_BUDGET]
        for source in self.sources:
            self.fields[f"spent_{source}"] = AmountField(
                label=_("Израсходовано: %(source)s, тыс. сом") % {"source": labels[source]},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=1,
            )

    def spending_fields(self):
        return [self[f"spent_{source}"] for source in self.sources]

    def spending(self) -> dict:
        return {source: self.cleaned_data.get(f"spent_{source}") for source in self.sources}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Почему период возвращается ГСМиО"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишите, почему период возвращается ГСМиО.")},
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Периодичность отчётов"), choices=Frequency.choices, widget=forms.RadioSelect
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл Excel (.xlsx) по шаблону этого периода"),
        error_messages={"required": _("Выберите файл .xlsx.")},
    )


class GroupForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Номер решения кенеша"), required=False, max_length=40
    )
    decision_date = forms.DateField(
        label=_("Дата решения кенеша"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_scan = forms.FileField(
        label=_("Скан решения"),
        required=False,
        help_text=_("PDF или изображение (JPG, PNG), не больше 10 МБ."),
    )
    contact = forms.ModelChoiceField(
        label=_("Контактное лицо"), required=False, queryset=MonitoringGroupMember.objects.none()
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["contact"].queryset = group.members.all()


class MemberForm(forms.ModelForm):
    class Meta:
        model = MonitoringGroupMember
        fields = ["full_name", "organisation", "sex", "position", "user"]

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].required = False
        self.fields["user"].label = _("Пользователь портала (член ГСМиО)")


# --- the reports --------------------------------------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Texts(PlanningForm):
    """Texts in Russian and Kyrgyz side by side (one language is enough), in roomy boxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 5
                field.error_messages["max_length"] = _(
                    "Текст слишком длинный: %(show_value)d знаков, можно не больше %(limit_value)d."
                )


class ReportForm(_Texts):
    """The ГСМиО's findings and recommendations on the programme as a whole."""

    class Meta:
        model = MonitoringReport
        fields = ["findings_ru", "findings_ky", "recommendations_ru", "recommendations_ky"]


class DirectionFindingForm(_Texts):
    """The findings and recommendations on one direction (its own prefix on the page)."""

    class Meta:
        model = DirectionFinding
        fields = ["findings_ru", "findings_ky", "recommendations_ru", "recommendations_ky"]

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.Meta.fields}


class PresentForm(forms.Form):
    to_council_on = forms.DateField(
        label=_("Дата представления айылному кенешу"), required=False, widget=DATE_WIDGET
    )
    to_population_on = forms.DateField(
        label=_("Дата представления населению"), required=False, widget=DATE_WIDGET
    )
    women = CountField(label=_("Присутствовало женщин"), required=False, min_value=0)
    men = CountField(label=_("Присутствовало мужчин"), required=False, min_value=0)


class ResponseForm(PlanningForm):
    """The council's response to the ГСМиО's report."""

    class Meta:
        model = MonitoringReport
        fields = ["council_response_ru", "council_response_ky", "council_response_on"]
        widgets = {"council_response_on": DATE_WIDGET}


class AnnualSummaryForm(_Texts):
    class Meta:
        model = AnnualReport
        fields = ["summary_ru", "summary_ky"]
        help_texts = {
            "summary_ru": _(
                "Что сделано за год своими словами: главные результаты, трудности, что "
                "переносится на следующий год. Таблицы отчёта составляются из данных "
                "мониторинга."
            )
        }


class HearingForm(PlanningForm):
    """The council session that heard the annual report, its decision and its response."""

    class Meta:
        model = AnnualReport
        fields = [
            "presented_on",
            "decision_number",
            "decision_date",
            "council_response_ru",
            "council_response_ky",
        ]
        widgets = {"presented_on": DATE_WIDGET, "decision_date": DATE_WIDGET}
