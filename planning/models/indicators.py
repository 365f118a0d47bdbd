"""Indicators of goals, objectives and activities: the M&E plan of the programme."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..parts import Compared, programme_part
from .base import Lineaged, Ordered, Revisioned, Section
from .plan import Activity, Goal, Objective
from .programme import Programme


@programme_part(
    path="programme",
    section=Section.INDICATORS,
    translated=("name", "means_of_verification"),
    copied=True,
    compared=Compared("indicators", "indicators"),
)
class Indicator(Lineaged, Revisioned, Ordered):
    class Unit(models.TextChoices):
        NUMBER = "number", _("единиц")
        PERCENT = "percent", _("%")
        SOM = "som", _("сом")
        KM = "km", _("км")
        PEOPLE = "people", _("человек")
        HOUSEHOLDS = "households", _("домохозяйств")
        HECTARES = "ha", _("га")
        CUBIC_METRES = "m3", _("куб. м")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("увеличение")
        DECREASE = "decrease", _("снижение")
        KEEP = "keep", _("сохранение")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("цель"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("задача"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("мероприятие"),
    )
    name = models.CharField(_("индикатор"), max_length=500)
    unit = models.CharField(_("единица измерения"), max_length=12, choices=Unit.choices)
    direction = models.CharField(
        _("направление изменения"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCREASE,
    )
    is_cumulative = models.BooleanField(_("нарастающим итогом"), default=False)
    baseline_value = models.DecimalField(
        _("базовое значение"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("год базового значения"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    means_of_verification = models.CharField(_("источник проверки"), max_length=500, blank=True)
    is_sex_disaggregated = models.BooleanField(_("в разбивке по полу"), default=False)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("индикатор")
        verbose_name_plural = _("индикаторы")
        constraints = [
            models.CheckConstraint(
                condition=(Q(goal__isnull=False) & Q(objective__isnull=True))
                | (Q(goal__isnull=True) & Q(objective__isnull=False)),
                name="indicator_of_a_goal_or_an_objective",
                violation_error_message=_("Индикатор относится либо к цели, либо к задаче."),
            )
        ]

    def __str__(self) -> str:
        return self.name


@programme_part(
    path="indicator__programme",
    section=Section.INDICATORS,
    copied=True,
    compared=Compared("indicators", "targets", match=("indicator", "year")),
)
class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(
        _("год"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("целевое значение"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["year"]
        verbose_name = _("целевое значение")
        verbose_name_plural = _("целевые значения")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicator_one_target_per_year",
                violation_error_message=_("Для этого года целевое значение уже есть."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"
