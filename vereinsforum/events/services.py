"""Writes for events: invitations, registrations, the waiting list, check-in and feeds.

Every write that can change who holds a seat locks the event first (locking.py) and then
sweeps it: expired offers pass on, and free seats are offered to the waiting list. So the
waiting list moves on every relevant write, and the periodic `events_expire_offers`
command covers the quiet hours in between.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinsforum.audit.services import audit_record, diff, safe_label, snapshot
from vereinsforum.events import notifications
from vereinsforum.events.locking import lock_event
from vereinsforum.events.models import (
    CLAIMING,
    SEAT_HOLDING,
    Audience,
    CalendarFeed,
    CancelReason,
    Event,
    EventKind,
    Invitation,
    InvitationStatus,
    Location,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.lib.names import sentence
from vereinsforum.organisations.models import (
    AffiliationRole,
    Organisation,
    OrganisationKind,
    Person,
)
from vereinsforum.organisations.services import affiliation_add, person_create
from vereinsforum.programmes.models import ParticipationStep, Step
from vereinsforum.programmes.scoping import enrolled_programme_ids
from vereinsforum.programmes.services import participation_step_record

#: Who can be invited and hold seats: associations and the welfare migration services.
INVITABLE_KINDS = (OrganisationKind.ASSOCIATION, OrganisationKind.WELFARE_SERVICE)
#: Registrations still to come: told of a change of time or venue, cancelled with the event.
OPEN_STATUSES = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.WAITLISTED,
)


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _repr(registration: Registration) -> str:
    # "Registration #12": never the person's name, nor the event's title (free text); the
    # audit log must not keep what erasure removes.
    return safe_label(registration)


def _dated(event: Event, at: datetime) -> datetime:
    """When a registration or check-in entered at `at` happened: at that moment while the
    event is to come or under way; at the event's start once it is over, because it is then
    recorded after the fact (the audit log keeps when it was entered)."""
    return event.start if at >= event.end else at


def _short_date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return date_format(value, "SHORT_DATE_FORMAT")


def _audit(actor: Actor, action: str, registration: Registration, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=registration,
        target_repr=_repr(registration),
        changes={k: list(v) for k, v in changes.items()},
    )


def _affiliated_on(person: Person, organisation: Organisation, at: datetime) -> bool:
    on = timezone.localdate(at)
    return Person.objects.affiliated_with(organisation, on=on).filter(pk=person.pk).exists()


def _step_reached(programme: Any, organisation: Organisation, step: str) -> bool:
    return ParticipationStep.objects.filter(
        participation__programme=programme, participation__organisation=organisation, step=step
    ).exists()


# ---- events and venues ----------------------------------------------------------------------

#: What staff may set on an event (programme is fixed at creation).
EVENT_FIELDS = (
    "kind",
    "title",
    "title_i18n",
    "description",
    "description_i18n",
    "start",
    "end",
    "location",
    "capacity",
    "seats_per_association",
    "registration_opens",
    "registration_closes",
    "audience",
    "offer_hours",
)
LOCATION_FIELDS = ("name", "street", "postcode", "city", "accessibility")


def _location_build(data: dict[str, Any]) -> tuple[Location, dict[str, list[str]]]:
    unknown = set(data) - set(LOCATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown venue fields: {sorted(unknown)}")
    location = Location(**{k: (v or "").strip() for k, v in data.items()})
    errors: dict[str, list[str]] = {}
    if not location.name:
        errors["name"] = [_("Please give the venue a name.")]
    if not location.city:
        errors["city"] = [_("Please give the city of the venue.")]
    try:
        location.full_clean()
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, messages)
    return location, errors


@transaction.atomic
def location_create(
    *,
    actor: Actor,
    name: str,
    street: str = "",
    postcode: str = "",
    city: str = "Wuppertal",
    accessibility: str = "",
) -> Location:
    location, errors = _location_build(
        {
            "name": name,
            "street": street,
            "postcode": postcode,
            "city": city,
            "accessibility": accessibility,
        }
    )
    if errors:
        raise ValidationError(errors)
    location.save()
    audit_record(actor=actor, action="location.create", target=location)
    return location


def _event_errors(event: Event, *, fields: list[Any] | None) -> dict[str, list[str]]:
    """The rules a form cannot know on its own, keyed by form field, all reported at once."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if not (event.title or "").strip():
        add("title", _("Please give the event a title."))
    if event.start and event.end and event.end <= event.start:
        add("end", _("The event must end after it starts."))
    opens, closes = event.registration_opens, event.registration_closes
    if opens and closes and closes <= opens:
        add("registration_closes", _("Registration must close after it opens."))
    if event.start and opens and opens >= event.start:
        add("registration_opens", _("Registration must open before the event starts."))
    if event.start and closes and closes > event.start:
        add("registration_closes", _("Registration must close by the start of the event."))
    if event.capacity is not None and event.capacity < 1:
        add("capacity", _("The capacity must be at least 1; leave it empty for no limit."))
    if event.seats_per_association is not None and event.seats_per_association < 1:
        add("seats_per_association", _("Each association needs at least one seat."))
    if event.offer_hours is None or event.offer_hours < 1:
        add("offer_hours", _("An offer must be valid for at least one hour."))
    if event.pk:
        # Lowering a limit must never cancel anyone silently: staff cancel explicitly first.
        taken = event.seats_taken()
        if event.capacity is not None and event.capacity >= 1 and event.capacity < taken:
            add(
                "capacity",
                ngettext(
                    "%(n)s seat is already taken: the capacity cannot be lower. "
                    "Cancel registrations first if fewer people can come.",
                    "%(n)s seats are already taken: the capacity cannot be lower. "
                    "Cancel registrations first if fewer people can come.",
                    taken,
                )
                % {"n": taken},
            )
        cap = event.seats_per_association
        if cap is not None and cap >= 1:
            over = (
                event.registrations.filter(status__in=CLAIMING, organisation__isnull=False)
                .values("organisation__name")
                .annotate(n=Count("pk"))
                .filter(n__gt=cap)
                .order_by("organisation__name")
            )
            for row in over:
                add(
                    "seats_per_association",
                    _(
                        "%(org)s has already named %(n)s delegates: the cap cannot be lower. "
                        "Cancel delegates first."
                    )
                    % {"org": row["organisation__name"], "n": row["n"]},
                )
    if fields is not None and event.programme_id:
        foreign = [f for f in fields if f.programme_id != event.programme_id]
        if foreign:
            add("fields", _("Choose only fields of this event's programme."))
    return errors


def _event_save(
    *,
    actor: Actor,
    event: Event,
    fields: Iterable[Any] | None,
    languages: Iterable[Any] | None,
    associations: Iterable[Organisation],
    new_location: dict[str, Any] | None,
) -> Event:
    fields = list(fields) if fields is not None else None
    associations = list(associations)
    errors = _event_errors(event, fields=fields)
    location = None
    if new_location:
        if event.location_id:
            errors.setdefault("location", []).append(
                _("Choose an existing venue or enter a new one, not both.")
            )
        location, location_errors = _location_build(new_location)
        for key, messages in location_errors.items():
            errors.setdefault(f"location_{key}", []).extend(messages)
    for organisation in associations:
        if organisation.kind not in INVITABLE_KINDS:
            errors.setdefault("associations", []).append(
                _("Only associations and migration services can be invited: %(org)s is neither.")
                % {"org": organisation}
            )
    if errors:
        raise ValidationError(errors)
    if location is not None:
        location.save()
        audit_record(actor=actor, action="location.create", target=location)
        event.location = location
    try:
        event.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    event.save()
    if fields is not None:
        event.fields.set(fields)
    if languages is not None:
        event.languages.set(languages)
    return event


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    fields: Iterable[Any] = (),
    languages: Iterable[Any] = (),
    associations: Iterable[Organisation] = (),
    new_location: dict[str, Any] | None = None,
    at: datetime | None = None,
    **data: Any,
) -> Event:
    """Create an event; `new_location` creates its venue, `associations` are invited at once."""
    at = _now(at)
    unknown = set(data) - {"programme", *EVENT_FIELDS}
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    associations = list(associations)
    event = _event_save(
        actor=actor,
        event=Event(**data),
        fields=fields,
        languages=languages,
        associations=associations,
        new_location=new_location,
    )
    audit_record(actor=actor, action="event.create", target=event)
    if associations:
        invitation_send(actor=actor, event=event, organisations=associations, at=at)
    return event


def _event_state(event: Event) -> dict[str, Any]:
    state = snapshot(event, EVENT_FIELDS)
    state["fields"] = sorted(event.fields.values_list("key", flat=True))
    state["languages"] = sorted(event.languages.values_list("code", flat=True))
    return state


@transaction.atomic
def event_update(
    *,
    actor: Actor,
    event: Event,
    fields: Iterable[Any] | None = None,
    languages: Iterable[Any] | None = None,
    associations: Iterable[Organisation] = (),
    new_location: dict[str, Any] | None = None,
    at: datetime | None = None,
    **data: Any,
) -> Event:
    """Change an event under its lock. A capacity below the seats taken (or a seat cap below
    what an association already holds) is refused, never resolved by cancelling people; more
    capacity is offered to the waiting list at once, in its fair order. `associations` are
    invited in addition to those already invited. A new start, end or venue raises the
    calendar revision and, unless the event is over, mails everyone with a seat, an offer or
    a waiting place (`OutboxMessage.objects.change_notices(event)` counts them)."""
    at = _now(at)
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    event = lock_event(event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("A cancelled event cannot be changed."))
    before = _event_state(event)
    old_start, old_end, old_location = event.start, event.end, event.location
    for key, value in data.items():
        setattr(event, key, value)
    already = set(event.invitations.values_list("organisation_id", flat=True))
    associations = [o for o in associations if o.pk not in already]
    event = _event_save(
        actor=actor,
        event=event,
        fields=fields,
        languages=languages,
        associations=associations,
        new_location=new_location,
    )
    changes = diff(before, _event_state(event))
    # The edit form works in whole minutes: saving it unchanged must not count as a move.
    time_changed = (_minute(event.start), _minute(event.end)) != (
        _minute(old_start),
        _minute(old_end),
    )
    venue_changed = event.location_id != (old_location.pk if old_location else None)
    if time_changed or venue_changed:
        event.sequence += 1
        event.save(update_fields=["sequence", "modified"])
        changes["sequence"] = [event.sequence - 1, event.sequence]
        if old_end > at:  # an event that is over is corrected on record, nobody is mailed
            notified = _notify_change(
                event,
                old_start=old_start,
                old_end=old_end,
                old_location=old_location,
                time_changed=time_changed,
                venue_changed=venue_changed,
            )
            changes["change_notices"] = [None, notified]
    if changes:
        audit_record(actor=actor, action="event.update", target=event, changes=changes)
    if associations:
        invitation_send(actor=actor, event=event, organisations=associations, at=at)
    _sweep(actor, event, at)  # freed seats go to the waiting list now, not at the next write
    return event


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _notify_change(event: Event, **change: Any) -> int:
    """Tell everyone with a seat, an offer or a waiting place; returns how many were mailed."""
    count = 0
    for registration in event.registrations.filter(status__in=OPEN_STATUSES).select_related(
        "person", "organisation"
    ):
        registration.event = event
        count += notifications.notify_change(registration, **change) is not None
    return count


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, note: str = "", at: datetime | None = None) -> int:
    """Call the event off. Every open registration is cancelled (kept, not deleted) and its
    person gets the cancellation e-mail. Returns how many registrations were cancelled."""
    at = _now(at)
    event = lock_event(event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event is already cancelled."))
    if at >= event.start:
        raise ValidationError(_("The event has already begun and can no longer be cancelled."))
    event.cancelled_at = at
    event.cancellation_note = note.strip()
    event.sequence += 1  # calendars must not ignore the CANCEL as an older copy
    event.save(update_fields=["cancelled_at", "cancellation_note", "sequence", "modified"])
    open_rows = event.registrations.filter(status__in=OPEN_STATUSES).select_related(
        "person", "organisation"
    )
    count = 0
    for registration in open_rows:
        _cancel(actor, registration, CancelReason.EVENT_CANCELLED, at)
        count += 1
    audit_record(
        actor=actor,
        action="event.cancel",
        target=event,
        changes={
            "cancelled_at": [None, at.isoformat()],
            "registrations_cancelled": [None, count],
        },
    )
    return count


# ---- invitations ----------------------------------------------------------------------------


def _invitation_time(event: Event, on: date | None, at: datetime) -> datetime:
    """When invitations sent `on` a day went out; refused when that cannot be."""
    today = timezone.localdate(at)
    sent_at = at
    if on is not None and on != today:
        if on > today:
            raise ValidationError(_("Invitations cannot be dated in the future."))
        if on < event.programme.start:
            raise ValidationError(
                _(
                    "Invitations can be dated back to the start of the programme (%(date)s) "
                    "at the earliest."
                )
                % {"date": _short_date(event.programme.start)}
            )
        sent_at = timezone.make_aware(datetime.combine(on, time.min))
    if sent_at >= event.start:
        # Invited after the event began, an association would count as invited without
        # having had the chance to come, and its attendance would predate its invitation.
        raise ValidationError(
            _(
                "The event began on %(date)s. Invitations to it are recorded with the day "
                "they went out, that day at the latest."
            )
            % {"date": _short_date(event.start)}
        )
    return sent_at


@transaction.atomic
def invitation_send(
    *,
    actor: Actor,
    event: Event,
    organisations: Iterable[Organisation],
    on: date | None = None,
    at: datetime | None = None,
) -> list[Invitation]:
    """Invite associations (one invitation each); already invited ones are left as they are.

    `on` records invitations that went out on an earlier day, e.g. a programme's history
    entered afterwards: they are dated that day (not before the programme's start) and
    nobody is mailed, because they were sent then. Invitations to a kick-off are the first
    step of the programme's funnel, dated the day they were sent."""
    at = _now(at)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    sent_at = _invitation_time(event, on, at)
    mail = on is None or on == timezone.localdate(at)
    created = []
    for organisation in organisations:
        if organisation.kind not in INVITABLE_KINDS:
            raise ValidationError(
                _("Only associations and migration services can be invited: %(org)s is neither.")
                % {"org": organisation}
            )
        invitation, new = Invitation.objects.get_or_create(
            event=event, organisation=organisation, defaults={"sent_at": sent_at}
        )
        if not new:
            continue
        audit_record(
            actor=actor,
            action="invitation.send",
            target=invitation,
            changes={"sent_at": [None, sent_at.isoformat()]},
        )
        if event.kind == EventKind.KICK_OFF and not _step_reached(
            event.programme, organisation, Step.INVITED
        ):
            participation_step_record(
                actor=actor,
                programme=event.programme,
                organisation=organisation,
                step=Step.INVITED,
                on=timezone.localdate(sent_at),
            )
        if mail:
            notifications.notify_invitation(invitation)
        created.append(invitation)
    return created


@transaction.atomic
def invitation_answer(
    *, actor: Actor, invitation: Invitation, status: str, at: datetime | None = None
) -> Invitation:
    """The association's one answer. Declining cancels its registrations for the event."""
    at = _now(at)
    if status not in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED):
        raise ValidationError(_("Please accept or decline the invitation."))
    event = lock_event(invitation.event_id)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if at >= event.start:
        raise ValidationError(
            _("The event has already begun; the invitation can no longer be answered.")
        )
    invitation = Invitation.objects.get(pk=invitation.pk)
    before = invitation.status
    invitation.status = status
    invitation.answered_at = at
    invitation.answered_by = user_of(actor)
    invitation.save()
    audit_record(
        actor=actor,
        action="invitation.answer",
        target=invitation,
        changes={"status": [before, status]},
    )
    if status == InvitationStatus.DECLINED:
        for registration in event.registrations.filter(
            organisation=invitation.organisation, status__in=CLAIMING
        ):
            _cancel(actor, registration, CancelReason.PARTICIPANT, at)
    _sweep(actor, event, at)
    return invitation


# ---- registration ---------------------------------------------------------------------------


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
    if not _affiliated_on(person, organisation, at):
        raise ValidationError(
            sentence(_("%(person)s is not a member of %(org)s."), person=person, org=organisation)
        )
    invitation = Invitation.objects.filter(event=event, organisation=organisation).first()
    if invitation and invitation.status == InvitationStatus.DECLINED and source == "self":
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
    at = _now(at)
    event = lock_event(event.pk)
    _sweep(actor, event, at)
    if event.registrations.filter(person=person).exclude(status="cancelled").exists():
        raise ValidationError(_("%(person)s is already registered.") % {"person": person})
    recorded_at = _dated(event, at)
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
    _audit(
        actor,
        "registration.create",
        registration,
        status=(None, registration.status),
        source=(None, source),
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


def _cancel(actor: Actor, registration: Registration, reason: str, at: datetime) -> None:
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = at
    registration.cancel_reason = reason
    registration.save()
    _audit(
        actor,
        "registration.cancel",
        registration,
        status=(before, registration.status),
        reason=(None, reason),
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
    at = _now(at)
    event = lock_event(registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status not in CLAIMING or registration.status == RegistrationStatus.ATTENDED:
        raise ValidationError(_("This registration can no longer be cancelled."))
    if at >= event.start:
        raise ValidationError(_("The event has already begun."))
    _cancel(actor, registration, reason, at)
    _sweep(actor, event, at)
    return registration


@transaction.atomic
def registration_swap(
    *, actor: Actor, registration: Registration, person: Person, at: datetime | None = None
) -> Registration:
    """Name another delegate of the same association; the seat (or waiting place) stays."""
    at = _now(at)
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
    if not _affiliated_on(person, registration.organisation, at):
        raise ValidationError(
            sentence(
                _("%(person)s is not a member of %(org)s."),
                person=person,
                org=registration.organisation,
            )
        )
    if event.registrations.filter(person=person).exclude(status="cancelled").exists():
        raise ValidationError(_("%(person)s is already registered.") % {"person": person})
    before = registration.person_id
    registration.person = person
    registration.save()
    _audit(actor, "registration.swap", registration, person=(before, person.pk))
    notifications.notify_confirmation(registration)
    return registration


@transaction.atomic
def offer_accept(
    *, actor: Actor, registration: Registration, at: datetime | None = None
) -> Registration:
    at = _now(at)
    event = lock_event(registration.event_id)
    _sweep(actor, event, at)  # an offer that has just run out passes on first
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.REGISTERED:
        return registration
    if registration.status != RegistrationStatus.OFFERED:
        raise ValidationError(
            _("This offer is no longer open: it has expired or was passed to the next in line.")
        )
    registration.status = RegistrationStatus.REGISTERED
    registration.save()
    _audit(actor, "registration.accept_offer", registration, status=("offered", "registered"))
    notifications.notify_confirmation(registration)
    return registration


def _sweep(actor: Actor, event: Event, at: datetime) -> None:
    """Pass on expired offers and offer every free seat to the waiting list, in fair order.

    The caller holds the event lock."""
    for registration in event.registrations.filter(
        status=RegistrationStatus.OFFERED, offer_expires__lte=at
    ):
        _cancel(actor, registration, CancelReason.OFFER_EXPIRED, at)
    if event.capacity is None or at >= event.start or event.cancelled_at is not None:
        return
    free = event.capacity - event.seats_taken()
    while free > 0:
        registration = event.registrations.waiting_list().first()
        if registration is None:
            return
        registration.status = RegistrationStatus.OFFERED
        registration.offered_at = at
        registration.offer_expires = at + timedelta(hours=event.offer_hours)
        registration.save()
        _audit(actor, "registration.offer", registration, status=("waitlisted", "offered"))
        notifications.notify_offer(registration)
        free -= 1


def offers_expire(*, actor: Actor, at: datetime | None = None) -> int:
    """Sweep every event with an expired offer or a free seat and a waiting list."""
    at = _now(at)
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
            _sweep(actor, lock_event(event_id), at)
    return len(event_ids)


# ---- at the door, and after the fact --------------------------------------------------------


def _record_kick_off_attendance(actor: Actor, event: Event, registration: Registration) -> None:
    organisation = registration.organisation
    if event.kind != EventKind.KICK_OFF or organisation is None:
        return
    if not _step_reached(event.programme, organisation, Step.INVITED):
        raise ValidationError(_("%(org)s was not invited to the kick-off.") % {"org": organisation})
    if not _step_reached(event.programme, organisation, Step.ATTENDED):
        participation_step_record(
            actor=actor,
            programme=event.programme,
            organisation=organisation,
            step=Step.ATTENDED,
            on=timezone.localdate(event.start),
        )


def _full(event: Event) -> bool:
    return event.capacity is not None and event.seats_taken() >= event.capacity


def _check_in(actor: Actor, event: Event, registration: Registration, at: datetime) -> None:
    """Mark a registration as attended; the caller holds the event lock and has checked it."""
    before = registration.status
    registration.status = RegistrationStatus.ATTENDED
    registration.checked_in_at = _dated(event, at)
    registration.save()
    _audit(actor, "registration.check_in", registration, status=(before, "attended"))
    _record_kick_off_attendance(actor, event, registration)


@transaction.atomic
def registration_check_in(
    *, actor: Actor, registration: Registration, at: datetime | None = None
) -> Registration:
    """Check a person in: at the door, or after the event (then dated at its start)."""
    at = _now(at)
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
    recorded_at = _dated(event, at)
    # Only a role held on that day counts: a former member is no longer the association's
    # to name as its delegate (nor to block another association from naming them).
    if not _affiliated_on(person, organisation, recorded_at):
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
    _audit(actor, action, registration, status=(None, "attended"), source=(None, source))
    _record_kick_off_attendance(actor, event, registration)
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
    at = _now(at)
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
    existing = event.registrations.filter(person=person).exclude(status="cancelled").first()
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
    at = _now(at)
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
    at = _now(at)
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
    at = _now(at)
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
        _audit(actor, "registration.no_show", registration, status=(before, "no_show"))
        count += 1
    return count


def _enrolment_date(event: Event, on: date | None, at: datetime) -> date:
    today = timezone.localdate(at)
    on = on or today
    if on > today:
        raise ValidationError(_("An enrolment cannot be dated in the future."))
    kick_off_day = timezone.localdate(event.start)
    if on < kick_off_day:
        raise ValidationError(
            _(
                "Associations enrol at the kick-off on %(date)s or later: the enrolment "
                "cannot be dated before it."
            )
            % {"date": _short_date(kick_off_day)}
        )
    return on


@transaction.atomic
def kick_off_enrol(
    *,
    actor: Actor,
    event: Event,
    organisation: Organisation,
    on: date | None = None,
    at: datetime | None = None,
) -> None:
    """An association that came to the kick-off enrols in the programme on the day `on`
    (today by default): not before the kick-off, and not in the future."""
    at = _now(at)
    if event.kind != EventKind.KICK_OFF:
        raise ValidationError(_("Associations enrol at the kick-off."))
    if _step_reached(event.programme, organisation, Step.ENROLLED):
        return
    on = _enrolment_date(event, on, at)
    if not event.attending_organisations().filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(org)s did not attend the kick-off and cannot enrol there.") % {"org": organisation}
        )
    participation_step_record(
        actor=actor,
        programme=event.programme,
        organisation=organisation,
        step=Step.ENROLLED,
        on=on,
    )


@transaction.atomic
def kick_off_enrol_many(
    *,
    actor: Actor,
    event: Event,
    organisations: Iterable[Organisation],
    on: date | None = None,
    at: datetime | None = None,
) -> int:
    """Enrol associations that came to the kick-off, all on the same day; all or none."""
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(_("Please choose the associations that enrol."))
    for organisation in organisations:
        kick_off_enrol(actor=actor, event=event, organisation=organisation, on=on, at=at)
    return len(organisations)


# ---- reminders and calendar feeds -----------------------------------------------------------


def reminders_send(*, days: int, at: datetime | None = None) -> int:
    """Queue a reminder for every seat at events starting within `days` days (once each)."""
    at = _now(at)
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
