"""Matching the associations' needs to the welfare services' offers: pure, no Django.

Each (association, field) with need at or above `min_need` asks for one case; each offer
gives `capacity` cases in its field. The benefit of meeting a need with an offer is

    benefit = priority × BIG + fit,    priority = need − min_need + 1,
    fit = LANGUAGE_FIT × (a shared language other than German) + DISTRICT_FIT × (district served)

and the total benefit is maximised by the shared solver (lib/assignment.py), one block per
field (an offer serves its own field only). BIG exceeds the largest fit, so the optimum meets
higher needs first: were a lower need met while a higher one of the same field stays open,
giving the lower one's case to the higher need would gain at least BIG − max fit > 0. Fit
only decides between needs of the same level and which offer meets which need.

German is the programme's working language and every service counsels in it; counting it as
a shared language would give every pair the same bonus and say nothing, so the language fit
asks for a language of the association's community.

Deterministic: needs are ordered by (field, association id) and offers by id before solving,
so the same input in any order gives the same result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from vereinsforum.lib.assignment import Block, assign_blocks

#: Need from "low need" (2) on asks for support; 1 is "no need".
MIN_NEED = 2
LANGUAGE_FIT = 2
DISTRICT_FIT = 1
MAX_FIT = LANGUAGE_FIT + DISTRICT_FIT
#: Larger than any fit: one level of need outweighs every fit (see the module docstring).
BIG = 100
WORKING_LANGUAGE = "de"


@dataclass(frozen=True)
class Need:
    organisation_id: int
    field_id: int
    level: int
    languages: frozenset[str] = frozenset()
    district: str = ""


@dataclass(frozen=True)
class OfferInput:
    offer_id: int
    field_id: int
    capacity: int
    languages: frozenset[str] = frozenset()
    citywide: bool = False
    districts: frozenset[str] = frozenset()

    def serves(self, district: str) -> bool:
        return self.citywide or (bool(district) and district in self.districts)


@dataclass(frozen=True)
class Match:
    need: Need
    offer_id: int | None
    shared_language: bool = False
    district_served: bool = False
    benefit: int = 0

    @property
    def covered(self) -> bool:
        return self.offer_id is not None


def fit(need: Need, offer: OfferInput) -> tuple[bool, bool]:
    """(shares a community language, serves the association's district)."""
    shared = bool((need.languages & offer.languages) - {WORKING_LANGUAGE})
    return shared, offer.serves(need.district)


def benefit(need: Need, offer: OfferInput, *, min_need: int = MIN_NEED) -> int:
    if need.field_id != offer.field_id or need.level < min_need:
        return 0
    shared, served = fit(need, offer)
    priority = need.level - min_need + 1
    return priority * BIG + LANGUAGE_FIT * shared + DISTRICT_FIT * served


def match(
    needs: Iterable[Need], offers: Iterable[OfferInput], *, min_need: int = MIN_NEED
) -> list[Match]:
    """One Match per need at or above `min_need`, in (field, association) order."""
    needs = sorted(
        (n for n in needs if n.level >= min_need), key=lambda n: (n.field_id, n.organisation_id)
    )
    offers = sorted(offers, key=lambda o: o.offer_id)
    fields = sorted({n.field_id for n in needs})
    blocks, parts = [], []
    for field_id in fields:
        rows = [n for n in needs if n.field_id == field_id]
        cols = [o for o in offers if o.field_id == field_id and o.capacity > 0]
        matrix = np.array(
            [[benefit(n, o, min_need=min_need) for o in cols] for n in rows], dtype=float
        ).reshape(len(rows), len(cols))
        blocks.append(Block(matrix, [o.capacity for o in cols]))
        parts.append((rows, cols))
    results = assign_blocks(blocks) if blocks else []
    out: list[Match] = []
    for (rows, cols), result in zip(parts, results, strict=True):
        chosen = dict(result.pairs)
        for r, need in enumerate(rows):
            if r in chosen:
                offer = cols[chosen[r]]
                shared, served = fit(need, offer)
                out.append(
                    Match(
                        need,
                        offer.offer_id,
                        shared,
                        served,
                        benefit(need, offer, min_need=min_need),
                    )
                )
            else:
                out.append(Match(need, None))
    return out


def digest(
    needs: Iterable[Need], offers: Iterable[OfferInput], *, min_need: int, source: str = ""
) -> str:
    """A fingerprint of the input, to tell whether a kept result is still current (`source`
    names where the needs came from, e.g. the wave)."""
    payload = {
        "source": source,
        "min_need": min_need,
        "needs": sorted(
            [n.organisation_id, n.field_id, n.level, sorted(n.languages), n.district] for n in needs
        ),
        "offers": sorted(
            [
                o.offer_id,
                o.field_id,
                o.capacity,
                sorted(o.languages),
                o.citywide,
                sorted(o.districts),
            ]
            for o in offers
        ),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
