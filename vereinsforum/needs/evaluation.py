"""The evaluation of one wave: load the answers into arrays, then run the pure statistics.

`evaluate(data)` knows nothing about Django, so the benchmark can feed it 5,000 synthetic
interviews; `wave_data(wave)` is the only part that reads the database.

scipy comes in through `statistics`, which is imported only when an evaluation runs: the URL
configuration imports this module (for its types), and a page or command that never
evaluates should not pay for scipy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from vereinsforum.needs.models import HIGH_NEED, MIN_GROUP, FieldAnswer, Interview, Wave

if TYPE_CHECKING:
    from vereinsforum.needs import statistics as st


@dataclass
class WaveData:
    """Complete answers of one wave: one row per association, one column per field."""

    field_keys: list[str]
    field_names: list[str]
    organisation_ids: list[int]
    organisation_names: list[str]
    need: np.ndarray  # (n, k) int
    competence: np.ndarray  # (n, k) int
    willing: np.ndarray  # (n, k) bool
    capacity: np.ndarray  # (n, k) int, 0 when not given

    @property
    def n(self) -> int:
        return int(self.need.shape[0])


@dataclass
class FieldResult:
    index: int
    key: str
    name: str
    need_counts: list[int]
    competence_counts: list[int]
    median: st.Interval
    share_high: st.Interval
    high_count: int
    mean: st.Interval
    leik_d: float
    iqr: float
    competence_median: float
    rank: int = 0
    rank_low: int = 0
    rank_high: int = 0


@dataclass
class ClusterResult:
    number: int
    size: int
    members: list[int]  # row indices
    member_names: list[str]
    median_need: list[float]
    mean_need: list[float]
    share_high: list[float]
    field_order: list[int]  # field indices, highest need first
    order_names: list[str]


@dataclass
class MultiplierCandidate:
    row: int
    organisation_id: int
    organisation_name: str
    competence: int
    need: int
    willing: bool
    capacity: int


@dataclass
class Evaluation:
    n: int
    fields: list[FieldResult]
    ranking: list[FieldResult]
    agreement: st.Agreement | None
    agreement_strength: str
    clustering: st.Clustering | None
    clusters: list[ClusterResult]
    multipliers: dict[str, list[MultiplierCandidate]]
    seed: int
    n_resamples: int
    data: WaveData = field(repr=False)


def evaluate(
    data: WaveData,
    *,
    seed: int | None = None,
    n_resamples: int | None = None,
    cluster_k: int | None = None,
    min_competence: int = 4,
    max_need: int = 2,
    requires_willing: bool = True,
) -> Evaluation:
    """The whole evaluation; `seed` and `n_resamples` default to the statistics' own."""
    from vereinsforum.needs import statistics as st

    seed = st.DEFAULT_SEED if seed is None else seed
    n_resamples = st.DEFAULT_B if n_resamples is None else n_resamples
    n, k = data.need.shape
    if n < 2:
        raise ValueError("an evaluation needs at least two complete interviews")
    # One set of resamples for every field and statistic: the rows stay together. The
    # bootstrap draws positions, so it runs on the rows in canonical order: an interval must
    # not move when an association is renamed and sorts elsewhere.
    weights = st.resample_weights(n, n_resamples, seed)
    canonical = data.need[st.canonical_order(data.need, ids=data.organisation_ids)]
    means = st.mean_bca(canonical, weights)
    ranked = {r.index: r for r in st.priority_ranking(canonical, weights, high=HIGH_NEED)}
    fields: list[FieldResult] = []
    for i in range(k):
        column = data.need[:, i]
        counts = st.level_counts(column)
        high = int((column >= HIGH_NEED).sum())
        r = ranked[i]
        fields.append(
            FieldResult(
                index=i,
                key=data.field_keys[i],
                name=data.field_names[i],
                need_counts=[int(c) for c in counts],
                competence_counts=[int(c) for c in st.level_counts(data.competence[:, i])],
                median=st.median_ci(column),
                share_high=st.wilson_interval(high, n),
                high_count=high,
                mean=means[i],
                leik_d=st.leik_d(counts),
                iqr=st.iqr(column),
                competence_median=float(np.median(data.competence[:, i])),
                rank=r.rank,
                rank_low=r.rank_low,
                rank_high=r.rank_high,
            )
        )
    ranking = sorted(fields, key=lambda f: f.rank)

    agreement = st.friedman_kendall(data.need) if k >= 3 else None
    strength = st.agreement_strength(agreement.kendall_w) if agreement else "undefined"

    clustering = st.cluster_profiles(data.need, ids=data.organisation_ids, k=cluster_k)
    clusters: list[ClusterResult] = []
    if clustering is not None:
        for number in range(1, clustering.k + 1):
            rows = np.flatnonzero(clustering.labels == number)
            part = data.need[rows]
            share = (part >= HIGH_NEED).mean(axis=0)
            median = np.median(part, axis=0)
            mean = part.mean(axis=0)
            order = np.argsort(st.priority_order(share, median, mean))
            clusters.append(
                ClusterResult(
                    number=number,
                    size=int(rows.size),
                    members=[int(r) for r in rows],
                    member_names=[data.organisation_names[r] for r in rows],
                    median_need=[float(v) for v in median],
                    mean_need=[float(v) for v in mean],
                    share_high=[float(v) for v in share],
                    field_order=[int(i) for i in order],
                    order_names=[data.field_names[i] for i in order],
                )
            )
        clusters.sort(key=lambda c: -c.size)

    mask = st.multiplier_mask(
        data.competence,
        data.need,
        data.willing,
        min_competence=min_competence,
        max_need=max_need,
        requires_willing=requires_willing,
    )
    multipliers = {
        data.field_keys[i]: [
            MultiplierCandidate(
                row=int(row),
                organisation_id=data.organisation_ids[row],
                organisation_name=data.organisation_names[row],
                competence=int(data.competence[row, i]),
                need=int(data.need[row, i]),
                willing=bool(data.willing[row, i]),
                capacity=int(data.capacity[row, i]),
            )
            for row in np.flatnonzero(mask[:, i])
        ]
        for i in range(k)
    }
    return Evaluation(
        n=n,
        fields=fields,
        ranking=ranking,
        agreement=agreement,
        agreement_strength=strength,
        clustering=clustering,
        clusters=clusters,
        multipliers=multipliers,
        seed=seed,
        n_resamples=n_resamples,
        data=data,
    )


def wave_data(wave: Wave) -> WaveData:
    """The complete (submitted or validated) interviews of a wave as arrays."""
    fields = list(wave.instrument.ordered_fields())
    interviews = list(
        Interview.objects.filter(wave=wave)
        .complete()
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    column = {f.pk: i for i, f in enumerate(fields)}
    row = {iv.pk: r for r, iv in enumerate(interviews)}
    shape = (len(interviews), len(fields))
    need = np.zeros(shape, dtype=int)
    competence = np.zeros(shape, dtype=int)
    willing = np.zeros(shape, dtype=bool)
    capacity = np.zeros(shape, dtype=int)
    answers = FieldAnswer.objects.filter(interview__in=interviews, field__in=fields).values_list(
        "interview_id", "field_id", "need", "competence", "willing", "capacity"
    )
    for interview_id, field_id, n_, c_, w_, cap in answers:
        r, c = row[interview_id], column[field_id]
        need[r, c], competence[r, c], willing[r, c], capacity[r, c] = n_, c_, w_, cap or 0
    return WaveData(
        field_keys=[f.key for f in fields],
        field_names=[str(f) for f in fields],
        organisation_ids=[iv.organisation_id for iv in interviews],
        organisation_names=[iv.organisation.name for iv in interviews],
        need=need,
        competence=competence,
        willing=willing,
        capacity=capacity,
    )


def evaluate_wave(wave: Wave) -> Evaluation | None:
    """The evaluation with the wave's settings, or None below two complete interviews."""
    data = wave_data(wave)
    if data.n < 2:
        return None
    return evaluate(
        data,
        cluster_k=wave.cluster_k,
        min_competence=wave.multiplier_min_competence,
        max_need=wave.multiplier_max_need,
        requires_willing=wave.multiplier_requires_willing,
    )


def may_see_aggregates(n: int, *, privileged: bool) -> bool:
    """The forum and the public never see figures for a group of fewer than MIN_GROUP."""
    return privileged or n >= MIN_GROUP


@dataclass
class FieldChange:
    key: str
    name: str
    before_share: float
    after_share: float
    before_median: float
    after_median: float

    @property
    def share_delta(self) -> float:
        return self.after_share - self.before_share

    @property
    def median_delta(self) -> float:
        return self.after_median - self.before_median


def compare(before: Evaluation, after: Evaluation) -> list[FieldChange]:
    """Change of the aggregates between two waves, for the fields both asked about."""
    earlier = {f.key: f for f in before.fields}
    return [
        FieldChange(
            f.key,
            f.name,
            earlier[f.key].share_high.estimate,
            f.share_high.estimate,
            earlier[f.key].median.estimate,
            f.median.estimate,
        )
        for f in after.fields
        if f.key in earlier
    ]
