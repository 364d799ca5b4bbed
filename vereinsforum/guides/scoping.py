"""Who may read, write, review and publish guides.

- Staff of the programme write, review, approve and publish every guide (`PUBLISH`).
- The working group that writes a guide writes it too: a representative acting for an
  association that is a current member of the guide's working group reads the guide in
  every status, edits its sections, comments, resolves comments and submits it for review
  (`EDIT`); approving and publishing stay with staff.
- A published public guide is read by everyone, without a login.
- A published members-only guide is read by the programme's people: staff, its
  interviewers, and the representatives of associations enrolled in the programme (the
  forum's members come from them). An association that is not enrolled, a welfare service
  and the public do not read it.

Every widening is an id subquery or one `EXISTS` over the working-group membership index
(organisation, group), never a join followed by `DISTINCT`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES, Role
from vereinsforum.accounts.scoping import EDIT, NOTHING, VIEW, acting_user
from vereinsforum.guides.models import GuideStatus, Visibility
from vereinsforum.programmes.models import InterviewerAssignment
from vereinsforum.programmes.scoping import enrolled_programme_ids

#: Approve and publish: staff only.
PUBLISH = "publish"

PUBLISHED = Q(status=GuideStatus.PUBLISHED)
PUBLIC = PUBLISHED & Q(visibility=Visibility.PUBLIC)


def is_guide_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def _writing_group_member(organisation_id: int) -> Q:
    from vereinsforum.workinggroups.models import Membership

    return Q(
        Exists(
            Membership.objects.current().filter(
                group=OuterRef("working_group"), organisation_id=organisation_id
            )
        )
    )


def guide_filter(user: Any, action: str = VIEW) -> Q:
    if is_guide_staff(user):
        return Q()
    if not acting_user(user):
        return PUBLIC if action == VIEW else NOTHING
    organisation = user.acting_for_id if user.role in ORGANISATION_ROLES else None
    if action == EDIT:
        return _writing_group_member(organisation) if organisation else NOTHING
    if action != VIEW:
        return NOTHING
    members = PUBLISHED & Q(visibility=Visibility.MEMBERS)
    if user.role == Role.INTERVIEWER:
        programmes = InterviewerAssignment.objects.filter(interviewer=user).values("programme_id")
        return PUBLIC | (members & Q(programme_id__in=programmes))
    if organisation:
        return (
            PUBLIC
            | (members & Q(programme_id__in=enrolled_programme_ids(organisation)))
            | _writing_group_member(organisation)
        )
    return PUBLIC
