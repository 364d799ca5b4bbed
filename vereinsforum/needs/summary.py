"""What other apps (the council report) read from the needs analysis: aggregates only.

As of a day, the report reads the latest wave that had begun by then and, of it, the
interviews submitted by the end of that day (`submitted_at`). An interview reopened since
has no submission time and is left out: its answers as they were then are not kept.
When every complete interview of the wave counts, the report reads the wave's stored
evaluation (`needs/stored.py`), the same the pages show, instead of computing it again.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
from django.utils import translation

from vereinsforum.lib.as_of import cutoff
from vereinsforum.lib.german import de_list, form, plural, sentence
from vereinsforum.needs.evaluation import Evaluation, FieldResult, evaluate, wave_data
from vereinsforum.needs.models import MIN_GROUP, Interview, InterviewQuerySet, Wave
from vereinsforum.needs.stored import stored_evaluation, stored_part
from vereinsforum.programmes.models import Programme

#: How far the associations agree on the order of the fields (Kendall's W, in words).
STRENGTH_DE = {
    "very_weak": "kaum",
    "weak": "nur schwach",
    "moderate": "mäßig",
    "strong": "weitgehend",
    "very_strong": "sehr weitgehend",
}
#: The need levels 1–5 in the dative ("von keinem bis zu sehr hohem Bedarf") and the
#: accusative ("sehen hohen Bedarf"); the scale's anchors are nouns and do not inflect.
NEED_DATIVE = {1: "keinem", 2: "geringem", 3: "mittlerem", 4: "hohem", 5: "sehr hohem"}
NEED_ACCUSATIVE = {1: "keinen", 2: "geringen", 3: "mittleren", 4: "hohen", 5: "sehr hohen"}


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
    """The wave's evaluation over `interviews` only (those submitted by the report's date):
    the stored one when they are all the wave's complete interviews, else the part's, stored
    as well (a paper reads it for its text, its chart and its annex, and is built again for
    every download)."""
    keep = set(interviews.values_list("organisation_id", flat=True))
    complete = set(_submitted(wave, None).values_list("organisation_id", flat=True))
    if keep >= complete:
        return stored_evaluation(wave).evaluation
    return stored_part(wave, keep, lambda: _evaluate_part(wave, keep))


def _evaluate_part(wave: Wave, keep: set[int]) -> Evaluation | None:
    data = wave_data(wave)
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


def _in_fields(names: list[str]) -> str:
    """ "im Feld Buchhaltung", "in den Feldern Buchhaltung und Rhetorik"."""
    return f"im Feld {names[0]}" if len(names) == 1 else f"in den Feldern {de_list(names)}"


def _at_topics(names: list[str]) -> str:
    """ "beim Thema Räumlichkeiten", "bei den Themen Räumlichkeiten und Rhetorik"."""
    return f"beim Thema {names[0]}" if len(names) == 1 else f"bei den Themen {de_list(names)}"


def _span(counts: list[int]) -> tuple[int, int]:
    """The lowest and the highest level anyone answered."""
    answered = [level for level, count in enumerate(counts, start=1) if count]
    return answered[0], answered[-1]


def dispersion(evaluation: Evaluation) -> tuple[list[FieldResult], list[FieldResult]]:
    """The fields whose answers spread most and least (Leik's D), in the order of the
    ranking; both empty when every field spreads alike, since then no field stands out."""
    fields = evaluation.ranking
    if not fields:
        return [], []
    values = [f.leik_d for f in fields]
    high, low = max(values), min(values)
    if high - low < 1e-9:
        return [], []
    most = [f for f in fields if f.leik_d > high - 1e-9]
    least = [f for f in fields if f.leik_d < low + 1e-9]
    return most, least


def _disagreement(evaluation: Evaluation) -> list[str]:
    """Where the associations disagree and agree most, in words (Leik's D stays in the
    paper's annex)."""
    most, least = dispersion(evaluation)
    if not most:
        return []
    names = [f.name for f in most]
    text = f"Am uneinigsten sind sich die Vereine {_at_topics(names)}"
    ranges = {_span(f.need_counts) for f in most}
    if len(ranges) == 1:
        low, high = next(iter(ranges))
        where = "Hier" if len(most) == 1 else "In beiden Feldern" if len(most) == 2 else "Dort"
        text += (
            f": {where} reichen die Antworten von {NEED_DATIVE[low]} bis zu "
            f"{NEED_DATIVE[high]} Bedarf."
        )
    else:
        text += "."
    sentences = [text]
    n = evaluation.n
    if len(least) == 1:
        field = least[0]
        top = max(field.need_counts)
        counts = enumerate(field.need_counts, start=1)
        levels = [NEED_ACCUSATIVE[level] for level, count in counts if count == top]
        if top == n:
            who = f"alle {n} Vereine sehen"
        else:
            each = "je " if len(levels) > 1 else ""
            who = f"{each}{top} von {n} Vereinen {form(top, 'sieht', 'sehen')}"
        sentences.append(
            f"Am einigsten sind sie sich beim Thema {field.name}: {who} dort "
            f"{de_list(levels, 'beziehungsweise')} Bedarf."
        )
    else:
        sentences.append(f"Am einigsten sind sie sich {_at_topics([f.name for f in least])}.")
    return sentences


def _associations(n: int) -> str:
    """ "kein Verein", "1 Verein", "7 Vereine"."""
    return "kein Verein" if n == 0 else plural(n, "Verein", "Vereine")


def findings(
    wave: Wave, evaluation: Evaluation, interviews: InterviewQuerySet | None = None
) -> list[str]:
    """The main findings as German sentences for the council report, in plain words (the
    coefficients belong in the paper's annex), from `interviews` (by default all complete
    interviews of the wave). The report states the period and the number of interviews
    itself."""
    sentences = []
    top = [f for f in evaluation.ranking[:3] if f.share_high.estimate > 0]
    if top:
        first, *rest = top
        listed = [
            f"{first.name} ({_percent(first.share_high.estimate)} der befragten Vereine sehen "
            "hier hohen oder sehr hohen Bedarf)",
            *(f"{f.name} ({_percent(f.share_high.estimate)})" for f in rest),
        ]
        sentences.append(f"Den größten Unterstützungsbedarf gibt es {_in_fields(listed)}.")
    else:
        sentences.append(
            "Keiner der befragten Vereine sieht in einem der Felder hohen oder sehr hohen Bedarf."
        )
    sentences.extend(_disagreement(evaluation))
    pr = next((f for f in evaluation.fields if f.key == "public_relations"), None)
    if pr is not None:
        strong = pr.competence_counts[3] + pr.competence_counts[4]
        none = pr.competence_counts[0]
        if none:
            without = f"{_associations(none)} {form(none, 'hat', 'haben')} noch keinerlei Erfahrung"
        else:
            without = "keiner ist ganz ohne Erfahrung"
        sentences.append(
            f"In der Öffentlichkeitsarbeit {form(strong, 'verfügt', 'verfügen')} "
            f"{_associations(strong)} über gute bis sehr gute Kompetenzen, {without}."
        )
    if interviews is None:
        interviews = _submitted(wave, None)
    websites = interviews.filter(has_website=True).count()
    no_flyer = interviews.filter(has_flyer=False).count()
    flyer = (
        f"{_associations(no_flyer)} {form(no_flyer, 'hat', 'haben')} noch kein Faltblatt"
        if no_flyer
        else "alle haben ein Faltblatt"
    )
    websites_have = f"{_associations(websites)} {form(websites, 'hat', 'haben')}"
    sentences.append(sentence(f"{websites_have} eine eigene Internetseite; {flyer}"))
    strength = STRENGTH_DE.get(evaluation.agreement_strength)
    if evaluation.agreement is not None and strength:
        text = f"Über die Rangfolge der Felder sind sich die Vereine {strength} einig"
        if evaluation.agreement_strength in {"very_weak", "weak"}:
            text += ": Welche Felder am dringendsten sind, ist von Verein zu Verein verschieden"
        sentences.append(f"{text}.")
    return sentences


def needs_summary(programme: Programme, *, as_of: date | None = None) -> dict | None:
    """The latest wave that began by `as_of`, with its priority ranking; None without a wave.

    Counts the interviews submitted by the end of `as_of`. Below MIN_GROUP of them the
    figures are withheld (`withheld`; fields and findings empty), as everywhere the public
    can read them. The coefficients (Leik's D and the interquartile range per field,
    Kendall's W in `agreement`) are for the report's annex; its text says them in words.
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
        "withheld": count < MIN_GROUP,
        "min_group": MIN_GROUP,
        "fields": [],
        "findings": [],
        "agreement": None,
        "disagree_most": [],
        "agree_most": [],
    }
    if count < MIN_GROUP:
        return result
    with translation.override("de"):
        evaluation = _evaluate(wave, interviews)
        if evaluation is None:  # fewer than two complete answer sets: nothing to evaluate
            return result
        names = {f.key: f.name for f in wave.instrument.fields.all()}
        result["fields"] = [
            {
                "key": f.key,
                "name": names.get(f.key, f.name),
                "share_high_need": f.share_high.estimate,
                "median_need": f.median.estimate,
                "rank": f.rank,
                "leik_d": f.leik_d,
                "iqr": f.iqr,
            }
            for f in evaluation.ranking
        ]
        if evaluation.agreement is not None and evaluation.agreement_strength in STRENGTH_DE:
            result["agreement"] = {
                "kendall_w": evaluation.agreement.kendall_w,
                "p_value": evaluation.agreement.p_value,
                "strength": evaluation.agreement_strength,
                "words": STRENGTH_DE[evaluation.agreement_strength],
            }
        most, least = dispersion(evaluation)
        result["disagree_most"] = [names.get(f.key, f.name) for f in most]
        result["agree_most"] = [names.get(f.key, f.name) for f in least]
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
        if evaluation is None:
            return None
        return ranking_chart(evaluation, formats=("png",)).png
