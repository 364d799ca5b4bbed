"""The demo's working group: the one the 1st forum session formed, as the status report
tells it, linked to the measure and readable by the demo association."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.management.base import CommandError
from django.urls import reverse

from vereinsforum.accounts import demo as accounts_demo
from vereinsforum.accounts.models import User
from vereinsforum.demo import scenario
from vereinsforum.demo.context import DemoContext
from vereinsforum.demo.management.commands.load_demo import STEPS
from vereinsforum.events import demo as events_demo
from vereinsforum.events.models import EventKind
from vereinsforum.forum import demo as forum_demo
from vereinsforum.measures.models import Measure, MeasureKind
from vereinsforum.measures.progress import measure_progress
from vereinsforum.workinggroups import demo
from vereinsforum.workinggroups.demo import MEASURE_TITLE, NAME
from vereinsforum.workinggroups.models import TaskStatus, WorkingGroup

pytestmark = pytest.mark.django_db


def test_the_step_runs_after_the_measures():
    assert STEPS.index("vereinsforum.workinggroups.demo") == (
        STEPS.index("vereinsforum.measures.demo") + 1
    )


def _steps() -> DemoContext:
    """The steps the group lives in; the measure as measures/demo.py names it (made here,
    so this test does not depend on that step's other content)."""
    ctx = DemoContext(stdout=io.StringIO())
    for step in (scenario, accounts_demo, events_demo, forum_demo):
        step.load(ctx)
    return ctx


def test_without_the_measure_the_step_says_so(client):
    ctx = _steps()
    with pytest.raises(CommandError, match=MEASURE_TITLE):
        demo.load(ctx)


def test_the_bookkeeping_group_of_the_first_forum_session(client):
    ctx = _steps()
    Measure.objects.create(
        programme=ctx.programme, kind=MeasureKind.WORKING_GROUP, title=MEASURE_TITLE
    )
    demo.load(ctx)
    group = WorkingGroup.objects.get(name=NAME)
    assert group.formed_on == date(2007, 10, 10)
    assert group.measure.title == MEASURE_TITLE
    assert group.mandate.startswith("Erarbeitung eines Leitfadens Vereinsbuchhaltung")
    assert list(group.fields.values_list("key", flat=True)) == ["bookkeeping"]

    # Six treasurers from the start, one more from the 2nd session; one has left.
    assert group.memberships.count() == 7
    assert group.current_memberships().count() == 6
    assert group.memberships.filter(left_on=date(2008, 9, 17)).count() == 1
    members = group.current_memberships().select_related("person")
    assert all(m.person.affiliations.filter(role="treasurer").exists() for m in members)
    assert group.lead.affiliations.get(role="treasurer").organisation.name == "Anadolu e.V."

    meetings = list(group.meetings.order_by("start"))
    assert {m.kind for m in meetings} == {EventKind.WORKING_GROUP}
    assert meetings[0].start.date() == date(2007, 11, 7)
    assert [m.start.year for m in meetings[:4]] == [2007, 2008, 2008, 2008]
    assert len(meetings) == 5  # four in 2007/08 and the revision of the continuation

    statuses = list(group.tasks.values_list("status", flat=True))
    assert statuses.count(TaskStatus.DONE) == 6
    assert len(statuses) == 9
    assert all(t.owner_id for t in group.tasks.all())
    part = next(
        p
        for p in measure_progress(group.measure).parts
        if p.url == reverse("workinggroups:detail", args=[group.pk])
    )
    assert (part.done, part.total) == (6, 9)

    document = group.documents.get()
    with document.file.open("rb") as handle:
        text = "\n".join(p.text for p in docx.Document(handle).paragraphs)
    assert "Tagesordnung" in text and "Verteilung der Kapitel" in text

    # The demo association (Anadolu, a member) reads it; a non-member's chair does not.
    client.force_login(User.objects.get(username="verein"))
    response = client.get(reverse("workinggroups:detail", args=[group.pk]))
    assert response.status_code == 200
    assert "Gliederung des Leitfadens abstimmen" in response.content.decode()

    # Loading again changes nothing.
    demo.load(ctx)
    assert WorkingGroup.objects.count() == 1
    assert group.tasks.count() == 9
