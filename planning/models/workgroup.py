"""The working group (РГ / ЖТ) that drafts the programme, and its workplan."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.permissions import Need

from ..parts import Compared, programme_part
from .base import Lineaged, Ordered, Revisioned, Section, Sex
from .programme import Programme

ORDER_SCAN_MAX_BYTES = 10 * 1024 * 1024


@programme_part(
    path="programme",
    section=Section.WORKGROUP,
    copied=True,
    compared=Compared("workgroup", "order", match=(), title=_("Распоряжение")),
)
class WorkingGroup(Revisioned):
    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="working_group"
    )
    order_number = models.CharField(_("номер распоряжения"), max_length=40, blank=True)
    order_date = models.DateField(_("дата распоряжения"), null=True, blank=True)
    order_signed_by = models.CharField(_("подписал"), max_length=160, blank=True)
    order_scan = models.FileField(
        _("скан распоряжения"),
        upload_to="orders/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("PDF или изображение (JPG, PNG), не больше 10 МБ."),
    )

    class Meta:
        verbose_name = _("рабочая группа")
        verbose_name_plural = _("рабочие группы")

    def __str__(self) -> str:
        return f"{self.programme.municipality} — {self.order_number}"


# The chair manages the working group: its members' texts too.
@programme_part(
    path="working_group__programme",
    section=Section.WORKGROUP,
    translated=("job_title",),
    copied=True,
    compared=Compared("workgroup", "members"),
    need=Need.MANAGE,
)
class WorkingGroupMember(Lineaged, Revisioned, Ordered):
    class WgRole(models.TextChoices):
        CHAIR = "chair", _("председатель")
        SECRETARY = "secretary", _("секретарь")
        MEMBER = "member", _("член")

    class Organisation(models.TextChoices):
        OMSU = "omsu", _("ОМСУ (айыл окмоту)")
        COUNCIL = "council", _("айылный кенеш")
        MONITORING_GROUP = "monitoring_group", _("ГСМиО")
        INITIATIVE_GROUP = "initiative_group", _("инициативная группа")
        CIVIL_SOCIETY = "civil_society", _("гражданское общество")
        OTHER = "other", _("другое")

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_group_memberships",
        verbose_name=_("пользователь портала"),
    )
    full_name = models.CharField(_("фамилия, имя"), max_length=160)
    wg_role = models.CharField(
        _("роль в РГ"), max_length=10, choices=WgRole.choices, default=WgRole.MEMBER
    )
    organisation = models.CharField(_("представляет"), max_length=20, choices=Organisation.choices)
    job_title = models.CharField(_("должность"), max_length=160, blank=True)
    sex = models.CharField(_("пол"), max_length=6, choices=Sex.choices)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("член рабочей группы")
        verbose_name_plural = _("члены рабочей группы")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group"],
                condition=models.Q(wg_role="chair"),
                name="wg_member_one_chair",
                violation_error_message=_("У рабочей группы уже есть председатель."),
            ),
            models.UniqueConstraint(
                fields=["working_group", "user"],
                condition=models.Q(user__isnull=False),
                name="wg_member_unique_user",
                violation_error_message=_(
                    "Этот пользователь портала уже связан с другим членом группы."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


@programme_part(path="working_group__programme", section=Section.WORKGROUP, copied=True)
class WorkplanTask(Revisioned):
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("что сделать"), max_length=300)
    responsible = models.ForeignKey(
        WorkingGroupMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("ответственный"),
    )
    deadline = models.DateField(_("срок"))
    is_done = models.BooleanField(_("выполнено"), default=False)
    done_at = models.DateTimeField(_("когда выполнено"), null=True, blank=True)

    class Meta:
        ordering = ["is_done", "deadline", "id"]
        verbose_name = _("задача плана работы")
        verbose_name_plural = _("план работы рабочей группы")

    def __str__(self) -> str:
        return self.title
