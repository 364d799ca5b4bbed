"""The pages every role opens first ask the database the same number of times however much
data there is (issue 14): the dashboard for each role, the representative's event list and
the coordinator's organisation list.

Each page is fetched on a small world and again after the world has grown (more associations,
waves, interviews, open polls the representative may vote in, events with invitations, an
association waiting for verification); the query counts must be equal. `make bench` checks
the same at the state's size; this is the small version that runs with the suite.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vereinsforum.events.models import Audience
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.forum.services import bodies, polls
from vereinsforum.lib.actors import TEST
from vereinsforum.needs import services as needs
from vereinsforum.needs.models import Interview, Mode, Status
from vereinsforum.organisations.models import Organisation, Verification
from vereinsforum.programmes.models import InterviewerAssignment
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


class World:
    """A programme with a forum the representative's association belongs to, the needs
    instrument, and `grow` to add more of everything the pages count or list."""

    def __init__(self, programme, coordinator, association, representative, interviewer):
        self.programme = programme
        self.coordinator = coordinator
        self.association = association
        self.interviewer = interviewer
        self.body = bodies.body_create(
            actor=TEST, programme=programme, name="Forum der Vereine", quorum_percent=50
        )
        bodies.membership_add(
            actor=TEST,
            body=self.body,
            organisation=association,
            start=date(2007, 5, 31),
            delegate=representative.person,
        )
        draft = needs.instrument_version_create(actor=coordinator, programme=programme)
        self.version = needs.instrument_version_publish(actor=coordinator, version=draft)
        self.waves = 0
        self.items = 0

    def grow(self, count: int) -> None:
        self.waves += 1
        wave = needs.wave_create(
            actor=self.coordinator,
            programme=self.programme,
            title=f"Erhebung {self.waves}",
            period_start=date(2007 + self.waves, 6, 1),
            period_end=date(2007 + self.waves, 8, 31),
            instrument=self.version,
        )
        now = timezone.now()
        # The representative's unfinished self-assessment, one in every wave.
        Interview.objects.create(
            wave=wave, organisation=self.association, mode=Mode.SELF_ASSESSMENT, status=Status.DRAFT
        )
        for _ in range(count):
            self.items += 1
            i = self.items
            org = factories.OrganisationFactory(
                name=f"Verein {i} e.V.", verification=Verification.UNVERIFIED
            )
            InterviewerAssignment.objects.create(
                programme=self.programme, interviewer=self.interviewer, organisation=org
            )
            Interview.objects.create(
                wave=wave,
                organisation=org,
                mode=Mode.INTERVIEW,
                interviewer=self.interviewer,
                status=Status.SUBMITTED,
                conducted_on=date(2007 + self.waves, 7, 1),
                submitted_at=now,
            )
            event = EventFactory(
                programme=self.programme,
                title=f"Klausur {i}",
                audience=Audience.CHOSEN,
                start=now + timedelta(days=i),
            )
            invitation_send(actor=TEST, event=event, organisations=[self.association, org])
            opens = now - timedelta(minutes=5)
            polls.poll_create(
                actor=TEST,
                body=self.body,
                title=f"Abstimmung {i}",
                method="schulze",
                opens_at=opens,
                closes_at=opens + timedelta(hours=2 + i),
                secret=True,
                changeable=False,
            )


@pytest.fixture
def world(programme, coordinator, association, representative, interviewer):
    return World(programme, coordinator, association, representative, interviewer)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = [
    ("coordinator", "web:dashboard", ""),
    ("representative", "web:dashboard", ""),
    ("interviewer", "web:dashboard", ""),
    ("representative", "events:list", ""),
    ("coordinator", "organisations:list", "?kind=association"),
]


@pytest.mark.parametrize(("who", "page", "query"), PAGES)
def test_the_query_count_does_not_grow_with_the_data(client, request, world, who, page, query):
    client.force_login(request.getfixturevalue(who))
    url = reverse(page) + query
    world.grow(2)
    client.get(url)  # the first request of a session settles what it stores
    small = count_queries(client, url)
    world.grow(6)
    assert count_queries(client, url) == small


def test_the_grown_world_shows_on_the_dashboards(client, world, coordinator, representative):
    """The counts above are about pages that show the data: the tasks are there."""
    world.grow(3)
    client.force_login(representative)
    labels = [t.label for t in client.get(reverse("web:dashboard")).context["tasks"]]
    assert sum("Abstimmung" in label for label in labels) == 3
    client.force_login(coordinator)
    tasks = client.get(reverse("web:dashboard")).context["tasks"]
    waiting = Organisation.objects.associations().filter(verification=Verification.UNVERIFIED)
    assert [t.count for t in tasks if "verification" in t.url] == [waiting.count()]
    assert [t.count for t in tasks if "Erhebung 1" in str(t.label)] == [3]
