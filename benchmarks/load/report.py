"""Reading the load generator's figures and printing the benchmark's tables (no Django, no
server: the tests check these on their own)."""

import csv
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
    not."""
    bare = {load.clients: load.rps for load in loads if load.page == BARE}
    return {
        (load.page, load.clients): load.rps / bare[load.clients]
        for load in loads
        if bare.get(load.clients)
    }


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
    """What one page weighs in the browser."""

    page: str
    raw: int
    gzip: int
    dom_nodes: int | None


def weight_table(weights: list[Weight]) -> str:
    rows = [
        [
            w.page,
            f"{w.raw:,}".replace(",", " "),
            f"{w.gzip:,}".replace(",", " "),
            "—" if w.dom_nodes is None else f"{w.dom_nodes:,}".replace(",", " "),
        ]
        for w in weights
    ]
    return _table(["page", "HTML bytes", "gzip bytes", "DOM nodes"], rows)
