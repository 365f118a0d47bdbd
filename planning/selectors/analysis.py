"""What the passport, situation-analysis and SWOT pages show, each in a fixed number of
queries whatever the number of villages, sectors, figures, problems or SWOT items."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, Value
from django.db.models.functions import Coalesce, Length
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import Passport, Programme, Sector, SectorAnalysis, SwotItem


class AnalysisState:
    EMPTY = "empty"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    LABELS = {
        EMPTY: _("не начат"),
        IN_PROGRESS: pgettext_lazy("section", "в работе"),  # being filled, not a task
        COMPLETE: _("готов"),
    }
    BADGES = {EMPTY: "", IN_PROGRESS: "badge--warn", COMPLETE: "badge--ok"}


# The glossary's words for the four lists, in the order they are shown.
SWOT_BLOCKS = [
    (SwotItem.Kind.STRENGTH, _("Сильные стороны")),
    (SwotItem.Kind.WEAKNESS, _("Слабые стороны")),
    (SwotItem.Kind.OPPORTUNITY, _("Возможности")),
    (SwotItem.Kind.THREAT, _("Угрозы")),
]
SWOT_LABELS = dict(SWOT_BLOCKS)


# --- passport ------------------------------------------------------------------------------


def passport_page(programme: Programme) -> dict:
    passport = Passport.objects.filter(programme=programme).first()
    if passport is None:  # every programme gets one when it is created; shown empty otherwise
        return {
            "passport": Passport(programme=programme),
            "villages": [],
            "village_population": 0,
            "budget_years": [],
        }
    passport.programme = programme
    villages = list(passport.villages.all())
    budget_years = list(passport.budget_years.all())
    village_population = sum(v.population for v in villages if v.population is not None)
    return {
        "passport": passport,
        "villages": villages,
        "village_population": village_population,
        "budget_years": budget_years,
    }


# --- situation analysis --------------------------------------------------------------------


@dataclass
class SectorRow:
    sector: Sector
    has_ru: bool
    has_ky: bool
    figure_count: int
    problem_count: int

    @property
    def state(self) -> str:
        if self.has_ru and self.has_ky and self.figure_count and self.problem_count:
            return AnalysisState.COMPLETE
        if self.has_ru or self.has_ky or self.figure_count or self.problem_count:
            return AnalysisState.IN_PROGRESS
        return AnalysisState.EMPTY

    @property
    def state_label(self):
        return AnalysisState.LABELS[self.state]

    @property
    def badge(self) -> str:
        return AnalysisState.BADGES[self.state]


def _length(field: str):
    return Coalesce(Length(field), Value(0), output_field=IntegerField())


def analysis_rows(programme: Programme) -> list[SectorRow]:
    """Every active sector with the state of its analysis in the programme. An analysis is
    complete when its situation is written in both languages and it has at least one key
    figure and one problem. Two queries, without loading the texts."""
    sectors = list(Sector.objects.filter(is_active=True))
    analyses = {
        row["sector_id"]: row
        for row in SectorAnalysis.objects.filter(programme=programme)
        .annotate(
            ru_length=_length("situation_ru"),
            ky_length=_length("situation_ky"),
            figure_count=Count("figures", distinct=True),
            problem_count=Count("problems", distinct=True),
        )
        .values("sector_id", "ru_length", "ky_length", "figure_count", "problem_count")
    }
    rows = []
    for sector in sectors:
        found = analyses.get(sector.pk, {})
        rows.append(
            SectorRow(
                sector=sector,
                has_ru=found.get("ru_length", 0) > 0,
                has_ky=found.get("ky_length", 0) > 0,
                figure_count=found.get("figure_count", 0),
                problem_count=found.get("problem_count", 0),
            )
        )
    return rows


def analysis_summary(rows: list[SectorRow]) -> dict:
    counts = dict.fromkeys(AnalysisState.LABELS, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def sector_page(programme: Programme, sector: Sector) -> dict:
    """The analysis of one sector (None before anything is written), its key figures and its
    problems by priority."""
    analysis = SectorAnalysis.objects.filter(programme=programme, sector=sector).first()
    if analysis is None:
        return {"analysis": None, "figures": [], "problems": []}
    return {
        "analysis": analysis,
        "figures": list(analysis.figures.all()),
        "problems": list(analysis.problems.order_by("priority", "id")),
    }


# --- SWOT ----------------------------------------------------------------------------------


@dataclass
class SwotBlock:
    kind: str
    label: str
    items: list


def swot_blocks(programme: Programme) -> list[SwotBlock]:
    by_kind: dict[str, list] = {kind: [] for kind, _label in SWOT_BLOCKS}
    for item in SwotItem.objects.filter(programme=programme).order_by("kind", "sort_order", "id"):
        by_kind[item.kind].append(item)
    return [SwotBlock(kind, label, by_kind[kind]) for kind, label in SWOT_BLOCKS]
