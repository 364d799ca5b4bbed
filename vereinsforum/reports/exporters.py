"""One exporter per format, all with `render(report) -> (filename, content_type, bytes)`.

- `DocxExporter`: python-docx, laid out like the city's template (header table, meeting
  table, subject, sections), charts as pictures with alternative text.
- `PdfExporter`: WeasyPrint, tagged (structure tree, /MarkInfo, /Lang de, title shown as the
  window title) and written as PDF/A-3b; WeasyPrint takes one variant at a time, so the
  PDF/UA-1 identification (pdfuaid:part 1) is added to the same XMP packet by a finisher.

Both set the same page (`PAGE`: A4, the margins of the PDF) and the same footer, "VO/0985/07 –
Seite x von y", and both are dated with the paper's date, not the day the file was made: a
paper of 2007 recorded today still says 12.11.2007, also in the file's metadata.

Both drop control characters from the stored text first (`lib/text.py`): forms refuse them
now, but older rows or data written past the forms may hold them, and python-docx refuses
them while WeasyPrint draws them as missing glyphs.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import io
import logging
import os
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from vereinsforum.lib.text import strip_control
from vereinsforum.reports.annex import AnnexTable
from vereinsforum.reports.document import PaperDocument, build_document
from vereinsforum.reports.models import Report

# WeasyPrint reports each layout step at INFO; a council paper is not worth seven log lines.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclasses.dataclass(frozen=True)
class PageSetup:
    """The paper's page, in millimetres; the PDF's @page rule and the DOCX section both read
    it, so both formats give the text the same width and the same place on the page."""

    width: float = 210  # A4
    height: float = 297
    top: float = 20
    right: float = 22
    bottom: float = 22
    left: float = 22
    #: DOCX only: from the page's lower edge to the footer line, so the line sits in the middle
    #: of the bottom margin as the PDF's @bottom-right box centres it.
    footer: float = 9.5

    @property
    def css_size(self) -> str:
        return f"{self.width:g}mm {self.height:g}mm"

    @property
    def css_margin(self) -> str:
        return f"{self.top:g}mm {self.right:g}mm {self.bottom:g}mm {self.left:g}mm"


PAGE = PageSetup()


def page_footer(document: PaperDocument) -> tuple[str, str]:
    """The footer's text before the page number and between it and the page count."""
    return f"{document.reference} – Seite ", " von "


def paper_datetime(document: PaperDocument) -> datetime:
    """The paper's date as the moment the DOCX records as created and modified (the PDF's
    template writes the same day as dcterms.created)."""
    return datetime.combine(document.report.date, time.min)


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


def font_faces() -> list[dict]:
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
            faces.append({"weight": weight, "style": style, "url": f"file://{_sfnt(path)}"})
    return faces


@functools.cache
def _sfnt(woff2: str) -> str:
    """The font decompressed once, under var/fonts/: WeasyPrint decompresses a WOFF2 in pure
    Python (fontTools) on every document, which cost about 0.8 s of each paper's PDF for
    the four faces (issue 14). Falls back to the WOFF2 where var/ cannot be written."""
    from fontTools.ttLib import woff2 as woff2_module  # type: ignore[import-untyped]

    source = Path(woff2)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = Path(settings.VAR_DIR) / "fonts" / f"{source.stem}-{digest}.ttf"
    if not target.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            with source.open("rb") as packed, partial.open("wb") as unpacked:
                woff2_module.decompress(packed, unpacked)
            partial.replace(target)
        except OSError:
            return woff2
    return str(target)


def declare_pdf_ua(document, pdf) -> None:
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

    def html(self, document: PaperDocument) -> str:
        """The page WeasyPrint lays out (its @page rule sets size, margins and footer)."""
        charts = [
            {
                "title": c.title,
                "alt": c.alt,
                "src": "data:image/png;base64," + base64.b64encode(c.png).decode(),
            }
            for c in document.charts
        ]
        before, between = page_footer(document)
        html = render_to_string(
            "reports/paper.html",
            {
                "doc": document,
                "charts": charts,
                "fonts": font_faces(),
                "page": PAGE,
                "footer": {"before": before, "between": between},
                "created": document.report.date.isoformat(),
            },
        )
        # The template also reads the report itself (the author), so the page is cleaned too.
        return strip_control(html, multiline=True)

    def render_document(self, document: PaperDocument) -> bytes:
        return tagged_pdf(self.html(document), variant=self.variant)


def tagged_pdf(html: str, *, variant: str = "pdf/a-3b") -> bytes:
    """The one way the project writes a PDF: WeasyPrint with tags, PDF/A and the PDF/UA-1
    identification (the council paper, guides, the privacy documents)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=".").write_pdf(
        pdf_variant=variant, pdf_tags=True, finisher=declare_pdf_ua
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


def _field(paragraph, instruction: str, placeholder: str) -> list:
    """A Word field (PAGE, NUMPAGES …) as runs: begin, instruction, separate, the result a
    reader shows until it recomputes the field, end. Word and LibreOffice fill in the
    result when they lay the document out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "result":
            run.text = placeholder
        elif kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        runs.append(run)
    return runs


def _footer(section, document: PaperDocument, styles) -> None:
    """ "<number> – Seite x von y" on the right, small and grey, as in the PDF."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.text = ""
    paragraph.style = styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    before, between = page_footer(document)
    runs = [
        paragraph.add_run(before),
        *_field(paragraph, "PAGE", "1"),
        paragraph.add_run(between),
        *_field(paragraph, "NUMPAGES", "1"),
    ]
    for run in runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)


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


def _table_caption(table, caption: str) -> None:
    """The table's title for assistive technology (w:tblCaption, Word's "alt text")."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption)
    # The schema puts tblCaption after tblLook, the last element python-docx writes.
    tbl_pr.append(element)


def _annex_table(doc, annex: AnnexTable) -> None:
    """The annex on a page of its own: heading, caption, a table whose header row repeats
    on every page, then the notes on how to read it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(annex.heading, level=2)
    caption = doc.add_paragraph(annex.caption)
    caption.style = doc.styles["Caption"]
    table = doc.add_table(rows=1 + len(annex.rows), cols=len(annex.columns))
    table.style = "Table Grid"
    _table_caption(table, annex.caption)
    for col, text in enumerate(annex.columns):
        _cell(table.cell(0, col), [text], bold=True, size=9)
    _repeat_header(table.rows[0])
    for index, row in enumerate(annex.rows, start=1):
        for col, text in enumerate(row):
            cell = table.cell(index, col)
            _cell(cell, [text], bold=col == annex.header_column, size=9)
            if col != annex.header_column:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for note in annex.notes:
        paragraph = doc.add_paragraph()
        paragraph.add_run(note).font.size = Pt(9)


class DocxExporter(ReportExporter):
    format = "docx"
    extension = "docx"
    content_type = DOCX

    def render_document(self, document: PaperDocument) -> bytes:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Mm, Pt

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
        # python-docx's template would say "python-docx" on 23.12.2013.
        props.last_modified_by = props.author
        props.created = props.modified = paper_datetime(document)
        props.revision = 1
        props.language = "de-DE"
        props.keywords = document.reference
        for page in doc.sections:
            page.orientation = WD_ORIENT.PORTRAIT
            page.page_width, page.page_height = Mm(PAGE.width), Mm(PAGE.height)
            page.top_margin, page.right_margin = Mm(PAGE.top), Mm(PAGE.right)
            page.bottom_margin, page.left_margin = Mm(PAGE.bottom), Mm(PAGE.left)
            page.footer_distance = Mm(PAGE.footer)
            _footer(page, document, doc.styles)

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
        for annex in document.annex:
            _annex_table(doc, annex)

        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


EXPORTERS: dict[str, ReportExporter] = {e.format: e for e in (PdfExporter(), DocxExporter())}


def exporter_for(format: str) -> ReportExporter:  # noqa: A002 - the format name is the key
    return EXPORTERS[format]
