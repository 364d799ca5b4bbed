"""Markdown goes through the sanitiser: what an author types can never run in a reader's
browser (the CSP would block inline script too, but the text must not even carry it)."""

import pytest

from vereinsforum.guides.rendering import render_markdown

ATTACKS = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD4=)",
    '<img src="x" onerror="alert(1)">',
    '<a href="https://example.org" onclick="alert(1)">a</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<svg><script>alert(1)</script></svg>",
    '<form action="https://evil.example"><input name="p"></form>',
    "![bild](javascript:alert(1))",
    '<a href="&#106;avascript:alert(1)">encoded</a>',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_script_injection_is_neutralised(attack):
    html = render_markdown(f"Vorher\n\n{attack}\n\nNachher").lower()
    for forbidden in (
        "<script",
        "javascript:",
        "onerror",
        "onclick",
        "onmouseover",
        "<iframe",
        "style=",
        "<style",
        "<img",
        "<form",
        "<input",
        "<svg",
        "data:text",
    ):
        assert forbidden not in html, (attack, html)
    assert "vorher" in html and "nachher" in html


def test_script_content_is_dropped_not_shown_as_text():
    html = render_markdown("<script>alert('geheim')</script>Rest")
    assert "geheim" not in html
    assert "Rest" in html


def test_markdown_formatting_survives():
    html = render_markdown(
        "# Titel\n\nEin **fetter** und *kursiver* Text mit [Link](https://example.org).\n\n"
        "- eins\n- zwei\n\n| Sphäre | Steuer |\n|---|---|\n| Zweckbetrieb | 7 % |\n"
    )
    # Headings start at h3 (the page has the guide's h1 and the section's h2).
    assert "<h3>Titel</h3>" in html
    assert "<strong>fetter</strong>" in html and "<em>kursiver</em>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer"' in html
    assert "<li>eins</li>" in html
    assert "<td>Zweckbetrieb</td>" in html


def test_raw_html_is_not_kept_as_markup():
    html = render_markdown('<div class="x" id="y"><b>fett</b></div>')
    assert "<div" not in html and "<b>" not in html and "class=" not in html
    assert "fett" in html
