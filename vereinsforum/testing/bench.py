"""The size the benchmarks run at: `make bench` runs them at full size; CI runs them at a small
size (`make bench BENCH_SIZE=small`) so that every submission executes their assertions.

The targets (seconds, ratios) stay the same at both sizes: a benchmark that misses its target
on the small input misses it on the large one too.
"""

from __future__ import annotations

import os

SIZES = ("full", "small")


def bench_size() -> str:
    size = os.environ.get("BENCH_SIZE", "full") or "full"
    if size not in SIZES:
        raise ValueError(f"BENCH_SIZE must be one of {', '.join(SIZES)}, not {size!r}.")
    return size


def scaled(full: int, small: int) -> int:
    """`full` for `make bench`, `small` when BENCH_SIZE=small."""
    return small if bench_size() == "small" else full
