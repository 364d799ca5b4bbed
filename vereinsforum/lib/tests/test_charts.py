"""The one charts module: no pyplot, no global style, KERN's colours, the language's decimal
separator, and alt text and a table with the plotted numbers for every chart."""

from __future__ import annotations

import ast
import math
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import pytest
from django.utils import translation
from matplotlib.axes import Axes
from matplotlib.container import BarContainer, ErrorbarContainer
from PIL import Image

import vereinsforum
from vereinsforum.forum import summary as forum_summary
from vereinsforum.lib import charts
from vereinsforum.needs import charts as needs_charts

PACKAGE = Path(vereinsforum.__file__).parent
KERN_CSS = PACKAGE / "web/static/vendor/kern/kern.min.css"


def _evaluation():
    def share(estimate):
        return SimpleNamespace(estimate=estimate, low=estimate - 0.1, high=min(1, estimate + 0.1))

    fields = [
        SimpleNamespace(name="Buchhaltung", rank=1, share_high=share(0.845), need_counts=[0, 1, 2]),
        SimpleNamespace(name="Rhetorik", rank=2, share_high=share(0.48), need_counts=[3, 1, 0]),
    ]
    return SimpleNamespace(ranking=fields, fields=fields)


def _clusters():
    return [
        SimpleNamespace(number=1, size=5, mean_need=[4.5, 2.0]),
        SimpleNamespace(number=2, size=7, mean_need=[1.25, 3.75]),
    ]


def _distribution_field():
    return SimpleNamespace(name="Buchhaltung", need_counts=[0, 1, 4, 2, 3])


def _forum_chart(monkeypatch):
    options = [
        SimpleNamespace(pk=1, rank=1, position=1, label="Buchhaltung", weight=0.6111),
        SimpleNamespace(pk=2, rank=2, position=2, label="Rhetorik", weight=0.2778),
        SimpleNamespace(pk=3, rank=3, position=3, label="Projektarbeit", weight=0.1111),
    ]
    poll = SimpleNamespace(title="Prioritäten 2008", ranked_options=lambda: options)
    monkeypatch.setattr(forum_summary, "latest_counted_poll", lambda programme, as_of=None: poll)
    return forum_summary.forum_weights_chart(None, formats=("svg", "png"))


def _all_charts(monkeypatch):
    return {
        "ranking": needs_charts.ranking_chart(_evaluation(), formats=("svg", "png")),
        "distribution": needs_charts.distribution_chart(
            _distribution_field(), ["kein", "gering", "mittel", "hoch", "sehr hoch"]
        ),
        "clusters": needs_charts.cluster_chart(_evaluation(), _clusters()),
        "forum": _forum_chart(monkeypatch),
    }


def _imports_pyplot(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.startswith("matplotlib.pyplot") or alias.name == "pylab"
            for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("matplotlib.pyplot") or node.module == "pylab":
                return True
            if node.module == "matplotlib" and any(a.name == "pyplot" for a in node.names):
                return True
    return False


def test_nothing_in_the_package_imports_pyplot():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if _imports_pyplot(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_pyplot_check_sees_each_spelling():
    for source in (
        "import matplotlib.pyplot as plt",
        "from matplotlib import pyplot",
        "from matplotlib.pyplot import subplots",
        "def f():\n    import matplotlib.pyplot\n",
    ):
        assert _imports_pyplot(ast.parse(source)), source
    assert not _imports_pyplot(ast.parse("from matplotlib.figure import Figure"))


def test_drawing_every_chart_leaves_the_global_rcparams_as_they_were(monkeypatch):
    before = dict(matplotlib.rcParams)
    for language in ("de", "en"):
        with translation.override(language):
            _all_charts(monkeypatch)
    assert dict(matplotlib.rcParams) == before
    # and the style did apply to the figure itself: text stays text in the SVG
    assert b"<text" in needs_charts.ranking_chart(_evaluation()).svg


def test_importing_the_chart_modules_leaves_the_global_rcparams_as_they_were():
    # A fresh interpreter: here the modules are imported already.
    code = (
        "import django, matplotlib; django.setup(); before = dict(matplotlib.rcParams)\n"
        "import vereinsforum.lib.charts, vereinsforum.needs.charts, vereinsforum.forum.summary\n"
        "assert dict(matplotlib.rcParams) == before, 'rcParams changed at import'\n"
    )
    env = {"DJANGO_SETTINGS_MODULE": "vereinsforum.settings"}
    import os

    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def _tick_chart() -> charts.Chart:
    def plot(ax: Axes) -> None:
        ax.plot([0, 1], [0, 1])
        ax.set_xticks([0, 0.5, 1])
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])

    table = charts.DataTable(caption="c", columns=("x", "y"), rows=(("a", 0.5),))
    return charts.draw(plot, size=(3, 2), title="t", alt="a", table=table)


def _texts(svg: bytes) -> list[str]:
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())]


@pytest.mark.parametrize(
    ("language", "half", "quarter"), [("de", "0,5", "0,25"), ("en", "0.5", "0.25")]
)
def test_tick_labels_follow_the_languages_decimal_separator(language, half, quarter):
    with translation.override(language):
        texts = _texts(_tick_chart().svg)
    # matplotlib's own notation too: as many places as the finest tick needs, on each axis.
    assert {half, quarter, half.replace("5", "50")} <= set(texts), texts
    other = "." if "," in half else ","
    assert not [t for t in texts if re.fullmatch(rf"\d+\{other}\d+", t)], texts


def test_the_chart_names_itself_in_the_svg_and_the_png():
    chart = charts.draw(
        lambda ax: ax.bar([1, 2], [3, 4]),
        size=(3, 2),
        title="Bedarf & mehr",
        alt="Balkendiagramm <kurz>",
        table=charts.DataTable(caption="c", columns=("x", "y"), rows=()),
        formats=("svg", "png"),
    )
    svg = chart.svg.decode()
    assert re.search(r'<svg [^>]*role="img"', svg)
    assert "<title>Bedarf &amp; mehr</title>" in svg
    assert "<desc>Balkendiagramm &lt;kurz&gt;</desc>" in svg
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    image = Image.open(__import__("io").BytesIO(chart.png))
    assert image.text["Title"] == "Bedarf & mehr"
    assert image.text["Description"] == "Balkendiagramm <kurz>"


def test_an_unknown_format_is_refused():
    table = charts.DataTable(caption="c", columns=(), rows=())
    with pytest.raises(ValueError, match="gif"):
        charts.draw(lambda ax: None, size=(1, 1), title="t", alt="a", table=table, formats=["gif"])


def _recording(monkeypatch):
    """The axes of every chart as it is saved, to read back what it drew."""
    drawn = []
    real = charts._save

    def record(figure, fmt, **kwargs):
        if fmt == "svg":
            drawn.append(figure.axes[0])
        return real(figure, fmt, **kwargs)

    monkeypatch.setattr(charts, "_save", record)
    return drawn


def _bars(ax: Axes, horizontal: bool) -> list[float]:
    [bars] = [c for c in ax.containers if isinstance(c, BarContainer)]
    return [p.get_width() if horizontal else p.get_height() for p in bars.patches]


def _numbers(chart: charts.Chart, column: int) -> list[float]:
    return [float(row[column]) for row in chart.table.rows]


def test_every_chart_has_alt_text_and_a_table_of_what_it_draws(monkeypatch):
    with translation.override("de"):
        drawn = _recording(monkeypatch)
        built = _all_charts(monkeypatch)
        monkeypatch.undo()
    assert set(built) == {"ranking", "distribution", "clusters", "forum"}
    for name, chart in built.items():
        assert chart.alt.strip() and chart.title.strip(), name
        assert chart.table.caption and chart.table.columns, name
        assert all(len(row) == len(chart.table.columns) for row in chart.table.rows), name
        assert chart.svg.startswith(b"<?xml") and b"<title>" in chart.svg, name

    ranking_axes, distribution_axes, cluster_axes, forum_axes = drawn
    ranking = built["ranking"]
    # The first bar is drawn at the top, in table order.
    assert _bars(ranking_axes, True) == pytest.approx(_numbers(ranking, 1))
    assert _numbers(ranking, 1) == pytest.approx([84.5, 48.0])
    [errors] = [c for c in ranking_axes.containers if isinstance(c, ErrorbarContainer)]
    segments = errors.lines[2][0].get_segments()
    assert [s[0][0] for s in segments] == pytest.approx(_numbers(ranking, 2))
    assert [s[1][0] for s in segments] == pytest.approx(_numbers(ranking, 3))
    assert _numbers(ranking, 2) == pytest.approx([74.5, 38.0])
    assert [row[0] for row in ranking.table.rows] == ["1. Buchhaltung", "2. Rhetorik"]

    distribution = built["distribution"]
    assert _bars(distribution_axes, False) == _numbers(distribution, 1) == [0, 1, 4, 2, 3]
    assert "Stufe 3: 4" in distribution.alt or "level 3: 4" in distribution.alt

    clusters = built["clusters"]
    lines = [list(map(float, line.get_ydata())) for line in cluster_axes.get_lines()]
    assert lines == [[float(v) for v in row[1:]] for row in clusters.table.rows]
    assert lines == [[4.5, 2.0], [1.25, 3.75]]
    assert clusters.table.columns[1:] == ("Buchhaltung", "Rhetorik")

    forum = built["forum"]
    # Drawn bottom-up (the first place at the top), the table reads top-down.
    assert _bars(forum_axes, True)[::-1] == pytest.approx(_numbers(forum, 1))
    assert _numbers(forum, 1) == pytest.approx([61.11, 27.78, 11.11])
    assert "61,1\u00a0%" in forum.alt and "1. Buchhaltung" in forum.alt
    assert forum.png.startswith(b"\x89PNG")


def test_the_table_shows_its_numbers_in_its_language():
    table = charts.DataTable(
        caption="c", columns=("Feld", "Wert"), rows=(("a", 41.25),), decimals=1, language="de"
    )
    assert [(c.text, c.numeric) for c in table.cells[0]] == [("a", False), ("41,2", True)]
    english = charts.DataTable(caption="c", columns=("f", "v"), rows=(("a", 41.25),), decimals=1)
    assert english.cells[0][1].text in {"41.2", "41.3"}


def _oklch_to_hex(lightness: float, chroma: float, hue: float) -> str:
    """CSS Color 4: OKLCH → OKLab → linear sRGB → sRGB, as browsers do."""
    lightness /= 100
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    linear = (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )

    def encode(c: float) -> int:
        c = min(1.0, max(0.0, c))
        return round(255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055))

    return "#" + "".join(f"{encode(c):02x}" for c in linear)


def test_the_palette_is_kerns_colours():
    css = KERN_CSS.read_text(encoding="utf-8")
    for colour, token in charts.KERN_TOKENS.items():
        match = re.search(rf"--kern-color-{token}:\s*oklch\(([\d.]+)%\s+([\d.]+)\s+([\d.]+)\)", css)
        assert match, token
        assert _oklch_to_hex(*map(float, match.groups())) == colour, token
    used = {charts.ACCENT, charts.INK, charts.MUTED, *charts.SEQUENTIAL}
    assert used <= set(charts.KERN_TOKENS)
