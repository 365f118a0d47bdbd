"""Real Celery worker processes for the tests that need them: on the configured broker (Redis in
CI, else a filesystem broker in the test's own folders) and the test database, each consuming a
queue of its own test. The worker is another process: it sees the test database only on
PostgreSQL (SQLite's test database is in pytest's memory)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database as a DATABASE_URL for another process."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def skip_without_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker is another process and cannot see pytest's in-memory SQLite test "
            "database; this test runs on PostgreSQL (set DATABASE_URL, as CI does)"
        )


class Workers:
    """Start, stop and kill `celery worker` processes on one queue; send tasks to it."""

    def __init__(self, tmp_path: Path, media_root: Path):
        from psep_portal.celery import app

        self.app = app
        self.queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(media_root),
            "CELERY_FS_DIR": str(tmp_path / "celery"),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "TEST_CELERY_QUEUE": self.queue,
        }
        # this process sends through the broker too (the tests run tasks eagerly otherwise)
        self.eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        self.options = dict(app.conf.broker_transport_options or {})
        if app.conf.broker_url.startswith("filesystem"):
            folder = tmp_path / "celery"
            self.options = {
                "data_folder_in": str(folder / "queue"),
                "data_folder_out": str(folder / "queue"),
                "processed_folder": str(folder / "processed"),
                "store_processed": False,
            }
            for name in ("queue", "processed"):
                (folder / name).mkdir(parents=True, exist_ok=True)

    def send(self, task, *args) -> None:
        with self.app.connection_for_write(transport_options=self.options) as broker:
            task.apply_async(args=list(args), queue=self.queue, connection=broker)

    def start(self, *, pool: str = "solo", name: str = "", env: dict | None = None):
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "psep_portal",
            "worker",
            "-P",
            pool,
            "--concurrency=1",
            "-Q",
            self.queue,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        if name:
            command += ["-n", name]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # its own process group: killing it kills the processes it forked too
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    @staticmethod
    def kill(process) -> None:
        """SIGKILL, as the kernel's out-of-memory killer or a pulled plug would: no goodbye."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)

    def output(self, process) -> str:
        if process.poll() is None:
            process.terminate()
        try:
            return process.communicate(timeout=20)[0] or ""
        except (subprocess.TimeoutExpired, ValueError):
            return ""

    def stop(self) -> None:
        self.app.conf.task_always_eager = self.eager
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with_group = getattr(os, "killpg", None)
                if with_group:
                    with_group(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(condition, *, seconds: float, processes=(), poll: float = 0.3) -> bool:
    """Wait until `condition()` is true, at most `seconds`, or until a process dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if any(p.poll() is not None for p in processes):
            return condition()
        time.sleep(poll)
    return condition()
