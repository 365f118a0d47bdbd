import pytest

from tests.dashboard_entries import planning_dashboard_alone


@pytest.fixture(autouse=True)
def _planning_dashboard_alone():
    """planning's tests look at planning's own dashboard (its twelve columns, its queries):
    what the apps above add to it is tested with them (tests/monitoring/test_dashboard.py)."""
    with planning_dashboard_alone():
        yield
