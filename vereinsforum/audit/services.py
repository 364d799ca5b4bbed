"""Every service that writes calls `audit_record` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.text import capfirst

from vereinsforum.audit import context
from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.actors import Actor, actor_label, user_of

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


def safe_label(obj: models.Model) -> str:
    """The model's name and the row's id, e.g. "Person #12": never the object's own text.

    `str(obj)` of a person, a publication basis or a feedback form holds a name or whatever
    a visitor typed; the log is append-only and would keep it past any erasure. English
    (the msgid), so one entry reads the same whatever language its writer used.
    """
    return model_label(type(obj), obj.pk)


def model_label(model: type[models.Model], pk: Any) -> str:
    with translation.override(None):
        name = capfirst(str(model._meta.verbose_name))
    return f"{name} #{pk}"


def _free_text(model: type[models.Model]) -> set[str]:
    """Fields of `model` whose values the log never records in clear: the ones it names
    personal, every TextField (notes, descriptions, comments, with their translations) and
    every EmailField (an association's address is often its chair's own)."""
    names = set(getattr(model, "PERSONAL_FIELDS", ()))
    for field in model._meta.get_fields():
        if isinstance(field, models.TextField | models.EmailField):
            names.update((field.name, f"{field.name}_i18n"))
    return names


def _conceal(value: Any) -> Any:
    # Numbers, flags and "empty" stay: that a note was cleared, or its length, is no secret.
    if value is None or value == REDACTED or isinstance(value, bool | int | float):
        return value
    return REDACTED


def _redact(target: models.Model, changes: Mapping[str, Any]) -> dict[str, Any]:
    # __class__, not type(): request.user is a lazy wrapper whose type is SimpleLazyObject.
    hidden = _free_text(target.__class__)
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in hidden:
            value = (
                [_conceal(v) for v in value] if isinstance(value, list | tuple) else _conceal(value)
            )
        out[key] = value
    return out


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    target_repr: str | None = None,
) -> AuditEntry:
    """Append one entry. The label is `safe_label(target)` unless the caller passes one that
    holds no personal data (an organisation's name: associations are legal entities).
    Free text and personal fields of the target are redacted here whatever the caller
    passes, because a slip could never be undone in an append-only log; keys that are not
    the target's own fields must be redacted by the caller with `diff(..., personal=...)`.
    The channel (page, API token, command, system) comes from `audit.context`."""
    user = user_of(actor)
    channel, detail = context.current()
    return AuditEntry.objects.create(
        channel=channel,
        channel_detail=detail,
        actor=user,
        actor_label=actor_label(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=(target_repr if target_repr is not None else safe_label(target))[:300],
        changes=_redact(target, changes or {}),
    )
