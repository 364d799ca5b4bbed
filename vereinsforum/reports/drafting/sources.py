"""What the draft is written from: the other apps' summaries, and the forum's sessions.

Each app that has something to report offers a summary function (`events_summary`,
`needs_summary`, `forum_summary`, `measures_summary`) that returns plain dicts as of a day.
They are loaded by name, so that the reports app runs without any of them: a missing
module, or a summary that returns None, leaves its paragraphs out.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.draft import as_date

#: A summary as an app hands it over: plain values, dates as dates or ISO strings.
Summary = dict[str, Any]


def load_summary(module: str, name: str) -> Callable[..., Any] | None:
    """A summary function of another app, or None while that app does not provide it."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    found: Callable[..., Any] | None = getattr(mod, name, None)
    return found


@dataclass(frozen=True)
class Sources:
    events: Summary | None
    needs: Summary | None
    forum: Summary | None
    measures: Summary | None = None


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


@dataclass(frozen=True)
class Session:
    """A forum session as the paper counts it: its number, its day, held by the as-of day."""

    number: int
    date: date
    held: bool


def forum_sessions(sources: Sources, as_of: date) -> list[Session]:
    """The forum's sessions, from the events app or else from the forum's own summary."""
    rows = (sources.events or {}).get("forum_sessions") or (sources.forum or {}).get("sessions")
    sessions = []
    for row in rows or []:
        on = as_date(row["date"])
        sessions.append(Session(number=row["number"], date=on, held=on <= as_of))
    return sorted(sessions, key=lambda s: s.number)
