"""What other apps (the council report) read from the needs analysis: aggregates only.

As of a day, the report reads the latest wave that had begun by then and, of it, the
interviews submitted by the end of that day (`submitted_at`). An interview reopened since
has no submission time and is left out: its answers as they were then are not kept.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
from django.utils import translation

from vereinsforum.lib.as_of import cutoff
from vereinsforum.needs.evaluation import Evaluation, evaluate, evaluate_wave, wave_data
from vereinsforum.needs.models import MIN_GROUP, Interview, InterviewQuerySet, Wave
from vereinsforum.programmes.models import Programme

STRENGTH_DE = {
    "very_weak": "kaum",
    "weak": "nur schwach",
    "moderate": "mäßig",
    "strong": "weitgehend",
    "very_strong": "sehr weitgehend",
}


def _wave(programme: Programme, as_of: date | None) -> Wave | None:
    waves = Wave.objects.filter(programme=programme)
    if as_of is not None:
        waves = waves.filter(period_start__lte=as_of)
    return waves.order_by("-period_start", "-pk").first()


def _submitted(wave: Wave, as_of: date | None) -> InterviewQuerySet:
    interviews = Interview.objects.filter(wave=wave).complete()
    if as_of is not None:
        interviews = interviews.filter(submitted_at__lt=cutoff(as_of))
    return interviews


def _evaluate(wave: Wave, interviews: InterviewQuerySet) -> Evaluation | None:
    """The wave's evaluation over `interviews` only (those submitted by the report's date)."""
    data = wave_data(wave)
    keep = set(interviews.values_list("organisation_id", flat=True))
    if keep >= set(data.organisation_ids):
        return evaluate_wave(wave)
    rows = np.array([oid in keep for oid in data.organisation_ids], dtype=bool)
    data = dataclasses.replace(
        data,
        organisation_ids=[o for o, k in zip(data.organisation_ids, rows, strict=True) if k],
        organisation_names=[o for o, k in zip(data.organisation_names, rows, strict=True) if k],
        need=data.need[rows],
        competence=data.competence[rows],
        willing=data.willing[rows],
        capacity=data.capacity[rows],
    )
    if data.n < 2:
        return None
    # The wave's own settings, as evaluate_wave passes them.
    return evaluate(
        data,
        cluster_k=wave.cluster_k,
        min_competence=wave.multiplier_min_competence,
        max_need=wave.multiplier_max_need,
        requires_willing=wave.multiplier_requires_willing,
    )


def _percent(value: float) -> str:
    return f"{round(value * 100):d} %"


def _decimal(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def findings(
    wave: Wave, evaluation: Evaluation, interviews: InterviewQuerySet | None = None
) -> list[str]:
    """The main findings as German sentences, for the council report, from `interviews`
    (by default all complete interviews of the wave)."""
    sentences = [
        f"{evaluation.n} Vereine wurden zwischen dem {wave.period_start:%d.%m.%Y} und dem "
        f"{wave.period_end:%d.%m.%Y} befragt."
    ]
    top = evaluation.ranking[:3]
    listed = ", ".join(
        f"{f.name} ({_percent(f.share_high.estimate)} mit hohem Bedarf)" for f in top
    )
    sentences.append(f"Den größten Unterstützungsbedarf gibt es in den Feldern {listed}.")
    spread = sorted(evaluation.fields, key=lambda f: -f.leik_d)[:2]
    sentences.append(
        "Am unterschiedlichsten ist der Bedarf in den Feldern "
        + " und ".join(f"{f.name} (Leiks D = {_decimal(f.leik_d)})" for f in spread)
        + ": Hier reichen die Antworten von keinem bis zu sehr hohem Bedarf."
    )
    pr = next((f for f in evaluation.fields if f.key == "public_relations"), None)
    if pr is not None:
        strong = pr.competence_counts[3] + pr.competence_counts[4]
        none = pr.competence_counts[0]
        sentences.append(
            f"In der Öffentlichkeitsarbeit verfügen {strong} Vereine über gute bis sehr gute "
            f"Kompetenzen, {none} Vereine haben noch keinerlei Erfahrung."
        )
    if interviews is None:
        interviews = _submitted(wave, None)
    websites = interviews.filter(has_website=True).count()
    no_flyer = interviews.filter(has_flyer=False).count()
    sentences.append(
        f"{websites} Vereine haben eine eigene Internetseite; {no_flyer} Vereine haben noch "
        "kein Faltblatt."
    )
    if evaluation.agreement is not None and evaluation.agreement_strength in STRENGTH_DE:
        sentences.append(
            "Über die Rangfolge der Felder sind sich die Vereine "
            f"{STRENGTH_DE[evaluation.agreement_strength]} einig (Kendalls W = "
            f"{_decimal(evaluation.agreement.kendall_w)}); der Bedarf ist also je Verein "
            "verschieden und wird in der Forumssitzung gewichtet."
        )
    return sentences


def needs_summary(programme: Programme, *, as_of: date | None = None) -> dict | None:
    """The latest wave that began by `as_of`, with its priority ranking; None without a wave.

    Counts the interviews submitted by the end of `as_of`. Below MIN_GROUP of them the
    figures are withheld (fields and findings empty), as everywhere the public can read them.
    """
    wave = _wave(programme, as_of)
    if wave is None:
        return None
    interviews = _submitted(wave, as_of)
    count = interviews.count()
    result = {
        "wave": wave,
        "title": wave.title,
        "period_start": wave.period_start,
        "period_end": wave.period_end,
        "interviews": count,
        "associations": interviews.values("organisation").distinct().count(),
        "fields": [],
        "findings": [],
    }
    if count < MIN_GROUP:
        return result
    with translation.override("de"):
        evaluation = _evaluate(wave, interviews)
        names = {f.key: f.name for f in wave.instrument.fields.all()}
        result["fields"] = [
            {
                "key": f.key,
                "name": names.get(f.key, f.name),
                "share_high_need": f.share_high.estimate,
                "median_need": f.median.estimate,
                "rank": f.rank,
            }
            for f in evaluation.ranking
        ]
        result["findings"] = findings(wave, evaluation, interviews)
    return result


def needs_chart_png(programme: Programme, *, as_of: date | None = None) -> bytes | None:
    """Share with high need per field (latest wave, as of `as_of`) as a PNG for documents."""
    from vereinsforum.needs.charts import ranking_chart

    wave = _wave(programme, as_of)
    if wave is None:
        return None
    interviews = _submitted(wave, as_of)
    if interviews.count() < MIN_GROUP:
        return None
    with translation.override("de"):
        evaluation = _evaluate(wave, interviews)
        return ranking_chart(evaluation, "png")
