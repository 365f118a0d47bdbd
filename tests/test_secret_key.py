"""A placeholder or short SECRET_KEY stops the portal in production, and what is kept of a
citizen's network address is an HMAC with a key of its own, forgotten after the rate window."""

import hashlib
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from planning.models import CitizenProposal, ProgrammeStatus
from planning.services import consultation
from tests.factories import fill

ROOT = Path(__file__).resolve().parent.parent


def start(tmp_path, **environment) -> subprocess.CompletedProcess:
    """Load the portal's settings in a process of its own, as gunicorn would."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "psep_portal.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "key",
    [
        "change-me-to-a-long-random-string",  # .env.example's placeholder
        "CHANGE-ME-" + "x" * 60,
        "django-insecure-" + "k3y" * 20,
        "short-but-random-Zq81",
        "a" * 60,
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(tmp_path, key):
    result = start(tmp_path, DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is a placeholder or too short" in result.stderr


def test_production_starts_with_a_long_random_key(tmp_path):
    import secrets

    result = start(tmp_path, DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr


def test_debug_accepts_the_placeholder_for_a_developer(tmp_path):
    result = start(tmp_path, DEBUG="true", SECRET_KEY="change-me-to-a-long-random-string")
    assert result.returncode == 0, result.stderr


def test_the_address_is_kept_as_an_hmac_with_a_key_of_its_own():
    kept = consultation.client_hash("10.20.30.40")
    assert (
        kept
        == salted_hmac(
            "psep.planning.citizen-proposal.address", "10.20.30.40", algorithm="sha256"
        ).hexdigest()
    )
    # not the old sha256(address + SECRET_KEY), nor an HMAC keyed by SECRET_KEY itself
    assert kept != hashlib.sha256(f"10.20.30.40{settings.SECRET_KEY}".encode()).hexdigest()
    assert kept != salted_hmac("", "10.20.30.40", algorithm="sha256").hexdigest()
    assert len(kept) == 64


@pytest.fixture
def consulting(programme, aibek, staff):
    from planning.services import lifecycle

    fill(programme)
    lifecycle.programme_submit(programme=programme, actor=aibek)
    lifecycle.programme_accept(programme=programme, actor=staff)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PUBLIC_CONSULTATION
    return programme


@pytest.mark.django_db
def test_the_address_is_forgotten_once_the_rate_window_has_passed(consulting, aibek):
    old = consultation.proposal_submit(
        programme=consulting,
        text="Отремонтировать мост через арык",
        client=consultation.client_hash("10.0.0.7"),
        language="ru",
    )
    consultation.proposal_publish(proposal=old, actor=aibek)
    assert old.history.exclude(client_hash="").count() == 2
    long_ago = timezone.now() - timedelta(hours=1, minutes=1)
    CitizenProposal.objects.filter(pk=old.pk).update(created_at=long_ago)
    old.history.update(created_at=long_ago)

    recent = consultation.proposal_submit(
        programme=consulting,
        text="Поставить фонари на главной улице",
        client=consultation.client_hash("10.0.0.8"),
        language="ru",
    )
    old.refresh_from_db()
    assert old.client_hash == ""
    assert not old.history.exclude(client_hash="").exists()
    # what the rate limit still counts keeps its hash
    recent.refresh_from_db()
    assert recent.client_hash == consultation.client_hash("10.0.0.8")
    assert old.text == "Отремонтировать мост через арык"  # nothing else is touched


@pytest.mark.django_db
def test_moderation_forgets_old_addresses_too(consulting, aibek):
    proposal = consultation.proposal_submit(
        programme=consulting,
        text="Построить спортзал при школе",
        client=consultation.client_hash("10.0.0.9"),
        language="ru",
    )
    long_ago = timezone.now() - timedelta(hours=2)
    CitizenProposal.objects.filter(pk=proposal.pk).update(created_at=long_ago)
    proposal.history.update(created_at=long_ago)
    consultation.proposal_publish(proposal=proposal, actor=aibek)
    proposal.refresh_from_db()
    assert proposal.client_hash == ""
    assert not proposal.history.exclude(client_hash="").exists()
