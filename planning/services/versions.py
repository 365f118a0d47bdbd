"""Versions of a programme.

Each approval by the council is a version. "Amend" starts the next version: a new draft that
is a copy of the approved one, which stays as it is (approved or in implementation) until the
council approves the new version — `programme_record_decision` then marks it superseded.

The copy holds the whole content of the programme, every part its declaration says is copied
(planning.parts): the working group (its order, members and workplan), the passport (villages,
budget by year), the situation analysis (key figures, problems), the SWOT, the plan (directions
→ goals → objectives → activities with their costs), the indicators with their targets and the
forecast of resources. A foreign key to the programme or to another copied item points at the
copy; one to anything else (a person, a sector) stays. Every item keeps its `lineage`, so that
the two versions can be compared item by item (`selectors.versions.compare`); the revisions
start again at 1. Not copied: review comments, citizens' proposals, public hearings, the council
decision, PDF documents and status transitions — they belong to the version they were made for.

History: the new programme is saved once (its history record, like every item's, carries the
reason "Версия N начата из версии M"); the content is inserted with one `bulk_create` per model,
and `simple_history.utils.bulk_create_with_history` writes one "created" history record for
each copied item, by the person who started the version, all with the same time. So the
history page of the new version starts with the copy, and every later change is recorded on
top of it; the history of the old version is not touched.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .. import models as m
from ..parts import part_of, parts
from ..signals import schedule_metrics
from .lifecycle import STEPS, TransitionRefused, notify, refusal_reasons
from .public import programmes_public_changed

# Fields of a programme that describe its content (copied); the rest is its life-cycle.
PROGRAMME_CONTENT_FIELDS = (
    "title",
    "title_ru",
    "title_ky",
    "start_year",
    "end_year",
    "vision",
    "vision_ru",
    "vision_ky",
    "vision_year",
    "overall_goal",
    "overall_goal_ru",
    "overall_goal_ky",
)


def _values(obj) -> dict:
    """The stored values of every column of `obj` but its id (raw: a translated field's bare
    column as it is in the database, both languages as they are)."""
    return {
        field.attname: obj.__dict__[field.attname]
        for field in type(obj)._meta.concrete_fields
        if not field.primary_key
    }


def _clone(obj, **changes):
    """An unsaved copy of `obj` with `changes` (new parents); revisions start again at 1."""
    values = _values(obj)
    if "revision" in values:
        values["revision"] = 1
    values.update(changes)
    return type(obj)(**values)


class _Copier:
    """Inserts the copies of one model at a time, with their history records, and remembers
    which new item each old one became (to point the children at the copies)."""

    def __init__(self, actor, reason: str):
        self.actor = actor
        self.reason = reason
        self.when = timezone.now()
        self.new_id: dict[type, dict[int, int]] = {}

    def copy(self, model, originals, make) -> list:
        """Copy `originals` (instances of `model`) made into unsaved copies by `make`."""
        originals = list(originals)
        copies = [make(original) for original in originals]
        if copies and part_of(model).history:
            bulk_create_with_history(
                copies,
                model,
                default_user=self.actor,
                default_change_reason=self.reason,
                default_date=self.when,
            )
        elif copies:
            model.objects.bulk_create(copies)
        self.new_id[model] = {
            original.pk: copy.pk for original, copy in zip(originals, copies, strict=True)
        }
        return copies

    def id_of(self, model, old_id):
        """The id of the copy of `model` #old_id (None stays None)."""
        return None if old_id is None else self.new_id[model].get(old_id)


def copy_order() -> list:
    """The parts a new version copies (planning.parts), each after the parts its foreign keys
    point at, otherwise in the order of their declaration."""
    copied = [part for part in parts() if part.copied]
    models = {part.model for part in copied}
    done: list = []
    placed: set = set()

    def place(part, seen=()):
        if part.model in placed:
            return
        for field in part.model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target in models and target is not part.model and target not in seen:
                place(part_of(target), (*seen, part.model))
        placed.add(part.model)
        done.append(part)

    for part in copied:
        place(part)
    return done


def _links(part) -> list:
    """(attname, model) of each foreign key of a copied part that must point at a copy: at the
    new programme, or at the copy of another copied item."""
    links = []
    for field in part.model._meta.concrete_fields:
        if not field.is_relation:
            continue
        target = part_of(field.related_model)
        if target is not None and (target.is_root or target.copied):
            links.append((field.attname, target.model))
    return links


def _copy_content(old: m.Programme, new: m.Programme, copier: _Copier) -> None:
    copier.new_id[m.Programme] = {old.pk: new.pk}
    for part in copy_order():
        links = _links(part)
        copier.copy(
            part.model,
            part.model.objects.filter(**{part.lookup: old.pk}).order_by("pk"),
            lambda o, links=links: _clone(
                o, **{attname: copier.id_of(model, getattr(o, attname)) for attname, model in links}
            ),
        )


@transaction.atomic
def programme_amend(*, programme: m.Programme, actor) -> m.Programme:
    """Start the next version of an approved programme: a new draft holding a copy of its
    whole content (see the module's description). Only the working-group chair may, while the
    programme is approved or in implementation and no newer version has been started;
    otherwise `TransitionRefused` says why."""
    step = STEPS[m.Action.AMEND]
    old = (
        m.Programme.objects.select_for_update().select_related("municipality").get(pk=programme.pk)
    )
    reasons = refusal_reasons(old, step.action, actor)
    if reasons:
        raise TransitionRefused(reasons)

    line = m.Programme.objects.filter(
        municipality_id=old.municipality_id, start_year=old.start_year
    )
    version = (line.aggregate(last=Max("version"))["last"] or old.version) + 1
    reason = _("Версия %(new)s начата из версии %(old)s") % {
        "new": version,
        "old": old.version,
    }
    # Saved under Russian, like the demo: the bare column of each translated field is then
    # filled from `_ru` (both languages are copied as they are).
    with translation.override("ru"):
        new = m.Programme(
            municipality=old.municipality,
            **{name: old.__dict__[name] for name in PROGRAMME_CONTENT_FIELDS},
            status=m.ProgrammeStatus.DRAFT,
            version=version,
            previous_version=old,
            created_by=actor,
        )
        new._history_user = actor
        new._change_reason = reason
        new.save()
        _copy_content(old, new, _Copier(actor, reason))
    # the content was inserted without post_save signals: count the figures once at commit,
    # and move the public revisions of both versions, as any other write would have
    schedule_metrics(new.pk)
    programmes_public_changed((new.pk, old.pk))

    transition = m.Transition.objects.create(
        programme=new,
        action=m.Action.AMEND,
        from_status=old.status,
        to_status=m.ProgrammeStatus.DRAFT,
        actor=actor,
        summary=reason,
    )
    notify(new, step, transition)
    return new
