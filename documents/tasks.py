"""Celery tasks of the documents engine: thin — they take ids and call a service. This module
also listens to the services: a queued document is sent to a worker here, and a worker that
starts puts back in the queue what it left unfinished."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from .services import (
    SOFT_TIME_LIMIT,
    TIME_LIMIT,
    TRANSIENT_ERRORS,
    document_render,
    documents_check,
    documents_resume,
)
from .signals import document_queued

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="documents.render_document",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=MAX_RETRIES,
    retry_backoff=5,
    retry_backoff_max=60,
    ignore_result=True,
)
def render_document(self, document_id: int) -> None:
    """Render a document to PDF. The document row records the outcome and the worker that took
    it; a transient error (OSError) is retried at most MAX_RETRIES times, with a growing
    pause."""
    document_render(
        document_id,
        will_retry=self.request.retries < MAX_RETRIES,
        worker=self.request.hostname or "",
    )


@shared_task(name="documents.check", ignore_result=True)
def check_documents() -> None:
    """Periodic (Celery beat): documents no live worker will finish are queued again or failed
    with the reason."""
    outcome = documents_check()
    if any(outcome.values()):
        logger.warning("documents checked: %s", outcome)


def _send(sender, document_id: int, **kwargs) -> None:
    render_document.delay(document_id)


def _resume(sender=None, **kwargs) -> None:
    """A worker (re)started: what it left "rendering" when it was killed goes back into the
    queue, and waiting documents are sent again (messages a dead worker had taken may be
    lost)."""
    hostname = getattr(sender, "hostname", "") or ""
    resent = documents_resume(worker=hostname, started_at=timezone.now())
    if resent:
        logger.warning("worker %s started: documents sent again: %s", hostname, resent)


def connect() -> None:
    """Called from `DocumentsConfig.ready()`: a queued document is sent to a worker, and a
    worker that starts resumes what it left unfinished."""
    document_queued.connect(_send, dispatch_uid="documents-send-render")
    worker_ready.connect(_resume, dispatch_uid="documents-resume")
