"""Charts of an evaluation: SVG for the page, PNG for documents (matplotlib, no display).

Every chart on a page is paired with a table of the same numbers, so nothing depends on
seeing colours; the colours used are distinguishable in greyscale as well.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from vereinsforum.lib.numbers import localized, percent, tick_formatter  # noqa: E402
from vereinsforum.needs.evaluation import Evaluation, FieldResult  # noqa: E402

#: Need levels 1–5 from light to dark (a sequential scale that survives greyscale printing).
LEVEL_COLOURS = ["#e8eef7", "#b9cbe4", "#7f9fcc", "#3f6aa8", "#1d3f73"]
ACCENT = "#1d4f91"

plt.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: searchable, and no glyph ids in the page
        "svg.hashsalt": "vereinsforum",  # stable output, so equal charts give equal bytes
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _render(fig, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format=fmt,
        dpi=150 if fmt == "png" else 72,
        bbox_inches="tight",
        metadata={"Date": None} if fmt == "svg" else None,
    )
    plt.close(fig)
    return buffer.getvalue()


def data_uri(svg: bytes) -> str:
    """An <img> source: keeps each chart's internal ids out of the page's id space."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def ranking_chart(evaluation: Evaluation, fmt: str = "svg") -> bytes:
    """Share with high need per field, in priority order, with Wilson intervals."""
    ranking = evaluation.ranking
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(ranking) + 1.2))
    y = np.arange(len(ranking))[::-1]
    shares = np.array([f.share_high.estimate for f in ranking]) * 100
    # clipped: rounding can leave an interval end a hair inside the estimate
    low = np.maximum(0, shares - np.array([f.share_high.low for f in ranking]) * 100)
    high = np.maximum(0, np.array([f.share_high.high for f in ranking]) * 100 - shares)
    ax.barh(y, shares, color=ACCENT, height=0.6)
    ax.errorbar(shares, y, xerr=[low, high], fmt="none", ecolor="#222", capsize=3, linewidth=1)
    ax.set_yticks(y, [f"{f.rank}. {f.name}" for f in ranking])
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(tick_formatter(0))
    ax.set_xlabel(_("Share of associations with high need (level 4 or 5), in %, with 95% interval"))
    for yi, share in zip(y, shares, strict=True):
        ax.text(min(share + 1, 92), yi + 0.28, percent(share), fontsize=8)
    return _render(fig, fmt)


def distribution_chart(field: FieldResult, labels: list[str], fmt: str = "svg") -> bytes:
    """Counts per need level for one field (the full distribution)."""
    fig, ax = plt.subplots(figsize=(5, 2.6))
    levels = np.arange(1, 6)
    bars = ax.bar(
        levels, field.need_counts, color=LEVEL_COLOURS, edgecolor="#1a1a1a", linewidth=0.6
    )
    ax.bar_label(bars, labels=[localized(count, 0) for count in field.need_counts], fontsize=9)
    ax.set_xticks(
        levels, [f"{lvl}\n{label}" for lvl, label in zip(levels, labels, strict=False)], fontsize=7
    )
    ax.set_ylabel(_("Associations"))
    ax.set_title(field.name, fontsize=11, loc="left")
    ax.set_ylim(0, max(field.need_counts + [1]) * 1.2)
    # Counts of associations: whole numbers only, never "2.5".
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(tick_formatter(0))
    return _render(fig, fmt)


def cluster_chart(evaluation: Evaluation, clusters: list, fmt: str = "svg") -> bytes:
    """Mean need per field for each (shown) cluster, as marked lines."""
    names = [f.name for f in evaluation.fields]
    fig, ax = plt.subplots(figsize=(7, 3.4))
    markers = ["o", "s", "^", "D", "v", "P"]
    styles = ["-", "--", ":", "-.", "-", "--"]
    x = np.arange(len(names))
    for i, cluster in enumerate(clusters):
        ax.plot(
            x,
            cluster.mean_need,
            marker=markers[i % 6],
            linestyle=styles[i % 6],
            color=LEVEL_COLOURS[-1 - (i % 3)] if i < 3 else "#555",
            label=_("Group %(number)s (%(size)s associations)")
            % {"number": cluster.number, "size": cluster.size},
        )
    ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(1, 5)
    ax.yaxis.set_major_formatter(tick_formatter(1))
    ax.set_ylabel(_("Mean need (1–5)"))
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return _render(fig, fmt)
