"""Writes for the forum itself and its members: the body's rules, memberships, delegates.

A member is an association, represented by a delegate (and maybe a deputy) who currently
belongs to it; an association is a member for periods that do not overlap.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.forum.models import ForumBody, Membership
from vereinsforum.lib.actors import Actor
from vereinsforum.organisations.models import Organisation, OrganisationKind, Person
from vereinsforum.programmes.models import Programme

BODY_FIELDS = ("name", "quorum_percent", "secret_ballots", "rules")
MEMBERSHIP_FIELDS = ("organisation", "start", "end", "delegate", "deputy")


@transaction.atomic
def body_create(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    quorum_percent: int = 50,
    secret_ballots: bool = True,
    rules: str = "",
) -> ForumBody:
    if ForumBody.objects.filter(programme=programme).exists():
        raise ValidationError(_("This programme already has a forum."))
    body = ForumBody(
        programme=programme,
        name=name,
        quorum_percent=quorum_percent,
        secret_ballots=secret_ballots,
        rules=rules,
    )
    body.full_clean()
    body.save()
    audit_record(
        actor=actor,
        action="forum_body.create",
        target=body,
        changes=diff({}, snapshot(body, BODY_FIELDS)),
    )
    return body


@transaction.atomic
def body_update(
    *,
    actor: Actor,
    body: ForumBody,
    name: str,
    quorum_percent: int,
    secret_ballots: bool,
    rules: str,
) -> ForumBody:
    body = ForumBody.objects.select_for_update().get(pk=body.pk)
    before = snapshot(body, BODY_FIELDS)
    body.name, body.quorum_percent = name, quorum_percent
    body.secret_ballots, body.rules = secret_ballots, rules
    body.full_clean()
    body.save()
    audit_record(
        actor=actor,
        action="forum_body.update",
        target=body,
        changes=diff(before, snapshot(body, BODY_FIELDS)),
    )
    return body


def _check_membership(membership: Membership) -> None:
    if membership.organisation.kind != OrganisationKind.ASSOCIATION:
        raise ValidationError(_("Only associations can be members of the forum."))
    # A current role only: someone who has left the association cannot speak for it.
    belongs = Person.objects.affiliated_with(membership.organisation)
    if not belongs.filter(pk=membership.delegate_id).exists():
        raise ValidationError(_("The delegate must belong to the association."))
    if membership.deputy is not None and not belongs.filter(pk=membership.deputy_id).exists():
        raise ValidationError(_("The deputy must belong to the association."))
    overlapping = Membership.objects.filter(
        body=membership.body, organisation=membership.organisation
    ).exclude(pk=membership.pk)
    for other in overlapping:
        ends_before = membership.end is not None and membership.end < other.start
        starts_after = other.end is not None and membership.start > other.end
        if not (ends_before or starts_after):
            raise ValidationError(
                _("%(org)s is already a member for part of this period.")
                % {"org": membership.organisation}
            )


@transaction.atomic
def membership_add(
    *,
    actor: Actor,
    body: ForumBody,
    organisation: Organisation,
    start: date,
    delegate: Person,
    deputy: Person | None = None,
    end: date | None = None,
) -> Membership:
    membership = Membership(
        body=body,
        organisation=organisation,
        start=start,
        end=end,
        delegate=delegate,
        deputy=deputy,
    )
    membership.full_clean(validate_constraints=False)
    _check_membership(membership)
    membership.validate_constraints()
    membership.save()
    audit_record(
        actor=actor,
        action="forum_membership.add",
        target=membership,
        changes=diff({}, snapshot(membership, MEMBERSHIP_FIELDS)),
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: Actor,
    membership: Membership,
    delegate: Person,
    deputy: Person | None,
    start: date,
    end: date | None,
) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.delegate, membership.deputy = delegate, deputy
    membership.start, membership.end = start, end
    membership.full_clean(validate_constraints=False)
    _check_membership(membership)
    membership.validate_constraints()
    membership.save()
    audit_record(
        actor=actor,
        action="forum_membership.update",
        target=membership,
        changes=diff(before, snapshot(membership, MEMBERSHIP_FIELDS)),
    )
    return membership
