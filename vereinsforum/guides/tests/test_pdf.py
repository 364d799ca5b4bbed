"""The PDF export is tagged: a structure tree, /MarkInfo Marked true, the reading language
and the title; `pdfinfo` says "Tagged: yes"."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from vereinsforum.guides import services
from vereinsforum.guides.tests.conftest import make_guide, publish
from vereinsforum.lib.actors import TEST


@pytest.fixture
def published(programme):
    guide = make_guide(programme, title="Leitfaden Vereinsbuchhaltung", sections=2)
    first = guide.sections.order_by("position").first()
    services.section_revise(
        actor=TEST,
        section=first,
        title="Die vier Sphären",
        body="## Ideeller Bereich\n\n- Beiträge\n- Spenden\n\n| Sphäre | Steuer |\n|---|---|\n"
        "| Zweckbetrieb | ermäßigt |\n",
    )
    services.translation_save(
        actor=TEST, section=first, language="ar", title="المجالات الأربعة", body="نص عربي."
    )
    return publish(guide)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_pdf_is_tagged(client, published, language, tmp_path):
    response = client.get(reverse("guides:pdf", args=[published.slug]) + f"?sprache={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == language
    assert reader.metadata.title == "Leitfaden Vereinsbuchhaltung"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Die vier Sphären" in text or language == "ar"

    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed: the pypdf checks above ran")
    path = tmp_path / "guide.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout


def test_pdf_of_a_language_the_guide_lacks_is_not_found(client, published):
    url = reverse("guides:pdf", args=[published.slug]) + "?sprache=ru"
    assert client.get(url).status_code == 404
