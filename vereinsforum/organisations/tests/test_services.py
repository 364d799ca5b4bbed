"""Organisation and person services: allowed fields, constraints, audit entries, erasure."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import REDACTED
from vereinsforum.organisations.changes import OrganisationFields, PersonFields
from vereinsforum.organisations.models import (
    Affiliation,
    Language,
    Organisation,
    OrganisationKind,
    Person,
    Verification,
)
from vereinsforum.organisations.scoping import REPRESENTATIVE_EDITABLE
from vereinsforum.organisations.services import (
    affiliation_add,
    organisation_create,
    organisation_update,
    organisation_verify,
    person_create,
    person_pseudonymise,
    person_update,
)
from vereinsforum.programmes.models import Step, TeamMember
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.programmes.team_services import team_member_add
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def turkish(db):
    return Language.objects.create(code="tr", name="Türkisch", name_i18n={"en": "Turkish"})


def test_organisation_create_saves_languages_and_audits_the_fields(coordinator, turkish):
    org = organisation_create(
        actor=coordinator,
        fields=OrganisationFields(kind="association", name="Köprü e.V.", district="Oberbarmen"),
        languages=[turkish],
    )
    assert list(org.languages.all()) == [turkish]
    entry = AuditEntry.objects.for_target(org).get()
    assert entry.action == "organisation.create"
    assert entry.actor == coordinator
    assert entry.changes["name"] == [None, "Köprü e.V."]
    assert entry.changes["district"] == [None, "Oberbarmen"]


def test_organisation_create_validates_before_writing(coordinator):
    with pytest.raises(ValidationError) as exc:
        organisation_create(
            actor=coordinator,
            fields=OrganisationFields(kind="association", name="X", founded_year=1500),
        )
    assert "founded_year" in exc.value.error_dict
    assert not Organisation.objects.filter(name="X").exists()
    assert not AuditEntry.objects.filter(action="organisation.create").exists()


def test_organisation_update_records_old_and_new_values(coordinator, association, turkish):
    organisation_update(
        actor=coordinator,
        organisation=association,
        changes=OrganisationFields(member_count=140, district="Barmen"),
        languages=[turkish],
    )
    association.refresh_from_db()
    assert association.member_count == 140
    entry = AuditEntry.objects.for_target(association).get(action="organisation.update")
    assert entry.changes == {
        "member_count": [None, 140],
        "district": ["Elberfeld", "Barmen"],
        "languages": [[], ["tr"]],
    }


def test_organisation_update_without_a_change_writes_no_audit_entry(coordinator, association):
    organisation_update(
        actor=coordinator,
        organisation=association,
        changes=OrganisationFields(name=association.name),
    )
    assert not AuditEntry.objects.filter(action="organisation.update").exists()


def test_a_representative_cannot_change_a_staff_only_field_through_the_service(
    representative, association
):
    """The service decides from the actor, not from a list the caller passes in."""
    assert "verification" not in REPRESENTATIVE_EDITABLE
    with pytest.raises(ValidationError, match="verification"):
        organisation_update(
            actor=representative,
            organisation=association,
            changes=OrganisationFields(verification=Verification.VERIFIED, name="Neu"),
        )
    for staff_only in (
        OrganisationFields(kind=OrganisationKind.OTHER),
        OrganisationFields(parent=factories.OrganisationFactory(kind="other", name="Stadt")),
    ):
        with pytest.raises(ValidationError):
            organisation_update(actor=representative, organisation=association, changes=staff_only)
    association.refresh_from_db()
    assert association.verification == Verification.UNVERIFIED
    assert association.kind == OrganisationKind.ASSOCIATION
    assert association.name == "Anadolu e.V."  # nothing of the refused write was kept
    assert not AuditEntry.objects.filter(action="organisation.update").exists()


def test_a_representative_changes_their_own_associations_description(representative, association):
    organisation_update(
        actor=representative, organisation=association, changes=OrganisationFields(name="Neu")
    )
    association.refresh_from_db()
    assert association.name == "Neu"


def test_a_representative_cannot_edit_another_association_through_the_service(
    representative, other_association
):
    with pytest.raises(PermissionDenied):
        organisation_update(
            actor=representative,
            organisation=other_association,
            changes=OrganisationFields(member_count=1),
        )
    other_association.refresh_from_db()
    assert other_association.member_count != 1


def test_team_members_and_the_public_cannot_edit_an_organisation(team_member, association):
    for actor in (team_member, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            organisation_update(
                actor=actor, organisation=association, changes=OrganisationFields(phone="1")
            )


def test_only_coordinators_create_organisations(representative, team_member):
    for actor in (representative, team_member):
        with pytest.raises(PermissionDenied):
            organisation_create(
                actor=actor, fields=OrganisationFields(kind="association", name="X e.V.")
            )
    assert not Organisation.objects.filter(name="X e.V.").exists()


def test_a_representative_cannot_edit_a_person_outside_their_association(
    representative, other_association
):
    outsider = factories.PersonFactory(first_name="Ayşe", last_name="Demir")
    factories.AffiliationFactory(person=outsider, organisation=other_association, role="chair")
    with pytest.raises(PermissionDenied):
        person_update(actor=representative, person=outsider, changes=PersonFields(first_name="Neu"))
    outsider.refresh_from_db()
    assert outsider.first_name == "Ayşe"


def test_organisation_verify_refuses_an_unknown_status(coordinator, association):
    with pytest.raises(ValidationError):
        organisation_verify(actor=coordinator, organisation=association, status="maybe")
    organisation_verify(actor=coordinator, organisation=association, status="verified")
    association.refresh_from_db()
    assert association.verification == "verified"


def test_an_organisation_cannot_become_part_of_its_own_unit(coordinator):
    city = factories.OrganisationFactory(kind="other", name="Stadt")
    unit = factories.OrganisationFactory(kind="department", name="Ressort", parent=city)
    with pytest.raises(ValidationError) as exc:
        organisation_update(
            actor=coordinator, organisation=city, changes=OrganisationFields(parent=unit)
        )
    assert "parent" in exc.value.error_dict
    with pytest.raises(ValidationError):
        organisation_update(
            actor=coordinator, organisation=city, changes=OrganisationFields(parent=city)
        )


def test_register_number_is_unique_per_city_but_blank_is_allowed_twice(db):
    factories.OrganisationFactory(register_number="VR 1", city="Wuppertal")
    factories.OrganisationFactory(register_number="", city="Wuppertal")
    factories.OrganisationFactory(register_number="", city="Wuppertal")
    factories.OrganisationFactory(register_number="VR 1", city="Solingen")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.OrganisationFactory(register_number="VR 1", city="Wuppertal")


def test_founding_year_must_be_plausible_in_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.OrganisationFactory(founded_year=1066)


def test_affiliation_constraints(db, association):
    person = factories.PersonFactory()
    factories.AffiliationFactory(person=person, organisation=association, role="chair")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.AffiliationFactory(person=person, organisation=association, role="chair")
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(
            person=person,
            organisation=association,
            role="treasurer",
            start=date(2008, 1, 1),
            end=date(2007, 1, 1),
        )


def test_person_create_and_update_never_log_personal_values(coordinator):
    person = person_create(
        actor=coordinator,
        first_name="Ayşe",
        last_name="Yılmaz",
        email="ayse@example.org",
        phone="0202 123",
    )
    person_update(actor=coordinator, person=person, changes=PersonFields(email="a.y@example.org"))
    entries = AuditEntry.objects.for_target(person)
    assert [e.action for e in entries.order_by("id")] == ["person.create", "person.update"]
    assert entries.get(action="person.update").changes == {"email": [REDACTED, REDACTED]}
    text = repr(list(entries.values()))
    for value in ("Ayşe", "Yılmaz", "ayse@example.org", "a.y@example.org", "0202 123"):
        assert value not in text


def test_pseudonymise_erases_the_person_and_keeps_every_count(coordinator, programme):
    org = factories.OrganisationFactory(name="Anadolu e.V.")
    person = person_create(
        actor=coordinator,
        first_name="Mehmet",
        last_name="Kaya",
        email="m.kaya@example.org",
        phone="0202 555",
    )
    affiliation_add(actor=coordinator, person=person, organisation=org, role="chair")
    team_member_add(
        actor=coordinator,
        programme=programme,
        person=person,
        organisation=org,
        role="association",
        since=date(2007, 5, 9),
    )
    participation_step_record(
        actor=coordinator,
        programme=programme,
        organisation=org,
        step=Step.INVITED,
        on=date(2007, 4, 23),
    )
    account = factories.UserFactory(
        username="mehmet.kaya",
        role="representative",
        acting_for=org,
        person=person,
        first_name="Mehmet",
        last_name="Kaya",
        email="m.kaya@example.org",
    )
    counts_before = (
        Affiliation.objects.filter(organisation=org).count(),
        TeamMember.objects.filter(programme=programme).count(),
        programme.funnel(),
        Person.objects.count(),
    )

    person_pseudonymise(actor=coordinator, person=person)

    person.refresh_from_db()
    account.refresh_from_db()
    assert person.pseudonymised_at is not None
    assert (person.email, person.phone) == ("", "")
    assert "Mehmet" not in person.full_name and "Kaya" not in person.full_name
    assert not account.is_active and not account.has_usable_password()
    assert "mehmet" not in account.username and account.email == ""
    assert counts_before == (
        Affiliation.objects.filter(organisation=org).count(),
        TeamMember.objects.filter(programme=programme).count(),
        programme.funnel(),
        Person.objects.count(),
    )
    log = repr(list(AuditEntry.objects.values()))
    for value in ("Mehmet", "Kaya", "m.kaya@example.org", "0202 555", "mehmet.kaya"):
        assert value not in log
    assert AuditEntry.objects.filter(
        action="person.pseudonymise", target_id=str(person.pk)
    ).exists()


def test_audit_log_shows_the_erased_actor_under_the_pseudonym(coordinator, association):
    organisation_update(
        actor=coordinator, organisation=association, changes=OrganisationFields(member_count=5)
    )
    other = factories.UserFactory(username="other_coordinator", role="coordinator")
    person_pseudonymise(actor=other, person=coordinator.person)
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor_name == f"erased-{coordinator.pk}"
    assert "coordinator" not in entry.actor_label


def test_pseudonymise_is_idempotent_and_blocks_later_updates(coordinator):
    person = factories.PersonFactory()
    person_pseudonymise(actor=coordinator, person=person)
    person_pseudonymise(actor=coordinator, person=person)
    assert AuditEntry.objects.filter(action="person.pseudonymise").count() == 1
    person.refresh_from_db()
    with pytest.raises(ValidationError):
        person_update(actor=coordinator, person=person, changes=PersonFields(first_name="Neu"))


def test_nobody_erases_themselves(coordinator):
    with pytest.raises(ValidationError):
        person_pseudonymise(actor=coordinator, person=coordinator.person)
    coordinator.person.refresh_from_db()
    assert coordinator.person.pseudonymised_at is None


def test_affiliation_add_audits_without_the_name(coordinator, association):
    person = factories.PersonFactory(first_name="Olga", last_name="Iwanowa")
    affiliation_add(actor=coordinator, person=person, organisation=association, role="treasurer")
    entry = AuditEntry.objects.get(action="affiliation.add")
    assert entry.changes["role"] == [None, "treasurer"]
    assert "Olga" not in entry.target_repr and "Iwanowa" not in entry.target_repr
