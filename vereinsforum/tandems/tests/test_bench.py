"""Benchmarks of the tandem matching (run by `make bench`).

- 5,000 mentees × 1,000 mentors × capacity 3 × 7 fields, all fields in one call, optimal:
  under 30 s of CPU (the wall-clock time is printed too; it is the same on an idle machine).
- A realistic programme: 100 mentees × 30 mentors in every one of 7 fields: under 0.2 s;
  and the same with a cap per mentee across fields (one milp over all fields).

Each mentee needs all seven fields and every mentor offers all seven: the largest instance
of its size. Nothing is thinned: every eligible pair is in the solver's input.
"""

from __future__ import annotations

import random
import time

import pytest

from vereinsforum.tandems.districts import NAMES
from vereinsforum.tandems.matching import FieldProblem, Party, Weights, solve
from vereinsforum.testing.bench import scaled

LANGUAGES = ["tr", "ku", "ru", "ar", "el", "it", "pl", "fa", "sr", "fr", "en", "es"]
COMMUNITIES = ["türkisch", "kurdisch", "russischsprachig", "arabisch", "griechisch", "polnisch"]


def _party(rng: random.Random, org_id: int, competence: int, **extra) -> Party:
    return Party(
        organisation_id=org_id,
        name=f"Verein {org_id}",
        competence=competence,
        district=rng.choice([*NAMES, ""]),  # some unknown districts
        languages=frozenset({"de", *rng.sample(LANGUAGES, rng.randint(1, 2))}),
        communities=frozenset(rng.sample(COMMUNITIES, 1)),
        **extra,
    )


def _instance(n_mentees: int, n_mentors: int, capacity: int, fields: int, seed: int):
    rng = random.Random(seed)
    problems = []
    for k in range(fields):
        mentees = [
            _party(rng, i, rng.randint(1, 3), need=rng.randint(3, 5)) for i in range(n_mentees)
        ]
        mentors = [
            _party(rng, 100_000 + i, rng.randint(4, 5), capacity=capacity) for i in range(n_mentors)
        ]
        problems.append(FieldProblem(f"field{k}", mentors, mentees))
    return problems


def _timed(problems, weights):
    """The solution, the wall-clock seconds and the CPU seconds of this process (the solver
    runs on one thread, so on an idle machine the two agree; on a machine shared with other
    jobs the CPU time is what the solver itself needs)."""
    start, cpu = time.perf_counter(), time.process_time()
    solution = solve(problems, weights)
    return solution, time.perf_counter() - start, time.process_time() - cpu


@pytest.mark.bench
def test_5000_mentees_1000_mentors_capacity_3_seven_fields_under_30_seconds():
    mentees, mentors = scaled(5000, 500), scaled(1000, 100)
    problems = _instance(mentees, mentors, 3, 7, seed=5000)
    solution, elapsed, cpu = _timed(problems, Weights(max_distance_km=12))
    print(
        f"\ntandems, {mentees} mentees x {mentors} mentors x capacity 3 x 7 fields, optimal "
        f"({solution.method}): {elapsed:.2f} s wall, {cpu:.2f} s CPU, "
        f"{len(solution.pairings)} tandems, benefit {solution.total_benefit:.1f}"
    )
    # 3,000 places per field for 5,000 mentees (300 for 500): every place is used.
    assert len(solution.pairings) == 7 * 3 * mentors
    assert cpu < 30.0


@pytest.mark.bench
def test_a_realistic_programme_under_a_fifth_of_a_second():
    problems = _instance(100, 30, 2, 7, seed=100)
    solve(problems, Weights())  # warm-up: imports, first allocations
    solution, elapsed, cpu = _timed(problems, Weights())
    print(
        f"\ntandems, 100 mentees x 30 mentors x capacity 2 x 7 fields ({solution.method}): "
        f"{elapsed * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU, {len(solution.pairings)} tandems"
    )
    assert elapsed < 0.2
    capped, capped_elapsed, capped_cpu = _timed(problems, Weights(max_per_mentee=3))
    print(
        f"tandems, the same with at most 3 tandems per mentee across fields "
        f"({capped.method}): {capped_elapsed * 1000:.1f} ms wall, {capped_cpu * 1000:.1f} ms CPU, "
        f"{len(capped.pairings)} tandems"
    )
    assert capped.method == "milp"
    assert capped_cpu < 1.0
