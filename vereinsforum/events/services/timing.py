"""When an events write happened: the moment it is entered, and the moment it is dated at.

Changes when the rule for recording the past changes (an entry made after the event is dated
at its start), or how dates are written in the services' messages.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

from vereinsforum.events.models import (
    Event,
)


def at_or_now(at: datetime | None) -> datetime:
    """The moment a write is entered: `at` where a caller (a test, the demo) sets it."""
    return at or timezone.now()


def happened_at(event: Event, at: datetime) -> datetime:
    """When a registration or check-in entered at `at` happened: at that moment while the
    event is to come or under way; at the event's start once it is over, because it is then
    recorded after the fact (the audit log keeps when it was entered)."""
    return event.start if at >= event.end else at


def short_date(value: date | datetime) -> str:
    """A day as the services' messages write it, in the office's time zone."""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return date_format(value, "SHORT_DATE_FORMAT")
