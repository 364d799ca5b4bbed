"""Numbers drawn on charts in the reader's language.

matplotlib writes "1.5" and "41.3 %" whatever the page's language; a German, Turkish,
Russian or Arabic reader expects "1,5". Tick and bar labels go through Django's number
formatting for the active language instead (or for `language`, e.g. German in a council
paper drafted by someone who reads the site in English). The tick formatters built on these
live with the charts, in `lib/charts.py`.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import number_format


def localized(value: float, decimals: int, language: str | None = None) -> str:
    """`value` with `decimals` places and the language's decimal separator."""
    with translation.override(language or translation.get_language()):
        return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)


def percent(value: float, decimals: int = 0, language: str | None = None) -> str:
    """'41,3 %': a share already in per cent, with the space German typography wants."""
    return f"{localized(value, decimals, language)}\u00a0%"
