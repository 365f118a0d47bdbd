"""Moving an item out of a frozen version is a write to that version: the freeze guard checks
where a row is now as well as where it goes."""

import pytest
from django.db import transaction

from planning import models as m
from planning.parts import part_of
from planning.permissions import ProgrammeFrozen

from .test_freeze import GUARDED, amended, fingerprint, frozen  # noqa: F401 (fixtures)


def _moved_to(obj, programme):
    """Point every foreign key of `obj` that leads into its programme at the same kind of row
    of `programme` (or at `programme` itself)."""
    for field in obj._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one):
            continue
        target = field.related_model
        if target is m.Programme:
            setattr(obj, field.name, programme)
            continue
        part = part_of(target)
        if part is None or part.is_root:
            continue
        other = target.objects.filter(**{part.lookup: programme.pk}).first()
        if other is not None and getattr(obj, field.attname) is not None:
            setattr(obj, field.name, other)
    return obj


@pytest.mark.parametrize("model", GUARDED, ids=lambda model: model.__name__)
def test_an_item_cannot_be_moved_out_of_a_frozen_version(frozen, amended, model):  # noqa: F811
    lookup = part_of(model).lookup
    obj = model.objects.filter(**{lookup: frozen.programme.pk}).first()
    assert obj is not None, f"the fixture has no {model.__name__}"
    before = fingerprint(frozen.programme)
    _moved_to(obj, amended.programme)
    assert part_of(model).programme_id(obj) == amended.programme.pk  # now it points at the draft
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        obj.save()
    assert fingerprint(frozen.programme) == before


def test_an_item_of_the_draft_still_moves_inside_the_draft(amended):  # noqa: F811
    """Only a frozen version is protected: in the draft an activity may change objective."""
    goal = amended.goal
    other = m.Objective.objects.create(goal=goal, title_ru="Ещё одна задача")
    activity = m.Activity.objects.get(pk=amended.activity.pk)
    activity.objective = other
    activity.save()
    assert m.Activity.objects.get(pk=activity.pk).objective == other
