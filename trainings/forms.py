"""Forms of the events' pages. They shape what people type; the services decide what is
allowed (and say why in both languages)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import District, Municipality, Oblast

from .models import (
    AgendaItem,
    Event,
    EventKind,
    EventMaterial,
    OrganisationType,
    Participant,
    PositionCategory,
    Sex,
)
from .services.materials import ACCEPT

LANGUAGE_LABELS = {"ru": _("по-русски"), "ky": _("по-кыргызски")}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ServiceForm(forms.ModelForm):
    """A model form that only reads what people typed: the service checks it and writes it
    (the instance is left as it is in the database until then, so that a service compares
    the new values with the stored ones, e.g. the event's oblast)."""

    def _post_clean(self):
        pass


class BilingualForm(ServiceForm):
    """`<name>_ru` / `<name>_ky` fields get the label "<label> (по-русски / по-кыргызски)" and
    a `lang` attribute, and `_snippets/form.html` shows them side by side; one language is
    enough where a text is required (the service checks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            lang = name.rsplit("_", 1)[-1] if "_" in name else ""
            if lang in LANGUAGE_LABELS and name in self._meta.fields:
                base = self._meta.model._meta.get_field(name[: -len(lang) - 1])
                field.label = f"{str(base.verbose_name).capitalize()} ({LANGUAGE_LABELS[lang]})"
                field.widget.attrs["lang"] = lang
                field.required = False
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.district.name}"


class MunicipalitiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.district.name}"


def municipalities_by_oblast(queryset) -> list:
    """Choices grouped by oblast (an <optgroup> each), for a select of many municipalities."""
    groups: dict[str, list] = {}
    for municipality in queryset.select_related("district__oblast").order_by(
        "district__oblast__position", "district__name_ru", "name_ru"
    ):
        groups.setdefault(municipality.district.oblast.name, []).append(
            (municipality.pk, f"{municipality.name} — {municipality.district.name}")
        )
    return list(groups.items())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class EventForm(BilingualForm):
    topics_ru = forms.CharField(
        label=_("Темы (по-русски)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "ru"}),
        help_text=_("По одной теме в строке."),
    )
    topics_ky = forms.CharField(
        label=_("Темы (по-кыргызски)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "ky"}),
        help_text=_("В том же порядке, что и по-русски."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "oblast",
            "title_ru",
            "title_ky",
            "start_date",
            "end_date",
            "municipality",
            "village_ru",
            "village_ky",
            "address_ru",
            "address_ky",
            "organiser_ru",
            "organiser_ky",
            "trainers_ru",
            "trainers_ky",
            "target_audience_ru",
            "target_audience_ky",
            "description_ru",
            "description_ky",
            "outcomes_ru",
            "outcomes_ky",
            "outcome_municipalities",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "outcome_municipalities": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "municipality": MunicipalityChoiceField,
            "outcome_municipalities": MunicipalitiesField,
        }

    def __init__(self, *args, oblasts, national: bool, **kwargs):
        """`oblasts`: the oblasts the person may create events in; `national`: whether they
        may create a national event (administrators)."""
        super().__init__(*args, **kwargs)
        oblast = self.fields["oblast"]
        oblast.queryset = oblasts
        oblast.required = not national
        oblast.empty_label = _("— республиканское мероприятие —") if national else None
        oblast.help_text = (
            _("Пусто — республиканское мероприятие.")
            if national
            else _("Область, за которую вы отвечаете.")
        )
        place = self.fields["municipality"]
        place.queryset = Municipality.objects.select_related("district").filter(
            district__oblast__in=oblasts
        )
        place.choices = [("", "—"), *municipalities_by_oblast(place.queryset)]
        place.required = False
        place.help_text = _("Муниципалитет, где прошло мероприятие; или заполните адрес.")
        fed = self.fields["outcome_municipalities"]
        fed.queryset = (
            Municipality.objects.select_related("district")
            .filter(Q(is_target=True) | Q(pk__in=self._chosen_outcomes()))
            .order_by("district__oblast__position", "name_ru")
        )
        fed.help_text = _("Целевые муниципалитеты, в чьи программы вошли результаты.")
        if self.instance.pk and not self.is_bound:
            topics = list(self.instance.topics.all())
            self.fields["topics_ru"].initial = "\n".join(t.title_ru for t in topics)
            self.fields["topics_ky"].initial = "\n".join(t.title_ky for t in topics)

    def _chosen_outcomes(self) -> list[int]:
        if not self.instance.pk:
            return []
        return list(self.instance.outcome_municipalities.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        ru, ky = _lines(cleaned.get("topics_ru")), _lines(cleaned.get("topics_ky"))
        if ru and ky and len(ru) != len(ky):
            self.add_error(
                "topics_ky",
                _(
                    "Тем по-русски %(ru)d, а по-кыргызски %(ky)d: каждой строке по-русски "
                    "соответствует строка по-кыргызски (или оставьте один из списков пустым)."
                )
                % {"ru": len(ru), "ky": len(ky)},
            )
        return cleaned

    def topics(self) -> list[tuple[str, str]]:
        ru, ky = _lines(self.cleaned_data["topics_ru"]), _lines(self.cleaned_data["topics_ky"])
        count = max(len(ru), len(ky))
        ru += [""] * (count - len(ru))
        ky += [""] * (count - len(ky))
        return list(zip(ru, ky, strict=True))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            name: data[name]
            for name in self._meta.fields
            if name not in ("outcome_municipalities",)
        }
        arguments["outcome_municipalities"] = data["outcome_municipalities"]
        arguments["topics"] = self.topics()
        return arguments


class AgendaItemForm(BilingualForm):
    class Meta:
        model = AgendaItem
        fields = [
            "day",
            "start_time",
            "end_time",
            "action_ru",
            "action_ky",
            "responsible_ru",
            "responsible_ky",
            "responsible_position_ru",
            "responsible_position_ky",
        ]
        widgets = {"start_time": TIME_WIDGET, "end_time": TIME_WIDGET}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        day = forms.TypedChoiceField(
            label=_("День"),
            choices=[
                (d.isoformat(), f"{number}: {d:%d.%m.%Y}")
                for number, d in enumerate(event.days, start=1)
            ],
            coerce=lambda value: forms.DateField().clean(value),
        )
        if self.instance.pk and self.instance.day:
            day.initial = self.instance.day.isoformat()
        self.fields["day"] = day

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class PortalUserField(forms.EmailField):
    """A portal user by their e-mail address (the select of every user would be too long)."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(
                _(
                    "В портале нет активного пользователя с адресом %(email)s. Оставьте поле "
                    "пустым, чтобы записать участника только по имени."
                )
                % {"email": email}
            )
        return user


class ParticipantForm(ServiceForm):
    user = PortalUserField(
        label=_("Электронная почта пользователя портала"),
        required=False,
        help_text=_(
            "Если участник — пользователь портала: тогда его имя и пол можно не заполнять, "
            "и он будет учтён как один человек на всех мероприятиях."
        ),
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Присутствовал(а)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        coerce=lambda value: forms.DateField().clean(value),
    )

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "user",
            "sex",
            "position_category",
            "position",
            "municipality",
            "organisation",
            "organisation_type",
            "contact",
        ]
        widgets = {"sex": forms.RadioSelect}
        field_classes = {"municipality": MunicipalityChoiceField}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False
        self.fields["full_name"].help_text = _(
            "Можно не заполнять, если указан пользователь портала."
        )
        self.fields["sex"].required = False
        self.fields["sex"].choices = list(Sex.choices)
        self.fields["position_category"].choices = [("", "—"), *PositionCategory.choices]
        self.fields["position_category"].required = False
        place = self.fields["municipality"]
        place.queryset = Municipality.objects.select_related("district")
        place.choices = [("", "—"), *municipalities_by_oblast(place.queryset)]
        place.required = False
        if event.oblast_id is not None:
            place.help_text = _(
                "Целевой или гостевой муниципалитет, который представляет участник."
            )
            del self.fields["organisation"]
            del self.fields["organisation_type"]
        else:
            place.help_text = _("Для представителей органов МСУ; иначе укажите организацию.")
            self.fields["organisation_type"].choices = [("", "—"), *OrganisationType.choices]
        self.fields["days"].choices = [
            (d.isoformat(), f"{number}: {d:%d.%m.%Y}")
            for number, d in enumerate(event.days, start=1)
        ]
        if self.instance.pk:
            if not self.is_bound:
                self.fields["days"].initial = [
                    day.isoformat()
                    for day in self.instance.attendance.values_list("day", flat=True)
                ]
                self.initial["user"] = self.instance.user.email if self.instance.user else ""
        elif not self.is_bound:
            self.fields["days"].initial = [d.isoformat() for d in event.days]

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("organisation", "")
        data.setdefault("organisation_type", "")
        return data


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Выберите файл .xlsx со списком участников.")},
    )


class MaterialForm(BilingualForm):
    class Meta:
        model = EventMaterial
        fields = ["title_ru", "title_ky", "file", "is_public"]
        widgets = {"file": forms.FileInput(attrs={"accept": ACCEPT})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ru"].help_text = _("Без названия материал назовётся по имени файла.")
        self.fields["file"].help_text = _(
            "PDF, JPG, PNG или документ Word, Excel, PowerPoint, не больше 10 МБ."
        )


class ListFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Вид"), required=False, choices=[("", _("все виды")), *EventKind.choices]
    )
    oblast = forms.ChoiceField(label=_("Область"), required=False)
    when = forms.ChoiceField(
        label=_("Когда"),
        required=False,
        choices=[("", _("все")), ("upcoming", _("предстоящие")), ("past", _("прошедшие"))],
    )

    def __init__(self, *args, oblasts, national: bool = True, with_when: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("все области"))]
        if national:
            choices.append(("0", _("республиканские")))
        choices += [(str(oblast.pk), oblast.name) for oblast in oblasts]
        self.fields["oblast"].choices = choices
        if not with_when:
            del self.fields["when"]


class StatisticsFilterForm(forms.Form):
    oblast = forms.ModelChoiceField(
        label=_("Область"), required=False, queryset=Oblast.objects.none(), empty_label=_("все")
    )
    district = forms.ModelChoiceField(
        label=_("Район"), required=False, queryset=District.objects.none(), empty_label=_("все")
    )
    kind = forms.ChoiceField(
        label=_("Вид мероприятия"), required=False, choices=[("", _("все")), *EventKind.choices]
    )
    topic = forms.CharField(label=_("Тема содержит"), required=False, max_length=100, strip=True)
    date_from = forms.DateField(label=_("С даты"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("По дату"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, oblasts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oblast"].queryset = oblasts
        self.fields["district"].queryset = (
            District.objects.filter(oblast__in=oblasts, municipalities__isnull=False)
            .distinct()
            .select_related("oblast")
            .order_by("oblast__position", "name_ru")
        )
        self.fields["district"].label_from_instance = lambda district: (
            f"{district.name} ({district.oblast.name})"
        )

    def clean(self):
        cleaned = super().clean()
        oblast, district = cleaned.get("oblast"), cleaned.get("district")
        if oblast and district and district.oblast_id != oblast.pk:
            self.add_error(
                "district",
                _("Район «%(district)s» не в области «%(oblast)s».")
                % {"district": district.name, "oblast": oblast.name},
            )
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Конец периода раньше его начала."))
        return cleaned
