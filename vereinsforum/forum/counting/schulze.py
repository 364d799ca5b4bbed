"""The Schulze method, winning votes, as in Schulze (2011), computed with widest paths.

- A link a → b exists when d[a, b] > d[b, a]; its strength is d[a, b] (winning votes).
- The strength of a path is its weakest link; p[a, b] is the strength of the strongest
  path from a to b, 0 when there is none (Floyd–Warshall for widest paths).
- a beats b when p[a, b] > p[b, a]. Schulze (2011) proves this relation transitive.
- The ranking: place 1 holds the options no other option beats (the winners); they are
  taken out, place 2 holds the options no remaining option beats, and so on. Options in
  one place are tied.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np


def link_strengths(d: np.ndarray) -> np.ndarray:
    return np.where(d > d.T, d, 0)


def widest_paths(d: np.ndarray) -> np.ndarray:
    """p[a, b]: strength of the strongest path from a to b (winning votes)."""
    p = link_strengths(d).astype(np.int64)
    n = p.shape[0]
    for k in range(n):
        through_k = np.minimum(p[:, k : k + 1], p[k : k + 1, :])
        np.maximum(p, through_k, out=p)
    np.fill_diagonal(p, 0)
    return p


def places(p: np.ndarray) -> list[list[int]]:
    """The ranking as places (lists of tied options), best first."""
    beats = p > p.T
    remaining = set(range(p.shape[0]))
    ranking: list[list[int]] = []
    while remaining:
        top = sorted(a for a in remaining if not any(beats[b, a] for b in remaining))
        if not top:  # cannot happen for a transitive relation; guards against a loop
            raise AssertionError("Schulze relation is not acyclic")
        ranking.append(top)
        remaining.difference_update(top)
    return ranking


def strongest_path(d: np.ndarray, p: np.ndarray, a: int, b: int) -> list[int]:
    """One strongest path from a to b: the fewest links among those of strength ≥ p[a, b]."""
    if a == b or p[a, b] == 0:
        return []
    links = link_strengths(d)
    need = p[a, b]
    previous = {a: a}
    queue = deque([a])
    while queue:
        x = queue.popleft()
        for y in np.flatnonzero(links[x] >= need):
            y = int(y)
            if y not in previous:
                previous[y] = x
                if y == b:
                    path = [b]
                    while path[-1] != a:
                        path.append(previous[path[-1]])
                    return path[::-1]
                queue.append(y)
    raise AssertionError("no path although p[a, b] > 0")


@dataclass(frozen=True)
class SchulzeResult:
    ranking: list[list[int]]
    p: np.ndarray

    @property
    def winners(self) -> list[int]:
        return self.ranking[0] if self.ranking else []


def schulze(d: np.ndarray) -> SchulzeResult:
    p = widest_paths(d)
    return SchulzeResult(ranking=places(p), p=p)
