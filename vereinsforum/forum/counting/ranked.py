"""Ranked ballots: a ballot is a list of groups of option indices, best group first.

Options in one group are tied; options in no group are unranked, which counts as below
every ranked option and tied with the other unranked ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RankedBallot = Sequence[Sequence[int]]


def rank_matrix(ballots: Sequence[RankedBallot], n: int) -> np.ndarray:
    """(ballots × options) array of levels: 0 for the first group, …; unranked get n."""
    ranks = np.full((len(ballots), n), n, dtype=np.int16)
    for row, ballot in enumerate(ballots):
        for level, group in enumerate(ballot):
            for option in group:
                ranks[row, option] = level
    return ranks


def pairwise_matrix(ranks: np.ndarray) -> np.ndarray:
    """d[a, b] = number of ballots that strictly prefer a to b (lower level = preferred)."""
    n = ranks.shape[1]
    d = np.zeros((n, n), dtype=np.int64)
    # One option at a time keeps the temporary array at ballots × n, not ballots × n × n.
    for a in range(n):
        d[a] = (ranks[:, a : a + 1] < ranks).sum(axis=0)
    return d


def borda_points(ranks: np.ndarray) -> np.ndarray:
    """Borda points per option, summed over ballots.

    On one ballot an option gets one point per option ranked strictly below it, and half a
    point per other option tied with it: a tied group shares the average of the points of
    the positions it occupies (with n options, position k is worth n - k). Unranked options
    form the last tied group.
    """
    n = ranks.shape[1]
    points = np.zeros(n, dtype=np.float64)
    for a in range(n):
        below = (ranks[:, a : a + 1] < ranks).sum()
        tied = (ranks[:, a : a + 1] == ranks).sum() - ranks.shape[0]  # minus a itself
        points[a] = below + tied / 2
    return points


def margins(d: np.ndarray) -> np.ndarray:
    m: np.ndarray = d - d.T
    return m


def condorcet_winner(d: np.ndarray) -> int | None:
    """The option that beats every other one head to head (d[a, b] > d[b, a]), if any."""
    n = d.shape[0]
    beats = d > d.T
    for a in range(n):
        if beats[a].sum() == n - 1:
            return a
    return None
