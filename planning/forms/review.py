"""Forms of the review: the dashboard's filters and the comment threads."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import CommentStatus, Section
from ..selectors.review import DASHBOARD_STATES, NO_PROGRAMME, Filters
from ..services.review import ITEM_LABEL_MAX, TEXT_MAX

KIND_CHOICES = [("", _("все")), ("target", _("целевые")), ("guest", _("гостевые"))]


def _limit_text() -> str:
    return gettext("Не больше %(limit)d знаков.") % {"limit": TEXT_MAX}


_limit_help = lazy(_limit_text, str)


def _text_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_limit_help(),
        error_messages={
            "required": _("Напишите текст комментария."),
            "max_length": _(
                "Комментарий слишком длинный: %(show_value)d знаков, можно не больше "
                "%(limit_value)d. Сократите его или разделите на несколько ответов."
            ),
        },
    )


class DashboardFilterForm(forms.Form):
    """GET filters of the dashboard. Choices come from the districts of the reviewer's
    oblasts (loaded once by the view); a value that is not among them is an error and is
    ignored."""

    oblast = forms.TypedChoiceField(
        label=_("Область"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        label=_("Район"), required=False, coerce=int, empty_value=None
    )
    state = forms.ChoiceField(label=_("Состояние"), required=False)
    kind = forms.ChoiceField(label=_("Целевой / гостевой"), required=False, choices=KIND_CHOICES)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        oblasts = {}
        grouped: dict[int, list] = {}
        for district in districts:
            oblasts.setdefault(district.oblast_id, district.oblast)
            grouped.setdefault(district.oblast_id, []).append((district.pk, district.name))
        self.fields["oblast"].choices = [("", _("все области"))] + [
            (pk, oblast.name) for pk, oblast in oblasts.items()
        ]
        self.fields["district"].choices = [("", _("все районы"))] + [
            (oblasts[pk].name, choices) for pk, choices in grouped.items()
        ]
        self._district_oblast = {d.pk: d.oblast_id for d in districts}
        self.fields["state"].choices = (
            [("", _("все"))]
            + [(s.value, s.label) for s in DASHBOARD_STATES]
            + [(NO_PROGRAMME, _("нет программы"))]
        )

    def clean(self):
        data = super().clean()
        oblast, district = data.get("oblast"), data.get("district")
        if oblast and district and self._district_oblast.get(district) != oblast:
            self.add_error("district", _("Этот район не в выбранной области."))
        return data

    def filters(self) -> Filters:
        """The valid filters (a wrong one is left out, and shown as an error)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            oblast_id=data.get("oblast"),
            district_id=data.get("district"),
            state=data.get("state") or "",
            kind=data.get("kind") or "",
        )


class CommentFilterForm(forms.Form):
    section = forms.ChoiceField(label=_("Раздел"), required=False)
    state = forms.ChoiceField(
        label=_("Состояние"),
        required=False,
        choices=[("", _("все")), *CommentStatus.choices],
    )

    def __init__(self, *args, open_by_section=None, **kwargs):
        super().__init__(*args, **kwargs)
        open_by_section = open_by_section or {}
        choices = [("", _("все разделы"))]
        for value, label in Section.choices:
            count = open_by_section.get(value, 0)
            if count:
                label = _("%(section)s (открыто: %(count)d)") % {"section": label, "count": count}
            choices.append((value, label))
        self.fields["section"].choices = choices

    def values(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {"section": "", "state": ""}
        return {"section": self.cleaned_data["section"], "state": self.cleaned_data["state"]}


class ThreadForm(forms.Form):
    section = forms.ChoiceField(label=_("Раздел"), choices=Section.choices)
    item_label = forms.CharField(
        label=_("Пункт раздела"),
        required=False,
        max_length=ITEM_LABEL_MAX,
        help_text=_("Необязательно. Например: мероприятие 1.2.3 или название индикатора."),
    )
    text = _text_field(_("Комментарий"))


class ReplyForm(forms.Form):
    text = _text_field(_("Ваш ответ"))
