"""The lock that makes the last seat safe.

Every write that changes who holds a seat first locks the event row inside its
transaction: `SELECT … FOR UPDATE` on PostgreSQL, so concurrent registrations for the
same event queue up behind each other and each one counts the seats that the ones before
it committed. On SQLite the settings open every transaction with BEGIN IMMEDIATE, which
takes the database write lock at once, so the same read-then-write cannot interleave.
"""

from __future__ import annotations

from vereinsforum.events.models import Event

#: Only the control test turns this off, to show that without the lock the race overbooks.
ENABLED = True


def lock_event(event_id: int) -> Event:
    """The event, locked for the rest of the current transaction."""
    queryset = Event.objects.select_related("programme", "location")
    if ENABLED:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=event_id)
