"""A real Celery worker process takes a task from the configured broker: Redis in CI
(CELERY_BROKER_URL), the embedded default's filesystem broker otherwise."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.integration


@pytest.fixture
def celery_env(tmp_path):
    """The environment of both processes: with the embedded default's filesystem broker, its
    folders are this test's own."""
    return {
        **os.environ,
        "CELERY_FS_DIR": str(tmp_path / "celery"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


@pytest.fixture
def worker(celery_env):
    """`celery worker` in its own process, stopped after the test."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "psep_portal",
            "worker",
            "-P",
            "solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=celery_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_worker_answers_a_task_sent_through_the_broker(worker, celery_env):
    deadline = time.monotonic() + 60
    while True:
        check = subprocess.run(
            [sys.executable, "manage.py", "worker_check", "--timeout", "10"],
            cwd=ROOT,
            env=celery_env,
            capture_output=True,
            text=True,
        )
        if check.returncode == 0 or time.monotonic() > deadline or worker.poll() is not None:
            break
    if check.returncode != 0:
        worker.terminate()
        output = worker.communicate(timeout=20)[0]
        pytest.fail(f"no answer from the worker:\n{check.stderr}\n--- worker ---\n{output}")
    assert "Celery worker answered: pong" in check.stdout


def test_worker_check_says_clearly_when_no_worker_runs(celery_env):
    check = subprocess.run(
        [sys.executable, "manage.py", "worker_check", "--timeout", "1"],
        cwd=ROOT,
        env=celery_env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 1
    assert "No Celery worker answered within 1 s" in check.stderr
