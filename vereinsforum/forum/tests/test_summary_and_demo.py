"""forum_summary (the contract the reports app reads) and the demo's story."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from vereinsforum.forum import services
from vereinsforum.forum.models import ForumBody, ItemResult, ResolutionKind
from vereinsforum.forum.summary import forum_summary, forum_weights_chart_png
from vereinsforum.forum.tests.conftest import ranked_choices

pytestmark = pytest.mark.django_db


def test_summary_follows_the_contract(
    programme, body, member, other_member, association, other_association, session_event, make_poll
):
    item = services.agenda_item_add(actor="t", body=body, event=session_event, title="Buchhaltung")
    services.agenda_item_update(
        actor="t",
        item=item,
        title="Buchhaltung",
        resolution="Grundlagenschulung Buchhaltung",
        resolution_kind=ResolutionKind.TRAINING,
        result=ItemResult.ADOPTED,
    )
    poll = make_poll(session=body.sessions.get())
    services.ballot_cast(
        actor="t",
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "bookkeeping", "rhetoric"),
    )
    services.ballot_cast(
        actor="t",
        poll=poll,
        organisation=other_association,
        choices=ranked_choices(poll, "bookkeeping", "premises"),
    )
    assert forum_weights_chart_png(programme) is None
    services.poll_close(actor="t", poll=poll)

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
            "title": "Buchhaltung",
            "text": "Grundlagenschulung Buchhaltung",
            "kind": "training",
        }
    ]
    png = forum_weights_chart_png(programme)
    assert png.startswith(b"\x89PNG")

    # as_of before the session: nothing held, no poll, no resolution yet.
    earlier = forum_summary(programme, as_of=day - timedelta(days=1))
    assert earlier["sessions"][0]["held"] is False
    assert earlier["polls"] == [] and earlier["resolutions"] == []


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
