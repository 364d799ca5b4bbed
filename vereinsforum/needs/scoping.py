"""Whose single answers a user may read: interviews are one association's data.

Coordinators read every interview; an interviewer the interviews of the associations
assigned to them; a representative those of their own association. Aggregates are a
different matter (needs/summary.py, never below five interviews) and are not scoped here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user
from vereinsforum.programmes.scoping import assigned_organisation_ids


def interview_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.INTERVIEWER:
        return Q(organisation_id__in=assigned_organisation_ids(user))
    if user.role == Role.REPRESENTATIVE and user.acting_for_id:
        return Q(organisation_id=user.acting_for_id)
    return NOTHING
