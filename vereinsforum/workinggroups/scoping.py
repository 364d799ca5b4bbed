"""Which working groups, tasks and documents a user may see or work on.

Staff (coordinators and team members) see and run every group. A representative (or a
service provider) sees a group while the association they act for is a *current* member of
it, and works on its tasks and documents (`WORK`); forming the group, changing its mandate
and its members stay with staff (`EDIT`). Everyone else is not told a group exists (404):
an association that has left the group, an interviewer, the public.

Each widening is one `EXISTS` over the membership index (organisation, group), never a
join over memberships followed by `DISTINCT` (see accounts/scoping.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user
from vereinsforum.workinggroups.models import Membership

#: Tasks and documents: what members' representatives may do beside reading.
WORK = "work"


def is_group_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def _member_association(user: Any, group_ref: str) -> Q:
    return Q(
        Exists(
            Membership.objects.current().filter(
                group=OuterRef(group_ref), organisation_id=user.acting_for_id
            )
        )
    )


def group_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if user.role in ORGANISATION_ROLES and user.acting_for_id and action in (VIEW, WORK):
        return _member_association(user, "pk")
    return NOTHING


def group_part_filter(user: Any, action: str = VIEW) -> Q:
    """Tasks and documents: read and changed by whoever may work on their group."""
    if not acting_user(user):
        return NOTHING
    if user.role in STAFF_ROLES:
        return Q()
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        return _member_association(user, "group")
    return NOTHING
