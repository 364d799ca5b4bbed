"""The Django admin reads; it does not write.

Every change goes through the services, which check the rules and append to the audit log.
An admin form saves the row directly: it once let a coordinator restore an erased person's
name (and OParl published it again) with no audit entry. So every domain model is
registered with `ReadOnlyAdmin`; the in-app pages are where things change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from vereinsforum.audit.services import REDACTED, model_label


class ReadOnlyAdminMixin:
    """Lists, filters, searches and detail pages; no add, change or delete, no bulk actions."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


def _scrub_message(message: str) -> str:
    """Keep which fields changed; drop the objects' own text (inline rows are recorded as
    `"object": str(row)`, which names the person). Plain-text messages go entirely."""
    try:
        entries = json.loads(message)
    except ValueError:
        return REDACTED if message else message
    if not isinstance(entries, list):
        return REDACTED
    for entry in entries:
        for detail in entry.values() if isinstance(entry, dict) else ():
            if isinstance(detail, dict) and "object" in detail:
                detail["object"] = REDACTED
    return json.dumps(entries)


def admin_log_scrub(*, objects: Iterable[models.Model], terms: Iterable[str]) -> int:
    """Remove names from the admin's own history (`django_admin_log`): the entries about
    `objects`, and any entry whose label or message contains one of `terms` (a name, an
    address). The label becomes "Person #12"; the message keeps the changed fields.
    Returns how many entries were scrubbed."""
    match = Q(pk__in=[])
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        match |= Q(content_type=content_type, object_id=str(obj.pk))
    for term in {t.strip() for t in terms if t and t.strip()}:
        # The admin stores change messages with json.dumps: "Müller" reads "M\u00fcller".
        escaped = json.dumps(term)[1:-1]
        for needle in {term, escaped}:
            match |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    count = 0
    for entry in LogEntry.objects.filter(match).select_related("content_type"):
        entry.object_repr = _label(entry)
        entry.change_message = _scrub_message(entry.change_message)
        entry.save(update_fields=["object_repr", "change_message"])
        count += 1
    return count


def _label(entry: LogEntry) -> str:
    model = entry.content_type.model_class() if entry.content_type else None
    return model_label(model, entry.object_id) if model else f"#{entry.object_id}"
