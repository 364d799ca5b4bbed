"""`generate_synthetic`: the state-scale data set scales with N, keeps the models' invariants,
leaves the demo's pages working and is the same for the same seed.

One test loads the demo once (the expensive part) and checks everything on it: the second
generation for the determinism check runs inside a savepoint that is rolled back.
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from vereinsforum.accounts.models import Role, User
from vereinsforum.audit import labels
from vereinsforum.audit.models import AuditEntry
from vereinsforum.demo.synthetic.organisations import stages
from vereinsforum.events.models import (
    SEAT_HOLDING,
    Event,
    Invitation,
    InvitationStatus,
    OutboxMessage,
    Registration,
    RegistrationStatus,
)
from vereinsforum.forum.models import Ballot, Poll, PollOption, Voter
from vereinsforum.needs.models import FieldAnswer, Interview
from vereinsforum.oparl.models import PublicationBasis
from vereinsforum.organisations.models import Affiliation, Organisation, Person
from vereinsforum.programmes.models import Participation, Programme, Step

pytestmark = pytest.mark.django_db

N, SEED = 100, 7


def _generate(n: int = N, seed: int = SEED) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", "--associations", str(n), "--seed", str(seed), stdout=out)
    return out.getvalue()


def _state() -> dict[str, int]:
    return {
        "associations": Organisation.objects.associations().count(),
        "people": Person.objects.count(),
        "representatives": User.objects.filter(role=Role.REPRESENTATIVE).count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "invitations": Invitation.objects.count(),
        "interviews": Interview.objects.count(),
        "polls": Poll.objects.count(),
        "outbox": OutboxMessage.objects.count(),
        "bases": PublicationBasis.objects.count(),
    }


def _digest(after: dict[str, int]) -> str:
    """What the generator chose, in the order it wrote it, without database ids."""
    digest = hashlib.sha256()
    rows = [
        Organisation.objects.filter(pk__gt=after["organisation"])
        .order_by("pk")
        .values_list("name", "city", "district", "register_number"),
        Person.objects.filter(pk__gt=after["person"])
        .order_by("pk")
        .values_list("first_name", "last_name", "email"),
        Event.objects.filter(pk__gt=after["event"])
        .order_by("pk")
        .values_list("title", "start", "capacity", "audience"),
        Registration.objects.filter(pk__gt=after["registration"])
        .order_by("pk")
        .values_list("event__title", "person__last_name", "status", "created", "code"),
        Invitation.objects.filter(pk__gt=after["invitation"])
        .order_by("pk")
        .values_list("organisation__name", "status", "answered_at"),
        Interview.objects.filter(pk__gt=after["interview"])
        .order_by("pk")
        .values_list("organisation__name", "wave__title", "status", "conducted_on"),
        FieldAnswer.objects.filter(interview__pk__gt=after["interview"])
        .order_by("pk")
        .values_list("competence", "need", "willing", "capacity"),
        PollOption.objects.filter(poll__pk__gt=after["poll"])
        .order_by("pk")
        .values_list("poll__title", "label", "rank", "score", "weight"),
        OutboxMessage.objects.filter(pk__gt=after["outbox"])
        .order_by("pk")
        .values_list("kind", "to_email", "status", "subject", "created"),
    ]
    for query in rows:
        for row in query:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _last_ids() -> dict[str, int]:
    def last(model) -> int:
        row = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return row or 0

    return {
        "organisation": last(Organisation),
        "person": last(Person),
        "event": last(Event),
        "registration": last(Registration),
        "invitation": last(Invitation),
        "interview": last(Interview),
        "poll": last(Poll),
        "outbox": last(OutboxMessage),
    }


def test_the_generator_needs_the_demo():
    with pytest.raises(CommandError, match="load_demo"):
        _generate(5)


def test_the_funnel_keeps_the_demos_proportions():
    import random

    drawn = stages(600, random.Random(1))
    assert drawn.count(Step.ENROLLED) == 250
    assert drawn.count(Step.ATTENDED) == 50  # attended but did not enrol: 300 - 250
    assert drawn.count(Step.INVITED) == 300


def test_state_scale_data_on_top_of_the_demo(client):
    call_command("load_demo", stdout=io.StringIO())
    programme = Programme.objects.get(slug="mehr-ps")
    anadolu = Organisation.objects.get(name="Anadolu e.V.")
    demo_users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    before, funnel = _state(), programme.funnel()
    anadolu_before = (
        Invitation.objects.filter(organisation=anadolu).count(),
        Registration.objects.filter(organisation=anadolu).count(),
    )
    ids = _last_ids()

    # Determinism: a first run inside a savepoint, rolled back, then the run that stays.
    with transaction.atomic():
        _generate()
        first = _digest(ids)
        transaction.set_rollback(True)
    assert _state() == before
    output = _generate()
    assert _digest(ids) == first
    assert "Rows written per model" in output and "events.Registration" in output

    # The counts scale with N, in the demo's proportions.
    after = _state()
    grown = {key: after[key] - before[key] for key in after}
    assert grown["associations"] == N
    assert 0.9 * 10 * N <= grown["people"] <= 1.1 * 10 * N
    assert grown["representatives"] == N
    assert grown["events"] == round(N * 2 / 3)
    assert 0.85 * N * 100 / 3 <= grown["registrations"] <= 1.1 * N * 100 / 3
    assert 0.85 * N * 100 / 3 <= grown["outbox"] <= 1.1 * N * 100 / 3
    assert grown["interviews"] == 2 * N
    assert grown["polls"] == round(N / 15)
    assert grown["bases"] > 0
    now = programme.funnel()
    assert now["invited"] - funnel["invited"] == N
    assert now["attended"] - funnel["attended"] == N // 2
    assert now["enrolled"] - funnel["enrolled"] == round(N * 25 / 60)
    # The demo's accounts come first; the representative of Anadolu e.V. sees more.
    assert list(User.objects.order_by("pk").values_list("pk", flat=True)[: len(demo_users)]) == (
        demo_users
    )
    assert Invitation.objects.filter(organisation=anadolu).count() > anadolu_before[0]
    assert Registration.objects.filter(organisation=anadolu).count() > anadolu_before[1]

    _check_invariants(programme)
    _check_forum_and_audit()

    coordinator = User.objects.get(username="koordination")
    client.force_login(coordinator)
    for name in ("web:dashboard", "events:list", "organisations:list"):
        assert client.get(reverse(name)).status_code == 200, name
    client.force_login(User.objects.get(username="verein"))
    assert client.get(reverse("events:list")).status_code == 200


def _check_invariants(programme: Programme) -> None:
    # No event has more seats taken than it has; a waiting list only where it is full.
    for event in Event.objects.exclude(capacity=None).annotate(
        seats=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING)),
        claimed=Count(
            "registrations",
            filter=Q(
                registrations__status__in=(*SEAT_HOLDING, RegistrationStatus.NO_SHOW),
            ),
        ),
        waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    ):
        assert event.seats <= event.capacity, event
        if event.waiting:
            assert event.claimed == event.capacity, event
    # Each invitation: one per association and event, one answer, dated when answered.
    assert (
        not Invitation.objects.values("event", "organisation")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not Invitation.objects.exclude(status=InvitationStatus.PENDING).filter(answered_at=None)
    # A declined invitation leaves no registration of the association (but cancelled ones).
    for invitation in Invitation.objects.filter(status=InvitationStatus.DECLINED):
        assert not Registration.objects.filter(
            event=invitation.event_id, organisation=invitation.organisation_id
        ).exclude(status=RegistrationStatus.CANCELLED)
    # Every registration's person held a role in its association on the day of it.
    roles = defaultdict(list)
    for person, organisation, start, end in Affiliation.objects.values_list(
        "person", "organisation", "start", "end"
    ):
        roles[person, organisation].append((start, end))
    for person, organisation, created in Registration.objects.exclude(
        organisation=None
    ).values_list("person", "organisation", "created"):
        day = timezone.localdate(created)
        assert any(
            (start is None or start <= day) and (end is None or end > day)
            for start, end in roles[person, organisation]
        ), (person, organisation, day)
    # The funnel: every step has the ones before it, dated no earlier.
    for participation in Participation.objects.filter(programme=programme).prefetch_related(
        "steps"
    ):
        dates: dict[str, date] = {s.step: s.date for s in participation.steps.all()}
        assert Step.INVITED in dates
        if Step.ENROLLED in dates:
            assert Step.ATTENDED in dates
            assert dates[Step.ATTENDED] <= dates[Step.ENROLLED]
        if Step.ATTENDED in dates:
            assert dates[Step.INVITED] <= dates[Step.ATTENDED]
    # Representatives act for their association as a current member of it.
    for user in User.objects.filter(username__startswith="vertretung")[:20]:
        assert user.acts_for_organisation()
        assert not user.has_usable_password()


def _check_forum_and_audit() -> None:
    for poll in Poll.objects.filter(title__contains="Abstimmung"):
        ballots = Ballot.objects.filter(poll=poll)
        assert ballots.count() == Voter.objects.filter(poll=poll).count()
        if poll.secret:
            assert not ballots.exclude(organisation=None).exists()
        if poll.counted_at is not None:
            assert poll.tally["ballots"] == ballots.count()
            assert poll.options.filter(rank=1).exists()
    written = AuditEntry.objects.filter(actor_label="generate_synthetic")
    assert written.exists()
    for action in written.values_list("action", flat=True).distinct():
        assert labels.ACTION_NAME.match(action), action
        assert labels.action_label(action) != action, action
