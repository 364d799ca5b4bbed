"""Stored text with control characters (saved before input refused them) still renders."""

from __future__ import annotations

import io
from datetime import date

import docx
import pypdf
import pytest
from django.db import connection
from django.urls import reverse

from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import TeamMember, TeamRole
from vereinsforum.reports.models import Report
from vereinsforum.reports.services import report_draft, report_issue
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

BROKEN = "Anadolu\x0b\x01 e.V."


@pytest.fixture
def broken_report(draft_report, coordinator, association, department):
    """A draft whose Begründung names the association and whose department has the same kind
    of name; both written straight to the database, as data stored before the fix would be."""
    Organisation.objects.filter(pk=association.pk).update(name=BROKEN)
    # NUL only where the database can hold it: PostgreSQL's text refuses it outright, so
    # stored data there never has one; SQLite keeps it.
    nul = "\x00" if connection.vendor == "sqlite" else "\x1f"
    Organisation.objects.filter(pk=department.pk).update(name=f"Ressort 204{nul} Zuwanderung")
    TeamMember.objects.create(
        programme=draft_report.programme,
        person=factories.PersonFactory(),
        organisation=association,
        role=TeamRole.ASSOCIATION,
        since=date(2007, 1, 1),
    )
    report = report_draft(actor=coordinator, report=draft_report)
    assert BROKEN in report.explanation  # the draft takes the name as stored
    Report.objects.filter(pk=report.pk).update(officer_name="Michael\x1f Visser")
    report.refresh_from_db()
    return report


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_issuing_a_paper_with_control_characters_in_stored_text(broken_report, coordinator):
    report = report_issue(actor=coordinator, report=broken_report)
    files = {f.format: bytes(f.content) for f in report.files.all()}
    text = _docx_text(files["docx"])
    assert "Anadolu e.V." in text
    assert "Ressort 204 Zuwanderung" in text
    assert "Michael Visser" in text
    pdf = pypdf.PdfReader(io.BytesIO(files["pdf"]))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Anadolu e.V." in " ".join(pdf_text.split())  # the PDF may wrap the line there
    assert not any(c in pdf_text for c in "\x00\x0b\x1f")


def test_docx_preview_of_a_draft_with_control_characters(client, coordinator, broken_report):
    client.force_login(coordinator)
    response = client.get(reverse("reports:file", args=[broken_report.pk, "docx"]))
    assert response.status_code == 200
    assert "Anadolu e.V." in _docx_text(response.content)
