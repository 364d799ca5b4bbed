"""Staff at the door and after it: the kick-off funnel, walk-ins, attendance lists (CSV
preview and import), check-in by code, the attendance history and certificates.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from vereinsforum.events.attendance_import import parse_attendance
from vereinsforum.events.history import attendance_history
from vereinsforum.events.models import Registration, RegistrationStatus
from vereinsforum.events.services.door import (
    attendance_close,
    attendance_import,
    registration_check_in,
    walk_in_record,
)
from vereinsforum.events.services.funnel import kick_off_enrol
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.summary import events_summary
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def _register(event, person, org, **kw):
    return registration_create(actor=TEST, event=event, person=person, organisation=org, **kw)


def test_kick_off_funnel_is_computed_from_the_kick_off(programme, member):
    # Associations enrol at the kick-off or later: the kick-off is under way.
    start = timezone.now() - timedelta(hours=1)
    kick_off = EventFactory(
        programme=programme, kind="kick_off", audience="chosen", capacity=None, start=start
    )
    orgs = [factories.OrganisationFactory() for _ in range(5)]
    invitation_send(actor=TEST, event=kick_off, organisations=orgs, at=start - timedelta(days=7))
    for org in orgs[:3]:
        registration = _register(kick_off, member(org), org, source="on_behalf")
        registration_check_in(actor=TEST, registration=registration)
    for org in orgs[:2]:
        kick_off_enrol(actor=TEST, event=kick_off, organisation=org)
    with pytest.raises(ValidationError, match="did not attend"):
        kick_off_enrol(actor=TEST, event=kick_off, organisation=orgs[4])
    assert programme.funnel() == {"invited": 5, "attended": 3, "enrolled": 2, "withdrawn": 0}
    summary = events_summary(programme)["kick_off"]
    assert (summary["invited"], summary["attended"], summary["enrolled"]) == (5, 3, 2)
    assert set(kick_off.attending_organisations()) == set(orgs[:3])


def test_walk_in_creates_the_person_and_counts_as_attended(programme, association, coordinator):
    event = EventFactory(programme=programme, capacity=1)
    registration = walk_in_record(
        actor=coordinator,
        event=event,
        organisation=association,
        first_name="Leyla",
        last_name="Demir",
    )
    assert registration.status == RegistrationStatus.ATTENDED
    assert registration.person.affiliations.get().organisation == association
    with pytest.raises(ValidationError, match="full"):
        walk_in_record(
            actor=coordinator,
            event=event,
            organisation=association,
            first_name="Ana",
            last_name="Ferreira",
        )


def test_csv_import_previews_each_bad_row_and_checks_in_the_good_ones(
    programme, association, other_association, member
):
    event = EventFactory(programme=programme, capacity=10)
    good = _register(event, member(association), association)
    by_name = _register(event, member(other_association), other_association)
    cancelled = _register(event, member(association), association)
    cancelled.status = "cancelled"
    cancelled.save()
    text = (
        "code;organisation;first_name;last_name\n"
        f"{good.code};;;\n"
        f";{other_association.name};{by_name.person.first_name};{by_name.person.last_name}\n"
        "falsch;;;\n"
        ";Irgendwer e.V.;Max;\n"
        f"{cancelled.code};;;\n"
        f"{good.code};;;\n"
    )
    rows, error = parse_attendance(event, text)
    assert error == ""
    assert [r.ok for r in rows] == [True, True, False, False, False, False]
    assert "falsch" in rows[2].error
    assert "missing" in rows[3].error
    assert "cancelled" in rows[4].error
    assert "twice" in rows[5].error
    assert attendance_import(actor=TEST, event=event, text=text) == 2
    assert set(event.registrations.filter(status="attended")) == {good, by_name}


def test_csv_without_the_needed_columns_is_refused(event):
    rows, error = parse_attendance(event, "name,email\nA,b@c.d\n")
    assert rows == [] and "header row" in error
    with pytest.raises(ValidationError):
        attendance_import(actor=TEST, event=event, text="name\nA\n")


def test_import_view_shows_the_preview_before_anything_changes(
    client, coordinator, programme, association, member
):
    event = EventFactory(programme=programme)
    registration = _register(event, member(association), association)
    client.force_login(coordinator)
    url = f"/veranstaltungen/{event.pk}/einlass/liste/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", f"code\n{registration.code}\nxyz\n".encode())
    page = client.post(url, {"file": upload}).content.decode()
    assert "Keine Anmeldung zu dieser Veranstaltung hat den Code xyz." in page
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.code not in page.split('name="confirm"')[1]  # the file is not echoed
    client.post(url, {"registration": [str(registration.pk)], "confirm": "1"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


def test_check_in_by_code_and_attendance_history(
    client, coordinator, programme, association, member
):
    person = member(association)
    past = EventFactory(
        programme=programme,
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    missed = EventFactory(
        programme=programme,
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() - timedelta(days=2) + timedelta(hours=2),
    )
    came = Registration.objects.create(
        event=past, organisation=association, person=person, status="registered"
    )
    Registration.objects.create(
        event=missed, organisation=association, person=person, status="registered"
    )
    client.force_login(coordinator)
    client.post(f"/veranstaltungen/{past.pk}/einlass/code/", {"code": came.code})
    came.refresh_from_db()
    assert came.status == RegistrationStatus.ATTENDED
    assert attendance_close(actor=TEST, event=missed) == 1
    history = attendance_history(Registration.objects.filter(person=person))
    assert (history.attended, history.missed, history.rate) == (1, 1, 0.5)
    page = client.get(f"/veranstaltungen/verlauf/verein/{association.pk}/").content.decode()
    assert '<span class="figure__value" id="attendance-rate">50 %</span>' in page


def test_history_is_scoped_to_the_users_association(client, association, outsider):
    client.force_login(outsider)
    assert client.get(f"/veranstaltungen/verlauf/verein/{association.pk}/").status_code == 404


def test_certificate_pdf_for_an_attended_training(
    client, coordinator, programme, association, member, outsider
):
    event = EventFactory(programme=programme, kind="training", title="Schulung Buchhaltung")
    registration = _register(event, member(association), association)
    client.force_login(coordinator)
    url = f"/veranstaltungen/anmeldung/{registration.pk}/bescheinigung/"
    assert client.get(url).status_code == 302  # not attended yet: no certificate
    registration_check_in(actor=TEST, registration=registration)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    import io

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert registration.person.last_name in text
    assert "Schulung Buchhaltung" in text
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_staff_check_in_row_swaps_via_htmx(client, coordinator, programme, association, member):
    event = EventFactory(programme=programme)
    registration = _register(event, member(association), association)
    client.force_login(coordinator)
    response = client.post(f"/veranstaltungen/einlass/{registration.pk}/", HTTP_HX_REQUEST="true")
    body = response.content.decode().strip()
    assert body.startswith(f'<tr class="kern-table__row" id="checkin-row-{registration.pk}"')
    assert 'data-status="attended"' in body
