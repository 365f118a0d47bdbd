"""Where the translated texts of a programme live: each model, the lookup from it to its
programme, the translated fields, and the section of the portal where it is edited.
Used by the completeness checks and the translation view."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import models as m
from .translation import TRANSLATED


@dataclass(frozen=True)
class ContentKind:
    model: type
    programme_lookup: str  # filter(**{programme_lookup: programme})
    section: str  # URL name of the page where it is edited
    section_label: str
    select_related: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return TRANSLATED[self.model]

    @property
    def key(self) -> str:
        return self.model._meta.model_name


CONTENT = [
    ContentKind(m.Programme, "pk", "planning:vision", _("Видение и общая цель")),
    ContentKind(
        m.WorkingGroupMember, "working_group__programme", "planning:workgroup", _("Рабочая группа")
    ),
    ContentKind(m.Passport, "programme", "planning:passport", _("Паспорт")),
    ContentKind(m.Village, "passport__programme", "planning:passport", _("Паспорт")),
    ContentKind(
        m.SectorAnalysis, "programme", "planning:analysis", _("Анализ ситуации"), ("sector",)
    ),
    ContentKind(
        m.KeyFigure,
        "analysis__programme",
        "planning:analysis",
        _("Анализ ситуации"),
        ("analysis__sector",),
    ),
    ContentKind(
        m.Problem,
        "analysis__programme",
        "planning:analysis",
        _("Анализ ситуации"),
        ("analysis__sector",),
    ),
    ContentKind(m.SwotItem, "programme", "planning:swot", _("SWOT")),
    ContentKind(m.Direction, "programme", "planning:plan", _("План мероприятий")),
    ContentKind(m.Goal, "direction__programme", "planning:plan", _("План мероприятий")),
    ContentKind(m.Objective, "goal__direction__programme", "planning:plan", _("План мероприятий")),
    ContentKind(m.Activity, "programme", "planning:plan", _("План мероприятий")),
    ContentKind(m.Indicator, "programme", "planning:indicators", _("Индикаторы")),
]
CONTENT_BY_KEY = {kind.key: kind for kind in CONTENT}


def objects_of(kind: ContentKind, programme):
    qs = kind.model.objects.filter(**{kind.programme_lookup: programme.pk})
    if kind.select_related:
        qs = qs.select_related(*kind.select_related)
    return qs
