"""iCalendar (RFC 5545) for single events, confirmations and subscription feeds."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from vereinsforum.events.models import Event, Registration, RegistrationStatus
from vereinsforum.lib.translated import translated


def _uid(event: Event) -> str:
    host = urlparse(settings.SITE_URL).hostname or "vereinsforum"
    return f"event-{event.pk}@{host}"


def _vevent(event: Event, *, language: str | None = None, status: str = "CONFIRMED") -> VEvent:
    vevent = VEvent()
    vevent.add("uid", _uid(event))
    # Same UID, higher SEQUENCE: a calendar replaces its copy after a change of time or venue.
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end)
    vevent.add("summary", translated(event, "title", language))
    description = translated(event, "description", language)
    if description:
        vevent.add("description", description)
    if event.location:
        vevent.add("location", f"{event.location.name}, {event.location.address}")
    vevent.add("url", settings.SITE_URL + reverse("events:detail", args=[event.pk]))
    # A called-off event is cancelled in every calendar that has it, whatever the caller says.
    vevent.add("status", "CANCELLED" if event.cancelled_at else status)
    vevent.add("last-modified", event.modified)
    return vevent


def _calendar(name: str, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Vereinsforum//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    return calendar


def event_ics(event: Event, *, language: str | None = None) -> bytes:
    calendar = _calendar(translated(event, "title", language), method="PUBLISH")
    calendar.add_component(_vevent(event, language=language))
    return calendar.to_ical()


def registration_ics(registration: Registration, *, language: str | None = None) -> bytes:
    """The .ics attached to a confirmation; a cancelled registration cancels the entry, and
    an offer or a waiting place is only tentative until the seat is taken."""
    cancelled = registration.status == RegistrationStatus.CANCELLED
    tentative = registration.status in (RegistrationStatus.OFFERED, RegistrationStatus.WAITLISTED)
    calendar = _calendar(
        translated(registration.event, "title", language),
        method="CANCEL" if cancelled else "PUBLISH",
    )
    calendar.add_component(
        _vevent(
            registration.event,
            language=language,
            status="CANCELLED" if cancelled else "TENTATIVE" if tentative else "CONFIRMED",
        )
    )
    return calendar.to_ical()


def feed_ics(name: str, events: Iterable[Event], *, language: str | None = None) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, language=language))
    return calendar.to_ical()
