"""Algorithms and documents, in-process (issue 14): the needs evaluation of 5,000 interviews,
Schulze and dot counting over 3,000 ballots × 30 options, the tandem matching, and the
council paper as PDF and as DOCX built from the database at state scale. Run by `make
bench`; `BENCH_SIZE=small` runs them on a tenth of the input (and the papers on the
120-association database).

Each algorithm is timed a few times on the same input; the table gives the best and the
median. The paper is built in its own process on the bench database (`bench/probe.py
documents`): the first build there (imports, fonts) and the warm ones after it. The figures
go to bench/results.md.

Targets: needs < 5 s, counting < 0.5 s, tandems as in tandems/tests/test_bench.py (the
large instance < 30 s of CPU, the realistic one < 0.2 s), the PDF ≤ 1.5 s warm.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bench import harness
from vereinsforum.testing.bench import bench_size, random_wave, scaled

pytestmark = [pytest.mark.bench]

REPEATS = 3
LARGE = scaled(3000, 120)
ROWS: list[dict[str, Any]] = []


def _timed(run: Callable[[], Any], *, repeats: int = REPEATS, cpu: bool = False) -> list[float]:
    """Seconds of each of `repeats` runs (CPU seconds of this process with `cpu`)."""
    clock = time.process_time if cpu else time.perf_counter
    seconds = []
    for _ in range(repeats):
        start = clock()
        run()
        seconds.append(clock() - start)
    return seconds


def _row(what: str, size: str, seconds: list[float], target: float | None, note: str = "") -> None:
    ROWS.append(
        {
            "what": what,
            "size": size,
            "best": min(seconds),
            "median": statistics.median(seconds),
            "target": target,
            "note": note,
        }
    )


def test_needs_evaluation_of_5000_interviews():
    from vereinsforum.needs.evaluation import evaluate

    n, k = scaled(5000, 500), 7
    data = random_wave(n, k)
    evaluate(data)  # warm-up: scipy's import, first allocations
    seconds = _timed(lambda: evaluate(data))
    _row("needs evaluation (B = 2000, clustering)", f"{n} interviews × {k} fields", seconds, 5.0)
    assert max(seconds) < 5.0


def test_schulze_and_dots_over_3000_ballots_and_30_options():
    from vereinsforum.forum.counting.tally import tally_dots, tally_ranked
    from vereinsforum.forum.tests.test_counting import weak_ballot

    rng = random.Random(3000)
    n, voters = 30, scaled(3000, 300)
    ballots = [weak_ballot(rng, n) for _ in range(voters)]
    points = np.array([[rng.randint(0, 3) for _ in range(n)] for _ in range(voters)])

    def count() -> None:
        assert tally_ranked(ballots, n)["schulze"].ballots == voters
        assert tally_dots(points).ballots == voters

    count()
    seconds = _timed(count)
    _row("forum counting (Schulze, Borda, dots)", f"{voters} ballots × {n} options", seconds, 0.5)
    assert max(seconds) < 0.5


def test_tandem_matching():
    from vereinsforum.tandems.matching import Weights, solve
    from vereinsforum.tandems.tests.test_bench import _instance

    mentees, mentors = scaled(5000, 500), scaled(1000, 100)
    large = _instance(mentees, mentors, 3, 7, seed=5000)
    found: list[Any] = []
    seconds = _timed(lambda: found.append(solve(large, Weights(max_distance_km=12))), cpu=True)
    size = f"{mentees} mentees × {mentors} mentors × 3 places × 7 fields"
    _row("tandem matching, optimal (CPU s)", size, seconds, 30.0, found[-1].method)
    assert len(found[-1].pairings) == 7 * 3 * mentors
    assert max(seconds) < 30.0
    small = _instance(100, 30, 2, 7, seed=100)
    solve(small, Weights())
    realistic = _timed(lambda: solve(small, Weights()))
    _row("tandem matching, a realistic programme", "100 × 30 × 2 places × 7 fields", realistic, 0.2)
    capped = _timed(lambda: solve(small, Weights(max_per_mentee=3)), cpu=True)
    _row("the same, ≤ 3 tandems per mentee (milp, CPU s)", "100 × 30 × 2 × 7", capped, 1.0)
    assert max(realistic) < 0.2 and max(capped) < 1.0


@pytest.fixture(scope="module")
def bench_db() -> harness.Database:
    engine = "postgresql" if harness.postgres_available() else "sqlite"
    db = harness.database(engine, LARGE)
    harness.prepare(db)
    return db


def test_the_council_paper_as_pdf_and_docx(bench_db):
    probed = harness.probe(bench_db, "documents", str(REPEATS))
    size = f"{bench_db.associations} associations, {bench_db.engine}"
    for key, label, target in (
        ("pdf", "PDF", 1.5),
        ("docx", "DOCX", None),
        ("pdf today", "PDF, as of today", 1.5),
        ("docx today", "DOCX, as of today", None),
    ):
        result = probed[key]
        what = f"council paper {probed['report']} as {label}"
        if "today" not in key:
            what += f" (as of {probed['drafted_as_of']})"
        note = f"first build in the process {result['cold_s']:.2f} s; {result['bytes']:,} bytes"
        _row(what, size, result["warm_s"], target, note)
    _row(
        "the waves' stored evaluations made current (once per change)",
        size,
        [probed["stored_evaluations_s"]],
        None,
        "reading them from the cache when they are current",
    )
    _write(bench_db)
    assert statistics.median(probed["pdf"]["warm_s"]) <= 1.5
    assert statistics.median(probed["pdf today"]["warm_s"]) <= 1.5


def _write(db: harness.Database) -> None:
    lines = [
        f"{datetime.date.today()}, {harness.machine()}; papers on {db.engine} with "
        f"{db.associations} associations. Best and median of {REPEATS} runs, in-process, "
        "after a warm-up.",
        "",
        "| what | size | seconds (best / median) | target | note |",
        "|---|---|---:|---:|---|",
    ]
    for row in ROWS:
        target = "" if row["target"] is None else f"{'≤' if 'PDF' in row['what'] else '<'} "
        target += "" if row["target"] is None else f"{row['target']:g} s"
        lines.append(
            f"| {row['what']} | {row['size']} | {row['best']:.3f} / {row['median']:.3f} | "
            f"{target} | {row['note']} |"
        )
    harness.write_section(f"Algorithms and documents ({bench_size()} size)", lines)
