"""The demo's VO/0985/07, drafted from the data of every demo step, as PDF and DOCX."""

from __future__ import annotations

import hashlib
import io
import re

import docx
import pypdf
import pytest
from django.core.management import call_command

from vereinsforum.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db

FIELDS = [
    "Projektarbeit",
    "Öffentlichkeitsarbeit",
    "Arbeitsorganisation",
    "Buchhaltung",
    "PC-Kenntnisse",
    "Räumlichkeiten",
    "Rhetorik",
]


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _docx_text(content: bytes) -> str:
    """Paragraphs and table cells in the order of the document."""
    doc = docx.Document(io.BytesIO(content))
    parts = []
    for block in doc.iter_inner_content():
        if isinstance(block, docx.table.Table):
            parts.extend(c.text for row in block.rows for c in row.cells)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\d.,/])\d+(?![\d.,/])", text))


def test_the_demo_paper_states_the_source_facts(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    report = Report.objects.get(reference="VO/0985/07")
    assert report.status == ReportStatus.ISSUED
    assert report.drafted_as_of.isoformat() == "2007-11-12"
    assert report.meeting.kind == "committee" and report.meeting.location.name == "Rathaus Barmen"
    files = {f.format: bytes(f.content) for f in report.files.all()}
    assert set(files) == {"pdf", "docx"}

    pdf = pypdf.PdfReader(io.BytesIO(files["pdf"]))
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    assert pdf.trailer["/Root"]["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)

    for text in (_pdf_text(files["pdf"]), _docx_text(files["docx"])):
        flat = " ".join(text.split())
        assert "VO/0985/07" in flat
        assert "Sachstand des Projektes „Mehr PS für Integrationsarbeit“" in flat
        assert {"60", "30", "25", "18"} <= _numbers(flat), _numbers(flat)
        assert "60 Vereine eingeladen" in flat and "von 30 Vereinen kamen" in flat
        assert "25 Vereine meldeten sich" in flat
        assert "bisher 18 Anmeldungen" in flat
        for field in FIELDS:
            assert field in flat, field
        assert "zwischen Juni und August 2007" in flat
        assert "1. Forumssitzung am 10.10.2007" in flat
        # Bookkeeping first, then the training and the working group, as sentences.
        assert "Auf Platz 1 setzte das Forum Buchhaltung" in flat
        assert (
            "In derselben Sitzung hat das Forum beschlossen, zum Thema Buchhaltung eine "
            "Grundlagenschulung anzubieten und eine Arbeitsgruppe zu bilden, die einen Leitfaden "
            "für alle Vereine erarbeitet." in flat
        )
        assert "Januar 2008" in flat
        assert "noch 3 weitere Forumssitzungen" in flat
        # The statistics in words; their coefficients only in the annex.
        assert "Am uneinigsten sind sich die Vereine beim Thema Räumlichkeiten" in flat
        assert "sind sich die Vereine nur schwach einig" in flat
        annex = flat.index("Anlage: Kennzahlen")
        assert "Leiks D" not in flat[:annex] and "Kendalls W" not in flat[:annex]
        assert "Kendalls W = 0,19" in flat[annex:]
        for bad in ("Beschluss:", "Arbeitsgruppe gebildet:", "Feldern: .", " .", ", ."):
            assert bad not in flat[:annex], bad
        for fact in (
            "Michael Visser",
            "(0202) 563 2514",
            "(0202) 563 8178",
            "michael.visser@stadt.wuppertal.de",
            "12.11.2007",
            "21.11.2007",
            "Migrationsausschuss",
            "Entgegennahme o. B.",
            "Dr. Stefan Kühn",
            "Sachstandsbericht",
            "Entgegennahme ohne Beschluss",
            "Soziales, Jugend & Integration",
        ):
            assert fact in flat, fact

    # A second run keeps the frozen paper as it is.
    call_command("load_demo", stdout=io.StringIO())
    again = Report.objects.get(reference="VO/0985/07")
    assert {f.format: bytes(f.content) for f in again.files.all()} == files

    # The command line writes the frozen file byte for byte.
    target = tmp_path / "vo.pdf"
    call_command(
        "render_report", "VO/0985/07", "--format", "pdf", "-o", str(target), stdout=io.StringIO()
    )
    assert hashlib.sha256(target.read_bytes()).hexdigest() == report.files.get(format="pdf").sha256
