"""Browser: a coordinator follows a field's chain; the public reads the accountability
page and opens the forum's published resolution from it. axe-core on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from vereinsforum.measures.tests.trace_world import REACHED, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_follows_the_chain_of_a_field(
    page, login, assert_accessible, programme, coordinator, association
):
    world = build(programme, coordinator, enrolled=[association])
    login("coordinator")
    page.goto("/massnahmen/nachverfolgung/")
    assert_accessible(page)
    page.get_by_role("link", name="Buchhaltung").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buchhaltung")
    expect(page.get_by_test_id("priority")).to_contain_text("Gewichtung der Themenfelder")
    expect(page.get_by_test_id("measures")).to_contain_text("Grundlagenschulung Vereinsbuchhaltung")
    expect(page.get_by_test_id("reach")).to_contain_text(f"{len(REACHED) + 1}")
    expect(page.get_by_test_id("reached-rows")).to_contain_text(world.orgs[0].name)
    assert_accessible(page)
    # On a phone the tables scroll inside their region, not the page.
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_the_public_reads_the_accountability_page(page, assert_accessible, programme, coordinator):
    world = build(programme, coordinator)
    page.goto("/massnahmen/rechenschaft/")
    expect(page.get_by_role("heading", level=2, name="Buchhaltung")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Grundlagenschulung Vereinsbuchhaltung")
    ).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Geheimname")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    href = page.get_by_role("link", name=world.agenda_item.title).get_attribute("href")
    assert href.endswith(f"/agendaitem/forum-{world.agenda_item.pk}")
