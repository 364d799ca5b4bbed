"""Writes for ballots: an association casts (or changes) its ballot, staff enter a paper one.

Who voted is kept apart from what was voted (`Voter` and `Ballot`); in a secret poll the
ballot row carries no link to the association, see `forum/secrecy.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record
from vereinsforum.forum import choices as ballot_choices
from vereinsforum.forum.models import Ballot, Channel, Membership, Poll, Voter
from vereinsforum.forum.secrecy import ballots_shuffle
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.organisations.models import Organisation


def _change_key_hash(*, poll: Poll, organisation: Organisation, key: str) -> str:
    """The stored form of a change code: an HMAC keyed with the code over poll and association.

    Binding the association in means a code opens only the ballot of the association it was
    issued to, even in the hands of another member's delegate. It adds no link for a reader
    of the database: without the code (which only the voter's browser holds) the hash says
    nothing about the association, exactly as before.
    """
    message = f"vereinsforum.forum.ballot:{poll.pk}:{organisation.pk}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def _entitled(poll: Poll, organisation: Organisation) -> Membership:
    membership: Membership | None = (
        poll.entitled_memberships().filter(organisation=organisation).first()
    )
    if membership is None:
        raise ValidationError(
            _("%(org)s is not a member of the forum entitled to vote in this poll.")
            % {"org": organisation}
        )
    return membership


@transaction.atomic
def ballot_cast(
    *,
    actor: Actor,
    poll: Poll,
    organisation: Organisation,
    choices: Mapping[str, Any],
    change_key: str = "",
    now: datetime | None = None,
    channel: str = Channel.ONLINE,
) -> str:
    """Cast (or, where allowed, change) an association's ballot. Returns the change code.

    The code is only returned for secret polls whose ballots may be changed: it is the
    voter's sole handle on the ballot, and only its hash is stored. Callers check who may
    cast (the delegate or deputy of the association, or staff for a paper ballot).
    """
    now = now or timezone.now()
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if channel == Channel.ONLINE and not poll.is_open(now):
        raise ValidationError(_("This poll is not open for voting."))
    if channel == Channel.PAPER and (poll.is_counted or now < poll.opens_at):
        raise ValidationError(_("Paper ballots can be entered from the opening until the count."))
    _entitled(poll, organisation)
    options = list(poll.options.all())
    stored = ballot_choices.normalise(poll, options, choices)

    try:
        with transaction.atomic():
            voter = Voter.objects.create(
                poll=poll,
                organisation=organisation,
                channel=channel,
                cast_by=user_of(actor),
            )
    except IntegrityError:
        return _ballot_change(
            actor=actor, poll=poll, organisation=organisation, stored=stored, change_key=change_key
        )

    new_key = ""
    ballot = Ballot(poll=poll, choices=stored)
    if poll.secret:
        if poll.changeable:
            new_key = secrets.token_urlsafe(12)
            ballot.change_key_hash = _change_key_hash(
                poll=poll, organisation=organisation, key=new_key
            )
    else:
        ballot.organisation = organisation
    ballot.save()
    if poll.secret:
        # The new ballot must not be recognisable as the newest row: see forum/secrecy.py.
        ballots_shuffle(poll=poll)
    changes: dict[str, Any] = {"organisation": [None, organisation.pk], "channel": [None, channel]}
    if not poll.secret:
        changes["choices"] = [None, stored]
    # The audit entry points at the voter row, never at the ballot: in a secret poll the
    # ballot's key must not appear next to the association.
    action = "ballot.enter_paper" if channel == Channel.PAPER else "ballot.cast"
    audit_record(actor=actor, action=action, target=voter, changes=changes)
    return new_key


def _ballot_change(
    *, actor: Actor, poll: Poll, organisation: Organisation, stored: dict, change_key: str
) -> str:
    if not poll.changeable:
        raise ValidationError(
            _("%(org)s has already voted in this poll.") % {"org": organisation},
            code="already_voted",
        )
    voter = Voter.objects.select_for_update().get(poll=poll, organisation=organisation)
    if poll.secret:
        ballot = (
            Ballot.objects.select_for_update()
            .filter(
                poll=poll,
                change_key_hash=_change_key_hash(
                    poll=poll, organisation=organisation, key=change_key
                ),
            )
            .first()
            if change_key
            else None
        )
        if ballot is None:
            raise ValidationError(
                _(
                    "%(org)s has already voted. To change the ballot, enter the change code "
                    "shown when it was cast."
                )
                % {"org": organisation},
                code="change_code",
            )
    else:
        ballot = Ballot.objects.select_for_update().get(poll=poll, organisation=organisation)
    before = ballot.choices
    ballot.choices = stored
    ballot.save(update_fields=["choices"])
    if poll.secret:
        # An updated row gets a new position and transaction id (PostgreSQL): hide it.
        ballots_shuffle(poll=poll)
    changes: dict[str, Any] = {"organisation": [organisation.pk, organisation.pk]}
    if not poll.secret:
        changes["choices"] = [before, stored]
    audit_record(actor=actor, action="ballot.change", target=voter, changes=changes)
    return change_key


def paper_ballot_enter(
    *,
    actor: Actor,
    poll: Poll,
    organisation: Organisation,
    choices: Mapping[str, Any],
    now: datetime | None = None,
) -> None:
    """Staff enter a paper ballot handed in at the session (audited like any ballot)."""
    ballot_cast(
        actor=actor,
        poll=poll,
        organisation=organisation,
        choices=choices,
        now=now,
        channel=Channel.PAPER,
    )
