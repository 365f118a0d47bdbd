"""Two guarantees that hold whatever path writes to the database (services, admin, imports,
the shell):

- an approved version is frozen: saving or deleting anything inside it is refused with
  `ProgrammeFrozen`;
- after every change of a programme's content, its completeness figures (used by the
  reviewers' dashboard) are recomputed once, when the transaction commits.
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

from . import models as m
from .permissions import ProgrammeFrozen

# How to get from an item to the id of its programme.
PROGRAMME_ID = {
    m.WorkingGroup: lambda o: o.programme_id,
    m.WorkingGroupMember: lambda o: o.working_group.programme_id,
    m.WorkplanTask: lambda o: o.working_group.programme_id,
    m.Passport: lambda o: o.programme_id,
    m.Village: lambda o: o.passport.programme_id,
    m.BudgetYear: lambda o: o.passport.programme_id,
    m.SectorAnalysis: lambda o: o.programme_id,
    m.KeyFigure: lambda o: o.analysis.programme_id,
    m.Problem: lambda o: o.analysis.programme_id,
    m.SwotItem: lambda o: o.programme_id,
    m.Direction: lambda o: o.programme_id,
    m.Goal: lambda o: o.direction.programme_id,
    m.Objective: lambda o: o.goal.direction.programme_id,
    m.Activity: lambda o: o.programme_id,
    m.ActivityCost: lambda o: o.activity.programme_id,
    m.Indicator: lambda o: o.programme_id,
    m.IndicatorTarget: lambda o: o.indicator.programme_id,
    m.ResourceForecast: lambda o: o.programme_id,
    m.ReviewComment: lambda o: o.programme_id,
    m.CitizenProposal: lambda o: o.programme_id,
    m.PublicHearing: lambda o: o.programme_id,
    m.CouncilDecision: lambda o: o.programme_id,
}
# The content whose changes move the completeness figures.
CONTENT_MODELS = set(PROGRAMME_ID) - {
    m.ReviewComment,
    m.CitizenProposal,
    m.PublicHearing,
    m.CouncilDecision,
}

# Fields of a frozen programme that may still change: its life-cycle and the figures.
PROGRAMME_MUTABLE_WHEN_FROZEN = {
    "status",
    "status_changed_at",
    "updated_at",
    "revision",
    "completeness_percent",
    "ky_percent",
    "content_changed_at",
}


def _frozen(programme_id) -> bool:
    return (
        programme_id is not None
        and m.Programme.objects.filter(pk=programme_id, status__in=m.FROZEN_STATUSES).exists()
    )


def _refuse_in_frozen(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata of a fixture
    if sender is m.CouncilDecision and instance.pk is None:
        return  # the decision is recorded as the version becomes approved
    try:
        programme_id = PROGRAMME_ID[sender](instance)
    except ObjectDoesNotExist:  # its parent went first in the same cascade
        return
    if _frozen(programme_id):
        raise ProgrammeFrozen()


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
    if instance.status in m.FROZEN_STATUSES or _frozen(instance.pk):
        raise ProgrammeFrozen()


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if sender is m.Programme:
        programme_id = instance.pk
    else:
        try:
            programme_id = PROGRAMME_ID[sender](instance)
        except ObjectDoesNotExist:  # its parent went first in the same cascade
            return
    schedule_metrics(programme_id)


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


def connect() -> None:
    for model in PROGRAMME_ID:
        uid = f"psep-freeze-{model.__name__}"
        pre_save.connect(_refuse_in_frozen, sender=model, dispatch_uid=uid)
        pre_delete.connect(_refuse_in_frozen, sender=model, dispatch_uid=uid)
    for model in CONTENT_MODELS | {m.Programme}:
        uid = f"psep-metrics-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
    post_migrate.connect(
        fill_missing_metrics,
        sender=apps.get_app_config("planning"),
        dispatch_uid="psep-fill-metrics",
    )
    pre_save.connect(_refuse_programme_change, sender=m.Programme, dispatch_uid="psep-freeze-p")
    pre_delete.connect(_refuse_programme_delete, sender=m.Programme, dispatch_uid="psep-freeze-pd")
