"""Every service that writes calls `audit_record` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from vereinsforum.audit.models import AuditEntry

#: Shown instead of a personal value, so the log never keeps what erasure removes.
REDACTED = "•••"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, as plain JSON values (foreign keys by id)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname) if hasattr(field, "attname") else getattr(obj, name)
        out[name] = _plain(value)
    return out


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any], *, personal: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field that changed; personal fields are redacted."""
    personal = set(personal)
    changes: dict[str, list[Any]] = {}
    for key in after:
        if before.get(key) != after[key]:
            if key in personal:
                changes[key] = [REDACTED, REDACTED]
            else:
                changes[key] = [before.get(key), after[key]]
    return changes


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    target_repr: str | None = None,
) -> AuditEntry:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if is_user:
        # Not the username: it may be a person's name, and erasure renames the account,
        # which the log (append-only) could not follow. Readers show actor.username.
        label = f"user:{actor.pk}"
    elif hasattr(actor, "is_authenticated"):
        label = "anonymous"  # the public: a visitor without an account
    else:
        label = str(actor) if actor else "system"  # a command, e.g. "load_demo"
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=(target_repr if target_repr is not None else str(target))[:300],
        changes=dict(changes or {}),
    )
