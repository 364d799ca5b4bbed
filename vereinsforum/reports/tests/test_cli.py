from __future__ import annotations

import io

import docx
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_render_report_writes_a_draft_as_docx(draft_report, tmp_path):
    target = tmp_path / "entwurf.docx"
    out = io.StringIO()
    call_command("render_report", "VO/0985/07", "--format", "docx", "-o", str(target), stdout=out)
    assert "draft" in out.getvalue()
    doc = docx.Document(str(target))
    assert "VO/0985/07 öffentlich" in [c.text for row in doc.tables[0].rows for c in row.cells]


def test_render_report_refuses_an_unknown_number(db, tmp_path):
    with pytest.raises(CommandError, match="No paper VO/0001/99"):
        call_command("render_report", "VO/0001/99", "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
