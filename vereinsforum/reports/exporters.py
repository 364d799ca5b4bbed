"""One exporter per format, all with `render(report) -> (filename, content_type, bytes)`.

- `DocxExporter`: python-docx, laid out like the city's template (header table, meeting
  table, subject, sections), charts as pictures with alternative text.
- `PdfExporter`: WeasyPrint, tagged (structure tree, /MarkInfo, /Lang de, title shown as the
  window title) and written as PDF/A-3b; WeasyPrint takes one variant at a time, so the
  PDF/UA-1 identification (pdfuaid:part 1) is added to the same XMP packet by a finisher.

Both drop control characters from the stored text first (`lib/text.py`): forms refuse them
now, but older rows or data written past the forms may hold them, and python-docx refuses
them while WeasyPrint draws them as missing glyphs.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import logging
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from vereinsforum.lib.text import strip_control
from vereinsforum.reports.document import PaperDocument, build_document
from vereinsforum.reports.models import Report

# WeasyPrint reports each layout step at INFO; a council paper is not worth seven log lines.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def base_filename(report: Report) -> str:
    return report.reference.replace("/", "-")


def _printable(value: Any) -> Any:
    """The paper's text without control characters, down through its sections and charts;
    the model instance and the chart images pass through unchanged."""
    if isinstance(value, str):
        return strip_control(value, multiline=True)
    if isinstance(value, list | tuple):
        return type(value)(_printable(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value,
            **{
                f.name: _printable(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.init
            },
        )
    return value


class ReportExporter:
    format: str = ""
    extension: str = ""
    content_type: str = ""

    def filename(self, report: Report) -> str:
        return f"{base_filename(report)}.{self.extension}"

    def render(self, report: Report) -> tuple[str, str, bytes]:
        with translation.override("de"):
            content = self.render_document(_printable(build_document(report)))
        return self.filename(report), self.content_type, content

    def render_document(self, document: PaperDocument) -> bytes:
        raise NotImplementedError


# ---- PDF ------------------------------------------------------------------------------------

PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


def _font_faces() -> list[dict]:
    """The vendored Fira Sans (KERN's face), so the PDF looks the same on every server."""
    faces = []
    for weight, style, name in [
        (400, "normal", "Regular"),
        (400, "italic", "Italic"),
        (600, "normal", "SemiBold"),
        (700, "normal", "Bold"),
    ]:
        path = finders.find(f"vendor/kern/fonts/fira-sans/FiraSans-{name}.woff2")
        if path:
            faces.append({"weight": weight, "style": style, "url": f"file://{path}"})
    return faces


def _declare_pdf_ua(document, pdf) -> None:
    """WeasyPrint finisher: add pdfuaid:part=1 to the PDF/A XMP packet it has written."""
    reference = pdf.catalog["Metadata"]
    if isinstance(reference, bytes):
        reference = reference.decode()
    stream = pdf.objects[int(str(reference).split()[0])]
    packet = b"".join(
        chunk if isinstance(chunk, bytes) else str(chunk).encode() for chunk in stream.stream
    )
    declaration = (
        f'<rdf:Description rdf:about="" xmlns:pdfuaid="{PDFUAID}">'
        "<pdfuaid:part>1</pdfuaid:part></rdf:Description>"
    ).encode()
    stream.stream = [packet.replace(b"</rdf:RDF>", declaration + b"</rdf:RDF>", 1)]


class PdfExporter(ReportExporter):
    format = "pdf"
    extension = "pdf"
    content_type = PDF
    variant = "pdf/a-3b"

    def render_document(self, document: PaperDocument) -> bytes:
        from weasyprint import HTML

        charts = [
            {
                "title": c.title,
                "alt": c.alt,
                "src": "data:image/png;base64," + base64.b64encode(c.png).decode(),
            }
            for c in document.charts
        ]
        html = render_to_string(
            "reports/paper.html",
            {"doc": document, "charts": charts, "fonts": _font_faces()},
        )
        # The template also reads the report itself (the author), so the page is cleaned too.
        return HTML(string=strip_control(html, multiline=True), base_url=".").write_pdf(
            pdf_variant=self.variant,
            pdf_tags=True,
            finisher=_declare_pdf_ua,
        )


# ---- DOCX -----------------------------------------------------------------------------------


def _set_language(doc, language: str = "de-DE") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _cell(cell, lines: list[str], *, bold: bool = False, size: int | None = None) -> None:
    from docx.shared import Pt

    cell.text = ""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if index < len(lines) - 1:
            run.add_break()


class DocxExporter(ReportExporter):
    format = "docx"
    extension = "docx"
    content_type = DOCX

    def render_document(self, document: PaperDocument) -> bytes:
        from docx import Document
        from docx.shared import Cm, Pt

        doc = Document()
        _set_language(doc)
        style = doc.styles["Normal"]
        style.font.name = "Arial"
        style.font.size = Pt(11)
        props = doc.core_properties
        props.title = document.document_title
        props.subject = document.paper_type
        props.author = strip_control(
            document.report.officer_name or document.report.department.name, multiline=False
        )
        props.language = "de-DE"
        props.keywords = document.reference
        for section in doc.sections:
            section.left_margin = section.right_margin = Cm(2.2)

        # The header as in the city's template: paper type beside department, officer, date
        # and number.
        rows = [
            *document.header,
            (
                "\n".join(label for label, _v in document.officer),
                "\n".join(value for _l, value in document.officer),
            ),
            ("Datum:", document.date),
            ("Drucks.-Nr.:", f"{document.reference} {document.visibility}"),
        ]
        table = doc.add_table(rows=len(rows), cols=3)
        table.style = "Table Grid"
        merged = table.cell(0, 0).merge(table.cell(len(rows) - 1, 0))
        _cell(merged, [document.paper_type], bold=True, size=16)
        for index, (label, value) in enumerate(rows):
            _cell(table.cell(index, 1), label.split("\n"))
            _cell(table.cell(index, 2), value.split("\n"), bold=label.startswith("Drucks."))
        for row in table.rows:
            row.cells[0].width, row.cells[1].width, row.cells[2].width = Cm(3.5), Cm(5), Cm(8.1)

        doc.add_paragraph()
        meeting = doc.add_table(rows=2, cols=3)
        meeting.style = "Table Grid"
        for col, text in enumerate(["Sitzung am", "Gremium", "Beschlussqualität"]):
            _cell(meeting.cell(0, col), [text], bold=True)
        for col, text in enumerate(
            [document.meeting_date, document.committee, document.resolution_quality]
        ):
            _cell(meeting.cell(1, col), [text])
        _repeat_header(meeting.rows[0])

        doc.add_heading(document.title, level=1)
        for note in document.notes:
            doc.add_paragraph(note).runs[0].italic = True
        for section in document.sections:
            doc.add_heading(section.heading, level=2)
            for text in section.paragraphs or ["–"]:
                paragraph = doc.add_paragraph()
                lines = text.split("\n")
                for index, line in enumerate(lines):
                    run = paragraph.add_run(line)
                    if index < len(lines) - 1:
                        run.add_break()
        if document.charts:
            doc.add_heading("Diagramme", level=2)
            for number, chart in enumerate(document.charts, start=1):
                doc.add_picture(io.BytesIO(chart.png), width=Cm(15))
                picture = doc.inline_shapes[-1]
                picture._inline.docPr.set("descr", chart.alt)
                picture._inline.docPr.set("title", chart.title)
                caption = doc.add_paragraph(f"Abbildung {number}: {chart.title}")
                caption.style = doc.styles["Caption"]

        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


EXPORTERS: dict[str, ReportExporter] = {e.format: e for e in (PdfExporter(), DocxExporter())}


def exporter_for(format: str) -> ReportExporter:  # noqa: A002 - the format name is the key
    return EXPORTERS[format]
