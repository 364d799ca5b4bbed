"""Exports of a wave: raw answers and aggregates, each as CSV or XLSX.

One contract for every format: `render(table) -> (filename, content_type, bytes)`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from vereinsforum.needs.evaluation import Evaluation
from vereinsforum.needs.models import FieldAnswer, Wave


@dataclass
class Table:
    name: str  # file name without extension
    title: str
    headers: list[str]
    rows: list[list[Any]]


class CsvExporter:
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, table: Table) -> tuple[str, str, bytes]:
        buffer = io.StringIO()
        # Semicolons and a BOM: what German spreadsheet programs open without an import dialog.
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        return (
            f"{table.name}.csv",
            self.content_type,
            ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        )


class XlsxExporter:
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, table: Table) -> tuple[str, str, bytes]:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = table.title[:31]
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return f"{table.name}.xlsx", self.content_type, buffer.getvalue()


EXPORTERS = {"csv": CsvExporter(), "xlsx": XlsxExporter()}


def answers_table(wave: Wave, interviews) -> Table:
    """One row per association and field: the raw answers (single-association data)."""
    interviews = list(
        interviews.select_related("organisation", "interviewer").order_by("organisation__name")
    )
    answers = FieldAnswer.objects.filter(interview__in=interviews).select_related("field")
    by_interview: dict[int, list[FieldAnswer]] = {}
    for answer in answers.order_by("field__position"):
        by_interview.setdefault(answer.interview_id, []).append(answer)
    headers = [
        _("Association"),
        _("Mode"),
        _("Status"),
        _("Date of the interview"),
        _("Members"),
        _("Volunteers"),
        _("Premises"),
        _("Website"),
        _("Flyer"),
        _("Field"),
        _("Competence"),
        _("Need intensity"),
        _("Willing to pass on its competence"),
        _("Associations it could support"),
        _("Remarks"),
    ]
    rows = []
    for iv in interviews:
        for a in by_interview.get(iv.pk, []):
            rows.append(
                [
                    iv.organisation.name,
                    iv.get_mode_display(),
                    iv.get_status_display(),
                    iv.conducted_on.isoformat() if iv.conducted_on else "",
                    iv.members,
                    iv.volunteers,
                    iv.get_premises_display() if iv.premises else "",
                    _yes_no(iv.has_website),
                    _yes_no(iv.has_flyer),
                    a.field.key,
                    a.competence,
                    a.need,
                    _yes_no(a.willing),
                    a.capacity,
                    a.comment,
                ]
            )
    return Table(f"bedarfsanalyse-{wave.pk}-antworten", _("Answers"), headers, rows)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def aggregates_table(wave: Wave, evaluation: Evaluation) -> Table:
    headers = [
        _("Rank"),
        _("Rank interval from"),
        _("Rank interval to"),
        _("Field"),
        _("Key"),
        _("n"),
        *[_("Need %(level)s") % {"level": lvl} for lvl in range(1, 6)],
        _("Share with high need"),
        _("Share low"),
        _("Share high"),
        _("Median"),
        _("Median interval from"),
        _("Median interval to"),
        _("Mean"),
        _("Mean interval from (BCa)"),
        _("Mean interval to (BCa)"),
        _("Leik's D"),
        _("IQR"),
    ]
    rows = [
        [
            f.rank,
            f.rank_low,
            f.rank_high,
            f.name,
            f.key,
            evaluation.n,
            *f.need_counts,
            round(f.share_high.estimate, 4),
            round(f.share_high.low, 4),
            round(f.share_high.high, 4),
            f.median.estimate,
            f.median.low,
            f.median.high,
            round(f.mean.estimate, 4),
            round(f.mean.low, 4),
            round(f.mean.high, 4),
            round(f.leik_d, 4),
            f.iqr,
        ]
        for f in evaluation.ranking
    ]
    return Table(f"bedarfsanalyse-{wave.pk}-kennzahlen", _("Aggregates"), headers, rows)
