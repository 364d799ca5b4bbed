"""The council paper as a document: page, margins, footer, date and quotation marks.

The PDF's page is read from the @page rule of the HTML that WeasyPrint lays out, so a
change to the template's margins that the DOCX does not follow fails here. LibreOffice, where
installed, lays the DOCX out independently of python-docx and shows what the footer's fields
say on every page.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import docx
import pypdf
import pytest
import tinycss2
from django.utils import timezone
from docx.oxml.ns import qn

from vereinsforum.reports.document import build_document, german_quotes
from vereinsforum.reports.exporters import DocxExporter, PdfExporter
from vereinsforum.reports.services import ReportFields, report_issue, report_update

pytestmark = pytest.mark.django_db

A4_MM = (210.0, 297.0)
A4_PT = (595.28, 841.89)
MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
SIDES = ("top", "right", "bottom", "left")


def _length_mm(token) -> float:
    assert token.type == "dimension", token
    return token.value * MM_PER[token.unit.lower()]


def _pdf_page_rule(report) -> dict[str, float]:
    """Size and margins (mm) of the @page rule in the HTML the PDF is laid out from."""
    exporter = PdfExporter()
    html = exporter.html(build_document(report, with_charts=False))
    css = "\n".join(re.findall(r"<style>(.*?)</style>", html, flags=re.S))
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    (page,) = [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "page"]
    result: dict[str, float] = {}
    for declaration in tinycss2.parse_blocks_contents(page.content, skip_whitespace=True):
        if declaration.type != "declaration":
            continue  # the margin boxes (@bottom-right …)
        values = [t for t in declaration.value if t.type not in ("whitespace", "comment")]
        name = declaration.lower_name
        if name == "size":
            if len(values) == 1 and values[0].type == "ident":
                assert values[0].lower_value == "a4", values
                result["width"], result["height"] = A4_MM
            else:
                result["width"], result["height"] = (_length_mm(v) for v in values)
        elif name == "margin":
            lengths = [_length_mm(v) for v in values]
            # CSS shorthand: 1 → all, 2 → vertical horizontal, 3 → top horizontal bottom.
            top, right, bottom, left = {
                1: lambda v: (v[0],) * 4,
                2: lambda v: (v[0], v[1], v[0], v[1]),
                3: lambda v: (v[0], v[1], v[2], v[1]),
                4: lambda v: tuple(v),
            }[len(lengths)](lengths)
            result.update(top=top, right=right, bottom=bottom, left=left)
        elif name.startswith("margin-") and name[7:] in SIDES:
            result[name[7:]] = _length_mm(values[0])
    assert set(result) == {"width", "height", *SIDES}, result
    return result


def _docx(report) -> docx.document.Document:
    _name, _type, content = DocxExporter().render(report)
    return docx.Document(io.BytesIO(content))


def test_docx_is_a4_with_the_margins_of_the_pdf(draft_report):
    pdf_page = _pdf_page_rule(draft_report)
    assert (pdf_page["width"], pdf_page["height"]) == pytest.approx(A4_MM, abs=0.5)
    sections = _docx(draft_report).sections
    assert len(sections) >= 1
    for section in sections:
        assert section.page_width.mm == pytest.approx(A4_MM[0], abs=0.5)
        assert section.page_height.mm == pytest.approx(A4_MM[1], abs=0.5)
        docx_margins = [getattr(section, f"{side}_margin").mm for side in SIDES]
        assert docx_margins == pytest.approx([pdf_page[side] for side in SIDES], abs=0.1)


def test_pdf_pages_are_a4(draft_report):
    _name, _type, content = PdfExporter().render(draft_report)
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_PT, abs=1.5
        )


def _footer_runs(paragraph) -> list[tuple[str, str]]:
    """The footer paragraph as (kind, value): text, field begin/separate/end, instruction."""
    runs = []
    for element in paragraph._p.iter(qn("w:t"), qn("w:fldChar"), qn("w:instrText")):
        if element.tag == qn("w:fldChar"):
            runs.append(("fldChar", element.get(qn("w:fldCharType"))))
        elif element.tag == qn("w:instrText"):
            runs.append(("instr", element.text.strip()))
        else:
            runs.append(("text", element.text))
    return runs


def _field_codes(runs: list[tuple[str, str]]) -> list[str]:
    """The instructions of complete fields (begin … instr … [separate …] end), in order."""
    codes, open_field = [], None
    for kind, value in runs:
        if (kind, value) == ("fldChar", "begin"):
            assert open_field is None, "nested or unterminated field"
            open_field = []
        elif kind == "instr":
            assert open_field is not None, "instruction outside a field"
            open_field.append(value)
        elif (kind, value) == ("fldChar", "end"):
            assert open_field is not None, "field end without begin"
            codes.append(" ".join(open_field))
            open_field = None
    assert open_field is None, "unterminated field"
    return codes


def test_docx_footer_names_the_paper_and_numbers_the_pages_with_fields(draft_report):
    for section in _docx(draft_report).sections:
        assert not section.footer.is_linked_to_previous
        paragraphs = [p for p in section.footer.paragraphs if p.text.strip()]
        assert len(paragraphs) == 1
        runs = _footer_runs(paragraphs[0])
        assert _field_codes(runs) == ["PAGE", "NUMPAGES"]
        # What the reader sees, with the fields as placeholders and their cached results
        # left out: "<number> – Seite {PAGE} von {NUMPAGES}".
        shown, in_result, field = [], False, None
        for kind, value in runs:
            if kind == "instr":
                field = value
            elif (kind, value) == ("fldChar", "separate"):
                in_result = True
            elif (kind, value) == ("fldChar", "end"):
                shown.append("{" + field + "}")
                in_result, field = False, None
            elif kind == "text" and not in_result and field is None:
                shown.append(value)
        assert "".join(shown) == "VO/0985/07 – Seite {PAGE} von {NUMPAGES}"


LONG_EXPLANATION = "\n\n".join(
    f"Absatz {n}: " + "Die Vereine haben an den Schulungen teilgenommen. " * 12
    for n in range(1, 31)
)


def _page_texts(content: bytes) -> list[str]:
    return [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(content)).pages
    ]


def _assert_numbered(texts: list[str], reference: str) -> None:
    total = len(texts)
    assert total >= 3, "the paper must run over several pages to test the count"
    for number, text in enumerate(texts, start=1):
        assert f"{reference} – Seite {number} von {total}" in text, (number, text[-200:])


def test_pdf_footer_numbers_every_page(draft_report, coordinator):
    report = report_update(
        actor=coordinator,
        report=draft_report,
        fields=replace(ReportFields.of(draft_report), explanation=LONG_EXPLANATION),
    )
    _name, _type, content = PdfExporter().render(report)
    _assert_numbered(_page_texts(content), "VO/0985/07")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None,
    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-writer-nogui); "
    "it is the only independent layout engine for the DOCX's footer fields here",
)
def test_docx_laid_out_by_libreoffice_reads_seite_x_von_y(draft_report, coordinator, tmp_path):
    report = report_update(
        actor=coordinator,
        report=draft_report,
        fields=replace(ReportFields.of(draft_report), explanation=LONG_EXPLANATION),
    )
    filename, _type, content = DocxExporter().render(report)
    source = tmp_path / filename
    source.write_bytes(content)
    profile = tmp_path / "lo-profile"  # its own profile: no clash with a running LibreOffice
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = (tmp_path / filename).with_suffix(".pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(converted))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_PT, abs=1.5
        )
    _assert_numbered(_page_texts(converted), "VO/0985/07")


def _docx_text(document: docx.document.Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_historical_paper_issued_today_is_dated_with_its_own_date(draft_report, coordinator):
    assert draft_report.date == date(2007, 11, 12)
    report = report_issue(actor=coordinator, report=draft_report)
    today = timezone.localdate()
    assert report.issued_at.date() != draft_report.date  # issued today, not in 2007
    files = {f.format: bytes(f.content) for f in report.files.all()}

    document = docx.Document(io.BytesIO(files["docx"]))
    header_rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert ["Datum:", "12.11.2007"] in [row[1:] for row in header_rows]
    assert f"{today:%d.%m.%Y}" not in _docx_text(document)
    properties = document.core_properties
    assert properties.created.date() == date(2007, 11, 12)
    assert properties.modified.date() == date(2007, 11, 12)
    assert properties.last_modified_by != "python-docx"

    pdf = pypdf.PdfReader(io.BytesIO(files["pdf"]))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Datum 12.11.2007" in text
    assert f"{today:%d.%m.%Y}" not in text
    assert pdf.metadata.creation_date.date() == date(2007, 11, 12)
    xmp = pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<xmp:CreateDate>2007-11-12" in xmp


def test_titles_in_the_documents_use_german_quotation_marks(draft_report, coordinator):
    report = report_update(
        actor=coordinator,
        report=draft_report,
        fields=replace(
            ReportFields.of(draft_report),
            title='Sachstand des Projektes "Mehr PS für Integrationsarbeit"',
            reason='Sachstand zum Beschluss "Integrationskonzept" vom 12.03.2007',
        ),
    )
    title = "Sachstand des Projektes „Mehr PS für Integrationsarbeit“"

    document = _docx(report)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == title
    assert document.core_properties.title == f"VO/0985/07 – {title}"
    assert "Sachstand zum Beschluss „Integrationskonzept“ vom 12.03.2007" in _docx_text(document)
    assert '"' not in _docx_text(document)

    _name, _type, content = PdfExporter().render(report)
    pdf = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert title in text and '"' not in text
    assert pdf.metadata.title == f"VO/0985/07 – {title}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Projekt "Mehr PS"', "Projekt „Mehr PS“"),
        ('"A" und "B"', "„A“ und „B“"),
        ("„schon richtig“", "„schon richtig“"),
        ('("Entwurf") und - "Anlage 2"', "(„Entwurf“) und - „Anlage 2“"),
        # Marks that do not pair up as quotation marks (inches, a typo): left as written.
        ('Bildschirme mit 24" und 27"', 'Bildschirme mit 24" und 27"'),
        ('Projekt "Mehr PS', 'Projekt "Mehr PS'),
        ('Projekt " Mehr PS "', 'Projekt " Mehr PS "'),
        ("ohne Anführungszeichen", "ohne Anführungszeichen"),
    ],
)
def test_german_quotes(text, expected):
    assert german_quotes(text) == expected
