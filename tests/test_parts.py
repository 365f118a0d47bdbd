"""The declarations of a programme's parts (planning.parts) are complete, and everything that
reads them covers every declared model: a model that reaches a programme through its foreign
keys cannot be forgotten by the freeze, the history or the copy of a new version."""

import re
from collections import deque

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.signals import pre_delete, pre_save
from django.test.utils import isolate_apps
from django.urls import reverse
from modeltranslation.translator import translator
from simple_history.models import HistoricalChanges

from planning import models as m
from planning.content import content_kinds
from planning.models import Programme, ProgrammeStatus
from planning.parts import (
    Compared,
    check_parts,
    never,
    part_of,
    parts,
    programme_part,
    redeclare,
    undeclare,
)
from planning.permissions import ProgrammeFrozen
from planning.selectors.history import SOURCES
from planning.selectors.versions import SECTION_TITLES, comparison_sections
from planning.services.versions import copy_order, programme_amend
from planning.signals import _refuse_in_frozen
from tests.conftest import client_for
from tests.extension_app.models import CommunityPledge


def _reaches_programme(model) -> bool:
    """Whether a chain of foreign keys leads from `model` to a programme."""
    seen, queue = {model}, deque([model])
    while queue:
        current = queue.popleft()
        for field in current._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model
            if target is Programme:
                return True
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return False


def undeclared(all_models) -> list:
    """The models that belong to a programme by their foreign keys but say nothing of what they
    are: the freeze, the history and the copy of a version would silently skip them. Records of
    the history are not parts: they are what the history keeps of the parts."""
    return [
        model
        for model in all_models
        if not issubclass(model, HistoricalChanges)
        and (model is Programme or _reaches_programme(model))
        and part_of(model) is None
    ]


def test_every_model_that_belongs_to_a_programme_is_declared():
    assert undeclared(apps.get_models()) == []


def test_a_model_without_its_declaration_fails_the_registry_test():
    part = undeclare(CommunityPledge)
    try:
        assert undeclared(apps.get_models()) == [CommunityPledge]
    finally:
        redeclare(part)
    assert undeclared(apps.get_models()) == []


def _guards(signal, model) -> bool:
    return _refuse_in_frozen in signal._live_receivers(model)[0]


@pytest.mark.parametrize("part", parts(), ids=lambda part: part.model.__name__)
def test_every_declared_model_is_covered(part):
    model = part.model
    # the freeze: every write is checked, unless the rule says it never freezes; the programme
    # row has a guard of its own (its life-cycle may move on)
    guarded = not part.is_root and part.frozen is not never
    assert _guards(pre_save, model) is guarded
    assert _guards(pre_delete, model) is guarded
    # the history: kept and shown, or neither
    assert hasattr(model, "history") is part.history
    assert (model in SOURCES) is part.history
    # the copy of a new version, after what its foreign keys point at
    order = [p.model for p in copy_order()]
    assert (model in order) is part.copied
    if part.copied:
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target in order and target is not model:
                assert order.index(target) < order.index(model), field.name
    # the comparison of two versions
    compared = {spec.model for _key, _title, specs in comparison_sections() for spec in specs}
    assert (model in compared) is (part.compared is not None)
    # the texts in both languages, and the translation page
    if part.translated:
        assert set(translator.get_options_for_model(model).fields) >= set(part.translated)
    kinds = {kind.model for kind in content_kinds()}
    assert (model in kinds) is bool(part.is_content and part.translated)


# --- a declaration the portal cannot follow ---------------------------------------------------


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ({"path": "proposal__village"}, "does not end at the programme"),
        ({"path": "proposal__nothing"}, "has no field 'nothing'"),
        ({"path": "proposal__programme"}, "must name their own"),
        (
            {"path": "proposal__programme", "section": "plan", "copied": True},
            "CitizenProposal, which a new version does not copy",
        ),
        (
            {"path": "proposal__programme", "section": "plan", "compared": Compared("x", "y")},
            "comparison section 'x'",
        ),
        (
            {"path": "proposal__programme", "section": "plan", "translated": ("title",)},
            "translated field 'title'",
        ),
    ],
)
@isolate_apps("tests.extension_app")
def test_a_declaration_that_cannot_be_followed_stops_the_portal(declaration, message):
    class Reaction(models.Model):
        proposal = models.ForeignKey(m.CitizenProposal, on_delete=models.CASCADE)

        class Meta:
            app_label = "extension_app"

        def __str__(self) -> str:
            return str(self.proposal_id)

    programme_part(**declaration)(Reaction)
    try:
        with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
            check_parts(Programme, SECTION_TITLES)
    finally:
        undeclare(Reaction)
    check_parts(Programme, SECTION_TITLES)


def test_a_model_is_declared_once():
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        programme_part(path="programme")(CommunityPledge)


# --- a part of an app above planning, from its declaration alone --------------------------------


@pytest.mark.django_db
def test_a_part_of_another_app_is_frozen_in_the_history_and_copied(
    programme, aibek, django_capture_on_commit_callbacks
):
    pledge = CommunityPledge(programme=programme, village="Жаны-Абад", labour_days=120)
    pledge._history_user = aibek
    pledge.save()

    # in the history page, under the section it declares
    page = client_for(aibek).get(reverse("planning:history", args=[programme.pk]) + "?section=plan")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "раздел: план мероприятий Community pledge : «Жаны-Абад: 120»" in text
    assert "Labour days 120" in text

    # frozen with the approved version, whatever writes to it
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.APPROVED)
    pledge.labour_days = 200
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        pledge.save()
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        pledge.delete()
    with pytest.raises(ProgrammeFrozen), transaction.atomic():
        CommunityPledge.objects.create(programme=programme, village="Кок-Жар", labour_days=5)
    assert list(CommunityPledge.objects.values_list("labour_days", flat=True)) == [120]

    # copied into the new version, pointing at it, with its history
    with django_capture_on_commit_callbacks(execute=True):
        new = programme_amend(programme=Programme.objects.get(pk=programme.pk), actor=aibek)
    copy = CommunityPledge.objects.get(programme=new)
    assert (copy.village, copy.labour_days) == ("Жаны-Абад", 120)
    assert copy.history.get().history_user == aibek
    copy.labour_days = 150
    copy.save()  # the new version is a draft
    assert CommunityPledge.objects.get(programme=programme).labour_days == 120
