"""The WSGI application gunicorn serves (`psep_portal.wsgi:application`), loaded once in each
worker."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psep_portal.settings")

application = get_wsgi_application()

# What is loaded at start (Django, the apps, their modules: some 150 000 objects) lives as long
# as the worker: set aside from the garbage collector, whose full collections would otherwise
# go over all of it again every hundred requests or so (tens of milliseconds for the request
# that meets one).
gc.collect()
gc.freeze()
