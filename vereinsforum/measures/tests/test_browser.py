"""Browser journey: staff open the measures list, a measure and the form, create one and
move it along its lifecycle; every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from vereinsforum.measures.models import Measure, MeasureStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_create_a_measure_and_change_its_status(
    page, login, assert_accessible, team_member, programme, make_measure
):
    make_measure("Grundlagenschulung Vereinsbuchhaltung", status=MeasureStatus.PLANNED)
    login("team_member")
    page.goto("/massnahmen/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Grundlagenschulung Vereinsbuchhaltung")

    page.goto("/massnahmen/neu/")
    assert_accessible(page)
    page.fill("#id_title", "Schulung Öffentlichkeitsarbeit")
    page.select_option("#id_kind", "training")
    page.get_by_label("Öffentlichkeitsarbeit", exact=True).check()
    page.fill("#id_target_participants", "18")
    page.fill("#id_on", "2007-10-10")
    page.locator("main button[type=submit]").click()
    measure = Measure.objects.get(title="Schulung Öffentlichkeitsarbeit")
    page.wait_for_url(f"**/massnahmen/{measure.pk}/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Schulung Öffentlichkeitsarbeit")

    # The status form on the page offers the next steps only.
    page.select_option("#id_status", "planned")
    page.fill("#id_on", "2007-10-11")
    page.locator("form.status-form button[type=submit]").click()
    page.wait_for_url(f"**/massnahmen/{measure.pk}/")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED
    assert measure.timeline.count() == 2
    assert_accessible(page)
