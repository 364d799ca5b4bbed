"""Secret polls leave no order in the database: see forum/secrecy.py.

The physical order is read as the database stores it (SQLite rowid, PostgreSQL ctid), and
every ballot is told apart by its content: the test ballots are distinct, drawn from a seeded
generator so that a failure can be reproduced.
"""

from __future__ import annotations

import json
import random
import secrets
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from vereinsforum.audit.models import AuditEntry
from vereinsforum.forum import choices as ballot_choices
from vereinsforum.forum import secrecy
from vereinsforum.forum.choices import option_keys
from vereinsforum.forum.counting.official import count_ballots
from vereinsforum.forum.explain import explain
from vereinsforum.forum.models import Ballot, Poll, PollMethod, Voter
from vereinsforum.forum.services import ballots as ballot_services
from vereinsforum.forum.services import bodies, polls
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

VOTERS = 30  # 30! ≈ 2.7e32 orders: the shuffle keeps the cast order with p ≈ 4e-33
SEED = 20071010


def canonical(choices) -> str:
    if isinstance(choices, str | bytes):  # raw SQL hands JSON back as text on some backends
        choices = json.loads(choices)
    return json.dumps(choices, sort_keys=True)


def physical_order(poll: Poll) -> list[str]:
    """The poll's ballots in the order the database stores them."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    table = connection.ops.quote_name(Ballot._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # Table and column are constants of this module, not input.
            f"SELECT choices FROM {table} WHERE poll_id = %s ORDER BY {position}",  # noqa: S608
            [poll.pk],
        )
        return [canonical(row[0]) for row in cursor.fetchall()]


def raw_choices(poll: Poll, keys: list[str], rng: random.Random) -> dict[str, int]:
    if poll.is_ranked:
        ranked = rng.sample(keys, rng.randint(1, len(keys)))  # may leave options out
        return {key: rng.randint(1, place) for place, key in enumerate(ranked, start=1)}
    if poll.method == PollMethod.DOTS:
        points: dict[str, int] = {}
        for _ in range(poll.points_per_ballot):
            key = rng.choice(keys)
            if points.get(key, 0) < poll.max_points_per_option:
                points[key] = points.get(key, 0) + 1
        return points
    return dict.fromkeys(rng.sample(keys, rng.randint(1, len(keys))), 1)


@pytest.fixture
def members(body):
    """30 member associations entitled to vote."""
    orgs = []
    for _ in range(VOTERS):
        org = factories.OrganisationFactory()
        delegate = factories.AffiliationFactory(organisation=org, role="chair").person
        bodies.membership_add(
            actor=TEST, body=body, organisation=org, start=date(2007, 5, 31), delegate=delegate
        )
        orgs.append(org)
    return orgs


def cast_all(poll: Poll, members, seed: int = SEED) -> tuple[list[str], list[str]]:
    """Every member casts a distinct ballot; returns (cast order, change codes)."""
    rng = random.Random(seed)
    options = list(poll.options.order_by("position"))
    keys = [str(o.pk) for o in options]
    cast, codes = [], []
    for org in members:
        while True:  # distinct ballots, so each stored row can be recognised
            raw = raw_choices(poll, keys, rng)
            stored = canonical(ballot_choices.normalise(poll, options, raw))
            if stored not in cast:
                break
        codes.append(
            ballot_services.ballot_cast(actor=TEST, poll=poll, organisation=org, choices=raw)
        )
        cast.append(stored)
    return cast, codes


def close(poll: Poll) -> Poll:
    polls.poll_close(actor=TEST, poll=poll)
    return Poll.objects.get(pk=poll.pk)


def test_production_draws_the_order_from_the_system_generator():
    assert isinstance(secrecy._random, secrets.SystemRandom)


@pytest.mark.django_db(transaction=True)
def test_the_rewrite_refuses_to_run_outside_a_transaction(make_poll):
    poll = make_poll()
    with pytest.raises(RuntimeError):
        secrecy.ballots_shuffle(poll=poll)


@pytest.mark.parametrize("method", [PollMethod.SCHULZE, PollMethod.DOTS, PollMethod.APPROVAL])
def test_after_close_the_stored_order_is_a_permutation_unlike_the_cast_order(
    make_poll, members, method
):
    poll = make_poll(method, secret=True)
    cast, _ = cast_all(poll, members)
    before_close = physical_order(poll)
    # Each cast already rewrote the poll's ballots, so the newest is not the last row.
    assert sorted(before_close) == sorted(cast) and before_close != cast
    old_keys = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))

    close(poll)

    after = physical_order(poll)
    assert sorted(after) == sorted(cast)  # the same ballots, each exactly once
    assert after != cast
    assert after != before_close
    new_keys = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    assert len(new_keys) == VOTERS and not new_keys & old_keys


def test_the_stored_order_is_the_one_the_generator_drew(make_poll, members, monkeypatch):
    """With a generator that sorts instead of shuffling, the rows must follow its order.

    SQLite only: its rowids follow the order of insertion exactly. PostgreSQL puts each new
    row into whatever slot earlier deletions freed, so its heap order is the drawn order
    mapped onto free slots; the permutation tests above run there too.
    """
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite's rowid follows the insertion order exactly")

    class Sorting:
        def shuffle(self, rows):
            rows.sort(key=lambda row: canonical(row[0]), reverse=True)

    monkeypatch.setattr(secrecy, "_random", Sorting())
    poll = make_poll(PollMethod.SCHULZE, secret=True)
    cast, _ = cast_all(poll, members)
    close(poll)
    assert physical_order(poll) == sorted(cast, reverse=True)


@pytest.mark.parametrize(
    "method", [PollMethod.SCHULZE, PollMethod.BORDA, PollMethod.DOTS, PollMethod.APPROVAL]
)
def test_the_count_and_its_explanation_do_not_change(make_poll, members, method):
    poll = make_poll(method, secret=True)
    cast, _ = cast_all(poll, members, seed=SEED + 1)
    options = list(poll.options.order_by("position"))
    # The count of the ballots in the order they were cast, without any rewrite.
    official, tallies = count_ballots(
        poll.method, option_keys(options), [json.loads(c) for c in cast]
    )
    expected = json.loads(json.dumps({name: t.as_dict() for name, t in tallies.items()}))

    counted = close(poll)

    assert counted.tally["official"] == official.method
    assert counted.tally["ballots"] == VOTERS
    assert counted.tally["tallies"] == expected
    unshuffled = Poll.objects.get(pk=poll.pk)
    unshuffled.tally = {**counted.tally, "tallies": expected}
    assert explain(counted) == explain(unshuffled)


def test_the_last_ballot_still_counts_after_the_rewrites(make_poll, members):
    poll = make_poll(PollMethod.APPROVAL, secret=True, changeable=True)
    cast, codes = cast_all(poll, members[:5])
    assert all(codes)
    options = list(poll.options.order_by("position"))
    last = str(options[-1].pk)
    # The first voter changes its ballot after four others were cast (four rewrites).
    ballot_services.ballot_cast(
        actor=TEST, poll=poll, organisation=members[0], choices={last: 1}, change_key=codes[0]
    )
    changed = canonical({"approved": [last]})
    expected = sorted([changed, *cast[1:]])
    assert sorted(physical_order(poll)) == expected
    assert Voter.objects.filter(poll=poll).count() == 5

    counted = close(poll)

    assert sorted(physical_order(poll)) == expected
    official, _ = count_ballots(
        poll.method, option_keys(options), [json.loads(c) for c in expected]
    )
    assert counted.tally["tallies"]["approval"]["scores"] == list(official.scores)


def test_voter_rows_and_audit_entries_carry_no_ballot_key_and_no_choices(make_poll, members):
    poll = make_poll(PollMethod.SCHULZE, secret=True, changeable=True)
    cast, codes = cast_all(poll, members[:6])
    ballot_services.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=members[2],
        choices={str(poll.options.first().pk): 1},
        change_key=codes[2],
    )
    keys = {str(k) for k in Ballot.objects.filter(poll=poll).values_list("id", flat=True)}
    close(poll)
    keys |= {str(k) for k in Ballot.objects.filter(poll=poll).values_list("id", flat=True)}

    voter_values = [str(v) for row in Voter.objects.filter(poll=poll).values_list() for v in row]
    entries = AuditEntry.objects.all()
    audit_text = json.dumps(
        [list(e) for e in entries.values_list("target_id", "target_repr", "changes")],
        default=str,
    )
    assert entries.filter(action="ballot.change").count() == 1
    for key in keys:
        assert key not in voter_values
        assert key not in audit_text and key.replace("-", "") not in audit_text
    # The entries of casts and changes name the association, never what it voted.
    for entry in entries.filter(action__in=["ballot.cast", "ballot.change"]):
        assert set(entry.changes) <= {"organisation", "channel"}


def test_open_polls_are_not_rewritten(make_poll, members):
    poll = make_poll(PollMethod.APPROVAL, secret=False)
    cast_all(poll, members[:5])
    keys = set(Ballot.objects.filter(poll=poll).values_list("id", "organisation"))
    close(poll)
    assert set(Ballot.objects.filter(poll=poll).values_list("id", "organisation")) == keys


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_transaction_ids_no_longer_link_ballots_to_voters(body):
    """xmin = the transaction that wrote a row; a cast writes voter, audit and ballot at once."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin is a PostgreSQL system column")
    orgs = []
    for _ in range(5):
        org = factories.OrganisationFactory()
        delegate = factories.AffiliationFactory(organisation=org, role="chair").person
        bodies.membership_add(
            actor=TEST, body=body, organisation=org, start=date(2007, 5, 31), delegate=delegate
        )
        orgs.append(org)
    opens = timezone.now() - timedelta(minutes=5)
    poll = polls.poll_create(
        actor=TEST,
        body=body,
        title="Geheim",
        method=PollMethod.APPROVAL,
        opens_at=opens,
        closes_at=opens + timedelta(hours=1),
        secret=True,
    )
    option = str(poll.options.first().pk)
    for org in orgs:  # each cast commits on its own, as in real use
        ballot_services.ballot_cast(actor=TEST, poll=poll, organisation=org, choices={option: 1})

    def xmins(model) -> list[str]:
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            sql = f"SELECT xmin::text FROM {table} WHERE poll_id = %s"  # noqa: S608 (a model)
            cursor.execute(sql, [poll.pk])
            return [row[0] for row in cursor.fetchall()]

    voters = set(xmins(Voter))
    assert len(voters) == 5
    # Before the close, all ballots share the latest cast's transaction: no one-to-one link.
    assert len(set(xmins(Ballot))) == 1
    with transaction.atomic():
        polls.poll_close(actor=TEST, poll=poll)
    ballots = set(xmins(Ballot))
    assert len(ballots) == 1 and not ballots & voters


@pytest.mark.parametrize(
    ("language", "rewrite", "limit"),
    [
        ("de", "in einer zufälligen Reihenfolge", "bei PostgreSQL mit VACUUM"),
        ("en", "anew in a random order", "on PostgreSQL with VACUUM"),
    ],
)
def test_the_rules_page_states_the_rewrite_and_its_limits(
    client, representative, member, language, rewrite, limit
):
    client.force_login(representative)
    response = client.get(reverse("forum:rules"), HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert rewrite in page and limit in page
