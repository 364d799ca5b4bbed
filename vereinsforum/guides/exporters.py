"""A guide as an accessible PDF, with the contract of reports/exporters.py:
`render(...) -> (filename, content_type, bytes)`.

WeasyPrint writes it tagged (structure tree, /MarkInfo Marked true) as PDF/A-3b, with the
reading language as /Lang and the guide's title as the document title; the PDF/UA-1
identification is added by the same finisher the council papers use. Arabic is laid out
right to left (dir on the root element).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from vereinsforum.guides.models import Guide, html_lang
from vereinsforum.guides.reading import direction, read_guide
from vereinsforum.lib.text import strip_control
from vereinsforum.reports.exporters import PDF, font_faces, tagged_pdf


class GuidePdfExporter:
    format = "pdf"
    content_type = PDF
    variant = "pdf/a-3b"

    def html(self, guide: Guide, language: str) -> str:
        with translation.override(html_lang(language) if language != "de-x-ls" else "de"):
            html = render_to_string(
                "guides/guide_pdf.html",
                {
                    "guide": guide,
                    "sections": read_guide(guide, language),
                    "lang": html_lang(language),
                    "dir": direction(language),
                    "fonts": font_faces(),
                    "created": (guide.published_at or timezone.now()).date().isoformat(),
                },
            )
        return strip_control(html, multiline=True)

    def render(self, guide: Guide, language: str) -> tuple[str, str, bytes]:
        content = tagged_pdf(self.html(guide, language), variant=self.variant)
        return f"{guide.slug}-{language}.pdf", self.content_type, content
