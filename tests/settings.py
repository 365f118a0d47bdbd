"""The portal's settings, plus an app that exists only in the test suite: it adds a model of a
programme and fills the extension points the way an app above `planning` does, so that tests
can show what a new app gets from its declarations alone."""

from psep_portal.settings import *  # noqa: F403
from psep_portal.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.extension_app"]
