"""Reading a scanned paper attendance list (CSV) into check-ins, with an error per bad row."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from vereinsforum.events.models import Event, Registration, RegistrationStatus

MAX_ROWS = 2000
#: A list of 2,000 rows stays far below this; anything larger is not an attendance list.
MAX_BYTES = 512 * 1024


@dataclass
class ImportRow:
    line: int
    label: str
    registration: Registration | None = None
    error: str = ""
    already: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


def _norm(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _unreadable(line: int) -> str:
    return _(
        "The file could not be read as a CSV list (around line %(line)s). Please save it "
        "again as CSV from the spreadsheet program."
    ) % {"line": line}


def parse_attendance(event: Event, text: str) -> tuple[list[ImportRow], str]:
    """Rows matched to the event's registrations; the second value is a file-level error."""
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        headers = {_norm(h) for h in (reader.fieldnames or [])}
    except csv.Error:
        return [], _unreadable(1)
    if "code" not in headers and not {"organisation", "first_name", "last_name"} <= headers:
        return [], _(
            "The file needs a header row with the column code, or the columns "
            "organisation, first_name and last_name."
        )
    registrations = event.registrations.select_related("person", "organisation")
    rows: list[ImportRow] = []
    seen: set[int] = set()
    records = enumerate(reader, start=2)
    while True:
        try:
            line, record = next(records)
        except StopIteration:
            break
        except csv.Error:
            # e.g. a cell over the csv module's field limit, or a stray NUL byte
            return [], _unreadable(reader.line_num)
        if line > MAX_ROWS:
            return rows, _("The file has more than %(n)s rows.") % {"n": MAX_ROWS}
        record = {_norm(k): (v or "").strip() for k, v in record.items() if k}
        if not any(record.values()):
            continue
        code = record.get("code", "")
        name = f"{record.get('first_name', '')} {record.get('last_name', '')}".strip()
        row = ImportRow(line=line, label=code or f"{name} ({record.get('organisation', '')})")
        if code:
            row.registration = registrations.filter(code=code).first()
            if row.registration is None:
                row.error = _("No registration for this event has the code %(code)s.") % {
                    "code": code
                }
        elif not (record.get("first_name") and record.get("last_name")):
            row.error = _("First and last name are missing.")
        else:
            matches = [
                r
                for r in registrations.filter(
                    Q(person__last_name__iexact=record["last_name"])
                    & Q(person__first_name__iexact=record["first_name"])
                ).exclude(status=RegistrationStatus.CANCELLED)
                if not record.get("organisation")
                or (r.organisation and _norm(r.organisation.name) == _norm(record["organisation"]))
            ]
            if not matches:
                row.error = _("No registration for %(name)s was found at this event.") % {
                    "name": name
                }
            elif len(matches) > 1:
                row.error = _("%(name)s is registered more than once: use the code.") % {
                    "name": name
                }
            else:
                row.registration = matches[0]
        registration = row.registration
        if registration is not None and not row.error:
            if registration.pk in seen:
                row.error = _("This person appears twice in the list.")
            elif registration.status == RegistrationStatus.CANCELLED:
                row.error = _("This registration was cancelled.")
            elif registration.status == RegistrationStatus.ATTENDED:
                row.already = True
            seen.add(registration.pk)
        rows.append(row)
    if not rows:
        return rows, _("The file contains no rows.")
    return rows, ""
