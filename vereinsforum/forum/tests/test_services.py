"""Forum services: one ballot per association, secrecy, changes, paper ballots, count, lots."""

from __future__ import annotations

import inspect
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.forum.counting import lots
from vereinsforum.forum.models import (
    AgendaItem,
    Ballot,
    Channel,
    ItemResult,
    OptionSource,
    PollMethod,
    ResolutionKind,
    Voter,
)
from vereinsforum.forum.services import ballots, bodies, polls, sessions
from vereinsforum.forum.tests.conftest import ranked_choices
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English (German is the default language)."""
    with translation.override("en"):
        yield


ORDER = ("bookkeeping", "project_work", "public_relations")


def test_one_ballot_per_association_is_a_database_constraint(make_poll, member, association):
    poll = make_poll()
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Voter.objects.create(poll=poll, organisation=association, channel=Channel.ONLINE)


def test_a_second_ballot_is_refused_with_a_clear_message(make_poll, member, association):
    poll = make_poll()
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
    )
    with pytest.raises(ValidationError, match="already voted"):
        ballots.ballot_cast(
            actor=TEST,
            poll=poll,
            organisation=association,
            choices=ranked_choices(poll, "rhetoric"),
        )
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.get(poll=poll).choices["ranking"][0] == [
        str(poll.options.get(field__key="bookkeeping").pk)
    ]


def test_secret_ballot_keeps_no_link_to_the_association(make_poll, member, association):
    poll = make_poll(secret=True)
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
    )
    ballot = Ballot.objects.get(poll=poll)
    voter = Voter.objects.get(poll=poll)
    assert ballot.organisation is None
    assert ballot.change_key_hash == ""
    # The ballot row holds no time and no reference; the voter row none to the ballot.
    ballot_columns = {f.name for f in Ballot._meta.concrete_fields}
    assert ballot_columns == {"id", "poll", "organisation", "choices", "change_key_hash"}
    assert not any(f.related_model is Ballot for f in Voter._meta.concrete_fields)
    # The audit entry names the voter row and the association, never the ballot or choices.
    entry = AuditEntry.objects.get(action="ballot.cast")
    assert entry.target_id == str(voter.pk)
    assert str(ballot.pk) not in str(entry.changes)
    assert "choices" not in entry.changes
    assert ballot.id.version == 4


def test_open_ballot_names_the_association_and_is_audited_with_choices(
    make_poll, member, association
):
    poll = make_poll(secret=False)
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
    )
    assert Ballot.objects.get(poll=poll).organisation == association
    assert "choices" in AuditEntry.objects.get(action="ballot.cast").changes


def test_open_changeable_poll_keeps_the_last_ballot(make_poll, member, association):
    poll = make_poll(secret=False, changeable=True)
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
    )
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, "rhetoric")
    )
    assert Ballot.objects.filter(poll=poll).count() == 1
    rhetoric = str(poll.options.get(field__key="rhetoric").pk)
    assert Ballot.objects.get(poll=poll).choices == {"ranking": [[rhetoric]]}
    assert AuditEntry.objects.filter(action="ballot.change").count() == 1


def test_secret_changeable_poll_needs_the_change_code(make_poll, member, association):
    poll = make_poll(secret=True, changeable=True)
    code = ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
    )
    assert code and Ballot.objects.get(poll=poll).change_key_hash != code
    with pytest.raises(ValidationError, match="change code"):
        ballots.ballot_cast(
            actor=TEST,
            poll=poll,
            organisation=association,
            choices=ranked_choices(poll, "rhetoric"),
            change_key="wrong",
        )
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "rhetoric"),
        change_key=code,
    )
    rhetoric = str(poll.options.get(field__key="rhetoric").pk)
    assert Ballot.objects.get(poll=poll).choices == {"ranking": [[rhetoric]]}
    assert Voter.objects.filter(poll=poll).count() == 1


def _ballots(poll) -> list[dict]:
    return sorted((b.choices for b in Ballot.objects.filter(poll=poll)), key=repr)


def test_a_change_code_opens_only_the_ballot_of_its_own_association(
    make_poll, member, other_member, association, other_association
):
    """Another association's delegate who learns Anadolu's code cannot change its ballot."""
    poll = make_poll(secret=True, changeable=True)
    code_a = ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "bookkeeping", "premises"),
    )
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=other_association,
        choices=ranked_choices(poll, "premises"),
    )
    before = _ballots(poll)
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        ballots.ballot_cast(
            actor=TEST,
            poll=poll,
            organisation=other_association,
            choices=ranked_choices(poll, "rhetoric"),
            change_key=code_a,
        )
    assert refused.value.code == "change_code"
    assert "Änderungscode" in refused.value.messages[0]
    assert str(other_association) in refused.value.messages[0]
    assert _ballots(poll) == before
    assert not AuditEntry.objects.filter(action="ballot.change").exists()

    # Anadolu itself still can, and only its own ballot changes.
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "rhetoric"),
        change_key=code_a,
    )
    key = {o.field.key: str(o.pk) for o in poll.options.select_related("field")}
    assert before == sorted(
        [
            {"ranking": [[key["bookkeeping"]], [key["premises"]]]},
            {"ranking": [[key["premises"]]]},
        ],
        key=repr,
    )
    assert _ballots(poll) == sorted(
        [{"ranking": [[key["rhetoric"]]]}, {"ranking": [[key["premises"]]]}], key=repr
    )


def test_non_members_and_ended_memberships_cannot_vote(
    body, make_poll, member, association, other_association
):
    poll = make_poll()
    with pytest.raises(ValidationError, match="not a member"):
        ballots.ballot_cast(
            actor=TEST,
            poll=poll,
            organisation=other_association,
            choices=ranked_choices(poll, *ORDER),
        )
    bodies.membership_update(
        actor=TEST,
        membership=member,
        delegate=member.delegate,
        deputy=member.deputy,
        start=member.start,
        end=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="not a member"):
        ballots.ballot_cast(
            actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
        )
    assert not Ballot.objects.exists()


def test_voting_outside_the_window_is_refused(make_poll, member, association):
    poll = make_poll(open_now=False)
    with pytest.raises(ValidationError, match="not open"):
        ballots.ballot_cast(
            actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
        )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "at least one"),
        ({"99999": 1}, "not part of this poll"),
    ],
)
def test_bad_ranked_ballots_are_refused(make_poll, member, association, raw, message):
    poll = make_poll()
    with pytest.raises(ValidationError, match=message):
        ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices=raw)
    assert not Voter.objects.exists()


def test_ranked_place_outside_range_is_refused(make_poll, member, association):
    poll = make_poll()
    option = poll.options.first()
    with pytest.raises(ValidationError, match="between 1 and 7"):
        ballots.ballot_cast(
            actor=TEST, poll=poll, organisation=association, choices={str(option.pk): 8}
        )


def test_dot_voting_limits(make_poll, member, association):
    poll = make_poll(PollMethod.DOTS)  # 5 points, at most 3 per option
    a, b, c = (str(o.pk) for o in poll.options.all()[:3])
    with pytest.raises(ValidationError, match="at most 3"):
        ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={a: 4})
    with pytest.raises(ValidationError, match="5 points"):
        ballots.ballot_cast(
            actor=TEST, poll=poll, organisation=association, choices={a: 3, b: 2, c: 1}
        )
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={a: 3, b: 2})
    assert Ballot.objects.get(poll=poll).choices == {"points": {a: 3, b: 2}}


def test_paper_ballots_are_entered_by_staff_and_audited(
    make_poll, member, association, coordinator
):
    poll = make_poll()
    ballots.paper_ballot_enter(
        actor=coordinator, poll=poll, organisation=association, choices=ranked_choices(poll, *ORDER)
    )
    voter = Voter.objects.get(poll=poll)
    assert voter.channel == Channel.PAPER and voter.cast_by == coordinator
    entry = AuditEntry.objects.get(action="ballot.enter_paper")
    assert entry.actor == coordinator and entry.changes["organisation"] == [None, association.pk]


def test_count_stores_weights_and_quorum(
    make_poll, member, other_member, association, other_association, body
):
    # A third member that does not vote: 2 of 3 voted, quorum 50 % → 2 needed.
    third = factories.OrganisationFactory()
    delegate = factories.AffiliationFactory(organisation=third).person
    bodies.membership_add(
        actor=TEST, body=body, organisation=third, start=date(2007, 6, 1), delegate=delegate
    )
    poll = make_poll()
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "bookkeeping", "rhetoric"),
    )
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=other_association,
        choices=ranked_choices(poll, "bookkeeping", "premises"),
    )
    poll = polls.poll_close(actor=TEST, poll=poll)
    assert poll.eligible == 3 and poll.quorum_required == 2 and poll.quorum_reached
    options = poll.ranked_options()
    assert options[0].field.key == "bookkeeping" and options[0].rank == 1
    assert sum(o.weight for o in options) == pytest.approx(1.0)
    assert poll.tally["tallies"]["borda"]["ranking"][0] == [
        [o.pk for o in poll.options.order_by("position")].index(options[0].pk)
    ]
    with pytest.raises(ValidationError, match="not open"):
        ballots.ballot_cast(
            actor=TEST, poll=poll, organisation=third, choices=ranked_choices(poll, "rhetoric")
        )


def test_quorum_not_reached_is_reported(make_poll, member, other_member, association):
    services_poll = make_poll()
    poll = polls.poll_close(actor=TEST, poll=services_poll)
    assert poll.quorum_required == 1 and poll.quorum_reached is False


def test_a_tie_is_flagged_and_resolved_by_a_recorded_draw(
    make_poll, member, other_member, association, other_association, coordinator
):
    poll = make_poll(PollMethod.APPROVAL)
    a, b = (str(o.pk) for o in poll.options.all()[:2])
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={a: True})
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=other_association, choices={b: True})
    poll = polls.poll_close(actor=coordinator, poll=poll)
    official = poll.tally["tallies"]["approval"]
    assert official["ties"]  # a and b tied at the top, the rest tied at the bottom
    ranks = {str(o.pk): o.rank for o in poll.options.all()}
    assert ranks[a] == ranks[b] == 1
    draw = polls.poll_tie_draw(actor=coordinator, poll=poll)
    assert draw.drawn_by == coordinator
    ranks = sorted(o.rank for o in poll.options.all())
    assert ranks == list(range(1, 8))
    weights = {str(o.pk): o.weight for o in poll.options.all()}
    assert weights[a] == weights[b] == pytest.approx(0.5)
    assert AuditEntry.objects.filter(action="poll.tie_draw").exists()
    with pytest.raises(ValidationError, match="already been drawn"):
        polls.poll_tie_draw(actor=coordinator, poll=poll)


def _tied_poll(make_poll, association, other_association):
    poll = make_poll(PollMethod.APPROVAL)
    a, b = (str(o.pk) for o in poll.options.all()[:2])
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={a: True})
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=other_association, choices={b: True})
    return polls.poll_close(actor=TEST, poll=poll)


def test_nobody_can_choose_the_seed_of_a_drawing_of_lots():
    """A seed known in advance lets the order be computed in advance, and so steered."""
    assert "seed" not in inspect.signature(polls.poll_tie_draw).parameters


def test_the_seed_is_drawn_fresh_for_every_draw_recorded_and_reproduces_the_order(
    make_poll, member, other_member, association, other_association, coordinator
):
    draws = []
    for _ in range(2):
        poll = _tied_poll(make_poll, association, other_association)
        draws.append(polls.poll_tie_draw(actor=coordinator, poll=poll))
    first, second = draws
    assert first.before == second.before  # identical polls, identical ties
    assert first.seed != second.seed
    for draw in draws:
        # 128 bits from the operating system's generator, as hex.
        assert len(draw.seed) == 32 and int(draw.seed, 16) >= 0
        # Anyone can repeat the draw from what is recorded.
        assert [o for (o,) in lots.draw_lots(draw.before, draw.seed)] == draw.after
        options = list(draw.poll.options.order_by("position"))
        assert sorted(range(len(options)), key=lambda i: options[i].rank) == draw.after
        entry = AuditEntry.objects.for_target(draw.poll).get(action="poll.tie_draw")
        assert entry.changes["seed"] == [None, draw.seed]


def test_the_seed_comes_from_the_secrets_module(monkeypatch):
    monkeypatch.setattr(lots.secrets, "token_hex", lambda n: "f" * (2 * n))
    assert lots.new_seed() == "f" * 32


def test_options_without_points_are_flagged_as_tied(make_poll, member, association):
    poll = make_poll(PollMethod.DOTS)
    a, b = (str(o.pk) for o in poll.options.all()[:2])
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={a: 3, b: 2})
    poll = polls.poll_close(actor=TEST, poll=poll)
    assert poll.tally["tallies"]["dots"]["ties"] == [[2, 3, 4, 5, 6]]


def test_drawing_lots_without_a_tie_is_refused(body, member, association):
    now = timezone.now()
    poll = polls.poll_create(
        actor=TEST,
        body=body,
        title="Termin",
        method=PollMethod.APPROVAL,
        option_source=OptionSource.FREE,
        free_options=["Mittwoch", "Samstag"],
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=1),
    )
    first = str(poll.options.get(label="Mittwoch").pk)
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={first: True})
    poll = polls.poll_close(actor=TEST, poll=poll)
    with pytest.raises(ValidationError, match="no tie"):
        polls.poll_tie_draw(actor=TEST, poll=poll)


def test_free_options_and_at_least_two(body):
    now = timezone.now()
    poll = polls.poll_create(
        actor=TEST,
        body=body,
        title="Termin",
        method=PollMethod.APPROVAL,
        option_source=OptionSource.FREE,
        free_options=["Mittwoch", "Samstag"],
        opens_at=now,
        closes_at=now + timedelta(hours=1),
    )
    assert [o.label for o in poll.options.all()] == ["Mittwoch", "Samstag"]
    with pytest.raises(ValidationError, match="two options"):
        polls.poll_create(
            actor=TEST,
            body=body,
            title="X",
            method=PollMethod.APPROVAL,
            option_source=OptionSource.FREE,
            free_options=["Nur eine"],
            opens_at=now,
            closes_at=now + timedelta(hours=1),
        )


def test_membership_rules(body, association, representative):
    stranger = factories.PersonFactory()
    with pytest.raises(ValidationError, match="must belong"):
        bodies.membership_add(
            actor=TEST,
            body=body,
            organisation=association,
            start=date(2007, 6, 1),
            delegate=stranger,
        )
    bodies.membership_add(
        actor=TEST,
        body=body,
        organisation=association,
        start=date(2007, 6, 1),
        delegate=representative.person,
    )
    with pytest.raises(ValidationError, match="already a member"):
        bodies.membership_add(
            actor=TEST,
            body=body,
            organisation=association,
            start=date(2008, 1, 1),
            delegate=representative.person,
        )


def test_minutes_are_sanitised(body, session_event):
    session = sessions.session_minutes_save(
        actor=TEST,
        body=body,
        event=session_event,
        minutes='<p onclick="x()">Gut</p><script>alert(1)</script><a href="javascript:x">l</a>',
    )
    assert "<script" not in session.minutes and "onclick" not in session.minutes
    assert "javascript" not in session.minutes and "<p>Gut</p>" in session.minutes


def test_agenda_is_ordered_and_items_carry_resolutions(body, session_event):
    first = sessions.agenda_item_add(actor=TEST, body=body, event=session_event, title="Eins")
    second = sessions.agenda_item_add(actor=TEST, body=body, event=session_event, title="Zwei")
    assert (first.position, second.position) == (1, 2)
    sessions.agenda_item_move(actor=TEST, item=second, offset=-1)
    titles = list(AgendaItem.objects.order_by("position").values_list("title", flat=True))
    assert titles == ["Zwei", "Eins"]
    with pytest.raises(ValidationError, match="resolution"):
        sessions.agenda_item_update(
            actor=TEST, item=first, title="Eins", resolution_kind=ResolutionKind.TRAINING
        )
    sessions.agenda_item_update(
        actor=TEST,
        item=first,
        title="Eins",
        resolution="Schulung",
        resolution_kind=ResolutionKind.TRAINING,
        result=ItemResult.ADOPTED,
    )
    first.refresh_from_db()
    assert first.result == ItemResult.ADOPTED and first.resolution == "Schulung"
