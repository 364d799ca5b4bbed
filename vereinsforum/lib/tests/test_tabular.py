"""The one CSV/XLSX writer: text stays text, numbers stay numbers, nothing becomes a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from vereinsforum.lib.tabular import (
    EXPORTERS,
    CsvExporter,
    Sheet,
    TabularExport,
    XlsxExporter,
    csv_cell,
    write_csv,
    write_xlsx,
)

FORMULA = '=HYPERLINK("http://x","y")'
TRIGGERS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2", "\r=1+2"]


def _read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # what German spreadsheets open directly
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _read_xlsx(content: bytes, index: int = 0):
    return load_workbook(io.BytesIO(content)).worksheets[index]


# ---- CSV ------------------------------------------------------------------------------------


def test_csv_quotes_a_formula_and_keeps_the_text():
    rows = _read_csv(write_csv(["Verein"], [[FORMULA]]))
    assert rows == [["Verein"], ["'" + FORMULA]]


@pytest.mark.parametrize("text", TRIGGERS)
def test_csv_neutralises_every_trigger_character(text):
    assert _read_csv(write_csv(["x"], [[text]]))[1] == ["'" + text]


def test_csv_leaves_harmless_text_and_numbers_alone():
    rows = _read_csv(
        write_csv(
            ["a", "b", "c", "d", "e", "f", "g"],
            [["Anadolu e.V.", -3, -2.5, Decimal("-0.25"), 0, None, "a=b"]],
        )
    )
    assert rows[1] == ["Anadolu e.V.", "-3", "-2.5", "-0.25", "0", "", "a=b"]


def test_csv_header_is_neutralised_too():
    assert _read_csv(write_csv(["-Feld", "@x"], []))[0] == ["'-Feld", "'@x"]


def test_csv_cell_formats_dates_and_lazy_text():
    assert csv_cell(date(2007, 11, 12)) == "2007-11-12"
    assert csv_cell(datetime(2007, 11, 12, 18, 30)) == "2007-11-12T18:30:00"
    assert csv_cell(gettext_lazy("-Bedarf")) == "'-Bedarf"


def test_csv_drops_control_characters_but_keeps_line_breaks():
    rows = _read_csv(write_csv(["x"], [["Anadolu\x0b\x01 e.V."], ["Zeile 1\nZeile 2"]]))
    assert rows[1:] == [["Anadolu e.V."], ["Zeile 1\nZeile 2"]]


def test_csv_with_a_comma_delimiter_and_no_bom():
    content = write_csv(["a", "b"], [["x,y", 1]], delimiter=",", bom=False)
    assert content == b'a,b\r\n"x,y",1\r\n'


# ---- XLSX -----------------------------------------------------------------------------------


def test_xlsx_writes_a_formula_as_a_text_cell():
    sheet = _read_xlsx(write_xlsx([Sheet("Vereine", ["Verein"], [[FORMULA]])]))
    cell = sheet.cell(2, 1)
    assert cell.data_type == "s"
    assert cell.value == FORMULA


@pytest.mark.parametrize("text", [*TRIGGERS, "#N/A", "#DIV/0!"])
def test_xlsx_keeps_trigger_texts_and_error_codes_as_text(text):
    cell = _read_xlsx(write_xlsx([Sheet("x", ["x"], [[text]])])).cell(2, 1)
    assert (cell.data_type, cell.value) == ("s", text)


def test_xlsx_marks_formula_like_text_to_stay_text_when_edited():
    sheet = _read_xlsx(write_xlsx([Sheet("x", ["x"], [[FORMULA], ["Anadolu"]])]))
    assert sheet.cell(2, 1).quotePrefix is True
    assert not sheet.cell(3, 1).quotePrefix


def test_xlsx_numbers_dates_and_empty_cells_keep_their_types():
    local = datetime(2007, 11, 12, 18, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    row = [-3, -2.5, Decimal("0.25"), True, date(2007, 11, 12), local, None]
    sheet = _read_xlsx(write_xlsx([Sheet("x", list("abcdefg"), [row])]))
    cells = [sheet.cell(2, c) for c in range(1, 8)]
    assert [c.data_type for c in cells[:4]] == ["n", "n", "n", "b"]
    assert [c.value for c in cells[:4]] == [-3, -2.5, 0.25, True]
    assert isinstance(cells[0].value, int)
    assert cells[4].value == datetime(2007, 11, 12) and cells[4].is_date
    # Excel has no time zones: the local wall-clock time is written.
    assert cells[5].value == datetime(2007, 11, 12, 18, 30)
    assert cells[6].value is None


def test_xlsx_writes_non_finite_numbers_as_text():
    sheet = _read_xlsx(write_xlsx([Sheet("x", ["a", "b"], [[float("nan"), float("-inf")]])]))
    assert [(c.data_type, c.value) for c in sheet[2]] == [("s", "NaN"), ("s", "-Infinity")]


def test_xlsx_drops_control_characters():
    sheet = _read_xlsx(write_xlsx([Sheet("Anadolu\x01", ["x"], [["Anadolu\x0b\x01 e.V."]])]))
    assert sheet.cell(2, 1).value == "Anadolu e.V."
    assert sheet.title == "Anadolu"


def test_xlsx_header_is_bold_text_and_frozen():
    sheet = _read_xlsx(write_xlsx([Sheet("x", ["=Rang", "Feld"], [[1, "a"]])]))
    assert [(c.data_type, c.value) for c in sheet[1]] == [("s", "=Rang"), ("s", "Feld")]
    assert sheet.cell(1, 1).font.b is True
    assert sheet.freeze_panes == "A2"


def test_xlsx_holds_several_sheets_with_valid_titles():
    content = write_xlsx(
        [
            Sheet("Antworten: Welle 1/2007 [alle]", ["x"], [[1]]),
            Sheet("", ["y"], [[2]]),
            Sheet("Kennzahlen", ["z"], [[3]]),
        ]
    )
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Antworten- Welle 1-2007 -alle-", "Sheet2", "Kennzahlen"]
    assert len(write_xlsx([Sheet("x" * 40, ["x"], [])])) > 0


# ---- exporter contract ------------------------------------------------------------------------


def test_exporters_follow_the_render_contract():
    export = TabularExport("bedarfsanalyse-1-antworten", [Sheet("Antworten", ["x"], [[FORMULA]])])
    filename, content_type, content = EXPORTERS["csv"].render(export)
    assert (filename, content_type) == ("bedarfsanalyse-1-antworten.csv", "text/csv; charset=utf-8")
    assert _read_csv(content)[1] == ["'" + FORMULA]
    filename, content_type, content = EXPORTERS["xlsx"].render(export)
    assert filename == "bedarfsanalyse-1-antworten.xlsx"
    assert content_type == XlsxExporter.content_type
    assert _read_xlsx(content).cell(2, 1).data_type == "s"


def test_csv_refuses_an_export_of_several_sheets():
    export = TabularExport("x", [Sheet("a", ["a"], []), Sheet("b", ["b"], [])])
    with pytest.raises(ValueError, match="one sheet"):
        CsvExporter().render(export)
