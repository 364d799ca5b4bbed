"""The events' paragraphs: the trainings and workshops held or still to come.

Written from the events app's summary. An event that belongs to a measure that has run is
told with the measure (with whom it reached) and skipped here.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date

from vereinsforum.lib.german import de_date, de_list, de_month, form, plural
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.draft import Draft, as_date, capitalise
from vereinsforum.reports.drafting.phrases import field_names, named
from vereinsforum.reports.drafting.sources import Sources


def trainings(
    draft: Draft, programme: Programme, sources: Sources, as_of: date, told: Set[int] = frozenset()
) -> None:
    rows = (sources.events or {}).get("trainings") or []
    sentences = []
    for row in sorted(rows, key=lambda r: as_date(r["date"])):
        if row["event"].pk in told:
            continue
        on = as_date(row["date"])
        key = f"training.{row['event'].pk}.registrations"
        n = draft.figure(key, f"Anmeldungen: {row['title']}", row["registrations"])
        topics = field_names(programme, row.get("fields") or [])
        called = named("Schulung", "die", row["title"])
        if on <= as_of:
            if n:
                registered = (
                    f"angemeldet {form(n, 'war', 'waren')} {plural(n, 'Person', 'Personen')}"
                )
            else:
                registered = "Anmeldungen lagen nicht vor"
            sentences.append(f"Am {de_date(on)} fand {called} statt; {registered}.")
            continue
        if len(topics) == 1:
            subject = f"Für das Thema {topics[0]} ist {called}"
        elif topics:
            subject = f"Für die Themen {de_list(topics)} ist {called}"
        else:
            subject = f"{capitalise(called)} ist"
        if n:
            sentences.append(
                f"{subject} am {de_date(on)} terminiert, für die bisher "
                f"{plural(n, 'Anmeldung', 'Anmeldungen')} {form(n, 'vorliegt', 'vorliegen')}."
            )
        else:
            sentences.append(f"{subject} am {de_date(on)} geplant.")
    draft.add(*sentences)


def workshops(draft: Draft, sources: Sources, as_of: date, told: Set[int] = frozenset()) -> None:
    rows = (sources.events or {}).get("workshops") or []
    sentences = []
    for row in sorted(rows, key=lambda r: as_date(r["date"])):
        if row["event"].pk in told:
            continue
        on = as_date(row["date"])
        draft.figure(f"workshop.{row['event'].pk}.date", f"Termin: {row['title']}", on)
        called = named("Workshop", "der", row["title"])
        if on <= as_of:
            sentences.append(f"Am {de_date(on)} fand {called} statt.")
        else:
            sentences.append(f"Voraussichtlich im {de_month(on)} wird {called} stattfinden.")
    draft.add(*sentences)
