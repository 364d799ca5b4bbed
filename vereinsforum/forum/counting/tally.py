"""One entry point per counting method; each returns a `Tally` (JSON-ready via `as_dict`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import SupportsFloat

import numpy as np

from vereinsforum.forum.counting import ranked, schulze, scores, weights


@dataclass
class Tally:
    method: str
    options: int
    ballots: int
    #: Places, best first; each place a sorted list of option indices (more than one = tie).
    ranking: list[list[int]]
    #: Per option: points, approvals or Borda points; for Schulze the number of options beaten.
    scores: list[float]
    #: Per option, or None when nothing was counted (no ballots, all zero).
    weights: list[float] | None
    ties: list[list[int]] = field(default_factory=list)
    #: Method-specific detail for the results page (matrices, paths, supporters).
    explanation: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _floats(values: Iterable[SupportsFloat]) -> list[float]:
    return [float(v) for v in values]


def tally_schulze(ranks: np.ndarray) -> Tally:
    n = ranks.shape[1]
    d = ranked.pairwise_matrix(ranks)
    result = schulze.schulze(d)
    p = result.p
    order = [option for place in result.ranking for option in place]
    pairs = [
        {
            "a": a,
            "b": b,
            "path": schulze.strongest_path(d, p, a, b),
            "strength": int(p[a, b]),
            "reverse_path": schulze.strongest_path(d, p, b, a),
            "reverse_strength": int(p[b, a]),
        }
        for a, b in zip(order, order[1:], strict=False)
    ]
    winner = ranked.condorcet_winner(d)
    has_ballots = ranks.shape[0] > 0
    return Tally(
        method="schulze",
        options=n,
        ballots=int(ranks.shape[0]),
        ranking=result.ranking,
        scores=_floats((p > p.T).sum(axis=1)),
        weights=_floats(weights.roc_weights(result.ranking, n)) if has_ballots else None,
        ties=scores.ties(result.ranking),
        explanation={
            "d": d.tolist(),
            "margins": ranked.margins(d).tolist(),
            "p": p.tolist(),
            "pairs": pairs,
            "condorcet_winner": winner,
        },
    )


def tally_borda(ranks: np.ndarray) -> Tally:
    n = ranks.shape[1]
    points = ranked.borda_points(ranks)
    ranking = scores.rank_by([(float(x),) for x in points])
    share = weights.share_weights(points)
    return Tally(
        method="borda",
        options=n,
        ballots=int(ranks.shape[0]),
        ranking=ranking,
        scores=_floats(points),
        weights=_floats(share) if share is not None else None,
        ties=scores.ties(ranking),
        explanation={"points_per_ballot": n * (n - 1) / 2},
    )


def tally_ranked(ballots: Sequence[ranked.RankedBallot], n: int) -> dict[str, Tally]:
    """Ranked ballots are counted both ways; the poll's method says which one is official."""
    ranks = ranked.rank_matrix(ballots, n)
    return {"schulze": tally_schulze(ranks), "borda": tally_borda(ranks)}


def tally_dots(points: np.ndarray) -> Tally:
    points = np.asarray(points, dtype=np.int64).reshape(-1, points.shape[-1])
    totals, supporters = scores.dot_totals(points)
    ranking = scores.dot_ranking(points)
    share = weights.share_weights(totals)
    return Tally(
        method="dots",
        options=points.shape[1],
        ballots=int(points.shape[0]),
        ranking=ranking,
        scores=_floats(totals),
        weights=_floats(share) if share is not None else None,
        ties=scores.ties(ranking),
        explanation={"supporters": [int(s) for s in supporters]},
    )


def tally_approval(approvals: np.ndarray) -> Tally:
    approvals = np.asarray(approvals, dtype=bool).reshape(-1, approvals.shape[-1])
    totals = scores.approval_totals(approvals)
    ranking = scores.rank_by([(int(t),) for t in totals])
    share = weights.share_weights(totals)
    return Tally(
        method="approval",
        options=approvals.shape[1],
        ballots=int(approvals.shape[0]),
        ranking=ranking,
        scores=_floats(totals),
        weights=_floats(share) if share is not None else None,
        ties=scores.ties(ranking),
    )
