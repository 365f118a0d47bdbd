# isort: off
# The modules are imported in the order of a programme's sections: the declarations of its
# parts (planning.parts) follow this order, and so do the pages that list every part (the
# history's kinds, the translation page, the copy of a new version).
from .base import FundingSource, Section, Sex
from .programme import (
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    PUBLIC_STATUSES,
    Programme,
    ProgrammeStatus,
)
from .workgroup import WorkingGroup, WorkingGroupMember, WorkplanTask
from .passport import BudgetYear, Passport, Village
from .analysis import KeyFigure, Problem, Sector, SectorAnalysis, SwotItem
from .plan import Activity, ActivityCost, Direction, Goal, Objective
from .indicators import Indicator, IndicatorTarget
from .finance import ResourceForecast
from .lifecycle import Action, CommentStatus, CouncilDecision, ReviewComment, Transition
from .consultation import CitizenProposal, ProposalDecision, ProposalStatus, PublicHearing

# isort: on

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
    "FundingSource",
    "Goal",
    "Indicator",
    "IndicatorTarget",
    "KeyFigure",
    "Objective",
    "Passport",
    "Problem",
    "Programme",
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
