"""Score-based counts (dot voting, approval, Borda) and turning keys into a ranking."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rank_by(keys: Sequence[tuple]) -> list[list[int]]:
    """Places from sort keys (higher is better); equal keys share a place."""
    order = sorted(range(len(keys)), key=lambda i: keys[i], reverse=True)
    ranking: list[list[int]] = []
    for i in order:
        if ranking and keys[ranking[-1][0]] == keys[i]:
            ranking[-1].append(i)
        else:
            ranking.append([i])
    return [sorted(place) for place in ranking]


def dot_totals(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(points per option, number of ballots giving the option at least one point)."""
    return points.sum(axis=0), (points >= 1).sum(axis=0)


def dot_ranking(points: np.ndarray) -> list[list[int]]:
    """Most points first; a tie is broken by the number of ballots that gave ≥ 1 point."""
    totals, supporters = dot_totals(points)
    return rank_by([(int(t), int(s)) for t, s in zip(totals, supporters, strict=True)])


def approval_totals(approvals: np.ndarray) -> np.ndarray:
    totals: np.ndarray = approvals.astype(bool).sum(axis=0)
    return totals


def ties(ranking: Sequence[Sequence[int]]) -> list[list[int]]:
    """The places held by more than one option: ties that must not be broken silently."""
    return [list(place) for place in ranking if len(place) > 1]
