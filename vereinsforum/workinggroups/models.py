"""Working groups: associations that work out something together for a measure.

A group has a mandate, a lead and members (a person for an association); it meets at events
of the events app (kind "working-group meeting"), keeps tasks and working documents. Who
sees a group is decided by its current members' associations (workinggroups/scoping.py).
"""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


class PrivateStorage(FileSystemStorage):
    """PRIVATE_ROOT, outside MEDIA_ROOT and without addresses: a working document is read
    only through the permission-checked download view. Under MEDIA_ROOT, runserver with
    DEBUG would have served it to anyone who had its name."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("working-group documents are served by workinggroups:document")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage


def random_name(instance: Document, filename: str) -> str:
    # Random and without the uploaded name: the name may say who it is about, and a guessable
    # path would be readable wherever MEDIA_ROOT is served (runserver with DEBUG).
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"workinggroups/{secrets.token_urlsafe(24)}{suffix}"


class WorkingGroupQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> WorkingGroupQuerySet:
        from vereinsforum.workinggroups.scoping import group_filter

        return self.filter(group_filter(user, action))


class WorkingGroup(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="working_groups",
    )
    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_groups",
    )
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    lead = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_working_groups",
    )
    fields = models.ManyToManyField(
        "programmes.Field", verbose_name=_("fields"), blank=True, related_name="working_groups"
    )
    formed_on = models.DateField(_("formed on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    meetings = models.ManyToManyField(
        "events.Event", verbose_name=_("meetings"), blank=True, related_name="working_groups"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["programme", "formed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="working_group_formed_before_ended",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("formed_on")),
                violation_error_message=_("A working group cannot end before it was formed."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def current_memberships(self, on: date | None = None) -> GroupMembershipQuerySet:
        return self.memberships.current(on)


class GroupMembershipQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> GroupMembershipQuerySet:
        from vereinsforum.workinggroups.scoping import group_part_filter

        return self.filter(group_part_filter(user, action))

    def current(self, on: date | None = None) -> GroupMembershipQuerySet:
        """Members on `on` (today by default): joined, and not left on or before it (leaving
        today takes effect at once, as an affiliation's end does)."""
        on = on or timezone.localdate()
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class Membership(models.Model):
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
    )
    #: The association the person sits in the group for: it is what gives access.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("for the association"),
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("working-group membership")
        verbose_name_plural = _("working-group memberships")
        ordering = ["group", "joined_on", "pk"]
        indexes = [
            # The scoping's EXISTS: "is this association a member of this group?"
            models.Index(fields=["organisation", "group"], name="wg_membership_org_group"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_on__isnull=True),
                name="wg_membership_one_open_per_person",
                violation_error_message=_("This person is already a member of the group."),
            ),
            models.CheckConstraint(
                name="wg_membership_joined_before_left",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class TaskQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> TaskQuerySet:
        from vereinsforum.workinggroups.scoping import group_part_filter

        return self.filter(group_part_filter(user, action))

    def done(self) -> TaskQuerySet:
        return self.filter(status=TaskStatus.DONE)


class Task(models.Model):
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_group_tasks",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["group", "due_on", "pk"]
        indexes = [models.Index(fields=["group", "status"], name="wg_task_group_status")]
        constraints = [
            # A done task says when; an open one does not keep an old date.
            models.CheckConstraint(
                name="wg_task_done_on_iff_done",
                condition=Q(status=TaskStatus.DONE, done_on__isnull=False)
                | (~Q(status=TaskStatus.DONE) & Q(done_on__isnull=True)),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != TaskStatus.DONE
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> DocumentQuerySet:
        from vereinsforum.workinggroups.scoping import group_part_filter

        return self.filter(group_part_filter(user, action))


class Document(models.Model):
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=random_name, storage=private_storage)
    #: The name the file is downloaded under (it is stored under a random one).
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("working-group document")
        verbose_name_plural = _("working-group documents")
        ordering = ["group", "-uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
