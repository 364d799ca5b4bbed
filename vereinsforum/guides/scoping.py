"""Who may read, write and review guides.

- Staff of the programme write, review, approve and publish every guide, and read drafts.
- A published public guide is read by everyone, without a login.
- A published members-only guide is read by the programme's people: staff, its
  interviewers, and the representatives of associations enrolled in the programme (the
  forum's members come from them). An association that is not enrolled, a welfare service
  and the public do not read it.

The working group that writes a guide (helper H3's workinggroups app) is not wired in yet:
until it is, its members write through the staff who run the group.

Filters are built from an id subquery (`enrolled_programme_ids`), never a join.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES, Role
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user
from vereinsforum.guides.models import GuideStatus, Visibility
from vereinsforum.programmes.models import InterviewerAssignment
from vereinsforum.programmes.scoping import enrolled_programme_ids

PUBLISHED = Q(status=GuideStatus.PUBLISHED)
PUBLIC = PUBLISHED & Q(visibility=Visibility.PUBLIC)


def is_guide_staff(user: Any) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


def guide_filter(user: Any, action: str = VIEW) -> Q:
    if is_guide_staff(user):
        return Q()
    if action != VIEW:
        return NOTHING
    if not acting_user(user):
        return PUBLIC
    members = PUBLISHED & Q(visibility=Visibility.MEMBERS)
    if user.role == Role.INTERVIEWER:
        programmes = InterviewerAssignment.objects.filter(interviewer=user).values("programme_id")
        return PUBLIC | (members & Q(programme_id__in=programmes))
    if user.role in ORGANISATION_ROLES and user.acting_for_id:
        return PUBLIC | (members & Q(programme_id__in=enrolled_programme_ids(user.acting_for_id)))
    return PUBLIC
