"""Browser journey: staff open the measures list, a measure and the form, create one and
move it along its lifecycle; every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from vereinsforum.forum.models import ItemResult, ResolutionKind
from vereinsforum.forum.services import sessions
from vereinsforum.lib.actors import TEST
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


def test_staff_create_measures_from_a_resolution_on_the_session_page(
    page, login, assert_accessible, team_member, programme, body, session_event
):
    item = sessions.agenda_item_add(
        actor=TEST, body=body, event=session_event, title="Thema Buchhaltung: Arbeitsgruppe"
    )
    sessions.agenda_item_update(
        actor=TEST,
        item=item,
        title=item.title,
        description="",
        resolution="Es wird eine Arbeitsgruppe Buchhaltung gebildet.",
        resolution_kind=ResolutionKind.WORKING_GROUP,
        result=ItemResult.ADOPTED,
    )
    login("team_member")
    page.goto(f"/forum/sitzungen/{session_event.pk}/")
    page.get_by_role("link", name="Maßnahmen aus diesem Beschluss anlegen").click()
    page.wait_for_url(f"**/massnahmen/aus-beschluss/{item.pk}/")
    assert_accessible(page)
    # Title and kind are taken from the resolution.
    expect(page.locator("#id_measure-0-title")).to_have_value("Thema Buchhaltung: Arbeitsgruppe")
    expect(page.locator("#id_measure-0-kind")).to_have_value("working_group")
    page.fill("#id_measure-0-title", "Arbeitsgruppe Vereinsbuchhaltung")
    page.locator("input[name='measure-0-fields']").first.check()
    page.locator("main button[type=submit]").click()
    measure = Measure.objects.get(title="Arbeitsgruppe Vereinsbuchhaltung")
    page.wait_for_url(f"**/massnahmen/{measure.pk}/")
    assert measure.resolution == item
    expect(page.locator("main")).to_contain_text("Es wird eine Arbeitsgruppe Buchhaltung gebildet.")
    assert_accessible(page)
