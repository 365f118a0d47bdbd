"""Forms of the working-group page: the head's order, a member, a workplan task."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ..models import WorkingGroup, WorkingGroupMember, WorkplanTask
from ..models.workgroup import ORDER_SCAN_MAX_BYTES
from ..services.uploads import check_scan
from .base import PlanningForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrderForm(PlanningForm):
    remove_scan = forms.BooleanField(
        label=_("Удалить загруженный скан"),
        required=False,
    )

    class Meta:
        model = WorkingGroup
        fields = ["order_number", "order_date", "order_signed_by", "order_scan"]
        widgets = {
            "order_date": DATE_WIDGET,
            # a plain input: the current scan is linked through the access-checked download
            "order_scan": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }
        labels = {
            "order_number": _("Номер распоряжения главы айыл окмоту"),
            "order_signed_by": _("Кто подписал (глава айыл окмоту)"),
        }
        help_texts = {"order_number": _("Например, 86.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.order_scan:
            del self.fields["remove_scan"]

    def clean_order_scan(self):
        upload = self.cleaned_data.get("order_scan")
        # only a new upload is checked; the stored scan was checked when it came
        if isinstance(upload, UploadedFile):
            check_scan(upload, max_bytes=ORDER_SCAN_MAX_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_scan") and self.files.get("order_scan"):
            self.add_error(
                "remove_scan",
                _("Либо загрузите новый скан, либо удалите старый — не то и другое сразу."),
            )
        return cleaned


class PortalUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class MemberForm(PlanningForm):
    user = PortalUserChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Пользователь портала"),
        empty_label=_("— нет учётной записи на портале (только имя) —"),
        help_text=_(
            "Свяжите члена группы с его учётной записью, чтобы он видел свои задачи "
            "в разделе «Мои задачи». В списке — пользователи этого муниципалитета."
        ),
    )

    class Meta:
        model = WorkingGroupMember
        fields = [
            "full_name",
            "wg_role",
            "organisation",
            "job_title_ru",
            "job_title_ky",
            "sex",
            "user",
        ]
        error_messages = {
            "full_name": {"required": _("Укажите фамилию и имя.")},
            "organisation": {"required": _("Укажите, кого представляет член группы.")},
            "sex": {"required": _("Укажите пол: он нужен для подсчёта женщин и мужчин в группе.")},
            "wg_role": {"required": _("Укажите роль в рабочей группе.")},
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__municipality=municipality, is_active=True)
            .distinct()
            .order_by("full_name", "email")
        )


class TaskForm(PlanningForm):
    class Meta:
        model = WorkplanTask
        fields = ["title", "responsible", "deadline"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "deadline": DATE_WIDGET,
        }
        error_messages = {
            "title": {"required": _("Напишите, что нужно сделать.")},
            "deadline": {"required": _("Укажите срок выполнения.")},
        }

    def __init__(self, *args, working_group, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        field.queryset = WorkingGroupMember.objects.filter(working_group=working_group)
        field.required = True
        field.empty_label = _("— выберите члена рабочей группы —")
        field.error_messages["required"] = _("Выберите ответственного из членов рабочей группы.")
        field.error_messages["invalid_choice"] = _(
            "Ответственный должен быть членом этой рабочей группы."
        )
