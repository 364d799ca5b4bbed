"""Which events, invitations and registrations a user may see or change.

Staff of the programme see and run every event; an association's representative sees the
public events, the events their association is invited to or registered for, the events for
enrolled associations of the programmes their association is enrolled in, and the rows of
their own association; the public sees public events only.

Every widening is an `EXISTS` over an indexed foreign key (or an id subquery), never a join
over registrations × invitations × participation steps followed by `DISTINCT`: that shape
took 23 s for one event at 3,000 associations (see accounts/scoping.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user
from vereinsforum.events.models import Audience, Invitation, Registration
from vereinsforum.programmes.scoping import enrolled_programme_ids

PUBLIC = Q(audience=Audience.PUBLIC)


def is_event_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def event_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return PUBLIC if action == VIEW else NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if action != VIEW:
        return NOTHING
    visible = PUBLIC
    if user.person_id:
        visible |= Q(
            Exists(Registration.objects.filter(event=OuterRef("pk"), person_id=user.person_id))
        )
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        org = user.acting_for_id
        visible |= Q(Exists(Invitation.objects.filter(event=OuterRef("pk"), organisation_id=org)))
        visible |= Q(Exists(Registration.objects.filter(event=OuterRef("pk"), organisation_id=org)))
        visible |= Q(audience=Audience.ENROLLED, programme_id__in=enrolled_programme_ids(org))
    return visible


def organisation_row_filter(user: Any, action: str = VIEW) -> Q:
    """Rows that belong to one association (invitations): its representative answers them."""
    if not acting_user(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        return Q(organisation_id=user.acting_for_id)
    return NOTHING


def registration_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    rows = NOTHING
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        rows = Q(organisation_id=user.acting_for_id)
    if user.person_id:
        rows |= Q(person_id=user.person_id)
    return rows


def feed_is_live(feed: Any) -> bool:
    """Whether a calendar feed's secret address still answers.

    An association's feed shows that association's events (its invitation-only ones too) to
    whoever holds the address, so it lives only while the account that made it still acts
    for the association: when the chair who subscribed leaves, their subscription stops with
    their access. Feeds made by staff or by a command, and a person's own feed, stay.
    """
    maker = feed.created_by
    if feed.organisation_id is None or maker is None or maker.role not in ORGANISATION_ROLES:
        return True
    return maker.acting_for_id == feed.organisation_id and acting_user(maker)
