"""Who may see the forum, run it, and vote in it.

The forum is the associations' body: staff of the programme run it (members, sessions,
polls, paper ballots, lots) and association representatives read it. Interviewers and
service providers have no business there, and the public sees nothing. Voting is narrower
still: only the delegate or deputy of a member association, for that association.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user

if TYPE_CHECKING:
    from vereinsforum.forum.models import Membership, Poll


def is_forum_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def may_read_forum(user: Any) -> bool:
    return acting_user(user) and (user.role in STAFF_ROLES or user.role == Role.REPRESENTATIVE)


def forum_filter(user: Any, action: str = VIEW) -> Q:
    if is_forum_staff(user):
        return Q()
    if action == VIEW and may_read_forum(user):
        return Q()
    return NOTHING


def voting_membership(user: Any, poll: Poll) -> Membership | None:
    """The membership `user` may cast a ballot for in `poll`, or None.

    The user must act for a member association (membership running on the day the poll
    opens) and be its delegate or deputy.
    """
    if not (acting_user(user) and user.role == Role.REPRESENTATIVE):
        return None
    if not (user.acting_for_id and user.person_id):
        return None
    from vereinsforum.organisations.models import Person

    # The delegate or deputy must still hold a role in the association: someone who has left
    # it no longer casts its ballot, even while the membership names them.
    if not Person.objects.affiliated_with(user.acting_for_id).filter(pk=user.person_id).exists():
        return None
    membership: Membership | None = (
        poll.entitled_memberships()
        .filter(organisation_id=user.acting_for_id)
        .filter(Q(delegate_id=user.person_id) | Q(deputy_id=user.person_id))
        .select_related("organisation")
        .first()
    )
    return membership
