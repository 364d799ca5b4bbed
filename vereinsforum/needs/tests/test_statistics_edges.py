"""Edge cases of the statistics: exact bounds, order-free clusters, refusal of bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hs

from vereinsforum.needs import statistics as st
from vereinsforum.needs.evaluation import WaveData, evaluate

# ---- Wilson interval: exact at the edges ------------------------------------------------------


def test_wilson_interval_with_no_successes_starts_exactly_at_zero():
    interval = st.wilson_interval(0, 3)
    assert interval.low == 0.0
    assert interval.low <= interval.estimate <= interval.high


def test_wilson_interval_with_only_successes_ends_exactly_at_one():
    interval = st.wilson_interval(10, 10)
    assert interval.high == 1.0
    assert interval.low <= interval.estimate <= interval.high


@given(
    hs.integers(min_value=1, max_value=2000).flatmap(
        lambda n: hs.tuples(hs.integers(min_value=0, max_value=n), hs.just(n))
    ),
    hs.floats(min_value=0.5, max_value=0.999),
)
def test_wilson_interval_always_holds_its_estimate_within_zero_and_one(case, confidence):
    successes, n = case
    interval = st.wilson_interval(successes, n, confidence)
    assert 0.0 <= interval.low <= interval.estimate <= interval.high <= 1.0
    assert (interval.low == 0.0) == (successes == 0)
    assert (interval.high == 1.0) == (successes == n)


# ---- clusters do not depend on the order of the associations ----------------------------------


def _partition(ids, labels) -> frozenset:
    groups: dict[int, set] = {}
    for identifier, label in zip(ids, labels, strict=True):
        groups.setdefault(int(label), set()).add(identifier)
    return frozenset(frozenset(g) for g in groups.values())


def _by_id(ids, labels) -> dict:
    return {identifier: int(label) for identifier, label in zip(ids, labels, strict=True)}


def test_reversing_the_rows_keeps_the_clusters():
    rows = [[5, 1], [5, 2], [1, 2], [4, 5], [2, 4]]
    ids = ["a", "b", "c", "d", "e"]
    forward = st.cluster_profiles(rows, ids=ids)
    backward = st.cluster_profiles(rows[::-1], ids=ids[::-1])
    assert forward.k == backward.k
    assert forward.chosen_k == backward.chosen_k
    assert forward.silhouette == backward.silhouette
    assert _by_id(ids, forward.labels) == _by_id(ids[::-1], backward.labels)


def test_shuffling_twenty_five_associations_never_changes_the_clusters():
    rng = np.random.default_rng(25)
    rows = rng.integers(1, 6, (25, 7))
    ids = np.arange(25)
    reference = st.cluster_profiles(rows, ids=ids)
    for _ in range(60):
        order = rng.permutation(25)
        shuffled = st.cluster_profiles(rows[order], ids=ids[order])
        assert (shuffled.k, shuffled.chosen_k) == (reference.k, reference.chosen_k)
        assert shuffled.silhouette == reference.silhouette
        assert _by_id(ids[order], shuffled.labels) == _by_id(ids, reference.labels)


profiles = hs.integers(min_value=1, max_value=7).flatmap(
    lambda m: hs.lists(hs.lists(hs.integers(1, 5), min_size=m, max_size=m), min_size=4, max_size=30)
)


@settings(max_examples=150, deadline=None)
@given(profiles, hs.randoms(use_true_random=False), hs.sampled_from([None, 2, 3, 5]))
@example([[5, 1], [5, 2], [1, 2], [4, 5], [2, 4]], None, None).via("the reported case")
def test_clusters_do_not_depend_on_the_order_of_the_associations(rows, random, k):
    ids = list(range(len(rows)))
    pairs = list(zip(ids, rows, strict=True))
    if random is None:
        pairs.reverse()
    else:
        random.shuffle(pairs)
    shuffled_ids = [identifier for identifier, _ in pairs]
    first = st.cluster_profiles(rows, ids=ids, k=k)
    second = st.cluster_profiles([row for _, row in pairs], ids=shuffled_ids, k=k)
    assert (first.k, first.chosen_k) == (second.k, second.chosen_k)
    assert _partition(ids, first.labels) == _partition(shuffled_ids, second.labels)
    # the numbering too: "cluster 2" is the same group of associations on every run
    assert _by_id(ids, first.labels) == _by_id(shuffled_ids, second.labels)


def test_clusters_are_numbered_by_their_first_member_in_profile_order():
    rows = [[5, 5], [1, 1], [5, 4], [1, 2]]
    result = st.cluster_profiles(rows, k=2)
    # the lowest profile [1, 1] opens cluster 1, whatever its row
    assert result.labels.tolist() == [2, 1, 2, 1]


def _wave(need, ids) -> WaveData:
    n, k = need.shape
    return WaveData(
        field_keys=[f"f{j}" for j in range(k)],
        field_names=[f"Feld {j}" for j in range(k)],
        organisation_ids=list(ids),
        organisation_names=[f"Verein {i}" for i in ids],
        need=need,
        competence=np.full((n, k), 3),
        willing=np.zeros((n, k), dtype=bool),
        capacity=np.zeros((n, k), dtype=int),
    )


def test_the_evaluation_groups_the_same_associations_in_any_order():
    rng = np.random.default_rng(16)
    need = rng.integers(1, 6, (25, 7))
    ids = np.arange(100, 125)
    order = rng.permutation(25)
    first = evaluate(_wave(need, ids), n_resamples=50)
    second = evaluate(_wave(need[order], ids[order]), n_resamples=50)

    def groups(evaluation):
        organisation_ids = evaluation.data.organisation_ids
        return [
            (c.number, c.size, sorted(int(organisation_ids[r]) for r in c.members))
            for c in evaluation.clusters
        ]

    assert groups(first) == groups(second)


def test_the_evaluation_reports_the_same_intervals_in_any_order():
    # the rows come sorted by name: renaming an association must not move an interval
    rng = np.random.default_rng(9)
    need = rng.integers(1, 6, (25, 7))
    ids = np.arange(100, 125)
    order = rng.permutation(25)
    first = evaluate(_wave(need, ids), n_resamples=200)
    second = evaluate(_wave(need[order], ids[order]), n_resamples=200)
    for a, b in zip(first.fields, second.fields, strict=True):
        assert (a.mean, a.median, a.share_high) == (b.mean, b.median, b.share_high)
        assert (a.rank, a.rank_low, a.rank_high) == (b.rank, b.rank_low, b.rank_high)


# ---- bad input is refused, not turned into NaN or [0, 1] --------------------------------------

NAN = float("nan")
GOOD_NEED = [[1, 2, 3], [4, 5, 1], [2, 2, 5], [3, 1, 4]]

REFUSED = {
    "level_counts: NaN": lambda: st.level_counts([1, NAN, 3]),
    "level_counts: level 6": lambda: st.level_counts([1, 6]),
    "level_counts: level 0": lambda: st.level_counts([0, 2]),
    "level_counts: a fraction": lambda: st.level_counts([1, 2.5]),
    "level_counts: no levels": lambda: st.level_counts([1], levels=0),
    "leik_d: NaN": lambda: st.leik_d([NAN, 1, 2]),
    "leik_d: negative count": lambda: st.leik_d([-1, 3, 2]),
    "leik_d: infinite count": lambda: st.leik_d([math.inf, 1]),
    "leik_d: no answers": lambda: st.leik_d([0, 0, 0]),
    "iqr: NaN": lambda: st.iqr([1, NAN, 3]),
    "iqr: empty": lambda: st.iqr([]),
    "median_ci: NaN": lambda: st.median_ci([1, 2, NAN, 4]),
    "median_ci: empty": lambda: st.median_ci([]),
    "median_ci: confidence 1": lambda: st.median_ci([1, 2, 3], confidence=1.0),
    "median_ci: confidence 0": lambda: st.median_ci([1, 2, 3], confidence=0.0),
    "median_ci: confidence NaN": lambda: st.median_ci([1, 2, 3], confidence=NAN),
    "wilson: successes > n": lambda: st.wilson_interval(5, 3),
    "wilson: negative successes": lambda: st.wilson_interval(-1, 3),
    "wilson: n = 0": lambda: st.wilson_interval(0, 0),
    "wilson: negative n": lambda: st.wilson_interval(0, -2),
    "wilson: NaN successes": lambda: st.wilson_interval(NAN, 3),
    "wilson: fractional successes": lambda: st.wilson_interval(1.5, 3),
    "wilson: confidence 95": lambda: st.wilson_interval(1, 3, confidence=95),
    "wilson: confidence -0.1": lambda: st.wilson_interval(1, 3, confidence=-0.1),
    "resample_weights: n = 0": lambda: st.resample_weights(0),
    "resample_weights: no resamples": lambda: st.resample_weights(5, 0),
    "bca: confidence 1.5": lambda: st.bca_interval_from(
        np.zeros(1), np.zeros((3, 1)), np.zeros((2, 1)), confidence=1.5
    ),
    "bca: NaN replicate": lambda: st.bca_interval_from(
        np.zeros(1), np.array([[0.0], [NAN], [1.0]]), np.zeros((2, 1))
    ),
    "bca: shapes disagree": lambda: st.bca_interval_from(
        np.zeros(2), np.zeros((3, 1)), np.zeros((2, 1))
    ),
    "mean_bca: NaN": lambda: st.mean_bca([1, 2, NAN, 4]),
    "mean_bca: one answer": lambda: st.mean_bca([3]),
    "mean_bca: confidence 0": lambda: st.mean_bca([1, 2, 3], confidence=0),
    "mean_bca: weights of the wrong shape": lambda: st.mean_bca([1, 2, 3], np.ones((10, 4))),
    "mean_bca: no resamples": lambda: st.mean_bca([1, 2, 3], n_resamples=0),
    "friedman: NaN": lambda: st.friedman_kendall([[1, 2, 3], [NAN, 2, 1]]),
    "friedman: one field": lambda: st.friedman_kendall([1, 2, 3]),
    "friedman: too few fields": lambda: st.friedman_kendall([[1, 2], [2, 1]]),
    "agreement_strength: W above 1": lambda: st.agreement_strength(1.5),
    "agreement_strength: negative W": lambda: st.agreement_strength(-0.2),
    "priority_order: NaN": lambda: st.priority_order([0.5, NAN], [3, 3], [3.0, 3.0]),
    "priority_order: share above 1": lambda: st.priority_order([1.2, 0.5], [3, 3], [3.0, 3.0]),
    "priority_order: shapes disagree": lambda: st.priority_order([0.5, 0.5], [3], [3.0, 3.0]),
    "priority_ranking: level 6": lambda: st.priority_ranking([[1, 6, 3], [2, 2, 2]]),
    "priority_ranking: NaN": lambda: st.priority_ranking([[1, NAN, 3], [2, 2, 2]]),
    "priority_ranking: one row of fields": lambda: st.priority_ranking([1, 2, 3]),
    "priority_ranking: high 7": lambda: st.priority_ranking(GOOD_NEED, high=7),
    "priority_ranking: confidence 1": lambda: st.priority_ranking(GOOD_NEED, confidence=1),
    "gower_scale: NaN": lambda: st.gower_scale([[1, 2], [NAN, 3]]),
    "gower_scale: not a table": lambda: st.gower_scale([1, 2, 3]),
    "gower_distances: infinite": lambda: st.gower_distances([[1, 2], [math.inf, 3]]),
    "silhouettes: NaN": lambda: st.silhouettes(np.array([[NAN], [1.0]]), np.array([[1, 2]])),
    "silhouettes: label 0": lambda: st.silhouettes(np.array([[0.0], [1.0]]), np.array([[0, 1]])),
    "silhouettes: labels for other rows": lambda: st.silhouettes(
        np.array([[0.0], [1.0]]), np.array([[1, 2, 1]])
    ),
    "silhouettes: chunk 0": lambda: st.silhouettes(
        np.array([[0.0], [1.0]]), np.array([[1, 2]]), chunk=0
    ),
    "canonical_order: NaN": lambda: st.canonical_order([[1, 2], [NAN, 3]]),
    "canonical_order: an id twice": lambda: st.canonical_order([[1, 2], [2, 3]], ids=[7, 7]),
    "cluster_profiles: NaN": lambda: st.cluster_profiles(GOOD_NEED + [[1, NAN, 2]]),
    "cluster_profiles: k = 1": lambda: st.cluster_profiles(GOOD_NEED + [[1, 1, 2]], k=1),
    "cluster_profiles: k range from 1": lambda: st.cluster_profiles(
        GOOD_NEED + [[1, 1, 2]], k_range=range(1, 4)
    ),
    "cluster_profiles: not a table": lambda: st.cluster_profiles([1, 2, 3, 4, 5]),
    "cluster_profiles: an id twice": lambda: st.cluster_profiles(GOOD_NEED, ids=[1, 2, 2, 3]),
    "cluster_profiles: ids for other rows": lambda: st.cluster_profiles(GOOD_NEED, ids=[1, 2]),
    "multiplier_mask: level 6": lambda: st.multiplier_mask([[6, 4]], [[1, 2]], [[True, True]]),
    "multiplier_mask: NaN": lambda: st.multiplier_mask([[5, 4]], [[NAN, 2]], [[True, True]]),
    "multiplier_mask: shapes disagree": lambda: st.multiplier_mask(
        [[5, 4]], [[1, 2, 3]], [[True, True]]
    ),
    "multiplier_mask: threshold off the scale": lambda: st.multiplier_mask(
        [[5, 4]], [[1, 2]], [[True, True]], min_competence=9
    ),
}


@pytest.mark.parametrize("call", REFUSED.values(), ids=REFUSED.keys())
def test_bad_input_is_refused_with_a_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_every_public_function_has_a_refusal_case():
    public = {
        name
        for name, value in vars(st).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", None) == st.__name__
        and not isinstance(value, type)
    }
    covered = {label.split(":")[0] for label in REFUSED}
    aliases = {
        "wilson": "wilson_interval",
        "bca": "bca_interval_from",
        "friedman": "friedman_kendall",
    }
    covered = {aliases.get(name, name) for name in covered}
    assert public <= covered, public - covered


def test_undefined_agreement_is_still_reported_as_undefined():
    # every association answered every field alike: W is undefined, not an input error
    assert st.agreement_strength(st.friedman_kendall(np.full((4, 3), 2)).kendall_w) == ("undefined")
