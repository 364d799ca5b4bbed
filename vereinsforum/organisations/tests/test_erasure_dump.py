"""Erasure leaves nothing behind: a person goes through the real flows (roles, invitation and
registration mail written by the file backend, a publication basis whose note names them, the
admin's history, a login, accessibility feedback), is erased, and then a full dump of the
database and the outbox folder are searched for their names, address and phone: nothing.

SQLite: the in-memory test database dumped with `iterdump` (what `sqlite3 .dump` prints).
PostgreSQL: `pg_dump` of the test database, which needs the data committed (transactional).
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from vereinsforum.accounts.models import Role
from vereinsforum.events.mail import outbox_deliver
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.oparl.models import Basis
from vereinsforum.oparl.services import publication_basis_grant
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.organisations.services import (
    affiliation_add,
    affiliation_end,
    person_create,
    person_pseudonymise,
)
from vereinsforum.testing import factories
from vereinsforum.web.services import accessibility_feedback_submit

pytestmark = pytest.mark.django_db(transaction=True)

FIRST, LAST = "Zyxwvu", "Quorblat"
EMAIL = "zyx.quorblat@example.org"
PHONE = "+49 202 5550199"
#: Searched case-insensitively, each on its own: no part of the person may survive.
NEEDLES = (FIRST, LAST, EMAIL, "5550199", "zquorblat")


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    return tmp_path / "outbox"


def _live_through_the_app(client, coordinator, association, programme):
    """Everything the app does with a person, through its services and pages."""
    person = person_create(
        actor=coordinator,
        organisation=association,
        role="chair",
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        phone=PHONE,
    )
    former = factories.OrganisationFactory(name="Köprü e.V.")
    old_role = affiliation_add(
        actor=coordinator, person=person, organisation=former, role="member", start=date(2001, 1, 1)
    )
    affiliation_end(actor=coordinator, affiliation=old_role, end=date(2006, 12, 31))
    account = factories.UserFactory(
        username="zquorblat",
        role=Role.REPRESENTATIVE,
        acting_for=association,
        person=person,
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
    )
    # Through the login form: django-axes records the login under the username.
    response = client.post(
        reverse("accounts:login"), {"username": "zquorblat", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    # Mail: the invitation goes to the chair, the registration confirms with an .ics; with
    # committed transactions the outbox delivers after each commit, into the file backend.
    event = EventFactory(programme=programme, capacity=10)
    invitation_send(actor=coordinator, event=event, organisations=[association])
    registration_create(
        actor=account, event=event, person=person, organisation=association, source="self"
    )
    outbox_deliver()
    client.logout()
    response = client.post(reverse("accounts:password_reset"), {"email": EMAIL})
    assert response.status_code == 302
    city = Organisation.objects.create(kind=OrganisationKind.OTHER, name="Stadt Wuppertal")
    publication_basis_grant(
        actor=coordinator,
        person=person,
        body=city,
        basis=Basis.CONSENT,
        consent_on=date(2007, 5, 14),
        title="Dr.",
        note=f"{FIRST} {LAST} agreed by letter ({EMAIL}).",
    )
    accessibility_feedback_submit(
        actor=None,
        page_url="/veranstaltungen/",
        message=f"The PDF cannot be read aloud. – {FIRST} {LAST}",
        contact_email=EMAIL,
    )
    # The admin's history from before the admin became read-only: a change of the person,
    # and a role added inline on the association's page (logged with the role's text).
    request = RequestFactory().get("/")
    request.user = coordinator
    admin.site._registry[type(person)].log_change(
        request, person, [{"changed": {"fields": ["Last name"]}}]
    )
    admin.site._registry[Organisation].log_change(
        request,
        association,
        [{"added": {"name": "affiliation", "object": str(person.affiliations.first())}}],
    )
    return person


def _sqlite_dump() -> str:
    connection.ensure_connection()
    return "\n".join(connection.connection.iterdump())


def _pg_dump() -> str:
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump must be on PATH (Debian: postgresql-client) to check erasure"
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = [pg_dump, "--no-owner", "--dbname", db["NAME"]]
    if db.get("HOST"):
        command += ["--host", db["HOST"]]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", db["USER"]]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def _outbox_text(folder: Path) -> str:
    """Every file as stored, and every MIME part decoded (base64 or quoted-printable could
    hide a name from a plain search)."""
    texts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        texts.append(raw.decode("utf-8", "replace"))
        for part in email.message_from_bytes(raw).walk():
            payload = part.get_payload(decode=True)
            if payload:
                texts.append(payload.decode("utf-8", "replace"))
    return "\n".join(texts)


def _found(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle.casefold() in text.casefold()]


def _erase_and_search(client, coordinator, association, programme, outbox_dir, dump):
    person = _live_through_the_app(client, coordinator, association, programme)
    # The control: before the erasure every needle is there to be found.
    assert _found(dump()) == list(NEEDLES)
    # Invitation, confirmation and the password reset, one file each.
    assert len(list(outbox_dir.glob("*.log"))) == 3
    assert set(_found(_outbox_text(outbox_dir))) >= {FIRST, LAST, EMAIL}
    assert LogEntry.objects.count() == 2

    person_pseudonymise(actor=coordinator, person=person)

    assert _found(dump()) == []
    assert _found(_outbox_text(outbox_dir)) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite dump; pg_dump below")
def test_nothing_of_an_erased_person_is_left_in_a_sqlite_dump_or_the_outbox(
    client, coordinator, association, programme, outbox_dir
):
    _erase_and_search(client, coordinator, association, programme, outbox_dir, _sqlite_dump)


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump needs PostgreSQL: DATABASE_URL=postgres://... (CI runs it)",
)
def test_nothing_of_an_erased_person_is_left_in_pg_dump_or_the_outbox(
    client, coordinator, association, programme, outbox_dir
):
    _erase_and_search(client, coordinator, association, programme, outbox_dir, _pg_dump)
