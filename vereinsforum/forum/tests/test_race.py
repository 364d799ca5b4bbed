"""Simultaneous ballots for one association, over HTTP against the live server.

The delegate and the deputy press “cast” on several devices at the same moment. Exactly one
ballot must remain and no request may fail with a 5xx. PostgreSQL only: it runs the
transactions truly side by side; SQLite serialises every writer, so the race cannot happen
there (and its live server would answer "database is locked" instead).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from urllib.parse import urlencode
from urllib.request import HTTPErrorProcessor, Request, build_opener

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from vereinsforum.accounts.models import Role, User
from vereinsforum.forum.models import Ballot, PollMethod, Voter
from vereinsforum.forum.services import bodies, polls
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CSRF = "b" * 32  # an unmasked CSRF secret: accepted when cookie and header agree
DEVICES = 12


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises all writers, "
            "so simultaneous ballots cannot race there"
        )


class _NoRedirect(HTTPErrorProcessor):
    def http_response(self, request, response):
        return response

    https_response = http_response


def _setup(changeable: bool):
    programme = factories.ProgrammeFactory()
    org = factories.OrganisationFactory(name="Anadolu e.V.")
    delegate = factories.AffiliationFactory(organisation=org, role="chair").person
    deputy = factories.AffiliationFactory(organisation=org, role="treasurer").person
    body = bodies.body_create(actor=TEST, programme=programme, name="Forum")
    bodies.membership_add(
        actor=TEST,
        body=body,
        organisation=org,
        start=date(2007, 5, 31),
        delegate=delegate,
        deputy=deputy,
    )
    now = timezone.now()
    poll = polls.poll_create(
        actor=TEST,
        body=body,
        title="Priorisierung",
        method=PollMethod.SCHULZE,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=1),
        secret=not changeable,
        changeable=changeable,
    )
    sessions = []
    for n, person in enumerate([delegate, deputy]):
        user = User.objects.create(
            username=f"vote{n}", role=Role.REPRESENTATIVE, acting_for=org, person=person
        )
        for _device in range(DEVICES // 2):
            client = Client()
            client.force_login(user)
            sessions.append(client.cookies["sessionid"].value)
    return poll, org, sessions


def _race(live_server, poll, sessions) -> list[tuple[int, str]]:
    """(HTTP status, option ranked first) of every device's cast."""
    url = f"{live_server.url}/forum/abstimmungen/{poll.pk}/"
    options = list(poll.options.all())
    opener = build_opener(_NoRedirect)
    start = threading.Barrier(len(sessions))

    def cast(index_and_session):
        index, session = index_and_session
        # Each device ranks a different option first, so "the last one counts" is visible.
        first = options[index % len(options)]
        request = Request(  # noqa: S310 - the live server URL is http:// by construction
            url,
            data=urlencode({f"option_{first.pk}": 1}).encode(),
            headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF},
            method="POST",
        )
        start.wait(timeout=30)
        with opener.open(request, timeout=60) as response:
            return response.status, str(first.pk)

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        return list(pool.map(cast, enumerate(sessions)))


def test_simultaneous_ballots_leave_exactly_one_and_no_5xx(live_server):
    poll, org, sessions = _setup(changeable=False)
    results = _race(live_server, poll, sessions)
    statuses = [status for status, _first in results]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(302) == 1, statuses  # one ballot accepted …
    assert statuses.count(400) == len(sessions) - 1  # … the others told it is already cast
    assert Voter.objects.filter(poll=poll, organisation=org).count() == 1
    # … and the ballot that remains is the accepted device's, not one of the refused ones.
    (accepted_first,) = [first for status, first in results if status == 302]
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.choices["ranking"] == [[accepted_first]], ballot.choices


def test_simultaneous_changes_keep_one_ballot_the_last(live_server):
    poll, org, sessions = _setup(changeable=True)  # open poll: the ballot names the association
    results = _race(live_server, poll, sessions)
    assert all(status == 302 for status, _first in results), results
    assert Voter.objects.filter(poll=poll, organisation=org).count() == 1
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.organisation == org
    # One device's ballot whole, not a mixture: its one option ranked first.
    assert ballot.choices["ranking"] in [[[first]] for _status, first in results]
