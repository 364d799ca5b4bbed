"""The kick-off's part in the programme's funnel: attendance and enrolment recorded as steps.

Changes when the funnel's rules change: an association attends the kick-off it was invited
to, and enrols there, on the day of the kick-off or later, never in the future.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.events.models import (
    Event,
    EventKind,
    Registration,
)
from vereinsforum.events.services.timing import at_or_now, short_date
from vereinsforum.lib.actors import Actor
from vereinsforum.organisations.models import (
    Organisation,
)
from vereinsforum.programmes.models import ParticipationStep, Programme, Step
from vereinsforum.programmes.services import participation_step_record


def funnel_step_reached(programme: Programme, organisation: Organisation, step: str) -> bool:
    """Whether the association has reached `step` (a Step) of the programme's funnel."""
    return ParticipationStep.objects.filter(
        participation__programme=programme, participation__organisation=organisation, step=step
    ).exists()


def kick_off_attendance_record(actor: Actor, event: Event, registration: Registration) -> None:
    """A person checked in at the kick-off: their association attended it (a funnel step),
    which it can only if it was invited. Any other event records no step."""
    organisation = registration.organisation
    if event.kind != EventKind.KICK_OFF or organisation is None:
        return
    if not funnel_step_reached(event.programme, organisation, Step.INVITED):
        raise ValidationError(_("%(org)s was not invited to the kick-off.") % {"org": organisation})
    if not funnel_step_reached(event.programme, organisation, Step.ATTENDED):
        participation_step_record(
            actor=actor,
            programme=event.programme,
            organisation=organisation,
            step=Step.ATTENDED,
            on=timezone.localdate(event.start),
        )


def _enrolment_date(event: Event, on: date | None, at: datetime) -> date:
    today = timezone.localdate(at)
    on = on or today
    if on > today:
        raise ValidationError(_("An enrolment cannot be dated in the future."))
    kick_off_day = timezone.localdate(event.start)
    if on < kick_off_day:
        raise ValidationError(
            _(
                "Associations enrol at the kick-off on %(date)s or later: the enrolment "
                "cannot be dated before it."
            )
            % {"date": short_date(kick_off_day)}
        )
    return on


@transaction.atomic
def kick_off_enrol(
    *,
    actor: Actor,
    event: Event,
    organisation: Organisation,
    on: date | None = None,
    at: datetime | None = None,
) -> None:
    """An association that came to the kick-off enrols in the programme on the day `on`
    (today by default): not before the kick-off, and not in the future."""
    at = at_or_now(at)
    if event.kind != EventKind.KICK_OFF:
        raise ValidationError(_("Associations enrol at the kick-off."))
    if funnel_step_reached(event.programme, organisation, Step.ENROLLED):
        return
    on = _enrolment_date(event, on, at)
    if not event.attending_organisations().filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(org)s did not attend the kick-off and cannot enrol there.") % {"org": organisation}
        )
    participation_step_record(
        actor=actor,
        programme=event.programme,
        organisation=organisation,
        step=Step.ENROLLED,
        on=on,
    )


@transaction.atomic
def kick_off_enrol_many(
    *,
    actor: Actor,
    event: Event,
    organisations: Iterable[Organisation],
    on: date | None = None,
    at: datetime | None = None,
) -> int:
    """Enrol associations that came to the kick-off, all on the same day; all or none."""
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(_("Please choose the associations that enrol."))
    for organisation in organisations:
        kick_off_enrol(actor=actor, event=event, organisation=organisation, on=on, at=at)
    return len(organisations)
