"""The demo's measures: what the 1st forum session decided, with their timelines and events."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management.base import CommandError

from vereinsforum.events.models import Registration
from vereinsforum.measures.models import Measure, MeasureStatus
from vereinsforum.measures.progress import measure_outcomes, measure_progress


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English msgids (pages and messages); the catalogues are checked by
    tests/test_translations.py."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    from vereinsforum.demo import scenario
    from vereinsforum.demo.context import DemoContext
    from vereinsforum.events import demo as events_demo
    from vereinsforum.forum import demo as forum_demo
    from vereinsforum.measures import demo

    ctx = DemoContext(stdout=StringIO())
    scenario.load(ctx)
    events_demo.load(ctx)
    forum_demo.load(ctx)
    demo.load(ctx)
    return ctx


def test_demo_measures_tell_the_story_of_the_first_session(ctx):
    measures = {m.title: m for m in Measure.objects.filter(programme=ctx.programme)}
    expected = {
        "Grundlagenschulung Vereinsbuchhaltung": ("training", {"bookkeeping"}),
        "Arbeitsgruppe Vereinsbuchhaltung": ("working_group", {"bookkeeping"}),
        "Leitfaden Vereinsbuchhaltung": ("guide", {"bookkeeping"}),
        "Schulung Öffentlichkeitsarbeit": ("training", {"public_relations"}),
        "Workshop mit den Migrationsdiensten": ("workshop", {"project_work"}),
    }
    assert set(measures) == set(expected)
    for title, (kind, keys) in expected.items():
        measure = measures[title]
        assert measure.kind == kind
        assert set(measure.fields.values_list("key", flat=True)) == keys
        assert measure.responsible_organisation == ctx.department
        # Decided at the 1st session, ranked by its poll.
        assert measure.resolution.session.date == date(2007, 10, 10)
        assert measure.poll.title == "Priorisierung der Themenfelder"
        first = measure.timeline.order_by("on", "pk").first()
        assert (first.status, first.on) == (MeasureStatus.PLANNED, date(2007, 10, 10))
        days = list(measure.timeline.order_by("on", "pk").values_list("on", flat=True))
        assert days == sorted(days) and all(d.year in (2007, 2008) for d in days)
    assert measures["Grundlagenschulung Vereinsbuchhaltung"].resolution.title == (
        "Thema Buchhaltung: Grundlagenschulung"
    )
    assert measures["Leitfaden Vereinsbuchhaltung"].resolution.resolution_kind == "guide"

    # Bookkeeping took one of the top places of the poll: so does its measures' priority.
    priority = measures["Leitfaden Vereinsbuchhaltung"].priority()
    assert priority.field.key == "bookkeeping" and priority.rank <= 3
    assert priority.weight > 0

    # The events the events demo made for them.
    def event_titles(title):
        return list(measures[title].events.values_list("title", flat=True))

    assert event_titles("Schulung Öffentlichkeitsarbeit") == [
        "Schulung Öffentlichkeitsarbeit für Vereine"
    ]
    pr_event = measures["Schulung Öffentlichkeitsarbeit"].events.get()
    assert Registration.objects.filter(event=pr_event).count() == 18
    assert event_titles("Grundlagenschulung Vereinsbuchhaltung") == [
        "Grundlagenschulung Vereinsbuchhaltung"
    ]
    assert event_titles("Workshop mit den Migrationsdiensten") == [
        "Workshop mit den Migrationsdiensten"
    ]
    assert measures["Workshop mit den Migrationsdiensten"].start == date(2008, 1, 23)
    # The working group's first meeting has its attendance: six treasurers of six associations.
    group = measures["Arbeitsgruppe Vereinsbuchhaltung"]
    assert group.status == MeasureStatus.RUNNING
    outcomes = measure_outcomes(group)
    assert (outcomes.participants, outcomes.associations) == (6, 6)
    [part] = [p for p in measure_progress(group).parts if p.label == "Events held"]
    assert (part.done, part.total) == (1, 1)

    # Loading again keeps what is there.
    from vereinsforum.measures import demo

    demo.load(ctx)
    assert Measure.objects.count() == 5


def test_demo_fails_clearly_without_the_forum_demo():
    from vereinsforum.demo import scenario
    from vereinsforum.demo.context import DemoContext
    from vereinsforum.measures import demo

    ctx = DemoContext(stdout=StringIO())
    scenario.load(ctx)
    with pytest.raises(CommandError, match="forum demo"):
        demo.load(ctx)
