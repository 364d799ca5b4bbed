"""The audit entries that the demo leaves: every one written through the command channel
by `load_demo`, the workflow of a registration (registered → checked in) and of a forum
poll (created → ballots → closed) readable on the log page, and not one name or e-mail
address of a demo person in any entry (dumped as JSON and searched)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import Registration
from vereinsforum.organisations.models import Person

pytestmark = pytest.mark.django_db


def test_the_entries_of_the_demo(client, coordinator):
    call_command("load_demo", stdout=io.StringIO())
    entries = AuditEntry.objects.all()
    total = entries.count()
    assert total > 500
    # Every write of the demo came through the command, whoever it acted as.
    assert entries.filter(channel="command", channel_detail="load_demo").count() == total

    # A registration's workflow: registered, then checked in, on the same target.
    attended = Registration.objects.filter(status="attended", checked_in_at__isnull=False)
    registration = attended.order_by("pk").first()
    trail = list(
        AuditEntry.objects.for_target(registration)
        .order_by("pk")
        .values_list("action", "target_repr", "changes")
    )
    assert trail[0] == (
        "registration.create",
        f"Registration #{registration.pk}",
        {"status": [None, "registered"], "source": [None, "self"]},
    )
    assert (
        "registration.check_in",
        f"Registration #{registration.pk}",
        {"status": ["registered", "attended"]},
    ) in trail
    # Each check-in of the demo has its entry (brute force over the registrations).
    checked_in = {
        str(pk)
        for pk in Registration.objects.filter(checked_in_at__isnull=False).values_list(
            "pk", flat=True
        )
    }
    logged = set(
        AuditEntry.objects.filter(action="registration.check_in").values_list(
            "target_id", flat=True
        )
    )
    assert checked_in <= logged

    # The forum poll: created, ballots cast, closed and counted.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"poll.create", "ballot.cast", "poll.close"} <= actions

    # No demo person's name or address anywhere in the log.
    dump = json.dumps(list(AuditEntry.objects.values()), default=str, ensure_ascii=False)
    people = Person.objects.exclude(last_name="")
    assert people.count() > 50
    for first, last, email in people.values_list("first_name", "last_name", "email"):
        assert f"{first} {last}" not in dump
        if email:
            assert email not in dump

    # The log page: the check-ins of the demo under today's name of the action, by channel.
    client.force_login(coordinator)
    page = client.get(
        reverse("audit:log"), {"action": "registration.check_in", "channel": "command"}
    )
    assert page.context["page"].paginator.count == len(logged)
    html = page.content.decode()
    assert "load_demo" in html
    # Old forum codes are found under their entity today: "poll" holds forum.poll_*.
    polls = client.get(reverse("audit:log"), {"action": "poll"}).context["page"].paginator
    assert (
        polls.count
        == AuditEntry.objects.filter(
            action__in=["poll.create", "poll.close", "poll.tie_draw"]
        ).count()
    )
