"""The demo users (a superuser among them, with the password the README publishes) are loaded
only where a demo belongs: the embedded default, DEBUG, or when the operator insists."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from municipalities.models import User


@pytest.fixture
def production(settings):
    """A portal on PostgreSQL without DEBUG, as docker-compose.yml runs it."""
    settings.EMBEDDED_DEFAULT = False
    settings.DEBUG = False


@pytest.fixture
def quick_programmes(monkeypatch):
    """The gate is what is tested here: the programmes themselves are tested in test_demo."""
    monkeypatch.setattr(
        "demo.management.commands.seed_demo.demo_programmes_create", lambda people: []
    )


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_refuses_a_production_database(production):
    with pytest.raises(CommandError) as refused:
        seed()
    message = str(refused.value)
    assert "admin@psep.example" in message
    assert "psep-demo-2019" in message
    assert "--force" in message
    assert "Nothing was written" in message
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_runs_there_when_forced(production, quick_programmes):
    out = seed(force=True)
    assert "admin@psep.example" in out
    assert User.objects.filter(email="admin@psep.example", is_superuser=True).exists()


@pytest.mark.django_db
def test_seed_demo_runs_with_debug(settings, quick_programmes):
    settings.EMBEDDED_DEFAULT = False
    settings.DEBUG = True
    assert "aibek@psep.example" in seed()


@pytest.mark.django_db
def test_the_embedded_default_keeps_printing_its_demo_logins(settings, quick_programmes):
    settings.EMBEDDED_DEFAULT = True
    settings.DEBUG = False
    out = seed()
    assert "Demo logins (password for all: psep-demo-2019):" in out
    assert "admin@psep.example" in out
    assert "staff@psep.example" in out


def test_the_embedded_default_is_sqlite_and_production_is_not(tmp_path):
    """What settings.py decides from DATABASE_URL alone, in a process of its own."""
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.EMBEDDED_DEFAULT)"
    results = {}
    for name, url in {
        "sqlite": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "postgres": "postgres://psep:secret@db:5432/psep",
    }.items():
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "psep_portal.settings",
                "DATABASE_URL": url,
                "DEBUG": "false",
            },
            capture_output=True,
            text=True,
            check=True,
        )
        results[name] = result.stdout.strip()
    assert results == {"sqlite": "True", "postgres": "False"}
