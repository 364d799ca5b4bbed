# ruff: noqa: F811 - the fixtures of the needs and forum tests are imported by name
"""schemathesis against the OpenAPI description, in-process (WSGI): for every operation a
bounded number of generated requests with a coordinator's token (who may do most), on a small
world like the demo (an association with members, an event with registrations, a wave with
MIN_GROUP interviews, an open secret poll).

Checked: no 5xx, every status code and content type is documented, every body conforms to
its schema (problem details included). One test per operation, driven through hypothesis
directly (schemathesis's pytest loader does not run under pytest 9 yet).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from vereinsforum.api.api import api
from vereinsforum.events.models import Registration
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.forum.models import PollMethod
from vereinsforum.forum.tests.conftest import body, make_poll, member  # noqa: F401 - fixtures
from vereinsforum.needs.models import MIN_GROUP
from vereinsforum.needs.tests.conftest import fill, version, wave  # noqa: F401 - fixtures
from vereinsforum.testing import factories

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 10

OPERATIONS = [
    (path, method.upper())
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method in methods
]


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request (request_finished);
    on PostgreSQL that would end the test's transaction. Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(programme, association, representative, wave, make_poll, member, coordinator):
    event = EventFactory(programme=programme, capacity=3)
    for _ in range(2):
        person = factories.PersonFactory()
        factories.AffiliationFactory(person=person, organisation=association, role="member")
        Registration.objects.create(
            event=event, organisation=association, person=person, status="registered"
        )
    fields = wave.instrument.ordered_fields().count()
    fill(wave, [[(i + j) % 5 + 1 for j in range(fields)] for i in range(MIN_GROUP)])
    make_poll(PollMethod.APPROVAL, secret=True)
    return event


def test_every_operation_is_covered():
    assert len(OPERATIONS) >= 20
    assert ("/api/v1/events/{pk}/registrations", "POST") in OPERATIONS


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_conforms_to_its_schema(
    path, method, world, coordinator, token_for, settings, keep_connection
):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]  # schemathesis's WSGI requests
    settings.API_RATE_LIMIT = (10_000, 60)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operation = schema[path][method]
    headers = {"Authorization": f"Bearer {token_for(coordinator)}", "Accept-Language": "en"}

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
