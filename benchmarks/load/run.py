"""The load benchmark: `make bench-load` (`.venv/bin/python -m benchmarks.load`).

The portal runs as in production (gunicorn with 2 sync workers, DEBUG off, a real SECRET_KEY,
whitenoise serving the collected static files) on a PostgreSQL database of its own, with the
demo and two programmes of 300 activities (one approved, one a draft its chair edits), and the
cache Redis gives it (CACHE_URL).
Clients that ask again as soon as they are answered load one page at a time, at 8 and then 32
at once, for a bounded time each. Throughput is printed beside a bare view's measured in the
same run, so that the ratio can be compared between machines and commits. Then what one
answer of each page costs the server and its database in CPU time, asked for one at a time
(the figure that other work on the machine hardly moves), what the main pages weigh (HTML raw
and gzip, DOM nodes in Chromium) and Lighthouse on the plan pages, approved and draft.

Whatever happens (an error, Ctrl-C, SIGTERM), the servers are stopped and the database dropped.
"""

import argparse
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from . import browser
from .report import (
    BARE,
    Load,
    Weight,
    lighthouse_line,
    lighthouse_summary,
    load_table,
    read_stats,
    weight_table,
)

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
DATABASE = "psep_bench_load"
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/5"
COLD_CACHE_URL = "dummycache://"
CLIENTS = (8, 32)
# The plan with every direction open: a large plan opens with its directions closed (an older
# portal, which showed everything, ignores the parameter).
PLAN_ALL_OPEN = "?open=all"
RUNS = itertools.count()

START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


class Failed(Exception):
    """The benchmark cannot go on; the message says why and what to do."""


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- services ------------------------------------------------------------------------------


def check_services() -> None:
    import psycopg
    import redis

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        raise Failed(
            f"PostgreSQL does not answer at 127.0.0.1:5432 as user postgres ({error}).\n"
            f"Start it with: {START_POSTGRES}"
        ) from error
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise Failed(
            f"Redis does not answer at 127.0.0.1:6379 ({error}).\nStart it with: {START_REDIS}"
        ) from error


def database_drop() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3) as conn:
        # FORCE: a server still holding a connection must not keep the database alive
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def database_create() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def redis_flush() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).flushdb()


# --- the portal ----------------------------------------------------------------------------


def environment(tmp: Path, cache_url: str) -> dict:
    """The production-like settings of the served portal (and of its preparation)."""
    env = {
        key: value
        for key, value in os.environ.items()
        # nothing of the caller's portal settings leaks in
        if not key.startswith(("DJANGO_", "CELERY_", "DATABASE_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.load.settings",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{POSTGRES}/{DATABASE}",
        CACHE_URL=cache_url,
        STATIC_ROOT=str(tmp / "static"),
        STATICFILES_BACKEND="whitenoise.storage.CompressedManifestStaticFilesStorage",
        MEDIA_ROOT=str(tmp / "media"),
        # the documents seed_demo asks for wait in a folder no worker reads
        CELERY_BROKER_URL="filesystem://localhost//",
        CELERY_FS_DIR=str(tmp / "celery"),
        MFA_REQUIRED="false",
        # plain HTTP on 127.0.0.1, whatever a .env of the checkout says
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        BEHIND_TLS_PROXY="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


# a new key each run, long enough for the portal's own check outside DEBUG
SECRET_KEY = secrets.token_urlsafe(50)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn as in production: 2 sync workers (they beat threads on 2 cores)."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.process = env, log, None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "gunicorn"),
                    "psep_portal.wsgi:application",
                    "--chdir",
                    str(ROOT),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "60",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                # its own process group: Ctrl-C reaches us, and we stop it with its workers
                start_new_session=True,
            )
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failed(f"gunicorn stopped at start:\n{tail(self.log)}")
            with suppress(OSError):
                if get(f"{self.base}/healthz").status == 200:
                    return
            time.sleep(0.3)
        raise Failed(f"gunicorn did not answer within 60 s:\n{tail(self.log)}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def get(url: str, cookie: str = ""):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    response = urllib.request.urlopen(request, timeout=120)  # noqa: S310 (our own server)
    response.read()
    response.close()
    return response


def drain(base: str) -> None:
    """Wait until the workers have answered what the stopped clients left in the queue: a
    sync worker finishes every request it accepted, so the next page would otherwise be
    measured behind the last one's backlog."""
    quick, deadline = 0, time.monotonic() + 180
    while quick < 4 and time.monotonic() < deadline:
        start = time.perf_counter()
        get(f"{base}/healthz")
        quick = quick + 1 if time.perf_counter() - start < 0.05 else 0


# --- load ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    cookie: str = ""
    # texts the page shows: the answer is this page, not an error, the log-in page or, for a
    # draft, the page without its editing controls
    markers: tuple[str, ...] = ()


def warm_up(base: str, page: Page) -> None:
    """Every worker has served the page (templates compiled, caches filled), and it is the
    page expected."""
    for _ in range(4):
        request = urllib.request.Request(  # noqa: S310
            base + page.path, headers={"Cookie": page.cookie} if page.cookie else {}
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            body = response.read().decode("utf-8", errors="replace")
            if response.status != 200 or response.url != base + page.path:
                raise Failed(f"{page.path}: HTTP {response.status} at {response.url}")
            for marker in page.markers:
                if marker not in body:
                    raise Failed(f"{page.path}: the page does not show «{marker}»")


def load(base: str, page: Page, *, seconds: int, tmp: Path) -> list[Load]:
    results = []
    for clients in CLIENTS:
        prefix = tmp / f"locust-{next(RUNS)}"
        log_path = Path(f"{prefix}.log")
        with open(log_path, "wb") as log:
            done = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(Path(__file__).with_name("locustfile.py")),
                    "--headless",
                    "--users",
                    str(clients),
                    "--spawn-rate",
                    str(clients),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    base,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    # figures from when every client is there, not while they arrive
                    "--reset-stats",
                    "--loglevel",
                    "ERROR",
                    "--exit-code-on-error",
                    "0",
                ],
                env={**os.environ, "BENCH_PATH": page.path, "BENCH_COOKIE": page.cookie},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
                timeout=seconds + 120,
            )
        if done.returncode != 0:
            raise Failed(f"the load generator failed on {page.path}:\n{tail(log_path)}")
        result = read_stats(Path(f"{prefix}_stats.csv"), page=page.name, clients=clients)
        print(
            f"    {page.name}, {clients} clients: {result.rps:.1f} req/s, p50 {result.p50:.0f} ms, "
            f"p95 {result.p95:.0f} ms, p99 {result.p99:.0f} ms, {result.errors} errors",
            flush=True,
        )
        results.append(result)
        drain(base)
    return results


# --- what one answer costs ------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (fields 14 and 15 of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def serving_cpu(server: Server) -> dict[int, float]:
    """CPU time so far of each gunicorn worker and each PostgreSQL backend of the database."""
    import psycopg

    pid = server.process.pid
    pids = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE]
        ).fetchall()
    pids += [row[0] for row in rows]
    times = {}
    for p in pids:
        with suppress(OSError):  # gone in between: its time is lost, not wrong
            times[p] = _cpu_seconds(p)
    return times


def one_at_a_time(server: Server, page: Page, *, budget: float = 3.0) -> tuple[float, float]:
    """Milliseconds of CPU the workers and their database backends spend on one answer, and
    milliseconds until it arrives, asked for one at a time. The CPU time, unlike the
    throughput under load, is hardly moved by other work on the machine: the figure to compare
    when the machine was busy."""
    before, answers, started = serving_cpu(server), 0, time.monotonic()
    while answers < 5 or (answers < 200 and time.monotonic() - started < budget):
        browser.fetch(server.base + page.path, cookie=page.cookie, compressed=True)
        answers += 1
    elapsed, after = time.monotonic() - started, serving_cpu(server)
    spent = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return spent * 1000 / answers, elapsed * 1000 / answers


# --- the run -------------------------------------------------------------------------------


def cache_backend(env: dict) -> str:
    """The cache the served portal really has (an older portal ignores CACHE_URL)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def lighthouse_runs(binary: Path, url: str, cookie: str, runs: int, tmp: Path) -> str:
    """The line to print: the medians of `runs` runs, or why they failed. A run that fails is
    tried again (up to `runs` more times): on a busy machine Lighthouse now and then loses
    the page's trace."""
    results, error = [], ""
    for _ in range(2 * runs):
        try:
            result = browser.lighthouse(binary, url, cookie=cookie, out=tmp / "lh.json")
        except (RuntimeError, subprocess.TimeoutExpired) as failure:
            error = str(failure)
            continue
        if result["final_url"] != url:
            return f"FAILED: it ended at {result['final_url']}"
        results.append(result)
        if len(results) == runs:
            return lighthouse_line(lighthouse_summary(results))
    # the load figures are worth printing all the same
    return f"FAILED: {error}"


def chosen(page: Page, only: list[str]) -> bool:
    """Whether `--only` asks for the page: its name holds one of the texts given."""
    return any(text in page.name for text in only)


def run(args, tmp: Path) -> bool:
    """Prints the figures; True if a part of them failed."""
    started, load_before = time.monotonic(), os.getloadavg()[0]
    say("checking PostgreSQL, Redis and Chromium")
    check_services()
    if not os.access(browser.CHROMIUM, os.X_OK):
        raise Failed(
            f"{browser.CHROMIUM} is missing: install Debian's chromium "
            "(bash scripts/setup.sh --test does)"
        )
    lighthouse_binary, lighthouse_missing = None, "not asked for (--no-lighthouse)"
    if args.lighthouse:
        say("Lighthouse (npm, cached in ~/.cache/psep-portal/lighthouse)")
        lighthouse_binary, lighthouse_missing = browser.lighthouse_install()
        if lighthouse_binary is None:
            print(f"    Lighthouse is skipped: {lighthouse_missing}", flush=True)

    database_drop()  # left over by a run that was killed too hard to clean up
    database_create()
    redis_flush()
    warm_env = environment(tmp, REDIS_URL)
    say(f"database {DATABASE}: migrations, static files, the demo, the programmes of 300")
    started_prepare = time.monotonic()
    prepared = tmp / "prepared.json"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "benchmarks.load.prepare", str(prepared)],
        env=warm_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Failed(f"preparing the data failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
    data = json.loads(prepared.read_text(encoding="utf-8"))
    print(f"    ready in {time.monotonic() - started_prepare:.0f} s", flush=True)
    paths, cookie, n = data["paths"], data["cookie"], data["activities"]
    direction, activity = data["direction_marker"], data["activity_marker"]
    pages = [
        Page(BARE, "/bench/bare/"),
        Page("home /ru/", paths["home"]),
        Page("public, demo programme", paths["public_demo"]),
        Page(f"public, {n} activities", paths["public_300"], markers=(activity,)),
    ]
    # the approved plan (frozen, no controls) and the draft as its chair edits it: the page
    # people wait on, with a form or a button on every line
    for state, editing in (("approved", ()), ("draft", (data["edit_marker"],))):
        plan = paths[f"plan_{state}"]
        pages += [
            Page(f"plan {state}, {n} activities, as opened", plan, cookie, (direction, *editing)),
            Page(
                f"plan {state}, {n} activities, all open",
                plan + PLAN_ALL_OPEN,
                cookie,
                (activity, *editing),
            ),
        ]
    cold = Page(f"public, {n} activities, no cache", paths["public_300"])
    if args.only:  # the bare view is always measured: every ratio is to it
        pages = [page for page in pages if page.name == BARE or chosen(page, args.only)]

    loads: list[Load] = []
    weights: list[Weight] = []
    lighthouse_results: dict[str, str] = {}
    server = None
    try:
        backend = cache_backend(warm_env)
        say(f"gunicorn, cache {REDIS_URL} (the portal's cache: {backend})")
        server = Server(warm_env, tmp / "gunicorn.log")
        server.start()
        for page in pages:
            warm_up(server.base, page)
        for page in pages:
            say(f"load: {page.name} ({page.path})")
            loads += load(server.base, page, seconds=args.duration, tmp=tmp)

        say("what one answer costs, asked for one at a time")
        alone = {page.name: one_at_a_time(server, page) for page in pages}
        say("what the pages weigh: HTML as sent, DOM nodes in Chromium")
        nodes = browser.dom_nodes(
            {page.name: server.base + page.path for page in pages[1:] if not page.cookie},
            {page.name: server.base + page.path for page in pages[1:] if page.cookie},
            base=server.base,
            cookie=(data["cookie_name"], data["cookie_value"]),
        )
        weights.append(Weight(BARE, *alone[BARE]))
        for page in pages[1:]:
            _, raw = browser.fetch(server.base + page.path, cookie=page.cookie)
            _, packed = browser.fetch(server.base + page.path, cookie=page.cookie, compressed=True)
            weights.append(
                Weight(page.name, *alone[page.name], len(raw), len(packed), nodes.get(page.name))
            )

        for page in pages:
            if lighthouse_binary is None or not page.cookie:
                continue
            say(
                f"Lighthouse: {page.name} (mobile, a slow phone simulated), {args.lighthouse_runs}×"
            )
            lighthouse_results[page.name] = lighthouse_runs(
                lighthouse_binary, server.base + page.path, cookie, args.lighthouse_runs, tmp
            )
    finally:
        if server is not None:
            server.stop()

    if not args.only or chosen(cold, args.only):
        cold_env = environment(tmp, COLD_CACHE_URL)
        backend = cache_backend(cold_env)
        say(f"gunicorn again, cache {COLD_CACHE_URL} (the portal's cache: {backend})")
        server = Server(cold_env, tmp / "gunicorn-cold.log")
        try:
            server.start()
            # the bare view again, on this server and just before the page it is compared with
            bare = pages[0]
            for page in (bare, cold):
                warm_up(server.base, page)
            for page in (bare, cold):
                say(f"load: {page.name} ({page.path}), cache {COLD_CACHE_URL}")
                loads += load(server.base, page, seconds=args.duration, tmp=tmp)
            weights.append(Weight(cold.name, *one_at_a_time(server, cold)))
        finally:
            server.stop()

    print()
    print(
        f"Load: {args.duration} s per row, gunicorn 2 sync workers, PostgreSQL, cache "
        f"{REDIS_URL} (the rows from the second «bare view» on: {COLD_CACHE_URL}); ratio = "
        "req/s of the page / req/s of the bare view measured last before it, at the same "
        "number of clients"
    )
    print(load_table(loads))
    print()
    print(
        "Per answer, asked for one at a time: CPU ms of the workers and PostgreSQL (compare "
        "this when the machine was busy) and ms until it arrived; HTML as sent; DOM elements "
        "once loaded in Chromium:"
    )
    print(weight_table(weights))
    print()
    if not lighthouse_results:
        print(f"Lighthouse: {lighthouse_missing}")
    for name, result in lighthouse_results.items():
        print(f"Lighthouse, {name}, mobile: {result}")
    print(f"Demo programme: {data['demo_programme']}")
    print(
        f"Whole run: {time.monotonic() - started:.0f} s; machine load (1-minute average) "
        f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        f"{os.cpu_count()} CPUs: other work on the machine lowers every figure"
    )
    return any(result.startswith("FAILED") for result in lighthouse_results.values())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument(
        "--duration", type=int, default=15, help="seconds of load per page and client count"
    )
    parser.add_argument(
        "--no-lighthouse", dest="lighthouse", action="store_false", help="skip Lighthouse"
    )
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (the median)"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the pages whose name holds TEXT (repeatable; e.g. «no cache», "
        "«public»): the bare view is always measured",
    )
    args = parser.parse_args(argv)

    def stop(signum, frame):
        raise KeyboardInterrupt

    # a TERM (from a CI timeout, say) cleans up like Ctrl-C does; and Ctrl-C does even when
    # the shell that started us ignores it (a background job of a script)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    tmp = Path(tempfile.mkdtemp(prefix="psep-bench-load-"))
    try:
        return 1 if run(args, tmp) else 0
    except Failed as error:
        print(f"\nbench-load FAILED: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench-load interrupted", file=sys.stderr)
        return 130
    finally:
        try:
            database_drop()
        except Exception as error:  # whatever it is, say it and go on
            print(f"bench-load could not drop the database {DATABASE}: {error}", file=sys.stderr)
        with suppress(Exception):
            redis_flush()
        shutil.rmtree(tmp, ignore_errors=True)
