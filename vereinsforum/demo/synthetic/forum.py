"""Part 5: the forum at state scale (a seat for every enrolled association, 200 polls with
their ballots at 3,000) and part 6: who of it may be published over OParl.

Memberships begin on the day the association enrolled; the delegate is the person with the
delegate's role (often the chair), the deputy another current member. Polls lie in the
programme's span and are closed by now: nine in ten are counted exactly as `poll_close`
counts them (`forum.counting.official.count_ballots` over the stored ballots, the places,
scores and weights stored on the options, the tally on the poll); the others are closed but
not yet counted, as a poll is until staff close it. The members entitled on the opening day
vote (45–90 % of them), mostly online, some on paper. Who voted (`Voter`) and what was voted
(`Ballot`) stay apart: a secret poll's ballots carry no association and are written in an
order unrelated to the voters', with random keys drawn from the seed.

OParl: seven in ten of the synthetic forum delegates consented to be published, as the
demo's Anadolu delegate did (basis "consent", dated the day their membership began).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

from vereinsforum.demo.synthetic.base import World, audit_each, day_between, insert, moment
from vereinsforum.demo.synthetic.names import APPEAL, FREE_OPTIONS
from vereinsforum.forum.choices import option_keys
from vereinsforum.forum.counting.official import count_ballots, option_places
from vereinsforum.forum.models import (
    Ballot,
    Channel,
    Membership,
    OptionSource,
    Poll,
    PollMethod,
    PollOption,
    Voter,
)
from vereinsforum.oparl.models import Basis, PublicationBasis

POLLS_PER_ASSOCIATION = 1 / 15
COUNTED = 0.9
POINTS, MAX_PER_OPTION = 10, 4
METHODS = (PollMethod.SCHULZE, PollMethod.BORDA, PollMethod.DOTS, PollMethod.APPROVAL)


def build(world: World) -> None:
    rng = world.rng
    memberships = []
    for association in world.enrolled:
        assert association.delegate is not None and association.enrolled_on is not None
        memberships.append(
            Membership(
                body=world.body,
                organisation=association.org,
                start=association.enrolled_on,
                delegate=association.delegate,
                deputy=association.deputy,
            )
        )
    insert(world, memberships, action="forum_membership.add")
    world.shared["memberships"] = memberships
    # (organisation id, start, end, account) of every seat: the demo's and the new ones.
    accounts = {a.org.pk: a.account for a in world.associations}
    accounts[world.anadolu.pk] = world.anadolu_account
    seats = [
        (m.organisation_id, m.start, m.end, accounts.get(m.organisation_id))
        for m in Membership.objects.filter(body=world.body).order_by("start", "pk")
    ]
    count = max(1, round(world.n * POLLS_PER_ASSOCIATION))
    first = min((m.start for m in memberships), default=world.start) + timedelta(days=30)
    polls: list[Poll] = []
    for index in range(count):
        method = rng.choices(METHODS, weights=(35, 15, 30, 20))[0]
        source = OptionSource.FIELDS if rng.random() < 0.7 else OptionSource.FREE
        day = day_between(rng, first, world.end - timedelta(days=15))
        opens = moment(day, 18)
        title = (
            "Priorisierung der Themenfelder"
            if source == OptionSource.FIELDS
            else "Gemeinsame Vorhaben der Vereine"
        )
        polls.append(
            Poll(
                body=world.body,
                title=f"{title} – Abstimmung {index + 1}",
                description="Landesweite Abstimmung der Mitgliedsvereine des Forums.",
                method=method,
                option_source=source,
                points_per_ballot=POINTS if method == PollMethod.DOTS else None,
                max_points_per_option=MAX_PER_OPTION if method == PollMethod.DOTS else None,
                opens_at=opens,
                closes_at=opens + timedelta(days=rng.randint(1, 14), hours=2),
                secret=rng.random() < 0.8,
            )
        )
    insert(world, polls)
    audit_each(world, "poll.create", polls)
    options = _options(world, polls)
    voters: list[Voter] = []
    ballots: list[Ballot] = []
    stored: dict[int, list[dict[str, Any]]] = {}
    for poll in polls:
        day = poll.opens_at.date()
        entitled = [s for s in seats if s[1] <= day and (s[2] is None or s[2] >= day)]
        turnout = rng.uniform(0.45, 0.9)
        cast = [s for s in entitled if rng.random() < turnout]
        poll.eligible = len(entitled)
        own: list[Ballot] = []
        for organisation_id, _start, _end, account in cast:
            paper = rng.random() < 0.1
            voters.append(
                Voter(
                    poll=poll,
                    organisation_id=organisation_id,
                    channel=Channel.PAPER if paper else Channel.ONLINE,
                    cast_by=world.coordinator if paper else account,
                )
            )
            own.append(
                Ballot(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    poll=poll,
                    organisation_id=None if poll.secret else organisation_id,
                    choices=_choices(rng, poll, options[poll.pk]),
                )
            )
        # Written in an order that says nothing about the order of casting.
        rng.shuffle(own)
        ballots.extend(own)
        stored[poll.pk] = [b.choices for b in own]
    insert(world, voters, action="ballot.cast")
    insert(world, ballots)
    _count(world, polls, options, stored)


def _options(world: World, polls: list[Poll]) -> dict[int, list[PollOption]]:
    rng = world.rng
    rows: list[PollOption] = []
    for poll in polls:
        if poll.option_source == OptionSource.FIELDS:
            for position, field in enumerate(world.fields, start=1):
                rows.append(
                    PollOption(
                        poll=poll,
                        position=position,
                        label=field.name,
                        label_i18n=field.name_i18n,
                        field=field,
                    )
                )
        else:
            labels = rng.sample(FREE_OPTIONS, rng.randint(4, 6))
            rows.extend(
                PollOption(poll=poll, position=position, label=label)
                for position, label in enumerate(labels, start=1)
            )
    insert(world, rows)
    by_poll: dict[int, list[PollOption]] = {}
    for row in rows:
        by_poll.setdefault(row.poll.pk, []).append(row)
    return by_poll


def _appeal(option: PollOption) -> float:
    if option.field is not None:
        return APPEAL.get(option.field.key, 1.5)
    return 1.0 + (sum(map(ord, option.label)) % 20) / 10


def _choices(rng: random.Random, poll: Poll, options: list[PollOption]) -> dict[str, Any]:
    """A valid stored ballot (see forum/choices.py) for the poll's method."""
    keys = option_keys(options)
    appeal = {str(o.pk): _appeal(o) for o in options}
    if poll.method in (PollMethod.SCHULZE, PollMethod.BORDA):
        noisy = sorted(keys, key=lambda k: appeal[k] + rng.gauss(0, 0.9), reverse=True)
        kept = noisy if rng.random() < 0.7 else noisy[:4]
        groups: list[list[str]] = []
        for index, key in enumerate(kept):
            if index > 0 and rng.random() < 0.12:
                groups[-1].append(key)
            else:
                groups.append([key])
        return {"ranking": [sorted(group, key=keys.index) for group in groups]}
    if poll.method == PollMethod.DOTS:
        points = dict.fromkeys(keys, 0)
        for _ in range(POINTS):
            open_keys = [k for k in keys if points[k] < MAX_PER_OPTION]
            key = rng.choices(open_keys, weights=[appeal[k] for k in open_keys])[0]
            points[key] += 1
        return {"points": {k: v for k, v in points.items() if v}}
    approved = [k for k in keys if rng.random() < appeal[k] / 4]
    return {"approved": approved or [max(keys, key=lambda k: appeal[k])]}


def _count(
    world: World,
    polls: list[Poll],
    options: dict[int, list[PollOption]],
    stored: dict[int, list[dict[str, Any]]],
) -> None:
    """Count nine in ten polls the way `poll_close` does; leave the rest closed, uncounted."""
    rng = world.rng
    changed: list[PollOption] = []
    for poll in polls:
        if rng.random() >= COUNTED:
            poll.eligible = None
            continue
        own = options[poll.pk]
        ballots = stored[poll.pk]
        official, tallies = count_ballots(poll.method, option_keys(own), ballots)
        eligible = poll.eligible or 0
        poll.quorum_required = world.body.quorum_for(eligible)
        poll.tally = {
            "official": official.method,
            "ballots": len(ballots),
            "option_ids": [o.pk for o in own],
            "tallies": {name: t.as_dict() for name, t in tallies.items()},
        }
        poll.counted_at = poll.closes_at + timedelta(minutes=10)
        for i, place in option_places(official.ranking).items():
            own[i].rank = place
        for i, option in enumerate(own):
            option.score = official.scores[i] if official.scores is not None else None
            option.weight = official.weights[i] if official.weights is not None else None
        changed.extend(own)
        audit_each(
            world,
            "poll.close",
            [poll],
            ballots=[None, len(ballots)],
            eligible=[None, eligible],
            quorum_reached=[None, poll.quorum_reached],
            ranking=[None, [[own[i].pk for i in place] for place in official.ranking]],
            ties=[None, len(official.ties)],
        )
    Poll.objects.bulk_update(polls, ["eligible", "quorum_required", "tally", "counted_at"])
    PollOption.objects.bulk_update(changed, ["rank", "score", "weight"], batch_size=2000)


def publication_bases(world: World) -> None:
    """Part 6 (OParl): consent to publication for seven in ten synthetic delegates."""
    rng = world.rng
    memberships: list[Membership] = world.shared.get("memberships", [])
    names = {a.org.pk: a.org.name for a in world.associations}
    rows = []
    for membership in memberships:
        if rng.random() >= 0.7:
            continue
        consented: date = membership.start
        rows.append(
            PublicationBasis(
                person=membership.delegate,
                body=world.city,
                basis=Basis.CONSENT,
                consent_on=consented,
                status=f"Delegierte/r von {names[membership.organisation_id]}"[:120],
                note="Einwilligung in die Veröffentlichung von Name und Funktion im Forum.",
            )
        )
    insert(world, rows, action="publication_basis.grant")
