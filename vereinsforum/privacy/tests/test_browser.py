"""Browser journey: a coordinator finds a person, records a consent, reads the Art. 15
information and the Art. 30 record; every page passes axe."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from vereinsforum.privacy.models import Consent
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consent_information_and_record(page, login, assert_accessible, coordinator, association):
    person = factories.PersonFactory(
        first_name="Zeynep", last_name="Quorblat", email="zeynep@example.org"
    )
    factories.AffiliationFactory(person=person, organisation=association, role="chair")
    login("coordinator")

    page.goto("/datenschutz/verwaltung/")
    assert_accessible(page)
    page.fill("#q", "Quorblat")
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator("main").get_by_role("link", name="Zeynep Quorblat").click()
    page.wait_for_url(f"**/datenschutz/personen/{person.pk}/")
    assert_accessible(page)

    page.goto(f"/datenschutz/personen/{person.pk}/einwilligung/")
    assert_accessible(page)
    page.locator("input[name=purpose][value=photos]").check()
    page.fill("#id_given_on", "2007-05-14")
    page.locator("input[name=source][value=paper]").check()
    page.fill("#id_text", "Fotos von mir dürfen im Bericht erscheinen.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/datenschutz/personen/{person.pk}/")
    expect(page.locator("main")).to_contain_text("Fotos von mir dürfen im Bericht erscheinen.")
    assert_accessible(page)
    consent = Consent.objects.get(person=person)
    assert consent.given_on == date(2007, 5, 14)

    page.goto(f"/datenschutz/personen/{person.pk}/auskunft/")
    expect(page.locator("main h1")).to_contain_text("Zeynep Quorblat")
    expect(page.locator("main")).to_contain_text("zeynep@example.org")
    expect(page.locator("main")).to_contain_text(association.name)
    assert_accessible(page)

    page.goto("/datenschutz/verzeichnis/")
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("main section.activity").count() >= 10
    assert_accessible(page)
