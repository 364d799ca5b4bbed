"""The event's lock is held for the seat decision only, and that decision does not grow
with the data (issue 14).

`registration_create` locks the event with its first query and holds the lock until it
commits, so every query it issues inside its transaction runs under the lock. Their number
must be the same whether the event and the programme's other events hold 5 or 200
registrations: nothing in there reads all of an event's or a programme's rows one by one.
The confirmation is stored as a bare row and rendered after the commit (events/mail.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vereinsforum.events.mail import outbox_deliver
from vereinsforum.events.models import (
    Audience,
    Invitation,
    MailKind,
    OutboxMessage,
    Registration,
    RegistrationStatus,
)
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.organisations.models import Person
from vereinsforum.programmes.models import Participation, ParticipationStep, Step
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

SEATS = 3


def _fill(event, count: int) -> None:
    """`count` registrations without an association: SEATS seats taken, the rest waiting."""
    now = timezone.now()
    people = Person.objects.bulk_create(
        Person(first_name="Gast", last_name=f"{event.pk}-{n}", email=f"g{event.pk}-{n}@example.org")
        for n in range(count)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            person=person,
            status=RegistrationStatus.REGISTERED if n < SEATS else RegistrationStatus.WAITLISTED,
            waitlisted_at=None if n < SEATS else now - timedelta(minutes=count - n),
        )
        for n, person in enumerate(people)
    )


def _queries_of_one_registration(programme, audience: str, existing: int) -> list[str]:
    event = EventFactory(
        programme=programme, capacity=SEATS, seats_per_association=2, audience=audience
    )
    for _n in range(2):
        _fill(EventFactory(programme=programme, capacity=SEATS), existing)
    _fill(event, existing)
    organisation = factories.OrganisationFactory()
    person = factories.PersonFactory()
    factories.AffiliationFactory(person=person, organisation=organisation, role="member")
    if audience == Audience.CHOSEN:
        Invitation.objects.create(event=event, organisation=organisation)
    if audience == Audience.ENROLLED:
        participation = Participation.objects.create(programme=programme, organisation=organisation)
        ParticipationStep.objects.create(
            participation=participation, step=Step.ENROLLED, date=timezone.localdate()
        )
    with CaptureQueriesContext(connection) as queries:
        registration = registration_create(
            actor=TEST, event=event, person=person, organisation=organisation
        )
    assert registration.status == RegistrationStatus.WAITLISTED
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("audience", [Audience.PUBLIC, Audience.CHOSEN, Audience.ENROLLED])
def test_the_locked_section_does_not_grow_with_the_registrations(programme, audience):
    few = _queries_of_one_registration(programme, audience, existing=5)
    many = _queries_of_one_registration(programme, audience, existing=200)
    assert len(few) == len(many), "\n".join(many)
    # Nothing of the mail is made under the lock: no template reads the registrations, and
    # the confirmation is one bare INSERT into the outbox.
    outbox_inserts = [sql for sql in many if 'INSERT INTO "events_outboxmessage"' in sql]
    assert len(outbox_inserts) == 1


def test_the_confirmation_is_rendered_after_the_commit(
    event, association, member, django_capture_on_commit_callbacks
):
    person = member(association)
    with django_capture_on_commit_callbacks() as callbacks:
        registration = registration_create(
            actor=TEST, event=event, person=person, organisation=association
        )
        message = OutboxMessage.objects.get(registration=registration)
        assert not message.rendered and message.body_text == ""  # stored, not yet rendered
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.rendered and registration.code in message.body_text
    assert message.attachment_name.endswith(".ics")
    assert len(mail.outbox) == 1


def test_the_sender_renders_a_message_the_commit_did_not(event, association, member):
    """The process may end between the commit and the rendering: the row is there, so the
    sender renders it from the registration and sends it; the mail is never lost."""
    person = member(association)
    registration = registration_create(
        actor=TEST, event=event, person=person, organisation=association
    )
    (message,) = OutboxMessage.objects.filter(kind=MailKind.CONFIRMATION)
    assert not message.rendered
    assert outbox_deliver() == {"sent": 1, "failed": 0}
    message.refresh_from_db()
    assert message.rendered and registration.code in message.body_text
    (sent,) = mail.outbox
    assert sent.attachments[0][0].endswith(".ics")
