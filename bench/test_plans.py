"""The lists' filters and orderings use an index at a state's size (issue 14): each query's
plan from `EXPLAIN (ANALYZE)` on the large PostgreSQL database, into bench/results.md.

A sequential scan is accepted on a table of fewer than SEQ_SCAN_ROWS rows (there it is the
planner's right choice); on a larger table that a list reads, it is a missing index.
"""

from __future__ import annotations

import datetime

import pytest

from bench import harness
from bench.test_pages import LARGE
from vereinsforum.testing.bench import bench_size

pytestmark = [pytest.mark.bench]

SEQ_SCAN_ROWS = 10_000


def test_the_lists_queries_use_their_indexes():
    if not harness.postgres_available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432 (query plans are its own)")
    db = harness.database("postgresql", LARGE)
    harness.prepare(db)
    found = harness.probe(db, "plans")["plans"]
    lines = [
        f"{datetime.date.today()}, {harness.machine()}, postgresql, {LARGE} associations; "
        "EXPLAIN (ANALYZE) of each query as the code builds it",
        "",
        "| query | table | rows | scans | ms |",
        "|---|---|---:|---|---:|",
    ]
    unindexed = []
    for name, plan in found.items():
        scans = ", ".join(f"{s['scan']} {s['index'] or s['table']}".strip() for s in plan["scans"])
        lines.append(f"| {name} | {plan['table']} | {plan['rows']} | {scans} | {plan['ms']:.2f} |")
        if plan["rows"] >= SEQ_SCAN_ROWS and any(
            s["scan"] == "Seq Scan" and s["table"] == plan["table"] for s in plan["scans"]
        ):
            unindexed.append(name)
    harness.write_section(f"Query plans ({bench_size()} size)", lines)
    assert found
    assert unindexed == []
