"""Writes for the forum: body, members, sessions, agenda, polls, ballots, counting, lots."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum import choices as ballot_choices
from vereinsforum.forum.counting import lots
from vereinsforum.forum.counting.tally import (
    Tally,
    tally_approval,
    tally_dots,
    tally_ranked,
)
from vereinsforum.forum.minutes import clean_minutes
from vereinsforum.forum.models import (
    AgendaItem,
    Ballot,
    Channel,
    ForumBody,
    ForumSession,
    ItemResult,
    Membership,
    OptionSource,
    Poll,
    PollMethod,
    PollOption,
    ResolutionKind,
    TieDraw,
    Voter,
)
from vereinsforum.forum.secrecy import ballots_shuffle
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.lib.translated import clean_translations
from vereinsforum.organisations.models import Organisation, OrganisationKind, Person
from vereinsforum.programmes.models import Programme

BODY_FIELDS = ("name", "quorum_percent", "secret_ballots", "rules")
MEMBERSHIP_FIELDS = ("organisation", "start", "end", "delegate", "deputy")
ITEM_FIELDS = ("position", "title", "description", "resolution", "resolution_kind", "result")
POLL_FIELDS = (
    "title",
    "method",
    "option_source",
    "points_per_ballot",
    "max_points_per_option",
    "opens_at",
    "closes_at",
    "secret",
    "changeable",
    "session",
    "agenda_item",
)


# ---- body and members ---------------------------------------------------------------------


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
def body_update(*, actor: Actor, body: ForumBody, **fields: Any) -> ForumBody:
    body = ForumBody.objects.select_for_update().get(pk=body.pk)
    before = snapshot(body, BODY_FIELDS)
    for name, value in fields.items():
        if name not in BODY_FIELDS:
            raise TypeError(name)
        setattr(body, name, value)
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


# ---- sessions, agenda, minutes --------------------------------------------------------------


@transaction.atomic
def session_prepare(*, actor: Actor, body: ForumBody, event: Event) -> ForumSession:
    """The forum's record of a forum-session event (created once, then returned)."""
    if event.kind != EventKind.FORUM_SESSION or event.programme_id != body.programme_id:
        raise ValidationError(_("This event is not a session of this forum."))
    session, created = ForumSession.objects.get_or_create(event=event, defaults={"body": body})
    if created:
        audit_record(actor=actor, action="forum_session.prepare", target=session)
    return session


@transaction.atomic
def session_minutes_save(
    *, actor: Actor, body: ForumBody, event: Event, minutes: str
) -> ForumSession:
    session = session_prepare(actor=actor, body=body, event=event)
    session = ForumSession.objects.select_for_update().get(pk=session.pk)
    cleaned = clean_minutes(minutes)
    changed = cleaned != session.minutes
    session.minutes = cleaned
    session.save(update_fields=["minutes", "modified"])
    if changed:
        # The minutes are not personal data, but they can be long: record that they changed.
        audit_record(
            actor=actor,
            action="minutes.save",
            target=session,
            changes={"minutes": [len(cleaned)]},
        )
    return session


@transaction.atomic
def agenda_item_add(
    *, actor: Actor, body: ForumBody, event: Event, title: str, description: str = ""
) -> AgendaItem:
    session = session_prepare(actor=actor, body=body, event=event)
    session = ForumSession.objects.select_for_update().get(pk=session.pk)  # serialise positions
    last = session.agenda.aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem(session=session, position=last + 1, title=title, description=description)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="agenda_item.add",
        target=item,
        changes=diff({}, snapshot(item, ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: Actor,
    item: AgendaItem,
    title: str,
    description: str = "",
    resolution: str = "",
    resolution_kind: str = ResolutionKind.NONE,
    result: str = ItemResult.OPEN,
) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, ITEM_FIELDS)
    item.title, item.description = title, description
    item.resolution, item.resolution_kind, item.result = resolution, resolution_kind, result
    if item.resolution_kind and not item.resolution.strip():
        raise ValidationError(_("Write down the resolution, or choose “No resolution”."))
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="agenda_item.update",
        target=item,
        changes=diff(before, snapshot(item, ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, offset: int) -> AgendaItem:
    """Swap an item with its neighbour (offset -1 = up, +1 = down)."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    items = list(item.session.agenda.select_for_update().order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items):
        return item
    other = items[target]
    # Positions are unique, so the swap parks the item at 0 (never a real position).
    mine, theirs = item.position, other.position
    item.position = 0
    item.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    audit_record(
        actor=actor,
        action="agenda_item.move",
        target=item,
        changes={"position": [other.position, item.position]},
    )
    return item


# ---- polls ----------------------------------------------------------------------------------


@transaction.atomic
def poll_create(
    *,
    actor: Actor,
    body: ForumBody,
    title: str,
    method: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
    option_source: str = OptionSource.FIELDS,
    free_options: Sequence[str] = (),
    referenced_options: Sequence[tuple[str, str]] = (),
    points_per_ballot: int | None = None,
    max_points_per_option: int | None = None,
    secret: bool | None = None,
    changeable: bool = False,
    session: ForumSession | None = None,
    session_event: Event | None = None,
    agenda_item: AgendaItem | None = None,
    title_i18n: dict[str, str] | None = None,
    description_i18n: dict[str, str] | None = None,
) -> Poll:
    """Create a poll and its options.

    Options come from the programme's fields (default), from `free_options` (labels), or,
    for measures, from `referenced_options` ((label, reference) pairs given by the caller).
    A poll for a session may name the session's event: the forum's record of the session is
    made then if the session has none yet (it has no agenda item yet).
    """
    if method != PollMethod.DOTS:
        points_per_ballot = max_points_per_option = None
    if session_event is not None:
        session = session_prepare(actor=actor, body=body, event=session_event)
    poll = Poll(
        body=body,
        title=title,
        title_i18n=clean_translations(title_i18n),
        description=description,
        description_i18n=clean_translations(description_i18n),
        method=method,
        option_source=option_source,
        points_per_ballot=points_per_ballot,
        max_points_per_option=max_points_per_option,
        opens_at=opens_at,
        closes_at=closes_at,
        secret=body.secret_ballots if secret is None else secret,
        changeable=changeable,
        session=session,
        agenda_item=agenda_item,
    )
    if session is not None and session.body_id != body.pk:
        raise ValidationError(_("The session belongs to another forum."))
    if agenda_item is not None and (session is None or agenda_item.session_id != session.pk):
        raise ValidationError(_("The agenda item belongs to another session."))
    poll.full_clean()
    poll.save()

    rows: list[PollOption] = []
    if option_source == OptionSource.FIELDS:
        for field in body.programme.fields.order_by("position"):
            rows.append(PollOption(label=field.name, label_i18n=field.name_i18n, field=field))
    elif option_source == OptionSource.FREE:
        rows = [PollOption(label=label.strip()) for label in free_options if label.strip()]
    else:
        rows = [PollOption(label=label.strip(), reference=ref) for label, ref in referenced_options]
    if len(rows) < 2:
        raise ValidationError(_("A poll needs at least two options."))
    if len({r.label for r in rows}) != len(rows):
        raise ValidationError(_("Two options have the same label."))
    for position, row in enumerate(rows, start=1):
        row.poll, row.position = poll, position
        row.full_clean()
    PollOption.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="poll.create",
        target=poll,
        changes={
            **diff({}, snapshot(poll, POLL_FIELDS)),
            # By id: a free option may be a person (an election), and the log keeps it.
            "options": [None, [r.pk for r in rows]],
        },
    )
    return poll


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
    membership = poll.entitled_memberships().filter(organisation=organisation).first()
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


@transaction.atomic
def poll_close(*, actor: Actor, poll: Poll, now: datetime | None = None) -> Poll:
    """Close the poll (now, if it is still open) and count it; the weights are stored."""
    now = now or timezone.now()
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.is_counted:
        raise ValidationError(_("This poll has already been counted."))
    if now < poll.opens_at:
        raise ValidationError(_("This poll has not opened yet."))
    if now < poll.closes_at:
        poll.closes_at = now
    if poll.secret:
        # Rewritten by the closing transaction, which belongs to no voter, so the stored
        # order and transaction ids carry no information after the close.
        ballots_shuffle(poll=poll)
    options = list(poll.options.order_by("position"))
    stored = list(Ballot.objects.filter(poll=poll).values_list("choices", flat=True))
    official, tallies = count_ballots(poll, options, stored)
    eligible = poll.entitled_memberships().count()
    poll.eligible = eligible
    poll.quorum_required = poll.body.quorum_for(eligible)
    poll.tally = {
        "official": official.method,
        "ballots": len(stored),
        "option_ids": [o.pk for o in options],
        "tallies": {name: t.as_dict() for name, t in tallies.items()},
    }
    poll.counted_at = now
    poll.save()
    _store_places(options, official.ranking, official.scores, official.weights)
    audit_record(
        actor=actor,
        action="poll.close",
        target=poll,
        changes={
            "ballots": [None, len(stored)],
            "eligible": [None, eligible],
            "quorum_reached": [None, poll.quorum_reached],
            "ranking": [None, [[options[i].pk for i in place] for place in official.ranking]],
            "ties": [None, len(official.ties)],
        },
    )
    return poll


def count_ballots(
    poll: Poll, options: list[PollOption], stored: list[dict]
) -> tuple[Tally, dict[str, Tally]]:
    """The official count and all counts of the poll's method for the stored choices."""
    if poll.is_ranked:
        tallies = tally_ranked(ballot_choices.ranked_ballots(options, stored), len(options))
        return tallies[poll.method], tallies
    if poll.method == PollMethod.DOTS:
        official = tally_dots(ballot_choices.dots_matrix(options, stored))
        return official, {"dots": official}
    official = tally_approval(ballot_choices.approval_matrix(options, stored))
    return official, {"approval": official}


def _store_places(
    options: list[PollOption],
    ranking: list[list[int]],
    scores: list[float] | None,
    weights: list[float] | None,
) -> None:
    place = 1
    for group in ranking:
        for i in group:
            options[i].rank = place
        place += len(group)
    for i, option in enumerate(options):
        option.score = scores[i] if scores is not None else None
        option.weight = weights[i] if weights is not None else None
    PollOption.objects.bulk_update(options, ["rank", "score", "weight"])


@transaction.atomic
def poll_tie_draw(*, actor: Actor, poll: Poll, now: datetime | None = None) -> TieDraw:
    """Resolve the remaining ties of a counted poll by lot, recording who, when and the seed.

    The seed is drawn here, from a cryptographic source, and cannot be passed in: a seed
    known beforehand would let anyone compute the order in advance and steer the lot. It is
    recorded and shown with the result, so anyone can repeat the draw with `lots.draw_lots`.
    The draw decides the order of tied options only; their weights stay equal, because the
    ballots gave them equal support.
    """
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if not poll.is_counted:
        raise ValidationError(_("Lots can only be drawn once the poll has been counted."))
    if TieDraw.objects.filter(poll=poll).exists():
        raise ValidationError(_("Lots have already been drawn for this poll."))
    official = poll.tally["tallies"][poll.tally["official"]]
    if not official["ties"]:
        raise ValidationError(_("There is no tie to resolve."))
    seed = lots.new_seed()
    strict = lots.draw_lots(official["ranking"], seed)
    options = list(poll.options.order_by("position"))
    for place, (index,) in enumerate(strict, start=1):
        options[index].rank = place
    PollOption.objects.bulk_update(options, ["rank"])
    draw = TieDraw.objects.create(
        poll=poll,
        drawn_by=user_of(actor),
        drawn_by_label=user.get_username() if (user := user_of(actor)) else str(actor),
        drawn_at=now or timezone.now(),
        seed=seed,
        before=official["ranking"],
        after=[group[0] for group in strict],
    )
    audit_record(
        actor=actor,
        action="poll.tie_draw",
        target=poll,
        changes={
            "seed": [None, seed],
            "order": [None, [options[i].pk for (i,) in strict]],
        },
    )
    return draw
