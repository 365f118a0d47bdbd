"""The portal's settings, plus an app that exists only in the test suite: it adds a model of a
programme and fills the extension points the way an app above `planning` does, so that tests
can show what a new app gets from its declarations alone."""

import os

from psep_portal.settings import *  # noqa: F403
from psep_portal.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.extension_app"]

# No broker in unit tests: a task sent runs at once in the test's own process (the e-mails of
# the life-cycle land in the test outbox). The tests that start a real worker turn this off, in
# the worker too (CELERY_TASK_ALWAYS_EAGER=false in its environment).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "true").lower() == "true"
# A real worker started by a test consumes a queue of that test's own; the tasks it sends itself
# (a document queued again when it starts) go there too.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("TEST_CELERY_QUEUE", "celery")

# Nothing is kept by default, so that every request a test makes builds its page (the query
# counts measure the building); the tests of the page cache turn on a memory cache of their own
# with the `page_cache` fixture (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
