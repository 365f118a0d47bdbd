"""The production deployment files agree with each other and with the settings.

docker-compose.yml, .env.example and psep_portal/settings.py are edited separately; these tests
keep them from drifting apart, and run `check --deploy` on the production values. No database.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
SETTINGS_FILE = ROOT / "psep_portal" / "settings.py"

# `$$` is an escaped dollar; `${NAME}`, `${NAME:-default}`, `${NAME:?message}` and `$NAME` are
# references that compose fills in from the environment or .env.
COMPOSE_REFERENCE = re.compile(
    r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))"
)
# env.str("NAME", ...), env.bool(\n    "NAME", ...), env.db_url("NAME", ...)
SETTINGS_READ = re.compile(r"\benv\.[a-z_]+\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")


def read_env_example() -> dict[str, str]:
    """NAME=value lines of .env.example; surrounding quotes are removed as compose does."""
    values = {}
    for number, raw in enumerate(ENV_EXAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"[A-Z][A-Z0-9_]*", name), (
            f".env.example line {number} is not NAME=value: {raw!r}"
        )
        assert name not in values, f".env.example defines {name} twice"
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name] = value
    return values


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def as_text(value) -> str:
    """A compose command, entrypoint or healthcheck, given as a string or a list."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " ".join(str(part) for part in value)


def env_files(service: dict) -> list[str]:
    """env_file may be a string, a list of strings, or a list of {path: ...} mappings."""
    value = service.get("env_file")
    if value is None:
        return []
    if isinstance(value, str | dict):
        value = [value]
    return [item["path"] if isinstance(item, dict) else item for item in value]


def environment_names(service: dict) -> set[str]:
    """Names set by `environment:`, written as a mapping or as a list of NAME=value."""
    environment = service.get("environment") or {}
    if isinstance(environment, dict):
        return set(environment)
    return {item.partition("=")[0] for item in environment}


def test_compose_has_the_four_services():
    services = load_compose()["services"]
    assert {"web", "worker", "db", "redis"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    web = services["web"]
    assert "gunicorn" in as_text(web.get("command")) + " " + as_text(web.get("entrypoint"))
    assert "celery" in as_text(services["worker"].get("command"))
    for name in ("web", "worker"):
        assert ".env" in env_files(services[name]), f"{name} does not read env_file .env"
        assert "media:/app/media" in services[name].get("volumes", []), name
        for dependency in ("db", "redis"):
            assert services[name]["depends_on"][dependency]["condition"] == "service_healthy"
    for name in ("web", "db", "redis"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert "/healthz" in as_text(web["healthcheck"]["test"])


def test_every_compose_variable_is_in_env_example():
    defined = set(read_env_example())
    # Compose does not interpolate comments.
    lines = COMPOSE_FILE.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    referenced = {
        braced or plain for escaped, braced, plain in COMPOSE_REFERENCE.findall(text) if not escaped
    }
    services = load_compose()["services"]
    referenced |= environment_names(services["web"]) | environment_names(services["worker"])
    assert referenced, "found no variables in docker-compose.yml"
    missing = sorted(referenced - defined)
    assert not missing, f"docker-compose.yml uses variables missing from .env.example: {missing}"


def test_every_setting_read_from_the_environment_is_in_env_example():
    read = set(SETTINGS_READ.findall(SETTINGS_FILE.read_text(encoding="utf-8")))
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS"} <= read
    missing = sorted(read - set(read_env_example()))
    assert not missing, f"settings.py reads variables missing from .env.example: {missing}"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "false"),
        ("SECURE_COOKIES", "true"),
        ("SECURE_SSL_REDIRECT", "true"),
        ("BEHIND_TLS_PROXY", "true"),
        ("CELERY_TASK_ALWAYS_EAGER", "false"),
    ],
)
def test_env_example_has_production_values(name, value):
    assert read_env_example()[name] == value


def test_check_deploy_passes_with_the_production_values(tmp_path):
    environment = {
        # Only what a process needs to run; nothing of the developer's own settings.
        **{
            name: value
            for name, value in os.environ.items()
            if name in {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "TEMP"}
        },
        **read_env_example(),
        "DJANGO_SETTINGS_MODULE": "psep_portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        f"check --deploy failed ({result.returncode})\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )
