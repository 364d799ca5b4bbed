"""The statistics against published values, scipy, and properties that must always hold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from scipy import stats
from scipy.spatial.distance import pdist, squareform

from vereinsforum.needs import statistics as st

answers = hs.lists(hs.integers(min_value=1, max_value=5), min_size=1, max_size=60)
counts = hs.lists(hs.integers(min_value=0, max_value=50), min_size=2, max_size=9).filter(
    lambda c: sum(c) > 0
)


def test_leik_d_matches_the_published_example():
    assert st.leik_d([30, 40, 210, 130, 530, 50, 10]) == pytest.approx(0.287, abs=5e-4)


def test_leik_d_extremes():
    assert st.leik_d([0, 10, 0, 0, 0]) == 0.0
    assert st.leik_d([5, 0, 0, 0, 5]) == 1.0


@given(counts)
def test_leik_d_lies_between_zero_and_one(c):
    assert 0.0 <= st.leik_d(c) <= 1.0 + 1e-12


@given(counts)
def test_leik_d_is_zero_exactly_when_all_answers_are_equal(c):
    all_equal = sum(1 for v in c if v > 0) == 1
    assert (st.leik_d(c) == 0.0) == all_equal


@given(answers, hs.randoms())
def test_summaries_do_not_depend_on_the_order_of_the_associations(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert st.leik_d(st.level_counts(values)) == st.leik_d(st.level_counts(shuffled))
    assert st.median_ci(values) == st.median_ci(shuffled)
    assert st.iqr(values) == st.iqr(shuffled)


@settings(max_examples=25, deadline=None)
@given(
    hs.lists(hs.lists(hs.integers(1, 5), min_size=4, max_size=4), min_size=3, max_size=15),
    hs.randoms(),
)
def test_priority_ranking_does_not_depend_on_the_order_of_the_associations(rows, random):
    shuffled = list(rows)
    random.shuffle(shuffled)
    first = [(r.index, r.rank) for r in st.priority_ranking(rows, n_resamples=50)]
    second = [(r.index, r.rank) for r in st.priority_ranking(shuffled, n_resamples=50)]
    assert first == second


@pytest.mark.parametrize("n", [6, 9, 25, 40, 101])
def test_median_interval_equals_scipy_quantile_test(n):
    x = np.random.default_rng(n).integers(1, 6, n)
    ours = st.median_ci(x)
    theirs = stats.quantile_test(x, p=0.5).confidence_interval(0.95)
    assert (ours.low, ours.high) == (theirs.low, theirs.high)
    assert ours.estimate == np.median(x)
    assert ours.confidence >= 0.95


def test_median_interval_for_very_few_answers_is_the_range_with_its_true_coverage():
    ours = st.median_ci([2, 3, 5, 1, 4])
    assert (ours.low, ours.high) == (1.0, 5.0)
    assert ours.confidence == pytest.approx(1 - 2 / 32)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 25), (21, 25), (25, 25), (7, 13)])
def test_wilson_interval_equals_scipy(k, n):
    ours = st.wilson_interval(k, n)
    theirs = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert ours.estimate == k / n
    assert ours.low == pytest.approx(theirs.low, abs=1e-12)
    assert ours.high == pytest.approx(theirs.high, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2007, 20071010])
def test_bca_interval_of_the_mean_equals_scipy_bootstrap(seed):
    x = np.random.default_rng(seed + 1).integers(1, 6, 25)
    ours = st.mean_bca(x, n_resamples=2000, seed=seed)[0]
    theirs = stats.bootstrap(
        (x,), np.mean, method="BCa", n_resamples=2000, rng=np.random.default_rng(seed)
    ).confidence_interval
    assert ours.estimate == pytest.approx(x.mean())
    assert ours.low == pytest.approx(theirs.low, abs=1e-12)
    assert ours.high == pytest.approx(theirs.high, abs=1e-12)


def test_bca_interval_is_reproducible_and_columns_are_independent_of_each_other():
    x = np.random.default_rng(5).integers(1, 6, (30, 3))
    together = st.mean_bca(x, seed=9)
    alone = st.mean_bca(x[:, 1], seed=9)[0]
    assert together[1] == alone
    assert st.mean_bca(x, seed=9) == together


def test_bca_interval_of_constant_answers_is_the_point():
    assert st.mean_bca([3, 3, 3, 3])[0] == st.Interval(3.0, 3.0, 3.0)


def test_friedman_and_kendall_w_equal_scipy():
    x = np.random.default_rng(11).integers(1, 6, (25, 7))
    ours = st.friedman_kendall(x)
    theirs = stats.friedmanchisquare(*x.T)
    assert ours.chi2 == pytest.approx(theirs.statistic)
    assert ours.p_value == pytest.approx(theirs.pvalue)
    assert ours.kendall_w == pytest.approx(theirs.statistic / (25 * 6))


def test_kendall_w_is_one_when_every_association_ranks_the_fields_alike():
    x = np.tile([1, 2, 3, 4, 5], (8, 1))
    assert st.friedman_kendall(x).kendall_w == pytest.approx(1.0)
    assert st.agreement_strength(1.0) == "very_strong"
    assert st.agreement_strength(0.05) == "very_weak"
    assert st.agreement_strength(0.2) == "weak"


def test_priority_order_breaks_ties_by_median_then_mean():
    # Equal shares; field 1 has the higher median;
    # fields 0 and 2 tie on the median, and 2 has the higher mean.
    share = [0.5, 0.5, 0.5, 0.6]
    median = [3, 4, 3, 1]
    mean = [3.0, 3.1, 3.4, 2.0]
    assert list(st.priority_order(share, median, mean)) == [4, 2, 3, 1]


def test_priority_ranking_ranks_the_clear_top_field_first_with_a_tight_interval():
    rng = np.random.default_rng(3)
    x = rng.integers(1, 4, (40, 4))
    x[:, 2] = rng.integers(4, 6, 40)  # field 2: high need for everyone
    ranking = st.priority_ranking(x)
    assert ranking[0].index == 2
    assert (ranking[0].rank_low, ranking[0].rank_high) == (1, 1)
    assert ranking[0].share_high == 1.0
    assert all(r.rank_low <= r.rank <= r.rank_high for r in ranking)


def test_median_from_counts_agrees_with_numpy():
    rng = np.random.default_rng(8)
    for n in (1, 2, 5, 24, 25):
        x = rng.integers(1, 6, n)
        counts = st.level_counts(x)
        assert st._median_from_counts(counts, n) == np.median(x)


def test_gower_distance_is_scaled_manhattan():
    x = np.array([[1, 5, 2], [3, 5, 4], [5, 5, 2]])
    d = squareform(st.gower_distances(x))
    # ranges 4, 0 (constant, contributes nothing) and 2; three columns
    assert d[0, 1] == pytest.approx((2 / 4 + 0 + 2 / 2) / 3)
    assert d[0, 2] == pytest.approx((4 / 4 + 0 + 0) / 3)


def _naive_silhouette(x, labels):
    d = squareform(pdist(x, "cityblock") / x.shape[1])
    s = []
    for i in range(len(x)):
        own = labels == labels[i]
        if own.sum() == 1:
            s.append(0.0)
            continue
        a = d[i, own].sum() / (own.sum() - 1)
        b = min(d[i, labels == c].mean() for c in set(labels) if c != labels[i])
        s.append((b - a) / max(a, b))
    return np.mean(s)


def test_chunked_silhouette_equals_the_textbook_definition():
    rng = np.random.default_rng(4)
    x = st.gower_scale(rng.integers(1, 6, (60, 5)))
    labelings = np.array([rng.integers(1, 4, 60), rng.integers(1, 6, 60)])
    labelings[0, 0] = 3  # make sure each label occurs
    ours = st.silhouettes(x, labelings, chunk=7)
    for row, labels in enumerate(labelings):
        assert ours[row] == pytest.approx(_naive_silhouette(x, labels))


def test_clusters_find_two_clear_groups_and_honour_the_override():
    rng = np.random.default_rng(2)
    low = rng.integers(1, 3, (10, 6))
    high = rng.integers(4, 6, (8, 6))
    result = st.cluster_profiles(np.vstack([low, high]))
    assert result.chosen_k == 2 and result.k == 2
    assert len(set(result.labels[:10])) == 1 and len(set(result.labels[10:])) == 1
    assert result.labels[0] != result.labels[10]
    assert st.cluster_profiles(np.vstack([low, high]), k=4).k == 4


def test_clusters_need_enough_associations():
    assert st.cluster_profiles([[1, 2], [3, 4], [5, 5]]) is None


def test_multiplier_rule_is_configurable():
    competence = np.array([[5, 4], [4, 3], [5, 5]])
    need = np.array([[1, 2], [2, 1], [3, 1]])
    willing = np.array([[True, False], [True, True], [True, True]])
    assert st.multiplier_mask(competence, need, willing).tolist() == [
        [True, False],
        [True, False],
        [False, True],
    ]
    assert st.multiplier_mask(competence, need, willing, requires_willing=False)[0, 1]
    assert st.multiplier_mask(competence, need, willing, min_competence=3)[1, 1]
