"""Reads for the matching: the input of a coverage run, and the figures of a kept run.

`coverage_input` gathers the needs of the programme's latest wave with complete interviews
and the active offers, as the pure types of offers/matching.py. `matrix` and `level_table`
turn a run's rows into what the pages and exports show.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from vereinsforum.needs.models import LEVELS, FieldAnswer, Interview, Status, Wave
from vereinsforum.offers.matching import MIN_NEED, Need, OfferInput, digest
from vereinsforum.offers.models import CoverageRow, CoverageRun, Offer
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import Field, Programme

COMPLETE = (Status.SUBMITTED, Status.VALIDATED)


@dataclass
class CoverageInput:
    wave: Wave | None
    needs: list[Need]
    offers: list[OfferInput]
    min_need: int
    digest: str


def latest_wave(programme: Programme) -> Wave | None:
    """The newest wave that has complete interviews (a follow-up still in the field has
    only drafts, and would match nothing)."""
    complete = Interview.objects.filter(wave=OuterRef("pk"), status__in=COMPLETE)
    return (
        Wave.objects.filter(programme=programme)
        .filter(Exists(complete))
        .select_related("instrument")
        .order_by("-period_start", "-pk")
        .first()
    )


def wave_needs(wave: Wave) -> list[Need]:
    answers = list(
        FieldAnswer.objects.filter(
            interview__wave=wave,
            interview__status__in=COMPLETE,
            field__in=wave.instrument.fields.all(),
            need__isnull=False,
        ).values_list("interview__organisation_id", "field_id", "need")
    )
    org_ids = {o for o, _f, _n in answers}
    languages: dict[int, set[str]] = defaultdict(set)
    for org_id, code in Organisation.languages.through.objects.filter(
        organisation_id__in=org_ids
    ).values_list("organisation_id", "language_id"):
        languages[org_id].add(code)
    districts = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "district"))
    return [
        Need(org, field_id, need, frozenset(languages[org]), districts.get(org) or "")
        for org, field_id, need in answers
        if need is not None  # always: the query leaves out answers without a need
    ]


def offer_inputs(programme: Programme) -> list[OfferInput]:
    offers = (
        Offer.objects.active()
        .filter(field__programme=programme)
        .prefetch_related("languages")
        .order_by("pk")
    )
    return [
        OfferInput(
            offer_id=o.pk,
            field_id=o.field_id,
            capacity=o.capacity,
            languages=frozenset(lang.code for lang in o.languages.all()),
            citywide=o.citywide,
            districts=frozenset(o.districts),
        )
        for o in offers
    ]


def coverage_input(programme: Programme, *, min_need: int = MIN_NEED) -> CoverageInput:
    wave = latest_wave(programme)
    needs = wave_needs(wave) if wave else []
    offers = offer_inputs(programme)
    return CoverageInput(
        wave=wave,
        needs=needs,
        offers=offers,
        min_need=min_need,
        digest=digest(needs, offers, min_need=min_need, source=f"wave:{wave.pk}" if wave else ""),
    )


def is_current(run: CoverageRun) -> bool:
    """Whether the run still matches today's needs and offers."""
    now = coverage_input(run.wave.programme, min_need=run.min_need)
    return now.wave is not None and now.wave.pk == run.wave_id and now.digest == run.input_digest


# ---- figures of a run ----------------------------------------------------------------------


@dataclass
class LevelCell:
    total: int = 0
    covered: int = 0

    @property
    def uncovered(self) -> int:
        return self.total - self.covered


@dataclass
class FieldLine:
    field: Field
    cells: dict[int, LevelCell]  # need level → counts
    offers: list[tuple[Offer, int]]  # offer → cases it meets in this run
    measure_ids: list[int] = dataclasses.field(default_factory=list)
    open_uncovered: int = 0  # uncovered needs not yet turned into a measure

    @property
    def total(self) -> LevelCell:
        return LevelCell(
            sum(c.total for c in self.cells.values()), sum(c.covered for c in self.cells.values())
        )


def levels(run: CoverageRun) -> list[int]:
    return [lvl for lvl in LEVELS if lvl >= run.min_need][::-1]


def level_table(run: CoverageRun, rows=None) -> list[FieldLine]:
    """Fields × need levels: how many needs, how many met, and by which offers.

    `rows` narrows the count (a service provider's own offers); by default all rows of the
    run. Counts only: no association is named.
    """
    rows = run.rows.all() if rows is None else rows
    fields = list(Field.objects.filter(programme=run.wave.programme).order_by("position"))
    counts: Counter[tuple[int, int]] = Counter()
    covered: Counter[tuple[int, int]] = Counter()
    by_offer: Counter[int] = Counter()
    open_uncovered: Counter[int] = Counter()
    measures: dict[int, set[int]] = defaultdict(set)
    for field_id, need, offer_id, measure_id in rows.values_list(
        "field_id", "need", "offer_id", "measure_id"
    ):
        counts[field_id, need] += 1
        if offer_id is not None:
            covered[field_id, need] += 1
            by_offer[offer_id] += 1
        elif measure_id is None:
            open_uncovered[field_id] += 1
        else:
            measures[field_id].add(measure_id)
    offers = {
        o.pk: o for o in Offer.objects.filter(pk__in=list(by_offer)).select_related("organisation")
    }
    lines = []
    for f in fields:
        cells = {lvl: LevelCell(counts[f.pk, lvl], covered[f.pk, lvl]) for lvl in levels(run)}
        field_offers = sorted(
            ((o, by_offer[o.pk]) for o in offers.values() if o.field_id == f.pk),
            key=lambda pair: pair[0].pk,
        )
        lines.append(
            FieldLine(f, cells, field_offers, sorted(measures[f.pk]), open_uncovered[f.pk])
        )
    return lines


@dataclass
class MatrixRow:
    organisation: Organisation
    cells: list[CoverageRow | None]  # one per field; None: no need in that field


def matrix(run: CoverageRun, rows) -> tuple[list[Field], list[MatrixRow]]:
    """Associations × fields: each need with the offer that meets it (single-association
    data: only for those who may read `rows`)."""
    fields = list(Field.objects.filter(programme=run.wave.programme).order_by("position"))
    column = {f.pk: i for i, f in enumerate(fields)}
    by_org: dict[int, MatrixRow] = {}
    for row in rows.select_related("organisation", "offer__organisation").order_by(
        "organisation__name", "organisation_id"
    ):
        line = by_org.get(row.organisation_id)
        if line is None:
            line = by_org[row.organisation_id] = MatrixRow(row.organisation, [None] * len(fields))
        line.cells[column[row.field_id]] = row
    return fields, list(by_org.values())


def offer_usage(run: CoverageRun, offers) -> list[tuple[Offer, int]]:
    """Each offer with the cases the run gave it (0 for offers that meet none)."""
    used = Counter(run.rows.covered().values_list("offer_id", flat=True))
    return [(o, used[o.pk]) for o in offers]
