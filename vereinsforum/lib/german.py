"""German wording for text the application writes itself: counts, lists, dates.

The council paper and the findings of the needs analysis are drafted in German whatever
language the user reads the application in (they are the office's submission), so these
helpers are German only and do not go through gettext. Numbers are written as digits, as
the city's own reports write them ("3 weitere Forumssitzungen", "je 1 Vertreter/in").
"""

from __future__ import annotations

from datetime import date

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def form(n: int, one: str, many: str) -> str:
    """The word that goes with `n`: German uses the singular for exactly one only."""
    return one if n == 1 else many


def plural(n: int, one: str, many: str) -> str:
    """ "1 Forumssitzung", "0 Forumssitzungen", "3 Forumssitzungen"."""
    return f"{n} {form(n, one, many)}"


def de_list(items: list[str], conjunction: str = "und") -> str:
    """ "a, b und c": the German enumeration, without empty items."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence(text: str) -> str:
    """`text` as a sentence: capitalised and closed by a full stop unless it already ends
    with one (or another closing mark), so stored text never ends up with "..", or none."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if text[-1] in ".!?…":
        return text
    if text[-1] in '“"»)' and len(text) > 1 and text[-2] in ".!?":
        return text
    return f"{text}."


def de_date(value: date) -> str:
    return f"{value:%d.%m.%Y}"


def de_month(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def de_decimal(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")
