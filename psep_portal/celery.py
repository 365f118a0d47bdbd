"""The Celery application: configured from Django settings (CELERY_* names).

Production sends tasks through Redis; the embedded default uses a filesystem broker in
var/celery that a local `celery -A psep_portal worker` process reads (see settings)."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psep_portal.settings")

app = Celery("psep_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_local_folders(conf=None) -> None:
    """The filesystem broker and file result backend need their folders to exist."""
    conf = conf or app.conf
    folders = [
        value
        for key, value in (conf.broker_transport_options or {}).items()
        if key.endswith("folder") or key.startswith("data_folder")
    ]
    backend = conf.result_backend or ""
    if backend.startswith("file://"):
        folders.append(backend.removeprefix("file://"))
    for folder in folders:
        Path(folder).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _prepare_folders(sender, **kwargs):
    ensure_local_folders(sender.conf)
