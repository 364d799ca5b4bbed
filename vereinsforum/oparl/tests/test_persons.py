"""Persons appear only with an explicit legal basis, and only with minimal fields."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.actors import TEST
from vereinsforum.oparl.models import Basis, PublicationBasis
from vereinsforum.oparl.services import publication_basis_grant
from vereinsforum.oparl.tests.walker import walk
from vereinsforum.testing.factories import PersonFactory


def test_only_persons_with_a_legal_basis_are_published(world, client):
    result = walk(client)
    names = sorted(p["name"] for p in result.of_type("Person"))
    assert names == ["Ayşe Yılmaz", "Michael Visser"]
    everything = json.dumps([result.objects, result.list_pages], ensure_ascii=False)
    # The deputy and the other delegate have no legal basis: nowhere in the API.
    assert "Iwanowa" not in everything
    assert "Rossi" not in everything
    # Nor any private contact data of persons or associations.
    assert "0170 1234567" not in everything
    assert world.delegate.email not in everything
    assert "info@anadolu.example" not in everything


def test_official_contact_only_when_released(world, client):
    visser = client.get(f"/oparl/v1/person/{world.officer_basis.pk}").json()
    assert visser["email"] == [world.officer.email]
    assert visser["phone"] == ["0202 563 0000"]
    assert visser["status"] == ["Sachbearbeiter"]
    delegate = client.get(f"/oparl/v1/person/{world.delegate_basis.pk}").json()
    assert "email" not in delegate and "phone" not in delegate
    assert set(delegate) <= {
        "id",
        "type",
        "body",
        "name",
        "familyName",
        "givenName",
        "title",
        "status",
        "membership",
        "created",
        "modified",
    }
    PublicationBasis.objects.filter(pk=world.officer_basis.pk).update(
        publish_official_contact=False
    )
    visser = client.get(f"/oparl/v1/person/{world.officer_basis.pk}").json()
    assert "email" not in visser and "phone" not in visser


def test_memberships_of_published_persons(world, client):
    delegate = client.get(f"/oparl/v1/person/{world.delegate_basis.pk}").json()
    [seat] = delegate["membership"]
    assert seat["organization"].endswith(f"/organization/forum-{world.forum.pk}")
    assert seat["onBehalfOf"].endswith(f"/organization/{world.association.pk}")
    assert seat["votingRight"] is True
    assert seat["role"] == "Delegierte/r"
    visser = client.get(f"/oparl/v1/person/{world.officer_basis.pk}").json()
    [staff] = visser["membership"]
    assert staff["organization"].endswith(f"/organization/{world.department.pk}")
    assert staff["role"] == "Mitarbeiter/in"
    listed = client.get(f"/oparl/v1/membership/forum-{world.seat.pk}").json()
    assert listed["person"].endswith(f"/person/{world.delegate_basis.pk}")


def test_a_deputy_with_consent_gets_a_seat_without_a_vote(world, client):
    basis = publication_basis_grant(
        actor=TEST,
        person=world.private_person,
        body=world.city,
        basis=Basis.CONSENT,
        consent_on=date(2007, 11, 1),
    )
    deputy = client.get(f"/oparl/v1/person/{basis.pk}").json()
    [seat] = deputy["membership"]
    assert seat["id"].endswith(f"/membership/forumdeputy-{world.seat.pk}")
    assert seat["votingRight"] is False


def test_the_officer_and_signatory_are_originators_when_published(world, client):
    paper = client.get(f"/oparl/v1/paper/{world.report.pk}").json()
    assert paper["originatorPerson"] == [
        f"{paper['body'].rsplit('/body/', 1)[0]}/person/{world.officer_basis.pk}"
    ]
    kuehn = PersonFactory(first_name="Stefan", last_name="Kühn")
    basis = publication_basis_grant(
        actor=TEST,
        person=kuehn,
        body=world.city,
        basis=Basis.OFFICE,
        title="Dr.",
        status="Beigeordneter",
    )
    paper = client.get(f"/oparl/v1/paper/{world.report.pk}").json()
    assert len(paper["originatorPerson"]) == 2
    assert paper["originatorPerson"][1].endswith(f"/person/{basis.pk}")
    person = client.get(f"/oparl/v1/person/{basis.pk}").json()
    assert person["name"] == "Dr. Stefan Kühn" and person["title"] == ["Dr."]


def test_consent_needs_its_date_and_contact_needs_an_office(world):
    person = PersonFactory()
    with pytest.raises(ValidationError):
        publication_basis_grant(actor=TEST, person=person, body=world.city, basis=Basis.CONSENT)
    with pytest.raises(ValidationError):
        publication_basis_grant(
            actor=TEST,
            person=person,
            body=world.city,
            basis=Basis.CONSENT,
            consent_on=date(2007, 1, 1),
            publish_official_contact=True,
        )
    assert not PublicationBasis.objects.filter(person=person).exists()
    # The database holds the same rules.
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationBasis.objects.create(person=person, body=world.city, basis=Basis.CONSENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationBasis.objects.create(
            person=person,
            body=world.city,
            basis=Basis.CONSENT,
            consent_on=date(2007, 1, 1),
            publish_official_contact=True,
        )


def test_granting_is_audited_and_renewal_keeps_the_url(world, client):
    from vereinsforum.oparl.services import publication_basis_revoke

    revoked = publication_basis_revoke(actor=TEST, basis=world.delegate_basis)
    renewed = publication_basis_grant(
        actor=TEST,
        person=world.delegate,
        body=world.city,
        basis=Basis.CONSENT,
        consent_on=date(2008, 1, 1),
    )
    assert renewed.pk == revoked.pk and renewed.revoked_at is None
    assert "deleted" not in client.get(f"/oparl/v1/person/{renewed.pk}").json()
    actions = list(
        AuditEntry.objects.filter(target_type="oparl.publicationbasis")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["publication_basis.revoke", "publication_basis.grant"]
