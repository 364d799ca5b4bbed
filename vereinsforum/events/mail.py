"""Outgoing e-mail through a stored outbox.

A message is stored in the same transaction as the write that caused it; delivery runs
after the commit. Most messages are rendered (in the recipient's language) when stored; a
registration's messages are stored as a bare row under the event's lock and rendered after
the commit (`message_enqueue_later`), so the lock is held for the seat decision only; the
sender renders any row that is still bare. A failing mail server is logged and retried
later (`events_send_outbox`), and a registration never depends on it.

Sent mail is personal data kept only as long as needed: `events_purge_outbox` removes rows
and the file backend's copies after `OUTBOX_RETENTION_DAYS`, and erasing a person removes
theirs at once (`outbox_erase`).
"""

from __future__ import annotations

import copy
import email
import logging
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from vereinsforum.events.models import Invitation, MailStatus, OutboxMessage, Registration

if TYPE_CHECKING:
    from vereinsforum.organisations.models import Person

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
    person: Person | None = None,
    registration: Registration | None = None,
    invitation: Invitation | None = None,
    attachment: tuple[str, str] | None = None,
    dedupe_key: str = "",
    template: str = "",
) -> OutboxMessage | None:
    """Render `events/email/<kind>.*` (or `<template>.*`, for another app's mail) in the
    recipient's language and store it for sending."""
    if not to_email or getattr(_muted, "on", False):
        return None
    if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    language = _language(language)
    message = OutboxMessage(
        kind=kind,
        to_email=to_email,
        language=language,
        person=person,
        registration=registration,
        invitation=invitation,
        dedupe_key=dedupe_key,
    )
    _render(message, Content(context, attachment, template or f"events/email/{kind}"))
    message.save()
    transaction.on_commit(lambda: outbox_deliver(ids=[message.pk]))
    return message


class Content(NamedTuple):
    """What a message is rendered from: the template's context, an attachment (name,
    content), and the template's name without its suffix."""

    context: dict[str, Any]
    attachment: tuple[str, str] | None
    template: str


def _render(message: OutboxMessage, content: Content) -> None:
    """Fill in the message's subject, bodies and attachment, in its language."""
    with translation.override(message.language):
        context = {**content.context, "site_url": settings.SITE_URL}
        context["LANGUAGE_CODE"] = message.language
        subject = render_to_string(f"{content.template}_subject.txt", context)
        message.body_text = render_to_string(f"{content.template}.txt", context)
        message.body_html = render_to_string(f"{content.template}.html", context)
    message.subject = " ".join(subject.split())[:250]
    message.attachment_name, message.attachment = content.attachment or ("", "")
    message.rendered = True


#: The fields that rendering fills in.
RENDERED_FIELDS = ["subject", "body_text", "body_html", "attachment_name", "attachment", "rendered"]


def message_enqueue_later(
    *, kind: str, person: Person, registration: Registration
) -> OutboxMessage | None:
    """Store a message about a registration now and render it after the commit.

    The row (no templates, one INSERT) is written in the caller's transaction, under the
    event's lock, so a committed registration never lacks its mail; the content (templates,
    QR code, .ics) is rendered from the registration as it stands here once the transaction
    has committed and the lock is released. Should that fail or the process end first, the
    sender renders the row from the registration as it stands then (`outbox_deliver`)."""
    if not person.email or getattr(_muted, "on", False):
        return None
    message = OutboxMessage.objects.create(
        kind=kind,
        to_email=person.email,
        language=_language(person.preferred_language),
        subject="",
        body_text="",
        person=person,
        registration=registration,
        rendered=False,
    )
    snapshot = copy.copy(registration)  # its status now, whatever later writes do
    transaction.on_commit(lambda: _render_later(message, snapshot), robust=True)
    return message


def _render_later(message: OutboxMessage, registration: Registration) -> None:
    message_render(message, registration)
    outbox_deliver(ids=[message.pk])


def message_render(message: OutboxMessage, registration: Registration | None = None) -> bool:
    """Render a bare message (`message_enqueue_later`) from its registration; whether it
    now has content. Only a bare row is written, so rendering twice changes nothing."""
    from vereinsforum.events.notifications import registration_content

    registration = registration or message.registration
    if registration is None:  # its registration was deleted: nothing to say any more
        return False
    _render(message, registration_content(message.kind, registration))
    OutboxMessage.objects.filter(pk=message.pk, rendered=False).update(
        **{name: getattr(message, name) for name in RENDERED_FIELDS}
    )
    return True


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
                if not message.rendered and not message_render(message):
                    raise ValueError("the message's registration no longer exists")
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


def outbox_files() -> list[Path]:
    """The file backend's copies of sent mail (one `.log` file per connection)."""
    if settings.EMAIL_BACKEND != "django.core.mail.backends.filebased.EmailBackend":
        return []
    folder = Path(getattr(settings, "EMAIL_FILE_PATH", "") or "")
    if not str(folder) or not folder.is_dir():
        return []
    return [path for path in folder.glob("*.log") if path.is_file()]


def outbox_purge(*, now: datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Forget mail once it is no longer needed: rows sent (or given up) more than `days`
    ago, default `OUTBOX_RETENTION_DAYS`, and the file backend's copies as old as that.
    Pending messages stay whatever their age: they are still to be delivered."""
    now = now or timezone.now()
    days = settings.OUTBOX_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    # A message given up has no sent date; its last attempt lies before next_attempt_at.
    rows, _per_model = OutboxMessage.objects.filter(
        Q(status=MailStatus.SENT, sent_at__lt=cutoff)
        | Q(status=MailStatus.FAILED, next_attempt_at__lt=cutoff)
    ).delete()
    files = 0
    for path in outbox_files():
        if (
            datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_current_timezone())
            < cutoff
        ):
            path.unlink(missing_ok=True)
            files += 1
    return {"messages": rows, "files": files}


def _file_mentions(path: Path, needles: list[str]) -> bool:
    """Whether the mail file names any needle, in its raw form or in a decoded part
    (quoted-printable and base64 bodies can split or hide a name)."""
    raw = path.read_bytes()
    texts = [raw.decode("utf-8", errors="replace")]
    for chunk in raw.split(b"\n" + b"-" * 79 + b"\n"):
        for part in email.message_from_bytes(chunk).walk():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                texts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    haystack = "\n".join(texts).casefold()
    return any(needle in haystack for needle in needles)


def outbox_erase(*, person: Person, terms: Iterable[str]) -> dict[str, int]:
    """Erase a person's mail: the rows addressed to them (linked, or by address for rows
    older than the link) or naming them, and the file backend's copies that name them.

    `terms` are their names and addresses as they were before the erasure. Pending mail goes
    too: nobody is written to after their erasure."""
    terms = [t.strip() for t in terms if t and t.strip()]
    # The HTML body holds "O'Brien" as "O&#x27;Brien".
    terms += [escape(t) for t in terms if escape(t) != t]
    match = Q(person=person)
    for term in terms:
        match |= Q(to_email__iexact=term)
        for field in ("subject", "body_text", "body_html", "attachment"):
            match |= Q(**{f"{field}__icontains": term})
    rows, _per_model = OutboxMessage.objects.filter(match).delete()
    files = 0
    needles = [t.casefold() for t in terms]
    # Files go at once, not on commit: should the erasure roll back, only copies of mail
    # already sent are lost, and an erasure that half-happened is retried anyway.
    if needles:
        for path in outbox_files():
            if _file_mentions(path, needles):
                path.unlink(missing_ok=True)
                files += 1
    return {"messages": rows, "files": files}
