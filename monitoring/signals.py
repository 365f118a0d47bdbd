"""Monitoring follows the programme's life-cycle (planning's signals, sent inside the step's
transaction): the periods open when the implementation starts, and move to a new version when
the council approves it. A finished report document is listed on the programme's public page:
its public revision moves."""

from documents.signals import document_finished
from planning.models import Action
from planning.services.lifecycle import programme_moved, version_superseded
from planning.services.public import programme_public_changed

from .services.periods import periods_open
from .services.versions import monitoring_follow


def _moved(sender, programme, transition, actor, **kwargs):
    if transition.action == Action.START_IMPLEMENTATION:
        periods_open(programme=programme, actor=actor)


def _superseded(sender, old, new, actor, **kwargs):
    monitoring_follow(old=old, new=new, actor=actor)


def _document_finished(sender, kind, object_id, **kwargs):
    from .documents import ANNUAL_KIND, PERIOD_KIND
    from .models import AnnualReport, MonitoringReport

    if kind == PERIOD_KIND:
        rows = MonitoringReport.objects.filter(pk=object_id).values_list("period__programme_id")
    elif kind == ANNUAL_KIND:
        rows = AnnualReport.objects.filter(pk=object_id).values_list("programme_id")
    else:
        return
    for (programme_id,) in rows:
        programme_public_changed(programme_id)


def connect() -> None:
    programme_moved.connect(_moved, dispatch_uid="monitoring-periods-open")
    version_superseded.connect(_superseded, dispatch_uid="monitoring-follow-version")
    document_finished.connect(_document_finished, dispatch_uid="monitoring-public-document")
