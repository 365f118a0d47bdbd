"""Situation analysis by sector, and the SWOT of the programme."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..parts import Compared, programme_part
from .base import Lineaged, Ordered, Revisioned, Section
from .programme import Programme


class Sector(Ordered):
    """A sector of local life (drinking water, roads, …); the administrator keeps the list."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=120)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("сфера")
        verbose_name_plural = _("сферы")

    def __str__(self) -> str:
        return self.name


@programme_part(
    path="programme",
    section=Section.ANALYSIS,
    translated=("situation",),
    copied=True,
    compared=Compared("analysis", "sectors", match=("sector",)),
)
class SectorAnalysis(Revisioned):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sector_analyses"
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+")
    situation = models.TextField(_("текущая ситуация"), blank=True, max_length=10000)

    class Meta:
        ordering = ["sector__sort_order", "sector_id"]
        verbose_name = _("анализ сферы")
        verbose_name_plural = _("анализ по сферам")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "sector"],
                name="sector_analysis_unique",
                violation_error_message=_("Анализ этой сферы уже есть в программе."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.sector}"


@programme_part(
    path="analysis__programme",
    section=Section.ANALYSIS,
    translated=("name",),
    copied=True,
    compared=Compared("analysis", "figures"),
)
class KeyFigure(Lineaged, Revisioned, Ordered):
    analysis = models.ForeignKey(SectorAnalysis, on_delete=models.CASCADE, related_name="figures")
    name = models.CharField(_("показатель"), max_length=200)
    value = models.DecimalField(_("значение"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("единица измерения"), max_length=40)
    year = models.PositiveSmallIntegerField(_("год"))

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("ключевой показатель")
        verbose_name_plural = _("ключевые показатели")


@programme_part(
    path="analysis__programme",
    section=Section.ANALYSIS,
    translated=("text",),
    copied=True,
    compared=Compared("analysis", "problems"),
)
class Problem(Lineaged, Revisioned):
    analysis = models.ForeignKey(SectorAnalysis, on_delete=models.CASCADE, related_name="problems")
    text = models.CharField(_("проблема"), max_length=500)
    priority = models.PositiveSmallIntegerField(_("приоритет"), default=1)
    raised_by_citizens = models.BooleanField(_("названа жителями"), default=False)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("проблема")
        verbose_name_plural = _("проблемы")
        constraints = [
            models.CheckConstraint(condition=Q(priority__gte=1), name="problem_priority_from_1")
        ]


@programme_part(
    path="programme",
    section=Section.SWOT,
    translated=("text",),
    copied=True,
    compared=Compared("swot", "swot"),
)
class SwotItem(Lineaged, Revisioned, Ordered):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _("сильная сторона")
        WEAKNESS = "weakness", _("слабая сторона")
        OPPORTUNITY = "opportunity", _("возможность")
        THREAT = "threat", _("угроза")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="swot_items")
    kind = models.CharField(_("вид"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("текст"), max_length=500)

    class Meta:
        ordering = ["kind", "sort_order", "id"]
        verbose_name = _("пункт SWOT")
        verbose_name_plural = _("SWOT-анализ")
