"""The history of a programme: who changed what, when, old → new.

django-simple-history keeps a table of records for every part of a programme whose declaration
asks for it (planning.parts); the life-cycle keeps its own `Transition` rows. The history page
and the overview's "recent changes" read them all as one list, newest first:

1. one UNION over every history table of the models that belong to the programme (and the
   transitions), ordered by date, gives the ids of the page's entries (and a COUNT of them);
2. per kind of record on the page, one query loads those records together with the records just
   before them (for "old → new");
3. per kind of related item a changed field points at (a village, an objective, a person), one
   query loads their names.

So the number of queries depends on the kinds of records on the page, never on how long the
history is. A record keeps the ids of its parents, so an item is found in its programme even
after it (or its parent) was deleted: the programme is reached through the parents' history."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models as dj
from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .. import models as m
from ..parts import has_lineage, part_of, parts

PER_PAGE = 50
VALUE_MAX_CHARS = 300
LABEL_MAX_CHARS = 120

KIND_STATUS = "status"
KINDS = {"+": "created", "~": "changed", "-": "deleted"}
KIND_LABELS = {
    "created": gettext_lazy("добавлено"),
    "changed": gettext_lazy("изменено"),
    "deleted": gettext_lazy("удалено"),
    KIND_STATUS: gettext_lazy("смена статуса"),
}

S = m.Section

# Every part of a programme whose history is kept (planning.parts), the programme first; the
# index in this list is the kind of a record in the UNION.
SOURCES = [part.model for part in parts() if part.history]
TRANSITION_KIND = len(SOURCES)

VISION_FIELDS = ("vision_ru", "vision_ky", "overall_goal_ru", "overall_goal_ky", "vision_year")
# Fields never shown as changes: who made the change and when is the entry itself; the rest is
# bookkeeping (figures kept by signals, a citizen's private contact).
HIDDEN_FIELDS = {"contact", "language"}
# A programme record that only moved the status is shown by its transition (with the actor and
# the reason) instead; the transition is written right after the programme is saved.
TRANSITION_WINDOW = timedelta(seconds=10)


def _containers() -> set:
    """The parts other parts hang from that are one per programme (or per sector), without a
    lineage: the working group, the passport, the analysis of a sector. The items inside never
    move to another one, so a link to them says nothing in the history."""
    found = set()
    for part in parts():
        parent = part.parent
        if parent is not None and not has_lineage(parent[1]):
            found.add(parent[1])
    return found


CONTAINERS = _containers()
PARENT_LABELS = {m.ActivityCost: "activity", m.IndicatorTarget: "indicator"}
# Fields of a new item not listed as its values: its label already names them.
LABEL_FIELDS = {
    m.ActivityCost: ("activity",),
    m.IndicatorTarget: ("indicator",),
    m.SectorAnalysis: ("sector",),
}


# --- the entries -----------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    is_file: bool = False


@dataclass
class Entry:
    when: object  # datetime
    who: object  # User or None
    kind: str  # created | changed | deleted | status
    section: str
    what: str  # the kind of item, e.g. "мероприятие"
    item: str  # the item's name
    changes: list[FieldChange] = field(default_factory=list)
    summary: str = ""
    who_note: str = ""  # who, when it was no portal user (a resident)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def action(self) -> str:  # the overview's "recent changes" table
        return self.kind_label

    @property
    def section_label(self) -> str:
        return str(S(self.section).label) if self.section in S.values else ""


# the overview imports this name
RecentChange = Entry


# --- which records belong to the programme ---------------------------------------------------


def _history(model):
    return model.history.model


def _section(model):
    """Where a kind of record shows: the section of its part, or None when each record names
    its own (comments, proposals); the programme itself is decided record by record."""
    part = part_of(model)
    return m.Section.GENERAL if part.is_root else part.section


def _in_programme(model, programme_pk) -> Q:
    """The history records of `model` that belong to the programme (even deleted items): by the
    id of the programme they keep, or by the ids of their parents, whose history reaches it."""
    part = part_of(model)
    if part.is_root:
        return Q(id=programme_pk)
    if part.parent is None:
        return Q(**{part.hops[0].attname: programme_pk})
    fk, parent = part.parent
    parents = _history(parent).objects.filter(_in_programme(parent, programme_pk)).values("id")
    return Q(**{f"{fk}__in": parents})


def _outer(name: str, depth: int):
    ref = name
    for _level in range(depth):
        ref = OuterRef(ref)
    return ref


def _previous(history_model, depth: int = 1, value: str = "history_id"):
    """`value` of the record of the same item just before the outer record (`depth` levels of
    subqueries out)."""
    item, when, pk = (_outer(n, depth) for n in ("id", "history_date", "history_id"))
    return (
        history_model.objects.filter(id=item)
        .filter(Q(history_date__lt=when) | Q(history_date=when, history_id__lt=pk))
        .order_by("-history_date", "-history_id")
        .values(value)[:1]
    )


def _vision_changed(history_model) -> Q:
    """A programme record that changed the vision or the overall goal."""

    def text(ref):
        return Coalesce(ref, Value(""), output_field=TextField())

    same = {name: text(OuterRef(name)) for name in VISION_FIELDS[:-1]}
    previous_same = (
        history_model.objects.annotate(
            **{f"v_{name}": text(name) for name in VISION_FIELDS[:-1]},
            v_year=Coalesce("vision_year", Value(0), output_field=IntegerField()),
        )
        .filter(history_id=Subquery(_previous(history_model, depth=2)))
        .filter(
            **{f"v_{name}": value for name, value in same.items()},
            v_year=Coalesce(OuterRef("vision_year"), Value(0), output_field=IntegerField()),
        )
    )
    return Q(history_type="~") & ~Exists(previous_same)


@dataclass(frozen=True)
class Filters:
    person: int | None = None
    section: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _parts(programme, filters: Filters) -> list:
    """One SELECT (date, kind, id, user) per history table, for the UNION."""
    parts = []
    for index, model in enumerate(SOURCES):
        history_model = _history(model)
        records = history_model.objects.filter(_in_programme(model, programme.pk))
        section = _section(model)
        if filters.section:
            if model is m.Programme:
                if filters.section not in (S.GENERAL, S.VISION):
                    continue
                vision = _vision_changed(history_model)
                records = records.filter(vision if filters.section == S.VISION else ~vision)
            elif section is None:
                records = records.filter(section=filters.section)
            elif section != filters.section:
                continue
        if model is m.Programme:
            records = records.annotate(
                h_previous_status=Subquery(_previous(history_model, value="status"))
            )
            by_transition = m.Transition.objects.filter(
                programme_id=OuterRef("id"),
                from_status=OuterRef("h_previous_status"),
                to_status=OuterRef("status"),
                created_at__gte=OuterRef("history_date"),
                created_at__lte=ExpressionWrapper(
                    OuterRef("history_date") + Value(TRANSITION_WINDOW),
                    output_field=DateTimeField(),
                ),
            )
            records = records.exclude(
                Q(history_type="~") & ~Q(status=F("h_previous_status")) & Exists(by_transition)
            )
        parts.append(
            _select(records, filters, index, "history_date", "history_id", "history_user_id")
        )
    if not filters.section or filters.section == S.GENERAL:
        transitions = m.Transition.objects.filter(programme=programme)
        parts.append(_select(transitions, filters, TRANSITION_KIND, "created_at", "id", "actor_id"))
    return parts


def _select(queryset, filters: Filters, kind: int, when: str, pk: str, user: str):
    if filters.person:
        queryset = queryset.filter(**{user: filters.person})
    if filters.date_from:
        queryset = queryset.filter(**{f"{when}__date__gte": filters.date_from})
    if filters.date_to:
        queryset = queryset.filter(**{f"{when}__date__lte": filters.date_to})
    return (
        queryset.order_by()
        .annotate(
            h_at=F(when),
            h_kind=Value(kind, output_field=IntegerField()),
            h_id=F(pk),
            h_user=F(user),
        )
        .values_list("h_at", "h_kind", "h_id", "h_user")
    )


def _union(programme, filters: Filters):
    parts = _parts(programme, filters)
    return parts[0].union(*parts[1:], all=True)


def history_people(programme) -> list:
    """The people who appear in the programme's history (two queries)."""
    parts = [part.values_list("h_user").distinct() for part in _parts(programme, Filters())]
    ids = {uid for (uid,) in parts[0].union(*parts[1:]) if uid is not None}
    return list(get_user_model().objects.filter(pk__in=ids).order_by("full_name", "email"))


def history_page(programme, filters: Filters | None = None, page_number=1, per_page=PER_PAGE):
    """A page of the programme's history, newest first, and its paginator page."""
    ordered = _union(programme, filters or Filters()).order_by("-h_at", "-h_kind", "-h_id")
    page = Paginator(ordered, per_page).get_page(page_number)
    page.entries = _entries(list(page.object_list))
    return page


def recent_changes(programme, limit: int = 15) -> list[Entry]:
    """The latest entries of the programme's history (the overview)."""
    ordered = _union(programme, Filters()).order_by("-h_at", "-h_kind", "-h_id")
    return _entries(list(ordered[:limit]))


# --- from ids to entries ---------------------------------------------------------------------


def _entries(rows) -> list[Entry]:
    by_kind: dict[int, list[int]] = {}
    for _at, kind, rid, _uid in rows:
        by_kind.setdefault(kind, []).append(rid)
    records = {}
    previous = {}
    for kind, ids in by_kind.items():
        if kind == TRANSITION_KIND:
            for transition in m.Transition.objects.filter(id__in=ids).select_related("actor"):
                records[(kind, transition.id)] = transition
            continue
        history_model = _history(SOURCES[kind])
        before = (
            history_model.objects.filter(history_id__in=ids, history_type="~")
            .annotate(previous_id=Subquery(_previous(history_model)))
            .values("previous_id")
        )
        loaded = {
            record.history_id: record
            for record in history_model.objects.filter(
                Q(history_id__in=ids) | Q(history_id__in=before)
            ).select_related("history_user")
        }
        by_item: dict[int, list] = {}
        for record in loaded.values():
            by_item.setdefault(record.id, []).append(record)
        for item_records in by_item.values():
            item_records.sort(key=lambda r: (r.history_date, r.history_id))
            for earlier, later in pairwise(item_records):
                previous[(kind, later.history_id)] = earlier
        for rid in ids:
            if rid in loaded:
                records[(kind, rid)] = loaded[rid]
    related = _related_labels(records, previous)
    entries = []
    for _at, kind, rid, _uid in rows:
        record = records.get((kind, rid))
        if record is None:
            continue
        if kind == TRANSITION_KIND:
            entries.append(_transition_entry(record))
        else:
            entries.append(_record_entry(SOURCES[kind], record, previous.get((kind, rid)), related))
    return entries


def _transition_entry(transition) -> Entry:
    statuses = dict(m.ProgrammeStatus.choices)
    return Entry(
        when=transition.created_at,
        who=transition.actor,
        kind=KIND_STATUS,
        section=S.GENERAL,
        what=str(m.Transition._meta.verbose_name),
        item=transition.get_action_display(),
        changes=[
            FieldChange(
                str(m.Programme._meta.get_field("status").verbose_name),
                str(statuses.get(transition.from_status, transition.from_status)),
                str(statuses.get(transition.to_status, transition.to_status)),
            )
        ],
        summary=transition.summary,
    )


# --- fields and values -----------------------------------------------------------------------


@dataclass(frozen=True)
class ShownField:
    attname: str
    label: str
    field: dj.Field


_SHOWN: dict = {}


def _language_suffix(lang: str) -> str:
    return _("по-русски") if lang == "ru" else _("по-кыргызски")


def shown_fields(model) -> list[ShownField]:
    """The fields of `model` the history shows, in the order of the model: translated fields
    once per language, no bookkeeping (ids, revisions, timestamps, who did it)."""
    translated = set(part_of(model).translated)
    user_model = get_user_model()
    shown = []
    for f in model._meta.concrete_fields:
        if f.primary_key or not f.editable or f.name in HIDDEN_FIELDS:
            continue
        if isinstance(f, dj.DateTimeField):
            continue
        if f.name == "programme" or f.name in translated:
            continue
        base = f.name[:-3] if f.name[-3:] in ("_ru", "_ky") else None
        if base in translated:
            original = model._meta.get_field(base)
            label = f"{original.verbose_name} ({_language_suffix(f.name[-2:])})"
            shown.append(ShownField(f.attname, label, original))
            continue
        if f.is_relation and f.related_model is user_model and f.name != "user":
            continue
        if f.is_relation and f.related_model in CONTAINERS:
            continue
        label = f.verbose_name
        if f.is_relation and label == f.name.replace("_", " "):  # no verbose name of its own
            label = f.related_model._meta.verbose_name
        shown.append(ShownField(f.attname, str(label), f))
    return shown


def _empty(value) -> bool:
    return value is None or value == ""


def _related_labels(records, previous) -> dict:
    """Names of the items that changed foreign keys and labels point at: one query per kind
    of item."""
    wanted: dict = {}
    for (kind, _rid), record in records.items():
        if kind == TRANSITION_KIND:
            continue
        model = SOURCES[kind]
        before = previous.get((kind, record.history_id))
        for shown, old, new in _field_values(model, record, before):
            if shown.field.is_relation:
                wanted.setdefault(shown.field.related_model, set()).update({old, new})
        if model in PARENT_LABELS:
            name = PARENT_LABELS[model]
            target = model._meta.get_field(name).related_model
            wanted.setdefault(target, set()).add(getattr(record, f"{name}_id"))
        if model is m.SectorAnalysis:
            wanted.setdefault(m.Sector, set()).add(record.sector_id)
    labels = {}
    for model, ids in wanted.items():
        ids.discard(None)
        if not ids:
            continue
        if _has_history(model):
            # the item as it was last recorded: named even after it was deleted
            history_model = _history(model)
            latest = (
                history_model.objects.filter(id__in=ids)
                .values("id")
                .annotate(last=Max("history_id"))
                .values("last")
            )
            items = history_model.objects.filter(history_id__in=latest)
        else:
            items = model._default_manager.filter(pk__in=ids)
        for item in items:
            labels[(model, item.id if _has_history(model) else item.pk)] = _item_name(model, item)
    return labels


def _has_history(model) -> bool:
    part = part_of(model)
    return part is not None and part.history


def _cached_fields(model) -> list[ShownField]:
    key = (model, get_language())
    if key not in _SHOWN:
        _SHOWN[key] = shown_fields(model)
    return _SHOWN[key]


def _text(obj, name: str) -> str:
    """A translated text in the page language, else in the other one."""
    lang = "ky" if (get_language() or "ru").startswith("ky") else "ru"
    other = "ru" if lang == "ky" else "ky"
    return getattr(obj, f"{name}_{lang}", None) or getattr(obj, f"{name}_{other}", None) or ""


def _item_name(model, obj) -> str:
    """What an item (or a record of it) is called in the page language."""
    user_model = get_user_model()
    if model is user_model:
        name = obj.full_name or obj.email
    elif model is m.Sector:
        name = _text(obj, "name") or obj.name
    elif hasattr(obj, "title_ru"):
        name = _text(obj, "title")
    elif hasattr(obj, "name_ru"):
        name = _text(obj, "name")
    elif hasattr(obj, "text_ru"):
        name = _text(obj, "text")
    elif model is m.WorkingGroupMember:
        name = obj.full_name
    elif hasattr(obj, "instance_type"):  # a history record: the item as it was then
        name = str(obj.instance)
    else:
        name = str(obj)
    return Truncator(name).chars(LABEL_MAX_CHARS)


def _label(model, record, related) -> str:
    """The item a history record is about, as it was in that record."""
    if model in (m.ActivityCost, m.ResourceForecast):
        sources = dict(m.FundingSource.choices)
        text = f"{record.year}, {sources.get(record.source, record.source)}"
        if model is m.ActivityCost:
            parent = related.get((m.Activity, record.activity_id))
            text = f"{parent}: {text}" if parent else text
        return text
    if model is m.IndicatorTarget:
        parent = related.get((m.Indicator, record.indicator_id))
        return f"{parent}: {record.year}" if parent else str(record.year)
    if model is m.SectorAnalysis:
        return related.get((m.Sector, record.sector_id), "")
    if model is m.BudgetYear:
        return str(record.year)
    if model is m.WorkingGroup:
        return f"№ {record.order_number}" if record.order_number else ""
    if model is m.Passport:
        return ""
    if model is m.SwotItem:
        kind = dict(m.SwotItem.Kind.choices).get(record.kind, record.kind)
        return f"{kind}: {Truncator(_text(record, 'text')).chars(LABEL_MAX_CHARS)}"
    if model in (m.ReviewComment, m.CitizenProposal):
        return Truncator(" ".join(record.text.split())).chars(LABEL_MAX_CHARS)
    if model is m.PublicHearing:
        return f"{record.date:%d.%m.%Y}, {_text(record, 'place')}"
    if model is m.CouncilDecision:
        return _("№ %(number)s от %(date)s") % {
            "number": record.number,
            "date": f"{record.date:%d.%m.%Y}",
        }
    if model is m.WorkplanTask:
        return Truncator(record.title).chars(LABEL_MAX_CHARS)
    return _item_name(model, record)


def _value(shown: ShownField, value, related) -> str:
    """A value as people read it: choice labels, names of related items, file names."""
    if _empty(value):
        return ""
    f = shown.field
    if f.is_relation:
        return related.get((f.related_model, value)) or _("удалено (№ %(id)s)") % {"id": value}
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
    return Truncator(str(value)).chars(VALUE_MAX_CHARS)


def _same(a, b) -> bool:
    return (_empty(a) and _empty(b)) or a == b


def _vision_differs(before, record) -> bool:
    """As `_vision_changed` says in SQL: no record before, or a vision field differs."""
    return before is None or any(
        not _same(getattr(before, name), getattr(record, name)) for name in VISION_FIELDS
    )


def _field_values(model, record, before) -> list[tuple[ShownField, object, object]]:
    """(field, old, new) of what a record shows: the fields it changed, or the values of a new
    item (not its order, nor what its label already says); nothing for a deletion."""
    kind = KINDS.get(record.history_type, "changed")
    values = []
    if kind == "changed" and before is not None:
        for shown in _cached_fields(model):
            old, new = getattr(before, shown.attname), getattr(record, shown.attname)
            if not _same(old, new):
                values.append((shown, old, new))
    elif kind == "created":
        for shown in _cached_fields(model):
            value = getattr(record, shown.attname)
            if shown.field.name == "sort_order" or _empty(value):
                continue
            if shown.field.name in LABEL_FIELDS.get(model, ()):
                continue
            values.append((shown, None, value))
    return values


def _record_entry(model, record, before, related) -> Entry:
    kind = KINDS.get(record.history_type, "changed")
    changes = [
        FieldChange(
            shown.label,
            _value(shown, old, related),
            _value(shown, new, related),
            isinstance(shown.field, dj.FileField),
        )
        for shown, old, new in _field_values(model, record, before)
    ]
    section = _section(model)
    if section is None:
        section = record.section
    elif model is m.Programme and kind == "changed" and _vision_differs(before, record):
        section = S.VISION
    who_note = ""
    if record.history_user is None and model is m.CitizenProposal and kind == "created":
        who_note = _("житель: %(name)s") % {"name": record.author_name or _("без имени")}
    return Entry(
        when=record.history_date,
        who=record.history_user,
        kind=kind,
        section=section,
        what=str(model._meta.verbose_name),
        item=_label(model, record, related),
        changes=changes,
        who_note=who_note,
    )
