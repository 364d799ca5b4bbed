"""Typed-in and uploaded input that used to answer 500 (issue 9, defect 13)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.attendance_import import MAX_BYTES
from vereinsforum.events.models import RegistrationStatus
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST


@pytest.fixture
def registration(programme, association, member):
    event = EventFactory(programme=programme, capacity=5)
    return registration_create(
        actor=TEST, event=event, person=member(association), organisation=association
    )


def _upload(client, event, content: bytes):
    url = reverse("events:attendance_import", args=[event.pk])
    # English: the assertions read the English msgids, whatever the catalogues hold.
    return client.post(
        url, {"file": SimpleUploadedFile("liste.csv", content)}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_cell_over_the_csv_field_limit_is_a_file_error_not_a_500(
    client, coordinator, registration
):
    client.force_login(coordinator)
    content = b"code\n" + b"x" * (129 * 1024) + b"\n"
    response = _upload(client, registration.event, content)
    assert response.status_code == 200
    assert "could not be read as a CSV list" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused_before_reading(client, coordinator, registration):
    client.force_login(coordinator)
    content = b"code\n" + (registration.code.encode() + b"\n") * (MAX_BYTES // 8)
    assert len(content) > MAX_BYTES
    response = _upload(client, registration.event, content)
    assert response.status_code == 200
    assert "is larger than" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_the_preview_does_not_echo_the_file_and_confirms_by_ids(client, coordinator, registration):
    client.force_login(coordinator)
    marker = "Zeile-die-nur-in-der-Datei-steht"
    content = f"code;comment\n{registration.code};{marker}\n".encode()
    page = _upload(client, registration.event, content).content.decode()
    confirm_form = page.split('name="confirm"')[1].split("</form>")[0]
    assert registration.code not in confirm_form and marker not in page
    assert f'name="registration" value="{registration.pk}"' in confirm_form
    url = reverse("events:attendance_import", args=[registration.event.pk])
    client.post(url, {"confirm": "1", "registration": [str(registration.pk), "abc", "-3"]})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


def test_confirming_ids_of_another_event_checks_in_nobody(
    client, coordinator, programme, registration
):
    client.force_login(coordinator)
    other = EventFactory(programme=programme)
    url = reverse("events:attendance_import", args=[other.pk])
    client.post(url, {"confirm": "1", "registration": [str(registration.pk)]})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_the_reference_suggestion_with_a_department_that_is_no_number(client, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("reports:reference_suggestion"), {"department": "abc", "date": "kein-datum"}
    )
    assert response.status_code == 200


def test_revoking_a_feed_that_is_no_number_answers_404(client, representative):
    client.force_login(representative)
    before = AuditEntry.objects.count()
    response = client.post(reverse("events:feeds"), {"action": "revoke", "feed": "abc"})
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before


def test_enrolling_an_organisation_that_is_no_number_is_refused_not_a_500(
    client, coordinator, registration
):
    client.force_login(coordinator)
    url = reverse("events:enrol", args=[registration.event.pk])
    before = AuditEntry.objects.count()
    response = client.post(
        url, {"organisations": "abc", "enrolled_on": "2007-05-31"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before
    page = client.get(response.url).content.decode()
    assert "is not a valid value" in page
