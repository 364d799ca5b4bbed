"""Events and venues as staff plan them: create, change, cancel.

Changes when what staff may set on an event changes, or what a change of time or venue sets
off (the calendar revision, the change notices). A lowered limit never cancels anyone: it is
refused; a raised one is offered to the waiting list at once (registration.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.events import notifications
from vereinsforum.events.locking import lock_event
from vereinsforum.events.models import (
    CLAIMING,
    Audience,
    CancelReason,
    Event,
    Location,
    RegistrationStatus,
)
from vereinsforum.events.services.invitations import INVITABLE_KINDS, invitation_send
from vereinsforum.events.services.registration import (
    registration_cancel_locked,
    waiting_list_sweep,
)
from vereinsforum.events.services.timing import at_or_now
from vereinsforum.lib.actors import Actor
from vereinsforum.organisations.models import Language, Organisation
from vereinsforum.programmes.models import Field, Programme

#: Registrations still to come: told of a change of time or venue, cancelled with the event.
OPEN_STATUSES = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.WAITLISTED,
)


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


@dataclass(frozen=True, kw_only=True)
class LocationInput:
    """A venue as staff enter it, on its own or along with an event."""

    name: str
    street: str = ""
    postcode: str = ""
    city: str = "Wuppertal"
    accessibility: str = ""


class Keep(Enum):
    """The type of `KEEP`."""

    KEEP = "keep"


#: The default of `event_update`'s arguments: this value of the event stays as it is.
KEEP: Final = Keep.KEEP


def _location_build(venue: LocationInput) -> tuple[Location, dict[str, list[str]]]:
    location = Location(**{k: (getattr(venue, k) or "").strip() for k in LOCATION_FIELDS})
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
        LocationInput(
            name=name, street=street, postcode=postcode, city=city, accessibility=accessibility
        )
    )
    if errors:
        raise ValidationError(errors)
    location.save()
    audit_record(actor=actor, action="location.create", target=location)
    return location


def _event_errors(event: Event, *, fields: list[Field] | None) -> dict[str, list[str]]:
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
    fields: Iterable[Field] | None,
    languages: Iterable[Language] | None,
    associations: Iterable[Organisation],
    new_location: LocationInput | None,
) -> Event:
    fields = list(fields) if fields is not None else None
    associations = list(associations)
    errors = _event_errors(event, fields=fields)
    location = None
    if new_location is not None:
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
    programme: Programme,
    kind: str,
    title: str,
    start: datetime,
    end: datetime,
    title_i18n: dict[str, str] | None = None,
    description: str = "",
    description_i18n: dict[str, str] | None = None,
    location: Location | None = None,
    capacity: int | None = None,
    seats_per_association: int | None = None,
    registration_opens: datetime | None = None,
    registration_closes: datetime | None = None,
    audience: str = Audience.ENROLLED,
    offer_hours: int = 48,
    fields: Iterable[Field] = (),
    languages: Iterable[Language] = (),
    associations: Iterable[Organisation] = (),
    new_location: LocationInput | None = None,
    at: datetime | None = None,
) -> Event:
    """Create an event (`kind` an EventKind, `audience` an Audience); `new_location` creates
    its venue, `associations` are invited at once."""
    at = at_or_now(at)
    associations = list(associations)
    event = _event_save(
        actor=actor,
        event=Event(
            programme=programme,
            kind=kind,
            title=title,
            title_i18n=title_i18n or {},
            description=description,
            description_i18n=description_i18n or {},
            start=start,
            end=end,
            location=location,
            capacity=capacity,
            seats_per_association=seats_per_association,
            registration_opens=registration_opens,
            registration_closes=registration_closes,
            audience=audience,
            offer_hours=offer_hours,
        ),
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
    kind: str | Keep = KEEP,
    title: str | Keep = KEEP,
    title_i18n: dict[str, str] | Keep = KEEP,
    description: str | Keep = KEEP,
    description_i18n: dict[str, str] | Keep = KEEP,
    start: datetime | Keep = KEEP,
    end: datetime | Keep = KEEP,
    location: Location | None | Keep = KEEP,
    capacity: int | None | Keep = KEEP,
    seats_per_association: int | None | Keep = KEEP,
    registration_opens: datetime | None | Keep = KEEP,
    registration_closes: datetime | None | Keep = KEEP,
    audience: str | Keep = KEEP,
    offer_hours: int | Keep = KEEP,
    fields: Iterable[Field] | None = None,
    languages: Iterable[Language] | None = None,
    associations: Iterable[Organisation] = (),
    new_location: LocationInput | None = None,
    at: datetime | None = None,
) -> Event:
    """Change an event under its lock. A capacity below the seats taken (or a seat cap below
    what an association already holds) is refused, never resolved by cancelling people; more
    capacity is offered to the waiting list at once, in its fair order. `associations` are
    invited in addition to those already invited. A new start, end or venue raises the
    calendar revision and, unless the event is over, mails everyone with a seat, an offer or
    a waiting place (`OutboxMessage.objects.change_notices(event)` counts them).

    Every value left at `KEEP` (`fields` and `languages` at None) stays as it is."""
    at = at_or_now(at)
    given: dict[str, object] = {
        "kind": kind,
        "title": title,
        "title_i18n": title_i18n,
        "description": description,
        "description_i18n": description_i18n,
        "start": start,
        "end": end,
        "location": location,
        "capacity": capacity,
        "seats_per_association": seats_per_association,
        "registration_opens": registration_opens,
        "registration_closes": registration_closes,
        "audience": audience,
        "offer_hours": offer_hours,
    }
    event = lock_event(event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("A cancelled event cannot be changed."))
    before = _event_state(event)
    old_start, old_end, old_location = event.start, event.end, event.location
    for key, value in given.items():
        if value is not KEEP:
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
    # Freed seats go to the waiting list now, not at the next write.
    waiting_list_sweep(actor, event, at)
    return event


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _notify_change(
    event: Event,
    *,
    old_start: datetime,
    old_end: datetime,
    old_location: Location | None,
    time_changed: bool,
    venue_changed: bool,
) -> int:
    """Tell everyone with a seat, an offer or a waiting place; returns how many were mailed."""
    count = 0
    for registration in event.registrations.filter(status__in=OPEN_STATUSES).select_related(
        "person", "organisation"
    ):
        registration.event = event
        notice = notifications.notify_change(
            registration,
            old_start=old_start,
            old_end=old_end,
            old_location=old_location,
            time_changed=time_changed,
            venue_changed=venue_changed,
        )
        count += notice is not None
    return count


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, note: str = "", at: datetime | None = None) -> int:
    """Call the event off. Every open registration is cancelled (kept, not deleted) and its
    person gets the cancellation e-mail. Returns how many registrations were cancelled."""
    at = at_or_now(at)
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
        registration_cancel_locked(actor, registration, CancelReason.EVENT_CANCELLED, at)
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
