"""Two revisions compared line by line (difflib), for a page that reads without colour:
each line says in words whether it was removed, added or kept."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum


class Change(StrEnum):
    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True)
class DiffLine:
    change: Change
    old_number: int | None
    new_number: int | None
    text: str


def line_diff(old: str, new: str) -> list[DiffLine]:
    """Every line of both texts once: kept lines with both numbers, removed lines with the
    old number, added lines with the new one (removals before additions in a block)."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                lines.append(DiffLine(Change.SAME, i1 + k + 1, j1 + k + 1, a[i1 + k]))
            continue
        for k in range(i1, i2):
            lines.append(DiffLine(Change.REMOVED, k + 1, None, a[k]))
        for k in range(j1, j2):
            lines.append(DiffLine(Change.ADDED, None, k + 1, b[k]))
    return lines
