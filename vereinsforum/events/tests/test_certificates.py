"""Certificates render stored text with control characters without garbage glyphs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from vereinsforum.events.certificates import certificate_pdf
from vereinsforum.events.services.door import registration_check_in
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.organisations.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_certificate_leaves_out_stored_control_characters(programme, association, member):
    event = EventFactory(programme=programme, kind="training", title="Schulung\x07 Buchhaltung")
    person = member(association)
    Organisation.objects.filter(pk=association.pk).update(name="Anadolu\x0b\x01 e.V.")
    Person.objects.filter(pk=person.pk).update(last_name="Yılmaz\x1b")
    registration = registration_create(
        actor=TEST, event=event, person=person, organisation=association
    )
    registration_check_in(actor=TEST, registration=registration)
    registration.refresh_from_db()

    _filename, content_type, content = certificate_pdf(registration)

    assert content_type == "application/pdf"
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Anadolu e.V." in text
    assert "Yılmaz" in text
    assert "Schulung Buchhaltung" in text
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
