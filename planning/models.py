"""The Programme of Socio-Economic Development (ПСЭР / СЭӨП) of a municipality."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    IN_REVIEW = "in_review", _("на рассмотрении")
    PUBLIC_CONSULTATION = "public_consultation", _("обсуждение с населением")
    SUBMITTED_TO_COUNCIL = "submitted_to_council", _("передано в кенеш")
    APPROVED = "approved", _("утверждена")
    IN_IMPLEMENTATION = "in_implementation", _("в реализации")


# Statuses in which citizens may read the programme without logging in.
PUBLIC_STATUSES = [
    ProgrammeStatus.PUBLIC_CONSULTATION,
    ProgrammeStatus.APPROVED,
    ProgrammeStatus.IN_IMPLEMENTATION,
]


class Programme(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("муниципалитет"),
    )
    title = models.CharField(_("название"), max_length=300)
    start_year = models.PositiveSmallIntegerField(
        _("год начала"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("год окончания"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("статус"),
        max_length=24,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.DRAFT,
    )
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    status_changed_at = models.DateTimeField(_("статус изменён"), auto_now_add=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        ordering = ["-start_year", "-version"]
        verbose_name = _("программа социально-экономического развития")
        verbose_name_plural = _("программы социально-экономического развития")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year") + 2)
                & Q(end_year__lte=F("start_year") + 9),
                name="programme_period_3_to_10_years",
                violation_error_message=_("Период программы — от 3 до 10 лет."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "start_year", "version"],
                name="programme_unique_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES
