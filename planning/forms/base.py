"""Form helpers of the planning app: both languages side by side, and the revision an edit
starts from (so that a save over someone else's newer change is refused)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ModelForm

LANGUAGE_LABELS = {"ru": _("по-русски"), "ky": _("по-кыргызски")}


class PlanningForm(ModelForm):
    """A ModelForm for an item of a programme.

    - numbers are typed as text and read as people write them (`common.forms`);
    - `<name>_ru` / `<name>_ky` fields get labels "<label> (по-русски / по-кыргызски)" and a `lang`
      attribute, and are shown side by side by `_snippets/form.html`;
    - for models with a `revision`, a hidden `revision` field carries the revision the person
      started from (see `services.common.revisioned_save`)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not hasattr(self.instance, "revision"):
            del self.fields["revision"]
        elif self.instance.pk and not self.is_bound:
            self.fields["revision"].initial = self.instance.revision
        for name, field in self.fields.items():
            lang = name.rsplit("_", 1)[-1] if "_" in name else ""
            if lang in LANGUAGE_LABELS:
                base = self._meta.model._meta.get_field(name[: -len(lang) - 1])
                field.label = f"{str(base.verbose_name).capitalize()} ({LANGUAGE_LABELS[lang]})"
                field.widget.attrs["lang"] = lang
                field.required = False  # one language is enough; the service checks
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)

    @property
    def expected_revision(self) -> int | None:
        return self.cleaned_data.get("revision") if "revision" in self.fields else None
