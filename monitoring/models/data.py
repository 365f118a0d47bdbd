"""The ГСМиО and what it reports for each period of an approved programme in implementation.

The joint monitoring and evaluation group (ГСМиО / БМБТ) of a municipality — residents and
ОМСУ staff set up by a decision of the council — reports, for each reporting period of the
programme, the actual value of each indicator and the progress and spending of each activity.
A period is open while the group fills it, submitted when the group hands it in, and closed
once the council accepts it; a period that is no longer open is frozen like an approved
version (planning.parts: its rows' freeze rule is their period's state)."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from planning.models import Activity, FundingSource, Indicator, Programme, Section, Sex
from planning.parts import never, programme_part

from ..errors import PeriodClosed

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# A period is due this long after it ends; still open after that, it is overdue.
DUE_AFTER = timedelta(days=30)


class MonitoringGroup(models.Model):
    """The ГСМиО of a municipality: set up by a decision of the council, it follows how the
    programme is carried out and reports to the council and the population."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="monitoring_group",
        verbose_name=_("муниципалитет"),
    )
    decision_number = models.CharField(_("номер решения кенеша"), max_length=40, blank=True)
    decision_date = models.DateField(_("дата решения кенеша"), null=True, blank=True)
    decision_scan = models.FileField(
        _("скан решения"),
        upload_to="monitoring/decisions/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("PDF или изображение (JPG, PNG), не больше 10 МБ."),
    )
    contact = models.ForeignKey(
        "MonitoringGroupMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("контактное лицо"),
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("ГСМиО")
        verbose_name_plural = _("ГСМиО")

    def __str__(self) -> str:
        return str(self.municipality)


class MonitoringGroupMember(models.Model):
    class Organisation(models.TextChoices):
        OMSU = "omsu", _("ОМСУ (айыл окмоту)")
        COUNCIL = "council", _("айылный кенеш")
        INITIATIVE_GROUP = "initiative_group", _("инициативная группа")
        CIVIL_SOCIETY = "civil_society", _("гражданское общество")
        RESIDENTS = "residents", _("жители")
        OTHER = "other", _("другое")

    group = models.ForeignKey(MonitoringGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_group_memberships",
        verbose_name=_("пользователь портала"),
    )
    full_name = models.CharField(_("фамилия, имя"), max_length=160)
    organisation = models.CharField(_("представляет"), max_length=20, choices=Organisation.choices)
    sex = models.CharField(_("пол"), max_length=6, choices=Sex.choices)
    position = models.CharField(_("должность или занятие"), max_length=160, blank=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("член ГСМиО")
        verbose_name_plural = _("члены ГСМиО")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(user__isnull=False),
                name="monitoring_member_unique_user",
                violation_error_message=_("Этот пользователь портала уже в составе группы."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Frequency(models.TextChoices):
    YEAR = "year", _("раз в год")
    HALF = "half", _("раз в полгода")
    QUARTER = "quarter", _("раз в квартал")


PERIODS_IN_YEAR = {Frequency.YEAR: 1, Frequency.HALF: 2, Frequency.QUARTER: 4}


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("открыт")
    SUBMITTED = "submitted", _("сдан ГСМиО")
    CLOSED = "closed", _("закрыт")


# A period's own row changes only through its services (submitted, closed, reopened with a
# reason); its data rows are frozen by its state. It follows its programme's line to a new
# version (services.versions), like everything of monitoring, and is never copied.
@programme_part(path="programme", section=Section.MONITORING, frozen=never)
class ReportingPeriod(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="reporting_periods",
        verbose_name=_("программа"),
    )
    frequency = models.CharField(_("периодичность"), max_length=8, choices=Frequency.choices)
    year = models.PositiveSmallIntegerField(_("год"))
    number = models.PositiveSmallIntegerField(_("номер в году"), default=1)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("конец"))
    status = models.CharField(
        _("состояние"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("сдан"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто сдал"),
    )
    closed_at = models.DateTimeField(_("закрыт"), null=True, blank=True)
    # why the council secretary gave a submitted period back to the group (kept in the history)
    reopen_reason = models.TextField(_("причина возврата"), blank=True, max_length=2000)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("отчётный период")
        verbose_name_plural = _("отчётные периоды")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "number", "frequency"],
                name="reporting_period_unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="reporting_period_dates"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        if self.frequency == Frequency.YEAR:
            return _("%(year)s год") % {"year": self.year}
        if self.frequency == Frequency.HALF:
            return _("%(year)s, %(number)s-е полугодие") % {
                "year": self.year,
                "number": self.number,
            }
        return _("%(year)s, %(number)s-й квартал") % {"year": self.year, "number": self.number}

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    @property
    def is_last_of_year(self) -> bool:
        return self.number == PERIODS_IN_YEAR[self.frequency]

    @property
    def due_on(self) -> date:
        return self.ends_on + DUE_AFTER

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == PeriodStatus.OPEN and today > self.due_on

    def has_ended(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.ends_on


def _period_id(instance):
    if isinstance(instance, ActivitySpending):
        if instance.progress_id is None:
            return None
        return (
            ActivityProgress.objects.filter(pk=instance.progress_id)
            .values_list("period_id", flat=True)
            .first()
        )
    return instance.period_id


def with_open_period(instance, programme_id) -> bool:
    """The freeze rule of a period's data: written only while its period is open, as stored
    now; for a row that exists, also while the period it was stored under is open (a row
    cannot be moved out of a period that was handed in)."""
    periods = {_period_id(instance)}
    if instance.pk is not None:
        stored = type(instance).objects.filter(pk=instance.pk).first()
        if stored is not None:
            periods.add(_period_id(stored))
    periods.discard(None)
    open_ = ReportingPeriod.objects.filter(pk__in=periods, status=PeriodStatus.OPEN).count()
    return open_ != len(periods)


@programme_part(
    path="period__programme",
    section=Section.MONITORING,
    frozen=with_open_period,
    frozen_error=PeriodClosed,
)
class IndicatorActual(models.Model):
    """The actual value of an indicator in a period, as the ГСМиО found it."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("период")
    )
    # an indicator of the version in force; after an amendment, of the new version where the
    # indicator is still there (its lineage), else of the version that had it
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="actuals", verbose_name=_("индикатор")
    )
    value = models.DecimalField(_("фактическое значение"), max_digits=14, decimal_places=2)
    women = models.DecimalField(
        _("в том числе женщины"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    men = models.DecimalField(
        _("в том числе мужчины"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(_("источник данных"), max_length=500, blank=True)
    evidence = models.FileField(
        _("подтверждающий документ"),
        upload_to="monitoring/evidence/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("PDF или изображение (JPG, PNG), не больше 10 МБ."),
    )
    evidence_link = models.URLField(_("ссылка на подтверждение"), blank=True, max_length=500)
    comment = models.TextField(_("комментарий"), blank=True, max_length=3000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("кто внёс"),
    )
    entered_at = models.DateTimeField(_("когда внесено"), auto_now=True)

    class Meta:
        ordering = ["period__starts_on", "indicator__sort_order", "id"]
        verbose_name = _("фактическое значение индикатора")
        verbose_name_plural = _("фактические значения индикаторов")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator"],
                name="actual_one_per_indicator_and_period",
                violation_error_message=_("Для этого периода значение уже внесено."),
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True)
                | Q(men__isnull=True)
                | Q(value=F("women") + F("men")),
                name="actual_women_and_men_add_up",
                violation_error_message=_("Женщины и мужчины вместе должны дать общее значение."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("не начато")
    IN_PROGRESS = "in_progress", _("выполняется")
    DONE = "done", _("выполнено")
    DELAYED = "delayed", _("задерживается")
    CANCELLED = "cancelled", _("отменено")


# a reason must be given for these
NEEDS_REASON = {ActivityStatus.DELAYED, ActivityStatus.CANCELLED}


@programme_part(
    path="period__programme",
    section=Section.MONITORING,
    frozen=with_open_period,
    frozen_error=PeriodClosed,
)
class ActivityProgress(models.Model):
    """How far an activity got by the end of a period, and why where it is late."""

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("период"),
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="progress", verbose_name=_("мероприятие")
    )
    status = models.CharField(_("состояние"), max_length=12, choices=ActivityStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("выполнено, %"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("комментарий или причина"), blank=True, max_length=3000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("кто внёс"),
    )
    entered_at = models.DateTimeField(_("когда внесено"), auto_now=True)

    class Meta:
        ordering = ["period__starts_on", "activity__sort_order", "id"]
        verbose_name = _("ход выполнения мероприятия")
        verbose_name_plural = _("ход выполнения мероприятий")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "activity"],
                name="progress_one_per_activity_and_period",
                violation_error_message=_("Для этого периода ход выполнения уже внесён."),
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="progress_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["delayed", "cancelled"]) | ~Q(comment=""),
                name="progress_delay_has_reason",
                violation_error_message=_(
                    "Для задержанного или отменённого мероприятия укажите причину."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(percent=100),
                name="progress_done_is_100",
                violation_error_message=_("Выполненное мероприятие — это 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.percent} %"


@programme_part(
    path="progress__period__programme",
    section=Section.MONITORING,
    frozen=with_open_period,
    frozen_error=PeriodClosed,
)
class ActivitySpending(models.Model):
    """Money actually spent on an activity in a period, by funding source (as the plan)."""

    progress = models.ForeignKey(
        ActivityProgress,
        on_delete=models.CASCADE,
        related_name="spending",
        verbose_name=_("ход выполнения"),
    )
    source = models.CharField(
        _("источник финансирования"), max_length=20, choices=FundingSource.choices
    )
    amount = models.DecimalField(
        _("израсходовано, тыс. сом"),
        max_digits=14,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        ordering = ["source"]
        verbose_name = _("расход")
        verbose_name_plural = _("расходы")
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "source"],
                name="spending_one_per_source",
                violation_error_message=_("Расход по этому источнику уже внесён."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spending_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"
