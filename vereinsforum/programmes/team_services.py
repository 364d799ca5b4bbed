"""Writes for the project team and the interviewers' assignments to associations.

Apart from the programme's own set-up (services.py) and its fields (field_services.py): the
team changes as people come and go during the programme, by other rules (a member's end,
an interviewer's associations) and from other pages (programmes/views.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role, User
from vereinsforum.audit.services import audit_record
from vereinsforum.lib.actors import Actor
from vereinsforum.organisations.models import (
    Organisation,
    OrganisationKind,
    Person,
)
from vereinsforum.programmes.models import (
    InterviewerAssignment,
    Programme,
    TeamMember,
)


@transaction.atomic
def team_member_add(
    *,
    actor: Actor,
    programme: Programme,
    person: Person,
    organisation: Organisation,
    role: str,
    since: date,
) -> TeamMember:
    if person.pseudonymised_at:
        raise ValidationError(_("This person has been erased and can no longer be changed."))
    if TeamMember.objects.filter(
        programme=programme, person=person, organisation=organisation
    ).exists():
        raise ValidationError(
            {
                "person": _(
                    "%(person)s is in the team for %(org)s already (or was: end dates are kept)."
                )
                % {"person": person.full_name, "org": organisation.name}
            }
        )
    member = TeamMember(
        programme=programme, person=person, organisation=organisation, role=role, since=since
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="team_member.add",
        target=member,
        target_repr=f"Person #{person.pk} ({organisation})",
    )
    return member


@transaction.atomic
def interviewer_assign(
    *, actor: Actor, programme: Programme, interviewer: User, organisation: Organisation
) -> InterviewerAssignment:
    if interviewer.role != Role.INTERVIEWER:
        raise ValidationError(_("Only interviewers can be assigned to associations."))
    assignment, created = InterviewerAssignment.objects.get_or_create(
        programme=programme, interviewer=interviewer, organisation=organisation
    )
    if created:
        audit_record(actor=actor, action="interviewer.assign", target=assignment)
    return assignment


@transaction.atomic
def team_member_end(*, actor: Actor, member: TeamMember, until: date) -> TeamMember:
    """Record that a member left the team, on the day `until`. The row stays: the team's
    history (who was in it, when) belongs to the programme's record."""
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if until < member.since:
        raise ValidationError(
            {
                "until": _("The membership cannot end before it began (%(since)s).")
                % {"since": date_format(member.since, "SHORT_DATE_FORMAT")}
            }
        )
    before = member.until
    if before == until:
        return member
    member.until = until
    member.full_clean()
    member.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action="team_member.end",
        target=member,
        changes={"until": [before.isoformat() if before else None, until.isoformat()]},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: Actor, member: TeamMember) -> None:
    """Take out a row entered by mistake. A member who left is ended instead
    (`team_member_end`), so the history stays."""
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    audit_record(
        actor=actor,
        action="team_member.remove",
        target=member,
        changes={
            "person": [member.person_id, None],
            "organisation": [member.organisation_id, None],
            "role": [member.role, None],
        },
    )
    member.delete()


@transaction.atomic
def interviewer_assignments_add(
    *,
    actor: Actor,
    programme: Programme,
    interviewer: Any,
    organisations: Iterable[Organisation],
) -> list[InterviewerAssignment]:
    """Assign several associations at once; one assigned already stays as it was."""
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(
            {"organisations": _("Please choose at least one association to assign.")}
        )
    if not interviewer.is_active:
        raise ValidationError(_("This account is deactivated."))
    if any(o.kind != OrganisationKind.ASSOCIATION for o in organisations):
        raise ValidationError(
            {"organisations": _("Interviewers are assigned to associations only.")}
        )
    return [
        interviewer_assign(
            actor=actor, programme=programme, interviewer=interviewer, organisation=organisation
        )
        for organisation in organisations
    ]


@transaction.atomic
def interviewer_unassign(*, actor: Actor, assignment: InterviewerAssignment) -> None:
    """The interviewer no longer sees the association, nor its interviews (the ones they
    conducted too: access follows the assignment), from the next request on."""
    assignment = InterviewerAssignment.objects.select_for_update().get(pk=assignment.pk)
    audit_record(
        actor=actor,
        action="interviewer.unassign",
        target=assignment,
        changes={
            "interviewer": [assignment.interviewer_id, None],
            "organisation": [assignment.organisation_id, None],
        },
    )
    assignment.delete()
