# ruff: noqa: F811 - the fixtures of the needs and forum tests are imported by name
"""Every API operation × every role (and no token): the answer each gets.

The same policy as the pages, stated here as a table: coordinators and team members run
events; an interviewer reads and writes the interviews of the assigned association; a
representative acts for their association (`representative`) and nobody else's (`outsider`,
the representative of another association); without a token there is nothing (401).
Each request runs in a savepoint that is rolled back, so no request sees another's writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from vereinsforum.api.tests.conftest import ApiClient
from vereinsforum.api.tests.matrix_world import api_routes
from vereinsforum.events.models import Registration
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.forum.models import PollMethod
from vereinsforum.forum.tests.conftest import (  # noqa: F401 - fixtures
    body,
    make_poll,
    member,
    other_member,
)
from vereinsforum.guides.models import Visibility
from vereinsforum.guides.services import guide_create
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.needs import services as needs_services
from vereinsforum.needs.tests.conftest import version, wave  # noqa: F401 - fixtures
from vereinsforum.reports.tests.conftest import (  # noqa: F401 - fixtures
    city,
    committee,
    department,
    draft_report,
    report_fields,
)
from vereinsforum.testing import factories

ROLES = ("coordinator", "team_member", "interviewer", "representative", "outsider", "anonymous")


def expect(default: int, **roles: int) -> dict[str, int]:
    assert set(roles) <= set(ROLES)
    return {role: roles.get(role, default) for role in ROLES} | (
        {} if "anonymous" in roles else {"anonymous": 401}
    )


@dataclass(frozen=True)
class Op:
    method: str
    path: str  # formatted with the world's ids
    expected: dict[str, int]
    body: Any = None


OPS = {
    "organisation_list": Op("get", "/api/v1/organisations", expect(200)),
    "organisation_detail": Op("get", "/api/v1/organisations/{org}", expect(200, outsider=404)),
    "person_list": Op("get", "/api/v1/people", expect(200)),
    "person_detail": Op("get", "/api/v1/people/{person}", expect(200, outsider=404)),
    "event_list": Op("get", "/api/v1/events", expect(200)),
    "event_detail": Op("get", "/api/v1/events/{event}", expect(200)),
    "invitation_list": Op("get", "/api/v1/events/{event}/invitations", expect(200)),
    "registration_list": Op("get", "/api/v1/events/{event}/registrations", expect(200)),
    "registration_new": Op(
        "post",
        "/api/v1/events/{event}/registrations",
        expect(201, interviewer=403, outsider=403),
        {"person": "{other_person}", "organisation": "{org}"},
    ),
    "registration_detail": Op(
        "get", "/api/v1/registrations/{registration}", expect(200, interviewer=404, outsider=404)
    ),
    "registration_cancel_endpoint": Op(
        "post",
        "/api/v1/registrations/{registration}/cancel",
        expect(200, interviewer=404, outsider=404),
    ),
    "registration_check_in_endpoint": Op(
        "post",
        "/api/v1/registrations/{registration}/check-in",
        expect(403, coordinator=200, team_member=200),
    ),
    "wave_list": Op("get", "/api/v1/needs/waves", expect(200)),
    "wave_aggregates": Op("get", "/api/v1/needs/waves/{wave}/aggregates", expect(200)),
    "interview_list": Op("get", "/api/v1/needs/interviews", expect(200)),
    "interview_detail": Op(
        "get", "/api/v1/needs/interviews/{interview}", expect(200, team_member=404, outsider=404)
    ),
    "interview_new": Op(
        "post",
        "/api/v1/needs/waves/{new_wave}/interviews",
        expect(201, team_member=403, representative=403, outsider=404),
        {"organisation": "{org}", "mode": "interview"},
    ),
    "interview_update": Op(
        "patch",
        "/api/v1/needs/interviews/{interview}",
        expect(200, team_member=404, representative=403, outsider=404),
        {"members": 12},
    ),
    "interview_submit": Op(
        "post",
        "/api/v1/needs/interviews/{interview}/submit",
        # Allowed, but the answers are missing: the service's 422.
        expect(422, team_member=404, representative=403, outsider=404),
    ),
    "poll_list": Op("get", "/api/v1/polls", expect(200, interviewer=403)),
    "poll_detail": Op("get", "/api/v1/polls/{poll}", expect(200, interviewer=403)),
    "poll_results": Op("get", "/api/v1/polls/{poll}/results", expect(200, interviewer=403)),
    "ballot_new": Op(
        "post",
        "/api/v1/polls/{poll}/ballots",
        expect(403, representative=201, outsider=201),
        {"choices": {"{option}": True}},
    ),
    # Measures: staff and the associations; the responsible association reads its own.
    "measure_list": Op("get", "/api/v1/measures", expect(200, interviewer=403)),
    # A draft guide: staff only (the library lists what each may read).
    "guide_list": Op("get", "/api/v1/guides", expect(200)),
    "guide_detail": Op(
        "get",
        "/api/v1/guides/{guide}",
        expect(404, coordinator=200, team_member=200),
    ),
    "guide_pdf": Op(
        "get",
        "/api/v1/guides/{guide}/pdf",
        expect(404, coordinator=200, team_member=200),
    ),
    "measure_detail": Op(
        "get", "/api/v1/measures/{measure}", expect(200, interviewer=403, outsider=404)
    ),
    # Reports: staff read drafts (and render them); everybody else the published ones only.
    "report_list": Op("get", "/api/v1/reports", expect(200)),
    "report_detail": Op(
        "get", "/api/v1/reports/{report}", expect(404, coordinator=200, team_member=200)
    ),
    "report_file": Op(
        "get", "/api/v1/reports/{report}/files/docx", expect(404, coordinator=200, team_member=200)
    ),
}


def test_the_table_covers_every_operation():
    names = {name.split(":", 1)[1] for name in api_routes()}
    assert names - {"openapi-json", "openapi-view", "api-root"} == set(OPS)


@pytest.fixture
def ids(
    programme,
    association,
    representative,
    outsider,
    interviewer,
    coordinator,
    wave,
    version,
    make_poll,
    member,
    other_member,
    draft_report,
):
    event = EventFactory(programme=programme, capacity=10)
    person = factories.PersonFactory()
    factories.AffiliationFactory(person=person, organisation=association, role="member")
    other_person = factories.PersonFactory()
    factories.AffiliationFactory(person=other_person, organisation=association, role="member")
    registration = Registration.objects.create(
        event=event, organisation=association, person=person, status="registered"
    )
    interview = needs_services.interview_start(
        actor=interviewer, wave=wave, organisation=association, mode="interview"
    )
    new_wave = needs_services.wave_create(
        actor=coordinator,
        programme=programme,
        title="Folgebefragung 2008",
        period_start=date(2008, 6, 1),
        period_end=date(2008, 8, 31),
        instrument=version,
    )
    poll = make_poll(PollMethod.APPROVAL, secret=True)
    measure = Measure.objects.create(
        programme=programme,
        kind=MeasureKind.WORKSHOP,
        title="Raumbörse",
        status=MeasureStatus.PLANNED,
        responsible_organisation=association,
    )
    guide = guide_create(
        actor=coordinator,
        programme=programme,
        title="Leitfaden Raumsuche",
        summary="",
        visibility=Visibility.MEMBERS,
        measure=None,
        working_group=None,
        fields=[],
    )
    return {
        "report": draft_report.pk,
        "measure": measure.pk,
        "guide": guide.pk,
        "org": association.pk,
        "person": person.pk,
        "other_person": other_person.pk,
        "event": event.pk,
        "registration": registration.pk,
        "wave": wave.pk,
        "new_wave": new_wave.pk,
        "interview": interview.pk,
        "poll": poll.pk,
        "option": str(poll.options.first().pk),
    }


def _fill(value: Any, ids: dict) -> Any:
    if isinstance(value, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        found = ids[value[1:-1]]
        return found
    return value


@pytest.mark.parametrize("name", sorted(OPS))
def test_each_role_gets_its_answer(
    name, ids, coordinator, team_member, interviewer, representative, outsider, token_for
):
    op = OPS[name]
    users = {
        "coordinator": coordinator,
        "team_member": team_member,
        "interviewer": interviewer,
        "representative": representative,
        "outsider": outsider,
        "anonymous": None,
    }
    clients = {role: ApiClient(token_for(u) if u else None) for role, u in users.items()}
    path = op.path.format(**ids)
    data = _fill(op.body, ids)
    problems = []
    for role in ROLES:
        with transaction.atomic():
            response = getattr(clients[role], op.method)(path, data)
            transaction.set_rollback(True)
        if response.status_code != op.expected[role]:
            problems.append(f"{role}: expected {op.expected[role]}, got {response.status_code}")
        if response.status_code >= 400:
            assert response["Content-Type"].startswith("application/problem+json")
    assert not problems, problems
