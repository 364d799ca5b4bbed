"""The newer apps' services leave no personal value in the log either: an import of
contacts, consents recorded and withdrawn, an association's e-mail changed, an API token,
a measure with a responsible person, each with a person's distinctive name and address in
every place a user can type them. All entries are dumped as JSON and searched."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from vereinsforum.api.services import api_token_create
from vereinsforum.audit.models import AuditEntry
from vereinsforum.measures.models import MeasureKind
from vereinsforum.measures.services import measure_create
from vereinsforum.organisations import services as organisations
from vereinsforum.organisations.changes import OrganisationFields
from vereinsforum.organisations.models import Person
from vereinsforum.privacy.models import Channel, Purpose
from vereinsforum.privacy.services import consent_record, consent_withdraw
from vereinsforum.transfer.mapping import guess_mapping
from vereinsforum.transfer.reading import read_table
from vereinsforum.transfer.services import import_apply

pytestmark = pytest.mark.django_db

FIRST, LAST, EMAIL = "Zyxwvu", "Quorblat", "zyx.quorblat@example.org"
NEEDLES = (FIRST, LAST, EMAIL, "zyx.quorblat")


def _dump() -> str:
    return json.dumps(list(AuditEntry.objects.values()), default=str, ensure_ascii=False)


def test_the_newer_apps_write_no_personal_value(coordinator, representative, programme):
    header = "Verein;Registernummer;Straße;PLZ;Vorname;Nachname;Funktion;E-Mail"
    row = f"Quelle e.V.;VR 9911;Wall 3;42103;{FIRST};{LAST};Vorsitzende;{EMAIL}"
    table = read_table(f"{header}\r\n{row}\r\n".encode())
    import_apply(
        actor=coordinator,
        table=table,
        mapping=guess_mapping(table.header),
        decisions={},
        digest="a" * 64,
    )
    person = Person.objects.get(last_name=LAST)
    organisation = person.affiliations.get().organisation

    consent = consent_record(
        actor=coordinator,
        person=person,
        purpose=Purpose.NEWSLETTER,
        given_on=timezone.localdate(),
        source=Channel.PAPER,
        text=f"Ich, {FIRST} {LAST} ({EMAIL}), willige ein.",
    )
    consent_withdraw(
        actor=coordinator, consent=consent, withdrawn_on=timezone.localdate(), source=Channel.EMAIL
    )
    organisations.organisation_update(
        actor=coordinator, organisation=organisation, changes=OrganisationFields(email=EMAIL)
    )
    api_token_create(
        actor=coordinator,
        name="Skript",
        read_only=True,
        expires=timezone.now() + timedelta(days=3),
    )
    measure_create(
        actor=coordinator,
        programme=programme,
        kind=MeasureKind.WORKSHOP,
        title="Kassenführung",
        fields=list(programme.fields.all()[:1]),
        description=f"Leitung: {FIRST} {LAST}, {EMAIL}",
        note=f"Rückfragen an {EMAIL}",
        responsible_organisation=organisation,
        responsible_person=person,
    )

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "import.apply",
        "consent.record",
        "consent.withdraw",
        "organisation.update",
        "api_token.create",
        "measure.create",
    } <= actions, actions
    dump = _dump()
    assert [needle for needle in NEEDLES if needle in dump] == []
    # The e-mail change is recorded as a change, without its value.
    update = AuditEntry.objects.get(action="organisation.update")
    assert update.changes["email"][1] == "•••"
