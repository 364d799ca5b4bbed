"""Tagged PDFs of the record of processing activities (Art. 30) and of a data-subject
export (Art. 15), with the contract of reports/exporters.py: `render(...) -> (filename,
content_type, bytes)`. WeasyPrint writes them tagged (structure tree, /MarkInfo, /Lang) as
PDF/A-3b, and the council papers' finisher adds the PDF/UA-1 identification. German by
default: these are the city's records."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vereinsforum.lib.text import strip_control
from vereinsforum.reports.exporters import PDF, font_faces, tagged_pdf


def _pdf(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "lang": language,
                "fonts": font_faces(),
                "created": timezone.localdate().isoformat(),
            },
        )
    return tagged_pdf(strip_control(html, multiline=True))


def record_pdf(context: dict, language: str | None = None) -> tuple[str, str, bytes]:
    language = language or settings.LANGUAGE_CODE.split("-")[0]
    content = _pdf("privacy/record_pdf.html", context, language)
    return f"verarbeitungsverzeichnis-{timezone.localdate().isoformat()}.pdf", PDF, content


def subject_pdf(context: dict, language: str | None = None) -> tuple[str, str, bytes]:
    language = language or settings.LANGUAGE_CODE.split("-")[0]
    content = _pdf("privacy/subject_pdf.html", context, language)
    person = context["person"]
    return f"auskunft-person-{person.pk}.pdf", PDF, content
