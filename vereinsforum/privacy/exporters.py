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
from vereinsforum.reports.exporters import PDF, _declare_pdf_ua, _font_faces


def _pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "lang": language,
                "fonts": _font_faces(),
                "created": timezone.localdate().isoformat(),
            },
        )
    return HTML(string=strip_control(html, multiline=True), base_url=".").write_pdf(
        pdf_variant="pdf/a-3b", pdf_tags=True, finisher=_declare_pdf_ua
    )


def record_pdf(context: dict, language: str | None = None) -> tuple[str, str, bytes]:
    language = language or settings.LANGUAGE_CODE.split("-")[0]
    content = _pdf("privacy/record_pdf.html", context, language)
    return f"verarbeitungsverzeichnis-{timezone.localdate().isoformat()}.pdf", PDF, content


def subject_pdf(context: dict, language: str | None = None) -> tuple[str, str, bytes]:
    language = language or settings.LANGUAGE_CODE.split("-")[0]
    content = _pdf("privacy/subject_pdf.html", context, language)
    person = context["person"]
    return f"auskunft-person-{person.pk}.pdf", PDF, content
