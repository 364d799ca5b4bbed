"""The audit log: one append-only row per write, with the actor, the action
(`<entity>.<action>`), the target and the changed fields (personal values redacted), and
where it came from (page, API, command)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.audit.context import Channel


class AuditEntryQuerySet(models.QuerySet):
    def for_target(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))

    def by_actor(self, text: str) -> AuditEntryQuerySet:
        """Entries whose actor's current username, or system label, contains `text`."""
        return self.filter(
            models.Q(actor__username__icontains=text) | models.Q(actor_label__icontains=text)
        )

    def between(self, start: date | None, end: date | None) -> AuditEntryQuerySet:
        """Entries from the start of day `start` to the end of day `end` (local time)."""
        qs = self
        if start is not None:
            qs = qs.filter(at__gte=_midnight(start))
        if end is not None:
            qs = qs.filter(at__lt=_midnight(end + timedelta(days=1)))
        return qs


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditEntry(models.Model):
    """One write, who did it and what changed. Append-only: triggers refuse UPDATE and DELETE."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        # The log outlives accounts: no cascade, no SET NULL (that would be an UPDATE).
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, db_index=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Blank: entries written before the channel was kept (the log cannot be back-filled).
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    #: The page's view name, the API token's "id:prefix" or the command's name.
    channel_detail = models.CharField(_("channel detail"), max_length=100, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=[*Channel.values, ""]),
                name="audit_entry_channel_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    @property
    def actor_name(self) -> str:
        """The actor's current username (pseudonymised after erasure), else the label."""
        try:
            actor = self.actor
        except models.ObjectDoesNotExist:  # the account was deleted; the log outlives it
            actor = None
        return actor.get_username() if actor is not None else self.actor_label
