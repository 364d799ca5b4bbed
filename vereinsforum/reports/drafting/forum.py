"""The forum's paragraphs: the priorities its polls set, its resolutions, its sessions.

Written from the forum's summary (its polls, resolutions and sessions) and the events
app's sessions. A resolution that only repeats a reported poll ("prioritise the fields by
the result") is left out; what the forum decided to do (a training, a working group, a
guide) is told per session and field.
"""

from __future__ import annotations

import re
from datetime import date

from vereinsforum.lib.german import de_date, de_list, form, plural, sentence
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.draft import Draft, as_date, capitalise, optional_date
from vereinsforum.reports.drafting.phrases import session_label
from vereinsforum.reports.drafting.sources import Session, Sources, Summary

#: German names of the forum's poll methods; unknown methods are shown as they come.
POLL_METHODS = {
    "dot": "Punktabfrage",
    "dots": "Punktabfrage",
    "dot_voting": "Punktabfrage",
    "borda": "Rangfolge, ausgezählt nach Borda",
    "schulze": "Rangfolge, ausgezählt nach Schulze",
    "approval": "Zustimmungswahl",
}


def counted_polls(sources: Sources, as_of: date) -> list[Summary]:
    """The polls counted by `as_of` whose result the paper reports."""
    return [
        p
        for p in (sources.forum or {}).get("polls") or []
        if p.get("closed")
        and p.get("ranking")
        and (p.get("session_date") is None or as_date(p["session_date"]) <= as_of)
    ]


def _places(ranking: list[Summary]) -> str:
    """ "Auf Platz 1 setzte das Forum Buchhaltung, auf Platz 2 Projektarbeit und auf Platz 3
    Öffentlichkeitsarbeit", with shared places said as such."""
    groups: dict[int, list[str]] = {}
    for row in ranking:
        groups.setdefault(row["rank"], []).append(row["name"])
    parts = []
    for index, (rank, names) in enumerate(sorted(groups.items())):
        tie = " gleichauf" if len(names) > 1 else ""
        verb = " setzte das Forum" if index == 0 else ""
        parts.append(f"auf Platz {rank}{verb} {de_list(names)}{tie}")
    return capitalise(de_list(parts))


def forum_priorities(draft: Draft, polls: list[Summary], sessions: list[Session]) -> None:
    for index, poll in enumerate(polls, start=1):
        ranking = sorted(poll["ranking"], key=lambda r: r["rank"])
        top = [r for r in ranking if r["rank"] <= 3]
        draft.figure(
            f"forum.poll.{index}.top", f"Vordere Plätze: {poll['title']}", [r["name"] for r in top]
        )
        where = capitalise(session_label(sessions, optional_date(poll.get("session_date"))))
        method = POLL_METHODS.get(poll.get("method") or "", poll.get("method") or "")
        how = f"Abstimmung „{poll['title']}“" + (f", {method}" if method else "")
        if any(r.get("key") for r in ranking):
            draft.add(
                f"{where} wurden die Themenfelder priorisiert ({how}).",
                "Entlang dieser Gewichtung werden die konkreten Maßnahmen zur Behebung des "
                "jeweiligen Bedarfes entworfen.",
                sentence(_places(top)),
            )
        else:
            draft.add(f"{where} hat das Forum abgestimmt ({how}).", sentence(_places(top)))


#: The kinds of resolution the paper writes as what the forum decided to do.
ACTIONS = ("training", "working_group", "guide")


def _field_named(names: list[str], *texts: str) -> str | None:
    """The programme's field a resolution is about: the first one its title names (or else
    its text), e.g. "Thema Buchhaltung: Grundlagenschulung" → Buchhaltung."""
    for text in texts:
        found = [
            (match.start(), name)
            for name in names
            if (match := re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text or "", re.I))
        ]
        if found:
            return min(found)[1]
    return None


def _training_noun(title: str) -> str:
    """ "Grundlagenschulung" when the title names that kind of training, else "Schulung"."""
    match = re.search(r"(?<!\w)(\w*schulung)(?!\w)", title, re.I)
    return capitalise(match[1]) if match else "Schulung"


def _action_clauses(rows: list[Summary]) -> list[str]:
    """What the forum decided to do, as infinitive clauses ("eine Arbeitsgruppe zu bilden"),
    a guide folded into the working group that writes it."""
    trainings = [r for r in rows if r["kind"] == "training"]
    groups = [r for r in rows if r["kind"] == "working_group"]
    guides = [r for r in rows if r["kind"] == "guide"]
    topical = rows[0]["field"] is not None

    def about(row: Summary) -> str:
        return "" if topical else f" (Tagesordnungspunkt „{row['title']}“)"

    clauses = [f"eine {_training_noun(r['title'])} anzubieten{about(r)}" for r in trainings]
    clauses += [f"eine Arbeitsgruppe zu bilden{about(r)}" for r in groups[1:]]
    if groups and guides and topical:
        guides = guides[1:]
        writes = ", die einen Leitfaden für alle Vereine erarbeitet"
    else:
        writes = ""
    clauses += [f"einen Leitfaden für alle Vereine zu erarbeiten{about(r)}" for r in guides]
    if groups:
        # Last, so that its relative clause ends the sentence.
        clauses.append(f"eine Arbeitsgruppe zu bilden{about(groups[0])}{writes}")
    return clauses


def resolutions(
    draft: Draft,
    programme: Programme,
    sources: Sources,
    sessions: list[Session],
    polls: list[Summary],
    as_of: date,
) -> None:
    rows = [
        r
        for r in (sources.forum or {}).get("resolutions") or []
        if as_date(r["session_date"]) <= as_of
    ]
    if not rows:
        return
    groups = sum(1 for r in rows if r["kind"] == "working_group")
    guides = sum(1 for r in rows if r["kind"] == "guide")
    draft.figure("forum.working_groups", "Gebildete Arbeitsgruppen", groups)
    draft.figure("forum.guides", "Geplante Leitfäden", guides)
    # A resolution on the item a reported poll belongs to ("prioritise the fields by the
    # result") only repeats the priorities paragraph.
    told = {p["poll"].agenda_item_id for p in polls if p.get("poll") is not None}
    names = list(programme.fields.order_by("position").values_list("name", flat=True))
    by_day: dict[date, list[Summary]] = {}
    for row in rows:
        if row["kind"] not in ACTIONS and row.get("agenda_item_id") in told - {None}:
            continue
        by_day.setdefault(as_date(row["session_date"]), []).append(
            {**row, "field": _field_named(names, row["title"], row.get("text") or "")}
        )
    # The priorities paragraph just before has named the session of the last poll.
    previous = optional_date(polls[-1].get("session_date")) if polls else None
    for index, (day, day_rows) in enumerate(sorted(by_day.items())):
        if index == 0 and day == previous:
            where = "In derselben Sitzung"
        else:
            where = capitalise(session_label(sessions, day))
        topics: dict[str | None, list[Summary]] = {}
        for row in day_rows:
            if row["kind"] in ACTIONS:
                topics.setdefault(row["field"], []).append(row)
        decided = []
        # Fields first, in the order the session took them up; clauses without a field last.
        for topic in sorted(topics, key=lambda t: t is None):
            clauses = de_list(_action_clauses(topics[topic]))
            decided.append(f"zum Thema {topic} {clauses}" if topic else clauses)
        others = [r for r in day_rows if r["kind"] not in ACTIONS]
        sentences = []
        for number, text in enumerate(decided):
            lead = f"{where} hat das Forum" if number == 0 else "Außerdem hat es"
            sentences.append(f"{lead} beschlossen, {text}.")
        for row in others:
            lead = f"{where} hat das Forum" if not sentences else "Außerdem hat es"
            sentences.append(
                f"{lead} zum Tagesordnungspunkt „{row['title']}“ Folgendes beschlossen: "
                f"{sentence(row['text'])}"
            )
        draft.add(*sentences)
    if groups or guides:
        draft.add(
            "So entstehen neben den Schulungen durch das Forum Strukturen, in denen die Vereine "
            "ihre Kompetenzen und Ressourcen als Multiplikatoren weitergeben können."
        )


def sessions_to_come(draft: Draft, sources: Sources, sessions: list[Session]) -> None:
    if sources.events is None and sources.forum is None:
        return
    held = draft.figure(
        "forum.sessions_held", "Abgehaltene Forumssitzungen", sum(1 for s in sessions if s.held)
    )
    to_come = [s for s in sessions if not s.held]
    draft.figure("forum.sessions_to_come", "Noch ausstehende Forumssitzungen", len(to_come))
    dates = de_list([de_date(s.date) for s in to_come])
    if not held:
        if not to_come:
            draft.add("Bisher hat noch keine Forumssitzung stattgefunden.")
        elif len(to_come) == 1:
            draft.add(
                "Bisher hat noch keine Forumssitzung stattgefunden; die erste ist am "
                f"{dates} geplant."
            )
        else:
            draft.add(
                "Bisher hat noch keine Forumssitzung stattgefunden; geplant sind "
                f"{len(to_come)} Forumssitzungen (am {dates})."
            )
        return
    if not to_come:
        draft.add(
            f"Bisher {form(held, 'hat', 'haben')} "
            f"{plural(held, 'Forumssitzung', 'Forumssitzungen')} stattgefunden."
        )
        return
    n = len(to_come)
    draft.add(
        f"Im Rahmen des Projektes {form(n, 'wird', 'werden')} noch "
        f"{plural(n, 'weitere Forumssitzung', 'weitere Forumssitzungen')} stattfinden "
        f"(geplant am {dates})."
    )
