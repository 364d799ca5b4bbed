"""Numbers on the charts use the reader's decimal separator ("1,5" in German)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from vereinsforum.needs import charts


def _texts(svg: bytes) -> list[str]:
    # svg.fonttype "none" keeps every label as a <text> element.
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())]


def _evaluation():
    def share(estimate):
        return SimpleNamespace(estimate=estimate, low=estimate - 0.1, high=min(1, estimate + 0.1))

    fields = [
        SimpleNamespace(name="Buchhaltung", rank=1, share_high=share(0.845)),
        SimpleNamespace(name="Rhetorik", rank=2, share_high=share(0.48)),
    ]
    return SimpleNamespace(ranking=fields, fields=fields)


@pytest.mark.parametrize(("language", "decimal"), [("de", ","), ("en", "."), ("ru", ",")])
def test_tick_labels_of_the_cluster_chart_use_the_languages_decimal_separator(language, decimal):
    clusters = [SimpleNamespace(number=1, size=5, mean_need=[4.5, 2.0])]
    with translation.override(language):
        texts = _texts(charts.cluster_chart(_evaluation(), clusters).svg)
    assert f"2{decimal}5" in texts and f"1{decimal}5" in texts
    other = "." if decimal == "," else ","
    assert not [t for t in texts if re.fullmatch(rf"\d+\{other}\d+", t)]


def test_bar_labels_of_the_ranking_are_per_cent_in_the_language():
    with translation.override("de"):
        texts = _texts(charts.ranking_chart(_evaluation()).svg)
    assert "84\u00a0%" in texts or "84 %" in texts
    assert "100" in texts  # the axis: whole per cents


def test_counts_of_associations_have_no_fractional_ticks():
    field = SimpleNamespace(name="Buchhaltung", need_counts=[0, 1, 0, 2, 0])
    with translation.override("de"):
        texts = _texts(charts.distribution_chart(field, ["kein", "", "", "", "sehr hoch"]).svg)
    ticks = [t for t in texts if re.fullmatch(r"[\d.,]+", t)]
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks
