"""Contacts: a person created with their first role, roles added and ended, erasure rules."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import REDACTED
from vereinsforum.organisations.changes import PersonFields
from vereinsforum.organisations.models import Affiliation, Person
from vereinsforum.organisations.services import (
    affiliation_add,
    affiliation_end,
    person_create,
    person_pseudonymise,
    person_update,
)
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def test_person_create_with_an_organisation_also_records_the_role(representative, association):
    person = person_create(
        actor=representative,
        organisation=association,
        role="treasurer",
        start=date(2007, 6, 1),
        first_name="Olga",
        last_name="Iwanowa",
        email="olga@example.org",
    )
    affiliation = Affiliation.objects.get(person=person)
    assert (affiliation.organisation, affiliation.role, affiliation.start) == (
        association,
        "treasurer",
        date(2007, 6, 1),
    )
    actions = list(AuditEntry.objects.filter(actor=representative).values_list("action", flat=True))
    assert sorted(actions) == ["affiliation.add", "person.create"]
    created = AuditEntry.objects.get(action="person.create")
    assert created.changes["last_name"] == [REDACTED, REDACTED]  # never the name in clear
    assert "Iwanowa" not in created.target_repr


def test_person_create_with_an_organisation_but_no_role_writes_nothing(coordinator, association):
    with pytest.raises(ValidationError) as exc:
        person_create(
            actor=coordinator, organisation=association, first_name="Olga", last_name="Iwanowa"
        )
    assert "role" in exc.value.error_dict
    assert not Person.objects.filter(last_name="Iwanowa").exists()
    assert not AuditEntry.objects.exists()


def test_person_create_rolls_back_the_person_when_the_role_is_refused(coordinator, association):
    with pytest.raises(ValidationError):
        person_create(
            actor=coordinator,
            organisation=association,
            role="pope",
            first_name="Olga",
            last_name="Iwanowa",
        )
    assert not Person.objects.filter(last_name="Iwanowa").exists()


def test_affiliation_add_records_the_dates_in_the_audit_log(coordinator, association):
    person = factories.PersonFactory()
    affiliation = affiliation_add(
        actor=coordinator,
        person=person,
        organisation=association,
        role="delegate",
        start=date(2007, 5, 14),
    )
    entry = AuditEntry.objects.for_target(affiliation).get()
    assert entry.changes["start"] == [None, "2007-05-14"]
    assert entry.changes["role"] == [None, "delegate"]


def test_the_same_role_twice_is_refused_with_a_clear_message(coordinator, association):
    person = factories.PersonFactory(first_name="Kemal", last_name="Yıldız")
    affiliation_add(actor=coordinator, person=person, organisation=association, role="chair")
    with translation.override("de"), pytest.raises(ValidationError) as exc:
        affiliation_add(actor=coordinator, person=person, organisation=association, role="chair")
    assert exc.value.messages == ["In Anadolu e.V. hat Kemal Yıldız bereits die Rolle „Vorsitz“."]
    assert Affiliation.objects.filter(person=person).count() == 1


def test_a_former_role_is_named_with_its_end_when_added_again(coordinator, association):
    person = factories.PersonFactory()
    old = affiliation_add(
        actor=coordinator, person=person, organisation=association, role="treasurer"
    )
    affiliation_end(actor=coordinator, affiliation=old, end=date(2007, 12, 31))
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        affiliation_add(
            actor=coordinator, person=person, organisation=association, role="treasurer"
        )
    assert "until 12/31/2007" in exc.value.messages[0]


def test_no_new_role_for_an_erased_person(coordinator, association):
    person = factories.PersonFactory()
    person_pseudonymise(actor=coordinator, person=person)
    with pytest.raises(ValidationError):
        affiliation_add(actor=coordinator, person=person, organisation=association, role="member")
    with pytest.raises(ValidationError):
        person_update(actor=coordinator, person=person, changes=PersonFields(first_name="Neu"))
    assert not Affiliation.objects.filter(person=person).exists()


def test_affiliation_end_keeps_the_row_and_audits_old_and_new_end(coordinator, association):
    affiliation = factories.AffiliationFactory(
        organisation=association, role="treasurer", start=date(2005, 1, 1)
    )
    affiliation_end(actor=coordinator, affiliation=affiliation, end=date(2007, 10, 10))
    affiliation.refresh_from_db()
    assert affiliation.end == date(2007, 10, 10)
    entry = AuditEntry.objects.get(action="affiliation.end")
    assert entry.actor == coordinator
    assert entry.changes == {"end": [None, "2007-10-10"]}
    # The same date again changes nothing and is not logged twice.
    affiliation_end(actor=coordinator, affiliation=affiliation, end=date(2007, 10, 10))
    assert AuditEntry.objects.filter(action="affiliation.end").count() == 1
    affiliation_end(actor=coordinator, affiliation=affiliation, end=date(2007, 11, 1))
    assert AuditEntry.objects.filter(action="affiliation.end").order_by("pk").last().changes == {
        "end": ["2007-10-10", "2007-11-01"]
    }


def test_affiliation_end_before_the_start_is_a_field_error(coordinator, association):
    affiliation = factories.AffiliationFactory(
        organisation=association, role="treasurer", start=date(2007, 6, 1)
    )
    with translation.override("de"), pytest.raises(ValidationError) as exc:
        affiliation_end(actor=coordinator, affiliation=affiliation, end=date(2007, 5, 1))
    assert exc.value.message_dict["end"] == [
        "Das Ende darf nicht vor dem Beginn (01.06.2007) liegen."
    ]
    affiliation.refresh_from_db()
    assert affiliation.end is None
    assert not AuditEntry.objects.filter(action="affiliation.end").exists()


def test_an_erased_persons_role_can_still_be_ended(coordinator, association):
    affiliation = factories.AffiliationFactory(organisation=association, role="chair")
    person_pseudonymise(actor=coordinator, person=affiliation.person)
    affiliation_end(actor=coordinator, affiliation=affiliation, end=date(2008, 1, 31))
    affiliation.refresh_from_db()
    assert affiliation.end == date(2008, 1, 31)


def test_current_and_former_roles_split_on_the_day(association):
    """The end date is the day the role ended: ending a role today takes effect at once
    (the representative loses access to the person the moment the role is ended)."""
    today = date(2007, 11, 12)
    ongoing = factories.AffiliationFactory(organisation=association, role="chair")
    ends_tomorrow = factories.AffiliationFactory(
        organisation=association, role="secretary", end=date(2007, 11, 13)
    )
    ends_today = factories.AffiliationFactory(organisation=association, role="treasurer", end=today)
    ended = factories.AffiliationFactory(
        organisation=association, role="member", end=date(2007, 11, 11)
    )
    starts_later = factories.AffiliationFactory(
        organisation=association, role="delegate", start=date(2007, 12, 1)
    )
    qs = Affiliation.objects.filter(organisation=association)
    assert set(qs.current(today)) == {ongoing, ends_tomorrow}
    assert set(qs.former(today)) == {ends_today, ended}
    assert starts_later not in set(qs.current(today)) | set(qs.former(today))
