"""Reading an uploaded table (CSV or XLSX) into a header and rows of text.

Files come from other offices' spreadsheets, so:

- XLSX is recognised by its content (a zip with a workbook), not by its name; the first
  sheet is read with cached values (a formula is never evaluated here).
- CSV arrives as UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode
  text") or Windows-1252 (Excel's "CSV" on a German Windows). UTF-8 is tried first: a
  cp1252 file with umlauts is almost never valid UTF-8, while every byte sequence decodes
  as *something* in Latin-1, so the order matters. cp1252 leaves five bytes undefined and
  we also refuse control characters, which is what tells binary garbage from a table.
- The delimiter is the one of ; , or tab that the header line uses most.

Every failure is a `TableError` with a translated message for the user.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: An address list of a city's associations is far below this.
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60

#: Control characters a text table never holds (tab, CR and LF are allowed).
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\r\n"} | {"\x7f"}


class TableError(Exception):
    """The file cannot be read as a table; the message says why, for the user."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    #: (line number in the file or sheet, cells), cells padded to the header's width.
    rows: list[tuple[int, list[str]]]
    #: "XLSX", or the CSV encoding found ("UTF-8", "UTF-8 with BOM", "Windows-1252", …).
    source: str

    @property
    def digest(self) -> str:
        """SHA-256 of the table's text: the same table saved again (an XLSX differs in its
        bytes at every save) or in another encoding has the same digest."""
        text = json.dumps([self.header, [cells for _line, cells in self.rows]])
        return hashlib.sha256(text.encode()).hexdigest()


def read_table(content: bytes) -> Table:
    if len(content) > MAX_BYTES:
        raise TableError(
            _("The file is larger than %(size)s. Please split it into smaller files.")
            % {"size": filesizeformat(MAX_BYTES)}
        )
    if not content.strip():
        raise TableError(_("The file is empty."))
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    text, encoding = decode(content)
    return _read_csv(text, encoding)


def decode(content: bytes) -> tuple[str, str]:
    if content.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", _("UTF-8 with BOM"))]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "UTF-16")]
    else:
        candidates = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]
    for codec, label in candidates:
        try:
            text = content.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CONTROL.isdisjoint(text):
            return text, label
    raise TableError(
        _(
            "The file is not a table we can read: it holds binary data. Please upload a CSV "
            "file (UTF-8 or Windows-1252) or an Excel workbook (.xlsx)."
        )
    )


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_csv(text: str, encoding: str) -> Table:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True
    )
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((reader.line_num, cells))
            if len(records) > MAX_ROWS + 1:
                raise TableError(_too_many())
    except csv.Error as exc:
        raise TableError(
            _("Line %(line)s of the file is not valid CSV (%(reason)s).")
            % {"line": reader.line_num, "reason": str(exc)}
        ) from exc
    return _table(records, encoding)


def _too_many() -> str:
    return _("The file has more than %(max)s rows. Please split it into smaller files.") % {
        "max": MAX_ROWS
    }


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(
            _("The file looks like an Excel workbook but cannot be opened. Is it damaged?")
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TableError(_("The workbook has no sheet."))
        records = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            records.append((line, ["" if v is None else _cell_text(v) for v in values]))
            if len(records) > MAX_ROWS + 1:
                raise TableError(_too_many())
    finally:
        workbook.close()
    return _table(records, "XLSX")


def _cell_text(value) -> str:
    # A whole number typed into a cell comes back as 1987.0; the table holds text.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table(records: list[tuple[int, list[str]]], source: str) -> Table:
    records = [(line, [c.strip() for c in cells]) for line, cells in records]
    records = [(line, cells) for line, cells in records if any(cells)]
    if not records:
        raise TableError(_("The file is empty."))
    _line, header = records[0]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise TableError(
            _("The file has more than %(max)s columns. Is the first row the header?")
            % {"max": MAX_COLUMNS}
        )
    if len(records) < 2:
        raise TableError(_("The file has a header row but no data rows."))
    rows = []
    for line, cells in records[1:]:
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            raise TableError(
                _(
                    "Row %(line)s has more cells (%(cells)s) than the header has columns "
                    "(%(columns)s). Is a delimiter or quote missing?"
                )
                % {"line": line, "cells": len(cells), "columns": len(header)}
            )
        cells = cells[: len(header)]
        rows.append((line, cells + [""] * (len(header) - len(cells))))
    return Table(header=header, rows=rows, source=source)
