"""The retention purge on the demo: a dry run changes nothing; with a short period for one
category only that category goes; with short periods for all, each removes exactly what a
brute-force count says is due. The funnel, attendance and the needs aggregates are the same
before and after, and a second run finds nothing left."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from vereinsforum.accounts.models import Role
from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import (
    Invitation,
    MailKind,
    MailStatus,
    OutboxMessage,
    Registration,
)
from vereinsforum.events.summary import events_summary
from vereinsforum.needs.models import FieldAnswer, Interview
from vereinsforum.oparl.models import PublicationBasis
from vereinsforum.organisations.models import Affiliation, OrganisationKind, Person
from vereinsforum.privacy import retention
from vereinsforum.privacy.models import PurgeRun
from vereinsforum.programmes.models import ParticipationStep, Programme, TeamMember

pytestmark = pytest.mark.django_db

NEVER = 100_000  # days: nothing expires
SHORT = 30


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=OutputWrapper(StringIO()))
    return Programme.objects.get(slug="mehr-ps")


def _configure(settings, **days):
    settings.OUTBOX_RETENTION_DAYS = days.pop("outbox", NEVER)
    settings.PRIVACY_RETENTION_DAYS = {
        c.key: days.get(c.key, NEVER) for c in retention.CATEGORIES if c.key != "outbox"
    }


def _figures(programme) -> dict:
    """What the reports count: the funnel, the events summary, and per event the seats by
    status, attendance, distinct people and associations; the needs scores."""
    per_event = {}
    for event_id in Registration.objects.values_list("event_id", flat=True).distinct():
        rows = Registration.objects.filter(event_id=event_id)
        per_event[event_id] = (
            Counter(rows.values_list("status", flat=True)),
            rows.filter(checked_in_at__isnull=False).count(),
            rows.values("person").distinct().count(),
            rows.values("organisation").distinct().count(),
        )
    summary = events_summary(programme)
    return {
        "funnel": programme.funnel(),
        "summary": repr(summary),
        "per_event": per_event,
        "answers": sorted(FieldAnswer.objects.values_list("pk", "competence", "need", "willing")),
        "interviews": Interview.objects.count(),
        "associations": sorted(
            Affiliation.objects.values_list("organisation_id", "role", "start", "end")
        ),
    }


def _state() -> dict:
    """A fingerprint of every category's data, to tell which ones a purge touched."""
    return {
        "inactive_contacts": sorted(Person.objects.active().values_list("pk", "email")),
        "outbox": sorted(OutboxMessage.objects.values_list("pk", flat=True)),
        "registrations": sorted(Registration.objects.values_list("pk", "person_id")),
        "interview_free_text": sorted(
            [*FieldAnswer.objects.values_list("pk", "comment")]
            + [(-i, t) for i, t in Interview.objects.values_list("pk", "return_reason")]
        ),
        "audit_personal_refs": sorted(
            AuditEntry.objects.values_list("pk", "actor_id", "actor_label", "target_id")
        ),
    }


def _due_by_brute_force(now) -> dict[str, set]:
    """What each category's rule says is due, counted row by row in Python."""
    due: dict[str, set] = {}
    since = {
        c.key: now - timedelta(days=retention.retention_days(c.key)) for c in retention.CATEGORIES
    }

    s = since["inactive_contacts"]
    day = s.date()
    active = set()
    for r in Registration.objects.select_related("event"):
        if r.event.end >= s:
            active.add(r.organisation_id)
    for i in Invitation.objects.select_related("event"):
        if i.event.end >= s:
            active.add(i.organisation_id)
    for p in ParticipationStep.objects.select_related("participation"):
        if p.date >= day:
            active.add(p.participation.organisation_id)
    for i in Interview.objects.select_related("wave"):
        if i.wave.period_end >= day:
            active.add(i.organisation_id)
    for a in Affiliation.objects.all():
        if a.start and a.start >= day:
            active.add(a.organisation_id)
    team = set(TeamMember.objects.values_list("person_id", flat=True))
    published = set(PublicationBasis.objects.alive().values_list("person_id", flat=True))
    contacts = set()
    for person in Person.objects.all():
        affiliations = list(person.affiliations.select_related("organisation"))
        if (
            person.pseudonymised_at
            or not affiliations
            or person.pk in team
            or person.pk in published
        ):
            continue
        account = getattr(person, "account", None)
        if account is not None and account.role in (
            Role.COORDINATOR,
            Role.TEAM_MEMBER,
            Role.INTERVIEWER,
        ):
            continue
        if any(r.event.end >= s for r in person.event_registrations.select_related("event")):
            continue
        live = [
            a
            for a in affiliations
            if not (a.end and a.end < day)
            and not (
                a.organisation.kind == OrganisationKind.ASSOCIATION
                and a.organisation_id not in active
            )
        ]
        if not live:
            contacts.add(person.pk)
    due["inactive_contacts"] = contacts

    s = since["outbox"]
    due["outbox"] = {
        m.pk
        for m in OutboxMessage.objects.all()
        if (m.status == "sent" and m.sent_at and m.sent_at < s)
        or (m.status == "failed" and m.next_attempt_at < s)
    }
    s = since["registrations"]
    due["registrations"] = {
        r.pk
        for r in Registration.objects.select_related("event", "person")
        if r.event.end < s and r.person.pseudonymised_at is None
    }
    day = since["interview_free_text"].date()
    due["interview_free_text"] = {
        ("answer", a.pk)
        for a in FieldAnswer.objects.select_related("interview__wave")
        if a.comment and a.interview.wave.period_end < day
    } | {
        ("interview", i.pk)
        for i in Interview.objects.select_related("wave")
        if i.return_reason and i.wave.period_end < day
    }
    s = since["audit_personal_refs"]
    due["audit_personal_refs"] = {
        e.pk
        for e in AuditEntry.objects.all()
        if e.at < s
        and (
            e.actor_id is not None
            or e.actor_label.startswith("user:")
            or (e.target_type in retention.PERSONAL_TARGETS and e.target_id)
        )
    }
    return due


def test_the_purge_on_the_demo(demo, settings):
    figures = _figures(demo)
    state = _state()

    # A dry run with everything short counts and changes nothing.
    _configure(settings, **{c.key: 0 for c in retention.CATEGORIES})
    out = StringIO()
    call_command("privacy_purge", "--dry-run", stdout=out)
    assert "Dry run: nothing was removed." in out.getvalue()
    assert _state() == state
    assert not PurgeRun.objects.exists()
    assert not AuditEntry.objects.filter(action="retention.purge").exists()

    # Only registrations are short: only they go.
    with transaction.atomic():
        _configure(settings, registrations=SHORT)
        due = _due_by_brute_force(timezone.now())
        assert due["registrations"], "the demo has registrations of 2007/08"
        result = retention.retention_purge()
        assert result.counts == {
            "inactive_contacts": 0,
            "outbox": 0,
            "registrations": len(due["registrations"]),
            "interview_free_text": 0,
            "audit_personal_refs": 0,
        }
        after = _state()
        # The purge's own entry is new; the entries that were there are compared.
        known = {row[0] for row in state["audit_personal_refs"]}
        after["audit_personal_refs"] = [r for r in after["audit_personal_refs"] if r[0] in known]
        for key in state:
            assert (after[key] == state[key]) == (key != "registrations"), key
        assert _figures(demo) == figures
        # Each expired registration now points at a pseudonym, one per former person.
        moved = Registration.objects.filter(pk__in=due["registrations"]).select_related("person")
        assert all(r.person.pseudonymised_at is not None for r in moved)
        assert all(r.registered_by_id is None for r in moved)
        transaction.set_rollback(True)

    # Everything short: each category removes exactly what is due.
    _configure(
        settings,
        **{c.key: SHORT for c in retention.CATEGORIES if c.key != "audit_personal_refs"},
        audit_personal_refs=0,
    )
    now = timezone.now()
    # The demo sends no mail; two messages, one past the period and one within it.
    for days in (SHORT + 5, SHORT - 5):
        OutboxMessage.objects.create(
            kind=MailKind.REMINDER,
            to_email="vorstand@example.org",
            language="de",
            subject="Erinnerung",
            body_text="Bis morgen.",
            status=MailStatus.SENT,
            sent_at=now - timedelta(days=days),
        )
    due = _due_by_brute_force(now)
    assert len(due["outbox"]) == 1
    assert due["inactive_contacts"] and due["audit_personal_refs"] and due["interview_free_text"]
    # The contacts go first; their registrations then point at an erased person already.
    of_erased = set(
        Registration.objects.filter(person__in=due["inactive_contacts"]).values_list(
            "pk", flat=True
        )
    )
    assert of_erased & due["registrations"]
    due["registrations"] -= of_erased
    result = retention.retention_purge(now=now)
    assert result.counts == {key: len(rows) for key, rows in due.items()}
    assert (
        set(
            Person.objects.filter(
                pk__in=due["inactive_contacts"], pseudonymised_at__isnull=False
            ).values_list("pk", flat=True)
        )
        == due["inactive_contacts"]
    )
    assert (
        not FieldAnswer.objects.filter(
            pk__in=[pk for kind, pk in due["interview_free_text"] if kind == "answer"]
        )
        .exclude(comment="")
        .exists()
    )
    expired = AuditEntry.objects.filter(pk__in=due["audit_personal_refs"])
    assert not expired.filter(actor__isnull=False).exists()
    assert (
        not expired.filter(target_type__in=retention.PERSONAL_TARGETS)
        .exclude(target_id="")
        .exists()
    )
    assert _figures(demo) == figures
    run = PurgeRun.objects.get()
    assert run.counts == result.counts
    entry = AuditEntry.objects.get(action="retention.purge")
    assert entry.actor_label == "privacy_purge" and entry.target_id == str(run.pk)

    # Nothing is left to do (the purge's own audit entries are newer than the cut).
    again = retention.retention_purge(dry_run=True, now=now)
    assert again.counts == dict.fromkeys(result.counts, 0)
    assert not OutboxMessage.objects.filter(pk__in=due["outbox"]).exists()
    assert OutboxMessage.objects.filter(sent_at__gte=now - timedelta(days=SHORT)).count() == 1
    sys.stdout.write(f"purged {result.counts}\n")
