"""The survey paragraphs: the needs analysis, its fields of need and its findings.

Written from the needs app's summary. While fewer associations than the minimum group have
been asked, the paper says that the evaluation is withheld and why, and names no figures.
"""

from __future__ import annotations

from datetime import date

from vereinsforum.lib.german import MONTHS, de_list, de_month, form, plural, sentence
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.draft import Draft, as_date
from vereinsforum.reports.drafting.phrases import association_count, session_label
from vereinsforum.reports.drafting.sources import Session, Sources


def _period(start: date, end: date) -> str:
    if start.month == end.month and start.year == end.year:
        return f"im {de_month(start)}"
    if start.year == end.year:
        return f"zwischen {MONTHS[start.month - 1]} und {de_month(end)}"
    return f"zwischen {de_month(start)} und {de_month(end)}"


def survey(
    draft: Draft, programme: Programme, sources: Sources, sessions: list[Session], as_of: date
) -> None:
    needs = sources.needs
    if not needs:
        return
    start, end = as_date(needs["period_start"]), as_date(needs["period_end"])
    draft.figure("survey.period_start", "Befragung von", start)
    draft.figure("survey.period_end", "Befragung bis", end)
    interviews = draft.figure("survey.interviews", "Abgeschlossene Interviews", needs["interviews"])
    associations = draft.figure("survey.associations", "Befragte Vereine", needs["associations"])
    withheld = needs.get("withheld", not needs["fields"])
    contractor = (
        Organisation.objects.filter(
            kind=OrganisationKind.CONTRACTOR,
            affiliations__person__account__interviewer_assignments__programme=programme,
        )
        .distinct()
        .first()
    )
    by = f" durch den Auftragnehmer „{contractor.name}“" if contractor else ""
    running = as_of < end
    what = "Die Befragung der Vereine für die Stärken/Schwächen-Analyse"
    done = (
        f"{plural(interviews, 'Interview', 'Interviews')} mit "
        f"{association_count(associations, 'dative')}"
    )
    if running:
        opening = f"{what} wird{by} {_period(start, end)} durchgeführt"
        if interviews:
            opening += f"; bisher {form(interviews, 'ist', 'sind')} {done} abgeschlossen."
        else:
            opening += "; bisher ist noch kein Interview abgeschlossen."
    elif interviews:
        opening = f"{what} wurde{by} {_period(start, end)} durchgeführt: {done}."
    else:
        opening = (
            f"{what} war{by} {_period(start, end)} vorgesehen; abgeschlossen wurde bisher kein "
            "Interview."
        )
    if withheld:
        if not associations:
            draft.add(opening, "Eine Auswertung liegt deshalb noch nicht vor.")
            return
        minimum = needs.get("min_group", 5)
        asked = (
            f"{association_count(associations)} befragt worden {form(associations, 'ist', 'sind')}"
        )
        draft.add(
            opening,
            f"Da erst {asked}, wird die Auswertung noch nicht veröffentlicht: Sie "
            f"erscheint erst ab {minimum} befragten Vereinen, damit keine Rückschlüsse auf "
            "einzelne Vereine möglich sind.",
        )
        return
    positions = dict(programme.fields.values_list("key", "position"))
    fields = sorted(needs["fields"], key=lambda f: positions.get(f["key"], 99))
    draft.figure("survey.fields", "Themenfelder", [f["name"] for f in fields])
    with_need = [f["name"] for f in fields if f["share_high_need"] > 0]
    without_need = [f["name"] for f in fields if f["share_high_need"] <= 0]
    evaluation = "Die Auswertung der Interviews zeigt Veränderungs- und Unterstützungsbedarf"
    if len(with_need) > 1:
        # As the city's own report sets it: the fields stand in a paragraph of their own.
        draft.add(opening, f"{evaluation} in den Feldern:")
        draft.add(sentence(de_list(with_need)))
    elif with_need:
        draft.add(opening, sentence(f"{evaluation} im Feld {with_need[0]}"))
    else:
        draft.add(opening)
    sentences = []
    # Only beside fields with need: that nobody has high need anywhere is a finding itself.
    if with_need and without_need:
        where = (
            f"im Feld {without_need[0]}"
            if len(without_need) == 1
            else f"in den Feldern {de_list(without_need)}"
        )
        sentences.append(f"Hohen Bedarf {where} sieht keiner der befragten Vereine.")
    findings = [sentence(s) for s in needs.get("findings") or []]
    ranked = sorted(needs["fields"], key=lambda f: f["rank"])
    if ranked and not findings and ranked[0]["share_high_need"] > 0:
        top = ranked[0]
        share = draft.figure(
            f"survey.high_need.{top['key']}",
            f"Anteil mit hohem Bedarf: {top['name']}",
            round(top["share_high_need"] * 100),
        )
        findings.append(
            f"Den größten Bedarf zeigt das Feld {top['name']}: {share} % der befragten Vereine "
            "sehen hier hohen oder sehr hohen Bedarf."
        )
    sentences.extend(findings)
    if needs.get("disagree_most"):
        draft.figure(
            "survey.disagree_most", "Größte Uneinigkeit der Vereine", needs["disagree_most"]
        )
    agreement = needs.get("agreement")
    if agreement:
        draft.figure("survey.agreement", "Einigkeit über die Rangfolge", agreement["words"])
        sentences.append("Die Kennzahlen der Auswertung stehen in der Anlage.")
    first = next((s for s in sessions if s.held), None)
    if first and not running and first.date >= end:
        sentences.append(
            "Das Gesamtergebnis der Befragung wurde den Vereinen "
            f"{session_label(sessions, first.date)} präsentiert."
        )
    draft.add(*sentences)
