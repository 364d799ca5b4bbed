"""The count of a poll: its stored ballots (as kept in the database) → the tallies and places.

A ballot's choices are stored as JSON keyed by option id (see `forum/choices.py`); here they
become the arrays the counting methods take, are counted by the poll's method, and the
official ranking becomes each option's place. All of it is pure: the poll-closing service
reads the ballots and writes the result, so the count can be repeated from the stored
ballots alone (the secrecy tests do exactly that).

Options are identified by their keys (the option ids as strings) in their position order;
index i in every result is the option with the i-th key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from vereinsforum.forum.counting.tally import Tally, tally_approval, tally_dots, tally_ranked

#: The methods counted from ranked ballots; both are counted, the poll's method is official.
RANKED_METHODS = ("schulze", "borda")

StoredChoices = Mapping[str, Any]


def _index(keys: Sequence[str]) -> dict[str, int]:
    return {key: i for i, key in enumerate(keys)}


def ranked_ballots(keys: Sequence[str], stored: Sequence[StoredChoices]) -> list[list[list[int]]]:
    """{"ranking": [["12", "15"], ["13"]]} → [[0, 2], [1]] (groups of option indices)."""
    index = _index(keys)
    return [[[index[k] for k in group] for group in b["ranking"]] for b in stored]


def dots_matrix(keys: Sequence[str], stored: Sequence[StoredChoices]) -> np.ndarray:
    """{"points": {"12": 3}} per ballot → a (ballots × options) array of points."""
    index = _index(keys)
    points = np.zeros((len(stored), len(keys)), dtype=np.int64)
    for row, ballot in enumerate(stored):
        for key, value in ballot["points"].items():
            points[row, index[key]] = value
    return points


def approval_matrix(keys: Sequence[str], stored: Sequence[StoredChoices]) -> np.ndarray:
    """{"approved": ["12", "14"]} per ballot → a (ballots × options) array of booleans."""
    index = _index(keys)
    approvals = np.zeros((len(stored), len(keys)), dtype=bool)
    for row, ballot in enumerate(stored):
        for key in ballot["approved"]:
            approvals[row, index[key]] = True
    return approvals


def count_ballots(
    method: str, keys: Sequence[str], stored: Sequence[StoredChoices]
) -> tuple[Tally, dict[str, Tally]]:
    """The official count and all counts of `method` for the stored choices.

    Ranked ballots are counted by Schulze and by Borda (the results page shows both); the
    first element is the count of `method` itself.
    """
    if method in RANKED_METHODS:
        tallies = tally_ranked(ranked_ballots(keys, stored), len(keys))
        return tallies[method], tallies
    if method == "dots":
        official = tally_dots(dots_matrix(keys, stored))
        return official, {"dots": official}
    official = tally_approval(approval_matrix(keys, stored))
    return official, {"approval": official}


def option_places(ranking: Sequence[Sequence[int]]) -> dict[int, int]:
    """{option index: place} for a ranking; tied options share a place, the next place skips
    as many as were tied (1, 1, 3: "standard competition ranking")."""
    places: dict[int, int] = {}
    place = 1
    for group in ranking:
        for i in group:
            places[i] = place
        place += len(group)
    return places
