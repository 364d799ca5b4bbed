"""The Begründung as a whole: the sections in the order the paper tells them.

The programme and its team, the kick-off, the survey, the forum's priorities and
resolutions, what the measures did, the trainings and workshops, what is planned, and the
sessions still to come. The forum's sessions and counted polls are worked out once here,
since several sections refer to them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting import events, forum, foundation, measures, needs
from vereinsforum.reports.drafting.draft import Draft
from vereinsforum.reports.drafting.sources import forum_sessions, gather


def draft_explanation(programme: Programme, *, as_of: date) -> Draft:
    """The Begründung for `programme` as it stood on `as_of`, with its figures."""
    sources = gather(programme, as_of)
    draft = Draft()
    draft.figure("as_of", "Stand", as_of)
    sessions = forum_sessions(sources, as_of)
    polls = forum.counted_polls(sources, as_of)
    foundation.start_and_team(draft, programme, as_of)
    foundation.kick_off(draft, programme, sources, as_of)
    needs.survey(draft, programme, sources, sessions, as_of)
    forum.forum_priorities(draft, polls, sessions)
    forum.resolutions(draft, programme, sources, sessions, polls, as_of)
    # The events of measures that ran are told with whom they reached, not again below.
    told = measures.measures_run(draft, programme, sources)
    events.trainings(draft, programme, sources, as_of, told)
    events.workshops(draft, sources, as_of, told)
    measures.measures_planned(draft, programme, sources)
    forum.sessions_to_come(draft, sources, sessions)
    return draft


def collect_figures(programme: Programme, *, as_of: date) -> dict[str, dict[str, Any]]:
    """Only the figures of the draft: what a later change in the data is checked against."""
    return draft_explanation(programme, as_of=as_of).figures
