"""Outgoing e-mail through a stored outbox.

A message is rendered in the recipient's language and stored in the same transaction as
the write that caused it; delivery runs after the commit. A failing mail server is logged
and retried later (`events_send_outbox`), and a registration never depends on it.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vereinsforum.events.models import Invitation, MailStatus, OutboxMessage, Registration

logger = logging.getLogger(__name__)

#: After this many failed attempts a message is marked as given up (visible to staff).
MAX_ATTEMPTS = 6
LANGUAGES = {code for code, _name in settings.LANGUAGES}


_muted = threading.local()


@contextmanager
def muted():
    """No messages while the demo replays 2007: nobody should be mailed about the past."""
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = False


def _language(code: str | None) -> str:
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def message_enqueue(
    *,
    kind: str,
    to_email: str,
    language: str | None,
    context: dict[str, Any],
    registration: Registration | None = None,
    invitation: Invitation | None = None,
    attachment: tuple[str, str] | None = None,
    dedupe_key: str = "",
) -> OutboxMessage | None:
    """Render `events/email/<kind>.*` in the recipient's language and store it for sending."""
    if not to_email or getattr(_muted, "on", False):
        return None
    if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    language = _language(language)
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "LANGUAGE_CODE": language}
        subject = render_to_string(f"events/email/{kind}_subject.txt", context)
        body_text = render_to_string(f"events/email/{kind}.txt", context)
        body_html = render_to_string(f"events/email/{kind}.html", context)
    message = OutboxMessage.objects.create(
        kind=kind,
        to_email=to_email,
        language=language,
        subject=" ".join(subject.split())[:250],
        body_text=body_text,
        body_html=body_html,
        attachment_name=attachment[0] if attachment else "",
        attachment=attachment[1] if attachment else "",
        registration=registration,
        invitation=invitation,
        dedupe_key=dedupe_key,
    )
    transaction.on_commit(lambda: outbox_deliver(ids=[message.pk]))
    return message


def _send(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={"Content-Language": message.language},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.attachment_name:
        email.attach(message.attachment_name, message.attachment, "text/calendar")
    email.send(fail_silently=False)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=5 * 2 ** (attempts - 1))


def outbox_deliver(*, ids: list[int] | None = None, now: datetime | None = None) -> dict:
    """Send due messages; a failure is logged, counted and left for the next run."""
    now = now or timezone.now()
    sent = failed = 0
    due = OutboxMessage.objects.due(now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=MailStatus.PENDING)
                .first()
            )
            if message is None:
                continue
            message.attempts += 1
            try:
                _send(message)
            except Exception as exc:  # any transport error: keep the message, retry later
                logger.warning(
                    "Sending %s #%s failed (attempt %s): %s",
                    message.kind,
                    message.pk,
                    message.attempts,
                    exc,
                )
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                message.next_attempt_at = now + _backoff(message.attempts)
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = MailStatus.FAILED
                failed += 1
            else:
                message.status = MailStatus.SENT
                message.sent_at = timezone.now()
                message.last_error = ""
                sent += 1
            message.save()
    return {"sent": sent, "failed": failed}
