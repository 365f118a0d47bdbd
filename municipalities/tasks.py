"""The portal's health check of the Celery worker, here rather than in the project's Celery
app so that `manage.py worker_check` (a command of this app) imports no module of the project
package: the apps never import `psep_portal`."""

from celery import shared_task


# The task keeps the name it had when the project's Celery app defined it, so that a worker and
# a `worker_check` of different releases still understand each other.
@shared_task(
    name="psep_portal.ping", acks_late=True, soft_time_limit=20, time_limit=30, ignore_result=False
)
def ping() -> str:
    """A health check for the worker: `manage.py worker_check` sends it and waits for 'pong'."""
    return "pong"
