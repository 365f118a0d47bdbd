"""Monitoring of an approved programme in implementation: the ГСМиО and what it reports
(`data`), its reports to the council and the population (`reports`), and the roll-up kept in
figures for the pages across municipalities (`summary`)."""

from .data import (
    DUE_AFTER,
    EVIDENCE_MAX_BYTES,
    NEEDS_REASON,
    PERIODS_IN_YEAR,
    ActivityProgress,
    ActivitySpending,
    ActivityStatus,
    Frequency,
    IndicatorActual,
    MonitoringGroup,
    MonitoringGroupMember,
    PeriodStatus,
    ReportingPeriod,
    with_open_period,
)
from .reports import AnnualReport, DirectionFinding, MonitoringReport
from .summary import MonitoringSummary

__all__ = [
    "DUE_AFTER",
    "EVIDENCE_MAX_BYTES",
    "NEEDS_REASON",
    "PERIODS_IN_YEAR",
    "ActivityProgress",
    "ActivitySpending",
    "ActivityStatus",
    "AnnualReport",
    "DirectionFinding",
    "Frequency",
    "IndicatorActual",
    "MonitoringGroup",
    "MonitoringGroupMember",
    "MonitoringReport",
    "MonitoringSummary",
    "PeriodStatus",
    "ReportingPeriod",
    "with_open_period",
]
