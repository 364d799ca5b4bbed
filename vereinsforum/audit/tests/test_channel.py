"""Every entry says by which channel its write came: a page (with the view's name), an API
token (its id and public prefix, never the secret), a management command (its name), or the
system (anything else)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from vereinsforum.api.models import ApiToken
from vereinsforum.api.tests.conftest import ApiClient
from vereinsforum.audit.context import Channel, channel, current
from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import audit_record
from vereinsforum.events.models import Registration
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST, SystemActor
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def test_outside_requests_and_commands_it_is_the_system(programme):
    entry = audit_record(actor=TEST, action="programme.update", target=programme)
    assert (entry.channel, entry.channel_detail) == ("system", "")


def test_a_channel_block_applies_inside_and_is_undone_after(programme):
    with channel(Channel.COMMAND, "outer"):
        with channel(Channel.PAGE, "inner"):
            assert current() == ("page", "inner")
        entry = audit_record(actor=TEST, action="programme.update", target=programme)
    assert (entry.channel, entry.channel_detail) == ("command", "outer")
    assert current() == ("system", "")


class _Writes(BaseCommand):
    def handle(self, *args, **options):
        from vereinsforum.programmes.models import Programme

        audit_record(
            actor=SystemActor("writer"), action="programme.update", target=Programme.objects.get()
        )


def test_a_management_command_is_recorded_by_its_name(programme):
    call_command(_Writes())
    entry = AuditEntry.objects.get(action="programme.update")
    # The command's name is its module's: this test module defines the command.
    assert (entry.channel, entry.channel_detail) == ("command", "test_channel")
    assert current() == ("system", "")  # the hook undid its channel


def test_a_registration_journey_through_page_api_and_command(
    client, programme, representative, team_member, association
):
    """A token made on a page, a registration by that token, the check-in on the staff page,
    the attendance closed by a command: each entry names its channel."""
    delegate = factories.PersonFactory(first_name="Zyxwvu", last_name="Quorblat")
    factories.AffiliationFactory(person=delegate, organisation=association, role="delegate")
    start = timezone.now() + timedelta(hours=1)
    event = EventFactory(programme=programme, start=start, end=start + timedelta(hours=2))

    client.force_login(representative)
    data = {"name": "journey", "expires": timezone.localdate() + timedelta(days=7)}
    page = client.post("/api/tokens/", data).content.decode()
    secret = page.split('id="token-secret">', 1)[1].split("</code>", 1)[0]
    token = ApiToken.objects.get(user=representative)

    created = ApiClient(secret).post(
        f"/api/v1/events/{event.pk}/registrations", {"person": delegate.pk}
    )
    assert created.status_code == 201, created.content
    registration = Registration.objects.get(pk=created.json()["id"])

    client.force_login(team_member)
    client.post(f"/veranstaltungen/{event.pk}/einlass/code/", {"code": registration.code})
    registration.refresh_from_db()
    assert registration.status == "attended"

    rows = list(
        AuditEntry.objects.order_by("pk").values_list(
            "action", "actor_label", "channel", "channel_detail", "target_repr"
        )
    )
    assert rows == [
        (
            "api_token.create",
            f"user:{representative.pk}",
            "page",
            "api:tokens",
            f"API token #{token.pk}",
        ),
        (
            "registration.create",
            f"user:{representative.pk}",
            "api",
            f"{token.pk}:{token.prefix}",
            f"Registration #{registration.pk}",
        ),
        (
            "registration.check_in",
            f"user:{team_member.pk}",
            "page",
            "events:checkin_code",
            f"Registration #{registration.pk}",
        ),
    ]
    dump = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert secret not in dump and secret.split("_")[-1] not in dump
    assert "Quorblat" not in dump and "Zyxwvu" not in dump
