"""What the monitoring reports back to the council and the population.

The ГСМиО writes a report for each reporting period: its findings and recommendations, for
the programme as a whole and for each direction, in Russian and Kyrgyz; it presents the report
to the council and to the population (how many women and men came), and the council secretary
records the council's response. Every figure of the report (tables, charts) comes from the
monitoring data of the period, never typed again.

The ОМСУ writes the annual implementation report of the programme, the one the council hears
each year: its own summary of the year; what was planned and done, the money, the indicators,
the delays and the citizens' proposals come from the data. The council secretary records the
session that heard it and the council's decision.

A report is written until it is presented; from then on its texts are what was presented (the
services refuse a change), and only the council's response is still recorded. A presented
report can be read and downloaded by anyone."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from municipalities.permissions import Need
from planning.models import Direction, Programme, Section
from planning.parts import never, programme_part

from .data import ReportingPeriod

TEXT_MAX = 20000


@programme_part(
    path="period__programme",
    section=Section.MONITORING,
    translated=("findings", "recommendations", "council_response"),
    frozen=never,
    need=Need.MONITOR,
)
class MonitoringReport(models.Model):
    """The ГСМиО's report of a period."""

    period = models.OneToOneField(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="report",
        verbose_name=_("период"),
    )
    findings = models.TextField(_("выводы по программе в целом"), blank=True, max_length=TEXT_MAX)
    recommendations = models.TextField(
        _("рекомендации по программе в целом"), blank=True, max_length=TEXT_MAX
    )
    presented_to_council_on = models.DateField(
        _("представлен айылному кенешу"), null=True, blank=True
    )
    presented_to_population_on = models.DateField(_("представлен населению"), null=True, blank=True)
    population_women = models.PositiveIntegerField(
        _("присутствовали женщины"), null=True, blank=True
    )
    population_men = models.PositiveIntegerField(_("присутствовали мужчины"), null=True, blank=True)
    # when the presentation was recorded: the documents rendered from then on carry no draft
    # mark and are public
    presented_at = models.DateTimeField(_("представление записано"), null=True, blank=True)
    council_response = models.TextField(_("ответ кенеша"), blank=True, max_length=TEXT_MAX)
    council_response_on = models.DateField(_("дата ответа кенеша"), null=True, blank=True)
    council_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто записал ответ кенеша"),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто писал"),
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("отчёт ГСМиО")
        verbose_name_plural = _("отчёты ГСМиО")
        constraints = [
            models.CheckConstraint(
                condition=Q(council_response_on__isnull=True)
                | Q(presented_to_council_on__isnull=False),
                name="monitoring_report_response_after_presentation",
                violation_error_message=_(
                    "Ответ кенеша записывается после того, как отчёт представлен кенешу."
                ),
            ),
            models.CheckConstraint(
                condition=Q(council_response_on__isnull=True)
                | Q(council_response_on__gte=F("presented_to_council_on")),
                name="monitoring_report_response_not_before",
                violation_error_message=_(
                    "Кенеш не может ответить раньше, чем ему представили отчёт."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Отчёт ГСМиО за %(period)s") % {"period": self.period.label})

    @property
    def is_presented(self) -> bool:
        """Presented to the council or to the population: its texts are final."""
        return self.presented_at is not None

    @property
    def has_response(self) -> bool:
        return self.council_response_on is not None

    @property
    def presented_on(self):
        """The first day the report was presented (to the council or to the population)."""
        dates = [d for d in (self.presented_to_council_on, self.presented_to_population_on) if d]
        return min(dates) if dates else None


@programme_part(
    path="report__period__programme",
    section=Section.MONITORING,
    translated=("findings", "recommendations"),
    frozen=never,
    need=Need.MONITOR,
)
class DirectionFinding(models.Model):
    """The ГСМиО's findings and recommendations on one direction of the programme. After an
    amendment it follows the direction to the new version, like the period's data."""

    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.CASCADE,
        related_name="directions",
        verbose_name=_("отчёт"),
    )
    direction = models.ForeignKey(
        Direction, on_delete=models.PROTECT, related_name="+", verbose_name=_("направление")
    )
    findings = models.TextField(_("выводы"), blank=True, max_length=TEXT_MAX)
    recommendations = models.TextField(_("рекомендации"), blank=True, max_length=TEXT_MAX)

    class Meta:
        ordering = ["direction__sort_order", "id"]
        verbose_name = _("выводы по направлению")
        verbose_name_plural = _("выводы по направлениям")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "direction"], name="direction_finding_one_per_direction"
            )
        ]

    def __str__(self) -> str:
        return str(self.direction)


@programme_part(
    path="programme",
    section=Section.MONITORING,
    translated=("summary", "council_response"),
    frozen=never,
    need=Need.MANAGE,
)
class AnnualReport(models.Model):
    """The annual implementation report of a programme, prepared by the ОМСУ for the council.
    It follows the programme's line to a new version, like the periods."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="annual_reports",
        verbose_name=_("программа"),
    )
    year = models.PositiveSmallIntegerField(_("год"))
    summary = models.TextField(_("итоги года"), blank=True, max_length=TEXT_MAX)
    presented_on = models.DateField(_("заслушан на сессии кенеша"), null=True, blank=True)
    # when the hearing was recorded: the documents rendered from then on are public
    presented_at = models.DateTimeField(_("заслушивание записано"), null=True, blank=True)
    decision_number = models.CharField(_("номер решения кенеша"), max_length=40, blank=True)
    decision_date = models.DateField(_("дата решения кенеша"), null=True, blank=True)
    council_response = models.TextField(_("ответ кенеша"), blank=True, max_length=TEXT_MAX)
    hearing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто записал решение кенеша"),
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто готовил"),
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("годовой отчёт о реализации")
        verbose_name_plural = _("годовые отчёты о реализации")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                name="annual_report_one_per_year",
                violation_error_message=_("Отчёт за этот год уже есть."),
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(presented_on__isnull=False),
                name="annual_report_decision_after_hearing",
                violation_error_message=_(
                    "Решение кенеша записывается вместе с датой сессии, на которой отчёт заслушан."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Годовой отчёт о реализации за %(year)s год") % {"year": self.year})

    @property
    def is_presented(self) -> bool:
        return self.presented_at is not None
