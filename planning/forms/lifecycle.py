"""Forms of the life-cycle: the explanation that goes with a transition, the council decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CouncilDecision
from ..models.lifecycle import SCAN_MAX_BYTES
from ..services.uploads import check_scan


class TransitionForm(forms.Form):
    summary = forms.CharField(
        label=_("Пояснение"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, summary_required=False, summary_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["summary"]
        field.required = summary_required
        if summary_label:
            field.label = summary_label
        if summary_required:
            field.error_messages["required"] = _("Напишите, что нужно изменить.")


class CouncilDecisionForm(forms.ModelForm):
    class Meta:
        model = CouncilDecision
        fields = ["number", "date", "session", "scan"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            check_scan(upload, max_bytes=SCAN_MAX_BYTES)
        return upload
