"""Browser journeys: a service records an offer; the office computes the coverage and plans a
measure for the needs no offer meets. Every page axe-clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from vereinsforum.offers.models import CoverageRun, Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_service_records_an_offer_and_the_office_computes_the_coverage(
    page, login, assert_accessible, service_provider, coordinator, answered, offers, fields
):
    login("service_provider")
    page.goto("/angebote/")
    assert_accessible(page)
    page.goto("/angebote/neu/")
    assert_accessible(page)
    page.select_option("#id_field", str(fields[3].pk))
    page.fill("#id_title", "Kassenbuch-Sprechstunde")
    page.fill("#id_capacity", "2")
    page.check("#id_citywide")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Kassenbuch-Sprechstunde")
    offer = Offer.objects.get(title="Kassenbuch-Sprechstunde")
    assert offer.organisation_id == service_provider.acting_for_id and offer.citywide
    assert_accessible(page)
    # An empty form is shown again with its errors, still accessible.
    page.goto("/angebote/neu/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.context.clear_cookies()
    login("coordinator")
    page.goto("/angebote/abdeckung/")
    assert_accessible(page)
    page.locator("main form[action$='/berechnen/'] button").click()
    expect(page.locator("#coverage-levels")).to_be_visible()
    expect(page.locator("#coverage-matrix")).to_contain_text("Prüfverein 0 e.V.")
    assert_accessible(page)
    run = CoverageRun.objects.get()
    # Buchhaltung now has two cases for four needs (5, 4, 3, 2): the two highest are met.
    assert sorted(run.rows.filter(field=fields[3]).covered().values_list("need", flat=True)) == [
        4,
        5,
    ]
    page.locator(f"main form[action*='/felder/{fields[2].pk}/'] button").click()
    expect(page.locator(".messages")).to_be_visible()
    assert run.rows.filter(field=fields[2]).exclude(measure=None).count() == 3
    assert_accessible(page)
    expect(page.locator(f"main form[action*='/felder/{fields[2].pk}/']")).to_have_count(0)
    assert re.search(r"/angebote/abdeckung/$", page.url)
