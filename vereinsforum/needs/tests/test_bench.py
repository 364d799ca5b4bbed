"""Benchmark: 5,000 interviews × 7 fields, bootstrap (B=2000) and clustering included."""

from __future__ import annotations

import time

import numpy as np
import pytest

from vereinsforum.needs.evaluation import WaveData, evaluate
from vereinsforum.testing.bench import scaled


@pytest.mark.bench
def test_evaluating_5000_interviews_takes_under_five_seconds():
    rng = np.random.default_rng(5000)
    n, k = scaled(5000, 500), 7
    data = WaveData(
        field_keys=[f"f{j}" for j in range(k)],
        field_names=[f"Feld {j}" for j in range(k)],
        organisation_ids=list(range(n)),
        organisation_names=[f"Verein {i}" for i in range(n)],
        need=rng.integers(1, 6, (n, k)),
        competence=rng.integers(1, 6, (n, k)),
        willing=rng.random((n, k)) < 0.4,
        capacity=rng.integers(0, 4, (n, k)),
    )
    start = time.perf_counter()
    evaluation = evaluate(data)
    elapsed = time.perf_counter() - start
    print(
        f"\nneeds evaluation, {n} interviews x 7 fields, B=2000, clustering k=2..6: {elapsed:.2f} s"
    )
    assert evaluation.n == n and evaluation.clustering is not None
    assert evaluation.n_resamples == 2000
    assert elapsed < 5.0
