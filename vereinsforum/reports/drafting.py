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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count

from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import ParticipationStep, Programme, Step, TeamMember, TeamRole

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

#: German names of the forum's poll methods; unknown methods are shown as they come.
POLL_METHODS = {
    "dot": "Punktabfrage",
    "dots": "Punktabfrage",
    "dot_voting": "Punktabfrage",
    "borda": "Rangfolge, ausgezählt nach Borda",
    "schulze": "Rangfolge, ausgezählt nach Schulze",
    "approval": "Zustimmungswahl",
}


def de_date(value: date) -> str:
    return f"{value:%d.%m.%Y}"


def de_month(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def de_list(items: list[str]) -> str:
    """ "a, b und c" – the German enumeration."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} und {items[-1]}"


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


def gather(programme: Programme, as_of: date) -> Sources:
    events = load_summary("vereinsforum.events.summary", "events_summary")
    needs = load_summary("vereinsforum.needs.summary", "needs_summary")
    forum = load_summary("vereinsforum.forum.summary", "forum_summary")
    return Sources(
        events=events(programme, as_of=as_of) if events else None,
        needs=needs(programme, as_of=as_of) if needs else None,
        forum=forum(programme, as_of=as_of) if forum else None,
    )


def draft_explanation(programme: Programme, *, as_of: date) -> Draft:
    """The Begründung for `programme` as it stood on `as_of`, with its figures."""
    sources = gather(programme, as_of)
    draft = Draft()
    draft.figure("as_of", "Stand", as_of)
    sessions = _forum_sessions(sources, as_of)
    _start_and_team(draft, programme, as_of)
    _kick_off(draft, programme, sources, as_of)
    _survey(draft, programme, sources, sessions)
    _forum_priorities(draft, sources, sessions, as_of)
    _resolutions(draft, sources, sessions, as_of)
    _trainings(draft, programme, sources, as_of)
    _workshops(draft, sources, as_of)
    _sessions_to_come(draft, sessions)
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
    team = list(
        TeamMember.objects.filter(programme=programme, since__lte=as_of)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    if not team:
        draft.add(f"Das {funding}Projekt „{programme.name}“ startete am {de_date(start)}.")
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
        parts.append(f"Vertreter/innen der Migrationsdienste der Wohlfahrtsverbände ({names})")
    if associations:
        parts.append(
            "der Migrantenselbstorganisationen (MSO) " + de_list([o.name for o in associations])
        )
    composition = de_list(parts) or "Fachleuten der Stadtverwaltung"
    led = f"Unter Leitung von {lead.name} besteht" if lead else "Es besteht"
    draft.add(
        f"Das {funding}Projekt „{programme.name}“ startete am {de_date(start)} mit der "
        "Einrichtung des Projektteams.",
        f"{led} das Projektteam aus {len(team)} Personen: {composition}.",
    )


def _unique(orgs: list[Organisation]) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for org in orgs:
        seen.setdefault(org.pk, org)
    return list(seen.values())


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
    when = f" am {de_date(on)}" if on else ""
    draft.add(
        f"Zu der Auftaktveranstaltung{when} wurden {invited} Vereine eingeladen, "
        f"Vertreter/innen von {attended} Vereinen kamen und {enrolled} Vereine meldeten sich "
        "für das Projekt an."
    )


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


def _survey(draft: Draft, programme: Programme, sources: Sources, sessions: list[dict]) -> None:
    needs = sources.needs
    if not needs:
        return
    start, end = _as_date(needs["period_start"]), _as_date(needs["period_end"])
    draft.figure("survey.period_start", "Befragung von", start)
    draft.figure("survey.period_end", "Befragung bis", end)
    interviews = draft.figure("survey.interviews", "Abgeschlossene Interviews", needs["interviews"])
    associations = draft.figure("survey.associations", "Befragte Vereine", needs["associations"])
    positions = dict(programme.fields.values_list("key", "position"))
    fields = sorted(needs["fields"], key=lambda f: positions.get(f["key"], 99))
    names = draft.figure("survey.fields", "Themenfelder", [f["name"] for f in fields])
    if start.year == end.year:
        period = f"zwischen {MONTHS[start.month - 1]} und {de_month(end)}"
    else:
        period = f"zwischen {de_month(start)} und {de_month(end)}"
    if start.month == end.month and start.year == end.year:
        period = f"im {de_month(start)}"
    contractor = (
        Organisation.objects.filter(
            kind=OrganisationKind.CONTRACTOR,
            affiliations__person__account__interviewer_assignments__programme=programme,
        )
        .distinct()
        .first()
    )
    by = f" durch den Auftragnehmer „{contractor.name}“" if contractor else ""
    draft.add(
        f"Die Befragung der Vereine für die Stärken/Schwächen-Analyse wurde{by} {period} "
        f"durchgeführt: {interviews} Interviews mit {associations} Vereinen.",
        "Die Auswertung der Interviews zeigt Veränderungs- und Unterstützungsbedarf in den "
        "Feldern:",
    )
    draft.add(f"{de_list(names)}.")
    sentences = list(needs.get("findings") or [])
    ranked = sorted(needs["fields"], key=lambda f: f["rank"])
    if ranked and not sentences:
        top = ranked[0]
        share = draft.figure(
            f"survey.high_need.{top['key']}",
            f"Anteil mit hohem Bedarf: {top['name']}",
            round(top["share_high_need"] * 100),
        )
        sentences.append(
            f"Den größten Bedarf zeigt das Feld {top['name']}: {share} % der befragten Vereine "
            "haben hier hohen Bedarf."
        )
    first = next((s for s in sessions if s["held"]), None)
    if first:
        sentences.append(
            "Das Gesamtergebnis der Befragung wurde den Vereinen "
            f"{_session_label(sessions, first['date'])} präsentiert."
        )
    draft.add(*sentences)


def _forum_priorities(draft: Draft, sources: Sources, sessions: list[dict], as_of: date) -> None:
    polls = [
        p
        for p in (sources.forum or {}).get("polls") or []
        if p.get("closed")
        and p.get("ranking")
        and (p.get("session_date") is None or _as_date(p["session_date"]) <= as_of)
    ]
    for index, poll in enumerate(polls, start=1):
        ranking = sorted(poll["ranking"], key=lambda r: r["rank"])
        top = draft.figure(
            f"forum.poll.{index}.top",
            f"Vordere Plätze: {poll['title']}",
            [r["name"] for r in ranking[:3]],
        )
        where = _session_label(sessions, _as_date(poll.get("session_date")))
        method = POLL_METHODS.get(poll.get("method") or "", poll.get("method") or "")
        how = f"Abstimmung „{poll['title']}“" + (f", {method}" if method else "")
        places = ", ".join(f"{r['rank']}. {r['name']}" for r in ranking[: len(top)])
        draft.add(
            f"{where[0].upper()}{where[1:]} wurden die Themenfelder priorisiert ({how}).",
            "Entlang dieser Gewichtung werden die konkreten Maßnahmen zur Behebung des jeweiligen "
            f"Bedarfes entworfen. Die vorderen Plätze belegten: {places}.",
        )


RESOLUTION_KINDS = {
    "working_group": "Arbeitsgruppe gebildet",
    "guide": "Leitfaden für alle Vereine geplant",
    "training": "Schulung als erforderlich angesehen",
    "other": "Beschluss",
}


def _resolutions(draft: Draft, sources: Sources, sessions: list[dict], as_of: date) -> None:
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
    by_day: dict[date, list[dict]] = {}
    for row in rows:
        by_day.setdefault(_as_date(row["session_date"]), []).append(row)
    for day, day_rows in sorted(by_day.items()):
        where = _session_label(sessions, day)
        sentences = [f"Beschlüsse {where}:"]
        for row in day_rows:
            kind = RESOLUTION_KINDS.get(row["kind"], RESOLUTION_KINDS["other"])
            title = row["title"].rstrip(".")
            text = (row.get("text") or "").strip()
            sentences.append(f"{kind}: {title}." + (f" {text}" if text else ""))
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


def _trainings(draft: Draft, programme: Programme, sources: Sources, as_of: date) -> None:
    trainings = (sources.events or {}).get("trainings") or []
    sentences = []
    for row in sorted(trainings, key=lambda r: _as_date(r["date"])):
        on = _as_date(row["date"])
        key = f"training.{row['event'].pk}.registrations"
        n = draft.figure(key, f"Anmeldungen: {row['title']}", row["registrations"])
        topics = de_list(_field_names(programme, row.get("fields") or []))
        topic = f"Für das Thema {topics} " if topics else "Es "
        named = _named("Schulung", "die", row["title"])
        if on <= as_of:
            sentences.append(f"Am {de_date(on)} fand {named} statt; angemeldet waren {n} Personen.")
        elif n:
            sentences.append(
                f"{topic}ist {named} am {de_date(on)} terminiert, "
                f"für die bisher {n} Anmeldungen vorliegen."
            )
        else:
            sentences.append(f"{topic}ist {named} am {de_date(on)} geplant.")
    draft.add(*sentences)


def _workshops(draft: Draft, sources: Sources, as_of: date) -> None:
    workshops = (sources.events or {}).get("workshops") or []
    sentences = []
    for row in sorted(workshops, key=lambda r: _as_date(r["date"])):
        on = _as_date(row["date"])
        draft.figure(f"workshop.{row['event'].pk}.date", f"Termin: {row['title']}", on)
        named = _named("Workshop", "der", row["title"])
        if on <= as_of:
            sentences.append(f"Am {de_date(on)} fand {named} statt.")
        else:
            sentences.append(f"Voraussichtlich im {de_month(on)} wird {named} stattfinden.")
    draft.add(*sentences)


def _sessions_to_come(draft: Draft, sessions: list[dict]) -> None:
    if not sessions:
        return
    held = draft.figure(
        "forum.sessions_held", "Abgehaltene Forumssitzungen", sum(1 for s in sessions if s["held"])
    )
    to_come = [s for s in sessions if not s["held"]]
    draft.figure("forum.sessions_to_come", "Noch ausstehende Forumssitzungen", len(to_come))
    if not to_come:
        draft.add(f"Im Rahmen des Projektes haben {held} Forumssitzungen stattgefunden.")
        return
    dates = de_list([de_date(s["date"]) for s in to_come])
    word = "weitere Forumssitzung" if len(to_come) == 1 else "weitere Forumssitzungen"
    draft.add(
        f"Im Rahmen des Projektes werden noch {len(to_come)} {word} stattfinden (geplant: {dates})."
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
