"""Writes for a programme's fields (Themenfelder): create, rename, move and delete.

The fields are set up before the interviews and changed rarely, by the coordinator's set-up
(programmes/setup_views.py); a field in use by answers, offers or measures is never deleted.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor
from vereinsforum.lib.translated import clean_translations
from vereinsforum.programmes.models import (
    Field,
    Programme,
)

#: A field's own values, as the set-up edits them and the audit log records them.
FIELD_FIELDS = ("key", "position", "name", "name_i18n", "description", "description_i18n")


@transaction.atomic
def field_create(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    name_i18n: Mapping[str, str] | None = None,
    description: str = "",
    description_i18n: Mapping[str, str] | None = None,
) -> Field:
    """A new field at the end of the programme's list."""
    # The programme's row serialises additions, so two coordinators never take one position.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    name = name.strip()
    _check_field_name(programme=programme, name=name)
    last = programme.fields.aggregate(last=Max("position"))["last"] or 0
    field = Field(
        programme=programme,
        key=_free_field_key(programme, name),
        position=last + 1,
        name=name,
        name_i18n=_translations("name_i18n", name_i18n),
        description=description.strip(),
        description_i18n=_translations("description_i18n", description_i18n),
    )
    field.full_clean()
    field.save()
    audit_record(
        actor=actor,
        action="field.create",
        target=field,
        changes=diff({}, snapshot(field, FIELD_FIELDS)),
    )
    return field


@transaction.atomic
def field_update(
    *,
    actor: Actor,
    field: Field,
    name: str,
    name_i18n: Mapping[str, str] | None = None,
    description: str = "",
    description_i18n: Mapping[str, str] | None = None,
) -> Field:
    """A field's name, description and their translations. Its key stays: exports and chart
    addresses name fields by key, and answers already given keep their field."""
    field = Field.objects.select_for_update().get(pk=field.pk)
    name = name.strip()
    _check_field_name(programme=field.programme, name=name, exclude=field)
    before = snapshot(field, FIELD_FIELDS)
    field.name = name
    field.name_i18n = _translations("name_i18n", name_i18n)
    field.description = description.strip()
    field.description_i18n = _translations("description_i18n", description_i18n)
    field.full_clean()
    field.save()
    changes = diff(before, snapshot(field, FIELD_FIELDS))
    if changes:
        audit_record(actor=actor, action="field.update", target=field, changes=changes)
    return field


@transaction.atomic
def field_move(*, actor: Actor, field: Field, position: int) -> Field:
    """Put `field` at `position` (1 = first); the others close up behind it."""
    Programme.objects.select_for_update().get(pk=field.programme_id)
    fields = list(Field.objects.filter(programme_id=field.programme_id).order_by("position"))
    if not 1 <= position <= len(fields):
        raise ValidationError(
            {"position": _("Please enter a position from 1 to %(count)s.") % {"count": len(fields)}}
        )
    moving = next(f for f in fields if f.pk == field.pk)
    old = moving.position
    fields.remove(moving)
    fields.insert(position - 1, moving)
    _renumber(fields)
    if old != position:
        audit_record(
            actor=actor,
            action="field.move",
            target=moving,
            changes={"position": [old, moving.position]},
        )
    return moving


@transaction.atomic
def _field_in_use(field: Field) -> bool:
    """Whether anything refers to the field. Every relation to it counts, whichever app
    declares it: a list of the known ones fell behind as apps (measures, offers, tandems)
    came, and a many-to-many link would have been dropped with the field without a word."""
    for relation in Field._meta.related_objects:
        accessor = relation.get_accessor_name()
        if accessor is None:  # a relation without a reverse accessor (related_name="+")
            continue
        related = getattr(field, accessor, None)
        if relation.one_to_one:
            if related is not None:
                return True
        elif related is not None and related.exists():
            return True
    return False


def field_delete(*, actor: Actor, field: Field) -> None:
    """Remove a field nobody has used yet. Once an instrument asks about it, an event serves
    it or a poll offers it, it is part of the record: rename it instead."""
    Programme.objects.select_for_update().get(pk=field.programme_id)
    field = Field.objects.get(pk=field.pk)
    if _field_in_use(field):
        raise ValidationError(
            _(
                "“%(name)s” is already used (by the needs analysis, an event, a poll, a "
                "measure, an offer or another record) and cannot be removed. You can rename "
                "it instead."
            )
            % {"name": field.name}
        )
    audit_record(
        actor=actor,
        action="field.delete",
        target=field,
        changes=diff(snapshot(field, FIELD_FIELDS), dict.fromkeys(FIELD_FIELDS)),
    )
    programme_id = field.programme_id
    field.delete()
    _renumber(list(Field.objects.filter(programme_id=programme_id).order_by("position")))


def _renumber(fields: list[Field]) -> None:
    """Positions 1…n in the order given. Positions are unique per programme and the check is
    not deferred, so every row first moves out of the way, above all current positions."""
    if not fields:
        return
    clear = max(f.position for f in fields) + 1
    for offset, f in enumerate(fields):
        Field.objects.filter(pk=f.pk).update(position=clear + offset)
    for number, f in enumerate(fields, start=1):
        Field.objects.filter(pk=f.pk).update(position=number)
        f.position = number


def _check_field_name(*, programme: Programme, name: str, exclude: Field | None = None) -> None:
    if not name:
        raise ValidationError({"name": _("Please enter the field's name.")})
    same = programme.fields.filter(name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError(
            {"name": _("The programme already has a field named “%(name)s”.") % {"name": name}}
        )


def _free_field_key(programme: Programme, name: str) -> str:
    base = slugify(name).replace("-", "_")[:34].strip("_") or "field"
    key, n = base, 1
    while programme.fields.filter(key=key).exists():
        n += 1
        key = f"{base}_{n}"
    return key


def _translations(name: str, values: Mapping[str, str] | None) -> dict[str, str]:
    try:
        return clean_translations(dict(values or {}))
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc
