"""The public accountability page: the decided measures by field, their status, progress
and reach, where each came from (OParl links that the public can open), and no one's name."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from vereinsforum.measures.progress import measure_progress
from vereinsforum.measures.tests.trace_world import REACHED, build

pytestmark = pytest.mark.django_db

URL = "/massnahmen/rechenschaft/"


@pytest.fixture
def world(programme, coordinator, association):
    return build(programme, coordinator, enrolled=[association])


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_url(world):
    assert reverse("measures:accountability") == URL


def test_the_public_reads_the_measures_by_field(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    # Under the field's heading, the two decided measures, not the idea.
    heading = text.index("Buchhaltung Grundlagenschulung Vereinsbuchhaltung")
    assert text.index("Arbeitsgruppe Vereinsbuchhaltung") > heading
    assert "Nur eine Idee" not in text
    percent = measure_progress(world.training).percent
    assert percent == 67  # two of the three events are over
    assert f"{percent} %" in text
    assert f"{len(REACHED) + 1} " in text and f" {len(REACHED)} " in text
    assert "10.10.2007" in text and "Gewichtung der Themenfelder" in text


def test_no_name_of_a_person_or_an_association(client, world):
    text = _text(client.get(URL).content.decode())
    assert "Geheimname" not in text and "Verantwortliche" not in text
    for person in world.people:
        assert person.last_name not in text
    for org in world.orgs:
        assert org.name not in text, org.name


def test_the_links_to_the_forum_open_for_the_public(client, world):
    html = client.get(URL).content.decode()
    meeting = reverse(
        "oparl:object", kwargs={"object_type": "meeting", "key": str(world.session_event.pk)}
    )
    item = reverse(
        "oparl:object",
        kwargs={"object_type": "agendaitem", "key": f"forum-{world.agenda_item.pk}"},
    )
    assert f'href="{meeting}"' in html and f'href="{item}"' in html
    published = json.loads(client.get(item).content)
    assert published["resolutionText"] == world.agenda_item.resolution
    assert client.get(meeting).status_code == 200


def test_a_measure_of_two_fields_stands_under_both(client, programme, world):
    world.group.fields.add(programme.fields.get(key="rhetoric"))
    text = _text(client.get(URL).content.decode())
    assert text.count("Arbeitsgruppe Vereinsbuchhaltung") == 2
    assert text.index("Rhetorik") < text.rindex("Arbeitsgruppe Vereinsbuchhaltung")


def test_without_a_programme(client, db):
    response = client.get(URL)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "representative", "outsider", "interviewer"])
def test_every_role_reads_the_same_page(client, request, role, world):
    client.force_login(request.getfixturevalue(role))
    text = _text(client.get(URL).content.decode())
    assert "Grundlagenschulung Vereinsbuchhaltung" in text and "Geheimname" not in text


def test_the_start_page_links_it(client, db):
    assert f'href="{URL}"' in client.get("/").content.decode()
