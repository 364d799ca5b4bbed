"""What a rendered paper shows, shared by every format: header, sections, charts.

The paper is the office's German submission to the council, so its labels are German
whatever language the user reads the application in; they follow the source (VO/0985/07).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vereinsforum.lib.german import de_date
from vereinsforum.reports.annex import AnnexTable, report_annex
from vereinsforum.reports.charts import Chart, report_charts
from vereinsforum.reports.models import PaperType, Report

PAPER_TYPES_DE: dict[str, str] = {
    PaperType.BERICHT: "Bericht",
    PaperType.BESCHLUSSVORLAGE: "Beschlussvorlage",
    PaperType.MITTEILUNG: "Mitteilung",
}


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class PaperDocument:
    report: Report
    paper_type: str
    reference: str
    visibility: str
    #: (label, value) rows of the header table beside the paper type.
    header: list[tuple[str, str]]
    officer: list[tuple[str, str]]
    date: str
    meeting_date: str
    committee: str
    resolution_quality: str
    title: str
    notes: list[str]
    sections: list[Section]
    charts: list[Chart] = field(default_factory=list)
    #: Tables after the charts ("Anlage: Kennzahlen"): the coefficients the text puts in words.
    annex: list[AnnexTable] = field(default_factory=list)

    @property
    def document_title(self) -> str:
        return f"{self.reference} – {self.title}"

    @property
    def text(self) -> str:
        """All text of the paper, in reading order (for tests and search)."""
        parts = [
            self.paper_type,
            *[f"{k} {v}" for k, v in self.header + self.officer],
            f"Datum: {self.date}",
            f"Drucks.-Nr.: {self.reference} {self.visibility}",
            self.meeting_date,
            self.committee,
            self.resolution_quality,
            self.title,
            *self.notes,
        ]
        for section in self.sections:
            parts.append(section.heading)
            parts.extend(section.paragraphs)
        for table in self.annex:
            parts.extend([table.heading, table.caption, " | ".join(table.columns)])
            parts.extend(" | ".join(row) for row in table.rows)
            parts.extend(table.notes)
        return "\n".join(parts)


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay inside a paragraph. The
    paper is German, so quotations take German marks (`german_quotes`) paragraph by
    paragraph."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [german_quotes(b) for b in blocks if b]


def build_document(report: Report, *, with_charts: bool = True) -> PaperDocument:
    notes = []
    if not report.is_issued:
        notes.append("Entwurf – nicht herausgegeben")
    corrects = report.corrects
    if corrects is not None:
        notes.append(f"Berichtigung zu {corrects.reference}")
    return PaperDocument(
        report=report,
        paper_type=PAPER_TYPES_DE.get(report.paper_type, report.get_paper_type_display()),
        reference=report.reference,
        visibility="öffentlich" if report.public else "nichtöffentlich",
        header=[
            ("Geschäftsbereich", report.division),
            ("Ressort / Stadtbetrieb", report.department.name),
        ],
        officer=[
            ("Bearbeiter/in", report.officer_name),
            ("Telefon", report.officer_phone),
            ("Fax", report.officer_fax),
            ("E-Mail", report.officer_email),
        ],
        date=de_date(report.date),
        meeting_date=de_date(report.meeting_date),
        committee=report.committee.name,
        resolution_quality=report.get_resolution_quality_display(),
        title=german_quotes(report.title),
        notes=notes,
        sections=[
            Section("Grund der Vorlage", paragraphs(report.reason)),
            Section("Beschlussvorschlag", paragraphs(report.proposal)),
            Section("Unterschrift", paragraphs(report.signatory)),
            Section("Begründung", paragraphs(report.explanation)),
        ],
        charts=report_charts(report.programme, as_of=report.drafted_as_of) if with_charts else [],
        annex=report_annex(report.programme, as_of=report.drafted_as_of),
    )


#: A straight quotation mark that opens (at the start or after a space or bracket, before a
#: non-space) and the next one that closes (after a non-space).
_QUOTED = re.compile(r'(^|[\s(\[/–-])"(?=\S)([^"]*?\S)"')


def german_quotes(text: str) -> str:
    """Straight double quotation marks as German ones: "…" → „…“.

    Only where every mark pairs up as an opening and a closing one: otherwise a mark may
    stand for inches (24" Bildschirm) or be a typo, and guessing would turn the rest of
    the text inside out, so the text stays as written.
    """
    if '"' not in text:
        return text
    converted = _QUOTED.sub(lambda m: f"{m[1]}„{m[2]}“", text)
    return text if '"' in converted else converted
