"""Texts that citizens read exist in Russian and Kyrgyz (django-modeltranslation).

Every planning model is also registered with django-simple-history here, after its translation
fields exist, so that the history keeps both languages."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as register_history

from . import models as m

TRANSLATED = {
    m.Programme: ("title", "vision", "overall_goal"),
    m.WorkingGroupMember: ("job_title",),
    m.Passport: ("geographic_position", "landscape"),
    m.Village: ("name",),
    m.Sector: ("name",),
    m.SectorAnalysis: ("situation",),
    m.KeyFigure: ("name",),
    m.Problem: ("text",),
    m.SwotItem: ("text",),
    m.Direction: ("title",),
    m.Goal: ("title",),
    m.Objective: ("title",),
    m.Activity: (
        "title",
        "description",
        "responsible",
        "expected_result",
        "community_contribution",
    ),
    m.Indicator: ("name", "means_of_verification"),
    m.CitizenProposal: ("answer",),
    m.PublicHearing: ("place", "minutes", "decisions"),
}

for model, fields in TRANSLATED.items():
    translator.register(
        model, type(f"{model.__name__}Translation", (TranslationOptions,), {"fields": fields})
    )

HISTORY = [
    m.Programme,
    m.WorkingGroup,
    m.WorkingGroupMember,
    m.WorkplanTask,
    m.Passport,
    m.Village,
    m.BudgetYear,
    m.SectorAnalysis,
    m.KeyFigure,
    m.Problem,
    m.SwotItem,
    m.Direction,
    m.Goal,
    m.Objective,
    m.Activity,
    m.ActivityCost,
    m.Indicator,
    m.IndicatorTarget,
    m.ResourceForecast,
    m.ReviewComment,
    m.CitizenProposal,
    m.PublicHearing,
    m.CouncilDecision,
]
for model in HISTORY:
    register_history(model, app="planning")
