"""What the documents engine tells the rest of the portal.

`document_queued` is sent once a document waits for a worker (after the transaction that
queued it has committed); the Celery task module listens and sends the rendering task, so that
the services never import the tasks that run them.

`document_finished` is sent when a document is done, inside the transaction that records it:
the app of its kind moves what it keeps of the pages that list the object's documents."""

from django.dispatch import Signal

document_queued = Signal()  # document_id
document_finished = Signal()  # kind, object_id, document_id
