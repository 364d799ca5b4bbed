"""Writes for polls: creating one with its options, closing and counting it, drawing lots.

The count is pure (`forum/counting/official.py`); closing reads the stored ballots, counts
them and stores the result with the poll (the tallies) and its options (place, score,
weight). Ballots themselves are cast in `ballots`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.events.models import Event
from vereinsforum.forum.choices import option_keys
from vereinsforum.forum.counting import lots
from vereinsforum.forum.counting.official import count_ballots, option_places
from vereinsforum.forum.models import (
    AgendaItem,
    Ballot,
    ForumBody,
    ForumSession,
    OptionSource,
    Poll,
    PollMethod,
    PollOption,
    TieDraw,
)
from vereinsforum.forum.secrecy import ballots_shuffle
from vereinsforum.forum.services.sessions import session_prepare
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.lib.translated import clean_translations

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
    official, tallies = count_ballots(poll.method, option_keys(options), stored)
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
    _store_result(options, official.ranking, official.scores, official.weights)
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


def _store_result(
    options: list[PollOption],
    ranking: list[list[int]],
    scores: list[float] | None,
    weights: list[float] | None,
) -> None:
    """Each option's place, score and weight from the official count."""
    for i, place in option_places(ranking).items():
        options[i].rank = place
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
