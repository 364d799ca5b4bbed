"""The query plans of the lists' filters and orderings on the bench database, as PostgreSQL
runs them (`EXPLAIN (ANALYZE, FORMAT JSON)`), for `bench/test_plans.py`.

Each entry is a query as the code builds it, with the table it reads. The answer names, per
query, the table's rows, the scans the plan uses (index or sequential, on which table), and
the execution time. A sequential scan of a table of a few thousand rows can be the right
plan; of a table of tens of thousands that a list pages through, it is a missing index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def _queries() -> dict[str, tuple[str, Callable[[], Any]]]:
    """name → (table read, a function returning the queryset)."""
    from django.utils import timezone

    from vereinsforum.audit.models import AuditEntry
    from vereinsforum.events.models import (
        Event,
        Invitation,
        MailStatus,
        OutboxMessage,
        Registration,
    )
    from vereinsforum.forum.models import Voter
    from vereinsforum.needs.models import Interview, Wave
    from vereinsforum.organisations.models import Organisation, Person
    from vereinsforum.programmes.models import Programme

    now = timezone.now()
    programme = Programme.objects.order_by("pk").first()
    busiest = Registration.objects.values("event").order_by().first() or {"event": 0}
    wave = Wave.objects.order_by("pk").first()
    poll_voter = Voter.objects.order_by("-pk").first()
    organisation = Organisation.objects.filter(name="Anadolu e.V.").first()
    return {
        "failed messages (dashboard)": (
            "events_outboxmessage",
            lambda: OutboxMessage.objects.filter(status=MailStatus.FAILED).order_by(),
        ),
        "due messages (outbox sender)": (
            "events_outboxmessage",
            lambda: OutboxMessage.objects.due(now).values_list("pk", flat=True),
        ),
        "a programme's events by start": (
            "events_event",
            lambda: Event.objects.filter(programme=programme).order_by("start", "pk")[:50],
        ),
        "an event's registrations": (
            "events_registration",
            lambda: Registration.objects.filter(event_id=busiest["event"]),
        ),
        "an association's invitations": (
            "events_invitation",
            lambda: Invitation.objects.filter(organisation=organisation),
        ),
        "the person list, by name": (
            "organisations_person",
            lambda: Person.objects.order_by("last_name", "first_name", "pk")[:50],
        ),
        "the organisation list, by name": (
            "organisations_organisation",
            lambda: Organisation.objects.filter(kind="association").order_by("name", "pk")[:20],
        ),
        "a wave's interviews": (
            "needs_interview",
            lambda: Interview.objects.filter(wave=wave),
        ),
        "a poll's voters": (
            "forum_voter",
            lambda: Voter.objects.filter(poll_id=poll_voter.poll_id if poll_voter else 0),
        ),
        "the audit log, newest first": (
            "audit_auditentry",
            lambda: AuditEntry.objects.order_by("-at", "-id")[:50],
        ),
    }


def _scans(node: dict[str, Any], found: list[dict[str, Any]]) -> None:
    kind = node.get("Node Type", "")
    if "Scan" in kind and node.get("Relation Name"):
        found.append(
            {"scan": kind, "table": node["Relation Name"], "index": node.get("Index Name", "")}
        )
    for child in node.get("Plans", []):
        _scans(child, found)


def plans() -> dict[str, Any]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return {"vendor": connection.vendor, "plans": {}}
    out: dict[str, Any] = {"vendor": connection.vendor, "plans": {}}
    with connection.cursor() as cursor:
        for name, (table, build) in _queries().items():
            sql, params = build().query.sql_with_params()
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            scans: list[dict[str, Any]] = []
            _scans(plan["Plan"], scans)
            table_name = connection.ops.quote_name(table)  # one of the constants above
            cursor.execute(f"SELECT count(*) FROM {table_name}")  # noqa: S608
            out["plans"][name] = {
                "table": table,
                "rows": cursor.fetchone()[0],
                "scans": scans,
                "ms": plan["Execution Time"],
            }
    return out
