"""Recent changes of a programme, from the history django-simple-history keeps of every model."""

from dataclasses import dataclass
from datetime import datetime
from heapq import nlargest

from django.utils.translation import gettext_lazy as _

from .. import models as m

# model → lookup from the model to its programme
PROGRAMME_LOOKUPS = {
    m.Programme: "id",
    m.WorkingGroup: "programme",
    m.WorkingGroupMember: "working_group__programme",
    m.WorkplanTask: "working_group__programme",
    m.Passport: "programme",
    m.Village: "passport__programme",
    m.BudgetYear: "passport__programme",
    m.SectorAnalysis: "programme",
    m.KeyFigure: "analysis__programme",
    m.Problem: "analysis__programme",
    m.SwotItem: "programme",
    m.Direction: "programme",
    m.Goal: "direction__programme",
    m.Objective: "goal__direction__programme",
    m.Activity: "programme",
    m.ActivityCost: "activity__programme",
    m.Indicator: "programme",
    m.IndicatorTarget: "indicator__programme",
    m.ResourceForecast: "programme",
}

ACTIONS = {"+": _("добавлено"), "~": _("изменено"), "-": _("удалено")}


@dataclass
class RecentChange:
    when: datetime
    who: object
    action: str
    what: str
    item: str


def recent_changes(programme, limit: int = 15) -> list[RecentChange]:
    """The latest changes across the programme: one query per kind of content."""
    records = []
    for model, lookup in PROGRAMME_LOOKUPS.items():
        history = model.history.model.objects.filter(**{lookup: programme.pk})
        records += [
            (record, model)
            for record in history.select_related("history_user").order_by("-history_date")[:limit]
        ]
    # only the records shown are labelled (a label may follow a foreign key)
    latest = nlargest(limit, records, key=lambda pair: pair[0].history_date)
    return [
        RecentChange(
            when=record.history_date,
            who=record.history_user,
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            what=str(model._meta.verbose_name),
            item=_item_label(record),
        )
        for record, model in latest
    ]


def _item_label(record) -> str:
    """The item as it was in that record, named by its model's __str__ (page language)."""
    try:
        return str(record.instance)[:120]
    except Exception:  # a record whose related rows are gone cannot always be rebuilt
        return ""
