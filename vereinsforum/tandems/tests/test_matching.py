"""The tandem problem without a database: benefit, eligibility, optimality, explanations."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vereinsforum.tandems.districts import DISTRICTS, NAMES, distance_km, district_index
from vereinsforum.tandems.matching import (
    CLOSENESS_KM,
    FieldProblem,
    Party,
    Weights,
    community_tokens,
    matrices,
    solve,
)


def mentor(i, competence=5, capacity=1, district="Elberfeld", languages=("de",), communities=()):
    return Party(
        organisation_id=i,
        name=f"M{i}",
        competence=competence,
        district=district,
        languages=frozenset(languages),
        communities=frozenset(communities),
        capacity=capacity,
    )


def mentee(i, competence=1, need=5, district="Elberfeld", languages=("de",), communities=()):
    return Party(
        organisation_id=i,
        name=f"E{i}",
        competence=competence,
        district=district,
        languages=frozenset(languages),
        communities=frozenset(communities),
        need=need,
    )


def test_the_districts_are_wuppertals_ten_and_their_distances_are_plausible():
    assert len(DISTRICTS) == 10
    # Elberfeld and Barmen centres are about 4 km apart; Vohwinkel and Langerfeld lie at
    # the two ends of the valley, about 14 km.
    assert 3 < distance_km("Elberfeld", "Barmen") < 5
    assert 12 < distance_km("Vohwinkel", "Langerfeld-Beyenburg") < 16
    assert distance_km("Ronsdorf", "Ronsdorf") == 0
    assert distance_km("elberfeld ", "BARMEN") == distance_km("Elberfeld", "Barmen")
    assert distance_km("Elberfeld", "Düsseldorf") is None
    assert distance_km("", "Barmen") is None
    assert district_index("Mettmann") == -1
    for a, b in itertools.combinations(NAMES, 2):
        assert distance_km(a, b) == pytest.approx(distance_km(b, a))
        assert 0 < distance_km(a, b) < 20


def test_community_tokens_split_and_fold():
    assert community_tokens("türkisch, Jugend") == {"türkisch", "jugend"}
    assert community_tokens(" , ") == frozenset()


def test_benefit_is_the_weighted_sum_of_gap_language_and_closeness():
    weights = Weights(gap=2.0, language=3.0, district=0.5)
    m = mentor(1, competence=5, district="Elberfeld", languages=("tr", "de"))
    e = mentee(2, competence=2, district="Barmen", languages=("tr", "de"))
    mat = matrices([m], [e], weights)
    d = distance_km("Elberfeld", "Barmen")
    assert mat.benefit[0, 0] == pytest.approx(2.0 * 3 + 3.0 * 1 + 0.5 * (1 - d / CLOSENESS_KM))
    assert mat.eligible[0, 0]


def test_german_alone_is_no_shared_language_but_a_community_is():
    m = mentor(1, languages=("de",), communities=("griechisch",))
    e1 = mentee(2, languages=("de",))
    e2 = mentee(3, languages=("de",), communities=("griechisch",))
    mat = matrices([m], [e1, e2], Weights(gap=0, language=1, district=0))
    assert mat.benefit[:, 0].tolist() == [0.0, 1.0]


def test_an_unknown_district_gets_no_bonus_and_is_not_shut_out_by_a_maximum_distance():
    m = mentor(1, district="Vohwinkel")
    near = mentee(2, district="Vohwinkel")
    far = mentee(3, district="Langerfeld-Beyenburg")
    unknown = mentee(4, district="")
    weights = Weights(gap=0, language=0, district=1, min_gap=1, max_distance_km=10)
    mat = matrices([m], [near, far, unknown], weights)
    assert mat.benefit[:, 0].tolist() == [1.0, pytest.approx(1 - mat.distance[1, 0] / 15), 0.0]
    assert mat.eligible[:, 0].tolist() == [True, False, True]
    assert math.isnan(mat.distance[2, 0])


def test_no_self_pairing_and_a_minimum_gap():
    same = mentor(1, competence=5)
    mat = matrices(
        [same],
        [mentee(1, competence=1), mentee(2, competence=4), mentee(3, competence=3)],
        Weights(min_gap=2),
    )
    assert mat.eligible[:, 0].tolist() == [False, False, True]


def test_the_pair_explains_itself():
    m = mentor(
        1, competence=5, district="Elberfeld", languages=("tr", "de"), communities=("türkisch",)
    )
    e = mentee(2, competence=1, need=5, district="Elberfeld", languages=("tr", "ku", "de"))
    [p] = solve([FieldProblem("bookkeeping", [m], [e])], Weights()).pairings
    assert (p.mentor_id, p.mentee_id, p.field_key) == (1, 2, "bookkeeping")
    assert p.gap == 4 and p.mentor_competence == 5 and p.mentee_competence == 1
    assert p.mentee_need == 5
    assert p.shared_languages == ("tr",)  # German does not count
    assert p.shared_communities == ()
    assert p.distance_km == 0.0
    assert (p.benefit_gap, p.benefit_language, p.benefit_district) == (4.0, 1.0, 1.0)
    assert p.benefit == pytest.approx(6.0)


def test_a_hand_computed_optimum():
    # One mentor with one place, another with two; the greedy choice for mentor 10 (its
    # best mentee) would not be optimal if it blocked mentor 11's only good pairs.
    weights = Weights(gap=1, language=0, district=0, min_gap=1)
    mentors = [mentor(10, competence=5, capacity=1), mentor(11, competence=3, capacity=2)]
    mentees = [mentee(1, competence=1), mentee(2, competence=2), mentee(3, competence=1)]
    solution = solve([FieldProblem("f", mentors, mentees)], weights)
    # benefits: 10–1: 4, 10–2: 3, 10–3: 4, 11–1: 2, 11–2: 1, 11–3: 2 → best total 4+2+1=7
    # (10 takes one of the competence-1 mentees, 11 the other and mentee 2).
    assert solution.total_benefit == pytest.approx(7.0)
    assert sorted(p.mentee_id for p in solution.pairings) == [1, 2, 3]


def _brute(problem: FieldProblem, weights: Weights) -> float:
    mentors = sorted(problem.mentors, key=lambda p: p.organisation_id)
    mentees = sorted(problem.mentees, key=lambda p: p.organisation_id)
    mat = matrices(mentors, mentees, weights)
    best = 0.0
    options = [[None, *range(len(mentors))] for _ in mentees]
    for choice in itertools.product(*options):
        used = [0] * len(mentors)
        total = 0.0
        ok = True
        for r, c in enumerate(choice):
            if c is None:
                continue
            if not mat.eligible[r, c] or mat.benefit[r, c] <= 0:
                ok = False
                break
            used[c] += 1
            total += mat.benefit[r, c]
        if ok and all(u <= m.capacity for u, m in zip(used, mentors, strict=True)):
            best = max(best, total)
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_random_fields_are_solved_optimally(seed):
    rng = random.Random(seed)
    districts = [*NAMES[:4], ""]
    langs = ["tr", "el", "ru", "de"]

    def some_languages():
        return tuple(rng.sample(langs, rng.randint(1, 2)))

    mentors = [
        mentor(
            100 + i, rng.randint(3, 5), rng.randint(0, 2), rng.choice(districts), some_languages()
        )
        for i in range(rng.randint(1, 3))
    ]
    mentees = [
        mentee(i, rng.randint(1, 3), 4, rng.choice(districts), some_languages())
        for i in range(rng.randint(1, 5))
    ]
    weights = Weights(
        gap=rng.choice([0.5, 1, 2]),
        language=rng.choice([0, 1, 3]),
        district=rng.choice([0, 1, 2]),
        min_gap=rng.choice([1, 2]),
        max_distance_km=rng.choice([None, 4.0]),
    )
    problem = FieldProblem("f", mentors, mentees)
    solution = solve([problem], weights)
    assert solution.total_benefit == pytest.approx(_brute(problem, weights))
    per_mentee = [p.mentee_id for p in solution.pairings]
    assert len(per_mentee) == len(set(per_mentee))
    for m in mentors:
        assert sum(p.mentor_id == m.organisation_id for p in solution.pairings) <= m.capacity


def test_the_same_input_in_another_order_gives_the_same_pairs():
    rng = random.Random(3)
    mentors = [mentor(100 + i, 5, 2, rng.choice(NAMES)) for i in range(6)]
    mentees = [mentee(i, rng.randint(1, 3), 5, rng.choice(NAMES)) for i in range(20)]
    first = solve([FieldProblem("f", mentors, mentees)], Weights())
    for _ in range(3):
        rng.shuffle(mentors)
        rng.shuffle(mentees)
        again = solve([FieldProblem("f", list(mentors), list(mentees))], Weights())
        assert again.pairings == first.pairings


def test_fixed_pairs_stay_and_use_capacity_and_excluded_pairs_never_return():
    mentors = [mentor(10, competence=5, capacity=1), mentor(11, competence=4, capacity=1)]
    mentees = [mentee(1, competence=1), mentee(2, competence=1)]
    weights = Weights(language=0, district=0)
    free = solve([FieldProblem("f", mentors, mentees)], weights)
    assert len(free.new) == 2
    # 11–1 is agreed (fixed): mentor 11 is full, so mentee 2 can only get mentor 10 …
    fixed = solve([FieldProblem("f", mentors, mentees, fixed=[(11, 1)])], weights)
    assert {(p.mentor_id, p.mentee_id, p.fixed) for p in fixed.pairings} == {
        (11, 1, True),
        (10, 2, False),
    }
    # … and when mentee 2 declined mentor 10, it gets nobody.
    excluded = solve(
        [FieldProblem("f", mentors, mentees, fixed=[(11, 1)], excluded=[(10, 2)])], weights
    )
    assert [(p.mentor_id, p.mentee_id) for p in excluded.pairings] == [(11, 1)]
    assert excluded.new == []


def test_a_cap_per_mentee_across_fields_uses_the_milp():
    mentors = [mentor(10, competence=5, capacity=3)]
    mentees = [mentee(1, competence=1), mentee(2, competence=2)]
    problems = [FieldProblem(f"f{k}", mentors, mentees) for k in range(3)]
    free = solve(problems, Weights(language=0, district=0))
    assert free.method == "lsa" and len(free.pairings) == 6
    capped = solve(problems, Weights(language=0, district=0, max_per_mentee=2))
    assert capped.method == "milp"
    per_mentee = [p.mentee_id for p in capped.pairings]
    assert per_mentee.count(1) == 2 and per_mentee.count(2) == 2
    assert capped.total_benefit == pytest.approx(2 * 4 + 2 * 3)
