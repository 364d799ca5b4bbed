from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.mail import mail_managers
from django.db import transaction
from django.db.models import Q

from vereinsforum.audit.services import REDACTED, audit_record
from vereinsforum.web.models import AccessibilityFeedback

log = logging.getLogger(__name__)


@transaction.atomic
def accessibility_feedback_submit(
    *, actor, page_url: str, message: str, contact_email: str = ""
) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(
        page_url=page_url, message=message, contact_email=contact_email
    )
    feedback.full_clean()
    feedback.save()
    # The label is the row's number, never the page or the text a visitor typed: the log is
    # append-only and would keep a name in a URL for good.
    audit_record(
        actor=actor,
        action="accessibility_feedback.submit",
        target=feedback,
        target_repr=f"Feedback #{feedback.pk}",
    )
    if settings.MANAGERS:
        # The row is the record; mail is a courtesy and must not lose the report.
        transaction.on_commit(lambda: _notify(feedback))
    return feedback


def _notify(feedback: AccessibilityFeedback) -> None:
    try:
        mail_managers("Barriere gemeldet", f"{feedback.page_url}\n\n{feedback.message}")
    except Exception:  # noqa: BLE001 - never fail the user's report over mail
        log.exception("could not mail accessibility feedback %s", feedback.pk)


@transaction.atomic
def accessibility_feedback_erase(*, terms: list[str]) -> int:
    """Part of a person's erasure: the answer address they left, and their name or address
    in the text of any report. The report itself (the barrier) stays."""
    match = Q(pk__in=[])
    for term in terms:
        match |= Q(contact_email__iexact=term) | Q(page_url__icontains=term)
        match |= Q(message__icontains=term)
    count = 0
    for feedback in AccessibilityFeedback.objects.select_for_update().filter(match):
        before = (feedback.page_url, feedback.message, feedback.contact_email)
        for term in terms:
            if feedback.contact_email.casefold() == term.casefold():
                feedback.contact_email = ""
            pattern = re.compile(re.escape(term), re.IGNORECASE)
            feedback.page_url = pattern.sub(REDACTED, feedback.page_url)
            feedback.message = pattern.sub(REDACTED, feedback.message)
        if (feedback.page_url, feedback.message, feedback.contact_email) != before:
            feedback.save(update_fields=["page_url", "message", "contact_email"])
            count += 1
    return count
