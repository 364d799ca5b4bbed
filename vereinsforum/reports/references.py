"""Paper numbers (Drucksachen-Nummern) in the city's scheme: VO/NNNN/YY, corrections /n-A.

Wuppertal numbers its Vorlagen per year (VO/0985/07 is the 985th paper of 2007); a
corrected paper keeps the original number and adds a running suffix: VO/0985/07/1-A,
VO/0985/07/2-A, …
"""

from __future__ import annotations

import re
from datetime import date

from vereinsforum.organisations.models import Organisation

#: A paper number as the city writes it, optionally with its correction suffix.
REFERENCE_RE = re.compile(r"^VO/(?P<number>\d{4})/(?P<year>\d{2})(?:/(?P<correction>\d+)-A)?$")


def parse(reference: str) -> re.Match | None:
    return REFERENCE_RE.match(reference.strip())


def is_original(reference: str) -> bool:
    """Whether `reference` is a paper number without a correction suffix."""
    match = parse(reference)
    return bool(match and match["correction"] is None)


def format_reference(number: int, year: int) -> str:
    return f"VO/{number:04d}/{year % 100:02d}"


def next_free_reference(body: Organisation, on: date) -> str:
    """The next paper number of `body` in the year of `on`, after the highest one in use."""
    from vereinsforum.reports.models import Report

    suffix = f"/{on.year % 100:02d}"
    used = Report.objects.filter(body=body, reference__startswith="VO/").values_list(
        "reference", flat=True
    )
    highest = 0
    for reference in used:
        match = parse(reference)
        if match and f"/{match['year']}" == suffix:
            highest = max(highest, int(match["number"]))
    return format_reference(highest + 1, on.year)


def correction_reference(original: str, taken: set[str]) -> str:
    """The first free correction number of `original` (VO/0985/07 → VO/0985/07/1-A)."""
    match = parse(original)
    base = original if match is None else format_reference(int(match["number"]), int(match["year"]))
    n = 1
    while f"{base}/{n}-A" in taken:
        n += 1
    return f"{base}/{n}-A"
