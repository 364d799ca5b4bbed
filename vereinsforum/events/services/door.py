"""At the door and after the fact: check-in, walk-ins, attendance lists, the no-shows.

Changes when the rules of recording who came change. An entry made after the event is dated
at its start (timing.py); the audit log keeps when it was entered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vereinsforum.events.locking import lock_event
from vereinsforum.events.models import (
    Event,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.events.services.funnel import kick_off_attendance_record
from vereinsforum.events.services.invitations import INVITABLE_KINDS
from vereinsforum.events.services.registration import (
    is_member_on,
    registration_audit,
)
from vereinsforum.events.services.timing import at_or_now, happened_at
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.lib.names import sentence
from vereinsforum.organisations.models import (
    AffiliationRole,
    Organisation,
    Person,
)
from vereinsforum.organisations.services import affiliation_add, person_create


def _full(event: Event) -> bool:
    return event.capacity is not None and event.seats_taken() >= event.capacity


def _check_in(actor: Actor, event: Event, registration: Registration, at: datetime) -> None:
    """Mark a registration as attended; the caller holds the event lock and has checked it."""
    before = registration.status
    registration.status = RegistrationStatus.ATTENDED
    registration.checked_in_at = happened_at(event, at)
    registration.save()
    registration_audit(
        actor,
        "registration.check_in",
        registration,
        {"status": (before, RegistrationStatus.ATTENDED)},
    )
    kick_off_attendance_record(actor, event, registration)


@transaction.atomic
def registration_check_in(
    *, actor: Actor, registration: Registration, at: datetime | None = None
) -> Registration:
    """Check a person in: at the door, or after the event (then dated at its start)."""
    at = at_or_now(at)
    event = lock_event(registration.event_id)
    registration = Registration.objects.select_related("organisation").get(pk=registration.pk)
    if registration.status == RegistrationStatus.ATTENDED:
        return registration
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration was cancelled."))
    if registration.status == RegistrationStatus.WAITLISTED and _full(event):
        raise ValidationError(_("This person is on the waiting list and no seat is free."))
    _check_in(actor, event, registration, at)
    return registration


def _attended_create(
    actor: Actor,
    event: Event,
    organisation: Organisation,
    person: Person,
    *,
    source: str,
    action: str,
    at: datetime,
) -> Registration:
    """Someone who came without a registration; the caller holds the event lock and has
    checked that a seat is free."""
    recorded_at = happened_at(event, at)
    # Only a role held on that day counts: a former member is no longer the association's
    # to name as its delegate (nor to block another association from naming them).
    if not is_member_on(person, organisation, recorded_at):
        raise ValidationError(
            sentence(_("%(person)s is not a member of %(org)s."), person=person, org=organisation)
        )
    registration = Registration.objects.create(
        event=event,
        organisation=organisation,
        person=person,
        source=source,
        status=RegistrationStatus.ATTENDED,
        created=recorded_at,
        checked_in_at=recorded_at,
        registered_by=user_of(actor),
    )
    registration_audit(
        actor,
        action,
        registration,
        {"status": (None, RegistrationStatus.ATTENDED), "source": (None, source)},
    )
    kick_off_attendance_record(actor, event, registration)
    return registration


@transaction.atomic
def walk_in_record(
    *,
    actor: Actor,
    event: Event,
    organisation: Organisation,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    at: datetime | None = None,
) -> Registration:
    """Someone came without registering: recorded as attended, if a seat is free; dated at
    the event's start when it is recorded after the event.

    A person not yet known is created and added to the association as a member."""
    at = at_or_now(at)
    event = lock_event(event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if _full(event):
        raise ValidationError(_("The event is full: no seat is free for a walk-in."))
    if person is None:
        if not (first_name.strip() and last_name.strip()):
            raise ValidationError(_("Please give the first and last name of the walk-in."))
        person = person_create(
            actor=actor, first_name=first_name.strip(), last_name=last_name.strip(), email=email
        )
        affiliation_add(
            actor=actor, person=person, organisation=organisation, role=AffiliationRole.MEMBER
        )
    existing = (
        event.registrations.filter(person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if existing is not None:
        return registration_check_in(actor=actor, registration=existing, at=at)
    return _attended_create(
        actor,
        event,
        organisation,
        person,
        source=RegistrationSource.WALK_IN,
        action="registration.walk_in",
        at=at,
    )


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    event: Event,
    attendees: Iterable[tuple[Organisation, Person]],
    at: datetime | None = None,
) -> int:
    """Record after the event, from its signed list, who came: each (association, person)
    attended, dated at the event's start. A registration the person held is checked in;
    anyone else is added as from an attendance list. All or nothing: one refused person
    refuses the list, so that it can be corrected and sent again. Returns how many people
    were recorded (people already checked in are left as they are)."""
    at = at_or_now(at)
    event = lock_event(event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if at < event.start:
        raise ValidationError(
            _(
                "Attendance is recorded from a list once the event has begun; until then, "
                "check people in at the door."
            )
        )
    done = 0
    for organisation, person in attendees:
        if organisation.kind not in INVITABLE_KINDS:
            raise ValidationError(
                _("Only associations and migration services take part: %(org)s is neither.")
                % {"org": organisation}
            )
        existing = (
            event.registrations.filter(person=person)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("organisation")
            .first()
        )
        if existing is not None and existing.status == RegistrationStatus.ATTENDED:
            continue
        if existing is not None and existing.organisation_id != organisation.pk:
            raise ValidationError(
                _("%(person)s was registered for %(org)s.")
                % {"person": person, "org": existing.organisation or "–"}
            )
        if _full(event) and (existing is None or existing.status == RegistrationStatus.WAITLISTED):
            raise ValidationError(
                _(
                    "All %(n)s seats of the event are taken: %(person)s cannot be added. "
                    "If more people came, raise the capacity of the event first."
                )
                % {"n": event.capacity, "person": person}
            )
        if existing is not None:
            _check_in(actor, event, existing, at)
        else:
            _attended_create(
                actor,
                event,
                organisation,
                person,
                source=RegistrationSource.IMPORT,
                action="registration.record_attendance",
                at=at,
            )
        done += 1
    return done


@transaction.atomic
def attendance_import(*, actor: Actor, event: Event, text: str) -> int:
    """Check in every good row of a scanned attendance list; bad rows were shown in the
    preview and are left out. Returns how many people were checked in."""
    from vereinsforum.events.attendance_import import parse_attendance

    rows, error = parse_attendance(event, text)
    if error:
        raise ValidationError(error)
    good = [row for row in rows if row.ok and not row.already]
    return attendance_confirm(
        actor=actor,
        event=event,
        registration_ids=[row.registration.pk for row in good if row.registration],
        attendees=[row.attendee for row in good if row.attendee],
    )


@transaction.atomic
def attendance_confirm(
    *,
    actor: Actor,
    event: Event,
    registration_ids: Iterable[int],
    attendees: Iterable[tuple[Organisation, Person]] = (),
    at: datetime | None = None,
) -> int:
    """Check in the registrations a previewed attendance list matched. The preview posts
    their ids, not the file: the list (names of people) is neither sent back to the browser
    nor kept. Ids of another event, cancelled or already checked-in rows are left out.

    After the event, the list may also name people who had no registration (`attendees`,
    as association and person): they are recorded as by `attendance_record`, all or none."""
    at = at_or_now(at)
    done = 0
    for registration in event.registrations.filter(pk__in=set(registration_ids)).exclude(
        status__in=(RegistrationStatus.CANCELLED, RegistrationStatus.ATTENDED)
    ):
        try:
            registration_check_in(actor=actor, registration=registration, at=at)
        except ValidationError:
            continue  # e.g. waitlisted and no seat free: the preview showed the row
        done += 1
    attendees = list(attendees)
    if attendees:
        done += attendance_record(actor=actor, event=event, attendees=attendees, at=at)
    return done


@transaction.atomic
def attendance_close(*, actor: Actor, event: Event, at: datetime | None = None) -> int:
    """After the event: everyone still holding a seat without checking in did not come."""
    at = at_or_now(at)
    event = lock_event(event.pk)
    if at < event.start:
        raise ValidationError(_("Attendance can only be closed once the event has begun."))
    count = 0
    for registration in event.registrations.filter(
        status__in=(RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)
    ):
        before = registration.status
        registration.status = RegistrationStatus.NO_SHOW
        registration.save()
        registration_audit(
            actor,
            "registration.no_show",
            registration,
            {"status": (before, RegistrationStatus.NO_SHOW)},
        )
        count += 1
    return count
