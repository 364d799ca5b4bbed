"""forum_summary (the contract the reports app reads) and the demo's story."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from vereinsforum.events.models import Event, EventKind
from vereinsforum.events.services.administration import event_cancel
from vereinsforum.forum.models import ForumBody, ItemResult, PollMethod, ResolutionKind
from vereinsforum.forum.services import ballots, polls, sessions
from vereinsforum.forum.summary import forum_summary, forum_weights_chart_png
from vereinsforum.forum.tests.conftest import ranked_choices
from vereinsforum.lib.actors import TEST

pytestmark = pytest.mark.django_db


def test_summary_follows_the_contract(
    programme, body, member, other_member, association, other_association, session_event, make_poll
):
    item = sessions.agenda_item_add(actor=TEST, body=body, event=session_event, title="Buchhaltung")
    sessions.agenda_item_update(
        actor=TEST,
        item=item,
        title="Buchhaltung",
        resolution="Grundlagenschulung Buchhaltung",
        resolution_kind=ResolutionKind.TRAINING,
        result=ItemResult.ADOPTED,
    )
    poll = make_poll(session=body.sessions.get())
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
    assert forum_weights_chart_png(programme) is None
    polls.poll_close(actor=TEST, poll=poll)

    summary = forum_summary(programme)
    day = timezone.localdate(session_event.start)
    assert summary["sessions"] == [{"event": session_event, "date": day, "number": 1, "held": True}]
    [entry] = summary["polls"]
    assert entry["poll"] == poll and entry["method"] == "schulze" and entry["closed"]
    assert entry["session_date"] == day
    assert entry["ranking"][0] == {
        "name": "Buchhaltung",
        "key": "bookkeeping",
        "weight": pytest.approx(poll.options.get(field__key="bookkeeping").weight),
        "rank": 1,
    }
    assert sum(r["weight"] for r in entry["ranking"]) == pytest.approx(1.0)
    assert summary["resolutions"] == [
        {
            "session_date": day,
            "agenda_item_id": item.pk,
            "title": "Buchhaltung",
            "text": "Grundlagenschulung Buchhaltung",
            "kind": "training",
        }
    ]
    png = forum_weights_chart_png(programme)
    assert png.startswith(b"\x89PNG")

    # as_of before the session: nothing held, no poll, no resolution yet, and no chart.
    earlier = forum_summary(programme, as_of=day - timedelta(days=1))
    assert earlier["sessions"][0]["held"] is False
    assert earlier["polls"] == [] and earlier["resolutions"] == []
    assert forum_weights_chart_png(programme, as_of=day - timedelta(days=1)) is None
    assert forum_weights_chart_png(programme, as_of=day).startswith(b"\x89PNG")


def test_summary_as_of_a_day_before_the_tie_was_drawn_shows_the_tie(
    programme, make_poll, member, other_member, association, other_association
):
    poll = make_poll(PollMethod.APPROVAL)
    a, b = (o.pk for o in poll.options.order_by("position")[:2])
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={str(a): True})
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=other_association, choices={str(b): True}
    )
    poll = polls.poll_close(actor=TEST, poll=poll)
    counted = timezone.localdate(poll.counted_at)
    polls.poll_tie_draw(actor=TEST, poll=poll, now=poll.counted_at + timedelta(days=3))

    def ranks(as_of):
        [entry] = forum_summary(programme, as_of=as_of)["polls"]
        return {r["name"]: r["rank"] for r in entry["ranking"]}

    label = {o.pk: o.label for o in poll.options.all()}
    # As counted: a and b share the first place (the tally's tie), the rest share the third.
    expected = dict.fromkeys(label.values(), 3) | {label[a]: 1, label[b]: 1}
    assert ranks(counted) == ranks(counted + timedelta(days=2)) == expected
    # From the day of the draw: the drawn order.
    drawn = ranks(counted + timedelta(days=3))
    assert sorted(drawn.values()) == list(range(1, 8))
    assert drawn == {o.label: o.rank for o in poll.options.all()}


def test_a_session_cancelled_after_the_date_was_still_planned_then(
    programme, body, session_event, coordinator
):
    later = Event.objects.create(
        programme=programme,
        kind=EventKind.FORUM_SESSION,
        title="2. Sitzung",
        start=session_event.start + timedelta(days=30),
        end=session_event.end + timedelta(days=30),
    )
    event_cancel(actor=coordinator, event=later, at=timezone.now())
    yesterday = timezone.localdate() - timedelta(days=1)
    before = forum_summary(programme, as_of=yesterday)["sessions"]
    assert [(s["event"], s["number"], s["held"]) for s in before] == [
        (session_event, 1, False),
        (later, 2, False),
    ]
    assert [s["event"] for s in forum_summary(programme)["sessions"]] == [session_event]


def test_demo_fails_clearly_without_the_events_demo():
    from vereinsforum.demo import scenario
    from vereinsforum.demo.context import DemoContext
    from vereinsforum.forum import demo

    ctx = DemoContext(stdout=StringIO())
    scenario.load(ctx)
    with pytest.raises(CommandError, match="events demo"):
        demo.load(ctx)
    assert not ForumBody.objects.exists()


def test_demo_tells_the_story_of_the_source():
    from vereinsforum.demo import scenario
    from vereinsforum.demo.context import DemoContext
    from vereinsforum.events import demo as events_demo
    from vereinsforum.forum import demo

    ctx = DemoContext(stdout=StringIO())
    scenario.load(ctx)
    events_demo.load(ctx)
    demo.load(ctx)

    body = ForumBody.objects.get(programme=ctx.programme)
    assert body.memberships.count() == 25
    anadolu = body.memberships.get(organisation=ctx.associations[0])
    assert anadolu.delegate == ctx.users["representative"].person  # the demo login `verein`

    summary = forum_summary(ctx.programme, as_of=date(2007, 11, 12))
    assert [s["date"] for s in summary["sessions"]][0] == date(2007, 10, 10)
    assert [s["held"] for s in summary["sessions"]] == [True, False, False, False]
    [poll] = summary["polls"]
    assert poll["closed"] and poll["method"] == "schulze"
    assert poll["session_date"] == date(2007, 10, 10)
    assert len(poll["ranking"]) == 7
    top = [r["key"] for r in poll["ranking"][:3]]
    assert "bookkeeping" in top
    ballots = poll["poll"].tally["ballots"]
    assert 13 <= ballots <= 25  # most of the 25 members, quorum reached
    assert poll["poll"].quorum_reached
    kinds = {r["kind"] for r in summary["resolutions"]}
    assert {"training", "working_group", "guide"} <= kinds
    assert any("Leitfaden" in r["text"] for r in summary["resolutions"])
    assert any("Grundlagenschulung" in r["text"] for r in summary["resolutions"])

    # Idempotent: a second run keeps what is there.
    demo.load(ctx)
    assert ForumBody.objects.count() == 1
