"""One way to draw a chart: matplotlib's object API, one palette, one style, no global state.

Why not pyplot: pyplot keeps a global "current figure" and the charts used to change its
global `rcParams` at import, so a chart's look depended on which module was imported first,
and two requests drawing at once in a threaded server could draw into each other's state.
Here every chart is a `matplotlib.figure.Figure` of its own (no pyplot, no display backend),
its style is applied per figure under `rc_context` (restored afterwards; a lock keeps two
threads from interleaving their save/restore of the shared dictionary), and nothing is
changed at import.

Every chart is a `Chart`: the images (SVG for pages, PNG for documents), a short alternative
text, and a `DataTable` with the same numbers the chart draws, so nothing depends on seeing
the picture. Tick labels carry the language's decimal separator ("0,5" in German).

The palette comes from KERN UX's colour tokens (the vendored
`web/static/vendor/kern/kern.min.css`), converted from their OKLCH values to sRGB; the test
`lib/tests/test_charts.py` recomputes them from that file.
"""

from __future__ import annotations

import base64
import io
import math
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.utils import translation
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, FuncFormatter
from matplotlib.typing import RcKeyType

from vereinsforum.lib.numbers import localized

# --- Palette: KERN UX tokens (light theme), name → sRGB ------------------------------------

#: `--kern-color-darkblue-*`: a sequential blue scale, light to dark, that survives greyscale
#: printing. The need levels 1–5 use five of its steps.
DARKBLUE_050 = "#e5ebf7"  # --kern-color-darkblue-050: oklch(93.9% .0174 264.48)
DARKBLUE_200 = "#b2c4e9"  # --kern-color-darkblue-200: oklch(81.9% .0559 264.7)
DARKBLUE_400 = "#7694d5"  # --kern-color-darkblue-400: oklch(67.03% .1028 264.82)
DARKBLUE_600 = "#3a5eb9"  # --kern-color-darkblue-600: oklch(50.5% .1495 265.2)
DARKBLUE_700 = "#2044aa"  # --kern-color-darkblue-700: oklch(42.84% .1689 265.02)
DARKBLUE_800 = "#092797"  # --kern-color-darkblue-800: oklch(34.91% .1828 264.89)
#: `--kern-color-neutral-*`: text and lines.
NEUTRAL_600 = "#5b6185"  # --kern-color-neutral-600: oklch(50.2% .0579 276.79)
NEUTRAL_950 = "#131525"  # --kern-color-neutral-950: oklch(20.23% .0321 277.67)

#: The token each palette colour is taken from (the test checks the hex against the CSS).
KERN_TOKENS = {
    DARKBLUE_050: "darkblue-050",
    DARKBLUE_200: "darkblue-200",
    DARKBLUE_400: "darkblue-400",
    DARKBLUE_600: "darkblue-600",
    DARKBLUE_700: "darkblue-700",
    DARKBLUE_800: "darkblue-800",
    NEUTRAL_600: "neutral-600",
    NEUTRAL_950: "neutral-950",
}

#: The one colour of a single series: KERN's action colour (`--kern-color-action-default`
#: is darkblue-700 in the light theme).
ACCENT = DARKBLUE_700
#: Text, error bars and bar outlines: KERN's text colour (`--kern-color-layout-text-default`
#: is neutral-950 in the light theme).
INK = NEUTRAL_950
#: A further series when the blues run out (`--kern-color-layout-text-muted` is neutral-650;
#: one step lighter, so it stays apart from the text).
MUTED = NEUTRAL_600
#: An ordinal scale of five steps, light to dark (need levels 1–5).
SEQUENTIAL = (DARKBLUE_050, DARKBLUE_200, DARKBLUE_400, DARKBLUE_600, DARKBLUE_800)

# --- Style ---------------------------------------------------------------------------------

#: Applied to each figure while it is built and saved, never to the global rcParams.
STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, and no glyph ids in the page
    "svg.hashsalt": "vereinsforum",  # stable output, so equal charts give equal bytes
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}

#: rc_context saves and restores the one global dictionary; two threads inside it at once
#: could restore each other's values. Drawing is short, so charts are drawn one at a time.
_DRAWING = threading.Lock()

FORMATS = ("svg", "png")


# --- Results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One cell of a data table as shown: its text, and whether it is a number."""

    text: str
    numeric: bool


@dataclass(frozen=True)
class DataTable:
    """The numbers a chart draws, as a table: a caption, column headers, and rows whose first
    value names the row and whose other values are the plotted numbers (unrounded)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | float, ...], ...]
    #: Decimal places shown for the numbers.
    decimals: int = 0
    language: str = "en"

    @property
    def cells(self) -> list[list[Cell]]:
        """The rows as shown, numbers in the table's language ("41,3")."""
        return [
            [
                Cell(value, False)
                if isinstance(value, str)
                else Cell(localized(value, self.decimals, self.language), True)
                for value in row
            ]
            for row in self.rows
        ]


@dataclass(frozen=True)
class Chart:
    """A drawn chart: its images by format, what it shows in words, and its numbers."""

    title: str
    alt: str
    table: DataTable
    images: dict[str, bytes] = field(default_factory=dict)

    @property
    def svg(self) -> bytes:
        return self.images["svg"]

    @property
    def png(self) -> bytes:
        return self.images["png"]

    @property
    def data_uri(self) -> str:
        """An <img> source: keeps the chart's internal ids out of the page's id space."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


# --- Drawing -------------------------------------------------------------------------------


def tick_formatter(decimals: int, language: str | None = None) -> FuncFormatter:
    """Axis tick labels with a fixed number of places in the language's notation. matplotlib
    formats the ticks only when the figure is drawn, so the language is taken now, not then."""
    language = language or translation.get_language()
    return FuncFormatter(lambda value, _position: localized(value, decimals, language))


class LocalizedTicks(Formatter):
    """The default for both axes: as few places as the ticks need (0, 0,5, 1), in the
    language's notation. A chart that knows better sets `tick_formatter(decimals)`."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.decimals = 0

    def set_locs(self, locs: list[float]) -> None:
        super().set_locs(locs)
        self.decimals = next(
            (d for d in range(7) if all(math.isclose(v, round(v, d), abs_tol=1e-9) for v in locs)),
            6,
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        return localized(x, self.decimals, self.language)


@contextmanager
def _styled() -> Iterator[None]:
    with _DRAWING, rc_context(STYLE):
        yield


def draw(
    plot: Callable[[Axes], None],
    *,
    size: tuple[float, float],
    title: str,
    alt: str,
    table: DataTable,
    formats: Collection[str] = ("svg",),
    language: str | None = None,
) -> Chart:
    """Draw one chart: `plot` fills the axes of a new figure of `size` inches, and the figure
    is saved in each of `formats`. The SVG names itself (<title>, <desc>) for assistive
    technology; the PNG carries the same text in its metadata."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown chart format(s): {sorted(unknown)}")
    language = language or translation.get_language()
    images = {}
    with _styled():
        figure = Figure(figsize=size)
        axes = figure.add_subplot()
        axes.xaxis.set_major_formatter(LocalizedTicks(language))
        axes.yaxis.set_major_formatter(LocalizedTicks(language))
        plot(axes)
        for fmt in formats:
            images[fmt] = _save(figure, fmt, title=title, alt=alt)
    return Chart(title=title, alt=alt, table=table, images=images)


def _save(figure: Figure, fmt: str, *, title: str, alt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "svg":
        figure.savefig(buffer, format="svg", dpi=72, bbox_inches="tight", metadata={"Date": None})
        return _name_svg(buffer.getvalue(), title=title, alt=alt)
    figure.savefig(
        buffer,
        format="png",
        dpi=150,
        bbox_inches="tight",
        metadata={"Title": title, "Description": alt},
    )
    return buffer.getvalue()


def _name_svg(svg: bytes, *, title: str, alt: str) -> bytes:
    """<title> and <desc> as the root's first children, where screen readers look."""
    text = svg.decode("utf-8")
    start = text.index("<svg")
    end = text.index(">", start) + 1
    root = text[start:end].replace("<svg", '<svg role="img"', 1)
    named = f"\n <title>{escape(title)}</title>\n <desc>{escape(alt)}</desc>"
    return (text[:start] + root + named + text[end:]).encode("utf-8")
