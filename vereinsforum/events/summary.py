"""What the events say about a programme, for the status report, the forum and OParl.

The contract is in CONTRACTS.md; every figure is counted from the rows at call time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from vereinsforum.events.models import SEAT_HOLDING, Event, EventKind
from vereinsforum.programmes.models import Step


def _day(event: Event) -> date:
    return timezone.localdate(event.start)


def kick_off_funnel(event: Event) -> dict[str, int]:
    """Invited, attended and enrolled associations, counted from the kick-off itself."""
    attending = event.attending_organisations()
    enrolled = attending.filter(
        participations__programme=event.programme,
        participations__steps__step=Step.ENROLLED,
    ).distinct()
    return {
        "invited": event.invitations.count(),
        "attended": attending.count(),
        "enrolled": enrolled.count(),
    }


def events_summary(programme: Any, *, as_of: date | None = None) -> dict:
    def held(day: date) -> bool:
        return as_of is None or day <= as_of

    # Cancelled events are kept on record but are not part of what a report counts.
    events = Event.objects.not_cancelled().filter(programme=programme).prefetch_related("fields")
    kick_off = events.filter(kind=EventKind.KICK_OFF).order_by("start").first()
    kick_off_row = None
    if kick_off is not None:
        kick_off_row = {"event": kick_off, "date": _day(kick_off), **kick_off_funnel(kick_off)}
    sessions = [
        {"event": e, "date": _day(e), "number": n, "held": held(_day(e))}
        for n, e in enumerate(Event.objects.forum_sessions(programme), start=1)
    ]
    trainings = [
        {
            "event": e,
            "title": e.title,
            "date": _day(e),
            "registrations": e.registrations.filter(status__in=SEAT_HOLDING).count(),
            "fields": [f.key for f in e.fields.all()],
        }
        for e in events.filter(kind=EventKind.TRAINING).order_by("start")
    ]
    workshops = [
        {"event": e, "title": e.title, "date": _day(e), "held": held(_day(e))}
        for e in events.filter(kind=EventKind.WORKSHOP).order_by("start")
    ]
    return {
        "kick_off": kick_off_row,
        "forum_sessions": sessions,
        "trainings": trainings,
        "workshops": workshops,
    }
