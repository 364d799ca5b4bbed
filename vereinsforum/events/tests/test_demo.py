"""The events demo tells the source's story (the kick-off funnel, the sessions) and loads once."""

from __future__ import annotations

import io
from datetime import date

import pytest

from vereinsforum.demo import scenario
from vereinsforum.demo.context import DemoContext
from vereinsforum.events import demo
from vereinsforum.events.models import Event, EventKind, OutboxMessage
from vereinsforum.events.summary import events_summary

pytestmark = pytest.mark.django_db


def _load():
    ctx = DemoContext(stdout=io.StringIO())
    scenario.load(ctx)
    demo.load(ctx)
    return ctx


def test_demo_tells_the_events_of_the_source_and_is_idempotent():
    ctx = _load()
    programme = ctx.programme
    assert programme.funnel() == {"invited": 60, "attended": 30, "enrolled": 25, "withdrawn": 0}
    summary = events_summary(programme, as_of=date(2007, 11, 12))
    kick_off = summary["kick_off"]
    assert (kick_off["date"], kick_off["invited"], kick_off["attended"], kick_off["enrolled"]) == (
        date(2007, 5, 14),
        60,
        30,
        25,
    )
    assert list(kick_off["event"].attending_organisations()) == sorted(
        ctx.associations[:30], key=lambda o: o.name
    )
    sessions = summary["forum_sessions"]
    assert [(s["number"], s["date"], s["held"]) for s in sessions][:1] == [
        (1, date(2007, 10, 10), True)
    ]
    assert len(sessions) == 4
    assert all(s["date"] > date(2007, 11, 12) and not s["held"] for s in sessions[1:])
    pr = next(t for t in summary["trainings"] if t["fields"] == ["public_relations"])
    assert pr["registrations"] == 18
    assert pr["date"] > date(2007, 11, 12)
    assert any(t["fields"] == ["bookkeeping"] for t in summary["trainings"])
    (workshop,) = summary["workshops"]
    assert workshop["date"].year == 2008 and workshop["date"].month == 1
    assert set(workshop["event"].invitations.values_list("organisation", flat=True)) >= {
        s.pk for s in ctx.welfare_services
    }
    assert Event.objects.filter(kind=EventKind.WORKING_GROUP).exists()
    assert all(e.location.accessibility for e in Event.objects.all())
    assert not OutboxMessage.objects.exists()  # nobody is mailed about 2007

    count = Event.objects.count()
    again = DemoContext(stdout=io.StringIO())
    scenario.load(again)
    demo.load(again)
    assert Event.objects.count() == count
    assert programme.funnel()["invited"] == 60
