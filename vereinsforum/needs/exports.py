"""Exports of a wave: raw answers and aggregates, each as CSV or XLSX.

The files are written by the project's one tabular exporter (`lib/tabular.py`), which keeps
association names and remarks as text, never as spreadsheet formulas.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from vereinsforum.lib.tabular import CsvExporter, Sheet, TabularExport, XlsxExporter
from vereinsforum.needs.evaluation import Evaluation
from vereinsforum.needs.models import FieldAnswer, Wave

#: The formats a wave's exports are offered in.
EXPORTERS = {e.format: e for e in (CsvExporter(), XlsxExporter())}


def _export(name: str, title: str, header: list[str], rows: list[list]) -> TabularExport:
    return TabularExport(name, [Sheet(title, header, rows)])


def answers_table(wave: Wave, interviews) -> TabularExport:
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
    return _export(f"bedarfsanalyse-{wave.pk}-antworten", _("Answers"), headers, rows)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def aggregates_table(wave: Wave, evaluation: Evaluation) -> TabularExport:
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
    return _export(f"bedarfsanalyse-{wave.pk}-kennzahlen", _("Aggregates"), headers, rows)
