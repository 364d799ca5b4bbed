"""The draft's container: its paragraphs and the figures they state, as JSON values.

A section writes a figure through `Draft.figure`, which records it under a stable key and
hands the value back, so the sentence and the record cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


def as_date(value: date | str) -> date:
    """A summary's date, as a date (the summaries may hand ISO strings)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def optional_date(value: date | str | None) -> date | None:
    """`as_date`, where a summary may not know the date."""
    return None if value is None else as_date(value)


def to_json(value: Any) -> Any:
    """A figure's value as stored in the report: dates as ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Draft:
    paragraphs: list[str] = field(default_factory=list)
    #: {key: {"label": German label, "value": JSON value}}
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)

    def figure(self, key: str, label: str, value: Any) -> Any:
        self.figures[key] = {"label": label, "value": to_json(value)}
        return value

    def add(self, *sentences: str) -> None:
        text = " ".join(s for s in sentences if s)
        if text:
            self.paragraphs.append(text)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)
