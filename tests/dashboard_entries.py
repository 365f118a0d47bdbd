"""planning's own dashboard, as planning draws it: the tests of planning (and of its extension
points, with the test app alone) set aside the columns, filters and panels that the apps above
register in `ready()` (monitoring's), and put them back after, in their order."""

from contextlib import contextmanager

from planning.extensions import dashboard_columns, dashboard_filters, dashboard_panels

REGISTRIES = (dashboard_columns, dashboard_filters, dashboard_panels)


@contextmanager
def planning_dashboard_alone():
    aside = [(registry, list(registry)) for registry in REGISTRIES]
    for registry, entries in aside:
        for entry in entries:
            registry.unregister(entry.key)
    try:
        yield
    finally:
        for registry, entries in aside:
            for entry in entries:
                if entry.key not in registry:
                    registry.register(entry)
