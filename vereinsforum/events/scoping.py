"""Which events, invitations and registrations a user may see or change.

The filters follow accounts/scoping.py: staff of the programme see and run every event;
an association's representative sees the events their association may come to and the
rows of their own association; the public sees public events only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES
from vereinsforum.accounts.scoping import NOTHING, VIEW

PUBLIC = Q(audience="public")


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role)


def is_event_staff(user: Any) -> bool:
    return _active(user) and user.role in STAFF_ROLES


def event_filter(user: Any, action: str = VIEW) -> Q:
    if not _active(user):
        return PUBLIC if action == VIEW else NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if action != VIEW:
        return NOTHING
    visible = PUBLIC
    if user.person_id:
        visible |= Q(registrations__person_id=user.person_id)
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        org = user.acting_for_id
        visible |= Q(invitations__organisation_id=org) | Q(registrations__organisation_id=org)
        visible |= Q(
            audience="enrolled",
            programme__participations__organisation_id=org,
            programme__participations__steps__step="enrolled",
        )
    return visible


def organisation_row_filter(user: Any, action: str = VIEW) -> Q:
    """Rows that belong to one association (invitations): its representative answers them."""
    if not _active(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        return Q(organisation_id=user.acting_for_id)
    return NOTHING


def registration_filter(user: Any, action: str = VIEW) -> Q:
    if not _active(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    rows = NOTHING
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        rows = Q(organisation_id=user.acting_for_id)
    if user.person_id:
        rows |= Q(person_id=user.person_id)
    return rows
