"""Who may see and change measures.

Staff of the programme plan and run them. An association reads the measures of the
programmes it is enrolled in (they are what the forum decided for it), and any organisation
reads the measures it is responsible for (a welfare service running a workshop). Interviewers
have no business here, and the public sees measures only through the public accountability
page. Changing a measure is the staff's alone.

Both widenings are an `IN (SELECT …)` over an indexed foreign key, never a join over
participations (see accounts/scoping.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES, Role
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user
from vereinsforum.programmes.scoping import enrolled_programme_ids

#: The roles that may open the measures pages at all (their rows are filtered below).
READER_ROLES = (*STAFF_ROLES, Role.REPRESENTATIVE, Role.SERVICE_PROVIDER)


def is_measure_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def measure_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if action != VIEW or user.role not in ORGANISATION_ROLES or not user.acting_for_id:
        return NOTHING
    org = user.acting_for_id
    visible = Q(responsible_organisation_id=org)
    if user.role == Role.REPRESENTATIVE:
        visible |= Q(programme_id__in=enrolled_programme_ids(org))
    return visible


def sees_responsible_person(user: Any, measure: Any) -> bool:
    """The responsible person's name is for staff and for the responsible organisation."""
    if is_measure_staff(user):
        return True
    return (
        acting_user(user)
        and measure.responsible_organisation_id is not None
        and getattr(user, "acting_for_id", None) == measure.responsible_organisation_id
    )
