"""In Chromium, with axe-core: the searchable association list of the event form, and the
confirmation before a registration is cancelled."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vereinsforum.events.models import Event
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def test_the_association_list_of_a_new_event_is_searchable(
    page, login, assert_accessible, team_member, programme
):
    for n in range(38):
        factories.OrganisationFactory(name=f"Kulturverein Nummer {n:02d} e.V.")
    factories.OrganisationFactory(name="Anadolu e.V.")
    factories.OrganisationFactory(name="Türkischer Elternbund e.V.")
    login("team_member")
    page.goto("/veranstaltungen/neu/")
    assert_accessible(page)

    # The section heading stands above its first field, not beside it ("WasProgramm").
    legend = page.locator("fieldset.event-form__group legend").first.bounding_box()
    label = page.locator("label[for=id_programme]").bounding_box()
    assert legend["y"] + legend["height"] <= label["y"]

    # Forty associations take one scrolling box, not a page each.
    box = page.locator("#id_associations_choices")
    assert box.bounding_box()["height"] < 450
    status = (
        page.locator("#id_associations_choices").locator("xpath=..").locator(".choice-list__status")
    )
    assert _numbers(status.inner_text()) == {"0", "40"}

    # Accents and case do not matter; the count is announced in a live region.
    search = page.locator("#id_associations_filter")
    assert search.get_attribute("aria-controls") == "id_associations_choices"
    shown = page.locator("#id_associations_choices .kern-form-check:visible")
    search.fill("turk")
    expect(shown).to_have_count(1)
    assert status.get_attribute("aria-live") == "polite"
    assert _numbers(status.inner_text()) == {"0", "1", "40"}
    page.get_by_label("Türkischer Elternbund e.V.").check()
    expect(status).to_have_text(re.compile(r"\D1\D.*\D1\D.*\D40"))
    assert_accessible(page)

    # A box hidden by the next search stays ticked and is sent; Enter does not submit.
    search.fill("anadolu")
    expect(shown).to_have_count(1)
    search.press("Enter")
    assert page.url.endswith("/veranstaltungen/neu/")
    page.get_by_label("Anadolu e.V.").check()
    page.fill("#id_title", "Grundlagenschulung Buchhaltung")
    start = timezone.localtime() + timedelta(days=14)
    page.fill("#id_start", start.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_end", start.strftime("%Y-%m-%dT13:00"))
    page.fill("#id_location_name", "Rathaus Barmen")
    page.click("#save-event")
    page.wait_for_url(re.compile(r".*/veranstaltungen/\d+/$"))
    event = Event.objects.get(title="Grundlagenschulung Buchhaltung")
    assert sorted(event.invitations.values_list("organisation__name", flat=True)) == [
        "Anadolu e.V.",
        "Türkischer Elternbund e.V.",
    ]


def test_cancelling_a_registration_asks_first(
    page, login, assert_accessible, programme, association, representative
):
    from vereinsforum.events.models import RegistrationStatus
    from vereinsforum.events.services.registration import registration_create
    from vereinsforum.events.tests.factories import EventFactory

    event = EventFactory(programme=programme, title="Grundlagenschulung Buchhaltung")
    registration = registration_create(
        actor=TEST, event=event, person=representative.person, organisation=association
    )
    login("representative")
    page.goto(f"/veranstaltungen/{event.pk}/")
    cancel = page.locator(".delegate a[data-confirm]")
    dialog = page.get_by_role("dialog")

    # The question opens as a modal dialog, the safe answer focused; Escape keeps the seat.
    cancel.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(representative.person.full_name)
    expect(dialog.locator("[data-dialog-close]")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(cancel).to_be_focused()

    # "No" keeps it too.
    cancel.click()
    dialog.locator("[data-dialog-close]").click()
    expect(dialog).to_be_hidden()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED

    # "Yes" cancels; the panel is swapped in place.
    cancel.click()
    dialog.locator("button[type=submit]").click()
    expect(page.locator(".delegate")).to_have_count(0)
    assert page.url.endswith(f"/veranstaltungen/{event.pk}/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert_accessible(page)


def test_staff_confirm_a_cancellation_in_a_dialog_and_on_the_fallback_page(
    page, login, assert_accessible, programme, association, representative, team_member
):
    from vereinsforum.events.models import RegistrationStatus
    from vereinsforum.events.services.registration import registration_create
    from vereinsforum.events.tests.factories import EventFactory

    event = EventFactory(programme=programme)
    registration = registration_create(
        actor=TEST, event=event, person=representative.person, organisation=association
    )
    login("team_member")
    # The page a browser without JavaScript gets.
    page.goto(f"/veranstaltungen/anmeldung/{registration.pk}/stornieren/")
    assert_accessible(page)
    page.goto(f"/veranstaltungen/{event.pk}/anmeldungen/")
    page.locator("a[data-confirm]").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert_accessible(page)
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"**/veranstaltungen/{event.pk}/anmeldungen/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
