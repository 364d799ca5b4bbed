"""Registrations: a seat or a waiting place, delegates swapped, cancelled, offers and their expiry.

Changes when the rules of who may register, how seats are taken and given back, or how the
waiting list moves change. Every write that can change who holds a seat locks the event
first (locking.py) and then sweeps it (`waiting_list_sweep`): expired offers pass on, and free
seats are offered to the waiting list. So the waiting list moves on every relevant write, and
the periodic `events_expire_offers` command (`offers_expire`) covers the quiet hours between.

The lock is held for the seat decision only: under it every read is an indexed count or
EXISTS (seats taken, the person's active row, the association's claims, its invitation),
and the confirmation is stored as a bare outbox row, rendered after the commit (mail.py).
tests/test_registration_lock.py checks that its queries do not grow with the registrations.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, safe_label
from vereinsforum.events import notifications
from vereinsforum.events.locking import lock_event
from vereinsforum.events.models import (
    CLAIMING,
    Audience,
    CancelReason,
    Event,
    Invitation,
    InvitationStatus,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.events.services.timing import at_or_now, happened_at
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.lib.names import sentence
from vereinsforum.organisations.models import (
    Organisation,
    Person,
)
from vereinsforum.organisations.scoping import currently_affiliated
from vereinsforum.programmes.scoping import enrolled_programme_ids


def _repr(registration: Registration) -> str:
    # "Registration #12": never the person's name, nor the event's title (free text); the
    # audit log must not keep what erasure removes.
    return safe_label(registration)


def registration_audit(
    actor: Actor, action: str, registration: Registration, changes: Mapping[str, tuple[Any, Any]]
) -> None:
    """Log a write to a registration; each change is (before, after) under its field's name."""
    audit_record(
        actor=actor,
        action=action,
        target=registration,
        target_repr=_repr(registration),
        changes={k: list(v) for k, v in changes.items()},
    )


def is_member_on(person: Person, organisation: Organisation | None, at: datetime) -> bool:
    """Whether the person held a role in the association on the day of `at` (in any
    association, for a registration without one)."""
    on = timezone.localdate(at)
    people = (
        Person.objects.affiliated_with(organisation, on=on)
        if organisation is not None
        else Person.objects.filter(currently_affiliated(None, on=on))
    )
    return people.filter(pk=person.pk).exists()


def _check_may_register(
    event: Event, organisation: Organisation | None, person: Person, source: str, at: datetime
) -> Invitation | None:
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if source == RegistrationSource.SELF and not event.registration_open(at):
        raise ValidationError(_("Registration for this event is closed."))
    # Staff may register people for an event that has begun or is over: that records who
    # had a seat (dated at the event), to be checked in or marked as not attended.
    if organisation is None:
        if event.audience != Audience.PUBLIC:
            raise ValidationError(_("Only associations can register for this event."))
        return None
    # Only a role held on that day counts: a former member is no longer the association's
    # to name as its delegate (nor to block another association from naming them).
    if not is_member_on(person, organisation, at):
        raise ValidationError(
            sentence(_("%(person)s is not a member of %(org)s."), person=person, org=organisation)
        )
    invitation = Invitation.objects.filter(event=event, organisation=organisation).first()
    if (
        invitation
        and invitation.status == InvitationStatus.DECLINED
        and source == RegistrationSource.SELF
    ):
        raise ValidationError(_("Your association has declined this invitation."))
    if source == RegistrationSource.SELF:
        if event.audience == Audience.CHOSEN and invitation is None:
            raise ValidationError(_("This event is open to invited associations only."))
        if (
            event.audience == Audience.ENROLLED
            and invitation is None
            and not enrolled_programme_ids(organisation.pk)
            .filter(programme=event.programme)
            .exists()
        ):
            raise ValidationError(_("This event is open to the enrolled associations only."))
    if event.seats_per_association is not None:
        claimed = event.registrations.filter(organisation=organisation, status__in=CLAIMING)
        if claimed.count() >= event.seats_per_association:
            raise ValidationError(
                _(
                    "%(org)s has already named %(n)s delegates, the most this event allows. "
                    "You can swap a delegate instead."
                )
                % {"org": organisation, "n": event.seats_per_association}
            )
    return invitation


@transaction.atomic
def registration_create(
    *,
    actor: Actor,
    event: Event,
    person: Person,
    organisation: Organisation | None,
    source: str = RegistrationSource.SELF,
    at: datetime | None = None,
) -> Registration:
    """Register a person for their association: a seat if one is free, else the waiting list."""
    at = at_or_now(at)
    event = lock_event(event.pk)
    waiting_list_sweep(actor, event, at)
    if (
        event.registrations.filter(person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(_("%(person)s is already registered.") % {"person": person})
    recorded_at = happened_at(event, at)
    invitation = _check_may_register(event, organisation, person, source, recorded_at)
    free = event.capacity is None or event.seats_taken() < event.capacity
    registration = Registration(
        event=event,
        organisation=organisation,
        person=person,
        source=source,
        created=recorded_at,
        registered_by=user_of(actor),
        status=RegistrationStatus.REGISTERED if free else RegistrationStatus.WAITLISTED,
        waitlisted_at=None if free else recorded_at,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the partial unique index: one active row per person
        raise ValidationError(_("%(person)s is already registered.") % {"person": person}) from exc
    registration_audit(
        actor,
        "registration.create",
        registration,
        {"status": (None, registration.status), "source": (None, source)},
    )
    if invitation is not None and invitation.status == InvitationStatus.PENDING:
        # Naming a delegate is the association's answer.
        invitation.status = InvitationStatus.ACCEPTED
        invitation.answered_at = recorded_at
        invitation.answered_by = registration.registered_by
        invitation.save()
        audit_record(
            actor=actor,
            action="invitation.answer",
            target=invitation,
            changes={"status": [InvitationStatus.PENDING, InvitationStatus.ACCEPTED]},
        )
    if at < event.end:  # nobody is mailed a ticket for an event that is over
        notifications.notify_confirmation(registration)
    return registration


def registration_cancel_locked(
    actor: Actor, registration: Registration, reason: str, at: datetime
) -> None:
    """Cancel one registration and mail its person; the caller holds the event lock and has
    checked that it may be cancelled (`registration_cancel` is the service)."""
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = at
    registration.cancel_reason = reason
    registration.save()
    registration_audit(
        actor,
        "registration.cancel",
        registration,
        {"status": (before, registration.status), "reason": (None, reason)},
    )
    notifications.notify_cancellation(registration)


@transaction.atomic
def registration_cancel(
    *,
    actor: Actor,
    registration: Registration,
    reason: str = CancelReason.PARTICIPANT,
    at: datetime | None = None,
) -> Registration:
    at = at_or_now(at)
    event = lock_event(registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status not in CLAIMING or registration.status == RegistrationStatus.ATTENDED:
        raise ValidationError(_("This registration can no longer be cancelled."))
    if at >= event.start:
        raise ValidationError(_("The event has already begun."))
    registration_cancel_locked(actor, registration, reason, at)
    waiting_list_sweep(actor, event, at)
    return registration


@transaction.atomic
def registration_swap(
    *, actor: Actor, registration: Registration, person: Person, at: datetime | None = None
) -> Registration:
    """Name another delegate of the same association; the seat (or waiting place) stays."""
    at = at_or_now(at)
    event = lock_event(registration.event_id)
    registration = Registration.objects.select_related("organisation").get(pk=registration.pk)
    if registration.status not in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.OFFERED,
        RegistrationStatus.WAITLISTED,
    ):
        raise ValidationError(_("Only an open registration can be passed to another delegate."))
    if at >= event.start:
        raise ValidationError(_("The event has already begun."))
    if not is_member_on(person, registration.organisation, at):
        raise ValidationError(
            sentence(
                _("%(person)s is not a member of %(org)s."),
                person=person,
                org=registration.organisation,
            )
        )
    if (
        event.registrations.filter(person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(_("%(person)s is already registered.") % {"person": person})
    before = registration.person_id
    registration.person = person
    registration.save()
    registration_audit(actor, "registration.swap", registration, {"person": (before, person.pk)})
    notifications.notify_confirmation(registration)
    return registration


@transaction.atomic
def offer_accept(
    *, actor: Actor, registration: Registration, at: datetime | None = None
) -> Registration:
    at = at_or_now(at)
    event = lock_event(registration.event_id)
    waiting_list_sweep(actor, event, at)  # an offer that has just run out passes on first
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.REGISTERED:
        return registration
    if registration.status != RegistrationStatus.OFFERED:
        raise ValidationError(
            _("This offer is no longer open: it has expired or was passed to the next in line.")
        )
    registration.status = RegistrationStatus.REGISTERED
    registration.save()
    registration_audit(
        actor,
        "registration.accept_offer",
        registration,
        {"status": (RegistrationStatus.OFFERED, RegistrationStatus.REGISTERED)},
    )
    notifications.notify_confirmation(registration)
    return registration


def waiting_list_sweep(actor: Actor, event: Event, at: datetime) -> None:
    """Pass on expired offers and offer every free seat to the waiting list, in fair order.

    The caller holds the event lock."""
    for registration in event.registrations.filter(
        status=RegistrationStatus.OFFERED, offer_expires__lte=at
    ):
        registration_cancel_locked(actor, registration, CancelReason.OFFER_EXPIRED, at)
    if event.capacity is None or at >= event.start or event.cancelled_at is not None:
        return
    free = event.capacity - event.seats_taken()
    while free > 0:
        waiting = event.registrations.waiting_list().first()
        if waiting is None:
            return
        waiting.status = RegistrationStatus.OFFERED
        waiting.offered_at = at
        waiting.offer_expires = at + timedelta(hours=event.offer_hours)
        waiting.save()
        registration_audit(
            actor,
            "registration.offer",
            waiting,
            {"status": (RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)},
        )
        notifications.notify_offer(waiting)
        free -= 1


def offers_expire(*, actor: Actor, at: datetime | None = None) -> int:
    """Sweep every event with an expired offer or a free seat and a waiting list."""
    at = at_or_now(at)
    event_ids = set(
        Registration.objects.filter(
            status=RegistrationStatus.OFFERED, offer_expires__lte=at
        ).values_list("event_id", flat=True)
    ) | set(
        Registration.objects.filter(
            status=RegistrationStatus.WAITLISTED, event__start__gt=at
        ).values_list("event_id", flat=True)
    )
    for event_id in sorted(event_ids):
        with transaction.atomic():
            waiting_list_sweep(actor, lock_event(event_id), at)
    return len(event_ids)
