"""Versions of a programme and what changed between two of them.

`version_line(programme)` lists the versions of a programme: the programmes of the same
municipality and start year, by version number.

`compare(old, new)` says, section by section, which items were added, removed or changed
between two versions, with old → new values. Items are matched across versions by their
`lineage` (kept when a version is copied, `services.versions.programme_amend`), or by what
identifies them where they have none: the sector of a situation analysis, the year of a
budget, the activity + year + funding source of a cost, the indicator + year of a target, the
year + funding source of a forecast. Both programmes are loaded with one query per kind of
item, so the number of queries does not depend on the size of the programmes."""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath

from django.db import models as dj
from django.db.models import F
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .. import models as m
from ..parts import LINEAGE, part_of, parts

# A text of this many words or more is compared word by word (what was removed and added is
# marked inside it); a shorter value is shown replaced as a whole.
MIN_WORDS = 4


# --- the result ------------------------------------------------------------------------------


@dataclass
class Segment:
    kind: str  # "same" | "del" | "ins"
    text: str


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str
    # for long texts: the old text with what was removed marked, the new one with what was added
    old_segments: list[Segment] | None = None
    new_segments: list[Segment] | None = None


@dataclass
class Item:
    """An item added or removed: what it is called and a few words about it."""

    label: str
    detail: str = ""


@dataclass
class ChangedItem:
    label: str
    changes: list[FieldDiff]


@dataclass
class Group:
    """One kind of item of a section (e.g. the activities of the plan)."""

    key: str
    title: str
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[ChangedItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass
class SectionDiff:
    key: str
    title: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def changed_groups(self) -> list[Group]:
        return [group for group in self.groups if group.count]


@dataclass
class Comparison:
    old: m.Programme
    new: m.Programme
    sections: list[SectionDiff]

    @property
    def count(self) -> int:
        return sum(section.count for section in self.sections)

    @property
    def added(self) -> int:
        return sum(len(g.added) for s in self.sections for g in s.groups)

    @property
    def removed(self) -> int:
        return sum(len(g.removed) for s in self.sections for g in s.groups)

    @property
    def changed(self) -> int:
        return sum(len(g.changed) for s in self.sections for g in s.groups)


# --- the versions of a programme -------------------------------------------------------------


def version_line(programme: m.Programme) -> list[m.Programme]:
    """Every version of this programme (same municipality and start year), oldest first, with
    its council decision and author. One query."""
    versions = list(
        m.Programme.objects.filter(
            municipality_id=programme.municipality_id, start_year=programme.start_year
        )
        .select_related("council_decision", "created_by")
        .order_by("version", "pk")
    )
    for version in versions:
        version.municipality = programme.municipality  # permission checks need no query
    return versions


# --- loading both versions -------------------------------------------------------------------


def _loaded_parts() -> list:
    """The parts compared between versions (planning.parts), but the programme row itself."""
    return [part for part in parts() if part.compared is not None and not part.is_root]


def _select_related(model) -> list[str]:
    """The rows outside the programme that the comparison names (a person, a sector)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and part_of(f.related_model) is None
    ]


class _Version:
    """The content of one programme, as loaded for the comparison."""

    def __init__(self, programme: m.Programme):
        self.programme = programme
        self.items: dict[type, list] = defaultdict(list)
        self.by_id: dict[type, dict[int, object]] = defaultdict(dict)
        self.number: dict[tuple[type, int], str] = {}

    def add(self, obj) -> None:
        self.items[type(obj)].append(obj)
        self.by_id[type(obj)][obj.pk] = obj

    def get(self, model, pk):
        return self.by_id[model].get(pk) if pk is not None else None

    def number_plan(self) -> None:
        """1., 1.1., 1.1.1., … as the plan shows them (by order within each parent)."""
        children = defaultdict(list)
        for model, parent in (
            (m.Goal, "direction_id"),
            (m.Objective, "goal_id"),
            (m.Activity, "objective_id"),
        ):
            for obj in self.items[model]:
                children[(model, getattr(obj, parent))].append(obj)
        for d, direction in enumerate(self.items[m.Direction], start=1):
            self.number[(m.Direction, direction.pk)] = f"{d}"
            for g, goal in enumerate(children[(m.Goal, direction.pk)], start=1):
                self.number[(m.Goal, goal.pk)] = f"{d}.{g}"
                for o, objective in enumerate(children[(m.Objective, goal.pk)], start=1):
                    self.number[(m.Objective, objective.pk)] = f"{d}.{g}.{o}"
                    for a, activity in enumerate(children[(m.Activity, objective.pk)], start=1):
                        self.number[(m.Activity, activity.pk)] = f"{d}.{g}.{o}.{a}"


def _load(old: m.Programme, new: m.Programme) -> tuple[_Version, _Version]:
    versions = {old.pk: _Version(old), new.pk: _Version(new)}
    for part in _loaded_parts():
        queryset = (
            part.model.objects.filter(**{f"{part.path}__in": list(versions)})
            .annotate(version_programme_id=F(part.path))
            .select_related(*_select_related(part.model))
        )
        for obj in queryset:
            versions[obj.version_programme_id].add(obj)
    for version in versions.values():
        version.number_plan()
    if old.pk == new.pk:
        return versions[old.pk], versions[old.pk]
    return versions[old.pk], versions[new.pk]


# --- names and values --------------------------------------------------------------------------


def _text(obj, name: str) -> str:
    """A translated text in the page language, else in the other one."""
    lang = "ky" if (get_language() or "ru").startswith("ky") else "ru"
    other = "ru" if lang == "ky" else "ky"
    return getattr(obj, f"{name}_{lang}", "") or getattr(obj, f"{name}_{other}", "") or ""


def _short(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source(value: str) -> str:
    return str(dict(m.FundingSource.choices).get(value, value))


def _amount(value) -> str:
    return "" if value is None else formats.number_format(value, force_grouping=True)


def _numbered(version: _Version, obj, name: str = "title") -> str:
    number = version.number.get((type(obj), obj.pk), "")
    text = _short(_text(obj, name))
    return f"{number}. {text}" if number else text


def _sector(version: _Version, analysis_id) -> str:
    analysis = version.get(m.SectorAnalysis, analysis_id)
    if analysis is None:
        return ""
    return _text(analysis.sector, "name") or analysis.sector.name


def _label(version: _Version, obj) -> str:
    """What an item is called on the comparison page, in the page language."""
    model = type(obj)
    if model is m.Programme:
        return _short(_text(obj, "title"))
    if model is m.WorkingGroup:
        return _("Распоряжение о создании рабочей группы")
    if model is m.WorkingGroupMember:
        return obj.full_name
    if model is m.Passport:
        return capfirst(m.Passport._meta.verbose_name)
    if model is m.Village:
        return _text(obj, "name")
    if model is m.BudgetYear:
        return str(obj.year)
    if model is m.SectorAnalysis:
        return _text(obj.sector, "name") or obj.sector.name
    if model is m.KeyFigure:
        return f"{_sector(version, obj.analysis_id)}: {_short(_text(obj, 'name'))}"
    if model is m.Problem:
        return f"{_sector(version, obj.analysis_id)}: {_short(_text(obj, 'text'))}"
    if model is m.SwotItem:
        return f"{capfirst(obj.get_kind_display())}: {_short(_text(obj, 'text'))}"
    if model in (m.Direction, m.Goal, m.Objective, m.Activity):
        return _numbered(version, obj)
    if model is m.ActivityCost:
        activity = version.get(m.Activity, obj.activity_id)
        parent = _numbered(version, activity) if activity else ""
        return f"{parent} — {obj.year}, {_source(obj.source)}"
    if model is m.Indicator:
        return _short(_text(obj, "name"))
    if model is m.IndicatorTarget:
        indicator = version.get(m.Indicator, obj.indicator_id)
        parent = _short(_text(indicator, "name")) if indicator else ""
        return f"{parent} — {obj.year}"
    if model is m.ResourceForecast:
        return f"{obj.year}, {_source(obj.source)}"
    return str(obj)


def _detail(obj) -> str:
    """A few words about an added or removed item, besides its name."""
    model = type(obj)
    if model in (m.ActivityCost, m.ResourceForecast):
        return _("%(amount)s тыс. сом") % {"amount": _amount(obj.amount)}
    if model is m.IndicatorTarget:
        return _amount(obj.value)
    if model is m.BudgetYear:
        return _("доходы %(revenue)s сом, расходы %(expenditure)s сом") % {
            "revenue": _amount(obj.revenue),
            "expenditure": _amount(obj.expenditure),
        }
    if model is m.KeyFigure:
        return f"{_amount(obj.value)} {obj.unit} ({obj.year})"
    if model is m.WorkingGroupMember:
        return f"{obj.get_wg_role_display()}, {obj.get_organisation_display()}"
    if model is m.Indicator:
        return obj.get_unit_display()
    return ""


# --- what is compared --------------------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    attname: str
    label: str
    field: dj.Field


# Never compared: bookkeeping, and the order of items (moving an item shows in its number).
SKIPPED = {"revision", "updated_at", "lineage", "sort_order"}


def _language(lang: str) -> str:
    return _("по-русски") if lang == "ru" else _("по-кыргызски")


def _by_lineage(model) -> bool:
    """A foreign key to `model` is compared by the lineage of the item it points at: the same
    item has different ids in the two versions."""
    target = part_of(model)
    return target is not None and target.compared is not None and target.compared.match == LINEAGE


def _comparable_link(f) -> bool:
    """A link is compared when the item it points at is found again in the other version (by
    lineage) or lies outside the programme (a person, a sector). A link to the programme or to
    a container of the programme (its working group, passport, the analysis of a sector) has a
    new id in every version and says nothing."""
    return _by_lineage(f.related_model) or part_of(f.related_model) is None


def _compared_fields(model, skip=(), only=()) -> list[Compared]:
    """The fields of `model` compared, in the model's order: a translated field once per
    language ("Название (по-русски)", "Название (по-кыргызски)")."""
    part = part_of(model)
    translated = set(part.translated)
    out = []
    for f in model._meta.concrete_fields:
        if only and f.name not in only:
            continue
        if f.primary_key or f.name in SKIPPED or f.name in skip or f.name in translated:
            continue
        if isinstance(f, dj.DateTimeField):
            continue
        if f.is_relation and not _comparable_link(f):
            continue
        base = f.name[:-3] if f.name[-3:] in ("_ru", "_ky") else None
        if base in translated:
            original = model._meta.get_field(base)
            label = f"{capfirst(original.verbose_name)} ({_language(f.name[-2:])})"
            out.append(Compared(f.attname, label, original))
        else:
            out.append(Compared(f.attname, capfirst(f.verbose_name), f))
    return out


@dataclass(frozen=True)
class Spec:
    """One group of a section: a kind of item, how items are matched across versions, which
    of their fields are compared (from its declaration, planning.parts)."""

    key: str
    model: type
    title: object  # lazy text
    match: str | tuple[str, ...]  # LINEAGE, or the fields that identify an item
    only: tuple[str, ...] = ()

    @classmethod
    def of(cls, part) -> "Spec":
        compared = part.compared
        title = compared.title or part.model._meta.verbose_name_plural
        return cls(compared.group, part.model, title, compared.match, compared.only)

    def key_of(self, version: _Version, obj):
        """Equal for the same item in both versions."""
        if self.match == LINEAGE:
            return obj.lineage
        key = []
        for name in self.match:
            f = self.model._meta.get_field(name)
            value = getattr(obj, f.attname)
            if f.is_relation and _by_lineage(f.related_model):
                target = version.get(f.related_model, value)
                value = target.lineage if target is not None else None
            key.append(value)
        return tuple(key)

    def fields(self) -> list[Compared]:
        skip = () if self.match == LINEAGE else self.match
        return _compared_fields(self.model, skip, self.only)


# The sections of the comparison page, in order; each compared part names its own.
SECTION_TITLES = {
    "programme": gettext_lazy("Название, период, видение и общая цель"),
    "workgroup": gettext_lazy("Рабочая группа"),
    "passport": gettext_lazy("Паспорт"),
    "analysis": gettext_lazy("Анализ ситуации"),
    "swot": gettext_lazy("SWOT"),
    "plan": gettext_lazy("План мероприятий"),
    "costs": gettext_lazy("Стоимость мероприятий"),
    "indicators": gettext_lazy("Индикаторы"),
    "finance": gettext_lazy("Прогноз ресурсов"),
}


def comparison_sections() -> list[tuple[str, object, list[Spec]]]:
    """(key, title, groups) of every section of the comparison page."""
    specs: dict[str, list[Spec]] = {key: [] for key in SECTION_TITLES}
    for part in parts():
        if part.compared is not None:
            specs[part.compared.section].append(Spec.of(part))
    return [(key, title, specs[key]) for key, title in SECTION_TITLES.items()]


def _empty(value) -> bool:
    return value is None or value == ""


def _comparable(version: _Version, compared: Compared, obj):
    value = getattr(obj, compared.attname)
    f = compared.field
    if f.is_relation and _by_lineage(f.related_model):
        target = version.get(f.related_model, value)
        return target.lineage if target is not None else None
    if isinstance(f, dj.FileField):
        return str(value or "")
    if _empty(value):
        return None
    return value


def _display(version: _Version, compared: Compared, obj) -> str:
    value = getattr(obj, compared.attname)
    if _empty(value):
        return ""
    f = compared.field
    if f.is_relation:
        if _by_lineage(f.related_model):
            target = version.get(f.related_model, value)
            return _label(version, target) if target is not None else ""
        target = getattr(obj, f.name)  # a person: loaded with select_related
        return (getattr(target, "full_name", "") or str(target)) if target else ""
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, dj.FileField):
        return PurePosixPath(str(value)).name
    if isinstance(f, dj.BooleanField):
        return _("да") if value else _("нет")
    if isinstance(value, Decimal):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


WORD = re.compile(r"\s+|[^\s]+")


def _segments(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The old text with the removed words marked, and the new text with the added ones."""
    a, b = WORD.findall(old), WORD.findall(new)
    before: list[Segment] = []
    after: list[Segment] = []

    def put(out: list[Segment], kind: str, words: list[str]):
        text = "".join(words)
        if not text:
            return
        if out and out[-1].kind == kind:
            out[-1].text += text
        else:
            out.append(Segment(kind, text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            put(before, "same", a[i1:i2])
            put(after, "same", b[j1:j2])
        else:
            put(before, "del", a[i1:i2])
            put(after, "ins", b[j1:j2])
    return before, after


def _field_diff(compared: Compared, old_value: str, new_value: str) -> FieldDiff:
    diff = FieldDiff(compared.label, old_value, new_value)
    text = isinstance(compared.field, dj.TextField | dj.CharField) and not compared.field.choices
    words = max(len(old_value.split()), len(new_value.split()))
    if text and old_value and new_value and words >= MIN_WORDS:
        diff.old_segments, diff.new_segments = _segments(old_value, new_value)
    return diff


def _compare_group(spec: Spec, old: _Version, new: _Version) -> Group:
    group = Group(spec.key, capfirst(spec.title))
    if part_of(spec.model).is_root:
        before_items, after_items = [old.programme], [new.programme]
    else:
        before_items, after_items = old.items[spec.model], new.items[spec.model]
    before = {spec.key_of(old, obj): obj for obj in before_items}
    after = {spec.key_of(new, obj): obj for obj in after_items}
    fields = spec.fields()
    for key, obj in after.items():
        earlier = before.get(key)
        if earlier is None:
            group.added.append(Item(_label(new, obj), _detail(obj)))
            continue
        changes = [
            _field_diff(compared, _display(old, compared, earlier), _display(new, compared, obj))
            for compared in fields
            if _comparable(old, compared, earlier) != _comparable(new, compared, obj)
        ]
        if changes:
            group.changed.append(ChangedItem(_label(new, obj), changes))
    for key, obj in before.items():
        if key not in after:
            group.removed.append(Item(_label(old, obj), _detail(obj)))
    return group


def compare(old: m.Programme, new: m.Programme) -> Comparison:
    """What changed from `old` to `new`, section by section (see the module's description)."""
    before, after = _load(old, new)
    sections = [
        SectionDiff(key, capfirst(title), [_compare_group(spec, before, after) for spec in specs])
        for key, title, specs in comparison_sections()
    ]
    return Comparison(old, new, sections)
