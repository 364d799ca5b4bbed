"""Writes for working groups: forming and changing a group, its members, meetings, tasks and
documents. Each records an audit entry by the row's label, never its text: titles and the
mandate may name people, and the log is append-only."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.events.models import Audience, Event, EventKind, Location
from vereinsforum.events.services.administration import event_create
from vereinsforum.events.services.invitations import INVITABLE_KINDS
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.measures.models import Measure
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.programmes.models import Field, Programme
from vereinsforum.workinggroups.models import (
    Document,
    Membership,
    Task,
    TaskStatus,
    WorkingGroup,
)
from vereinsforum.workinggroups.uploads import checked_upload

GROUP_FIELDS = ("name", "mandate", "lead", "formed_on", "ended_on", "measure")
TASK_FIELDS = ("title", "owner", "due_on")


def _group_errors(group: WorkingGroup, fields: list[Field]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not group.name.strip():
        errors["name"] = [_("Please give the working group a name.")]
    if group.ended_on and group.formed_on and group.ended_on < group.formed_on:
        errors["ended_on"] = [_("A working group cannot end before it was formed.")]
    if group.measure is not None and group.measure.programme_id != group.programme_id:
        errors["measure"] = [_("Choose a measure of this programme.")]
    if any(f.programme_id != group.programme_id for f in fields):
        errors["fields"] = [_("Choose only fields of this programme.")]
    if group.lead is not None and group.lead.pseudonymised_at:
        errors["lead"] = [_("An erased person cannot lead a group.")]
    return errors


@transaction.atomic
def working_group_create(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    formed_on: date,
    mandate: str = "",
    lead: Person | None = None,
    fields: Iterable[Field] = (),
    measure: Measure | None = None,
) -> WorkingGroup:
    fields = list(fields)
    group = WorkingGroup(
        programme=programme,
        name=name.strip(),
        mandate=mandate.strip(),
        lead=lead,
        formed_on=formed_on,
        measure=measure,
    )
    errors = _group_errors(group, fields)
    if errors:
        raise ValidationError(errors)
    group.save()
    group.fields.set(fields)
    audit_record(actor=actor, action="working_group.create", target=group)
    return group


@transaction.atomic
def working_group_update(
    *,
    actor: Actor,
    group: WorkingGroup,
    name: str,
    formed_on: date,
    mandate: str = "",
    lead: Person | None = None,
    fields: Iterable[Field] = (),
    measure: Measure | None = None,
    ended_on: date | None = None,
) -> WorkingGroup:
    fields = list(fields)
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    before = snapshot(group, GROUP_FIELDS)
    before_fields = sorted(group.fields.values_list("pk", flat=True))
    group.name = name.strip()
    group.mandate = mandate.strip()
    group.lead = lead
    group.formed_on = formed_on
    group.ended_on = ended_on
    group.measure = measure
    errors = _group_errors(group, fields)
    if errors:
        raise ValidationError(errors)
    group.save()
    group.fields.set(fields)
    # The name is typed in like the mandate and erasure may blank it (texts_erase).
    changes = diff(before, snapshot(group, GROUP_FIELDS), personal=("name",))
    after_fields = sorted(f.pk for f in fields)
    if after_fields != before_fields:
        changes["fields"] = [before_fields, after_fields]
    if changes:
        audit_record(actor=actor, action="working_group.update", target=group, changes=changes)
    return group


# ---- members --------------------------------------------------------------------------------


@transaction.atomic
def membership_add(
    *,
    actor: Actor,
    group: WorkingGroup,
    person: Person,
    organisation: Organisation,
    joined_on: date | None = None,
) -> Membership:
    """A person joins for an association they hold a current role in on `joined_on`."""
    joined_on = joined_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if organisation.kind not in INVITABLE_KINDS:
        errors["organisation"] = [
            _("Only associations and migration services can be members of a working group.")
        ]
    elif (
        person.pseudonymised_at
        or not Person.objects.affiliated_with(organisation, on=joined_on)
        .filter(pk=person.pk)
        .exists()
    ):
        errors["person"] = [
            _("The person must hold a role in %(org)s on the day they join.")
            % {"org": organisation}
        ]
    if joined_on < group.formed_on:
        errors["joined_on"] = [_("Nobody can join before the group was formed.")]
    if group.memberships.filter(person=person, left_on__isnull=True).exists():
        errors["person"] = [_("This person is already a member of the group.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group, person=person, organisation=organisation, joined_on=joined_on
            )
    except IntegrityError as exc:  # the same person added twice at the same moment
        raise ValidationError(
            {"person": [_("This person is already a member of the group.")]}
        ) from exc
    audit_record(
        actor=actor,
        action="working_group.member_add",
        target=group,
        changes={"membership": [None, membership.pk], "organisation": [None, organisation.pk]},
    )
    return membership


@transaction.atomic
def membership_end(
    *, actor: Actor, membership: Membership, left_on: date | None = None
) -> Membership:
    """The member leaves; the row stays, so who worked in the group stays on record."""
    left_on = left_on or timezone.localdate()
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("This membership has already ended."))
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": [_("A member cannot leave before joining.")]})
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        action="working_group.member_remove",
        target=membership.group,
        changes={"membership": [membership.pk, None], "left_on": [None, left_on.isoformat()]},
    )
    return membership


# ---- meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    group: WorkingGroup,
    title: str,
    start: datetime,
    end: datetime,
    location: Location | None = None,
    description: str = "",
    at: datetime | None = None,
) -> Event:
    """A meeting is an event of its own kind, made by the events app's service. A meeting to
    come invites the member associations (so it shows in their calendars and they can
    register); one entered afterwards invites nobody."""
    now = at or timezone.now()
    associations = []
    if start > now:
        member_ids = group.current_memberships().values_list("organisation", flat=True)
        associations = list(Organisation.objects.filter(pk__in=member_ids))
    event = event_create(
        actor=actor,
        programme=group.programme,
        kind=EventKind.WORKING_GROUP,
        title=title,
        description=description,
        start=start,
        end=end,
        location=location,
        audience=Audience.CHOSEN,
        fields=list(group.fields.all()),
        associations=associations,
        at=at,
    )
    return meeting_link(actor=actor, group=group, event=event)


@transaction.atomic
def meeting_link(*, actor: Actor, group: WorkingGroup, event: Event) -> Event:
    """Count an existing event as a meeting of the group."""
    if event.programme_id != group.programme_id:
        raise ValidationError(_("The meeting must belong to the group's programme."))
    if group.meetings.filter(pk=event.pk).exists():
        return event
    group.meetings.add(event)
    audit_record(
        actor=actor,
        action="working_group.meeting_add",
        target=group,
        changes={"meeting": [None, event.pk]},
    )
    return event


# ---- tasks ----------------------------------------------------------------------------------


def _owner_errors(group: WorkingGroup, owner: Person | None) -> dict[str, list[str]]:
    if owner is None:
        return {}
    if owner.pk == group.lead_id or group.current_memberships().filter(person=owner).exists():
        return {}
    return {"owner": [_("A task belongs to the group's lead or one of its current members.")]}


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    group: WorkingGroup,
    title: str,
    owner: Person | None = None,
    due_on: date | None = None,
) -> Task:
    task = Task(group=group, title=title.strip(), owner=owner, due_on=due_on)
    errors = _owner_errors(group, owner)
    if not task.title:
        errors["title"] = [_("Please say what is to be done.")]
    if errors:
        raise ValidationError(errors)
    task.save()
    audit_record(actor=actor, action="task.create", target=task)
    return task


@transaction.atomic
def task_update(
    *,
    actor: Actor,
    task: Task,
    title: str,
    owner: Person | None = None,
    due_on: date | None = None,
) -> Task:
    task = Task.objects.select_for_update().select_related("group").get(pk=task.pk)
    before = snapshot(task, TASK_FIELDS)
    errors = _owner_errors(task.group, owner) if owner != task.owner else {}
    task.title, task.owner, task.due_on = title.strip(), owner, due_on
    if not task.title:
        errors["title"] = [_("Please say what is to be done.")]
    if errors:
        raise ValidationError(errors)
    task.save()
    # The title is free text that may name someone: the log says only that it changed.
    changes = diff(before, snapshot(task, TASK_FIELDS), personal=("title",))
    if changes:
        audit_record(actor=actor, action="task.update", target=task, changes=changes)
    return task


@transaction.atomic
def task_status_change(
    *, actor: Actor, task: Task, status: TaskStatus, on: date | None = None
) -> Task:
    """Set the status; done records the day it was done (today unless `on`), and a task
    opened again forgets it."""
    status = TaskStatus(status)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == status:
        return task
    before = task.status
    task.status = status
    task.done_on = (on or timezone.localdate()) if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "done_on", "modified"])
    audit_record(
        actor=actor,
        action="task.status_change",
        target=task,
        changes={"status": [before, status.value]},
    )
    return task


# ---- documents ------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *, actor: Actor, group: WorkingGroup, title: str, upload: UploadedFile
) -> Document:
    title = title.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Please give the document a title.")]
    try:
        content_type, content = checked_upload(upload)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    document = Document(
        group=group,
        title=title,
        filename=(upload.name or "document").rsplit("/", 1)[-1][-200:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user_of(actor),
    )
    document.file.save(upload.name or "document", ContentFile(content), save=False)
    # Should the row not be written, the file must not stay behind unreferenced.
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    audit_record(
        actor=actor,
        action="document.upload",
        target=document,
        changes={"sha256": [None, document.sha256], "size": [None, document.size]},
    )
    return document


@transaction.atomic
def document_delete(*, actor: Actor, document: Document) -> None:
    """Remove a document and its file (for instance when it holds someone's personal data
    that must go: see WorkinggroupsConfig.erase_person)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    audit_record(
        actor=actor,
        action="document.delete",
        target=document,
        changes={"sha256": [document.sha256, None]},
    )
    name = document.file.name
    storage = document.file.storage
    document.delete()
    if name:  # always: a document is saved with its file
        transaction.on_commit(lambda: storage.delete(name))


# ---- erasure --------------------------------------------------------------------------------

#: What replaces a name in a group's texts when the person is erased.
ERASED = "[…]"


def texts_erase(*, terms: list[str]) -> int:
    """Blank the erased person's name out of the group texts people type (mandates, task
    and document titles, document file names). Their rows stay: memberships, the lead and
    task owners point at the person, whose row reads "Erased person #id" from now on.
    The documents' contents are not searched (they are binary office files): staff delete a
    document that names the person (`document_delete`). Returns the rows changed."""
    changed = 0
    for term in terms:
        for model, names in (
            (WorkingGroup, ("name", "mandate")),
            (Task, ("title",)),
            (Document, ("title", "filename")),
        ):
            for name in names:
                for row in model.objects.filter(**{f"{name}__icontains": term}):
                    value = getattr(row, name)
                    setattr(row, name, _replace(value, term))
                    row.save(update_fields=[name])
                    changed += 1
    return changed


def _replace(text: str, term: str) -> str:
    lowered, needle = text.lower(), term.lower()
    out, start = [], 0
    while (found := lowered.find(needle, start)) != -1:
        out.append(text[start:found])
        out.append(ERASED)
        start = found + len(term)
    out.append(text[start:])
    return "".join(out)
