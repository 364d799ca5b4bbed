"""Registration rules: seats counted from rows, one registration per person, the seat cap,
the waiting list's fair order, offers and their expiry, the registration window and the
audience.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from vereinsforum.events.models import (
    Invitation,
    MailKind,
    OutboxMessage,
    Registration,
    RegistrationStatus,
)
from vereinsforum.events.services.invitations import invitation_answer, invitation_send
from vereinsforum.events.services.registration import (
    offer_accept,
    offers_expire,
    registration_cancel,
    registration_create,
    registration_swap,
)
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def _register(event, person, org, **kw):
    return registration_create(actor=TEST, event=event, person=person, organisation=org, **kw)


def test_seats_are_counted_from_rows_and_the_next_is_waitlisted(event, association, member):
    a, b, c = (member(association) for _ in range(3))
    event.seats_per_association = None
    event.save()
    assert _register(event, a, association).status == RegistrationStatus.REGISTERED
    assert event.seats_left() == 1
    assert _register(event, b, association).status == RegistrationStatus.REGISTERED
    third = _register(event, c, association)
    assert third.status == RegistrationStatus.WAITLISTED
    assert event.seats_left() == 0
    assert event.seats_taken() == 2


def test_person_cannot_register_twice(event, association, member):
    person = member(association)
    _register(event, person, association)
    with pytest.raises(ValidationError, match="already registered"):
        _register(event, person, association)


def test_person_must_belong_to_the_association(event, association, other_association, member):
    stranger = member(other_association)
    with pytest.raises(ValidationError, match="not a member"):
        _register(event, stranger, association)
    assert not Registration.objects.exists()


def test_seat_cap_per_association_and_swap_keeps_the_seat(event, association, member):
    event.seats_per_association = 1
    event.save()
    first, second = member(association), member(association)
    registration = _register(event, first, association)
    with pytest.raises(ValidationError, match="delegates"):
        _register(event, second, association)
    swapped = registration_swap(actor=TEST, registration=registration, person=second)
    assert swapped.pk == registration.pk
    assert swapped.person == second
    assert swapped.status == RegistrationStatus.REGISTERED
    assert event.seats_taken() == 1


def test_waiting_list_puts_associations_without_a_seat_first(programme, member):
    event = EventFactory(programme=programme, capacity=2)
    org_a, org_b, org_c = (factories.OrganisationFactory() for _ in range(3))
    now = timezone.now()
    _register(event, member(org_a), org_a, at=now - timedelta(hours=6))
    leaving = _register(event, member(org_c), org_c, at=now - timedelta(hours=5))
    # org_a (holding a seat) queues a second delegate first; org_b (no seat) queues later.
    early = _register(event, member(org_a), org_a, at=now - timedelta(hours=4))
    late = _register(event, member(org_b), org_b, at=now - timedelta(hours=3))
    assert list(event.waiting_list()) == [late, early]
    registration_cancel(actor=TEST, registration=leaving)
    late.refresh_from_db()
    early.refresh_from_db()
    assert late.status == RegistrationStatus.OFFERED
    assert early.status == RegistrationStatus.WAITLISTED


def test_waiting_list_is_first_come_first_served_among_equals(programme, member):
    event = EventFactory(programme=programme, capacity=1)
    orgs = [factories.OrganisationFactory() for _ in range(3)]
    now = timezone.now()
    _register(event, member(orgs[0]), orgs[0], at=now - timedelta(hours=6))
    second = _register(event, member(orgs[2]), orgs[2], at=now - timedelta(hours=4))
    first = _register(event, member(orgs[1]), orgs[1], at=now - timedelta(hours=5))
    assert list(event.waiting_list()) == [first, second]


def test_freed_seat_is_offered_for_limited_time_by_email_in_recipient_language(
    event, association, other_association, member
):
    event.offer_hours = 6
    event.save()
    holders = [member(association), member(association)]
    regs = [_register(event, p, association) for p in holders]
    waiting_person = member(other_association, language="tr")
    waiting = _register(event, waiting_person, other_association)
    before = timezone.now()
    registration_cancel(actor=TEST, registration=regs[0])
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    assert (
        before + timedelta(hours=6) <= waiting.offer_expires <= timezone.now() + timedelta(hours=6)
    )
    offer = OutboxMessage.objects.get(registration=waiting, kind=MailKind.OFFER)
    assert offer.language == "tr"
    assert offer.to_email == waiting_person.email
    assert "Sizin için bir yer boşaldı" in offer.subject
    assert f"/veranstaltungen/angebot/{waiting.code}/" in offer.body_text
    accepted = offer_accept(actor=TEST, registration=waiting)
    assert accepted.status == RegistrationStatus.REGISTERED
    assert event.seats_taken() == 2


def test_expired_offer_passes_on_at_the_next_write(programme, member):
    event = EventFactory(programme=programme, capacity=1, offer_hours=2)
    orgs = [factories.OrganisationFactory() for _ in range(4)]
    holder = _register(event, member(orgs[0]), orgs[0])
    first = _register(event, member(orgs[1]), orgs[1])
    second = _register(event, member(orgs[2]), orgs[2])
    registration_cancel(actor=TEST, registration=holder)
    first.refresh_from_db()
    assert first.status == RegistrationStatus.OFFERED
    later = timezone.now() + timedelta(hours=3)
    # An unrelated registration three hours later sweeps the event first.
    _register(event, member(orgs[3]), orgs[3], at=later)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert first.cancel_reason == "offer_expired"
    assert second.status == RegistrationStatus.OFFERED
    with pytest.raises(ValidationError, match="no longer open"):
        offer_accept(actor=TEST, registration=first, at=later)


def test_expired_offer_passes_on_from_the_periodic_command(programme, member, monkeypatch):
    event = EventFactory(programme=programme, capacity=1, offer_hours=1)
    orgs = [factories.OrganisationFactory() for _ in range(3)]
    holder = _register(event, member(orgs[0]), orgs[0])
    first = _register(event, member(orgs[1]), orgs[1])
    second = _register(event, member(orgs[2]), orgs[2])
    registration_cancel(actor=TEST, registration=holder)
    Registration.objects.filter(pk=first.pk).update(
        offer_expires=timezone.now() - timedelta(minutes=1)
    )
    call_command("events_expire_offers")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.OFFERED
    # A second sweep finds nothing left to do and changes nothing …
    assert offers_expire(actor=TEST) == 0
    second.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    # … until the next offer runs out: then it sweeps exactly that one event.
    Registration.objects.filter(pk=second.pk).update(
        offer_expires=timezone.now() - timedelta(minutes=1)
    )
    assert offers_expire(actor=TEST) == 1
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CANCELLED


def test_registration_window_is_enforced(programme, association, member):
    event = EventFactory(
        programme=programme,
        registration_closes=timezone.now() - timedelta(minutes=1),
        registration_opens=timezone.now() - timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="closed"):
        _register(event, member(association), association)
    # staff may still register on behalf until the event begins
    assert _register(event, member(association), association, source="on_behalf").pk


def test_chosen_audience_needs_an_invitation_and_declining_cancels(
    programme, association, other_association, member
):
    event = EventFactory(programme=programme, audience="chosen", capacity=5)
    with pytest.raises(ValidationError, match="invited"):
        _register(event, member(other_association), other_association)
    (invitation,) = invitation_send(actor=TEST, event=event, organisations=[association])
    registration = _register(event, member(association), association)
    invitation.refresh_from_db()
    assert invitation.status == "accepted"  # naming a delegate is the answer
    invitation_answer(actor=TEST, invitation=invitation, status="declined")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert Invitation.objects.filter(event=event).count() == 1


def test_invitation_is_one_per_association(programme, association):
    event = EventFactory(programme=programme, audience="chosen")
    invitation_send(actor=TEST, event=event, organisations=[association])
    again = invitation_send(actor=TEST, event=event, organisations=[association])
    assert again == []
    assert event.invitations.count() == 1


def test_cancelled_registration_frees_a_seat_for_the_same_person_later(event, association, member):
    person = member(association)
    first = _register(event, person, association)
    registration_cancel(actor=TEST, registration=first)
    again = _register(event, person, association)
    assert again.status == RegistrationStatus.REGISTERED
    assert Registration.objects.filter(event=event, person=person).count() == 2
