"""The import wizard in a browser: upload → map → preview → apply, each page axe-clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.models import Organisation
from vereinsforum.testing.factories import OrganisationFactory
from vereinsforum.transfer.tests.helpers import ROWS, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_imports_a_file_through_the_wizard(page, login, assert_accessible, coordinator):
    saved = OrganisationFactory(name="Anadolu Kulturverein", street="", register_number="")
    login("coordinator")
    page.goto("/daten/")
    assert_accessible(page)
    page.locator("a[href='/daten/import/']").click()
    assert_accessible(page)
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "vereine.csv",
                "mimeType": "text/csv",
                "buffer": csv_bytes(
                    encoding="cp1252",
                    rows=[
                        ROWS[0][:4] + ["Ayse", "Yilmaz", "Vorsitzende", "ayse@example.org"],
                        ROWS[2],
                    ],
                ),
            }
        ],
    )
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_url("**/daten/import/zuordnung/")
    expect(page.locator("#column-0")).to_have_value("name")
    expect(page.locator("main")).to_contain_text("Windows-1252")
    assert_accessible(page)
    # The user decides that "Straße" is the city district here.
    page.select_option("#column-2", "district")
    page.locator("#mapping-form button[type=submit]").click()
    page.wait_for_url("**/daten/import/vorschau/")
    expect(page.locator("#import-rows")).to_contain_text("Centro Español")
    assert_accessible(page)
    # The saved association is found as a duplicate; the coordinator chooses to update it.
    page.select_option("select[name='decision:r:VR1234']", "update")
    page.locator("#preview-form button.kern-btn--secondary").click()
    page.wait_for_url("**/daten/import/vorschau/")
    expect(page.locator("select[name='decision:r:VR1234']")).to_have_value("update")
    assert Organisation.objects.count() == 1  # still only the preview
    page.locator("#apply-import").click()
    page.wait_for_url("**/daten/")
    # Organisations: 1 created, 1 updated, 0 unchanged, 0 skipped; contacts: 1 created.
    expect(page.locator("main")).to_contain_text(re.compile(r"\b1\D+1\D+0\D+0\D+1\b"))
    assert_accessible(page)
    saved.refresh_from_db()
    assert saved.name == "Anadolu Kulturverein e. V."
    assert saved.district == "Hauptstraße 1" and saved.street == ""
    assert Organisation.objects.filter(name="Centro Español").exists()
    assert saved.affiliations.get().person.last_name == "Yilmaz"
    assert AuditEntry.objects.filter(action="import.apply").count() == 1
