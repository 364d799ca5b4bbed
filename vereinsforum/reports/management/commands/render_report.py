"""`vereinsforum render_report VO/0985/07 --format pdf -o VO-0985-07.pdf`

An issued paper is written byte for byte as it was frozen (same SHA-256); a draft is
rendered from its current state.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vereinsforum.reports.exporters import EXPORTERS
from vereinsforum.reports.models import Report, ReportFile


class Command(BaseCommand):
    help = "Write a council paper as PDF or DOCX."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the paper number, e.g. VO/0985/07")
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="pdf")
        parser.add_argument("-o", "--output", help="file to write (default: the paper's name)")
        parser.add_argument("--body", type=int, help="id of the body, if the number is ambiguous")

    def handle(self, *args, reference: str, format: str, output: str | None, body, **options):  # noqa: A002
        reports = Report.objects.alive().filter(reference=reference)
        if body:
            reports = reports.filter(body_id=body)
        found = list(reports[:2])
        if not found:
            raise CommandError(f"No paper {reference}.")
        if len(found) > 1:
            raise CommandError(f"{reference} exists for several bodies; give --body.")
        report = found[0]
        stored = ReportFile.objects.filter(report=report, format=format).first()
        if report.is_issued and stored:
            filename, content = stored.filename, bytes(stored.content)
        else:
            filename, _type, content = EXPORTERS[format].render(report)
        target = Path(output or filename)
        target.write_bytes(content)
        digest = hashlib.sha256(content).hexdigest()
        state = "issued" if report.is_issued else "draft"
        self.stdout.write(f"{target} ({len(content)} bytes, {state}, sha256 {digest})")
