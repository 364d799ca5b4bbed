"""Recording a past kick-off in the browser: every page on the way is axe-clean."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from vereinsforum.events.models import EventKind
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.programmes.models import ParticipationStep
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BERLIN = ZoneInfo("Europe/Berlin")


def test_coordinator_records_a_past_kick_off(page, login, assert_accessible, coordinator):
    programme = factories.ProgrammeFactory(name="Mehr PS für Integrationsarbeit")
    kick_off = EventFactory(
        programme=programme,
        kind=EventKind.KICK_OFF,
        title="Auftaktveranstaltung",
        audience="chosen",
        capacity=None,
        start=datetime(2007, 5, 14, 17, tzinfo=BERLIN),
        end=datetime(2007, 5, 14, 20, tzinfo=BERLIN),
    )
    anadolu = factories.OrganisationFactory(name="Anadolu e.V.")
    parish = factories.OrganisationFactory(name="Russisch-orthodoxe Kirchengemeinde")
    chair = factories.AffiliationFactory(organisation=anadolu, role="chair").person
    factories.AffiliationFactory(organisation=parish, role="chair")

    login("coordinator")
    page.goto(f"/veranstaltungen/{kick_off.pk}/einladungen/")
    assert_accessible(page)
    page.get_by_label("Anadolu e.V.").check()
    page.get_by_label("Russisch-orthodoxe Kirchengemeinde").check()
    page.fill("#id_sent_on", "2007-05-10")
    page.get_by_role("button", name="Einladungen versenden").click()
    page.wait_for_selector("text=10.05.2007")
    assert_accessible(page)

    page.goto(f"/veranstaltungen/{kick_off.pk}/einlass/")
    page.click(f"a[href='/veranstaltungen/{kick_off.pk}/einlass/nachtragen/']")
    page.wait_for_selector("#record-attendance")
    assert_accessible(page)
    page.get_by_label(chair.full_name).check()
    page.click("#record-attendance")
    page.wait_for_url(f"**/veranstaltungen/{kick_off.pk}/einlass/")
    assert_accessible(page)

    page.get_by_label("Anadolu e.V.").check()
    page.fill("#id_enrolled_on", "2007-05-31")
    page.locator("form.enrol-form button[type=submit]").click()
    page.wait_for_selector("text=31.05.2007")
    assert_accessible(page)

    dates = dict(ParticipationStep.objects.values_list("step", "date"))
    assert {k: v.isoformat() for k, v in dates.items()} == {
        "invited": "2007-05-10",
        "attended": "2007-05-14",
        "enrolled": "2007-05-31",
    }
