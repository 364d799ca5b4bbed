"""Writes for a forum session: its record, its agenda (items, order, resolutions), its minutes.

A session is an event of the kind "forum session" in the events app; the forum keeps its own
record of it (`ForumSession`), made the first time the forum needs one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.minutes import clean_minutes
from vereinsforum.forum.models import (
    AgendaItem,
    ForumBody,
    ForumSession,
    ItemResult,
    ResolutionKind,
)
from vereinsforum.lib.actors import Actor

ITEM_FIELDS = ("position", "title", "description", "resolution", "resolution_kind", "result")


@transaction.atomic
def session_prepare(*, actor: Actor, body: ForumBody, event: Event) -> ForumSession:
    """The forum's record of a forum-session event (created once, then returned)."""
    if event.kind != EventKind.FORUM_SESSION or event.programme_id != body.programme_id:
        raise ValidationError(_("This event is not a session of this forum."))
    session, created = ForumSession.objects.get_or_create(event=event, defaults={"body": body})
    if created:
        audit_record(actor=actor, action="forum_session.prepare", target=session)
    return session


@transaction.atomic
def session_minutes_save(
    *, actor: Actor, body: ForumBody, event: Event, minutes: str
) -> ForumSession:
    session = session_prepare(actor=actor, body=body, event=event)
    session = ForumSession.objects.select_for_update().get(pk=session.pk)
    cleaned = clean_minutes(minutes)
    changed = cleaned != session.minutes
    session.minutes = cleaned
    session.save(update_fields=["minutes", "modified"])
    if changed:
        # The minutes are not personal data, but they can be long: record that they changed.
        audit_record(
            actor=actor,
            action="minutes.save",
            target=session,
            changes={"minutes": [len(cleaned)]},
        )
    return session


@transaction.atomic
def agenda_item_add(
    *, actor: Actor, body: ForumBody, event: Event, title: str, description: str = ""
) -> AgendaItem:
    session = session_prepare(actor=actor, body=body, event=event)
    session = ForumSession.objects.select_for_update().get(pk=session.pk)  # serialise positions
    last = session.agenda.aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem(session=session, position=last + 1, title=title, description=description)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="agenda_item.add",
        target=item,
        changes=diff({}, snapshot(item, ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: Actor,
    item: AgendaItem,
    title: str,
    description: str = "",
    resolution: str = "",
    resolution_kind: str = ResolutionKind.NONE,
    result: str = ItemResult.OPEN,
) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, ITEM_FIELDS)
    item.title, item.description = title, description
    item.resolution, item.resolution_kind, item.result = resolution, resolution_kind, result
    if item.resolution_kind and not item.resolution.strip():
        raise ValidationError(_("Write down the resolution, or choose “No resolution”."))
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="agenda_item.update",
        target=item,
        changes=diff(before, snapshot(item, ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, offset: int) -> AgendaItem:
    """Swap an item with its neighbour (offset -1 = up, +1 = down)."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    items = list(item.session.agenda.select_for_update().order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items):
        return item
    other = items[target]
    # Positions are unique, so the swap parks the item at 0 (never a real position).
    mine, theirs = item.position, other.position
    item.position = 0
    item.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    audit_record(
        actor=actor,
        action="agenda_item.move",
        target=item,
        changes={"position": [other.position, item.position]},
    )
    return item
