"""What the events say about a programme, for the status report, the forum and OParl.

Every figure is counted from the rows at call time, as they stood at the end of `as_of`
(`lib/as_of.py`): the rows carry the moments that matter (invitation sent, registration
made, offer made, check-in, cancellation; events their start and cancellation), so a row
written or changed later does not alter a report dated earlier. Without `as_of`, "now".

What the rows cannot tell is left as stored: an event's title, date and fields, and
whether it was created by then (the demo creates its 2007 events today), so an event counts
by its start and by whether it had been cancelled by then.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from vereinsforum.events.models import Event, EventKind, EventQuerySet, RegistrationStatus
from vereinsforum.lib.as_of import cutoff
from vereinsforum.organisations.models import Organisation, OrganisationQuerySet
from vereinsforum.programmes.models import ParticipationStep, Step


def _day(event: Event) -> date:
    return timezone.localdate(event.start)


def programme_events(programme: Any, *, as_of: date | None = None) -> EventQuerySet:
    """The programme's events that had not been cancelled by the end of `as_of`.

    Cancelled events are kept on record but are not part of what a report counts; one
    cancelled after `as_of` was still planned then. Nor are events after the programme's
    end: a body that outlives the programme (the forum as a permanent body) meets on, but
    its later sessions are not the programme's to report.
    """
    events = Event.objects.filter(programme=programme)
    if programme.end is not None:
        events = events.filter(start__lt=cutoff(programme.end))
    if as_of is None:
        return events.not_cancelled()
    return events.filter(Q(cancelled_at__isnull=True) | Q(cancelled_at__gte=cutoff(as_of)))


def forum_sessions(programme: Any, *, as_of: date | None = None) -> EventQuerySet:
    """The forum sessions as of `as_of`, in the order that numbers them."""
    return (
        programme_events(programme, as_of=as_of)
        .filter(kind=EventKind.FORUM_SESSION)
        .order_by("start")
    )


def seat_held_at(moment: datetime) -> Q:
    """Registrations that held a seat (or an open offer of one) at `moment`.

    Statuses have no history, so this reads the time stamps: the row had been made, had not
    been cancelled yet, and was not waiting then (it never waited, its offer had been made,
    or its person had been checked in). An offer that lapses is cancelled at its expiry.
    Meant for moments up to the event's start: whether someone came is decided afterwards.
    """
    not_cancelled = (Q(cancelled_at__isnull=True) & ~Q(status=RegistrationStatus.CANCELLED)) | Q(
        cancelled_at__gte=moment
    )
    not_waiting = (
        Q(waitlisted_at__isnull=True) | Q(offered_at__lt=moment) | Q(checked_in_at__lt=moment)
    )
    return Q(created__lt=moment) & not_cancelled & not_waiting


def registrations_as_of(event: Event, *, as_of: date | None = None) -> int:
    """People registered for `event` at the end of `as_of`, or at its start if that was earlier.

    For an event that had taken place by then, this is who was registered when it began:
    people marked as not having come count (they were registered), walk-ins do not.
    """
    moment = min(cutoff(as_of), event.start)
    return event.registrations.filter(seat_held_at(moment)).count()


def attending_organisations_as_of(
    event: Event, *, as_of: date | None = None
) -> OrganisationQuerySet:
    """Associations with someone checked in at `event` by the end of `as_of`."""
    moment = cutoff(as_of)
    checked_in = event.registrations.filter(status=RegistrationStatus.ATTENDED).filter(
        Q(checked_in_at__lt=moment)
        # Attendance without a recorded time counts from the event's start.
        | Q(checked_in_at__isnull=True, event__start__lt=moment)
    )
    return Organisation.objects.filter(pk__in=checked_in.values("organisation_id"))


def kick_off_funnel(event: Event, *, as_of: date | None = None) -> dict[str, int]:
    """Invited, attended and enrolled associations, counted from the kick-off itself,
    with what had been sent, checked in and enrolled by the end of `as_of`."""
    attending = attending_organisations_as_of(event, as_of=as_of)
    enrolments = ParticipationStep.objects.filter(
        participation__programme=event.programme, step=Step.ENROLLED
    )
    if as_of is not None:
        enrolments = enrolments.filter(date__lte=as_of)
    enrolled = attending.filter(pk__in=enrolments.values("participation__organisation_id"))
    return {
        "invited": event.invitations.filter(sent_at__lt=cutoff(as_of)).count(),
        "attended": attending.count(),
        "enrolled": enrolled.count(),
    }


def events_summary(programme: Any, *, as_of: date | None = None) -> dict:
    def held(day: date) -> bool:
        return as_of is None or day <= as_of

    events = programme_events(programme, as_of=as_of).prefetch_related("fields")
    kick_off = events.filter(kind=EventKind.KICK_OFF).order_by("start").first()
    kick_off_row = None
    if kick_off is not None:
        kick_off_row = {
            "event": kick_off,
            "date": _day(kick_off),
            **kick_off_funnel(kick_off, as_of=as_of),
        }
    sessions = [
        {"event": e, "date": _day(e), "number": n, "held": held(_day(e))}
        for n, e in enumerate(forum_sessions(programme, as_of=as_of), start=1)
    ]
    trainings = [
        {
            "event": e,
            "title": e.title,
            "date": _day(e),
            "registrations": registrations_as_of(e, as_of=as_of),
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
