"""The audit log page: coordinators only, with filters that keep to each other."""

import pytest
from django.urls import reverse

from vereinsforum.audit.services import audit_record
from vereinsforum.lib.actors import TEST, SystemActor
from vereinsforum.organisations.changes import OrganisationFields
from vereinsforum.organisations.services import organisation_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(coordinator, team_member, association, other_association, programme):
    organisation_update(
        actor=coordinator, organisation=association, changes=OrganisationFields(member_count=12)
    )
    # Team members may not edit organisations (the service refuses them): an entry as another
    # service would have written it.
    audit_record(
        actor=team_member,
        action="organisation.update",
        target=other_association,
        changes={"phone": ["", "1"]},
    )
    audit_record(actor=SystemActor("load_demo"), action="programme.create", target=programme)


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
        audit_record(actor=SystemActor("load_demo"), action="bulk.write", target=programme)
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


# ---- channel, period, legacy names, export ------------------------------------------------


@pytest.fixture
def varied(coordinator, programme, association):
    """Entries through three channels, under an old and a new code of one action."""
    from vereinsforum.audit.context import Channel, channel

    with channel(Channel.PAGE, "organisations:edit"):
        audit_record(actor=coordinator, action="forum.poll_create", target=programme)
    with channel(Channel.API, "7:vf_abcd1234"):
        audit_record(actor=coordinator, action="poll.create", target=programme)
    with channel(Channel.COMMAND, "load_demo"):
        audit_record(
            actor=SystemActor("load_demo"), action="organisation.update", target=association
        )


def test_filter_by_channel(client, coordinator, varied):
    client.force_login(coordinator)
    got = {
        kind: [e.action for e in rows(client.get(reverse("audit:log"), {"channel": kind}))]
        for kind in ("page", "api", "command", "system")
    }
    assert got == {
        "page": ["forum.poll_create"],
        "api": ["poll.create"],
        "command": ["organisation.update"],
        "system": [],
    }
    html = client.get(reverse("audit:log"), {"channel": "api"}).content.decode()
    assert "7:vf_abcd1234" in html


def test_an_old_and_a_new_code_of_one_action_are_one_choice_and_one_filter(
    client, coordinator, varied
):
    client.force_login(coordinator)
    response = client.get(reverse("audit:log"))
    values = [value for value, _label in response.context["actions"]]
    assert values.count("poll.create") == 1 and "forum.poll_create" not in values
    entries = rows(client.get(reverse("audit:log"), {"action": "poll.create"}))
    assert sorted(e.action for e in entries) == ["forum.poll_create", "poll.create"]
    entries = rows(client.get(reverse("audit:log"), {"action": "poll"}))
    assert len(entries) == 2


def test_filter_by_period(client, coordinator, programme):
    from datetime import date, timedelta

    from django.utils import timezone

    client.force_login(coordinator)
    audit_record(actor=TEST, action="programme.update", target=programme)
    today = timezone.localdate()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    count = lambda **p: len(rows(client.get(reverse("audit:log"), p)))  # noqa: E731
    assert count(start=today.isoformat(), end=today.isoformat()) == 1
    assert count(start=tomorrow.isoformat()) == 0
    assert count(end=yesterday.isoformat()) == 0
    assert count(start=date(2007, 1, 1).isoformat()) == 1
    # An end before the start is an error shown at the field; nothing is filtered by it.
    response = client.get(
        reverse("audit:log"), {"start": today.isoformat(), "end": yesterday.isoformat()}
    )
    assert "end" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_export_csv_and_xlsx_with_readable_labels_and_the_filters(client, coordinator, varied):
    import csv
    import io

    from openpyxl import load_workbook

    client.force_login(coordinator)
    response = client.get(reverse("audit:export", args=["csv"]), {"channel": "api"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="audit-log.csv"' in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == 2  # header and the one API entry
    _header, row = table
    assert row[2] in {"API token", "API-Token"}  # the label, in the page's language
    assert row[3] == "7:vf_abcd1234"
    assert row[5] == "poll.create"
    response = client.get(reverse("audit:export", args=["xlsx"]), {"action": "poll.create"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3
    assert {r[5] for r in values[1:]} == {"poll.create"}
    assert {r[3] for r in values[1:]} == {"organisations:edit", "7:vf_abcd1234"}
    assert client.get(reverse("audit:export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize(
    "role", ["team_member", "interviewer", "representative", "service_provider"]
)
def test_other_roles_may_not_export(client, users_by_role, role, log):
    client.force_login(users_by_role[role])
    assert client.get(reverse("audit:export", args=["csv"])).status_code == 403


def test_an_outsider_and_the_public_are_refused(client, outsider, log):
    for name in ("audit:log",):
        assert client.get(reverse(name)).status_code == 302  # to the login
    assert client.get(reverse("audit:export", args=["csv"])).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("audit:log")).status_code == 403
    assert client.get(reverse("audit:export", args=["xlsx"])).status_code == 403
