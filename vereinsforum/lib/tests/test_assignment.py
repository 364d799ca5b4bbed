"""The assignment solver against a brute force over every feasible assignment."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vereinsforum.lib.assignment import Block, assign, assign_blocks


def brute_force(benefit, capacity, eligible, fixed=(), excluded=(), groups=None, group_cap=None):
    """The best total over every way to give each row one column or none."""
    n_rows, n_cols = benefit.shape
    fixed_of = dict(fixed)
    options = []
    for r in range(n_rows):
        if r in fixed_of:
            options.append([fixed_of[r]])
            continue
        choices = [None] + [
            c
            for c in range(n_cols)
            if eligible[r, c] and benefit[r, c] > 0 and (r, c) not in excluded
        ]
        options.append(choices)
    best = -np.inf
    for choice in itertools.product(*options):
        used = np.zeros(n_cols, int)
        per_group: dict[int, int] = {}
        fixed_used = np.zeros(n_cols, int)
        fixed_group: dict[int, int] = {}
        total = 0.0
        for r, c in enumerate(choice):
            if c is None:
                continue
            used[c] += 1
            total += benefit[r, c]
            g = groups[r] if groups is not None else r
            per_group[g] = per_group.get(g, 0) + 1
            if r in fixed_of:
                fixed_used[c] += 1
                fixed_group[g] = fixed_group.get(g, 0) + 1
        # fixed pairs may exceed a limit on their own; new pairs may not add to it
        if (used > np.maximum(capacity, fixed_used)).any():
            continue
        if group_cap is not None and any(
            n > max(group_cap, fixed_group.get(g, 0)) for g, n in per_group.items()
        ):
            continue
        best = max(best, total)
    return best


@st.composite
def instances(draw, max_rows=5, max_cols=3):
    n_rows = draw(st.integers(1, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    values = st.sampled_from([-2.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 7.0])
    benefit = np.array(draw(st.lists(values, min_size=n_rows * n_cols, max_size=n_rows * n_cols)))
    benefit = benefit.reshape(n_rows, n_cols)
    eligible = np.array(
        draw(st.lists(st.booleans(), min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    ).reshape(n_rows, n_cols)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=n_cols, max_size=n_cols)))
    return benefit, capacity, eligible


def check_feasible(result, benefit, capacity, eligible, fixed=(), excluded=()):
    rows = [r for r, _ in result.pairs]
    assert len(rows) == len(set(rows)), "a row is paired twice"
    counts = np.bincount([c for _, c in result.pairs], minlength=len(capacity))
    fixed_counts = np.bincount([c for _, c in fixed], minlength=len(capacity))
    assert (counts <= np.maximum(capacity, fixed_counts)).all(), "capacity exceeded"
    for pair in result.pairs:
        if pair in fixed:
            continue
        r, c = pair
        assert eligible[r, c] and benefit[r, c] > 0 and pair not in excluded
    assert set(fixed) <= set(result.pairs)
    assert result.benefit == pytest.approx(sum(benefit[r, c] for r, c in result.pairs))


@settings(max_examples=300, deadline=None)
@given(instances())
def test_benefit_equals_brute_force_and_milp(instance):
    benefit, capacity, eligible = instance
    lsa = assign(benefit, capacity, eligible=eligible)
    mip = assign(benefit, capacity, eligible=eligible, method="milp")
    best = brute_force(benefit, capacity, eligible)
    assert lsa.method == "lsa" and mip.method == "milp"
    assert lsa.benefit == pytest.approx(best)
    assert mip.benefit == pytest.approx(best)
    check_feasible(lsa, benefit, capacity, eligible)
    check_feasible(mip, benefit, capacity, eligible)


@settings(max_examples=200, deadline=None)
@given(instances(), st.data())
def test_fixed_pairs_stay_and_excluded_pairs_never_come_back(instance, data):
    benefit, capacity, eligible = instance
    n_rows, n_cols = benefit.shape
    all_pairs = [(r, c) for r in range(n_rows) for c in range(n_cols)]
    fixed_rows = data.draw(st.lists(st.integers(0, n_rows - 1), unique=True, max_size=2))
    fixed = tuple((r, data.draw(st.integers(0, n_cols - 1))) for r in fixed_rows)
    excluded = tuple(
        p for p in data.draw(st.lists(st.sampled_from(all_pairs), max_size=4)) if p not in fixed
    )
    best = brute_force(benefit, capacity, eligible, fixed, set(excluded))
    for method in ("lsa", "milp"):
        result = assign(
            benefit, capacity, eligible=eligible, fixed=fixed, excluded=excluded, method=method
        )
        assert result.benefit == pytest.approx(best)
        check_feasible(result, benefit, capacity, eligible, fixed, set(excluded))
        assert set(result.new_pairs).isdisjoint(fixed)


@settings(max_examples=200, deadline=None)
@given(instances(max_rows=6), st.data())
def test_a_group_cap_is_solved_optimally_by_the_milp(instance, data):
    benefit, capacity, eligible = instance
    n_rows = benefit.shape[0]
    groups = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n_rows, max_size=n_rows)))
    cap = data.draw(st.integers(0, 2))
    result = assign(benefit, capacity, eligible=eligible, row_groups=groups, group_cap=cap)
    assert result.method == "milp"
    assert result.benefit == pytest.approx(
        brute_force(benefit, capacity, eligible, groups=groups, group_cap=cap)
    )
    check_feasible(result, benefit, capacity, eligible)
    per_group = np.bincount(groups[[r for r, _ in result.pairs]], minlength=3)
    assert (per_group <= cap).all()


@settings(max_examples=100, deadline=None)
@given(instances(max_rows=3, max_cols=2), instances(max_rows=3, max_cols=2), st.data())
def test_a_group_cap_spans_blocks(first, second, data):
    # Two fields; the group is the mentee (row r of each block is mentee r).
    blocks = []
    for benefit, capacity, eligible in (first, second):
        blocks.append(Block(benefit, capacity, eligible, row_groups=np.arange(benefit.shape[0])))
    cap = data.draw(st.integers(0, 2))
    results = assign_blocks(blocks, group_cap=cap)
    # brute force over the two blocks together: a block-diagonal matrix
    b1, c1, e1 = first
    b2, c2, e2 = second
    benefit = np.zeros((b1.shape[0] + b2.shape[0], b1.shape[1] + b2.shape[1]))
    eligible = np.zeros_like(benefit, dtype=bool)
    benefit[: b1.shape[0], : b1.shape[1]] = b1
    benefit[b1.shape[0] :, b1.shape[1] :] = b2
    eligible[: b1.shape[0], : b1.shape[1]] = e1
    eligible[b1.shape[0] :, b1.shape[1] :] = e2
    groups = np.concatenate([np.arange(b1.shape[0]), np.arange(b2.shape[0])])
    best = brute_force(benefit, np.concatenate([c1, c2]), eligible, groups=groups, group_cap=cap)
    assert sum(r.benefit for r in results) == pytest.approx(best)
    mentees = [r for res in results for r, _ in res.pairs]
    assert all(mentees.count(m) <= cap for m in mentees)


def test_a_large_negative_constant_would_lose_benefit():
    # The module docstring's example: A–X alone (10) beats A–Y + B–X (2).
    benefit = np.array([[10.0, 1.0], [1.0, 5.0]])
    eligible = np.array([[True, True], [True, False]])
    result = assign(benefit, [1, 1], eligible=eligible)
    assert result.pairs == ((0, 0),)
    assert result.benefit == 10.0


def test_non_positive_and_nan_pairs_are_never_chosen():
    benefit = np.array([[0.0, -1.0, np.nan], [0.0, 2.0, 0.0]])
    result = assign(benefit, [5, 5, 5])
    assert result.pairs == ((1, 1),)


def test_capacity_slots_repeat_a_column():
    benefit = np.array([[3.0, 1.0], [3.0, 1.0], [3.0, 1.0]])
    result = assign(benefit, [2, 5])
    assert sorted(c for _, c in result.pairs) == [0, 0, 1]
    assert result.benefit == 7.0


def test_fixed_pairs_consume_capacity_even_when_no_longer_eligible():
    benefit = np.array([[1.0], [9.0]])
    result = assign(benefit, [1], eligible=np.array([[False], [True]]), fixed=[(0, 0)])
    assert result.pairs == ((0, 0),)
    assert result.new_pairs == ()


@settings(max_examples=50, deadline=None)
@given(instances(max_rows=8, max_cols=4))
def test_the_same_input_gives_the_same_pairs(instance):
    benefit, capacity, eligible = instance
    first = assign(benefit, capacity, eligible=eligible)
    for _ in range(3):
        assert assign(benefit.copy(), capacity.copy(), eligible=eligible.copy()) == first
    assert assign(benefit, capacity, eligible=eligible, method="milp").pairs == (
        assign(benefit, capacity, eligible=eligible, method="milp").pairs
    )


def test_ties_are_broken_the_same_way_every_time():
    benefit = np.ones((20, 6))
    runs = {assign(benefit, [2] * 6).pairs for _ in range(5)}
    assert len(runs) == 1


def test_bad_input_is_refused():
    benefit = np.ones((2, 2))
    with pytest.raises(ValueError):
        assign(benefit, [1])
    with pytest.raises(ValueError):
        assign(benefit, [1, -1])
    with pytest.raises(ValueError):
        assign(benefit, [1, 1], fixed=[(0, 0), (0, 1)])
    with pytest.raises(ValueError):
        assign(benefit, [1, 1], fixed=[(0, 0)], excluded=[(0, 0)])
    with pytest.raises(ValueError):
        assign(benefit, [1, 1], fixed=[(2, 0)])
    with pytest.raises(ValueError):
        assign(benefit, [1, 1], group_cap=1, method="lsa")
    with pytest.raises(ValueError):
        assign_blocks([Block(benefit, [1, 1]), Block(benefit, [1, 1])], group_cap=1)
