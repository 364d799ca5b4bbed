"""The charts of an evaluation: what each one draws, with its words and its table.

Only the content lives here; palette, style, languages and the images come from
`vereinsforum.lib.charts`. Each function returns a `Chart` (SVG for the page, PNG for
documents when asked) whose table holds the numbers the chart draws.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from django.utils import translation
from django.utils.translation import gettext as _
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from vereinsforum.lib import charts
from vereinsforum.lib.charts import ACCENT, INK, MUTED, SEQUENTIAL, Chart, DataTable
from vereinsforum.lib.numbers import localized, percent
from vereinsforum.needs.evaluation import ClusterResult, Evaluation, FieldResult

__all__ = ["Chart", "cluster_chart", "distribution_chart", "ranking_chart"]


def ranking_chart(evaluation: Evaluation, formats: Collection[str] = ("svg",)) -> Chart:
    """Share with high need per field, in priority order, with Wilson intervals."""
    ranking = evaluation.ranking
    labels = [f"{f.rank}. {f.name}" for f in ranking]
    shares = np.array([f.share_high.estimate for f in ranking]) * 100
    lows = np.array([f.share_high.low for f in ranking]) * 100
    highs = np.array([f.share_high.high for f in ranking]) * 100

    def plot(ax: Axes) -> None:
        y = np.arange(len(ranking))[::-1]
        # clipped: rounding can leave an interval end a hair inside the estimate
        below = np.maximum(0, shares - lows)
        above = np.maximum(0, highs - shares)
        ax.barh(y, shares, color=ACCENT, height=0.6)
        ax.errorbar(shares, y, xerr=[below, above], fmt="none", ecolor=INK, capsize=3, linewidth=1)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(charts.tick_formatter(0))
        ax.set_xlabel(
            _("Share of associations with high need (level 4 or 5), in %, with 95% interval")
        )
        for yi, share in zip(y, shares, strict=True):
            ax.text(min(share + 1, 92), yi + 0.28, percent(share), fontsize=8)

    table = DataTable(
        caption=_("Priority ranking with 95%% intervals").replace("%%", "%"),
        columns=(_("Field"), _("Share with high need"), _("Share low"), _("Share high")),
        rows=tuple(
            (label, float(share), float(low), float(high))
            for label, share, low, high in zip(labels, shares, lows, highs, strict=True)
        ),
        language=translation.get_language(),
    )
    return charts.draw(
        plot,
        size=(7, 0.45 * len(ranking) + 1.2),
        title=table.caption,
        alt=_(
            "Bar chart of the share with high need per field; the same figures are in the table."
        ),
        table=table,
        formats=formats,
    )


def distribution_chart(
    field: FieldResult, labels: Sequence[str], formats: Collection[str] = ("svg",)
) -> Chart:
    """Counts per need level for one field (the full distribution)."""
    levels = np.arange(1, 6)
    counts = list(field.need_counts)

    def plot(ax: Axes) -> None:
        bars = ax.bar(levels, counts, color=SEQUENTIAL, edgecolor=INK, linewidth=0.6)
        ax.bar_label(bars, labels=[localized(count, 0) for count in counts], fontsize=9)
        ax.set_xticks(
            levels,
            [f"{lvl}\n{label}" for lvl, label in zip(levels, labels, strict=False)],
            fontsize=7,
        )
        ax.set_ylabel(_("Associations"))
        ax.set_title(field.name, fontsize=11, loc="left")
        ax.set_ylim(0, max([*counts, 1]) * 1.2)
        # Counts of associations: whole numbers only, never "2.5".
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(charts.tick_formatter(0))

    names = list(labels) + [""] * (5 - len(labels))
    table = DataTable(
        caption=f"{field.name}: {_('Associations per level of need')}",
        columns=(_("Need %(level)s") % {"level": "1–5"}, _("Associations")),
        rows=tuple(
            (f"{level} {name}".strip(), count)
            for level, name, count in zip(range(1, 6), names, counts, strict=False)
        ),
        language=translation.get_language(),
    )
    c = counts + [0] * (5 - len(counts))
    alt = _(
        "%(name)s: level 1: %(c1)s, level 2: %(c2)s, level 3: %(c3)s, level 4: %(c4)s, "
        "level 5: %(c5)s associations."
    ) % {"name": field.name, "c1": c[0], "c2": c[1], "c3": c[2], "c4": c[3], "c5": c[4]}
    return charts.draw(plot, size=(5, 2.6), title=field.name, alt=alt, table=table, formats=formats)


def cluster_chart(
    evaluation: Evaluation,
    clusters: Sequence[ClusterResult],
    formats: Collection[str] = ("svg",),
) -> Chart:
    """Mean need per field for each (shown) cluster, as marked lines."""
    names = [f.name for f in evaluation.fields]
    series = [
        _("Group %(number)s (%(size)s associations)")
        % {"number": cluster.number, "size": cluster.size}
        for cluster in clusters
    ]
    markers = ["o", "s", "^", "D", "v", "P"]
    styles = ["-", "--", ":", "-.", "-", "--"]

    def plot(ax: Axes) -> None:
        x = np.arange(len(names))
        for i, (cluster, label) in enumerate(zip(clusters, series, strict=True)):
            ax.plot(
                x,
                cluster.mean_need,
                marker=markers[i % 6],
                linestyle=styles[i % 6],
                color=SEQUENTIAL[-1 - (i % 3)] if i < 3 else MUTED,
                label=label,
            )
        ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
        ax.set_ylim(1, 5)
        ax.yaxis.set_major_formatter(charts.tick_formatter(1))
        ax.set_ylabel(_("Mean need (1–5)"))
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))

    table = DataTable(
        caption=_("Mean need per field and group"),
        columns=(_("Group"), *names),
        rows=tuple(
            (label, *(float(m) for m in cluster.mean_need))
            for cluster, label in zip(clusters, series, strict=True)
        ),
        decimals=1,
        language=translation.get_language(),
    )
    return charts.draw(
        plot,
        size=(7, 3.4),
        title=table.caption,
        alt=_(
            "Line chart of the mean need per field for each group; the same figures are in the "
            "table."
        ),
        table=table,
        formats=formats,
    )
