"""The OParl lists and object pages ask the database the same number of times however much
they embed (issue 14): the catalogue prefetches per page, it does not look up per item.

Each list is fetched as one page holding every element, once on a small world and once after
the world has grown (more published people with affiliations and forum seats, more forum
sessions with agenda items, more committee meetings with papers, files and attachments); the
query counts must be equal. Object pages are compared the same way, for objects that embed more
after the growth (the forum, the officer, the first session, the first paper).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vereinsforum.events.models import EventKind, Location
from vereinsforum.forum.models import AgendaItem, ForumSession
from vereinsforum.forum.models import Membership as ForumMembership
from vereinsforum.oparl.body_lists import LIST_TYPES
from vereinsforum.oparl.models import Basis, LegislativeTerm, PublicationBasis
from vereinsforum.oparl.tests.factories import World, at, event, issued_report
from vereinsforum.organisations.models import Affiliation, OrganisationKind
from vereinsforum.reports.models import ReportAttachment
from vereinsforum.testing.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def grow(world: World, start: int, count: int) -> None:
    """Add `count` of everything the lists show, numbered from `start`, and more embedded
    items on the world's existing objects."""
    for i in range(start, start + count):
        unit = OrganisationFactory(
            kind=OrganisationKind.DEPARTMENT, parent=world.division, name=f"Abteilung {i}"
        )
        official = PersonFactory(first_name=f"Vera{i}", last_name=f"Beamtin{i}")
        Affiliation.objects.create(person=official, organisation=unit, role="staff")
        Affiliation.objects.create(person=official, organisation=world.department, role="member")
        PublicationBasis.objects.create(
            person=official, body=world.city, basis=Basis.OFFICE, status="Sachbearbeiterin"
        )
        Affiliation.objects.create(person=world.officer, organisation=unit, role="contact")

        association = OrganisationFactory(name=f"Verein {i} e.V.")
        delegate = PersonFactory(first_name=f"Deniz{i}", last_name=f"Delegierte{i}")
        deputy = PersonFactory(first_name=f"Sami{i}", last_name=f"Vertretung{i}")
        ForumMembership.objects.create(
            body=world.forum,
            organisation=association,
            start=date(2007, 5, 31),
            delegate=delegate,
            deputy=deputy,
        )
        for holder in (delegate, deputy):
            PublicationBasis.objects.create(
                person=holder, body=world.city, basis=Basis.CONSENT, consent_on=date(2007, 10, 10)
            )

        venue = Location.objects.create(name=f"Saal {i}", street=f"Hauptstraße {i}")
        session_event = event(
            world.programme, EventKind.FORUM_SESSION, f"Sitzung {i}", at(2009, 1, 1 + i), venue
        )
        session = ForumSession.objects.create(body=world.forum, event=session_event)
        for position in (1, 2):
            AgendaItem.objects.create(session=session, position=position, title=f"Punkt {i}")
        first_session = ForumSession.objects.get(event=world.sessions[0])
        AgendaItem.objects.create(session=first_session, position=10 + i, title=f"Zusatz {i}")

        meeting = event(
            world.programme, EventKind.COMMITTEE, f"Ausschuss {i}", at(2009, 2, 1 + i), venue
        )
        for meeting_of_report, suffix in ((meeting, "a"), (meeting, "b"), (None, "c")):
            report, _files = issued_report(
                world.city,
                world.department,
                world.committee,
                world.programme,
                meeting_of_report or world.committee_meeting,
                reference=f"VO/{i:04d}{suffix}/09",
                corrects=world.report if suffix == "c" else None,
            )
            ReportAttachment.objects.create(
                report=report,
                title=f"Anlage {i}{suffix}",
                file=f"reports/attachments/2009/anlage-{i}{suffix}.pdf",
                mime_type="application/pdf",
                size=100,
            )
        ReportAttachment.objects.create(
            report=world.report,
            title=f"Nachtrag {i}",
            file=f"reports/attachments/2009/nachtrag-{i}.pdf",
            mime_type="application/pdf",
            size=100,
        )
        LegislativeTerm.objects.create(
            body=world.city,
            name=f"Wahlperiode {i}",
            start_date=date(2010 + i, 1, 1),
            end_date=date(2010 + i, 12, 31),
        )


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return len(captured.captured_queries)


def list_path(world: World, name: str) -> str:
    return f"/oparl/v1/body/{world.city.pk}/{name}?elementsPerPage=100"


def object_paths(world: World) -> list[str]:
    forum_items = AgendaItem.objects.filter(session__event=world.sessions[0]).order_by("pk")
    return [
        f"/oparl/v1/body/{world.city.pk}",
        f"/oparl/v1/organization/{world.department.pk}",
        f"/oparl/v1/organization/{world.committee.pk}",
        f"/oparl/v1/organization/forum-{world.forum.pk}",
        f"/oparl/v1/person/{world.officer_basis.pk}",
        f"/oparl/v1/person/{world.delegate_basis.pk}",
        f"/oparl/v1/membership/forum-{world.seat.pk}",
        f"/oparl/v1/meeting/{world.sessions[0].pk}",
        f"/oparl/v1/meeting/{world.committee_meeting.pk}",
        f"/oparl/v1/agendaitem/forum-{forum_items[0].pk}",
        f"/oparl/v1/agendaitem/report-{world.report.pk}",
        f"/oparl/v1/paper/{world.report.pk}",
        f"/oparl/v1/consultation/{world.report.pk}",
        f"/oparl/v1/file/{world.files['pdf'].pk}",
        f"/oparl/v1/legislativeterm/{world.term.pk}",
        f"/oparl/v1/location/{world.venue.pk}",
        f"/oparl/v1/location/body-{world.city.pk}",
    ]


def test_every_body_list_is_under_test():
    assert set(LIST_TYPES) == set(LISTS)


LISTS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaitem",
    "paper",
    "consultation",
    "file",
    "legislativeterm",
    "location",
]


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_asks_as_often_with_more_data(world, client, name):
    grow(world, 1, 2)
    small = queries(client, list_path(world, name))
    grow(world, 3, 12)
    large = queries(client, list_path(world, name))
    assert large == small


def test_object_pages_ask_as_often_with_more_embedded_items(world, client):
    grow(world, 1, 2)
    small = {path: queries(client, path) for path in object_paths(world)}
    grow(world, 3, 12)
    large = {path: queries(client, path) for path in object_paths(world)}
    assert large == small
