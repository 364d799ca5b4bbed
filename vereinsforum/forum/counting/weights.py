"""Weights: how much priority each option gets. They always sum to 1 (when defined)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def share_weights(scores: np.ndarray) -> np.ndarray | None:
    """Each option's share of the total (dot voting, approval, Borda); None if all are 0."""
    scores = np.asarray(scores, dtype=np.float64)
    total = scores.sum()
    if total <= 0:
        return None
    share: np.ndarray = scores / total
    return share


def roc_position_weights(n: int) -> np.ndarray:
    """Rank-order-centroid weights for n strictly ordered positions: w_k = 1/n Σ_{i≥k} 1/i."""
    inverse = 1.0 / np.arange(1, n + 1)
    return np.cumsum(inverse[::-1])[::-1] / n


def roc_weights(ranking: Sequence[Sequence[int]], n: int) -> np.ndarray:
    """ROC weights for a ranking with ties: a tied place shares the average of its positions."""
    position = roc_position_weights(n)
    weights = np.zeros(n, dtype=np.float64)
    start = 0
    for place in ranking:
        share = position[start : start + len(place)].mean()
        for option in place:
            weights[option] = share
        start += len(place)
    return weights
