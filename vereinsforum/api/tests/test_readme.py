"""The README's JSON API journey, replayed as written: its curl lines, in-process."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

from vereinsforum.events.models import Registration
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.testing import factories

README = Path(settings.BASE_DIR) / "README.md"


def readme_curl_lines() -> list[str]:
    text = README.read_text()
    section = text.split("\n## JSON API\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.startswith("curl ")]


def replay(line: str, variables: dict[str, str]):
    """Run one curl line with the Django test client; $NAMES from `variables`."""
    words = shlex.split(line)[1:]
    method, headers, data, url = "GET", {}, None, None
    i = 0
    while i < len(words):
        word = re.sub(r"\$(\w+)", lambda m: str(variables[m.group(1)]), words[i])
        if word in ("-X", "-H", "-d"):
            value = re.sub(r"\$(\w+)", lambda m: str(variables[m.group(1)]), words[i + 1])
            if word == "-X":
                method = value
            elif word == "-H":
                name, _, header = value.partition(": ")
                headers[name] = header
            else:
                data = value
            i += 2
            continue
        url = word
        i += 1
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    content_type = headers.pop("Content-Type", "application/octet-stream")
    client = Client()
    if method == "GET":
        return client.get(path, headers=headers)
    return client.generic(method, path, data or "", content_type=content_type, headers=headers)


def test_the_readme_journey_runs_as_written(programme, representative, team_member, token_for):
    lines = readme_curl_lines()
    assert len(lines) == 3
    event = EventFactory(programme=programme, title_i18n={})
    delegate = factories.PersonFactory()
    factories.AffiliationFactory(
        person=delegate, organisation=representative.acting_for, role="delegate"
    )
    variables = {
        "TOKEN": token_for(representative),
        "STAFF_TOKEN": token_for(team_member),
        "EVENT": event.pk,
        "PERSON": delegate.pk,
    }
    listed = replay(lines[0], variables)
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()["results"]] == [event.pk]
    registered = replay(lines[1], variables)
    assert registered.status_code == 201, registered.content
    variables["REGISTRATION"] = registered.json()["id"]
    checked = replay(lines[2], variables)
    assert checked.status_code == 200 and checked.json()["status"] == "attended"
    row = Registration.objects.get(pk=variables["REGISTRATION"])
    assert (row.person, row.status, row.source) == (delegate, "attended", "self")
