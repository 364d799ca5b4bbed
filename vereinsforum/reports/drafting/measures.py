"""The measures' paragraphs: what had run by the day and whom it reached, what is planned.

Written from the measures app's summary. A planned measure whose events have all taken
place is said to lack its recorded result, so that the office completes the timeline
rather than the paper calling it planned.
"""

from __future__ import annotations

from datetime import date

from vereinsforum.lib.german import de_date, de_list, form, plural
from vereinsforum.measures.models import MeasureKind, MeasureStatus
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.draft import Draft, as_date, capitalise, optional_date
from vereinsforum.reports.drafting.phrases import association_count, field_names, named
from vereinsforum.reports.drafting.sources import Sources, Summary

#: What a measure of each kind is called, with its article (nominative).
MEASURE_KINDS = {
    MeasureKind.TRAINING: ("Schulung", "die"),
    MeasureKind.WORKING_GROUP: ("Arbeitsgruppe", "die"),
    MeasureKind.WORKSHOP: ("Workshop", "der"),
    MeasureKind.GUIDE: ("Leitfaden", "der"),
    MeasureKind.COUNSELLING: ("Beratung", "die"),
}


def _measure_named(row: Summary) -> str:
    """ "die Grundlagenschulung Vereinsbuchhaltung", "die Maßnahme „Sprechstunde“"."""
    word, article = MEASURE_KINDS.get(row["kind"], ("Maßnahme", "die"))
    return named(word, article, row["title"])


def _measure_fields(programme: Programme, row: Summary) -> str:
    names = field_names(programme, row.get("fields") or [])
    if not names:
        return ""
    return f" (Feld {names[0]})" if len(names) == 1 else f" (Felder {de_list(names)})"


def _on_days(days: list[date]) -> str:
    """ "am 23.02.2008", "am 23.02.2008 und am 01.03.2008"."""
    return de_list([f"am {de_date(d)}" for d in days])


def _persons_from(participants: int, associations: int) -> str:
    people = plural(participants, "Person", "Personen")
    if not associations:
        return people
    return f"{people} aus {association_count(associations, 'dative')}"


def _measure_ran(draft: Draft, programme: Programme, row: Summary) -> list[str]:
    pk = row["measure"].pk
    called = capitalise(_measure_named(row)) + _measure_fields(programme, row)
    done = row["status"] == MeasureStatus.DONE
    draft.figure(
        f"measure.{pk}.status",
        f"Stand der Maßnahme: {row['title']}",
        "abgeschlossen" if done else "läuft",
    )
    since = optional_date(row.get("since"))
    if done:
        state = "ist fertiggestellt" if row["kind"] == MeasureKind.GUIDE else "ist abgeschlossen"
    elif row["kind"] == MeasureKind.GUIDE:
        state = f"ist seit dem {de_date(since)} in Arbeit" if since else "ist in Arbeit"
    elif row["kind"] == MeasureKind.WORKING_GROUP:
        state = f"arbeitet seit dem {de_date(since)}" if since else "arbeitet"
    else:
        state = f"läuft seit dem {de_date(since)}" if since else "läuft"
    events = row.get("events") or []
    n = draft.figure(f"measure.{pk}.events", f"Veranstaltungen: {row['title']}", len(events))
    people = draft.figure(
        f"measure.{pk}.participants", f"Teilnehmende: {row['title']}", row["participants"]
    )
    orgs = draft.figure(
        f"measure.{pk}.associations", f"Erreichte Vereine: {row['title']}", row["associations"]
    )
    published = [
        f"Am {de_date(as_date(o['date']))} wurde „{o['title']}“ veröffentlicht."
        for o in sorted(row.get("outputs") or [], key=lambda o: as_date(o["date"]))
    ]
    if published:
        draft.figure(
            f"measure.{pk}.outputs",
            f"Veröffentlicht: {row['title']}",
            [o["title"] for o in row["outputs"]],
        )
    if not n:
        return [f"{called} {state}.", *published]
    meeting = "Treffen" if row["kind"] == MeasureKind.WORKING_GROUP else None
    days = [as_date(e["date"]) for e in events]
    if n == 1:
        where = f"{'dem Treffen' if meeting else 'der Veranstaltung'} {_on_days(days)}"
    else:
        noun = meeting or "Veranstaltungen"
        dates = f" ({_on_days(days)})" if n <= 3 else ""
        where = f"den {n} {noun}{dates}"
    so_far = "" if done else " bisher"
    if people:
        took_part = (
            f"An {where} {form(people, 'nahm', 'nahmen')}{so_far} "
            f"{_persons_from(people, orgs)} teil"
        )
    else:
        took_part = f"Zu {where} ist keine Teilnahme erfasst"
    sentences = [f"{called} {state}: {took_part}.", *published]
    target_people: int | None = row.get("target_participants")
    target_orgs: int | None = row.get("target_associations")
    verb = "waren" if done else "sind"
    if target_people and target_orgs:
        sentences.append(f"Angestrebt {verb} {_persons_from(target_people, target_orgs)}.")
    elif target_people:
        sentences.append(f"Angestrebt {verb} {plural(target_people, 'Person', 'Personen')}.")
    elif target_orgs:
        sentences.append(f"Angestrebt {verb}, {association_count(target_orgs)} zu erreichen.")
    return sentences


def measures_run(draft: Draft, programme: Programme, sources: Sources) -> set[int]:
    """Which measures had run by the day and whom they reached; returns the events told."""
    measures = sources.measures
    if not measures or not measures["ran"]:
        return set()
    sentences = []
    told: set[int] = set()
    for row in measures["ran"]:
        sentences.extend(_measure_ran(draft, programme, row))
        told.update(e["event"].pk for e in row.get("events") or [])
    total = measures["reach"]
    people = draft.figure(
        "measures.participants", "Durch die Maßnahmen erreichte Personen", total["participants"]
    )
    orgs = draft.figure(
        "measures.associations", "Durch die Maßnahmen erreichte Vereine", total["associations"]
    )
    draft.figure("measures.events", "Veranstaltungen der Maßnahmen", total["events"])
    # Only where more than one measure reached people is the sum news.
    if sum(1 for r in measures["ran"] if r["participants"]) > 1:
        sentences.append(
            f"Zusammen haben die Maßnahmen bisher {_persons_from(people, orgs)} erreicht."
        )
    draft.add(*sentences)
    return told


def measures_planned(draft: Draft, programme: Programme, sources: Sources) -> None:
    measures = sources.measures
    if not measures:
        return
    # A planned measure whose events have all taken place is not planned any more; its
    # timeline has not caught up. Said as such, so that the office completes the record.
    stale = [r for r in measures["planned"] if r.get("held") and not r.get("events")]
    planned = [r for r in measures["planned"] if r not in stale]
    dropped = measures["dropped"]
    draft.figure("measures.planned", "Geplante Maßnahmen", [r["title"] for r in planned])
    sentences = []
    if planned:
        items = []
        for row in planned:
            days = [as_date(e["date"]) for e in row.get("events") or []]
            if len(days) == 1:
                when = f"Termin {_on_days(days)}"
            elif 1 < len(days) <= 3:
                when = f"Termine {_on_days(days)}"
            elif days:
                when = f"erster Termin {_on_days(days[:1])}"
            else:
                when = ""
            # One parenthesis: "(Feld Buchhaltung, Termin am 20.09.2008)".
            topics = _measure_fields(programme, row)[2:-1]
            aside = ", ".join(part for part in (topics, when) if part)
            items.append(_measure_named(row) + (f" ({aside})" if aside else ""))
        further = " weiter" if measures["ran"] else ""
        sentences.append(f"Geplant {form(len(items), 'ist', 'sind')}{further} {de_list(items)}.")
    if stale:
        draft.figure(
            "measures.unrecorded", "Maßnahmen ohne erfassten Abschluss", [r["title"] for r in stale]
        )
        items = []
        for row in stale:
            days = [as_date(e["date"]) for e in row["held"]]
            when = f"{form(len(days), 'Termin', 'Termine')} {_on_days(days)}"
            items.append(f"{_measure_named(row)} ({when})")
        sentences.append(
            f"Noch ohne erfasstes Ergebnis {form(len(items), 'ist', 'sind')} {de_list(items)}."
        )
    if dropped:
        titles = [r["title"] for r in dropped]
        draft.figure("measures.dropped", "Nicht weiter verfolgte Maßnahmen", titles)
        names = de_list([_measure_named(r) for r in dropped])
        sentences.append(f"Nicht weiter verfolgt {form(len(dropped), 'wird', 'werden')} {names}.")
    draft.add(*sentences)
