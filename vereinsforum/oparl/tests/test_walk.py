"""The whole API, walked from the System down, validates against the OParl 1.1 schemas."""

from __future__ import annotations

import hashlib

from vereinsforum.oparl.tests.validation import SCHEMA_DIR, list_page_errors, object_errors
from vereinsforum.oparl.tests.walker import to_path, walk

ALL_TYPES = {
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
}
BODY_LISTS = {
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
}


def test_walk_from_system_validates_every_object_and_list_page(world, client):
    result = walk(client)

    assert result.errors == []
    assert set(result.objects) == ALL_TYPES
    body = result.of_type("Body")[0]
    # Every body list was fetched and validated as a list page.
    for attribute in BODY_LISTS:
        assert body[attribute] in result.list_pages, attribute
    assert len(result.list_pages) == len(BODY_LISTS) + 1  # + the system's body list
    assert len(result.of_type("Meeting")) == 3
    assert len(result.of_type("File")) == 2
    assert set(result.files.values()) == {"accessUrl", "downloadUrl"}
    for url in result.files:
        assert client.get(to_path(url)).status_code == 200, url
    assert result.web
    for url in result.web:
        assert client.get(to_path(url)).status_code == 200, url


def test_walk_covers_every_page_of_paginated_lists(world, client):
    # Nine organisations with three per page: the walker must follow links.next.
    from vereinsforum.organisations.models import OrganisationKind
    from vereinsforum.testing.factories import OrganisationFactory

    for n in range(4):
        OrganisationFactory(
            kind=OrganisationKind.DEPARTMENT, parent=world.division, name=f"Ressort 20{n}"
        )
    result = walk(client, start=None)
    organizations = result.of_type("Organization")
    assert result.errors == []
    assert len(organizations) == 9
    body = result.of_type("Body")[0]
    small = walk(client, start=f"{body['organization']}?elementsPerPage=3")
    pages = [url for url in small.list_pages if "/organization" in url]
    assert small.errors == []
    assert len(pages) >= 3
    assert {o["id"] for o in small.of_type("Organization")} >= {o["id"] for o in organizations}


def test_the_validator_rejects_what_the_schema_forbids():
    # Guards the walk: a validator that accepted anything would make it pass vacuously.
    good = {"id": "https://x.example/p/1", "type": "https://schema.oparl.org/1.1/Paper"}
    assert object_errors(good) == []
    assert object_errors({**good, "reference": 985})  # not a string
    assert object_errors({**good, "consultation": [{"id": "x", "type": "wrong"}]})  # via $ref
    assert object_errors({"id": "x", "type": "https://schema.oparl.org/1.1/File"})  # accessUrl
    assert object_errors({"id": "x", "type": "https://schema.oparl.org/1.1/Nonsense"})
    assert list_page_errors({"data": [good]})  # pagination and links missing
    assert list_page_errors({"data": [{**good, "date": 5}], "pagination": {}, "links": {}})


def test_vendored_schemas_are_the_reference_copy():
    """The schemas ship with the project (CC BY-SA 4.0, attribution in schema/README.md);
    SHA256SUMS was taken from the reference copy of OParl/spec, so an edited or missing
    schema fails here on every machine, not only where that copy lies beside the project."""
    manifest = {}
    for line in (SCHEMA_DIR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        manifest[name] = digest
    shipped = {p.name for p in SCHEMA_DIR.glob("*.json")}
    assert shipped == set(manifest) == {f"{t}.json" for t in ALL_TYPES}
    for name, digest in manifest.items():
        assert hashlib.sha256((SCHEMA_DIR / name).read_bytes()).hexdigest() == digest, name
    assert (SCHEMA_DIR / "LICENSE-CC-BY-SA-4.0.txt").exists()
