from .analysis import KeyFigure, Problem, Sector, SectorAnalysis, SwotItem
from .base import FundingSource, Sex
from .documents import DocumentLanguage, DocumentStatus, ProgrammeDocument
from .finance import ResourceForecast
from .indicators import Indicator, IndicatorTarget
from .passport import BudgetYear, Passport, Village
from .plan import Activity, ActivityCost, Direction, Goal, Objective
from .programme import EDITABLE_STATUSES, PUBLIC_STATUSES, Programme, ProgrammeStatus
from .workgroup import WorkingGroup, WorkingGroupMember, WorkplanTask

__all__ = [
    "EDITABLE_STATUSES",
    "PUBLIC_STATUSES",
    "Activity",
    "ActivityCost",
    "BudgetYear",
    "Direction",
    "DocumentLanguage",
    "DocumentStatus",
    "FundingSource",
    "Goal",
    "Indicator",
    "IndicatorTarget",
    "KeyFigure",
    "Objective",
    "Passport",
    "Problem",
    "Programme",
    "ProgrammeDocument",
    "ProgrammeStatus",
    "ResourceForecast",
    "Sector",
    "SectorAnalysis",
    "Sex",
    "SwotItem",
    "Village",
    "WorkingGroup",
    "WorkingGroupMember",
    "WorkplanTask",
]
