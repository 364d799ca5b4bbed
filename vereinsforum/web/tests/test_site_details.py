"""The site details (imprint, privacy, the start page's contact) are the operator's, but may
name a person: erasing that person takes their name and address out of them too."""

import pytest
from django.urls import reverse

from vereinsforum.audit.services import REDACTED
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.testing import factories
from vereinsforum.web.models import SiteDetails
from vereinsforum.web.services import site_details_update

pytestmark = pytest.mark.django_db


def test_erasing_a_person_takes_them_out_of_the_site_details(client, coordinator, association):
    clerk = factories.PersonFactory(
        first_name="Gülşen", last_name="Müller", email="guelsen.mueller@stadt.example"
    )
    factories.AffiliationFactory(person=clerk, organisation=association, role="contact")
    site_details_update(
        actor=coordinator,
        operator="Stadt Wuppertal",
        operator_address="Johannes-Rau-Platz 1",
        privacy_officer="Gülşen Müller, Telefon 0202 563-1234",
        contact_email="Guelsen.Mueller@stadt.example",
        contact_phone="0202 563-1234",
    )

    person_pseudonymise(actor=coordinator, person=clerk)

    details = SiteDetails.load()
    assert details.privacy_officer == f"{REDACTED}, Telefon 0202 563-1234"
    assert details.contact_email == ""
    assert (details.operator, details.contact_phone) == ("Stadt Wuppertal", "0202 563-1234")
    start = client.get(reverse("web:start")).content.decode()
    assert "stadt.example" not in start and "0202 563-1234" in start


def test_an_erasure_leaves_site_details_that_do_not_name_the_person(coordinator, association):
    person = factories.PersonFactory(first_name="Olga", last_name="Iwanowa")
    factories.AffiliationFactory(person=person, organisation=association)
    site_details_update(actor=coordinator, privacy_officer="datenschutz@stadt.example")
    before = SiteDetails.load().modified
    person_pseudonymise(actor=coordinator, person=person)
    assert SiteDetails.load().modified == before
