from .analysis import KeyFigure, Problem, Sector, SectorAnalysis, SwotItem
from .base import FundingSource, Sex
from .consultation import (
    CitizenProposal,
    ProposalDecision,
    ProposalStatus,
    PublicHearing,
)
from .documents import DocumentLanguage, DocumentStatus, ProgrammeDocument
from .finance import ResourceForecast
from .indicators import Indicator, IndicatorTarget
from .lifecycle import (
    Action,
    CommentStatus,
    CouncilDecision,
    ReviewComment,
    Section,
    Transition,
)
from .passport import BudgetYear, Passport, Village
from .plan import Activity, ActivityCost, Direction, Goal, Objective
from .programme import (
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    PUBLIC_STATUSES,
    Programme,
    ProgrammeStatus,
)
from .workgroup import WorkingGroup, WorkingGroupMember, WorkplanTask

__all__ = [
    "EDITABLE_STATUSES",
    "FROZEN_STATUSES",
    "PUBLIC_STATUSES",
    "Action",
    "Activity",
    "ActivityCost",
    "BudgetYear",
    "CitizenProposal",
    "CommentStatus",
    "CouncilDecision",
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
    "ProposalDecision",
    "ProposalStatus",
    "PublicHearing",
    "ResourceForecast",
    "ReviewComment",
    "Section",
    "Sector",
    "SectorAnalysis",
    "Sex",
    "SwotItem",
    "Transition",
    "Village",
    "WorkingGroup",
    "WorkingGroupMember",
    "WorkplanTask",
]
