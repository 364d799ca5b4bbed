"""The registrations of one synthetic event, settled the way the events services would have
settled them one by one (`events/services/registration.py`, `door.py`).

Requests come in order of time; a request takes a seat while one is free (REGISTERED),
else it joins the waiting list (WAITLISTED, with the time it joined). Some are cancelled
later, after the registration window: a cancelled seat goes to the waiting list in its fair
order (associations without a seat first, then first come, first served) as an offer that
was accepted, so no seat stays free while someone waits. Once a held event is over, seat
holders are checked in (ATTENDED) or recorded as not attended (NO_SHOW); waiting places
stay as they were. A cancelled event cancels every registration it had.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from vereinsforum.accounts.models import User
from vereinsforum.events.models import (
    CancelReason,
    Event,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.organisations.models import Organisation, Person

#: Share of registrations cancelled by the participant or staff.
CANCELLED = 0.06
#: Share of seat holders of a held event who came.
CAME = 0.85


@dataclass
class Request:
    organisation: Organisation
    person: Person
    created: datetime
    source: str
    registered_by: User | None


def code(rng: random.Random) -> str:
    """The registration's secret code (24 hex digits, as `new_code` makes), from the seed."""
    return f"{rng.getrandbits(96):024x}"


def settle(
    rng: random.Random, event: Event, requests: list[Request], *, held: bool
) -> list[Registration]:
    """The registrations of `event` for `requests`, with their statuses as data."""
    if event.cancelled_at is not None:
        requests = [r for r in requests if r.created < event.cancelled_at]
    requests.sort(key=lambda r: r.created)
    rows: list[Registration] = []
    taken = 0
    for request in requests:
        free = event.capacity is None or taken < event.capacity
        taken += free
        rows.append(
            Registration(
                event=event,
                organisation=request.organisation,
                person=request.person,
                status=RegistrationStatus.REGISTERED if free else RegistrationStatus.WAITLISTED,
                source=request.source,
                code=code(rng),
                created=request.created,
                waitlisted_at=None if free else request.created,
                registered_by=request.registered_by,
            )
        )
    if not rows:
        return rows
    if event.cancelled_at is not None:
        for row in rows:
            row.status = RegistrationStatus.CANCELLED
            row.cancelled_at = event.cancelled_at
            row.cancel_reason = CancelReason.EVENT_CANCELLED
        return rows
    _cancel_some(rng, event, rows)
    if held:
        for row in rows:
            if row.status != RegistrationStatus.REGISTERED:
                continue
            if rng.random() < CAME:
                row.status = RegistrationStatus.ATTENDED
                row.checked_in_at = event.start - timedelta(minutes=rng.randint(-10, 25))
            else:
                row.status = RegistrationStatus.NO_SHOW
    return rows


def _cancel_some(rng: random.Random, event: Event, rows: list[Registration]) -> None:
    last = max(row.created for row in rows)
    span = (event.start - last).total_seconds()
    chosen = [row for row in rows if rng.random() < CANCELLED]
    moments = sorted(last + timedelta(seconds=int(span * rng.uniform(0.1, 0.9))) for _ in chosen)
    for row, at in zip(chosen, moments, strict=True):
        was_seat = row.status == RegistrationStatus.REGISTERED
        row.status = RegistrationStatus.CANCELLED
        row.cancelled_at = at
        row.cancel_reason = CancelReason.PARTICIPANT if rng.random() < 0.8 else CancelReason.STAFF
        if was_seat:
            _offer_seat(event, rows, at)


def _offer_seat(event: Event, rows: list[Registration], at: datetime) -> None:
    """The freed seat goes to the first of the waiting list, who accepts the offer."""
    seated = {
        row.organisation.pk
        for row in rows
        if row.status == RegistrationStatus.REGISTERED and row.organisation is not None
    }
    waiting = [row for row in rows if row.status == RegistrationStatus.WAITLISTED]
    if not waiting:
        return
    assert all(row.waitlisted_at is not None for row in waiting)
    first = min(
        waiting,
        key=lambda row: (
            row.organisation is not None and row.organisation.pk in seated,
            row.waitlisted_at,
            row.code,
        ),
    )
    first.status = RegistrationStatus.REGISTERED
    first.offered_at = at
    first.offer_expires = at + timedelta(hours=event.offer_hours)


def self_or_staff(rng: random.Random, account: User | None, staff: User) -> tuple[str, User | None]:
    """Most associations register themselves; some are registered by staff on their behalf."""
    if account is not None and rng.random() < 0.85:
        return RegistrationSource.SELF, account
    return RegistrationSource.ON_BEHALF, staff
