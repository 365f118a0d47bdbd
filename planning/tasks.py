"""Celery tasks of the planning app: thin — they take ids and call a service."""

from celery import shared_task

from .services.documents import SOFT_TIME_LIMIT, TIME_LIMIT, TRANSIENT_ERRORS, document_render

MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="planning.render_document",
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
    """Render a programme document to PDF. The document row records the outcome; a transient
    error (OSError) is retried at most MAX_RETRIES times, with a growing pause."""
    document_render(document_id, will_retry=self.request.retries < MAX_RETRIES)
