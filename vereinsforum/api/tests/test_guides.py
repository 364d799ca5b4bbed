"""Guides through the API: the same readers as the library, the text in each language with
its outdated flag, and the tagged PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from vereinsforum.guides import services
from vereinsforum.guides.models import Visibility
from vereinsforum.guides.tests.conftest import enrol, make_guide, publish
from vereinsforum.lib.actors import TEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(programme):
    guide = publish(make_guide(programme, title="Leitfaden Kasse", sections=2))
    first = guide.sections.order_by("position").first()
    services.translation_save(
        actor=TEST, section=first, language="tr", title="Bölüm 1", body="**Kasa** defteri."
    )
    # The German text changes after the translation: the Turkish one is behind.
    services.section_revise(
        actor=TEST, section=first, title="Abschnitt 1", body="Neuer Text mit <script>x</script>."
    )
    return guide


def test_a_published_guide_reads_in_its_translation_with_the_outdated_flag(
    api, representative, published
):
    response = api(representative).get(f"/api/v1/guides/{published.pk}", {"language": "tr"})
    assert response.status_code == 200
    body = response.json()
    assert body["guide"]["languages"] == ["de", "tr"]
    assert body["language"] == "tr" and body["dir"] == "ltr"
    first, second = body["sections"]
    assert (first["title"], first["translated"], first["outdated"]) == ("Bölüm 1", True, True)
    assert "<strong>Kasa</strong>" in first["html"]
    # The second section has no Turkish version: the German text stands in.
    assert (second["translated"], second["title"]) == (False, "Abschnitt 2")

    german = api(representative).get(f"/api/v1/guides/{published.pk}").json()
    assert "<script" not in german["sections"][0]["html"]  # the sanitiser, as on the page


def test_a_language_the_guide_is_not_in_is_404(api, representative, published):
    response = api(representative).get(f"/api/v1/guides/{published.pk}", {"language": "ru"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_members_only_guides_are_for_the_programmes_people(
    api, programme, association, representative, outsider, published
):
    members = publish(
        make_guide(programme, title="Nur für Mitglieder", visibility=Visibility.MEMBERS)
    )
    enrol(programme, association)
    titles = {g["title"] for g in api(representative).get("/api/v1/guides").json()["results"]}
    assert titles == {"Leitfaden Kasse", "Nur für Mitglieder"}
    # The outsider's association is not enrolled: the public guide only.
    titles = {g["title"] for g in api(outsider).get("/api/v1/guides").json()["results"]}
    assert titles == {"Leitfaden Kasse"}
    assert api(outsider).get(f"/api/v1/guides/{members.pk}").status_code == 404


def test_the_pdf_is_tagged(api, representative, published):
    response = api(representative).get(f"/api/v1/guides/{published.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
