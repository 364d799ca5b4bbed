"""Invitations: which associations are invited, when, and their one answer.

Changes when the rules of inviting change (who can be invited, dating invitations sent on an
earlier day) or what an answer sets off (a decline cancels the association's registrations).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record
from vereinsforum.events import notifications
from vereinsforum.events.locking import lock_event
from vereinsforum.events.models import (
    CLAIMING,
    CancelReason,
    Event,
    EventKind,
    Invitation,
    InvitationStatus,
)
from vereinsforum.events.services.funnel import funnel_step_reached
from vereinsforum.events.services.registration import (
    registration_cancel_locked,
    waiting_list_sweep,
)
from vereinsforum.events.services.timing import at_or_now, short_date
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.organisations.models import (
    Organisation,
    OrganisationKind,
)
from vereinsforum.programmes.models import Step
from vereinsforum.programmes.services import participation_step_record

#: Who can be invited and hold seats: associations and the welfare migration services.
INVITABLE_KINDS = (OrganisationKind.ASSOCIATION, OrganisationKind.WELFARE_SERVICE)


def _invitation_time(event: Event, on: date | None, at: datetime) -> datetime:
    """When invitations sent `on` a day went out; refused when that cannot be."""
    today = timezone.localdate(at)
    sent_at = at
    if on is not None and on != today:
        if on > today:
            raise ValidationError(_("Invitations cannot be dated in the future."))
        if on < event.programme.start:
            raise ValidationError(
                _(
                    "Invitations can be dated back to the start of the programme (%(date)s) "
                    "at the earliest."
                )
                % {"date": short_date(event.programme.start)}
            )
        sent_at = timezone.make_aware(datetime.combine(on, time.min))
    if sent_at >= event.start:
        # Invited after the event began, an association would count as invited without
        # having had the chance to come, and its attendance would predate its invitation.
        raise ValidationError(
            _(
                "The event began on %(date)s. Invitations to it are recorded with the day "
                "they went out, that day at the latest."
            )
            % {"date": short_date(event.start)}
        )
    return sent_at


@transaction.atomic
def invitation_send(
    *,
    actor: Actor,
    event: Event,
    organisations: Iterable[Organisation],
    on: date | None = None,
    at: datetime | None = None,
) -> list[Invitation]:
    """Invite associations (one invitation each); already invited ones are left as they are.

    `on` records invitations that went out on an earlier day, e.g. a programme's history
    entered afterwards: they are dated that day (not before the programme's start) and
    nobody is mailed, because they were sent then. Invitations to a kick-off are the first
    step of the programme's funnel, dated the day they were sent."""
    at = at_or_now(at)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    sent_at = _invitation_time(event, on, at)
    mail = on is None or on == timezone.localdate(at)
    created = []
    for organisation in organisations:
        if organisation.kind not in INVITABLE_KINDS:
            raise ValidationError(
                _("Only associations and migration services can be invited: %(org)s is neither.")
                % {"org": organisation}
            )
        invitation, new = Invitation.objects.get_or_create(
            event=event, organisation=organisation, defaults={"sent_at": sent_at}
        )
        if not new:
            continue
        audit_record(
            actor=actor,
            action="invitation.send",
            target=invitation,
            changes={"sent_at": [None, sent_at.isoformat()]},
        )
        if event.kind == EventKind.KICK_OFF and not funnel_step_reached(
            event.programme, organisation, Step.INVITED
        ):
            participation_step_record(
                actor=actor,
                programme=event.programme,
                organisation=organisation,
                step=Step.INVITED,
                on=timezone.localdate(sent_at),
            )
        if mail:
            notifications.notify_invitation(invitation)
        created.append(invitation)
    return created


@transaction.atomic
def invitation_answer(
    *, actor: Actor, invitation: Invitation, status: str, at: datetime | None = None
) -> Invitation:
    """The association's one answer. Declining cancels its registrations for the event."""
    at = at_or_now(at)
    if status not in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED):
        raise ValidationError(_("Please accept or decline the invitation."))
    event = lock_event(invitation.event_id)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event has been cancelled."))
    if at >= event.start:
        raise ValidationError(
            _("The event has already begun; the invitation can no longer be answered.")
        )
    invitation = Invitation.objects.get(pk=invitation.pk)
    before = invitation.status
    invitation.status = status
    invitation.answered_at = at
    invitation.answered_by = user_of(actor)
    invitation.save()
    audit_record(
        actor=actor,
        action="invitation.answer",
        target=invitation,
        changes={"status": [before, status]},
    )
    if status == InvitationStatus.DECLINED:
        for registration in event.registrations.filter(
            organisation=invitation.organisation, status__in=CLAIMING
        ):
            registration_cancel_locked(actor, registration, CancelReason.PARTICIPANT, at)
    waiting_list_sweep(actor, event, at)
    return invitation
