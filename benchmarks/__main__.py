"""Benchmarks: `make bench` (or `.venv/bin/python -m benchmarks`).

Times are never asserted in tests; they are measured here and printed as ratios against a
baseline measured in the same run, on the same machine, so that they can be compared between
machines and commits. Runs on a throw-away SQLite database.
"""

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(tmp: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psep_portal.settings")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median seconds of `repeat` runs after one warm-up, and peak memory (MiB) of one run."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from benchmarks import documents, monitoring, plan_page, public_page

        # the public page first: it loads the demo, and leaves nothing behind
        rows = public_page.run(timed)
        rows += plan_page.run(timed) + monitoring.run(timed) + documents.run(timed)
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'median s':>9}  {'ratio':>7}  {'peak MiB':>8}")
    for name, seconds, ratio, peak in rows:
        print(f"{name:<{width}}  {seconds:9.4f}  {ratio:7.2f}  {peak:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
