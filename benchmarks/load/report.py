"""Reading the load generator's figures and printing the benchmark's tables (no Django, no
server: the tests check these on their own)."""

import csv
import statistics
from dataclasses import dataclass
from pathlib import Path

BARE = "bare view"


@dataclass(frozen=True)
class Load:
    """One page at one number of clients."""

    page: str
    clients: int
    requests: int
    errors: int
    rps: float
    p50: float
    p95: float
    p99: float


def read_stats(path: Path, *, page: str, clients: int) -> Load:
    """The totals of one run from the `<prefix>_stats.csv` the load generator writes with
    `--csv <prefix>` (times in milliseconds)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total = next((row for row in rows if row["Name"] == "Aggregated"), None)
    if total is None:
        raise ValueError(f"{path}: no Aggregated row (did the run send any request?)")

    def number(column: str) -> float:
        value = total[column]
        # a percentile of a run without any request is "N/A"
        return float(value) if value not in ("", "N/A") else float("nan")

    return Load(
        page=page,
        clients=clients,
        requests=int(total["Request Count"]),
        errors=int(total["Failure Count"]),
        rps=number("Requests/s"),
        p50=number("50%"),
        p95=number("95%"),
        p99=number("99%"),
    )


def ratios(loads: list[Load]) -> dict[tuple[str, int], float]:
    """Each page's requests per second as a share of the bare view's at the same number of
    clients, in the same run: comparable between machines and commits where raw figures are
    not. `loads` in the order they were measured: a page is compared with the bare view
    measured last before it (measured again before a page another server serves, so that
    the machine's drift between the two servers does not count)."""
    bare: dict[int, float] = {}
    shares = {}
    for load in loads:
        if load.page == BARE:
            bare[load.clients] = load.rps
        if bare.get(load.clients):
            shares[load.page, load.clients] = load.rps / bare[load.clients]
    return shares


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    return "\n".join([line(header), *(line(row) for row in rows)])


def load_table(loads: list[Load]) -> str:
    share = ratios(loads)
    rows = []
    for load in loads:
        ratio = share.get((load.page, load.clients))
        rows.append(
            [
                load.page,
                str(load.clients),
                f"{load.rps:.1f}",
                f"{load.p50:.0f}",
                f"{load.p95:.0f}",
                f"{load.p99:.0f}",
                str(load.errors),
                f"{load.requests}",
                "—" if ratio is None else f"{ratio:.4f}",
            ]
        )
    header = ["page", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "requests"]
    return _table([*header, "ratio to bare"], rows)


@dataclass(frozen=True)
class Weight:
    """What one answer costs the server and weighs in the browser (None: not measured)."""

    page: str
    cpu_ms: float
    alone_ms: float
    raw: int | None = None
    gzip: int | None = None
    dom_nodes: int | None = None


def _count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}".replace(",", " ")


def weight_table(weights: list[Weight]) -> str:
    rows = [
        [
            w.page,
            f"{w.cpu_ms:.1f}",
            f"{w.alone_ms:.1f}",
            _count(w.raw),
            _count(w.gzip),
            _count(w.dom_nodes),
        ]
        for w in weights
    ]
    header = ["page", "CPU ms", "1 client ms", "HTML bytes", "gzip bytes", "DOM nodes"]
    return _table(header, rows)


LIGHTHOUSE_FIGURES = (
    "score",
    "total_blocking_time",
    "first_contentful_paint",
    "largest_contentful_paint",
    "speed_index",
    "dom_size",
)


def lighthouse_summary(runs: list[dict]) -> dict:
    """The median of each figure over several runs (one run varies with the machine's load),
    with the lowest and highest total blocking time and the scores of the runs."""
    summary = {key: statistics.median(run[key] for run in runs) for key in LIGHTHOUSE_FIGURES}
    blocking = [run["total_blocking_time"] for run in runs]
    summary.update(
        runs=len(runs),
        scores=[run["score"] for run in runs],
        tbt_low=min(blocking),
        tbt_high=max(blocking),
    )
    return summary


def lighthouse_line(s: dict) -> str:
    scores = ", ".join(str(score) for score in s["scores"])
    return (
        f"performance {s['score']:.0f} (runs: {scores}), total blocking time "
        f"{s['total_blocking_time']:.0f} ms ({s['tbt_low']:.0f}–{s['tbt_high']:.0f}), FCP "
        f"{s['first_contentful_paint']:.0f} ms, LCP {s['largest_contentful_paint']:.0f} ms, "
        f"speed index {s['speed_index']:.0f} ms, DOM {s['dom_size']:.0f} elements "
        f"(median of {s['runs']})"
    )
