"""German wording that several sections of the paper share.

How associations are counted, how an event is named, how a session is referred to: one
place for each, so that the paragraphs say it the same way.
"""

from __future__ import annotations

from datetime import date

from vereinsforum.lib.german import de_date, plural
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.sources import Session


def association_count(n: int, case: str = "nominative") -> str:
    """ "1 Verein", "25 Vereine" (dative: "25 Vereinen")."""
    return plural(n, "Verein", "Vereinen" if case == "dative" else "Vereine")


def named(kind_word: str, article: str, title: str) -> str:
    """ "die Schulung X" – unless the title already says what it is ("Grundlagenschulung …")."""
    if kind_word.lower() in title.lower():
        return f"{article} {title}"
    return f"{article} {kind_word} „{title}“"


def field_names(programme: Programme, keys: list[str]) -> list[str]:
    """The names of the programme's fields with these keys (an unknown key as it comes)."""
    names = dict(programme.fields.values_list("key", "name"))
    return [names.get(k, k) for k in keys]


def session_label(sessions: list[Session], on: date | None) -> str:
    """ "in der 2. Forumssitzung am 16.01.2008", or the bare day when it was no session."""
    session = next((s for s in sessions if on and s.date == on), None)
    if session:
        return f"in der {session.number}. Forumssitzung am {de_date(session.date)}"
    return f"am {de_date(on)}" if on else "im Forum"
