"""Browser journeys through the events pages, with axe-core on every page visited."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from vereinsforum.accounts.models import Role
from vereinsforum.events.models import Registration, RegistrationStatus
from vereinsforum.events.services.door import registration_check_in
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def _messages(folder: Path):
    for path in sorted(folder.glob("*.log")):
        raw = path.read_bytes()
        # the file backend appends messages separated by a line of dashes
        for chunk in raw.split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                yield email.message_from_bytes(chunk.strip(), policy=policy.default)


def _rep(org, username, language="de"):
    person = factories.PersonFactory(preferred_language=language)
    factories.AffiliationFactory(person=person, organisation=org, role="chair")
    return factories.UserFactory(
        username=username, role=Role.REPRESENTATIVE, acting_for=org, person=person
    )


def _switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_waitlisted_representative_gets_the_freed_seat(
    page, login, assert_accessible, programme, outbox
):
    event = EventFactory(programme=programme, capacity=1, audience="public", offer_hours=24)
    first_org = factories.OrganisationFactory(name="Anadolu e.V.")
    second_org = factories.OrganisationFactory(name="Türkischer Elternbund e.V.")
    first = _rep(first_org, "erste")
    second = _rep(second_org, "zweite", language="tr")

    # A representative registers.
    login("erste")
    page.goto(f"/veranstaltungen/{event.pk}/")
    assert_accessible(page)
    page.select_option("#id_person", label=first.person.full_name)
    page.click("#register-button")
    page.wait_for_selector(".delegate[data-status=registered]")
    assert "0 von 1 Plätzen frei" in page.inner_text("#registration-panel")
    assert_accessible(page)

    # The next one is waitlisted.
    _switch_user(page, login, "zweite")
    page.goto(f"/veranstaltungen/{event.pk}/")
    page.select_option("#id_person", label=second.person.full_name)
    assert page.inner_text("#register-button") == "Auf die Warteliste"
    page.click("#register-button")
    page.wait_for_selector(".delegate[data-status=waitlisted]")
    assert_accessible(page)

    # A seat frees up: the first representative cancels.
    _switch_user(page, login, "erste")
    page.goto(f"/veranstaltungen/{event.pk}/")
    page.click(".delegate a[data-confirm]")
    page.click("dialog[open] button[type=submit]")
    page.wait_for_selector(".delegate", state="detached")
    waiting = Registration.objects.get(person=second.person)
    assert waiting.status == RegistrationStatus.OFFERED

    # The offer lands in the outbox, in the recipient's language (Turkish).
    offers = [m for m in _messages(outbox) if m["To"] == second.person.email]
    offer = next(m for m in offers if "Sizin için bir yer boşaldı" in m["Subject"])
    assert offer["Content-Language"] == "tr"
    text = offer.get_body(preferencelist=("plain",)).get_content()
    html = offer.get_body(preferencelist=("html",)).get_content()
    assert "Yeri buradan kabul edin" in text
    assert 'lang="tr"' in html
    accept_url = next(word for word in text.split() if "/angebot/" in word)

    # The waitlisted representative accepts it.
    _switch_user(page, login, "zweite")
    page.goto(urlparse(accept_url).path)
    assert_accessible(page)
    page.click("#accept-offer")
    page.wait_for_url("**/ticket/**")
    assert page.locator("figure.ticket-qr svg[role=img]").count() == 1
    assert_accessible(page)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert event.seats_taken() == 1


def test_every_events_page_is_accessible(
    page, login, assert_accessible, programme, coordinator, association, representative
):
    future = timezone.now() + timedelta(days=5)
    training = EventFactory(
        programme=programme, start=future, capacity=3, audience="chosen", kind="training"
    )
    kick_off = EventFactory(
        programme=programme,
        kind="kick_off",
        audience="chosen",
        capacity=None,
        start=timezone.now() - timedelta(hours=2),
        end=timezone.now() - timedelta(hours=1),
    )
    invitation_send(actor=TEST, event=training, organisations=[association])
    invitation_send(
        actor=TEST,
        event=kick_off,
        organisations=[association],
        at=timezone.now() - timedelta(days=1),  # invited before it began
    )
    registration = registration_create(
        actor=TEST,
        event=training,
        person=representative.person,
        organisation=association,
    )
    attended = Registration.objects.create(
        event=kick_off,
        organisation=association,
        person=representative.person,
        status="registered",
    )
    registration_check_in(actor=TEST, registration=attended)

    login("coordinator")
    pages = [
        "/veranstaltungen/",
        "/veranstaltungen/kalender/",
        f"/veranstaltungen/kalender/{future.year}/{future.month}/",
        f"/veranstaltungen/{training.pk}/",
        f"/veranstaltungen/{training.pk}/einladungen/",
        f"/veranstaltungen/{training.pk}/anmeldungen/",
        f"/veranstaltungen/{training.pk}/einlass/",
        f"/veranstaltungen/{kick_off.pk}/einlass/",
        f"/veranstaltungen/{kick_off.pk}/einlass/nachtragen/",
        f"/veranstaltungen/{training.pk}/einlass/ohne-anmeldung/",
        f"/veranstaltungen/{training.pk}/einlass/liste/",
        f"/veranstaltungen/verlauf/verein/{association.pk}/",
        f"/veranstaltungen/verlauf/person/{representative.person.pk}/",
        f"/veranstaltungen/ticket/{registration.code}/",
        f"/veranstaltungen/angebot/{registration.code}/",
        "/veranstaltungen/abos/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)

    # the CSV preview with a good and a bad row
    page.goto(f"/veranstaltungen/{training.pk}/einlass/liste/")
    csv = f"code\n{registration.code}\nfalsch\n".encode()
    page.set_input_files(
        "#id_file", files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_selector(".import-preview")
    assert page.locator(".import-preview tr[data-ok='0']").count() == 1
    assert_accessible(page)

    # the check-in search swaps the rows in place (htmx)
    page.goto(f"/veranstaltungen/{training.pk}/einlass/")
    page.fill("#id_q", "nobody-by-this-name")
    page.wait_for_selector("#checkin-rows >> text=Niemand gefunden.")
    assert_accessible(page)

    # the representative's own view, in Arabic (right to left)
    page.context.clear_cookies()
    login("representative")
    page.goto(f"/veranstaltungen/{training.pk}/")
    page.select_option("#language-select", "ar")
    page.click(".language-switcher button")
    page.wait_for_selector("html[dir=rtl]")
    assert_accessible(page)
    page.goto("/veranstaltungen/abos/")
    assert_accessible(page)

    # and the public
    page.context.clear_cookies()
    page.goto("/veranstaltungen/")
    assert_accessible(page)


def test_staff_create_edit_and_cancel_an_event(
    page, login, assert_accessible, programme, coordinator, association, representative
):
    from vereinsforum.events.models import Event, MailKind, OutboxMessage

    login("coordinator")
    page.goto("/veranstaltungen/")
    page.click("#new-event")
    page.wait_for_url("**/veranstaltungen/neu/")
    assert_accessible(page)

    # bad input: the end lies before the start; the page explains it and keeps every value
    start = timezone.localtime(timezone.now() + timedelta(days=14)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    page.select_option("#id_kind", "training")
    page.fill("#id_title", "Buchhaltung für Vereine")
    page.fill("#id_title_tr", "Dernekler için muhasebe")
    page.fill("#id_start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_end", (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_location_name", "Bürgerzentrum Elberfeld")
    page.fill("#id_location_accessibility", "Stufenloser Zugang, Aufzug")
    page.fill("#id_capacity", "1")
    page.check(f"input[name=associations][value='{association.pk}']")
    page.check("input[name=audience][value=chosen]")
    page.click("#save-event")
    page.wait_for_selector("#form-errors")
    assert "Die Veranstaltung muss nach ihrem Beginn enden." in page.inner_text("#form-errors")
    assert page.input_value("#id_title_tr") == "Dernekler için muhasebe"
    assert page.input_value("#id_location_name") == "Bürgerzentrum Elberfeld"
    assert not Event.objects.exists()
    assert_accessible(page)

    page.fill("#id_end", (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.click("#save-event")
    page.wait_for_selector("h1 >> text=Buchhaltung für Vereine")
    event = Event.objects.get()
    assert event.location.accessibility == "Stufenloser Zugang, Aufzug"
    assert event.invitations.get().organisation == association
    assert_accessible(page)

    # two people of the association: one seat, one waiting place
    registration_create(
        actor=TEST, event=event, person=representative.person, organisation=association
    )
    other = factories.PersonFactory(preferred_language="ru")
    factories.AffiliationFactory(person=other, organisation=association, role="member")
    waiting = registration_create(actor=TEST, event=event, person=other, organisation=association)
    assert waiting.status == RegistrationStatus.WAITLISTED

    # raising the capacity offers the freed seat to the waiting list
    page.click(".event-staff-nav >> text=Veranstaltung bearbeiten")
    page.wait_for_url(f"**/veranstaltungen/{event.pk}/bearbeiten/")
    assert_accessible(page)
    page.fill("#id_capacity", "2")
    page.click("#save-event")
    page.wait_for_url(f"**/veranstaltungen/{event.pk}/")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED

    # cancelling notifies both people and keeps their registrations
    page.click(".event-staff-nav >> text=Veranstaltung absagen")
    page.wait_for_url(f"**/veranstaltungen/{event.pk}/absagen/")
    assert_accessible(page)
    page.fill("#id_note", "Die Referentin ist erkrankt.")
    page.click("#confirm-cancel")
    page.wait_for_selector("#event-cancelled")
    assert "Die Referentin ist erkrankt." in page.inner_text("#event-cancelled")
    assert_accessible(page)
    assert set(event.registrations.values_list("status", flat=True)) == {"cancelled"}
    assert (
        OutboxMessage.objects.filter(kind=MailKind.CANCELLATION, registration__event=event).count()
        == 2
    )
