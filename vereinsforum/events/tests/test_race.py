"""The last seat under load: 60 simultaneous registrations for 18 seats, over HTTP.

These run on PostgreSQL only: it runs transactions truly side by side, which is where
the race lives. SQLite serialises every writer (BEGIN IMMEDIATE), so it cannot show the
control case. CI runs the suite on both databases.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import RemoteDisconnected
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPErrorProcessor, Request, build_opener

import pytest
from django.db import connection
from django.test import Client

from vereinsforum.accounts.models import Role, User
from vereinsforum.events import locking
from vereinsforum.events.models import SEAT_HOLDING, RegistrationStatus
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.testing import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SEATS = 18
REQUESTS = 60
CSRF = "a" * 32  # an unmasked CSRF secret: accepted when cookie and header agree


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises all writers, "
            "so the race and its control cannot be shown there"
        )


class _NoRedirect(HTTPErrorProcessor):
    def http_response(self, request, response):
        return response

    https_response = http_response


def _contenders(programme, count):
    """`count` associations, each with a logged-in representative: (session, person id)."""
    out = []
    for n in range(count):
        org = factories.OrganisationFactory(name=f"Verein Wettlauf {n}")
        person = factories.PersonFactory()
        factories.AffiliationFactory(person=person, organisation=org, role="chair")
        # No password hashing needed: the session is made directly.
        user = User.objects.create(
            username=f"race{n}", role=Role.REPRESENTATIVE, acting_for=org, person=person
        )
        client = Client()
        client.force_login(user)
        out.append((client.cookies["sessionid"].value, person.pk))
    return out


def _race(live_server, event, contenders) -> list[int]:
    url = f"{live_server.url}/veranstaltungen/{event.pk}/anmelden/"
    opener = build_opener(_NoRedirect)
    start = threading.Barrier(len(contenders))

    def register(contender):
        session, person_id = contender
        request = Request(  # noqa: S310 - the live server URL is http:// by construction
            url,
            data=urlencode({"person": person_id}).encode(),
            headers={
                "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            method="POST",
        )
        start.wait()
        # The test server's listen backlog is small: a connection refused before the request
        # was read is simply tried again (a duplicate would be refused as "already registered").
        for attempt in range(10):
            try:
                with opener.open(request, timeout=120) as response:
                    return response.status
            except HTTPError as exc:
                return exc.code
            except (ConnectionResetError, ConnectionRefusedError, RemoteDisconnected, URLError):
                time.sleep(0.05 * (attempt + 1))
        return 0

    with ThreadPoolExecutor(max_workers=len(contenders)) as pool:
        return list(pool.map(register, contenders))


def _counts(event):
    rows = event.registrations.all()
    return (
        rows.filter(status=RegistrationStatus.REGISTERED).count(),
        rows.filter(status=RegistrationStatus.WAITLISTED).count(),
    )


def test_simultaneous_registrations_never_overbook(live_server, programme):
    event = EventFactory(programme=programme, capacity=SEATS, audience="public")
    contenders = _contenders(programme, REQUESTS)
    statuses = _race(live_server, event, contenders)
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(302) == REQUESTS  # each request was answered with the event page
    registered, waitlisted = _counts(event)
    assert registered == SEATS
    assert waitlisted == REQUESTS - SEATS


def test_control_without_the_lock_the_race_overbooks(live_server, programme, monkeypatch):
    """The control: the same race with the lock switched off oversells the event."""
    monkeypatch.setattr(locking, "ENABLED", False)
    # Widen the gap between counting the seats and saving the row (half a second, longer than
    # the requests take to arrive even on a loaded CI machine), as a slow server would,
    # so the control shows the race on every run instead of only on a busy machine.
    from vereinsforum.events.models import Event

    counted = Event.seats_taken

    def slow_seats_taken(self, *args, **kwargs):
        taken = counted(self, *args, **kwargs)
        time.sleep(0.5)
        return taken

    monkeypatch.setattr(Event, "seats_taken", slow_seats_taken)
    event = EventFactory(programme=programme, capacity=SEATS, audience="public")
    contenders = _contenders(programme, REQUESTS)
    statuses = _race(live_server, event, contenders)
    assert all(status < 500 for status in statuses), statuses
    # Seats held (registered or offered) beyond the capacity: the oversold event.
    held = event.registrations.filter(status__in=SEAT_HOLDING).count()
    assert held > SEATS, "without the lock the race should have overbooked"
