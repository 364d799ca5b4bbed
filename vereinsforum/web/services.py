"""Writes of the shell: accessibility feedback and the site details (imprint, privacy,
contact), with their part in a person's erasure.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.mail import mail_managers
from django.db import transaction
from django.db.models import Q

from vereinsforum.audit.services import REDACTED, audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor
from vereinsforum.web.models import AccessibilityFeedback, SiteDetails

log = logging.getLogger(__name__)


@transaction.atomic
def accessibility_feedback_submit(
    *, actor: Actor, page_url: str, message: str, contact_email: str = ""
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


#: The site details as the set-up edits them (all of SiteDetails but its bookkeeping).
SITE_DETAILS_FIELDS = (
    "operator",
    "operator_address",
    "representative",
    "imprint_contact",
    "privacy_controller",
    "privacy_officer",
    "privacy_authority",
    "privacy_retention",
    "contact_phone",
    "contact_email",
    "contact_address",
    "contact_hours",
)


@transaction.atomic
def site_details_update(
    *,
    actor: Actor,
    operator: str = "",
    operator_address: str = "",
    representative: str = "",
    imprint_contact: str = "",
    privacy_controller: str = "",
    privacy_officer: str = "",
    privacy_authority: str = "",
    privacy_retention: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    contact_address: str = "",
    contact_hours: str = "",
) -> SiteDetails:
    """Imprint, privacy contacts and the start page's contact details. Every value may be
    left empty: the public pages then keep their placeholder for that part."""
    values = {
        "operator": operator,
        "operator_address": operator_address,
        "representative": representative,
        "imprint_contact": imprint_contact,
        "privacy_controller": privacy_controller,
        "privacy_officer": privacy_officer,
        "privacy_authority": privacy_authority,
        "privacy_retention": privacy_retention,
        "contact_phone": contact_phone,
        "contact_email": contact_email,
        "contact_address": contact_address,
        "contact_hours": contact_hours,
    }
    details, _created = SiteDetails.objects.select_for_update().get_or_create(
        pk=SiteDetails.SINGLETON_PK
    )
    before = snapshot(details, SITE_DETAILS_FIELDS)
    for name, value in values.items():
        setattr(details, name, value.strip())
    details.full_clean()
    details.save()
    changes = diff(before, snapshot(details, SITE_DETAILS_FIELDS))
    if changes:
        audit_record(actor=actor, action="site_details.update", target=details, changes=changes)
    return details


@transaction.atomic
def site_details_erase(*, terms: list[str]) -> bool:
    """Part of a person's erasure: their name or e-mail address where the site details quote
    them (a clerk's direct address as the start page's contact, a named officer). The mark
    stands in their place on the public page, which shows coordinators what to fill in anew.
    Returns whether anything was erased."""
    details = SiteDetails.objects.select_for_update().filter(pk=SiteDetails.SINGLETON_PK).first()
    if details is None:
        return False
    changed = []
    for name in SITE_DETAILS_FIELDS:
        value = getattr(details, name)
        if name == "contact_email":
            # An address field cannot hold the mark; an empty one shows the placeholder.
            erased = "" if any(value.casefold() == t.casefold() for t in terms) else value
        else:
            erased = value
            for term in terms:
                erased = re.compile(re.escape(term), re.IGNORECASE).sub(REDACTED, erased)
        if erased != value:
            setattr(details, name, erased)
            changed.append(name)
    if changed:
        details.save(update_fields=[*changed, "modified"])
    return bool(changed)
