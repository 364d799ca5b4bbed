"""Which message goes to whom, with what context: the e-mails of the events app."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from vereinsforum.events.ical import registration_ics
from vereinsforum.events.mail import Content, message_enqueue, message_enqueue_later, site_url
from vereinsforum.events.models import (
    Invitation,
    Location,
    MailKind,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    change_notice_key,
)
from vereinsforum.events.qr import qr_data_uri
from vereinsforum.organisations.models import AffiliationRole, Person

#: Who receives an association's invitation: the people who speak for it.
INVITATION_ROLES = (AffiliationRole.CHAIR, AffiliationRole.DELEGATE, AffiliationRole.CONTACT)


def _registration_context(registration: Registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "person": registration.person,
        "organisation": registration.organisation,
        "event_url": site_url(reverse("events:detail", args=[event.pk])),
        "ticket_url": site_url(reverse("events:ticket", args=[registration.code])),
    }


def notify_confirmation(registration: Registration) -> None:
    """Registered: the confirmation with QR code and .ics; waitlisted: the waiting place.

    Stored now, rendered after the commit (`registration_content`): the templates, the QR
    code and the .ics are not made while the event is locked."""
    message_enqueue_later(
        kind=MailKind.CONFIRMATION, person=registration.person, registration=registration
    )


def registration_content(kind: str, registration: Registration) -> Content:
    """The content of a registration's message stored to be rendered later."""
    if kind != MailKind.CONFIRMATION:
        raise ValueError(f"no deferred rendering for {kind!r} messages")
    context = _registration_context(registration)
    attachment = None
    if registration.status == RegistrationStatus.REGISTERED:
        context["qr_data_uri"] = qr_data_uri(registration.code)
        attachment = (
            f"veranstaltung-{registration.event.pk}.ics",
            registration_ics(
                registration, language=registration.person.preferred_language
            ).decode(),
        )
    return Content(context, attachment, f"events/email/{kind}")


def notify_offer(registration: Registration) -> None:
    person = registration.person
    context = _registration_context(registration)
    context["accept_url"] = site_url(reverse("events:offer", args=[registration.code]))
    message_enqueue(
        kind=MailKind.OFFER,
        to_email=person.email,
        person=person,
        language=person.preferred_language,
        context=context,
        registration=registration,
    )


def notify_cancellation(registration: Registration) -> None:
    person = registration.person
    message_enqueue(
        kind=MailKind.CANCELLATION,
        to_email=person.email,
        person=person,
        language=person.preferred_language,
        context=_registration_context(registration),
        registration=registration,
        attachment=(
            f"veranstaltung-{registration.event.pk}.ics",
            registration_ics(registration, language=person.preferred_language).decode(),
        ),
    )


def notify_reminder(registration: Registration) -> None:
    person = registration.person
    message_enqueue(
        kind=MailKind.REMINDER,
        to_email=person.email,
        person=person,
        language=person.preferred_language,
        context=_registration_context(registration),
        registration=registration,
        dedupe_key=f"reminder:{registration.pk}:{registration.event.start:%Y%m%d}",
    )


def notify_change(
    registration: Registration,
    *,
    old_start: datetime,
    old_end: datetime,
    old_location: Location | None,
    time_changed: bool,
    venue_changed: bool,
) -> OutboxMessage | None:
    """Time or venue changed: old and new, with the calendar entry under a higher SEQUENCE.

    Keyed by the event's revision, so one change never mails anyone twice."""
    person = registration.person
    event = registration.event
    context = _registration_context(registration)
    context.update(
        old_start=old_start,
        old_end=old_end,
        old_location=old_location,
        time_changed=time_changed,
        venue_changed=venue_changed,
    )
    if registration.status == RegistrationStatus.OFFERED:
        context["accept_url"] = site_url(reverse("events:offer", args=[registration.code]))
    return message_enqueue(
        kind=MailKind.CHANGED,
        to_email=person.email,
        person=person,
        language=person.preferred_language,
        context=context,
        registration=registration,
        attachment=(
            f"veranstaltung-{event.pk}.ics",
            registration_ics(registration, language=person.preferred_language).decode(),
        ),
        dedupe_key=change_notice_key(registration.pk, event.sequence),
    )


def invitation_recipients(invitation: Invitation) -> list[Person]:
    return list(
        Person.objects.active()
        .affiliated_with(invitation.organisation, roles=INVITATION_ROLES)
        .exclude(email="")
    )


def notify_invitation(invitation: Invitation) -> None:
    event = invitation.event
    context = {
        "invitation": invitation,
        "event": event,
        "organisation": invitation.organisation,
        "event_url": site_url(reverse("events:detail", args=[event.pk])),
    }
    people = invitation_recipients(invitation)
    for person in people:
        message_enqueue(
            kind=MailKind.INVITATION,
            to_email=person.email,
            person=person,
            language=person.preferred_language,
            context={**context, "person": person},
            invitation=invitation,
        )
    if not people and invitation.organisation.email:
        message_enqueue(
            kind=MailKind.INVITATION,
            to_email=invitation.organisation.email,
            language=None,
            context={**context, "person": None},
            invitation=invitation,
        )
