"""Benchmark: 5,000 interviews × 7 fields, bootstrap (B=2000) and clustering included."""

from __future__ import annotations

import time

import pytest

from vereinsforum.needs.evaluation import evaluate
from vereinsforum.testing.bench import random_wave, scaled


@pytest.mark.bench
def test_evaluating_5000_interviews_takes_under_five_seconds():
    n, k = scaled(5000, 500), 7
    data = random_wave(n, k)
    start = time.perf_counter()
    evaluation = evaluate(data)
    elapsed = time.perf_counter() - start
    print(
        f"\nneeds evaluation, {n} interviews x 7 fields, B=2000, clustering k=2..6: {elapsed:.2f} s"
    )
    assert evaluation.n == n and evaluation.clustering is not None
    assert evaluation.n_resamples == 2000
    assert elapsed < 5.0
