"""Reading ids from query strings and form posts that anyone can type.

A view that passes `request.GET["x"]` straight to `filter(pk=...)` answers a typed-in
`?x=abc` with a 500 (the database field refuses the value). These helpers turn what is not
a positive integer into None, so the view can answer as it would for a missing value.
"""

from __future__ import annotations

from typing import Any


def positive_int(value: Any) -> int | None:
    """`value` as an int ≥ 1 if it is one written in plain digits, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 1 else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    # str.isdigit() also accepts superscripts and other scripts' digits, which int() refuses
    # or reads differently; only ASCII digits are ids.
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    number = int(value)
    return number if number >= 1 else None
