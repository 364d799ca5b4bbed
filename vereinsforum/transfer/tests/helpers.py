"""Files and counts for the import tests."""

from __future__ import annotations

import io

from openpyxl import Workbook

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.models import Affiliation, Organisation, Person

HEADER = ["Verein", "Registernummer", "Straße", "PLZ", "Vorname", "Nachname", "Funktion", "E-Mail"]
ROWS = [
    [
        "Anadolu Kulturverein e. V.",
        "VR 1234",
        "Hauptstraße 1",
        "42103",
        "Ayşe",
        "Yılmaz",
        "Vorsitzende",
        "ayse@example.org",
    ],
    ["Anadolu Kulturverein e.V.", "VR 1234", "", "", "Mehmet", "Öztürk", "Kassierer", ""],
    ["Centro Español", "VR 77", "Wall 3", "42103", "", "", "", ""],
]


def csv_bytes(header=HEADER, rows=ROWS, *, encoding="utf-8", delimiter=";", bom=False) -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_bytes(header=HEADER, rows=ROWS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts() -> dict[str, int]:
    """Everything an import could write."""
    return {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def snapshot() -> list:
    """Every value an import could change, to compare before and after."""
    return [
        list(Organisation.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        list(Affiliation.objects.order_by("pk").values()),
    ]
