"""Celery tasks of the planning app: thin — they take ids and call a service. The e-mails about a
step of the life-cycle go out from here, after the step's transaction has committed, not in the
person's request."""

import logging

from celery import shared_task

from .services.lifecycle import transition_notify, transition_recorded

logger = logging.getLogger(__name__)


@shared_task(name="planning.notify_transition", ignore_result=True)
def notify_transition(transition_id: int) -> None:
    transition_notify(transition_id)


def _send(sender, transition_id: int, **kwargs) -> None:
    """The e-mail task is sent once the step has committed; a broker that is down does not undo
    the step: the failure is logged."""
    try:
        notify_transition.delay(transition_id)
    except Exception:
        logger.exception("the e-mail about transition %s could not be sent", transition_id)


def connect() -> None:
    """Called from `PlanningConfig.ready()`: the web process sends the task, the worker runs it."""
    transition_recorded.connect(_send, dispatch_uid="planning-notify-transition")
