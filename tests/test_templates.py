"""The templates share their KERN UX components and stay readable.

Alerts are written once (web/templates/components/alert.html, through `{% alert %}` or an
include), so no other template may spell out the KERN alert class; badges and data tables have
their components too. No template line is longer than 200 characters. The components are
rendered with Django's own engine to check the accessible markup they promise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

PACKAGE = Path(__file__).resolve().parent.parent / "vereinsforum"
COMPONENTS = PACKAGE / "web" / "templates" / "components"
MAX_LINE = 200


def _templates() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.glob("*/templates/**/*")
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
    )


def _render(source: str, **context: object) -> str:
    with translation.override("en"):
        return engines["django"].from_string("{% load i18n components %}" + source).render(context)


def test_there_are_templates_to_check():
    assert len(_templates()) > 100
    assert (COMPONENTS / "alert.html").exists()


def test_no_template_line_is_longer_than_200_characters():
    long = [
        f"{path.relative_to(PACKAGE)}:{number} ({len(line)})"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_LINE
    ]
    assert not long, f"{len(long)} template lines over {MAX_LINE} characters:\n" + "\n".join(long)


def test_alert_markup_is_written_only_in_the_component():
    outside = [
        str(path.relative_to(PACKAGE))
        for path in _templates()
        if "kern-alert" in path.read_text(encoding="utf-8") and path.parent != COMPONENTS
    ]
    assert not outside, "KERN alert markup outside components/alert.html: " + ", ".join(outside)


def test_badge_markup_is_written_only_in_the_component():
    outside = [
        str(path.relative_to(PACKAGE))
        for path in _templates()
        if "kern-badge" in path.read_text(encoding="utf-8") and path.parent != COMPONENTS
    ]
    assert not outside, "KERN badge markup outside components/badge.html: " + ", ".join(outside)


def test_alert_renders_role_title_and_body():
    html = _render(
        '{% translate "Tie" as t %}'
        '{% alert type="danger" role="alert" id="errors" title=t %}<p>{{ text }}</p>{% endalert %}',
        text="<script>",
    )
    assert re.search(
        r'<div class="kern-alert kern-alert--danger" role="alert"\s+id="errors">', html
    )
    assert '<div class="kern-alert__header"><span class="kern-title">Tie</span></div>' in html
    assert '<div class="kern-alert__body"><p>&lt;script&gt;</p></div>' in html


def test_alert_for_a_message_maps_error_to_danger_and_escapes_the_text():
    html = _render(
        '{% include "components/alert.html" with type=tag text=text only %}',
        tag="error",
        text="<b>",
    )
    assert 'class="kern-alert kern-alert--danger"' in html
    assert "role=" not in html  # the messages' container is the live region
    assert '<p class="kern-body">&lt;b&gt;</p>' in html


def test_alert_as_a_section_is_labelled_by_its_heading():
    html = _render(
        '{% alert type="info" element="section" labelledby="h" '
        'title="T" title_tag="h2" title_id="h" %}x{% endalert %}'
    )
    assert html.strip().startswith('<section class="kern-alert kern-alert--info"')
    assert 'aria-labelledby="h"' in html
    assert '<h2 class="kern-title" id="h">T</h2>' in html
    assert html.strip().endswith("</section>")


def test_alert_does_not_take_the_pages_variables():
    html = _render(
        '{% alert type="info" %}x{% endalert %}', title="Page title", id="page", role="x"
    )
    assert "Page title" not in html
    assert "id=" not in html and "role=" not in html


def test_badge_shows_the_label_in_the_variant():
    html = _render(
        '{% include "components/badge.html" with label=label variant="success" small=True '
        'status="open" only %}',
        label="<open>",
    )
    assert html.startswith('<span class="kern-badge kern-badge--small kern-badge--success"')
    assert 'data-status="open"' in html
    assert '<span class="kern-label kern-label--small">&lt;open&gt;</span></span>' in html


def test_data_table_has_a_caption_and_a_scrollable_region():
    html = _render(
        '{% datatable caption="Papers" caption_class="visually-hidden" class="kern-table--striped" '
        'id="papers" region_label="Papers (scrolls)" %}'
        '<thead><tr><th scope="col">A</th></tr></thead>{% enddatatable %}'
    )
    assert re.search(
        r'<div class="kern-table-responsive"\s+'
        r'tabindex="0" role="region" aria-label="Papers \(scrolls\)">',
        html,
    )
    assert '<table class="kern-table kern-table--striped" id="papers">' in html
    assert '<caption class="visually-hidden">Papers</caption>' in html
    assert '<th scope="col">A</th>' in html


@pytest.mark.parametrize("tag", ["alert", "datatable"])
def test_component_tags_take_keyword_arguments_only(tag):
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        _render("{% " + tag + ' "info" %}x{% end' + tag + " %}")


@pytest.mark.parametrize(
    ("partial", "status", "expected"),
    [
        ("events/_status.html", "registered", "kern-badge--success"),
        ("events/_status.html", "offered", "kern-badge--warning"),
        ("events/_status.html", "waitlisted", "kern-badge--info"),
        ("events/_status.html", "cancelled", "kern-badge--danger"),
        ("tandems/_status.html", "proposed", "kern-badge--info"),
        ("measures/_status_badge.html", "running", "kern-badge--warning"),
        ("measures/_status_badge.html", "planned", "kern-badge--info"),
    ],
)
def test_status_partials_choose_the_variant_by_status(partial, status, expected):
    html = _render(
        f'{{% include "{partial}" with status=status label=label %}}', status=status, label="L"
    )
    assert expected in html
    assert '<span class="kern-label kern-label--small">L</span>' in html
    assert html.count("kern-badge--") - html.count("kern-badge--small") == 1
