"""The tandem problem: who mentors whom, in each field, and why.

Pure: `solve(problems, weights)` takes plain dataclasses and returns the pairings with their
explanations, so the benchmark can feed it 5,000 synthetic mentees; `services.py` loads the
data from the database and stores the result.

Benefit of a pair (mentor m, mentee e) in a field:

    weight_gap      × gap                  (m's competence − e's competence, 1–4)
  + weight_language × shared               (1 if they share a language other than the
                                            common working language, or a community)
  + weight_district × closeness            (1 − km / CLOSENESS_KM, at least 0; 1 in the
                                            same district; 0 when a district is unknown)

Eligible: not the same association, gap ≥ min_gap, and — with a maximum distance — at most
that far apart (a pair whose distance is unknown stays eligible: a missing district must not
shut an association out; it only gets no closeness bonus). Earlier decisions: pairs already
agreed (approved, active) stay and use their mentor's capacity; pairs that were declined,
discarded or completed are never proposed again.

Every field is solved optimally on its own (the fields share nothing) unless a cap on the
tandems per mentee across fields is set: then all fields are one milp
(`vereinsforum.lib.assignment`). Rows and columns are ordered by organisation id, so the
same input gives the same pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from vereinsforum.lib.assignment import Block, assign_blocks
from vereinsforum.tandems.districts import DISTANCE_KM, district_index

#: At this distance (km) and beyond, districts are not "close" at all (Wuppertal's valley
#: is about 17 km long).
CLOSENESS_KM = 15.0
#: Everyone in the programme shares it, so it says nothing about a pair.
COMMON_LANGUAGE = "de"


def community_tokens(text: str) -> frozenset[str]:
    """ "türkisch, Jugend" → {"türkisch", "jugend"}."""
    return frozenset(t.strip().casefold() for t in (text or "").split(",") if t.strip())


@dataclass(frozen=True)
class Party:
    """An association as mentor or mentee in one field."""

    organisation_id: int
    name: str
    competence: int
    district: str = ""
    languages: frozenset[str] = frozenset()  # language codes
    communities: frozenset[str] = frozenset()
    need: int = 0
    capacity: int = 0  # mentors only


@dataclass(frozen=True)
class Weights:
    gap: float = 1.0
    language: float = 1.0
    district: float = 1.0
    min_gap: int = 2
    max_distance_km: float | None = None
    max_per_mentee: int | None = None


@dataclass
class FieldProblem:
    field_key: str
    mentors: Sequence[Party]
    mentees: Sequence[Party]
    #: (mentor organisation id, mentee organisation id) pairs that stay
    fixed: Iterable[tuple[int, int]] = ()
    #: pairs never to propose again
    excluded: Iterable[tuple[int, int]] = ()


@dataclass(frozen=True)
class Pairing:
    field_key: str
    mentor_id: int
    mentee_id: int
    benefit: float
    gap: int
    mentor_competence: int
    mentee_competence: int
    mentee_need: int
    shared_languages: tuple[str, ...]
    shared_communities: tuple[str, ...]
    mentor_district: str
    mentee_district: str
    distance_km: float | None
    benefit_gap: float
    benefit_language: float
    benefit_district: float
    fixed: bool = False


@dataclass
class Solution:
    pairings: list[Pairing]
    method: str
    total_benefit: float
    new: list[Pairing] = field(default_factory=list)


@dataclass
class _Matrices:
    benefit: np.ndarray
    eligible: np.ndarray
    gap: np.ndarray
    shared: np.ndarray
    distance: np.ndarray  # nan when unknown


def _token_matrix(parties: Sequence[Party], vocabulary: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(parties), max(len(vocabulary), 1)), dtype=np.float32)
    for i, p in enumerate(parties):
        for t in _tokens(p):
            out[i, vocabulary[t]] = 1.0
    return out


def _tokens(p: Party) -> set[str]:
    return {f"l:{code}" for code in p.languages if code != COMMON_LANGUAGE} | {
        f"c:{c}" for c in p.communities
    }


def matrices(mentors: Sequence[Party], mentees: Sequence[Party], weights: Weights) -> _Matrices:
    """Benefit and eligibility of every (mentee, mentor) pair, rows = mentees."""
    vocabulary: dict[str, int] = {}
    for p in (*mentors, *mentees):
        for t in sorted(_tokens(p)):
            vocabulary.setdefault(t, len(vocabulary))
    shared = (_token_matrix(mentees, vocabulary) @ _token_matrix(mentors, vocabulary).T) > 0
    mentor_comp = np.array([m.competence for m in mentors], dtype=np.int16)
    mentee_comp = np.array([e.competence for e in mentees], dtype=np.int16)
    gap = mentor_comp[None, :] - mentee_comp[:, None]
    # Per pair of districts (the last row and column: unknown) one table lookup each, rather
    # than arithmetic on every pair: the benchmark has 5 million pairs per field.
    unknown = len(DISTANCE_KM)
    mentor_d = np.array([district_index(m.district) for m in mentors], dtype=np.intp)
    mentee_d = np.array([district_index(e.district) for e in mentees], dtype=np.intp)
    mentor_d[mentor_d < 0] = unknown
    mentee_d[mentee_d < 0] = unknown
    km = np.full((unknown + 1, unknown + 1), np.nan)
    km[:unknown, :unknown] = DISTANCE_KM
    close = np.where(np.isnan(km), 0.0, np.clip(1.0 - km / CLOSENESS_KM, 0.0, 1.0))
    rows, cols = mentee_d[:, None], mentor_d[None, :]
    distance = km[rows, cols]
    benefit = weights.district * close[rows, cols]
    benefit += weights.gap * gap
    benefit += weights.language * shared
    mentor_org = np.array([m.organisation_id for m in mentors])
    mentee_org = np.array([e.organisation_id for e in mentees])
    eligible = gap >= weights.min_gap
    eligible &= mentee_org[:, None] != mentor_org[None, :]
    if weights.max_distance_km is not None:
        allowed = np.isnan(km) | (km <= weights.max_distance_km)
        eligible &= allowed[rows, cols]
    return _Matrices(benefit, eligible, gap, shared, distance)


def _explain(
    problem: FieldProblem,
    mentor: Party,
    mentee: Party,
    m: _Matrices,
    r: int,
    c: int,
    weights: Weights,
    fixed: bool,
) -> Pairing:
    distance = m.distance[r, c]
    known = not np.isnan(distance)
    closeness = max(0.0, 1.0 - float(distance) / CLOSENESS_KM) if known else 0.0
    languages = sorted((mentor.languages & mentee.languages) - {COMMON_LANGUAGE})
    communities = sorted(mentor.communities & mentee.communities)
    return Pairing(
        field_key=problem.field_key,
        mentor_id=mentor.organisation_id,
        mentee_id=mentee.organisation_id,
        benefit=float(m.benefit[r, c]),
        gap=int(m.gap[r, c]),
        mentor_competence=mentor.competence,
        mentee_competence=mentee.competence,
        mentee_need=mentee.need,
        shared_languages=tuple(languages),
        shared_communities=tuple(communities),
        mentor_district=mentor.district,
        mentee_district=mentee.district,
        distance_km=round(float(distance), 1) if known else None,
        benefit_gap=weights.gap * int(m.gap[r, c]),
        benefit_language=weights.language * float(bool(m.shared[r, c])),
        benefit_district=weights.district * closeness,
        fixed=fixed,
    )


def solve(problems: Sequence[FieldProblem], weights: Weights) -> Solution:
    """The optimal tandems over all fields, fixed pairs included (see the module docstring)."""
    blocks, prepared = [], []
    for problem in problems:
        mentors = sorted(problem.mentors, key=lambda p: p.organisation_id)
        mentees = sorted(problem.mentees, key=lambda p: p.organisation_id)
        col = {p.organisation_id: i for i, p in enumerate(mentors)}
        row = {p.organisation_id: i for i, p in enumerate(mentees)}
        m = matrices(mentors, mentees, weights)
        fixed = [(row[e], col[o]) for o, e in problem.fixed if o in col and e in row]
        # One fixed pair per mentee row: the first one listed.
        first_of_row: dict[int, tuple[int, int]] = {}
        for pair in fixed:
            first_of_row.setdefault(pair[0], pair)
        fixed = list(first_of_row.values())
        excluded = {(row[e], col[o]) for o, e in problem.excluded if o in col and e in row}
        excluded -= set(fixed)
        blocks.append(
            Block(
                benefit=m.benefit,
                capacity=np.array([p.capacity for p in mentors], dtype=np.int64),
                eligible=m.eligible,
                fixed=fixed,
                excluded=excluded,
                row_groups=np.array([p.organisation_id for p in mentees], dtype=np.int64),
            )
        )
        prepared.append((problem, mentors, mentees, m))
    results = assign_blocks(blocks, group_cap=weights.max_per_mentee)
    pairings, new = [], []
    for (problem, mentors, mentees, m), result in zip(prepared, results, strict=True):
        for r, c in result.pairs:
            is_fixed = (r, c) in result.fixed
            pairing = _explain(problem, mentors[c], mentees[r], m, r, c, weights, is_fixed)
            pairings.append(pairing)
            if not is_fixed:
                new.append(pairing)
    method = results[0].method if results else "lsa"
    total = float(sum(r.benefit for r in results))
    return Solution(pairings=pairings, method=method, total_benefit=total, new=new)
