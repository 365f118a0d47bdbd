"""Directions → goals → objectives → activities, with costs by year and funding source."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..parts import Compared, programme_part
from .base import FundingSource, Lineaged, Ordered, Revisioned, Section
from .passport import Village
from .programme import Programme

TITLE_MAX = 500


@programme_part(
    path="programme",
    section=Section.PLAN,
    translated=("title",),
    copied=True,
    compared=Compared("plan", "directions"),
)
class Direction(Lineaged, Revisioned, Ordered):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="directions")
    title = models.CharField(_("направление развития"), max_length=TITLE_MAX)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("направление развития")
        verbose_name_plural = _("направления развития")

    def __str__(self) -> str:
        return self.title


@programme_part(
    path="direction__programme",
    section=Section.PLAN,
    translated=("title",),
    copied=True,
    compared=Compared("plan", "goals"),
)
class Goal(Lineaged, Revisioned, Ordered):
    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("цель"), max_length=TITLE_MAX)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("цель")
        verbose_name_plural = _("цели")

    def __str__(self) -> str:
        return self.title


@programme_part(
    path="goal__direction__programme",
    section=Section.PLAN,
    translated=("title",),
    copied=True,
    compared=Compared("plan", "objectives"),
)
class Objective(Lineaged, Revisioned, Ordered):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("задача"), max_length=TITLE_MAX)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("задача")
        verbose_name_plural = _("задачи")

    def __str__(self) -> str:
        return self.title


@programme_part(
    path="programme",
    section=Section.PLAN,
    translated=("title", "description", "responsible", "expected_result", "community_contribution"),
    copied=True,
    compared=Compared("plan", "activities"),
)
class Activity(Lineaged, Revisioned, Ordered):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    # denormalised for the activity-plan queries and permission checks
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("мероприятие"), max_length=TITLE_MAX)
    description = models.TextField(_("описание"), blank=True, max_length=5000)
    responsible = models.CharField(_("ответственный"), max_length=200, blank=True)
    start_date = models.DateField(_("начало"), null=True, blank=True)
    end_date = models.DateField(_("окончание"), null=True, blank=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("место (село)"),
    )
    expected_result = models.TextField(_("ожидаемый результат"), blank=True, max_length=3000)
    is_joint_action = models.BooleanField(
        _("совместное действие ОМСУ и населения (ПСД)"), default=False
    )
    community_contribution = models.TextField(_("вклад населения"), blank=True, max_length=3000)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="activity_end_not_before_start",
                violation_error_message=_("Окончание не может быть раньше начала."),
            )
        ]

    def __str__(self) -> str:
        return self.title


@programme_part(
    path="activity__programme",
    section=Section.PLAN,
    copied=True,
    compared=Compared("costs", "costs", match=("activity", "year", "source")),
)
class ActivityCost(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(
        _("год"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("источник финансирования"), max_length=20, choices=FundingSource.choices
    )
    amount = models.DecimalField(
        _("сумма, тыс. сом"),
        max_digits=14,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("стоимость")
        verbose_name_plural = _("стоимость по годам и источникам")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year", "source"],
                name="activity_cost_unique",
                violation_error_message=_("Сумма за этот год и источник уже есть."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="activity_cost_not_negative",
                violation_error_message=_("Стоимость не может быть отрицательной."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_source_display()}: {self.amount}"
