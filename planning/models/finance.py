"""Financial model: the forecast of resources per year against the planned costs."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..parts import Compared, programme_part
from .base import FundingSource, Section
from .programme import Programme


@programme_part(
    path="programme",
    section=Section.FINANCE,
    copied=True,
    compared=Compared("finance", "forecast", match=("year", "source")),
)
class ResourceForecast(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="resource_forecasts"
    )
    year = models.PositiveSmallIntegerField(
        _("год"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("источник финансирования"), max_length=20, choices=FundingSource.choices
    )
    amount = models.DecimalField(
        _("прогноз, тыс. сом"),
        max_digits=14,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("прогноз ресурсов")
        verbose_name_plural = _("прогноз ресурсов")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "source"],
                name="resource_forecast_unique",
                violation_error_message=_("Прогноз на этот год и источник уже есть."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="resource_forecast_not_negative",
                violation_error_message=_("Прогноз не может быть отрицательным."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_source_display()}: {self.amount}"
