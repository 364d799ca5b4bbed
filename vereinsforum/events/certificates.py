"""Attendance certificates for trainings, as PDF (WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from vereinsforum.events.models import Registration
from vereinsforum.lib.text import strip_control


def certificate_pdf(registration: Registration) -> tuple[str, str, bytes]:
    """render(...) -> (filename, content_type, bytes), in the participant's language."""
    from weasyprint import HTML

    language = registration.person.preferred_language
    with translation.override(language):
        html = render_to_string(
            "events/certificate.html",
            {
                "registration": registration,
                "event": registration.event,
                "person": registration.person,
                "issued": timezone.localdate(),
                "LANGUAGE_CODE": language,
            },
        )
    # Names and titles stored before forms refused control characters may still hold them;
    # WeasyPrint would draw them as missing glyphs and lose the text layer around them.
    pdf = HTML(string=strip_control(html, multiline=True)).write_pdf(pdf_variant="pdf/ua-1")
    return f"teilnahmebescheinigung-{registration.code[:8]}.pdf", "application/pdf", pdf
