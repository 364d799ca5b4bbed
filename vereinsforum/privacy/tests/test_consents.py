"""Consents: recorded with date, source and the exact text; a withdrawal takes effect
everywhere at once (the OParl publication on consent goes with it, and the other way round);
erasure withdraws what is in force."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import REDACTED
from vereinsforum.oparl.models import PublicationBasis
from vereinsforum.oparl.services import publication_basis_revoke
from vereinsforum.oparl.tests.factories import build_world
from vereinsforum.oparl.tests.walker import walk
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.privacy.models import Channel, Consent, Purpose
from vereinsforum.privacy.services import (
    PUBLICATION_BASIS_TEXT,
    consent_in_force,
    consent_record,
    consent_withdraw,
)
from vereinsforum.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

WORDING = "Ich bin einverstanden, dass Fotos von mir auf der Website erscheinen."


def _record(actor, person, purpose=Purpose.PHOTOS, given_on=date(2007, 5, 14)):
    return consent_record(
        actor=actor,
        person=person,
        purpose=purpose,
        given_on=given_on,
        source=Channel.EVENT_SIGN_IN,
        text=WORDING,
    )


def test_a_consent_keeps_date_source_and_wording_and_is_audited_without_the_text(coordinator):
    person = PersonFactory()
    consent = _record(coordinator, person)
    consent.refresh_from_db()
    assert (consent.given_on, consent.source, consent.text) == (
        date(2007, 5, 14),
        Channel.EVENT_SIGN_IN,
        WORDING,
    )
    assert consent.recorded_by == coordinator
    assert consent_in_force(person=person, purpose=Purpose.PHOTOS)
    assert not consent_in_force(person=person, purpose=Purpose.NEWSLETTER)
    entry = AuditEntry.objects.get(action="consent.record")
    assert entry.actor == coordinator
    assert entry.changes["purpose"] == [None, "photos"]
    assert entry.changes["text"] == [None, REDACTED]
    assert "Fotos" not in str(entry.changes)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_on": timezone.localdate() + timedelta(days=1)}, "given_on"),
        ({"text": "   "}, "text"),
        ({"purpose": "marketing"}, "purpose"),
        ({"source": "telepathy"}, "source"),
    ],
)
def test_an_incomplete_consent_is_refused_and_nothing_is_written(coordinator, change, field):
    person = PersonFactory()
    arguments = {
        "actor": coordinator,
        "person": person,
        "purpose": Purpose.PHOTOS,
        "given_on": date(2007, 5, 14),
        "source": Channel.PAPER,
        "text": WORDING,
        **change,
    }
    with pytest.raises(ValidationError) as exc:
        consent_record(**arguments)
    assert field in exc.value.error_dict
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.filter(action="consent.record").exists()


def test_one_consent_in_force_per_purpose_and_a_new_one_after_withdrawal(coordinator):
    person = PersonFactory()
    first = _record(coordinator, person)
    with pytest.raises(ValidationError):
        _record(coordinator, person)
    consent_withdraw(
        actor=coordinator, consent=first, withdrawn_on=date(2008, 1, 1), source=Channel.EMAIL
    )
    second = _record(coordinator, person, given_on=date(2008, 3, 1))
    assert list(person.consents.in_force()) == [second]
    assert person.consents.count() == 2  # the withdrawn one stays, as proof


def test_a_withdrawal_is_dated_and_audited_and_only_once(coordinator):
    consent = _record(coordinator, PersonFactory())
    with pytest.raises(ValidationError) as exc:
        consent_withdraw(
            actor=coordinator, consent=consent, withdrawn_on=date(2007, 5, 13), source="paper"
        )
    assert "withdrawn_on" in exc.value.error_dict
    consent_withdraw(
        actor=coordinator, consent=consent, withdrawn_on=date(2007, 6, 1), source=Channel.PAPER
    )
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawal_source) == (date(2007, 6, 1), "paper")
    assert consent.withdrawal_recorded_at is not None
    with pytest.raises(ValidationError):
        consent_withdraw(
            actor=coordinator, consent=consent, withdrawn_on=date(2007, 6, 2), source="paper"
        )
    assert AuditEntry.objects.filter(action="consent.withdraw").count() == 1


def test_withdrawing_the_consent_to_publish_removes_the_name_from_oparl_at_once(
    client, coordinator
):
    world = build_world()
    delegate = world.delegate
    # The OParl world granted the delegate's basis on consent: the consent was recorded.
    consent = Consent.objects.in_force().get(person=delegate, purpose=Purpose.PUBLISH_NAME)
    assert consent.source == Channel.PUBLICATION_BASIS
    assert consent.text == PUBLICATION_BASIS_TEXT
    assert consent.given_on == world.delegate_basis.consent_on
    before = sorted(p["name"] for p in walk(client).of_type("Person"))
    assert before == ["Ayşe Yılmaz", "Michael Visser"]

    consent_withdraw(
        actor=coordinator,
        consent=consent,
        withdrawn_on=timezone.localdate(),
        source=Channel.EMAIL,
    )

    basis = PublicationBasis.objects.get(pk=world.delegate_basis.pk)
    assert basis.revoked_at is not None
    after = walk(client)
    assert sorted(p["name"] for p in after.of_type("Person") if not p.get("deleted")) == [
        "Michael Visser"
    ]
    assert "Yılmaz" not in json.dumps([after.objects, after.list_pages], ensure_ascii=False)
    answer = client.get(f"/oparl/v1/person/{basis.pk}").json()
    assert answer.get("deleted") is True
    assert "Yılmaz" not in str(answer)
    # The official is published in office, not on consent: untouched.
    assert PublicationBasis.objects.get(pk=world.officer_basis.pk).revoked_at is None
    assert AuditEntry.objects.filter(
        action="publication_basis.revoke", target_id=str(basis.pk), actor=coordinator
    ).exists()


def test_revoking_on_the_oparl_pages_withdraws_the_consent(coordinator):
    world = build_world()
    publication_basis_revoke(actor=coordinator, basis=world.delegate_basis)
    consent = Consent.objects.get(person=world.delegate, purpose=Purpose.PUBLISH_NAME)
    assert consent.withdrawn_on == timezone.localdate()
    assert consent.withdrawal_source == Channel.PUBLICATION_BASIS
    assert not consent_in_force(person=world.delegate, purpose=Purpose.PUBLISH_NAME)


def test_erasure_withdraws_consents_and_takes_the_name_from_their_text(coordinator):
    person = PersonFactory(first_name="Zyxwvu", last_name="Quorblat")
    consent_record(
        actor=coordinator,
        person=person,
        purpose=Purpose.NEWSLETTER,
        given_on=date(2007, 5, 14),
        source=Channel.PAPER,
        text="Ich, Zyxwvu Quorblat, möchte den Newsletter erhalten.",
    )
    person_pseudonymise(actor=coordinator, person=person)
    consent = Consent.objects.get(person=person)
    assert consent.withdrawal_source == Channel.ERASURE
    assert consent.withdrawn_on is not None
    assert "Quorblat" not in consent.text
    assert consent.text == "Ich, –, möchte den Newsletter erhalten."
    with pytest.raises(ValidationError):
        _record(coordinator, person)
