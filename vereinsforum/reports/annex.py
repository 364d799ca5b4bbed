"""The paper's annex "Kennzahlen": the coefficients behind the words of the Begründung.

The Begründung says in words where the associations need most, where they disagree and how
far they agree on the order of the fields; a committee member who wants the numbers finds
them here, with a line on how to read each one. Like the charts, the table is computed for
the day the draft looked at the data (`drafted_as_of`), and left out when the needs
analysis is missing or its figures are withheld (fewer than five interviews).

A second table, "Maßnahmen", lists the measures that had run by that day with their events
and whom they reached (from measures/accountability.py), once any had run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vereinsforum.lib.german import de_date, de_decimal, plural
from vereinsforum.measures.models import MeasureStatus
from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.sources import load_summary


@dataclass(frozen=True)
class AnnexTable:
    heading: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str]
    #: The column whose cell names its row (the field), marked as the row's header.
    header_column: int = 0


def _p_value(p: float) -> str:
    return "p < 0,001" if p < 0.001 else f"p = {de_decimal(p, 3)}"


def _median(value: float) -> str:
    return de_decimal(value, 1) if value % 1 else f"{value:.0f}"


def report_annex(programme: Programme, *, as_of: date | None) -> list[AnnexTable]:
    if as_of is None:
        return []
    tables = _needs_table(programme, as_of)
    measures = _measures_table(programme, as_of)
    return tables + ([measures] if measures else [])


#: The measure's status as the annex writes it.
STATUS_DE = {MeasureStatus.RUNNING: "läuft", MeasureStatus.DONE: "abgeschlossen"}


def _measures_table(programme: Programme, as_of: date) -> AnnexTable | None:
    """The measures that had run by `as_of` with whom they reached, as the Begründung says
    them in words; None while none had run (or without the measures app)."""
    summary = load_summary("vereinsforum.measures.accountability", "measures_summary")
    measures = summary(programme, as_of=as_of) if summary else None
    if not measures or not measures["ran"]:
        return None
    names = dict(programme.fields.values_list("key", "name"))
    rows = [
        [
            row["title"],
            ", ".join(names.get(k, k) for k in row["fields"]),
            STATUS_DE.get(row["status"], row["status"]),
            str(len(row["events"])),
            str(row["participants"]),
            str(row["associations"]),
        ]
        for row in measures["ran"]
    ]
    total = measures["reach"]
    rows.append(
        [
            "Zusammen",
            "",
            "",
            str(total["events"]),
            str(total["participants"]),
            str(total["associations"]),
        ]
    )
    return AnnexTable(
        heading="Anlage: Maßnahmen",
        caption="Durchgeführte Maßnahmen und ihre Reichweite",
        columns=["Maßnahme", "Themenfeld", "Stand", "Veranstaltungen", "Teilnehmende", "Vereine"],
        rows=rows,
        notes=[
            f"Stand: {de_date(as_of)}. Veranstaltungen: die bis dahin stattgefundenen, nicht "
            "abgesagten Veranstaltungen der Maßnahme.",
            "Teilnehmende: Personen, deren Teilnahme an mindestens einer dieser Veranstaltungen "
            "erfasst ist; jede Person zählt einmal, auch in der Zeile „Zusammen“. Vereine: die "
            "Vereine, für die sie teilnahmen.",
        ],
        header_column=0,
    )


def _needs_table(programme: Programme, as_of: date) -> list[AnnexTable]:
    needs_summary = load_summary("vereinsforum.needs.summary", "needs_summary")
    needs = needs_summary(programme, as_of=as_of) if needs_summary else None
    if not needs or needs.get("withheld") or not needs.get("fields"):
        return []
    rows = [
        [
            str(f["rank"]),
            f["name"],
            f"{round(f['share_high_need'] * 100)} %",
            _median(f["median_need"]),
            de_decimal(f["leik_d"]),
            de_decimal(f["iqr"], 1),
        ]
        for f in sorted(needs["fields"], key=lambda f: f["rank"])
    ]
    interviews = plural(needs["interviews"], "Interview", "Interviews")
    notes = [
        f"Grundlage: {interviews}, abgeschlossen bis zum {de_date(as_of)}. Bedarf auf der "
        "Skala von 1 (kein Bedarf) bis 5 (sehr hoher Bedarf).",
        "Hoher Bedarf: Anteil der befragten Vereine mit hohem oder sehr hohem Bedarf (Stufe 4 "
        "oder 5). Der Rang folgt diesem Anteil, bei Gleichstand dem Median und dann dem "
        "Mittelwert.",
        "Leiks D: Streuung der Antworten von 0 (alle Vereine antworten gleich) bis 1 (die "
        "Antworten teilen sich je zur Hälfte auf die beiden Enden der Skala); je höher, desto "
        "uneiniger sind sich die Vereine.",
        "Quartilsabstand: Breite der mittleren Hälfte der Antworten, in Stufen der Skala.",
    ]
    agreement = needs.get("agreement")
    if agreement:
        notes.append(
            "Übereinstimmung der Vereine in der Rangfolge der Felder: Kendalls W = "
            f"{de_decimal(agreement['kendall_w'])} (0 = keine, 1 = vollständige Übereinstimmung; "
            f"die Vereine sind sich {agreement['words']} einig), Friedman-Test "
            f"{_p_value(agreement['p_value'])}."
        )
    return [
        AnnexTable(
            heading="Anlage: Kennzahlen",
            caption="Bedarf nach Themenfeldern",
            columns=[
                "Rang",
                "Themenfeld",
                "Hoher Bedarf",
                "Median",
                "Leiks D",
                "Quartilsabstand",
            ],
            rows=rows,
            notes=notes,
            header_column=1,
        )
    ]
