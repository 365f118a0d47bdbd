"""What the documents engine tells the rest of the portal.

`document_queued` is sent once a document waits for a worker (after the transaction that
queued it has committed); the Celery task module listens and sends the rendering task, so that
the services never import the tasks that run them."""

from django.dispatch import Signal

document_queued = Signal()  # document_id
