"""The QR code on each confirmation: it carries the registration's check-in code."""

from __future__ import annotations

import segno
from django.utils.html import escape


def qr_svg(code: str, *, label: str) -> str:
    """An inline SVG (for pages) named for screen readers; the scanner reads the plain code."""
    svg = segno.make(code, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def qr_data_uri(code: str) -> str:
    """A PNG data URI (for e-mail, where inline SVG is often stripped)."""
    return segno.make(code, error="m").png_data_uri(scale=5)
