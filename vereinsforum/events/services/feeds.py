"""Reminders and calendar feeds: what reaches people's mailboxes and calendars by itself.

Changes when the reminder schedule or the feeds' lifecycle (create, revoke) changes; the
.ics itself is written by ical.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from vereinsforum.audit.services import audit_record
from vereinsforum.events import notifications
from vereinsforum.events.models import (
    SEAT_HOLDING,
    CalendarFeed,
    Registration,
)
from vereinsforum.events.services.timing import at_or_now
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.organisations.models import (
    Organisation,
    Person,
)


def reminders_send(*, days: int, at: datetime | None = None) -> int:
    """Queue a reminder for every seat at events starting within `days` days (once each)."""
    at = at_or_now(at)
    count = 0
    for registration in Registration.objects.filter(
        status__in=SEAT_HOLDING,
        event__start__gt=at,
        event__start__lte=at + timedelta(days=days),
    ).select_related("event", "person", "organisation"):
        with transaction.atomic():
            before = registration.messages.count()
            notifications.notify_reminder(registration)
            count += registration.messages.count() - before
    return count


@transaction.atomic
def calendar_feed_create(
    *, actor: Actor, organisation: Organisation | None = None, person: Person | None = None
) -> CalendarFeed:
    feed = CalendarFeed(
        organisation=organisation,
        person=person,
        created_by=user_of(actor),
    )
    feed.full_clean()
    feed.save()
    audit_record(
        actor=actor, action="calendar_feed.create", target=feed, target_repr=f"Feed #{feed.pk}"
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor: Actor, feed: CalendarFeed) -> CalendarFeed:
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save()
        audit_record(
            actor=actor, action="calendar_feed.revoke", target=feed, target_repr=f"Feed #{feed.pk}"
        )
    return feed
