"""Programme-wide facts the other apps' filters are built from.

Each returns a subquery of ids (never a join), so a filter that uses it stays one
`IN (SELECT …)` or `EXISTS` however many associations the programme has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from vereinsforum.programmes.models import (
    InterviewerAssignment,
    Participation,
    ParticipationStep,
    Step,
)

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


def assigned_organisation_ids(user: User) -> QuerySet:
    """The associations an interviewer is assigned to (in any programme), as ids."""
    return InterviewerAssignment.objects.filter(interviewer=user).values("organisation_id")


def enrolled_programme_ids(organisation_id: int) -> QuerySet:
    """The programmes `organisation_id` is enrolled in and has not withdrawn from, as ids."""
    steps = ParticipationStep.objects.filter(participation=OuterRef("pk"))
    return (
        Participation.objects.filter(organisation_id=organisation_id)
        .filter(Exists(steps.filter(step=Step.ENROLLED)))
        .exclude(Exists(steps.filter(step=Step.WITHDRAWN)))
        .values("programme_id")
    )
