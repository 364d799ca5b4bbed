"""What moved since drafting: the figures recomputed for the draft's day, beside the stored.

A paper is drafted from the data as of a day; rows recorded later for that day (a late
check-in, an interview entered afterwards) change its figures. The staff pages show these
changes before the paper is issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vereinsforum.lib.german import de_date
from vereinsforum.reports.drafting.explanation import collect_figures

if TYPE_CHECKING:
    from vereinsforum.reports.models import Report


def display(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return de_date(date.fromisoformat(value))
    return str(value)


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    old: Any
    new: Any

    @property
    def old_display(self) -> str:
        return display(self.old)

    @property
    def new_display(self) -> str:
        return display(self.new)


def figure_changes(report: Report) -> list[FigureChange]:
    """Figures that differ now from when the draft was written, for the same as-of date."""
    if not report.figures or report.drafted_as_of is None:
        return []
    current = collect_figures(report.programme, as_of=report.drafted_as_of)
    changes = []
    for key in [*report.figures, *(k for k in current if k not in report.figures)]:
        old = report.figures.get(key)
        new = current.get(key)
        old_value = old["value"] if old else None
        new_value = new["value"] if new else None
        if old_value != new_value:
            label = (new or old)["label"]
            changes.append(FigureChange(key, label, old_value, new_value))
    return changes
