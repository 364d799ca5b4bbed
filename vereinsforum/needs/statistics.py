"""Pure statistics for ordinal 1–5 answers: no Django, only numpy and scipy.

At n≈25 associations every summary is uncertain, so each comes with an interval that does
not rest on normality: order statistics for the median, Wilson for shares, BCa bootstrap
for the mean. Bootstraps take a seed so that a report computed twice reads the same.

Bootstrap resamples are drawn exactly as `scipy.stats.bootstrap` draws them
(`rng.integers(0, n, (B, n))`) and turned into per-association weights, so that all fields
and all statistics share the same resamples and the work is one matrix product.

Every public function refuses input it cannot answer for (NaN, a level off the scale, a
negative count, a confidence outside (0, 1)) with a ValueError: a NaN that reaches a
report reads as a figure, and a share interval of [0, 1] reads as a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import cdist, pdist
from scipy.special import ndtr, ndtri

DEFAULT_SEED = 20071010
DEFAULT_B = 2000
CONFIDENCE = 0.95
LEVELS = 5


# ---- input checks ------------------------------------------------------------------------------


def _confidence(confidence: object) -> float:
    if (
        not isinstance(confidence, Real) or not 0 < float(confidence) < 1
    ):  # NaN fails the comparison
        raise ValueError(f"confidence must lie strictly between 0 and 1, not {confidence!r}")
    return float(confidence)


def _count(value: object, name: str) -> int:
    """A whole number, also when it arrives as a float (2.0) or a numpy integer."""
    if isinstance(value, Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, Real) and np.isfinite(float(value)) and float(value).is_integer():
        return int(float(value))
    raise ValueError(f"{name} must be a whole number, not {value!r}")


def _finite(
    values: ArrayLike, name: str, *, ndim: int | tuple[int, ...] | None = None
) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    if ndim is not None and x.ndim not in ((ndim,) if isinstance(ndim, int) else ndim):
        raise ValueError(f"{name} must have {ndim} dimension(s), not {x.ndim}")
    # NaN and ±inf carry through a sum, so a finite sum clears the whole array cheaply
    # (the bootstrap weights are B × n); only an overflowing sum needs the element check.
    if not np.isfinite(x.sum()) and not np.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return x


def _answers(
    values: ArrayLike, name: str, *, levels: int = LEVELS, ndim: int | None = None
) -> np.ndarray:
    """Answers on the ordinal scale 1..levels, as integers."""
    x = _finite(values, name, ndim=ndim)
    if (x != np.round(x)).any():
        raise ValueError(f"{name} must be whole levels")
    if x.size and (x.min() < 1 or x.max() > levels):
        raise ValueError(f"{name} contains levels outside the scale 1–{levels}")
    return x.astype(int)


def _level(value: object, name: str) -> int:
    level = _count(value, name)
    if not 1 <= level <= LEVELS:
        raise ValueError(f"{name} must be a level of the scale 1–{LEVELS}, not {value!r}")
    return level


# ---- distribution and dispersion -------------------------------------------------------------


def level_counts(values: ArrayLike, levels: int = LEVELS) -> np.ndarray:
    """Counts per level 1..levels (the full distribution, shown before any summary)."""
    levels = _count(levels, "levels")
    if levels < 1:
        raise ValueError("the scale needs at least one level")
    x = _answers(values, "values", levels=levels, ndim=1)
    return np.bincount(x, minlength=levels + 1)[1:]


def leik_d(counts: ArrayLike) -> float:
    """Leik's ordinal dispersion D in [0, 1]: 0 when all answers share one level, 1 when they
    split evenly between the two extremes.

    D = 2/(k-1) · Σ_{i<k} min(F_i, 1-F_i), with F_i the cumulative proportions.
    """
    c = _finite(counts, "counts")
    if c.ndim != 1 or c.size < 2:
        raise ValueError("need counts for at least two levels")
    if (c < 0).any():
        raise ValueError("counts cannot be negative")
    total = c.sum()
    if total <= 0:
        raise ValueError("no answers")
    cumulative = np.cumsum(c)[:-1] / total
    return float(2 * np.minimum(cumulative, 1 - cumulative).sum() / (c.size - 1))


def iqr(values: ArrayLike) -> float:
    x = _finite(values, "values", ndim=1)
    if x.size == 0:
        raise ValueError("no answers")
    q1, q3 = np.percentile(x, [25, 75])
    return float(q3 - q1)


# ---- intervals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float
    #: The coverage actually reached (order-statistic intervals are discrete).
    confidence: float = CONFIDENCE


def median_ci(values: ArrayLike, confidence: float = CONFIDENCE) -> Interval:
    """Median with a distribution-free interval from order statistics.

    The interval [x_(l), x_(n-l+1)] covers the median with probability
    1 - 2·P(B ≤ l-1), B ~ Bin(n, 1/2); l is the largest index that keeps this ≥ confidence.
    """
    confidence = _confidence(confidence)
    x = np.sort(_finite(values, "values", ndim=1))
    n = x.size
    if n == 0:
        raise ValueError("no answers")
    estimate = float(np.median(x))
    alpha = 1 - confidence
    # P(B <= l-1) <= alpha/2  <=>  l-1 <= the largest j with cdf(j) <= alpha/2
    j = np.arange(n + 1)
    ok = j[stats.binom.cdf(j, n, 0.5) <= alpha / 2]
    if ok.size == 0:
        # too few answers for this confidence: the whole range is the honest interval,
        # and its coverage (below the one asked for) is reported with it
        return Interval(estimate, float(x[0]), float(x[-1]), 1 - 2 * 0.5**n)
    lower = int(ok.max()) + 1  # 1-based order statistic
    upper = n - lower + 1
    reached = 1 - 2 * float(stats.binom.cdf(lower - 1, n, 0.5))
    return Interval(estimate, float(x[lower - 1]), float(x[upper - 1]), reached)


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> Interval:
    """Share with Wilson's score interval (no continuity correction).

    The bounds are exact where the formula is: 0 with no successes, 1 with only successes.
    Rounding would otherwise put the lower bound of 0/3 at 5.6e-17, above its own estimate.
    """
    confidence = _confidence(confidence)
    successes, n = _count(successes, "successes"), _count(n, "n")
    if n <= 0:
        raise ValueError("no answers")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie between 0 and n = {n}, not {successes}")
    p = successes / n
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else min(p, max(0.0, float(centre - half)))
    high = 1.0 if successes == n else max(p, min(1.0, float(centre + half)))
    return Interval(p, low, high, confidence)


def resample_weights(n: int, n_resamples: int = DEFAULT_B, seed: int = DEFAULT_SEED) -> np.ndarray:
    """(B, n) counts: how often each association appears in each bootstrap resample.

    Drawn like scipy.stats.bootstrap draws its indices, so the intervals match it exactly.
    """
    n, n_resamples = _count(n, "n"), _count(n_resamples, "n_resamples")
    if n < 1 or n_resamples < 1:
        raise ValueError("need at least one answer and one resample")
    rng = np.random.default_rng(seed)
    index = rng.integers(0, n, (n_resamples, n))
    index += (np.arange(n_resamples) * n)[:, None]  # in place: one flat bincount for all rows
    weights = np.bincount(index.ravel(), minlength=n_resamples * n)
    return weights.reshape(n_resamples, n).astype(float)


def bca_interval_from(
    theta_hat: np.ndarray,
    theta_b: np.ndarray,
    theta_jack: np.ndarray,
    confidence: float = CONFIDENCE,
) -> tuple[np.ndarray, np.ndarray]:
    """BCa bounds for several statistics at once.

    theta_hat (m,), bootstrap replicates theta_b (B, m), jackknife values theta_jack (n, m).
    Follows Efron & Tibshirani (14.3, 15.4), as scipy does.
    """
    alpha = (1 - _confidence(confidence)) / 2
    theta_hat = _finite(theta_hat, "theta_hat", ndim=1)
    theta_b = _finite(theta_b, "theta_b", ndim=2)
    theta_jack = _finite(theta_jack, "theta_jack", ndim=2)
    m = theta_hat.size
    if theta_b.shape[1] != m or theta_jack.shape[1] != m or not len(theta_b) or not len(theta_jack):
        raise ValueError("replicates and jackknife values need one column per statistic")
    B = theta_b.shape[0]
    below = (theta_b < theta_hat).sum(axis=0) + (theta_b <= theta_hat).sum(axis=0)
    z0 = ndtri(below / (2 * B))
    n = theta_jack.shape[0]
    u = (n - 1) * (theta_jack.mean(axis=0) - theta_jack)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = (u**3).sum(axis=0) / n**3 / ((u**2).sum(axis=0) / n**2) ** 1.5 / 6
    z_alpha = ndtri(alpha)
    num1 = z0 + z_alpha
    num2 = z0 - z_alpha
    with np.errstate(invalid="ignore"):
        a1 = ndtr(z0 + num1 / (1 - a * num1))
        a2 = ndtr(z0 + num2 / (1 - a * num2))
    low = np.full(theta_hat.shape, np.nan)
    high = np.full(theta_hat.shape, np.nan)
    for i in range(theta_hat.size):
        if np.isfinite(a1[i]) and np.isfinite(a2[i]):
            low[i], high[i] = np.quantile(theta_b[:, i], [a1[i], a2[i]])
    return low, high


def mean_bca(
    matrix: ArrayLike,
    weights: np.ndarray | None = None,
    *,
    n_resamples: int = DEFAULT_B,
    seed: int = DEFAULT_SEED,
    confidence: float = CONFIDENCE,
) -> list[Interval]:
    """Mean of each column of `matrix` (n × m) with a BCa bootstrap interval.

    A column whose answers are all equal has no sampling spread: its interval is the point.
    """
    confidence = _confidence(confidence)
    x = _finite(matrix, "matrix", ndim=(1, 2))
    if x.ndim == 1:
        x = x[:, None]
    n = x.shape[0]
    if n < 2:
        raise ValueError("need at least two answers")
    weights = _weights(weights, n, n_resamples, seed)
    theta_hat = x.mean(axis=0)
    theta_b = (weights @ x) / n
    theta_jack = (x.sum(axis=0) - x) / (n - 1)
    low, high = bca_interval_from(theta_hat, theta_b, theta_jack, confidence)
    out = []
    for i, estimate in enumerate(theta_hat):
        if np.ptp(x[:, i]) == 0:
            out.append(Interval(float(estimate), float(estimate), float(estimate), confidence))
        else:
            out.append(Interval(float(estimate), float(low[i]), float(high[i]), confidence))
    return out


def _weights(weights: ArrayLike | None, n: int, n_resamples: int, seed: int) -> np.ndarray:
    if weights is None:
        return resample_weights(n, n_resamples, seed)
    w = _finite(weights, "weights", ndim=2)
    if w.shape[1] != n or w.min(initial=0) < 0:
        raise ValueError(f"weights must be non-negative counts for each of the {n} answers")
    return w


# ---- agreement between associations ----------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    chi2: float
    p_value: float
    kendall_w: float
    n: int
    k: int


def friedman_kendall(matrix: ArrayLike) -> Agreement:
    """Friedman's test over fields (columns) within associations (rows), with Kendall's W.

    Ties within a row get mid-ranks and the statistic is tie-corrected, as in
    scipy.stats.friedmanchisquare; then W = χ² / (n(k-1)).
    """
    x = _finite(matrix, "matrix", ndim=2)
    n, k = x.shape
    if n < 2 or k < 3:
        raise ValueError("need at least two associations and three fields")
    ranks = stats.rankdata(x, axis=1)
    ties = 0.0
    for row in np.sort(x, axis=1):
        _, sizes = np.unique(row, return_counts=True)
        ties += float((sizes * (sizes * sizes - 1)).sum())
    correction = 1 - ties / (k * (k * k - 1) * n)
    if correction <= 0:
        return Agreement(float("nan"), float("nan"), float("nan"), n, k)
    rank_sums = ranks.sum(axis=0)
    chi2 = (12.0 / (k * n * (k + 1)) * float((rank_sums**2).sum()) - 3 * n * (k + 1)) / correction
    p_value = float(stats.chi2.sf(chi2, k - 1))
    return Agreement(float(chi2), p_value, float(chi2 / (n * (k - 1))), n, k)


#: Upper bounds of Kendall's W and the word for them (after Schmidt 1997).
W_WORDS = ((0.1, "very_weak"), (0.3, "weak"), (0.5, "moderate"), (0.7, "strong"))


def agreement_strength(w: float) -> str:
    # NaN is the honest W when every association answers all fields alike (friedman_kendall)
    if np.isnan(w):
        return "undefined"
    if not -1e-9 <= w <= 1 + 1e-9:
        raise ValueError(f"Kendall's W lies between 0 and 1, not {w!r}")
    for bound, word in W_WORDS:
        if w < bound:
            return word
    return "very_strong"


# ---- priority ranking -----------------------------------------------------------------------


def _median_from_counts(counts: np.ndarray, n: int) -> np.ndarray:
    """Median of ordinal data given counts per level 1..5 along the last axis."""
    cumulative = np.cumsum(counts, axis=-1)
    lower = (cumulative > (n - 1) // 2).argmax(axis=-1) + 1
    upper = (cumulative > n // 2).argmax(axis=-1) + 1
    median: np.ndarray = (lower + upper) / 2
    return median


def _summaries_from_counts(
    counts: np.ndarray, n: int, high: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """share ≥ high, median and mean from counts (…, 5)."""
    levels = np.arange(1, counts.shape[-1] + 1)
    share = counts[..., high - 1 :].sum(axis=-1) / n
    median = _median_from_counts(counts, n)
    mean = (counts * levels).sum(axis=-1) / n
    return share, median, mean


def priority_order(share: ArrayLike, median: ArrayLike, mean: ArrayLike) -> np.ndarray:
    """Ranks (1 = highest need) along the last axis: share with high need, then median,
    then mean; remaining ties keep the field order."""
    share, median, mean = (
        _finite(a, name) for a, name in ((share, "share"), (median, "median"), (mean, "mean"))
    )
    if not share.shape == median.shape == mean.shape:
        raise ValueError("share, median and mean need the same shape")
    if ((share < 0) | (share > 1)).any():
        raise ValueError("shares lie between 0 and 1")
    order = np.lexsort((-mean, -median, -share), axis=-1)
    return np.argsort(order, axis=-1) + 1


@dataclass(frozen=True)
class RankedField:
    index: int
    rank: int
    rank_low: int
    rank_high: int
    share_high: float
    median: float
    mean: float


def priority_ranking(
    need: ArrayLike,
    weights: np.ndarray | None = None,
    *,
    n_resamples: int = DEFAULT_B,
    seed: int = DEFAULT_SEED,
    confidence: float = CONFIDENCE,
    high: int = 4,
) -> list[RankedField]:
    """Fields ranked by need, each with a bootstrap interval for its rank.

    need: (n associations × k fields) of levels 1–5. Resampling associations keeps each
    association's profile together, so correlated fields stay correlated.
    """
    confidence = _confidence(confidence)
    high = _level(high, "high")
    x = _answers(need, "need", ndim=2)
    n, k = x.shape
    if n < 1:
        raise ValueError("no answers")
    onehot = (x[:, :, None] == np.arange(1, 6)).astype(float).reshape(n, k * 5)
    counts = onehot.sum(axis=0).reshape(k, 5)
    share, median, mean = _summaries_from_counts(counts, n, high)
    ranks = priority_order(share, median, mean)
    weights = _weights(weights, n, n_resamples, seed)
    boot_counts = (weights @ onehot).reshape(-1, k, 5)
    boot_ranks = priority_order(*_summaries_from_counts(boot_counts, n, high))
    alpha = (1 - confidence) / 2
    low = np.quantile(boot_ranks, alpha, axis=0, method="lower")
    upper = np.quantile(boot_ranks, 1 - alpha, axis=0, method="higher")
    result = [
        RankedField(
            i,
            int(ranks[i]),
            int(low[i]),
            int(upper[i]),
            float(share[i]),
            float(median[i]),
            float(mean[i]),
        )
        for i in range(k)
    ]
    return sorted(result, key=lambda r: r.rank)


# ---- clusters -------------------------------------------------------------------------------


def gower_scale(profiles: ArrayLike) -> np.ndarray:
    """Scale each column by its observed range (Gower); constant columns contribute nothing.
    Manhattan distance on the result divided by the number of columns is Gower's distance."""
    x = _finite(profiles, "profiles", ndim=2)
    if x.size == 0:
        raise ValueError("no profiles")
    spread = np.ptp(x, axis=0)
    spread[spread == 0] = 1.0
    scaled: np.ndarray = (x - x.min(axis=0)) / spread
    return scaled


def gower_distances(profiles: ArrayLike) -> np.ndarray:
    """Condensed Gower distances between rows (ordinal data: scaled Manhattan)."""
    scaled = gower_scale(profiles)
    distances: np.ndarray = pdist(scaled, "cityblock") / scaled.shape[1]
    return distances


def silhouettes(scaled: np.ndarray, labelings: np.ndarray, chunk: int = 1024) -> np.ndarray:
    """Mean silhouette width for several labelings at once, without the full n×n matrix.

    scaled: (n, m) Gower-scaled profiles; labelings: (L, n) cluster labels 1..k.
    Distances are computed in row chunks and reduced to per-cluster means right away.
    A point alone in its cluster scores 0 (Rousseeuw's convention).
    """
    scaled = _finite(scaled, "scaled", ndim=2)
    labelings = _finite(labelings, "labelings", ndim=2)
    n, m = scaled.shape
    if labelings.shape[1] != n:
        raise ValueError("each labeling needs one label per row")
    if (labelings != np.round(labelings)).any() or (labelings < 1).any():
        raise ValueError("cluster labels are whole numbers from 1")
    labelings = labelings.astype(int)
    for labels in labelings:
        if np.unique(labels).size != labels.max():
            raise ValueError("cluster labels must run 1..k without gaps")
    chunk = _count(chunk, "chunk")
    if chunk < 1:
        raise ValueError("chunk must be positive")
    L = labelings.shape[0]
    totals = np.zeros(L)
    indicators = []
    sizes = []
    for labels in labelings:
        k = int(labels.max())
        onehot = (labels[:, None] == np.arange(1, k + 1)).astype(float)
        indicators.append(onehot)
        sizes.append(onehot.sum(axis=0))
    for start in range(0, n, chunk):
        block = cdist(scaled[start : start + chunk], scaled, "cityblock") / m
        for li, (onehot, size) in enumerate(zip(indicators, sizes, strict=True)):
            sums = block @ onehot  # (c, k): distance sums to each cluster
            own = labelings[li, start : start + chunk] - 1
            rows = np.arange(own.size)
            own_size = size[own]
            with np.errstate(invalid="ignore", divide="ignore"):
                a = sums[rows, own] / (own_size - 1)
                other = sums / size
            other[rows, own] = np.inf
            b = other.min(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                s = (b - a) / np.maximum(a, b)
            s[(own_size <= 1) | ~np.isfinite(s)] = 0.0
            totals[li] += s.sum()
    means: np.ndarray = totals / n
    return means


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # cluster number 1..k per association, in the order given
    k: int
    chosen_k: int  # by silhouette
    silhouette: dict[int, float]  # {k: mean silhouette width}


def canonical_order(profiles: ArrayLike, *, ids: ArrayLike | None = None) -> np.ndarray:
    """Row indices that sort the profiles by their values, equal profiles by their ids
    (default: their position).

    Whatever works by position depends on the order in which the associations happen to
    be listed (by name): average linkage breaks ties between equal distances by position,
    and a seeded bootstrap draws positions. In this order both are a function of the
    profiles. The ids only order equal profiles, which matters only where equal profiles
    can part (k reaching n in `cluster_profiles`).
    """
    x = _finite(profiles, "profiles", ndim=2)
    keys = np.arange(x.shape[0]) if ids is None else np.asarray(ids)
    if keys.shape != (x.shape[0],) or np.unique(keys).size != keys.size:
        raise ValueError("ids must name each row once")
    order: np.ndarray = np.lexsort((keys, *x.T[::-1]))
    return order


def _number_by_first_member(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters 1..k in the order in which they first occur."""
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first, kind="stable")
    numbers = np.empty(order.size, dtype=int)
    numbers[order] = np.arange(1, order.size + 1)
    _, inverse = np.unique(labels, return_inverse=True)
    return numbers[inverse]


def cluster_profiles(
    profiles: ArrayLike,
    *,
    ids: ArrayLike | None = None,
    k_range: range = range(2, 7),
    k: int | None = None,
) -> Clustering | None:
    """Average-linkage clusters on Gower distances; k by the best mean silhouette unless given.

    The result does not depend on the order of the rows (give each row a unique, sortable id,
    e.g. the association's, to hold it to that also for equal profiles): they are clustered in
    a canonical order (`canonical_order`), a tie in the silhouette goes to the smaller k,
    and clusters are numbered by their first member in that order (cluster 1 holds the
    lowest profile). Returns None when there are too few associations to form two clusters
    of two.
    """
    x = _finite(profiles, "profiles", ndim=2)
    order = canonical_order(x, ids=ids)
    if k is not None and _count(k, "k") < 2:
        raise ValueError("k must be at least 2")
    if any(c < 2 for c in k_range):
        raise ValueError("the candidate numbers of clusters start at 2")
    n = x.shape[0]
    candidates = [c for c in k_range if c < n]
    if n < 4 or not candidates:
        return None
    scaled = gower_scale(x[order])
    tree = linkage(pdist(scaled, "cityblock") / scaled.shape[1], method="average")
    labelings = np.array([fcluster(tree, c, criterion="maxclust") for c in candidates])
    widths = silhouettes(scaled, labelings)
    by_k = {int(labelings[i].max()): float(widths[i]) for i in range(len(candidates))}
    # maxclust may give fewer clusters than asked when distances tie; keep what exists.
    # Widths equal but for rounding count as a tie, which the smaller k wins.
    chosen = max(by_k, key=lambda c: (round(by_k[c], 12), -c))
    final = chosen if k is None else k
    canonical = _number_by_first_member(fcluster(tree, final, criterion="maxclust"))
    labels = np.empty(n, dtype=int)
    labels[order] = canonical
    return Clustering(labels=labels, k=int(labels.max()), chosen_k=chosen, silhouette=by_k)


# ---- multipliers ------------------------------------------------------------------------------


def multiplier_mask(
    competence: ArrayLike,
    need: ArrayLike,
    willing: ArrayLike,
    *,
    min_competence: int = 4,
    max_need: int = 2,
    requires_willing: bool = True,
) -> np.ndarray:
    """Which associations (rows) qualify as multipliers in which fields (columns)."""
    competence = _answers(competence, "competence", ndim=2)
    need = _answers(need, "need", ndim=2)
    min_competence = _level(min_competence, "min_competence")
    max_need = _level(max_need, "max_need")
    willing = np.asarray(willing)
    if not competence.shape == need.shape == willing.shape:
        raise ValueError("competence, need and willingness need the same shape")
    mask = (competence >= min_competence) & (need <= max_need)
    if requires_willing:
        mask &= willing.astype(bool)
    return mask
