"""Writes for measures: create, change, move along the lifecycle, link events, and make the
measures a forum resolution decided.

A measure's timeline is its `StatusChange` rows; the first is its creation. Dates may lie in
the past (the programme's history is recorded after the fact), but never before the
previous step and never in the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.events.models import Event
from vereinsforum.forum.models import (
    AgendaItem,
    ItemResult,
    OptionSource,
    Poll,
    ResolutionKind,
)
from vereinsforum.lib.actors import Actor, SystemActor, user_of
from vereinsforum.measures.models import (
    FINAL,
    TRANSITIONS,
    Measure,
    MeasureKind,
    MeasureStatus,
    StatusChange,
)
from vereinsforum.measures.scoping import is_measure_staff
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.programmes.models import Field, Programme

MEASURE_FIELDS = (
    "kind",
    "title",
    "description",
    "fields",
    "responsible_organisation",
    "responsible_person",
    "poll",
    "target_participants",
    "target_associations",
    "feedback",
    "start",
    "end",
)
#: The statuses a measure may begin with: an idea, or planned (a forum resolution decides it).
INITIAL = (MeasureStatus.IDEA, MeasureStatus.PLANNED)

#: The kind of measure a kind of resolution suggests (keyed by the agenda item's column).
KIND_OF_RESOLUTION: dict[str, MeasureKind] = {
    ResolutionKind.TRAINING: MeasureKind.TRAINING,
    ResolutionKind.WORKING_GROUP: MeasureKind.WORKING_GROUP,
    ResolutionKind.GUIDE: MeasureKind.GUIDE,
    ResolutionKind.OTHER: MeasureKind.OTHER,
}


def _require_staff(actor: Actor) -> None:
    """Refuse unless `actor` may change measures: the programme's staff, or a command or the
    demo (a SystemActor). The pages check the same before they call a service."""
    if isinstance(actor, SystemActor):
        return
    if not is_measure_staff(user_of(actor)):
        raise PermissionDenied


def _snapshot(measure: Measure) -> dict[str, Any]:
    data = snapshot(measure, [name for name in MEASURE_FIELDS if name != "fields"])
    data["fields"] = sorted(measure.fields.values_list("pk", flat=True))
    return data


def _check_date(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("A status cannot be dated in the future.")})


def _check(measure: Measure, fields: Sequence[Field]) -> None:
    """What the columns cannot say: everything belongs to the measure's programme."""
    if not fields:
        raise ValidationError({"fields": _("A measure serves at least one field.")})
    if any(f.programme_id != measure.programme_id for f in fields):
        raise ValidationError({"fields": _("The fields must belong to the measure's programme.")})
    person, org = measure.responsible_person, measure.responsible_organisation
    if person is not None:
        if org is None:
            raise ValidationError(
                {"responsible_person": _("Name the responsible organisation first.")}
            )
        if not Person.objects.affiliated_with(org).filter(pk=person.pk).exists():
            raise ValidationError(
                {"responsible_person": _("The responsible person must belong to the organisation.")}
            )
    poll = measure.poll
    if poll is not None:
        if poll.body.programme_id != measure.programme_id:
            raise ValidationError({"poll": _("The poll belongs to another programme's forum.")})
        if poll.counted_at is None or poll.option_source != OptionSource.FIELDS:
            raise ValidationError(
                {"poll": _("Only a counted poll over the fields can give a measure its priority.")}
            )
    resolution = measure.resolution
    if resolution is not None and resolution.session.body.programme_id != measure.programme_id:
        raise ValidationError(_("The resolution belongs to another programme's forum."))


@transaction.atomic
def measure_create(
    *,
    actor: Actor,
    programme: Programme,
    kind: MeasureKind,
    title: str,
    fields: Sequence[Field],
    description: str = "",
    status: MeasureStatus = MeasureStatus.IDEA,
    on: date | None = None,
    note: str = "",
    responsible_organisation: Organisation | None = None,
    responsible_person: Person | None = None,
    resolution: AgendaItem | None = None,
    poll: Poll | None = None,
    target_participants: int | None = None,
    target_associations: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Measure:
    """Create a measure; its timeline begins with `status` (an idea or planned) on `on`."""
    _require_staff(actor)
    on = on or timezone.localdate()
    _check_date(on)
    if status not in INITIAL:
        raise ValidationError(
            {
                "status": _(
                    "A new measure is an idea or planned; later steps follow on its timeline."
                )
            }
        )
    measure = Measure(
        programme=programme,
        kind=kind,
        title=title.strip(),
        description=description,
        status=status,
        responsible_organisation=responsible_organisation,
        responsible_person=responsible_person,
        resolution=resolution,
        poll=poll,
        target_participants=target_participants,
        target_associations=target_associations,
        start=start,
        end=end,
    )
    measure.full_clean()
    fields = list(fields)
    _check(measure, fields)
    measure.save()
    measure.fields.set(fields)
    StatusChange.objects.create(
        measure=measure,
        status=status,
        previous_status="",
        on=on,
        note=note,
        changed_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action="measure.create",
        target=measure,
        changes={
            **diff({}, _snapshot(measure)),
            "status": [None, status],
            "resolution": [None, measure.resolution_id],
        },
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    actor: Actor,
    measure: Measure,
    kind: MeasureKind,
    title: str,
    fields: Sequence[Field],
    description: str = "",
    responsible_organisation: Organisation | None = None,
    responsible_person: Person | None = None,
    poll: Poll | None = None,
    target_participants: int | None = None,
    target_associations: int | None = None,
    feedback: str = "",
    start: date | None = None,
    end: date | None = None,
) -> Measure:
    """Change what a measure is; its status moves only through `measure_status_change`."""
    _require_staff(actor)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    before = _snapshot(measure)
    measure.kind, measure.title, measure.description = kind, title.strip(), description
    measure.responsible_organisation = responsible_organisation
    measure.responsible_person = responsible_person
    measure.poll = poll
    measure.target_participants = target_participants
    measure.target_associations = target_associations
    measure.feedback = feedback
    measure.start, measure.end = start, end
    measure.full_clean()
    fields = list(fields)
    _check(measure, fields)
    measure.save()
    measure.fields.set(fields)
    audit_record(
        actor=actor,
        action="measure.update",
        target=measure,
        changes=diff(before, _snapshot(measure)),
    )
    return measure


@transaction.atomic
def measure_status_change(
    *, actor: Actor, measure: Measure, status: MeasureStatus, on: date, note: str = ""
) -> StatusChange:
    """Move a measure one step along its lifecycle (or drop it), dated `on`."""
    _require_staff(actor)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    current = MeasureStatus(measure.status)
    if current in FINAL:
        raise ValidationError(
            _("The measure is “%(status)s”: its timeline has ended.") % {"status": current.label}
        )
    if status not in TRANSITIONS[current]:
        labels = [f"“{MeasureStatus(s).label}”" for s in TRANSITIONS[current]]
        allowed = labels[0]
        for label in labels[1:]:
            allowed = _("%(one)s or %(other)s") % {"one": allowed, "other": label}
        raise ValidationError(
            {
                "status": _("A measure that is “%(current)s” can only become %(allowed)s next.")
                % {"current": current.label, "allowed": allowed}
            }
        )
    _check_date(on)
    last = measure.timeline.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise ValidationError(
            {
                "on": _("The date cannot lie before the previous step (%(date)s).")
                % {"date": date_format(last.on, "SHORT_DATE_FORMAT")}
            }
        )
    change = StatusChange.objects.create(
        measure=measure,
        status=status,
        previous_status=current,
        on=on,
        note=note,
        changed_by=user_of(actor),
    )
    measure.status = status
    measure.save(update_fields=["status", "modified"])
    audit_record(
        actor=actor,
        action="measure.status_change",
        target=measure,
        changes={"status": [current.value, status], "on": [None, on.isoformat()]},
    )
    return change


@transaction.atomic
def measure_events_set(*, actor: Actor, measure: Measure, events: Sequence[Event]) -> Measure:
    """Link exactly `events` to the measure (its trainings, meetings, workshops)."""
    _require_staff(actor)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    events = list(events)
    if any(e.programme_id != measure.programme_id for e in events):
        raise ValidationError({"events": _("The events must belong to the measure's programme.")})
    before = sorted(measure.events.values_list("pk", flat=True))
    measure.events.set(events)
    after = sorted(e.pk for e in events)
    audit_record(
        actor=actor,
        action="measure.events_set",
        target=measure,
        changes={"events": [before, after]} if before != after else {},
    )
    return measure


# ---- from a forum resolution ----------------------------------------------------------------


@dataclass(frozen=True)
class MeasureDraft:
    """One measure a resolution decides, as the form (or the demo) describes it."""

    title: str
    kind: MeasureKind
    fields: Sequence[Field]
    description: str = ""
    responsible_organisation: Organisation | None = None
    responsible_person: Person | None = None
    target_participants: int | None = None
    target_associations: int | None = None
    start: date | None = None
    end: date | None = None
    events: Sequence[Event] = field(default_factory=tuple)


def resolution_poll(item: AgendaItem) -> Poll | None:
    """The poll whose weights rank what a resolution decides: the forum's latest poll over
    the fields counted by the end of the resolution's session."""
    return (
        Poll.objects.filter(
            body_id=item.session.body_id,
            option_source=OptionSource.FIELDS,
            counted_at__isnull=False,
            counted_at__lte=item.session.event.end,
        )
        .order_by("-counted_at", "-pk")
        .first()
    )


def has_resolution(item: AgendaItem) -> bool:
    return bool(item.resolution_kind) and item.result == ItemResult.ADOPTED


@transaction.atomic
def measures_from_resolution(
    *,
    actor: Actor,
    agenda_item: AgendaItem,
    items: Sequence[MeasureDraft],
    status: MeasureStatus = MeasureStatus.PLANNED,
) -> list[Measure]:
    """Create the measures an adopted resolution decided, in one step: each points back to
    the resolution and to the poll that ranks it, and is planned on the session's day."""
    _require_staff(actor)
    item = AgendaItem.objects.select_related("session__event", "session__body__programme").get(
        pk=agenda_item.pk
    )
    if not has_resolution(item):
        raise ValidationError(_("Only an adopted resolution of the forum can decide measures."))
    if not items:
        raise ValidationError(_("Describe at least one measure."))
    programme = item.session.body.programme
    poll = resolution_poll(item)
    day = timezone.localdate(item.session.event.start)
    measures = []
    for draft in items:
        measure = measure_create(
            actor=actor,
            programme=programme,
            kind=draft.kind,
            title=draft.title,
            fields=draft.fields,
            description=draft.description,
            status=status,
            on=day,
            responsible_organisation=draft.responsible_organisation,
            responsible_person=draft.responsible_person,
            resolution=item,
            poll=poll,
            target_participants=draft.target_participants,
            target_associations=draft.target_associations,
            start=draft.start,
            end=draft.end,
        )
        if draft.events:
            measure_events_set(actor=actor, measure=measure, events=draft.events)
        measures.append(measure)
    return measures


def measure_poll_options(programme: Programme) -> list[tuple[str, str]]:
    """The options of a forum poll over measures: the programme's planned measures, as
    (label, reference) pairs (forum.services.poll_create's `referenced_options`)."""
    planned = Measure.objects.filter(programme=programme, status=MeasureStatus.PLANNED)
    return [(m.title, f"measure:{m.pk}") for m in planned.order_by("pk")]
