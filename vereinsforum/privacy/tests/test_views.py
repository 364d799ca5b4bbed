"""The pages: coordinators only; the Art. 15 export finds everything about one person (and
nobody else), as a page, JSON and a tagged PDF; the Art. 30 record lists every declared
activity; consents are recorded and withdrawn through the forms."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pypdf import PdfReader

from vereinsforum.accounts.models import Role
from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import OutboxMessage
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.organisations.services import person_create
from vereinsforum.privacy.models import Channel, Consent, Purpose
from vereinsforum.privacy.registry import processing_activities
from vereinsforum.privacy.services import consent_record
from vereinsforum.privacy.subject import SKIPPED_MODELS, subject_data
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

FIRST, LAST, EMAIL = "Zeynep", "Quorblat", "zeynep.quorblat@example.org"


@pytest.fixture
def subject(coordinator, association, programme):
    person = person_create(
        actor=coordinator,
        organisation=association,
        role="chair",
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        phone="0202 5550199",
    )
    account = factories.UserFactory(
        username="zquorblat", role=Role.REPRESENTATIVE, acting_for=association, person=person
    )
    event = EventFactory(programme=programme, capacity=10, title="Vereinsrecht kompakt")
    invitation_send(actor=coordinator, event=event, organisations=[association])
    registration_create(
        actor=account, event=event, person=person, organisation=association, source="self"
    )
    consent_record(
        actor=coordinator,
        person=person,
        purpose=Purpose.PHOTOS,
        given_on=date(2007, 5, 14),
        source=Channel.PAPER,
        text="Fotos dürfen veröffentlicht werden.",
    )
    # Someone else, at the same association and event: must not show up.
    other = person_create(
        actor=coordinator,
        organisation=association,
        role="member",
        first_name="Olga",
        last_name="Iwanowa",
        email="olga@example.org",
    )
    registration_create(
        actor=coordinator, event=event, person=other, organisation=association, source="staff"
    )
    return person


def _de(message: str) -> str:
    """The message as the page shows it (German by default, once translated)."""
    with translation.override("de"):
        return escape(translation.gettext(message))


PAGES = [
    ("privacy:index", False),
    ("privacy:record", False),
    ("privacy:record_pdf", False),
    ("privacy:person", True),
    ("privacy:consent_create", True),
    ("privacy:subject_export", True),
    ("privacy:subject_export_json", True),
    ("privacy:subject_export_pdf", True),
]


@pytest.mark.parametrize(("name", "per_person"), PAGES)
@pytest.mark.parametrize("role", ["team_member", "interviewer", "representative", "outsider"])
def test_only_coordinators(client, request, subject, name, per_person, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=[subject.pk] if per_person else [])
    entries = AuditEntry.objects.count()
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert AuditEntry.objects.count() == entries


def test_the_public_is_sent_to_log_in(client, subject):
    response = client.get(reverse("privacy:subject_export", args=[subject.pk]))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_an_unknown_person_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("privacy:subject_export", args=[987654])).status_code == 404


def _rows_with_a_key_to(person, account) -> int:
    """Brute force: every row of every model whose key points at the person or account."""
    person_model = apps.get_model("organisations", "Person")
    user_model = apps.get_model("accounts", "User")
    total = 0
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS:
            continue
        pks = set()
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is person_model:
                pks |= set(
                    model._default_manager.filter(**{f.attname: person.pk}).values_list(
                        "pk", flat=True
                    )
                )
            if f.is_relation and f.related_model is user_model:
                pks |= set(
                    model._default_manager.filter(**{f.attname: account.pk}).values_list(
                        "pk", flat=True
                    )
                )
        total += len(pks)
    return total


def test_the_export_holds_every_row_that_points_at_the_person(subject):
    account = subject.account
    with translation.override("en"):
        sections = subject_data(subject)
    keys = {s.key for s in sections}
    assert {
        "organisations.Person",
        "organisations.Affiliation",
        "accounts.User",
        "events.Registration",
        "events.Invitation",
        "events.OutboxMessage",
        "privacy.Consent",
        "audit.about",
        "audit.by",
    } <= keys, keys
    hooked = {"organisations.Person", "audit.about", "audit.by", "events.OutboxMessage.address"}
    generic = [s for s in sections if s.key not in hooked]
    assert sum(len(s.rows) for s in generic) == _rows_with_a_key_to(subject, account)
    text = json.dumps([[r.values for r in s.rows] for s in sections], default=str)
    assert "Iwanowa" not in text and "olga@example.org" not in text
    # Secrets are withheld: the registration's code opens its offer link, and the
    # password hash. (The code stays in the copies of mail that went to the person.)
    registration = next(s for s in sections if s.key == "events.Registration").rows[0]
    assert dict(registration.values)["Code"] == "(withheld: security credential)"
    account_row = dict(next(s for s in sections if s.key == "accounts.User").rows[0].values)
    assert account_row["Password"] == "(withheld: security credential)"
    assert account.password not in text


def test_export_page_json_and_pdf(client, coordinator, subject):
    client.force_login(coordinator)
    page = client.get(reverse("privacy:subject_export", args=[subject.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for needle in (f"{FIRST} {LAST}", EMAIL, "Vereinsrecht kompakt", "Fotos dürfen veröffentlicht"):
        assert needle in html
    assert "Iwanowa" not in html

    # The JSON's labels are in the reader's language: read in English here.
    response = client.get(
        reverse("privacy:subject_export_json", args=[subject.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["subject"] == {"id": subject.pk, "name": f"{FIRST} {LAST}"}
    consent = next(s for s in document["sections"] if s["key"] == "privacy.Consent")
    assert (
        consent["rows"][0]["values"]["Text consented to"] == "Fotos dürfen veröffentlicht werden."
    )

    response = client.get(reverse("privacy:subject_export_pdf", args=[subject.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == "de"
    text = "".join(p.extract_text() for p in reader.pages)
    assert LAST in text and "Iwanowa" not in text

    formats = list(
        AuditEntry.objects.filter(action="subject.export", target_id=str(subject.pk))
        .order_by("pk")
        .values_list("changes__format", flat=True)
    )
    assert formats == ["html", "json", "pdf"]
    assert all(e.actor == coordinator for e in AuditEntry.objects.filter(action="subject.export"))


def test_the_record_lists_every_declared_activity_and_its_pdf_is_tagged(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("privacy:record")).content.decode()
    for activity in processing_activities():
        assert str(activity.name) in html.replace("&#x27;", "'"), activity.name
    assert "Consent (Art. 6(1)(a) GDPR)" in html or "Art. 6" in html
    assert "1095" in html  # contacts of inactive associations: three years by default
    response = client.get(reverse("privacy:record_pdf"))
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "de"
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Art. 30" in text


def test_consent_forms(client, coordinator, subject):
    client.force_login(coordinator)
    url = reverse("privacy:consent_create", args=[subject.pk])
    response = client.post(url, {"purpose": "newsletter", "given_on": "2007-06-01"})
    assert response.status_code == 200
    assert _de("Please enter the exact text the person consented to.") in response.content.decode()
    response = client.post(
        url,
        {
            "purpose": "newsletter",
            "given_on": "2007-06-01",
            "source": "email",
            "text": "Bitte schicken Sie mir den Newsletter.",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=subject, purpose="newsletter")
    page = client.get(reverse("privacy:person", args=[subject.pk])).content.decode()
    assert "Bitte schicken Sie mir den Newsletter." in page

    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"withdrawn_on": "2007-05-01", "source": "email"})
    assert _de("A consent cannot be withdrawn before it was given.") in response.content.decode()
    response = client.post(url, {"withdrawn_on": "2008-01-10", "source": "paper"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2008, 1, 10)
    assert OutboxMessage.objects.exists()  # the fixture's mail, for the export above


def test_the_index_finds_people(client, coordinator, subject):
    client.force_login(coordinator)
    html = client.get(reverse("privacy:index") + "?q=quorb").content.decode()
    assert reverse("privacy:person", args=[subject.pk]) in html
    assert "Iwanowa" not in html
