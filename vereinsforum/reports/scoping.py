"""Who reaches the council submissions' staff pages: coordinators change them, team members
read them. The public sees only issued, public reports (`ReportQuerySet.published`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import NOTHING, VIEW, acting_user


def report_filter(user: Any, action: str = VIEW) -> Q:
    if not acting_user(user):
        return NOTHING
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.TEAM_MEMBER and action == VIEW:
        return Q()
    return NOTHING


def may_write_reports(user: Any) -> bool:
    """Drafting, issuing and correcting papers is the coordinators' (`report_filter`'s EDIT)."""
    return acting_user(user) and bool(user.role == Role.COORDINATOR)
