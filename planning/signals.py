"""Two guarantees that hold whatever path writes to the database (services, admin, imports,
the shell):

- every part of a programme is written only while its freeze rule allows (planning.parts): an
  approved version is frozen, and saving or deleting anything inside it is refused with
  `ProgrammeFrozen`;
- after every change of a programme's content, its completeness figures (used by the
  reviewers' dashboard) are recomputed once, when the transaction commits;
- after every change of any of its parts, of the programme itself, of its municipality's names
  or of one of its finished documents, its public revision moves (planning.services.public):
  the public pages kept in the cache are built again.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import (
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone

from documents.signals import document_finished
from municipalities.models import Municipality

from . import models as m
from .parts import never, part_of, parts
from .permissions import ProgrammeFrozen
from .services.public import programme_public_changed, programmes_public_changed

# Fields of a frozen programme that may still change: its life-cycle and the figures.
PROGRAMME_MUTABLE_WHEN_FROZEN = {
    "status",
    "status_changed_at",
    "updated_at",
    "revision",
    "completeness_percent",
    "ky_percent",
    "content_changed_at",
    "public_revision",
}


def _refuse_in_frozen(sender, instance, **kwargs):
    """Refuse the write when the part's freeze rule says so (planning.parts), for the programme
    the row goes to and, for a row that exists, the one it is in now: moving an item out of a
    frozen version changes that version as much as editing it."""
    if kwargs.get("raw"):
        return  # loaddata of a fixture
    part = part_of(sender)
    try:
        programme_id = part.programme_id(instance)
    except ObjectDoesNotExist:  # its parent went first in the same cascade
        return
    if part.frozen(instance, programme_id):
        raise (part.frozen_error or ProgrammeFrozen)()
    if instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values_list(part.path, flat=True)
    for stored_programme_id in stored:
        if stored_programme_id != programme_id and part.frozen(instance, stored_programme_id):
            raise (part.frozen_error or ProgrammeFrozen)()


# Where a frozen version may still go: into implementation, or replaced by a newer version.
FROZEN_MOVES = {
    m.ProgrammeStatus.APPROVED: {m.ProgrammeStatus.IN_IMPLEMENTATION, m.ProgrammeStatus.SUPERSEDED},
    m.ProgrammeStatus.IN_IMPLEMENTATION: {m.ProgrammeStatus.SUPERSEDED},
    m.ProgrammeStatus.SUPERSEDED: set(),
}


def _refuse_programme_change(sender, instance, **kwargs):
    if kwargs.get("raw") or instance.pk is None:
        return
    stored = m.Programme.objects.filter(pk=instance.pk).first()
    if stored is None or stored.status not in m.FROZEN_STATUSES:
        return
    if instance.status != stored.status and instance.status not in FROZEN_MOVES[stored.status]:
        raise ProgrammeFrozen()
    for field in instance._meta.concrete_fields:
        if field.attname in PROGRAMME_MUTABLE_WHEN_FROZEN:
            continue
        if getattr(stored, field.attname) != getattr(instance, field.attname):
            raise ProgrammeFrozen()


def _refuse_programme_delete(sender, instance, **kwargs):
    if instance.status in m.FROZEN_STATUSES or part_of(m.Programme).frozen(instance, instance.pk):
        raise ProgrammeFrozen()


def _programme_written(sender, instance, kwargs) -> int | None:
    """The programme a saved or deleted row belongs to (None for a fixture being loaded, or a
    row whose parent went first in the same cascade)."""
    if kwargs.get("raw"):
        return None
    try:
        return part_of(sender).programme_id(instance)
    except ObjectDoesNotExist:
        return None


def _changed(sender, instance, **kwargs):
    programme_id = _programme_written(sender, instance, kwargs)
    if programme_id is not None:
        schedule_metrics(programme_id)


def _public_changed(sender, instance, **kwargs):
    programme_id = _programme_written(sender, instance, kwargs)
    if programme_id is None:
        return
    programme_public_changed(programme_id)
    if sender is m.Programme and instance.previous_version_id:
        # the page of the version it replaces links to it once it is public
        programme_public_changed(instance.previous_version_id)


def _municipality_renamed(sender, instance, **kwargs):
    """Its name heads the public pages of its programmes."""
    if not kwargs.get("raw"):
        programmes_public_changed(
            m.Programme.objects.filter(municipality=instance).values_list("pk", flat=True)
        )


def _document_finished(sender, kind, object_id, **kwargs):
    """A finished programme document is listed on its public page; the apps above move the
    revision for the kinds of their own (monitoring's reports)."""
    from .documents import KIND

    if kind == KIND:
        programme_public_changed(object_id)


def schedule_metrics(programme_id) -> None:
    """Recompute the figures of this programme once, when the current transaction commits.
    The callbacks waiting on the connection are the record of what is scheduled: a rollback
    drops them together with the changes."""
    connection = transaction.get_connection()
    for entry in connection.run_on_commit:
        if getattr(entry[1], "psep_metrics_of", None) == programme_id:
            return

    def run():
        update_metrics(programme_id)

    run.psep_metrics_of = programme_id
    transaction.on_commit(run)


def fill_missing_metrics(**kwargs) -> None:
    """After `migrate`: programmes that have never had their figures computed (made before the
    figures existed, or loaded from a fixture) get them now."""
    missing = m.Programme.objects.filter(content_changed_at__isnull=True)
    for programme_id, updated_at in missing.values_list("pk", "updated_at"):
        update_metrics(programme_id, changed_at=updated_at)


def update_metrics(programme_id, changed_at=None) -> None:
    from .selectors.completeness import completeness_checks, completeness_percent
    from .selectors.translation import translation_percent

    programme = m.Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return
    m.Programme.objects.filter(pk=programme_id).update(
        completeness_percent=completeness_percent(completeness_checks(programme)),
        ky_percent=translation_percent(programme, "ky"),
        content_changed_at=changed_at or timezone.now(),
    )


def freeze_uid(model) -> str:
    return f"psep-freeze-{model._meta.label}"


def metrics_uid(model) -> str:
    return f"psep-metrics-{model._meta.label}"


def public_uid(model) -> str:
    return f"psep-public-{model._meta.label}"


def connect() -> None:
    """The guards of every declared part, of planning and of the apps above it."""
    for part in parts():
        uid = public_uid(part.model)
        post_save.connect(_public_changed, sender=part.model, dispatch_uid=uid)
        post_delete.connect(_public_changed, sender=part.model, dispatch_uid=uid)
        if not part.is_root and part.frozen is not never:
            uid = freeze_uid(part.model)
            pre_save.connect(_refuse_in_frozen, sender=part.model, dispatch_uid=uid)
            pre_delete.connect(_refuse_in_frozen, sender=part.model, dispatch_uid=uid)
        if part.is_content:
            uid = metrics_uid(part.model)
            post_save.connect(_changed, sender=part.model, dispatch_uid=uid)
            post_delete.connect(_changed, sender=part.model, dispatch_uid=uid)
    post_migrate.connect(
        fill_missing_metrics,
        sender=apps.get_app_config("planning"),
        dispatch_uid="psep-fill-metrics",
    )
    pre_save.connect(_refuse_programme_change, sender=m.Programme, dispatch_uid="psep-freeze-p")
    pre_delete.connect(_refuse_programme_delete, sender=m.Programme, dispatch_uid="psep-freeze-pd")
    post_save.connect(_municipality_renamed, sender=Municipality, dispatch_uid="psep-public-m")
    document_finished.connect(_document_finished, dispatch_uid="psep-public-document")
