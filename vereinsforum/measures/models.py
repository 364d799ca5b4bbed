"""Measures: what the programme does about the needs the forum weighted.

A measure serves one or more fields and is of one kind (a training, a working group, a
guide, …). Where it came from is kept: the forum resolution (agenda item) that decided it
and the poll whose weights gave it its priority. Its parts (events, a working group's tasks,
a guide) live in their own apps and point here; `measures.progress` adds them up through
the apps' `measure_progress_parts` hooks, so this app imports none of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKING_GROUP = "working_group", _("Working group")
    WORKSHOP = "workshop", _("Workshop")
    GUIDE = "guide", _("Guide")
    COUNSELLING = "counselling", _("Counselling")
    OTHER = "other", _("Other")


class MeasureStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    SCHEDULED = "scheduled", _("Scheduled")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Measure(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    fields = models.ManyToManyField(
        "programmes.Field", verbose_name=_("fields"), related_name="measures"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.IDEA
    )
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_measures",
    )
    responsible_person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_measures",
    )
    # Where it came from: the resolution that decided it, the poll whose weights rank it.
    resolution = models.ForeignKey(
        "forum.AgendaItem",
        verbose_name=_("forum resolution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    poll = models.ForeignKey(
        "forum.Poll",
        verbose_name=_("prioritisation poll"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    # Targets, set when planning; outcomes are counted from the linked events where they can
    # be, and what cannot be counted (feedback) is entered.
    target_participants = models.PositiveIntegerField(
        _("target: participants"), null=True, blank=True
    )
    target_associations = models.PositiveIntegerField(
        _("target: associations reached"), null=True, blank=True
    )
    feedback = models.TextField(_("feedback"), blank=True)
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), blank=True, related_name="measures"
    )
    start = models.DateField(_("planned start"), null=True, blank=True)
    end = models.DateField(_("planned end"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["programme", "pk"]
        indexes = [models.Index(fields=["programme", "status"], name="measure_programme_status")]

    def __str__(self) -> str:
        return self.title


class StatusChange(models.Model):
    """One step on a measure's timeline (the first is its creation)."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="timeline"
    )
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices)
    previous_status = models.CharField(
        _("previous status"), max_length=12, choices=MeasureStatus.choices, blank=True
    )
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["measure", "on", "pk"]
