"""The size the benchmarks run at: `make bench` runs them at full size; CI runs them at a small
size (`make bench BENCH_SIZE=small`) so that every submission executes their assertions.

The targets (seconds, ratios) stay the same at both sizes: a benchmark that misses its target
on the small input misses it on the large one too.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vereinsforum.needs.evaluation import WaveData

SIZES = ("full", "small")


def bench_size() -> str:
    size = os.environ.get("BENCH_SIZE", "full") or "full"
    if size not in SIZES:
        raise ValueError(f"BENCH_SIZE must be one of {', '.join(SIZES)}, not {size!r}.")
    return size


def scaled(full: int, small: int) -> int:
    """`full` for `make bench`, `small` when BENCH_SIZE=small."""
    return small if bench_size() == "small" else full


def random_wave(n: int, k: int = 7, *, seed: int = 5000) -> WaveData:
    """`n` random interviews over `k` fields (answers 1–5, 40 % willing), for timing the
    needs evaluation; the same for the same seed."""
    import numpy as np

    from vereinsforum.needs.evaluation import WaveData

    rng = np.random.default_rng(seed)
    return WaveData(
        field_keys=[f"f{j}" for j in range(k)],
        field_names=[f"Feld {j}" for j in range(k)],
        organisation_ids=list(range(n)),
        organisation_names=[f"Verein {i}" for i in range(n)],
        need=rng.integers(1, 6, (n, k)),
        competence=rng.integers(1, 6, (n, k)),
        willing=rng.random((n, k)) < 0.4,
        capacity=rng.integers(0, 4, (n, k)),
    )
