"""Retention periods per data category and the purge that enforces them.

Each category has a period in days, configurable (first match wins):
`settings.PRIVACY_RETENTION_DAYS[key]`, the environment variable
`PRIVACY_RETENTION_<KEY>_DAYS`, the default below. The outbox keeps its own setting,
`OUTBOX_RETENTION_DAYS` (events/mail.py), so there is one number for it, not two.

The purge keeps the association-level figures correct: where rows are counted (the funnel,
attendance, the needs aggregates), it pseudonymises instead of deleting, so every count is
the same after the purge. `purge(dry_run=True)` counts what would go and changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vereinsforum.accounts.models import Role, User
from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import audit_record
from vereinsforum.events.mail import outbox_files, outbox_purge
from vereinsforum.events.models import Invitation, MailStatus, OutboxMessage, Registration
from vereinsforum.lib.actors import Actor, SystemActor
from vereinsforum.needs.models import FieldAnswer, Interview
from vereinsforum.oparl.models import PublicationBasis
from vereinsforum.organisations.models import (
    Affiliation,
    Organisation,
    OrganisationKind,
    Person,
)
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.privacy.models import PurgeRun
from vereinsforum.programmes.models import ParticipationStep, TeamMember


@dataclass(frozen=True)
class Category:
    key: str
    label: str | Promise
    description: str | Promise
    default_days: int


CATEGORIES: tuple[Category, ...] = (
    Category(
        "inactive_contacts",
        _("Contacts of inactive associations"),
        _(
            "Contact persons whose every role has ended, or lies with an association that "
            "has taken no part (no event, participation step, interview or new role) within "
            "the period, are pseudonymised as by an erasure. Staff, people published over "
            "OParl and people registered for a recent event are kept."
        ),
        3 * 365,
    ),
    Category(
        "outbox",
        _("Outbox e-mail"),
        _("Sent or given-up e-mails and the file outbox's copies are deleted."),
        30,
    ),
    Category(
        "registrations",
        _("Registrations and attendance"),
        _(
            "Registrations for events that ended before the period are detached from the "
            "person: each person's registrations move to a pseudonym of their own, so every "
            "count (per association, per event, distinct participants) stays the same."
        ),
        3 * 365,
    ),
    Category(
        "interview_free_text",
        _("Free text of interviews"),
        _(
            "The free-text answers and correction notes of interviews of waves that ended "
            "before the period are emptied; the scores and aggregates stay."
        ),
        2 * 365,
    ),
    Category(
        "audit_personal_refs",
        _("Personal references in the audit log"),
        _(
            "Audit entries older than the period lose their reference to the acting account "
            "and the id of a person, account or role they concern; what was done, when, "
            "and to which kind of record stays."
        ),
        2 * 365,
    ),
)
BY_KEY = {c.key: c for c in CATEGORIES}

#: Audit targets whose id leads to a person.
PERSONAL_TARGETS = (
    "organisations.person",
    "organisations.affiliation",
    "accounts.user",
    "events.registration",
    "events.calendarfeed",
    "oparl.publicationbasis",
    "privacy.consent",
)
#: The label an audit entry's actor gets once its reference has expired.
EXPIRED_ACTOR = "expired"


def retention_days(key: str) -> int:
    if key == "outbox":
        return settings.OUTBOX_RETENTION_DAYS
    configured = getattr(settings, "PRIVACY_RETENTION_DAYS", {}) or {}
    if key in configured:
        days = configured[key]
    else:
        raw = os.environ.get(f"PRIVACY_RETENTION_{key.upper()}_DAYS", "").strip()
        try:
            days = int(raw) if raw else BY_KEY[key].default_days
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"PRIVACY_RETENTION_{key.upper()}_DAYS={raw!r} is not a number of days."
            ) from exc
    if days < 0:
        raise ImproperlyConfigured(f"The retention period of {key} must be 0 or more days.")
    return days


def cutoff(key: str, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=retention_days(key))


# ---- what is due ----------------------------------------------------------------------------


def inactive_associations(since: datetime) -> QuerySet[Organisation]:
    """Associations that took no part since `since`: no invitation to, or registration
    for, an event ending after it, no participation step, no interview of a wave ending
    after it, no role that began after it."""
    day = since.date()
    org = OuterRef("pk")
    return Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION).exclude(
        Exists(Registration.objects.filter(organisation=org, event__end__gte=since))
        | Exists(Invitation.objects.filter(organisation=org, event__end__gte=since))
        | Exists(ParticipationStep.objects.filter(participation__organisation=org, date__gte=day))
        | Exists(Interview.objects.filter(organisation=org, wave__period_end__gte=day))
        | Exists(Affiliation.objects.filter(organisation=org, start__gte=day))
    )


def expired_contacts(since: datetime) -> QuerySet[Person]:
    """People whose every role has ended before `since` or lies with an inactive
    association, and who are not kept for another reason (see the category)."""
    day = since.date()
    inactive = inactive_associations(since).values("pk")
    live_role = Affiliation.objects.filter(person=OuterRef("pk")).exclude(
        Q(end__lt=day) | Q(organisation__in=inactive)
    )
    staff_roles = [Role.COORDINATOR, Role.TEAM_MEMBER, Role.INTERVIEWER]
    return (
        Person.objects.active()
        .filter(Exists(Affiliation.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(live_role))
        .exclude(Exists(TeamMember.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(User.objects.filter(person=OuterRef("pk"), role__in=staff_roles)))
        .exclude(Exists(PublicationBasis.objects.alive().filter(person=OuterRef("pk"))))
        .exclude(Exists(Registration.objects.filter(person=OuterRef("pk"), event__end__gte=since)))
    )


def expired_outbox(since: datetime) -> QuerySet[OutboxMessage]:
    # The same rule as events.mail.outbox_purge, which does the deleting.
    return OutboxMessage.objects.filter(
        Q(status=MailStatus.SENT, sent_at__lt=since)
        | Q(status=MailStatus.FAILED, next_attempt_at__lt=since)
    )


def expired_registrations(since: datetime) -> QuerySet[Registration]:
    return Registration.objects.filter(event__end__lt=since, person__pseudonymised_at__isnull=True)


def expired_interviews(since: datetime) -> QuerySet[Interview]:
    return Interview.objects.filter(wave__period_end__lt=since.date())


def expired_answers(since: datetime) -> QuerySet[FieldAnswer]:
    return FieldAnswer.objects.filter(interview__wave__period_end__lt=since.date()).exclude(
        comment=""
    )


def expired_audit(since: datetime) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(at__lt=since).filter(
        Q(actor__isnull=False)
        | Q(actor_label__startswith="user:")
        | (Q(target_type__in=PERSONAL_TARGETS) & ~Q(target_id=""))
    )


# ---- the purge ------------------------------------------------------------------------------

ACTOR = SystemActor("privacy_purge")


def _purge_contacts(since: datetime, apply: bool) -> int:
    people = list(expired_contacts(since).order_by("pk"))
    if apply:
        for person in people:
            person_pseudonymise(actor=ACTOR, person=person)
    return len(people)


def _purge_outbox(since: datetime, apply: bool) -> int:
    if apply:
        return outbox_purge(now=since + timedelta(days=retention_days("outbox")))["messages"]
    return expired_outbox(since).count()


def outbox_files_due(since: datetime) -> int:
    return sum(
        1
        for path in outbox_files()
        if datetime.fromtimestamp(Path(path).stat().st_mtime, tz=timezone.get_current_timezone())
        < since
    )


def _purge_registrations(since: datetime, apply: bool) -> int:
    rows = expired_registrations(since)
    count = rows.count()
    if apply and count:
        now = timezone.now()
        person_ids = sorted(set(rows.values_list("person_id", flat=True)))
        for person_id in person_ids:
            # One pseudonym per person: distinct participants still count the same.
            stand_in = Person.objects.create(first_name="–", last_name="", pseudonymised_at=now)
            Person.objects.filter(pk=stand_in.pk).update(last_name=f"#{stand_in.pk}")
            rows.filter(person_id=person_id).update(person=stand_in, registered_by=None)
    return count


def _purge_interview_text(since: datetime, apply: bool) -> int:
    interviews = expired_interviews(since).exclude(return_reason="")
    answers = expired_answers(since)
    count = interviews.count() + answers.count()
    if apply:
        interviews.update(return_reason="")
        answers.update(comment="")
    return count


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _purge_audit(since: datetime, apply: bool) -> int:
    entries = expired_audit(since)
    count = entries.count()
    if apply and count:
        from vereinsforum.audit.migrations import _append_only_sql as sql

        # The log is append-only by trigger; this is its one sanctioned change besides a
        # whole-database wipe, lifted and restored inside the purge's transaction (so a
        # failure rolls the triggers back too, on SQLite and PostgreSQL alike).
        _execute(sql.lift(connection.vendor))
        try:
            entries.filter(Q(actor__isnull=False) | Q(actor_label__startswith="user:")).update(
                actor=None, actor_label=EXPIRED_ACTOR
            )
            entries.filter(target_type__in=PERSONAL_TARGETS).exclude(target_id="").update(
                target_id=""
            )
            # The label was "Person #12": it goes with the id.
            for target_type in PERSONAL_TARGETS:
                app_label, model_name = target_type.split(".")
                from django.apps import apps

                try:
                    model = apps.get_model(app_label, model_name)
                except LookupError:
                    continue
                AuditEntry.objects.filter(
                    at__lt=since, target_type=target_type, target_id=""
                ).update(target_repr=str(model._meta.verbose_name).capitalize())
        finally:
            _execute(sql.restore(connection.vendor))
    return count


PURGES: dict[str, Callable[[datetime, bool], int]] = {
    "inactive_contacts": _purge_contacts,
    "outbox": _purge_outbox,
    "registrations": _purge_registrations,
    "interview_free_text": _purge_interview_text,
    "audit_personal_refs": _purge_audit,
}


@dataclass
class PurgeResult:
    counts: dict[str, int]
    days: dict[str, int]
    dry_run: bool
    run: PurgeRun | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@transaction.atomic
def retention_purge(*, actor: Actor = ACTOR, dry_run: bool = False, now: datetime | None = None):
    """Remove what has outlived its period, category by category; with `dry_run`, count it.

    The audit log goes last, so the entries this purge writes (the erasures of contacts)
    are not themselves cut short."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    days = {c.key: retention_days(c.key) for c in CATEGORIES}
    for category in CATEGORIES:
        since = now - timedelta(days=days[category.key])
        counts[category.key] = PURGES[category.key](since, not dry_run)
    if dry_run:
        return PurgeResult(counts, days, True)
    run = PurgeRun.objects.create(counts=counts, retention_days=days)
    audit_record(actor=actor, action="retention.purge", target=run, changes=counts)
    return PurgeResult(counts, days, False, run)
