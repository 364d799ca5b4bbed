"""Every CSV and XLSX the project writes goes through here.

Exported text is other people's input, opened by staff in a spreadsheet program, so:

- XLSX: text is always a text cell. openpyxl makes any string that starts with "=" a
  formula (and "#N/A" an error value); we set the cell type back to text, and mark
  formula-like text with Excel's quote prefix so it stays text when someone edits the cell.
  Numbers, dates and booleans keep their types.
- CSV has no cell types: a text cell that starts with = + - @, a tab or a carriage return
  is prefixed with a single quote (OWASP, "CSV Injection"), which spreadsheet programs
  show as text; the rest of the text is kept. Numbers are written as numbers, so -3 stays
  -3 and only the text "-3" is quoted.
- Both: control characters are dropped (`lib/text.py`); XLSX cannot hold them at all.

One contract for every format: `render(export) -> (filename, content_type, bytes)`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from vereinsforum.lib.text import strip_control

#: Characters that make a spreadsheet program read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Values written with their own type (bool is an int); everything else is text.
_TYPED = (int, float, Decimal, date, time)

_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31


@dataclass(frozen=True)
class Sheet:
    """One rectangle of data: a CSV file, or one sheet of a workbook."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


@dataclass(frozen=True)
class TabularExport:
    """What an exporter renders: the file name without extension and its sheets."""

    name: str
    sheets: Sequence[Sheet]


def _text(value: Any) -> str:
    return strip_control(str(value), multiline=True)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


# ---- CSV ------------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """One value as CSV text: typed values as they are, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, _TYPED):
        return value.isoformat() if isinstance(value, date | time) else str(value)
    text = _text(value)
    return "'" + text if is_formula_like(text) else text


def write_csv(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ";",
    bom: bool = True,
) -> bytes:
    """Semicolons and a byte-order mark by default: what German spreadsheet programs open
    without an import dialog."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


# ---- XLSX -----------------------------------------------------------------------------------


def _sheet_title(title: str, index: int) -> str:
    """Excel refuses titles with []:*?/\\, over 31 characters, or quoted at either end."""
    title = _SHEET_TITLE_FORBIDDEN.sub("-", strip_control(str(title), multiline=False))
    title = title.strip().strip("'")[:_SHEET_TITLE_MAX].strip()
    return title or f"Sheet{index}"


def _xlsx_cell(sheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        # Excel has no NaN or infinity; written as numbers they corrupt the file.
        value = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Excel has no time zones: write the local wall-clock time.
        value = timezone.make_naive(value)
    if value is None or isinstance(value, _TYPED):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        text = _text(value)
        cell = WriteOnlyCell(sheet, value=text)
        # openpyxl has just typed "=…" as a formula and "#N/A" as an error: undo it.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    # Write-only mode streams the rows, so a long export does not sit in memory as cells.
    workbook = Workbook(write_only=True)
    for index, data in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(_sheet_title(data.title, index))
        sheet.freeze_panes = "A2"
        sheet.append([_xlsx_cell(sheet, v, bold=True) for v in data.header])
        for row in data.rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---- exporters ------------------------------------------------------------------------------


class CsvExporter:
    format = "csv"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, export: TabularExport) -> tuple[str, str, bytes]:
        if len(export.sheets) != 1:
            raise ValueError(f"A CSV file holds one sheet; {export.name} has {len(export.sheets)}.")
        sheet = export.sheets[0]
        return (
            f"{export.name}.{self.extension}",
            self.content_type,
            write_csv(sheet.header, sheet.rows),
        )


class XlsxExporter:
    format = "xlsx"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, export: TabularExport) -> tuple[str, str, bytes]:
        return f"{export.name}.{self.extension}", self.content_type, write_xlsx(export.sheets)


EXPORTERS: dict[str, CsvExporter | XlsxExporter] = {
    e.format: e for e in (CsvExporter(), XlsxExporter())
}
