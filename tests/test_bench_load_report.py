"""The load benchmark's tables (`make bench-load`): its figures are read from what the load
generator writes and each page is given as a share of the bare view at the same number of
clients. The load itself is never run in the tests."""

import math

import pytest

from benchmarks.load.report import (
    BARE,
    Load,
    Weight,
    lighthouse_line,
    lighthouse_summary,
    load_table,
    ratios,
    read_stats,
    weight_table,
)

# What locust 2.47 writes with --csv (the file <prefix>_stats.csv), times in milliseconds.
STATS = """\
Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,\
80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,/ru/p/8/plan/,80,2,1500,1512.3,900.1,3800.2,239055.0,5.31,0.13,1500,1600,1600,1700,1800,\
1800,2100,3800,3800,3800,3800
,Aggregated,80,2,1500,1512.3,900.1,3800.2,239055.0,5.31,0.13,1500,1600,1600,1700,1800,1800,\
2100,3800,3800,3800,3800
"""


def test_the_totals_of_a_run_are_read_from_the_aggregated_row(tmp_path):
    path = tmp_path / "run_stats.csv"
    path.write_text(STATS, encoding="utf-8")
    load = read_stats(path, page="plan", clients=8)
    assert load == Load(
        page="plan", clients=8, requests=80, errors=2, rps=5.31, p50=1500, p95=1800, p99=3800
    )


def test_a_run_without_any_answer_has_no_percentiles_and_says_so(tmp_path):
    empty = tmp_path / "empty_stats.csv"
    empty.write_text(STATS.splitlines()[0] + "\n,Aggregated,0,0,0,0,0,0,0,0,0" + ",N/A" * 11)
    load = read_stats(empty, page="plan", clients=32)
    assert (load.requests, load.rps) == (0, 0)
    assert math.isnan(load.p99)
    headers_only = tmp_path / "headers_stats.csv"
    headers_only.write_text(STATS.splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no Aggregated row"):
        read_stats(headers_only, page="plan", clients=32)


def _load(page, clients, rps):
    return Load(page, clients, requests=100, errors=0, rps=rps, p50=10, p95=20, p99=30)


def test_each_page_is_a_share_of_the_bare_view_at_the_same_number_of_clients():
    loads = [
        _load(BARE, 8, 400.0),
        _load(BARE, 32, 500.0),
        _load("home", 8, 300.0),
        _load("home", 32, 250.0),
        _load("plan", 64, 5.0),  # no bare view at 64 clients: no ratio
    ]
    assert ratios(loads) == {
        (BARE, 8): 1.0,
        (BARE, 32): 1.0,
        ("home", 8): 0.75,
        ("home", 32): 0.5,
    }
    table = load_table(loads).splitlines()
    assert table[0].split() == [
        "page",
        "clients",
        "req/s",
        "p50",
        "ms",
        "p95",
        "ms",
        "p99",
        "ms",
        "errors",
        "requests",
        "ratio",
        "to",
        "bare",
    ]
    assert table[3].split() == ["home", "8", "300.0", "10", "20", "30", "0", "100", "0.7500"]
    assert table[5].split()[-1] == "—"


def test_a_page_is_compared_with_the_bare_view_measured_last_before_it():
    # the second server (the page built without the cache) has its own bare view, measured
    # just before it on a machine that may have slowed down meanwhile
    loads = [
        _load(BARE, 8, 1000.0),
        _load("home", 8, 500.0),
        _load(BARE, 8, 800.0),
        _load("no cache", 8, 40.0),
    ]
    shares = ratios(loads)
    assert shares["home", 8] == 0.5
    assert shares["no cache", 8] == 0.05
    table = load_table(loads).splitlines()
    assert [row.split()[-1] for row in table[1:]] == ["1.0000", "0.5000", "1.0000", "0.0500"]


def test_the_weights_are_printed_with_thousands_apart_and_a_dash_for_what_was_not_measured():
    table = weight_table(
        [Weight("plan", 412.25, 530.0, 239055, 11327, 5097), Weight(BARE, 1.04, 2.5)]
    )
    assert table.splitlines()[1].split() == [
        "plan",
        "412.2",
        "530.0",
        "239",
        "055",
        "11",
        "327",
        "5",
        "097",
    ]
    assert table.splitlines()[2].split() == ["bare", "view", "1.0", "2.5", "—", "—", "—"]


def _lighthouse(score, tbt):
    return {
        "score": score,
        "total_blocking_time": tbt,
        "first_contentful_paint": 900.0,
        "largest_contentful_paint": 950.0,
        "speed_index": 1000.0,
        "dom_size": 5093,
    }


def test_lighthouse_gives_the_median_of_its_runs_and_the_spread_of_the_blocking_time():
    summary = lighthouse_summary(
        [_lighthouse(94, 282.4), _lighthouse(99, 98.0), _lighthouse(100, 45.1)]
    )
    assert summary["score"] == 99
    assert summary["total_blocking_time"] == 98.0
    assert (summary["tbt_low"], summary["tbt_high"]) == (45.1, 282.4)
    assert lighthouse_line(summary) == (
        "performance 99 (runs: 94, 99, 100), total blocking time 98 ms (45–282), FCP 900 ms, "
        "LCP 950 ms, speed index 1000 ms, DOM 5093 elements (median of 3)"
    )
