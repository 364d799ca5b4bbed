"""iCalendar (RFC 5545) for single events, confirmations and subscription feeds.

Every calendar carries the VTIMEZONE of the site's zone and writes times in it: a client
then shows the hour the office announced, and an empty feed is still a valid VCALENDAR
(RFC 5545 asks for at least one component). Every VEVENT names its ORGANIZER, which
RFC 5546 requires in PUBLISH and CANCEL: the office that leads the programme, at the
address the mails come from.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from email.utils import parseaddr
from functools import lru_cache
from typing import cast
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Timezone, vCalAddress, vText
from icalendar import Event as VEvent

from vereinsforum.events.models import Event, Registration, RegistrationStatus
from vereinsforum.lib.text import strip_control
from vereinsforum.lib.translated import translated
from vereinsforum.programmes.models import Programme


def _line(text: str) -> str:
    return strip_control(text, multiline=False).strip()


def _lines(text: str) -> str:
    return strip_control(text, multiline=True).replace("\r\n", "\n").replace("\r", "\n")


def _uid(event: Event) -> str:
    host = urlparse(settings.SITE_URL).hostname or "vereinsforum"
    return f"event-{event.pk}@{host}"


def _organizer(programme: Programme) -> vCalAddress:
    """The lead office, at the sender address of the mails (DEFAULT_FROM_EMAIL may carry a
    display name: only the address goes into the mailto: URI)."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = _line(programme.lead_department.name)
    return organizer


def _vevent(
    event: Event,
    *,
    programme: Programme | None = None,
    language: str | None = None,
    status: str = "CONFIRMED",
) -> VEvent:
    zone = ZoneInfo(settings.TIME_ZONE)
    vevent = VEvent()
    vevent.add("uid", _uid(event))
    # Same UID, higher SEQUENCE: a calendar replaces its copy after a change of time or venue.
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    vevent.add("organizer", _organizer(programme or event.programme))
    vevent.add("summary", _line(translated(event, "title", language)))
    description = _lines(translated(event, "description", language))
    if description:
        vevent.add("description", description)
    if event.location:
        vevent.add("location", _line(f"{event.location.name}, {event.location.address}"))
    vevent.add("url", settings.SITE_URL + reverse("events:detail", args=[event.pk]))
    # A called-off event is cancelled in every calendar that has it, whatever the caller says.
    vevent.add("status", "CANCELLED" if event.cancelled_at else status)
    vevent.add("last-modified", event.modified)
    return vevent


@lru_cache(maxsize=32)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    # icalendar derives the transitions from tzdata, which is slow; a feed is read often
    zone = Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    return zone.to_ical()


def _timezone_for(events: list[Event]) -> Timezone:
    """The site's VTIMEZONE, covering the years of the events (this year for none)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    moments: list[datetime] = [e.start for e in events] + [e.end for e in events]
    years = [m.astimezone(zone).year for m in moments or [timezone.now()]]
    first, last = min(years), max(years) + 2  # last is exclusive: a year's margin
    return cast(Timezone, Timezone.from_ical(_vtimezone(settings.TIME_ZONE, first, last)))


def _calendar(name: str, events: list[Event], method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Vereinsforum//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    name = _line(name)
    # icalendar writes properties it has no type for (X-WR-CALNAME, and NAME from RFC 7986)
    # verbatim: escape them as TEXT ourselves
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    if method:
        calendar.add("method", method)
    calendar.add_component(_timezone_for(events))
    return calendar


def event_ics(event: Event, *, language: str | None = None) -> bytes:
    calendar = _calendar(translated(event, "title", language), [event], method="PUBLISH")
    calendar.add_component(_vevent(event, language=language))
    return calendar.to_ical()


def registration_ics(registration: Registration, *, language: str | None = None) -> bytes:
    """The .ics attached to a confirmation; a cancelled registration cancels the entry, and
    an offer or a waiting place is only tentative until the seat is taken."""
    cancelled = registration.status == RegistrationStatus.CANCELLED
    tentative = registration.status in (RegistrationStatus.OFFERED, RegistrationStatus.WAITLISTED)
    event = registration.event
    calendar = _calendar(
        translated(event, "title", language),
        [event],
        method="CANCEL" if cancelled else "PUBLISH",
    )
    calendar.add_component(
        _vevent(
            event,
            language=language,
            status="CANCELLED" if cancelled else "TENTATIVE" if tentative else "CONFIRMED",
        )
    )
    return calendar.to_ical()


def feed_ics(name: str, events: Iterable[Event], *, language: str | None = None) -> bytes:
    events = list(events)
    # one query for the organisers of all events, not two per event
    programmes = Programme.objects.select_related("lead_department").in_bulk(
        {e.programme_id for e in events}
    )
    calendar = _calendar(name, events)
    for event in events:
        calendar.add_component(
            _vevent(event, programme=programmes[event.programme_id], language=language)
        )
    return calendar.to_ical()
