"""The audit log page: coordinators only, with filters that keep to each other."""

import pytest
from django.urls import reverse

from vereinsforum.audit.services import audit_record
from vereinsforum.organisations.services import organisation_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(coordinator, team_member, association, other_association, programme):
    organisation_update(actor=coordinator, organisation=association, data={"member_count": 12})
    organisation_update(actor=team_member, organisation=other_association, data={"phone": "1"})
    audit_record(actor="load_demo", action="programme.create", target=programme)


def rows(response):
    return list(response.context["page"].object_list)


def test_coordinator_sees_every_entry(client, coordinator, log):
    client.force_login(coordinator)
    response = client.get(reverse("audit:log"))
    assert len(rows(response)) == 3
    # The changed field by its name, not its code (test_readable_log.py).
    assert "Mitglieder" in response.content.decode()


def test_filter_by_actor_uses_the_current_username(client, coordinator, log):
    client.force_login(coordinator)
    entries = rows(client.get(reverse("audit:log"), {"actor": "team_mem"}))
    assert [e.actor_name for e in entries] == ["team_member"]
    entries = rows(client.get(reverse("audit:log"), {"actor": "load_demo"}))
    assert [e.action for e in entries] == ["programme.create"]


def test_filter_by_action_prefix_type_and_object(client, coordinator, log, association):
    client.force_login(coordinator)
    entries = rows(client.get(reverse("audit:log"), {"action": "organisation."}))
    assert {e.action for e in entries} == {"organisation.update"}
    entries = rows(client.get(reverse("audit:log"), {"target_type": "programmes.programme"}))
    assert [e.action for e in entries] == ["programme.create"]
    entries = rows(
        client.get(
            reverse("audit:log"),
            {"target_type": "organisations.organisation", "target_id": association.pk},
        )
    )
    assert [e.target_id for e in entries] == [str(association.pk)]


def test_object_types_are_offered_by_their_names(client, coordinator, log):
    client.force_login(coordinator)
    response = client.get(reverse("audit:log"))
    types = dict(response.context["types"])
    assert types["organisations.organisation"] == "Organisation"


def test_pagination_keeps_the_filters(client, coordinator, programme):
    for _ in range(55):
        audit_record(actor="load_demo", action="bulk.write", target=programme)
    client.force_login(coordinator)
    response = client.get(reverse("audit:log"), {"action": "bulk"})
    html = response.content.decode()
    assert "action=bulk&amp;page=2" in html
    second = client.get(reverse("audit:log"), {"action": "bulk", "page": 2})
    assert len(rows(second)) == 5


@pytest.mark.parametrize(
    "role", ["team_member", "interviewer", "representative", "service_provider"]
)
def test_other_roles_are_refused(client, users_by_role, role, log):
    client.force_login(users_by_role[role])
    assert client.get(reverse("audit:log")).status_code == 403
