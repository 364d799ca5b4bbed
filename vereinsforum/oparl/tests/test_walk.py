"""The whole API, walked from the System down, validates against the OParl 1.1 schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

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
REFERENCE = Path(settings.BASE_DIR).parent / "shared/reference/oparl-1.1-schema"


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


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference copy not on this machine")
def test_vendored_schemas_are_the_reference_copy():
    for path in sorted((REFERENCE / "schema-draft07-unreleased").glob("*.json")):
        vendored = SCHEMA_DIR / path.name
        assert json.loads(vendored.read_text()) == json.loads(path.read_text()), path.name
