"""The charts a report embeds, each with the alternative text that tells what it shows.

The PNGs come from the needs and forum apps (`needs_chart_png`, `forum_weights_chart_png`);
the alternative text is written here from their summaries, so a screen-reader user of the
PDF hears the same numbers the chart draws. A chart whose app is missing is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vereinsforum.programmes.models import Programme
from vereinsforum.reports.drafting.sources import load_summary


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    png: bytes


def report_charts(programme: Programme, *, as_of: date | None = None) -> list[Chart]:
    """The charts as the data stood at the end of `as_of` (the draft's date), like its text."""
    charts = []
    needs_png = load_summary("vereinsforum.needs.summary", "needs_chart_png")
    needs_summary = load_summary("vereinsforum.needs.summary", "needs_summary")
    png = needs_png(programme, as_of=as_of) if needs_png else None
    if png:
        summary = needs_summary(programme, as_of=as_of) if needs_summary else None
        rows = sorted((summary or {}).get("fields") or [], key=lambda f: f["rank"])
        values = "; ".join(f"{f['name']}: {round(f['share_high_need'] * 100)} %" for f in rows)
        alt = "Balkendiagramm: Anteil der befragten Vereine mit hohem Bedarf je Themenfeld"
        charts.append(
            Chart(
                title="Bedarf nach Themenfeldern",
                alt=f"{alt}. {values}." if values else f"{alt}.",
                png=png,
            )
        )
    forum_png = load_summary("vereinsforum.forum.summary", "forum_weights_chart_png")
    forum_summary = load_summary("vereinsforum.forum.summary", "forum_summary")
    png = forum_png(programme, as_of=as_of) if forum_png else None
    if png:
        summary = forum_summary(programme, as_of=as_of) if forum_summary else None
        polls = [p for p in (summary or {}).get("polls") or [] if p.get("ranking")]
        values = ""
        if polls:
            ranking = sorted(polls[-1]["ranking"], key=lambda r: r["rank"])
            values = "; ".join(
                f"{r['rank']}. {r['name']} (Gewicht {_decimal(r['weight'])})" for r in ranking
            )
        alt = "Balkendiagramm: Gewichtung der Themenfelder durch das Forum der Vereine"
        charts.append(
            Chart(
                title="Gewichtung durch das Forum",
                alt=f"{alt}. {values}." if values else f"{alt}.",
                png=png,
            )
        )
    return charts


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")
