from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import mail_managers
from django.db import transaction

from vereinsforum.audit.services import audit_record
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
