"""Passport of the municipality: the general characteristics of the territory."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..parts import Compared, programme_part
from .base import Lineaged, Ordered, Revisioned, Section
from .programme import Programme


@programme_part(
    path="programme",
    section=Section.PASSPORT,
    translated=("geographic_position", "landscape"),
    copied=True,
    compared=Compared("passport", "passport", match=(), title=_("паспорт муниципалитета")),
)
class Passport(Revisioned):
    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="passport")
    geographic_position = models.TextField(
        _("географическое положение"), blank=True, max_length=3000
    )
    landscape = models.TextField(_("ландшафт и природные условия"), blank=True, max_length=3000)
    distance_to_district_centre_km = models.DecimalField(
        _("до районного центра, км"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    distance_to_oblast_centre_km = models.DecimalField(
        _("до областного центра, км"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    distance_to_capital_km = models.DecimalField(
        _("до Бишкека, км"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    year_founded = models.PositiveSmallIntegerField(
        _("год образования"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
    )
    area_ha = models.DecimalField(
        _("площадь, га"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    population_total = models.PositiveIntegerField(_("население, всего"), null=True, blank=True)
    population_women = models.PositiveIntegerField(_("женщины"), null=True, blank=True)
    population_men = models.PositiveIntegerField(_("мужчины"), null=True, blank=True)
    households = models.PositiveIntegerField(_("домохозяйства"), null=True, blank=True)
    data_year = models.PositiveSmallIntegerField(
        _("год данных"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )

    class Meta:
        verbose_name = _("паспорт муниципалитета")
        verbose_name_plural = _("паспорта муниципалитетов")
        constraints = [
            models.CheckConstraint(
                condition=Q(population_women__isnull=True)
                | Q(population_men__isnull=True)
                | Q(population_total__isnull=True)
                | Q(population_total__gte=F("population_women") + F("population_men")),
                name="passport_women_and_men_not_above_total",
                violation_error_message=_(
                    "Женщин и мужчин вместе не может быть больше, чем всего жителей."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.programme)


@programme_part(
    path="passport__programme",
    section=Section.PASSPORT,
    translated=("name",),
    copied=True,
    compared=Compared("passport", "villages"),
)
class Village(Lineaged, Revisioned, Ordered):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="villages")
    name = models.CharField(_("село"), max_length=120)
    population = models.PositiveIntegerField(_("население"), null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("село")
        verbose_name_plural = _("сёла")

    def __str__(self) -> str:
        return self.name


@programme_part(
    path="passport__programme",
    section=Section.PASSPORT,
    copied=True,
    compared=Compared("passport", "budget", match=("year",)),
)
class BudgetYear(Revisioned):
    """Local budget of one year: the figures later sections refer to."""

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="budget_years")
    year = models.PositiveSmallIntegerField(
        _("год"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    revenue = models.DecimalField(
        _("доходы, сом"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    expenditure = models.DecimalField(
        _("расходы, сом"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("бюджет года")
        verbose_name_plural = _("бюджет по годам")
        constraints = [
            models.UniqueConstraint(
                fields=["passport", "year"],
                name="budget_year_unique",
                violation_error_message=_("Бюджет этого года уже введён."),
            ),
            models.CheckConstraint(
                condition=Q(revenue__gte=0) & Q(expenditure__gte=0),
                name="budget_year_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.revenue} / {self.expenditure}"
