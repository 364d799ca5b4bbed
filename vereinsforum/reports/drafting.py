"""The Begründung drafted from the data, in German, with the figures it was written from.

The office used to copy figures out of lists by hand. Here each paragraph is written from
one source (the programme and its team, the kick-off funnel, the needs analysis, the
forum, the events) and every figure it states is recorded, so that a later change in the
data can be shown beside the draft. The summaries of the other apps are optional: where a
module is missing or returns None, its paragraph is left out.

The text is German whatever the user's language: it is the office's submission to the
council.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count

from vereinsforum.lib.german import MONTHS, de_date, de_list, de_month, form, plural, sentence
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import ParticipationStep, Programme, Step, TeamMember, TeamRole

#: German names of the forum's poll methods; unknown methods are shown as they come.
POLL_METHODS = {
    "dot": "Punktabfrage",
    "dots": "Punktabfrage",
    "dot_voting": "Punktabfrage",
    "borda": "Rangfolge, ausgezählt nach Borda",
    "schulze": "Rangfolge, ausgezählt nach Schulze",
    "approval": "Zustimmungswahl",
}


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def load_summary(module: str, name: str) -> Callable | None:
    """A summary function of another app, or None while that app does not provide it."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, name, None)


@dataclass
class Draft:
    paragraphs: list[str] = field(default_factory=list)
    #: {key: {"label": German label, "value": JSON value}}
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)

    def figure(self, key: str, label: str, value: Any) -> Any:
        self.figures[key] = {"label": label, "value": _json(value)}
        return value

    def add(self, *sentences: str) -> None:
        text = " ".join(s for s in sentences if s)
        if text:
            self.paragraphs.append(text)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Sources:
    events: dict | None
    needs: dict | None
    forum: dict | None
    measures: dict | None = None


def gather(programme: Programme, as_of: date) -> Sources:
    events = load_summary("vereinsforum.events.summary", "events_summary")
    needs = load_summary("vereinsforum.needs.summary", "needs_summary")
    forum = load_summary("vereinsforum.forum.summary", "forum_summary")
    measures = load_summary("vereinsforum.measures.accountability", "measures_summary")
    return Sources(
        events=events(programme, as_of=as_of) if events else None,
        needs=needs(programme, as_of=as_of) if needs else None,
        forum=forum(programme, as_of=as_of) if forum else None,
        measures=measures(programme, as_of=as_of) if measures else None,
    )


def draft_explanation(programme: Programme, *, as_of: date) -> Draft:
    """The Begründung for `programme` as it stood on `as_of`, with its figures."""
    sources = gather(programme, as_of)
    draft = Draft()
    draft.figure("as_of", "Stand", as_of)
    sessions = _forum_sessions(sources, as_of)
    polls = _counted_polls(sources, as_of)
    _start_and_team(draft, programme, as_of)
    _kick_off(draft, programme, sources, as_of)
    _survey(draft, programme, sources, sessions, as_of)
    _forum_priorities(draft, polls, sessions)
    _resolutions(draft, programme, sources, sessions, polls, as_of)
    # The events of measures that ran are told with whom they reached, not again below.
    told = _measures_run(draft, programme, sources)
    _trainings(draft, programme, sources, as_of, told)
    _workshops(draft, sources, as_of, told)
    _measures_planned(draft, programme, sources)
    _sessions_to_come(draft, sources, sessions)
    return draft


def collect_figures(programme: Programme, *, as_of: date) -> dict[str, dict[str, Any]]:
    return draft_explanation(programme, as_of=as_of).figures


# ---- paragraphs -----------------------------------------------------------------------------


def _start_and_team(draft: Draft, programme: Programme, as_of: date) -> None:
    funding = ""
    if programme.funder and programme.funding_programme:
        funding = f"vom {programme.funder} im Rahmen von {programme.funding_programme} geförderte "
    elif programme.funding_programme:
        funding = f"im Rahmen von {programme.funding_programme} geförderte "
    start = draft.figure("programme.start", "Projektbeginn", programme.start)
    started = "startete" if start <= as_of else "startet"
    team = list(
        TeamMember.objects.filter(programme=programme, since__lte=as_of)
        # A membership that ended on or before the day no longer counts (ended today is
        # ended now, as for affiliations).
        .exclude(until__lte=as_of)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    if not team:
        draft.add(f"Das {funding}Projekt „{programme.name}“ {started} am {de_date(start)}.")
        return
    draft.figure("team.size", "Mitglieder im Projektteam", len(team))
    lead = next((m.organisation for m in team if m.role == TeamRole.LEAD), None)
    welfare = _unique([m.organisation for m in team if m.role == TeamRole.WELFARE])
    associations = _unique([m.organisation for m in team if m.role == TeamRole.ASSOCIATION])
    draft.figure("team.welfare_services", "Migrationsdienste im Projektteam", len(welfare))
    draft.figure("team.associations", "Vereine im Projektteam", [o.name for o in associations])
    parts = []
    if welfare:
        names = de_list([o.short_name or o.name for o in welfare])
        services = form(
            len(welfare),
            "des Migrationsdienstes eines Wohlfahrtsverbandes",
            "der Migrationsdienste der Wohlfahrtsverbände",
        )
        parts.append(f"Vertreter/innen {services} ({names})")
    if associations:
        kind = "Migrantenselbstorganisation" + form(len(associations), "", "en")
        parts.append(f"der {kind} (MSO) {de_list([o.name for o in associations])}")
    led = (
        f"Unter Leitung von {lead.name} besteht das Projektteam"
        if lead
        else ("Das Projektteam besteht")
    )
    size = plural(len(team), "Person", "Personen")
    composition = f": {de_list(parts)}" if parts else ""
    draft.add(
        f"Das {funding}Projekt „{programme.name}“ {started} am {de_date(start)} mit der "
        "Einrichtung des Projektteams.",
        # A name may end the sentence with its own full stop ("Anadolu e.V.").
        sentence(f"{led} aus {size}{composition}"),
    )


def _unique(orgs: list[Organisation]) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for org in orgs:
        seen.setdefault(org.pk, org)
    return list(seen.values())


def _associations(n: int, case: str = "nominative") -> str:
    """ "1 Verein", "25 Vereine" (dative: "25 Vereinen")."""
    return plural(n, "Verein", "Vereinen" if case == "dative" else "Vereine")


def _kick_off(draft: Draft, programme: Programme, sources: Sources, as_of: date) -> None:
    kick_off = (sources.events or {}).get("kick_off")
    if kick_off:
        on = _as_date(kick_off.get("date"))
        invited, attended, enrolled = (
            kick_off["invited"],
            kick_off["attended"],
            kick_off["enrolled"],
        )
    else:
        # Without the events app the funnel still stands in the participation rows.
        counts = dict(
            ParticipationStep.objects.filter(participation__programme=programme, date__lte=as_of)
            .values_list("step")
            .annotate(n=Count("participation", distinct=True))
            .values_list("step", "n")
        )
        invited = counts.get(Step.INVITED.value, 0)
        attended = counts.get(Step.ATTENDED.value, 0)
        enrolled = counts.get(Step.ENROLLED.value, 0)
        first = (
            ParticipationStep.objects.filter(
                participation__programme=programme, step=Step.ATTENDED, date__lte=as_of
            )
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        on = first
        if not invited:
            return
    draft.figure("kick_off.invited", "Zur Auftaktveranstaltung eingeladene Vereine", invited)
    draft.figure("kick_off.attended", "Bei der Auftaktveranstaltung vertretene Vereine", attended)
    draft.figure("kick_off.enrolled", "Für das Projekt angemeldete Vereine", enrolled)
    if on and on > as_of:
        invitations = (
            f"eingeladen {form(invited, 'ist', 'sind')} bisher {_associations(invited)}"
            if invited
            else "die Einladungen sind noch nicht verschickt"
        )
        draft.add(f"Die Auftaktveranstaltung ist für den {de_date(on)} geplant; {invitations}.")
        return
    when = f" am {de_date(on)}" if on else ""
    if invited:
        invitation = f"{form(invited, 'wurde', 'wurden')} {_associations(invited)} eingeladen"
    else:
        invitation = "wurden keine Vereine eingeladen"
    if attended:
        came = f"Vertreter/innen von {_associations(attended, 'dative')} kamen"
    else:
        came = "es kamen keine Vertreter/innen von Vereinen"
    if enrolled:
        joined = (
            f"{_associations(enrolled)} {form(enrolled, 'meldete', 'meldeten')} sich für das "
            "Projekt an"
        )
    else:
        joined = "kein Verein meldete sich für das Projekt an"
    draft.add(f"Zu der Auftaktveranstaltung{when} {invitation}, {came} und {joined}.")


def _forum_sessions(sources: Sources, as_of: date) -> list[dict]:
    rows = (sources.events or {}).get("forum_sessions") or (sources.forum or {}).get("sessions")
    sessions = []
    for row in rows or []:
        on = _as_date(row["date"])
        sessions.append({"number": row["number"], "date": on, "held": on <= as_of})
    return sorted(sessions, key=lambda s: s["number"])


def _session_label(sessions: list[dict], on: date | None) -> str:
    session = next((s for s in sessions if on and s["date"] == on), None)
    if session:
        return f"in der {session['number']}. Forumssitzung am {de_date(session['date'])}"
    return f"am {de_date(on)}" if on else "im Forum"


def _period(start: date, end: date) -> str:
    if start.month == end.month and start.year == end.year:
        return f"im {de_month(start)}"
    if start.year == end.year:
        return f"zwischen {MONTHS[start.month - 1]} und {de_month(end)}"
    return f"zwischen {de_month(start)} und {de_month(end)}"


def _survey(
    draft: Draft, programme: Programme, sources: Sources, sessions: list[dict], as_of: date
) -> None:
    needs = sources.needs
    if not needs:
        return
    start, end = _as_date(needs["period_start"]), _as_date(needs["period_end"])
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
        f"{_associations(associations, 'dative')}"
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
        asked = f"{_associations(associations)} befragt worden {form(associations, 'ist', 'sind')}"
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
    first = next((s for s in sessions if s["held"]), None)
    if first and not running and first["date"] >= end:
        sentences.append(
            "Das Gesamtergebnis der Befragung wurde den Vereinen "
            f"{_session_label(sessions, first['date'])} präsentiert."
        )
    draft.add(*sentences)


def _counted_polls(sources: Sources, as_of: date) -> list[dict]:
    """The polls counted by `as_of` whose result the paper reports."""
    return [
        p
        for p in (sources.forum or {}).get("polls") or []
        if p.get("closed")
        and p.get("ranking")
        and (p.get("session_date") is None or _as_date(p["session_date"]) <= as_of)
    ]


def _places(ranking: list[dict]) -> str:
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
    return _capitalise(de_list(parts))


def _forum_priorities(draft: Draft, polls: list[dict], sessions: list[dict]) -> None:
    for index, poll in enumerate(polls, start=1):
        ranking = sorted(poll["ranking"], key=lambda r: r["rank"])
        top = [r for r in ranking if r["rank"] <= 3]
        draft.figure(
            f"forum.poll.{index}.top", f"Vordere Plätze: {poll['title']}", [r["name"] for r in top]
        )
        where = _capitalise(_session_label(sessions, _as_date(poll.get("session_date"))))
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
    return _capitalise(match[1]) if match else "Schulung"


def _action_clauses(rows: list[dict]) -> list[str]:
    """What the forum decided to do, as infinitive clauses ("eine Arbeitsgruppe zu bilden"),
    a guide folded into the working group that writes it."""
    trainings = [r for r in rows if r["kind"] == "training"]
    groups = [r for r in rows if r["kind"] == "working_group"]
    guides = [r for r in rows if r["kind"] == "guide"]
    topical = rows[0]["field"] is not None

    def about(row: dict) -> str:
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


def _resolutions(
    draft: Draft,
    programme: Programme,
    sources: Sources,
    sessions: list[dict],
    polls: list[dict],
    as_of: date,
) -> None:
    rows = [
        r
        for r in (sources.forum or {}).get("resolutions") or []
        if _as_date(r["session_date"]) <= as_of
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
    by_day: dict[date, list[dict]] = {}
    for row in rows:
        if row["kind"] not in ACTIONS and row.get("agenda_item_id") in told - {None}:
            continue
        by_day.setdefault(_as_date(row["session_date"]), []).append(
            {**row, "field": _field_named(names, row["title"], row.get("text") or "")}
        )
    # The priorities paragraph just before has named the session of the last poll.
    previous = _as_date(polls[-1].get("session_date")) if polls else None
    for index, (day, day_rows) in enumerate(sorted(by_day.items())):
        if index == 0 and day == previous:
            where = "In derselben Sitzung"
        else:
            where = _capitalise(_session_label(sessions, day))
        topics: dict[str | None, list[dict]] = {}
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


def _named(kind_word: str, article: str, title: str) -> str:
    """ "die Schulung X" – unless the title already says what it is ("Grundlagenschulung …")."""
    if kind_word.lower() in title.lower():
        return f"{article} {title}"
    return f"{article} {kind_word} „{title}“"


def _field_names(programme: Programme, keys: list[str]) -> list[str]:
    names = dict(programme.fields.values_list("key", "name"))
    return [names.get(k, k) for k in keys]


def _trainings(
    draft: Draft, programme: Programme, sources: Sources, as_of: date, told: set[int] = frozenset()
) -> None:
    trainings = (sources.events or {}).get("trainings") or []
    sentences = []
    for row in sorted(trainings, key=lambda r: _as_date(r["date"])):
        if row["event"].pk in told:
            continue
        on = _as_date(row["date"])
        key = f"training.{row['event'].pk}.registrations"
        n = draft.figure(key, f"Anmeldungen: {row['title']}", row["registrations"])
        topics = _field_names(programme, row.get("fields") or [])
        named = _named("Schulung", "die", row["title"])
        if on <= as_of:
            if n:
                registered = (
                    f"angemeldet {form(n, 'war', 'waren')} {plural(n, 'Person', 'Personen')}"
                )
            else:
                registered = "Anmeldungen lagen nicht vor"
            sentences.append(f"Am {de_date(on)} fand {named} statt; {registered}.")
            continue
        if len(topics) == 1:
            subject = f"Für das Thema {topics[0]} ist {named}"
        elif topics:
            subject = f"Für die Themen {de_list(topics)} ist {named}"
        else:
            subject = f"{_capitalise(named)} ist"
        if n:
            sentences.append(
                f"{subject} am {de_date(on)} terminiert, für die bisher "
                f"{plural(n, 'Anmeldung', 'Anmeldungen')} {form(n, 'vorliegt', 'vorliegen')}."
            )
        else:
            sentences.append(f"{subject} am {de_date(on)} geplant.")
    draft.add(*sentences)


def _workshops(draft: Draft, sources: Sources, as_of: date, told: set[int] = frozenset()) -> None:
    workshops = (sources.events or {}).get("workshops") or []
    sentences = []
    for row in sorted(workshops, key=lambda r: _as_date(r["date"])):
        if row["event"].pk in told:
            continue
        on = _as_date(row["date"])
        draft.figure(f"workshop.{row['event'].pk}.date", f"Termin: {row['title']}", on)
        named = _named("Workshop", "der", row["title"])
        if on <= as_of:
            sentences.append(f"Am {de_date(on)} fand {named} statt.")
        else:
            sentences.append(f"Voraussichtlich im {de_month(on)} wird {named} stattfinden.")
    draft.add(*sentences)


#: What a measure of each kind is called, with its article (nominative).
MEASURE_KINDS = {
    "training": ("Schulung", "die"),
    "working_group": ("Arbeitsgruppe", "die"),
    "workshop": ("Workshop", "der"),
    "guide": ("Leitfaden", "der"),
    "counselling": ("Beratung", "die"),
}


def _measure_named(row: dict) -> str:
    """ "die Grundlagenschulung Vereinsbuchhaltung", "die Maßnahme „Sprechstunde“"."""
    word, article = MEASURE_KINDS.get(row["kind"], ("Maßnahme", "die"))
    return _named(word, article, row["title"])


def _measure_fields(programme: Programme, row: dict) -> str:
    names = _field_names(programme, row.get("fields") or [])
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
    return f"{people} aus {_associations(associations, 'dative')}"


def _measure_ran(draft: Draft, programme: Programme, row: dict) -> list[str]:
    pk = row["measure"].pk
    named = _capitalise(_measure_named(row)) + _measure_fields(programme, row)
    done = row["status"] == "done"
    draft.figure(
        f"measure.{pk}.status",
        f"Stand der Maßnahme: {row['title']}",
        "abgeschlossen" if done else "läuft",
    )
    since = _as_date(row.get("since"))
    if done:
        state = "ist fertiggestellt" if row["kind"] == "guide" else "ist abgeschlossen"
    elif row["kind"] == "guide":
        state = f"ist seit dem {de_date(since)} in Arbeit" if since else "ist in Arbeit"
    elif row["kind"] == "working_group":
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
        f"Am {de_date(_as_date(o['date']))} wurde „{o['title']}“ veröffentlicht."
        for o in sorted(row.get("outputs") or [], key=lambda o: _as_date(o["date"]))
    ]
    if published:
        draft.figure(
            f"measure.{pk}.outputs",
            f"Veröffentlicht: {row['title']}",
            [o["title"] for o in row["outputs"]],
        )
    if not n:
        return [f"{named} {state}.", *published]
    meeting = "Treffen" if row["kind"] == "working_group" else None
    days = [_as_date(e["date"]) for e in events]
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
    sentences = [f"{named} {state}: {took_part}.", *published]
    target_people, target_orgs = row.get("target_participants"), row.get("target_associations")
    if target_people or target_orgs:
        verb = "waren" if done else "sind"
        if target_people and target_orgs:
            goal = _persons_from(target_people, target_orgs)
        elif target_people:
            goal = plural(target_people, "Person", "Personen")
        else:
            goal = f"{_associations(target_orgs)} zu erreichen"
            sentences.append(f"Angestrebt {verb}, {goal}.")
            return sentences
        sentences.append(f"Angestrebt {verb} {goal}.")
    return sentences


def _measures_run(draft: Draft, programme: Programme, sources: Sources) -> set[int]:
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


def _measures_planned(draft: Draft, programme: Programme, sources: Sources) -> None:
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
            days = [_as_date(e["date"]) for e in row.get("events") or []]
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
            days = [_as_date(e["date"]) for e in row["held"]]
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


def _sessions_to_come(draft: Draft, sources: Sources, sessions: list[dict]) -> None:
    if sources.events is None and sources.forum is None:
        return
    held = draft.figure(
        "forum.sessions_held", "Abgehaltene Forumssitzungen", sum(1 for s in sessions if s["held"])
    )
    to_come = [s for s in sessions if not s["held"]]
    draft.figure("forum.sessions_to_come", "Noch ausstehende Forumssitzungen", len(to_come))
    dates = de_list([de_date(s["date"]) for s in to_come])
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


# ---- changes since drafting -----------------------------------------------------------------


def display(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return de_date(date.fromisoformat(value))
    return str(value)


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    old: Any
    new: Any

    @property
    def old_display(self) -> str:
        return display(self.old)

    @property
    def new_display(self) -> str:
        return display(self.new)


def figure_changes(report: Any) -> list[FigureChange]:
    """Figures that differ now from when the draft was written, for the same as-of date."""
    if not report.figures or report.drafted_as_of is None:
        return []
    current = collect_figures(report.programme, as_of=report.drafted_as_of)
    changes = []
    for key in [*report.figures, *(k for k in current if k not in report.figures)]:
        old = report.figures.get(key)
        new = current.get(key)
        old_value = old["value"] if old else None
        new_value = new["value"] if new else None
        if old_value != new_value:
            label = (new or old)["label"]
            changes.append(FigureChange(key, label, old_value, new_value))
    return changes
