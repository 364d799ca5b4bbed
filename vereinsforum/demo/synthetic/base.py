"""What the parts of the generator share: the demo they build on, the synthetic associations
as they are made, and the bulk insert that counts and audits what it writes.

The generator writes with `bulk_create` instead of the services (which would take hours at
3,000 associations), so each part keeps the models' invariants itself; `insert` records one
audit entry per batch (or per object, for the objects that have a page with a history), by
the system actor `generate_synthetic`, through the channel the command runs in.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.core.management.base import CommandError
from django.db import models
from django.utils import timezone

from vereinsforum.accounts.models import Role, User
from vereinsforum.audit import context as audit_context
from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import model_label
from vereinsforum.demo.scenario import PROGRAMME_SLUG
from vereinsforum.demo.synthetic.names import City, Community
from vereinsforum.events.models import Event, Location
from vereinsforum.forum.models import ForumBody
from vereinsforum.lib.actors import SystemActor, actor_label
from vereinsforum.needs.models import Wave
from vereinsforum.organisations.models import (
    Affiliation,
    Language,
    Organisation,
    OrganisationKind,
    Person,
)
from vereinsforum.programmes.models import Field, Programme

ACTOR = SystemActor("generate_synthetic")
#: Rows per INSERT (and per audit entry of a batch).
BATCH = 2000
#: The user names of the synthetic representatives: `vertretung00001`, …
ACCOUNT_PREFIX = "vertretung"

M = TypeVar("M", bound=models.Model)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time of the demo's time zone on `day`."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


@dataclass
class Association:
    """One synthetic association with what the later parts need of it."""

    org: Organisation
    community: Community
    city: City
    #: The furthest funnel step: "invited", "attended" or "enrolled".
    stage: str
    #: People with a role that never ended: the ones it can register or name as delegate.
    people: list[Person] = field(default_factory=list)
    chair: Person | None = None
    treasurer: Person | None = None
    delegate: Person | None = None
    deputy: Person | None = None
    account: User | None = None
    interviewer: User | None = None
    enrolled_on: date | None = None


@dataclass
class World:
    """The demo as the generator found it, and everything made so far."""

    n: int
    seed: int
    rng: random.Random
    programme: Programme
    city: Organisation
    contractor: Organisation
    coordinator: User
    interviewers: list[User]
    anadolu: Organisation
    anadolu_account: User
    anadolu_people: list[Person]
    fields: list[Field]
    languages: dict[str, Language]
    body: ForumBody
    wave: Wave
    start: date
    end: date
    associations: list[Association] = field(default_factory=list)
    venues: list[Location] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: Per part: rows written by model label, and the audit entries still to be written.
    counts: Counter[str] = field(default_factory=Counter)
    audit: list[AuditEntry] = field(default_factory=list)
    #: Shared between parts (registrations for the outbox, memberships for OParl, …).
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def enrolled(self) -> list[Association]:
        return [a for a in self.associations if a.stage == "enrolled"]


def load_world(n: int, seed: int) -> World:
    """Find the demo's programme and the people and objects the generator builds on."""
    if n < 1:
        raise CommandError("--associations must be at least 1.")
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        raise CommandError(
            f"generate_synthetic builds on the demo, and its programme “{PROGRAMME_SLUG}” is "
            "missing: run `vereinsforum load_demo` first."
        )
    if User.objects.filter(username__startswith=ACCOUNT_PREFIX).exists():
        raise CommandError(
            "Synthetic data is already there (accounts “vertretung…” exist): start again from "
            "the demo alone with `vereinsforum load_demo --reset`."
        )
    verein = User.objects.filter(username="verein").select_related("acting_for").first()
    coordinator = User.objects.filter(username="koordination").first()
    body = ForumBody.objects.filter(programme=programme).first()
    wave = Wave.objects.filter(programme=programme).order_by("period_start", "pk").first()
    contractor = (
        Organisation.objects.filter(kind=OrganisationKind.CONTRACTOR).order_by("pk").first()
    )
    interviewers = list(User.objects.filter(role=Role.INTERVIEWER).order_by("pk"))
    missing = [
        name
        for name, value in (
            ("the representative `verein`", verein and verein.acting_for),
            ("the coordinator `koordination`", coordinator),
            ("the forum", body),
            ("the needs wave", wave),
            ("the contracted office", contractor),
            ("an interviewer", interviewers),
        )
        if not value
    ]
    if missing or verein is None or coordinator is None or body is None or wave is None:
        raise CommandError(
            f"The demo is incomplete ({', '.join(missing)} missing): run "
            "`vereinsforum load_demo` (or `load_demo --reset`) first."
        )
    assert verein.acting_for is not None and contractor is not None
    anadolu = verein.acting_for
    department = programme.lead_department
    city = (department.parent.parent if department.parent else None) or department
    today = timezone.localdate()
    anadolu_people = list(
        Person.objects.active()
        .filter(
            pk__in=Affiliation.objects.filter(organisation=anadolu, end__isnull=True)
            .filter(models.Q(start__isnull=True) | models.Q(start__lte=programme.start))
            .values("person")
        )
        .affiliated_with(anadolu, on=today)
        .order_by("pk")
    )
    return World(
        n=n,
        seed=seed,
        rng=random.Random(seed),
        programme=programme,
        city=city,
        contractor=contractor,
        coordinator=coordinator,
        interviewers=interviewers,
        anadolu=anadolu,
        anadolu_account=verein,
        anadolu_people=anadolu_people,
        fields=list(programme.fields.order_by("position")),
        languages={lang.code: lang for lang in Language.objects.all()},
        body=body,
        wave=wave,
        start=programme.start,
        end=programme.end or programme.start + timedelta(days=600),
    )


def _entry(action: str, target_type: str, target_id: str, repr_: str, changes: dict) -> AuditEntry:
    channel, detail = audit_context.current()
    return AuditEntry(
        channel=channel,
        channel_detail=detail,
        actor=None,
        actor_label=actor_label(ACTOR),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=repr_[:300],
        changes=changes,
    )


def audit_each(world: World, action: str, objects: Sequence[models.Model], **changes: Any) -> None:
    """One entry per object (organisations, events, polls: their pages show a history)."""
    for obj in objects:
        label = obj._meta.label_lower
        world.audit.append(
            _entry(action, label, str(obj.pk), model_label(type(obj), obj.pk), dict(changes))
        )


def insert(
    world: World,
    rows: Sequence[M],
    *,
    action: str | None = None,
    summary: dict[str, Any] | None = None,
) -> list[M]:
    """`bulk_create` in batches (primary keys set on the objects); with `action`, one audit
    entry per batch that names the id range and how many rows it wrote."""
    if not rows:
        return []
    model = type(rows[0])
    for first in range(0, len(rows), BATCH):
        chunk = list(rows[first : first + BATCH])
        model._default_manager.bulk_create(chunk)
        if action is not None:
            low, high = chunk[0].pk, chunk[-1].pk
            world.audit.append(
                _entry(
                    action,
                    model._meta.label_lower,
                    "",
                    f"{model_label(model, low)} … #{high} ({len(chunk)}, generated)",
                    {"rows": [None, len(chunk)], **(summary or {})},
                )
            )
    world.counts[model._meta.label] += len(rows)
    return list(rows)


def flush_audit(world: World) -> None:
    """Write the part's audit entries (the log is append-only: inserted, never changed)."""
    entries, world.audit = world.audit, []
    for first in range(0, len(entries), BATCH):
        AuditEntry.objects.bulk_create(entries[first : first + BATCH])
    world.counts[AuditEntry._meta.label] += len(entries)
