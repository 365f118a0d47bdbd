"""Forms of the agreement with the population: a citizen's proposal (on the public page), the
working group's answer to it, a public hearing."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import CitizenProposal, ProposalDecision, PublicHearing, Section
from ..models.consultation import PROPOSAL_MAX_CHARS
from ..models.lifecycle import SCAN_MAX_BYTES
from ..services.consultation import PROPOSAL_MIN_CHARS
from ..services.uploads import check_scan
from .base import PlanningForm

OTHER_VILLAGE = "other"
HONEYPOT = "psep_trap"


class MultilineField(forms.CharField):
    """A text area's value with every line break as "\\n": a browser sends "\\r\\n" but counts
    one character, so the limits here agree with the counter people see."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


class ProposalForm(forms.Form):
    """What a resident writes on the public page. `psep_trap` is a trap for robots: people do
    not see it (it is moved off screen and hidden from screen readers) and leave it empty."""

    psep_trap = forms.CharField(
        label=_("Не заполняйте это поле: оно для проверки от роботов"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    author_name = forms.CharField(
        label=_("Ваше имя"),
        required=False,
        max_length=120,
        help_text=_(
            "Необязательно. Имя будет показано рядом с предложением, когда его опубликуют."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Имя слишком длинное: не больше %(limit_value)d знаков.")},
    )
    village = forms.ChoiceField(label=_("Село"), required=False)
    contact = forms.CharField(
        label=_("Телефон или e-mail для ответа"),
        required=False,
        max_length=120,
        help_text=_("Необязательно. Его видит только рабочая группа: на сайте он не публикуется."),
        error_messages={
            "max_length": _("Контакт слишком длинный: не больше %(limit_value)d знаков.")
        },
    )
    section = forms.ChoiceField(
        label=_("К какому разделу программы"),
        choices=Section.choices,
        initial=Section.GENERAL,
        error_messages={"invalid_choice": _("Выберите раздел программы из списка.")},
    )
    text = MultilineField(
        label=_("Ваше предложение"),
        min_length=PROPOSAL_MIN_CHARS,
        max_length=PROPOSAL_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={
            "required": _("Напишите ваше предложение."),
            "min_length": _(
                "Напишите предложение подробнее: не меньше %(limit_value)d знаков "
                "(сейчас %(show_value)d)."
            ),
            "max_length": _(
                "Предложение слишком длинное: %(show_value)d знаков, можно не больше "
                "%(limit_value)d. Сократите его или отправьте двумя предложениями."
            ),
        },
    )

    def __init__(self, *args, villages=(), village_label=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.villages = {str(v.pk): v for v in villages}
        self.fields["village"].choices = [
            ("", _("— не указано —")),
            *[(key, village_label(v)) for key, v in self.villages.items()],
            (OTHER_VILLAGE, _("другое село")),
        ]
        self.fields["village"].help_text = _(
            "Необязательно. Если вашего села нет в списке, выберите «другое село» и напишите "
            "его название в предложении."
        )
        self.fields["village"].error_messages["invalid_choice"] = _("Выберите село из списка.")
        self.fields["text"].help_text = _(
            "От %(min)d до %(max)d знаков. Предложение появится на этой странице после "
            "проверки рабочей группой."
        ) % {"min": PROPOSAL_MIN_CHARS, "max": PROPOSAL_MAX_CHARS}

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())

    @property
    def visible_fields_for_people(self):
        return [self[name] for name in ("author_name", "village", "contact", "section", "text")]

    def clean_village(self):
        value = self.cleaned_data.get("village") or ""
        if value in ("", OTHER_VILLAGE):
            return None
        return self.villages[value]

    def cleaned_data_for_service(self) -> dict:
        """The arguments of `services.consultation.proposal_submit` (the trap field is not)."""
        return {
            name: self.cleaned_data[name]
            for name in ("author_name", "village", "contact", "section", "text")
        }


class AnswerForm(PlanningForm):
    """The decision and the answer, written in Russian, Kyrgyz or both: the two texts are one
    answer, so an error about the answer (a reason is missing) marks both and is said once."""

    ANSWER = ("answer_ru", "answer_ky")
    PAIR_ERROR_ID = "answer-error"

    class Meta:
        model = CitizenProposal
        fields = ["decision", "answer_ru", "answer_ky"]
        widgets = {"decision": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        decision.required = True
        decision.choices = ProposalDecision.choices
        decision.error_messages["required"] = _(
            "Выберите решение: принято, принято частично или не принято."
        )
        for name in ("answer_ru", "answer_ky"):
            self.fields[name] = MultilineField(
                label=self.fields[name].label,
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 6, "lang": name[-2:]}),
                error_messages={
                    "max_length": _(
                        "Ответ слишком длинный: %(show_value)d знаков, можно не больше "
                        "%(limit_value)d."
                    )
                },
            )

    def _answer_errors(self, own: bool) -> list[str]:
        """The errors of the Russian text: its own (too long) or those of the answer as a whole
        (the service names the Russian field for them)."""
        messages = []
        for error in self.errors.as_data().get("answer_ru", []):
            if (error.code == "max_length") == own:
                messages.extend(error.messages)
        return messages

    @property
    def pair_errors(self) -> list[str]:
        return self._answer_errors(own=False)

    def answer_fields(self) -> list[tuple]:
        """(field, its own errors) for the Russian and the Kyrgyz text."""
        ky_errors = [m for e in self.errors.as_data().get("answer_ky", []) for m in e.messages]
        return [
            (self["answer_ru"], self._answer_errors(own=True)),
            (self["answer_ky"], ky_errors),
        ]

    def add_error(self, field, error):
        super().add_error(field, error)
        if self.pair_errors:
            for name in self.ANSWER:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.PAIR_ERROR_ID} answer-help"


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HearingForm(PlanningForm):
    remove_file = forms.BooleanField(label=_("Удалить загруженный файл протокола"), required=False)

    class Meta:
        model = PublicHearing
        fields = [
            "date",
            "place_ru",
            "place_ky",
            "women",
            "men",
            "minutes_ru",
            "minutes_ky",
            "minutes_file",
            "decisions_ru",
            "decisions_ky",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "minutes_file": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }
        labels = {
            "date": _("Дата слушаний"),
            "women": _("Участников — женщин"),
            "men": _("Участников — мужчин"),
        }
        error_messages = {
            "date": {"required": _("Укажите дату слушаний.")},
            "women": {
                "required": _("Укажите, сколько женщин участвовало (0, если ни одной)."),
                "min_value": _("Число участников не может быть отрицательным."),
            },
            "men": {
                "required": _("Укажите, сколько мужчин участвовало (0, если ни одного)."),
                "min_value": _("Число участников не может быть отрицательным."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        for name in ("minutes_ru", "minutes_ky", "decisions_ru", "decisions_ky"):
            self.fields[name].widget.attrs["rows"] = 6
        self.fields["minutes_ru"].help_text = _(
            "Текст протокола на одном или обоих языках и/или скан ниже. Если протокол ещё не "
            "готов, его можно добавить позже."
        )
        if not self.instance.minutes_file:
            del self.fields["remove_file"]

    def clean_minutes_file(self):
        upload = self.cleaned_data.get("minutes_file")
        # only a new upload is checked; the stored file was checked when it came
        if isinstance(upload, UploadedFile):
            check_scan(upload, max_bytes=SCAN_MAX_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        # the service checks these too; here they come together with the form's other errors
        if not (cleaned.get("place_ru") or cleaned.get("place_ky")):
            self.add_error("place_ru", _("Укажите место слушаний хотя бы на одном языке."))
        if cleaned.get("women") == 0 and cleaned.get("men") == 0:
            self.add_error(
                "women",
                _("Укажите, сколько женщин и мужчин участвовало: хотя бы один человек."),
            )
        if cleaned.get("remove_file") and self.files.get("minutes_file"):
            self.add_error(
                "remove_file",
                _("Либо загрузите новый файл, либо удалите старый — не то и другое сразу."),
            )
        return cleaned
