"""The rendered files themselves: the PDF tagged for accessibility (PDF/UA), the DOCX with
its headings and charts, each checked by reading the file back with pypdf or python-docx."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from vereinsforum.reports import document
from vereinsforum.reports.charts import Chart
from vereinsforum.reports.exporters import DocxExporter, PdfExporter

pytestmark = pytest.mark.django_db
TRUE = pypdf.generic.BooleanObject(True)


def _png() -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().bar(["Buchhaltung", "Rhetorik"], [0.6, 0.2])
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


@pytest.fixture
def with_chart(monkeypatch):
    chart = Chart(
        title="Bedarf nach Themenfeldern",
        alt="Balkendiagramm: Buchhaltung 60 %; Rhetorik 20 %.",
        png=_png(),
    )
    monkeypatch.setattr(document, "report_charts", lambda programme, *, as_of=None: [chart])
    return chart


def _struct_elements(node, found):
    node = node.get_object()
    if isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
                if isinstance(kid, pypdf.generic.IndirectObject | pypdf.generic.DictionaryObject):
                    _struct_elements(kid, found)
    return found


def test_pdf_is_tagged_german_titled_and_declares_pdfa_and_pdfua(draft_report, with_chart):
    filename, content_type, content = PdfExporter().render(draft_report)
    assert (filename, content_type) == ("VO-0985-07.pdf", "application/pdf")
    reader = pypdf.PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == TRUE
    assert catalog["/Lang"] == "de"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == TRUE
    assert reader.metadata.title == "VO/0985/07 – Sachstand des Projektes"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    elements = _struct_elements(catalog["/StructTreeRoot"], [])
    kinds = {e["/S"] for e in elements}
    assert {"/H1", "/H2", "/Table", "/TH", "/P", "/Figure"} <= kinds
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures[0]["/Alt"] == with_chart.alt

    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Bericht",
        "Soziales, Jugend & Integration",
        "Michael Visser",
        "(0202) 563 2514",
        "12.11.2007",
        "VO/0985/07 öffentlich",
        "21.11.2007",
        "Migrationsausschuss",
        "Entgegennahme o. B.",
        "Grund der Vorlage",
        "Sachstandsbericht",
        "Beschlussvorschlag",
        "Dr. Stefan Kühn",
        "Begründung",
        "Zweiter Absatz.",
        "Entwurf – nicht herausgegeben",
    ):
        assert expected in text, expected


def test_docx_is_laid_out_like_the_source(draft_report, with_chart):
    filename, content_type, content = DocxExporter().render(draft_report)
    assert filename == "VO-0985-07.docx" and content_type.endswith("wordprocessingml.document")
    doc = docx.Document(io.BytesIO(content))
    header, meeting = doc.tables
    rows = [[c.text for c in row.cells] for row in header.rows]
    assert rows[0] == ["Bericht", "Geschäftsbereich", "Soziales, Jugend & Integration"]
    assert rows[2][1].startswith("Bearbeiter/in") and "Michael Visser" in rows[2][2]
    assert rows[-1][1:] == ["Drucks.-Nr.:", "VO/0985/07 öffentlich"]
    assert [c.text for c in meeting.rows[0].cells] == ["Sitzung am", "Gremium", "Beschlussqualität"]
    assert [c.text for c in meeting.rows[1].cells] == [
        "21.11.2007",
        "Migrationsausschuss",
        "Entgegennahme o. B.",
    ]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == [
        "Sachstand des Projektes",
        "Grund der Vorlage",
        "Beschlussvorschlag",
        "Unterschrift",
        "Begründung",
    ]
    body = [p.text for p in doc.paragraphs]
    assert "Erster Absatz." in body and "Zweiter Absatz." in body
    assert doc.core_properties.title == "VO/0985/07 – Sachstand des Projektes"
    assert doc.core_properties.language == "de-DE"
    picture = doc.inline_shapes[0]
    assert picture._inline.docPr.get("descr") == with_chart.alt
