"""Who may see and change tandems and mentor offers.

Staff of the programme (coordinators and team members) run the matching and see
everything. A representative sees the tandems of the association they act for once staff
have approved them (a proposal staff have not reviewed is no business of the associations),
answers them and gives feedback; and enters their association's mentor offers. Interviewers,
service providers and the public have nothing here.

The representative's filter reads two indexed foreign keys of the tandem's own row
(mentor, mentee): no join over a multi-valued relation (see accounts/scoping.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user

READER_ROLES = (*STAFF_ROLES, Role.REPRESENTATIVE)


def is_tandem_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def acting_association(user: Any) -> int | None:
    """The association a representative acts for now, or None."""
    if acting_user(user) and user.role == Role.REPRESENTATIVE and user.acting_for_id:
        return int(user.acting_for_id)
    return None


def tandem_filter(user: Any, action: str = VIEW) -> Q:
    if is_tandem_staff(user):
        return Q()
    org = acting_association(user)
    if org is None:
        return NOTHING
    from vereinsforum.tandems.models import VISIBLE_TO_ASSOCIATIONS

    # Both sides may answer and give feedback: the same rows for view and edit.
    return Q(status__in=VISIBLE_TO_ASSOCIATIONS) & (Q(mentor_id=org) | Q(mentee_id=org))


def offer_filter(user: Any, action: str = VIEW) -> Q:
    if is_tandem_staff(user):
        return Q()
    org = acting_association(user)
    return Q(organisation_id=org) if org is not None else NOTHING


def may_offer_for(user: Any, organisation_id: int) -> bool:
    """Staff enter offers on an association's behalf; a representative for their own."""
    return is_tandem_staff(user) or acting_association(user) == organisation_id
