"""Monitoring follows the programme's life-cycle (planning's signals, sent inside the step's
transaction): the periods open when the implementation starts, and move to a new version when
the council approves it."""

from planning.models import Action
from planning.services.lifecycle import programme_moved, version_superseded

from .services.periods import periods_open
from .services.versions import monitoring_follow


def _moved(sender, programme, transition, actor, **kwargs):
    if transition.action == Action.START_IMPLEMENTATION:
        periods_open(programme=programme, actor=actor)


def _superseded(sender, old, new, actor, **kwargs):
    monitoring_follow(old=old, new=new, actor=actor)


def connect() -> None:
    programme_moved.connect(_moved, dispatch_uid="monitoring-periods-open")
    version_superseded.connect(_superseded, dispatch_uid="monitoring-follow-version")
