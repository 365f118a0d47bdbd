"""The portal's own settings with one addition for the load benchmark: a bare view to measure
the server against (benchmarks/load/urls.py). The portal itself never serves it."""

from psep_portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load.urls"
