"""The demo, walked through OParl: VO/0985/07 and its meeting, with zero schema errors."""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.events.demo_continuation import CONTINUATION_DAYS
from vereinsforum.oparl.tests.walker import walk


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=OutputWrapper(sys.stdout))
    # The oparl step is not yet in load_demo's STEPS; run it as the command would.
    from vereinsforum.demo import scenario
    from vereinsforum.oparl import demo as oparl_demo

    ctx = DemoContext(stdout=OutputWrapper(sys.stdout))
    scenario.load(ctx)
    oparl_demo.load(ctx)
    return ctx


def test_walk_of_the_demo(demo, client):
    result = walk(client)
    assert result.errors == []

    [paper] = result.of_type("Paper")
    assert paper["reference"] == "VO/0985/07"
    assert paper["date"] == "2007-11-12"
    assert paper["paperType"] == "Bericht"
    assert paper["mainFile"]["mimeType"] == "application/pdf"
    assert paper["auxiliaryFile"][0]["fileName"].endswith(".docx")
    [consultation] = paper["consultation"]
    assert consultation["role"] == "Entgegennahme o. B."
    assert consultation["authoritative"] is False

    meetings = {m["id"]: m for m in result.of_type("Meeting")}
    committee = meetings[consultation["meeting"]]
    assert committee["start"].startswith("2007-11-21")
    assert [i["consultation"] for i in committee["agendaItem"]] == [consultation["id"]]
    forum_sessions = sorted(m["start"][:10] for m in meetings.values() if m is not committee)
    # The four sessions of 2007/08, and the permanent forum's next one, dated from the day
    # the demo was loaded.
    assert len(forum_sessions) == 5 and forum_sessions[0] == "2007-10-10"
    assert forum_sessions[3] == "2008-09-17"
    next_session = timezone.localdate() + timedelta(days=CONTINUATION_DAYS["session"])
    assert forum_sessions[4] == next_session.isoformat()

    organizations = {o["name"] for o in result.of_type("Organization")}
    assert {"Migrationsausschuss", "Ressort 204 – Zuwanderung und Integration"} <= organizations
    assert any(
        o.get("classification") == "Forum" and o["memberCount"] == 25
        for o in result.of_type("Organization")
    )

    persons = sorted(p["name"] for p in result.of_type("Person"))
    assert "Michael Visser" in persons and "Dr. Stefan Kühn" in persons
    assert len(persons) == 3  # plus the one delegate who consented
    assert len(paper["originatorPerson"]) == 2
    # Of the 60 associations' chairs and treasurers, none is published.
    everything = json.dumps(result.objects, ensure_ascii=False)
    assert "@verein.example" not in everything
    assert "@migrationsdienst.example" not in everything
    assert "Krüger" not in everything  # the interviewer


def test_demo_step_is_idempotent(demo):
    from vereinsforum.oparl import demo as oparl_demo
    from vereinsforum.oparl.models import LegislativeTerm, PublicationBasis

    before = (PublicationBasis.objects.count(), LegislativeTerm.objects.count())
    oparl_demo.load(demo)
    assert (PublicationBasis.objects.count(), LegislativeTerm.objects.count()) == before
