"""The roll-up of a programme in a few figures, kept for the pages that list many
municipalities at once (the staff dashboard, its export and chart): counting them from the
monitoring data of 500 programmes on every visit would cost a query per programme. The figures
are counted again by `services.summary` after every committed change of the programme's
monitoring, by the same selector as the programme's own monitoring page, so both say the same."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from planning.models import Programme, Section
from planning.parts import never, programme_part

from .data import ReportingPeriod


# Counted from the other rows, never written by a person: no history of its own.
@programme_part(path="programme", section=Section.MONITORING, history=False, frozen=never)
class MonitoringSummary(models.Model):
    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitoring_summary",
        verbose_name=_("программа"),
    )
    # the period the figures are as of: the last one with data
    as_of = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("по состоянию на период"),
    )
    progress = models.PositiveSmallIntegerField(_("выполнение, %"), null=True, blank=True)
    planned = models.DecimalField(
        _("запланировано до периода включительно, тыс. сом"),
        max_digits=16,
        decimal_places=1,
        default=0,
    )
    spent = models.DecimalField(
        _("израсходовано, тыс. сом"), max_digits=16, decimal_places=1, default=0
    )
    spent_percent = models.PositiveIntegerField(_("израсходовано, %"), null=True, blank=True)
    indicators_on_track = models.PositiveIntegerField(_("индикаторы в графике"), default=0)
    indicators_off_track = models.PositiveIntegerField(_("индикаторы отстают"), default=0)
    activities_delayed = models.PositiveIntegerField(_("мероприятия задерживаются"), default=0)
    counted_at = models.DateTimeField(_("подсчитано"), auto_now=True)

    class Meta:
        verbose_name = _("сводка мониторинга")
        verbose_name_plural = _("сводки мониторинга")

    def __str__(self) -> str:
        return str(self.programme)
