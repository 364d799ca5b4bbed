"""Measures: what the programme does about the needs the forum weighted.

A measure serves one or more fields and is of one kind (a training, a working group, a
guide, …). Where it came from is kept: the forum resolution (agenda item) that decided it
and the poll whose weights gave it its priority. Its parts (events, a working group's tasks,
a guide) live in their own apps and point here; `measures.progress` adds them up through
the apps' `measure_progress_parts` hooks, so this app imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


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


#: Where a measure may go next. Done and dropped are final; dropped is reachable from every
#: other status (a measure can be given up at any stage, and the timeline says when).
TRANSITIONS: dict[MeasureStatus, tuple[MeasureStatus, ...]] = {
    MeasureStatus.IDEA: (MeasureStatus.PLANNED, MeasureStatus.DROPPED),
    MeasureStatus.PLANNED: (MeasureStatus.SCHEDULED, MeasureStatus.DROPPED),
    MeasureStatus.SCHEDULED: (MeasureStatus.RUNNING, MeasureStatus.DROPPED),
    MeasureStatus.RUNNING: (MeasureStatus.DONE, MeasureStatus.DROPPED),
    MeasureStatus.DONE: (),
    MeasureStatus.DROPPED: (),
}
FINAL = (MeasureStatus.DONE, MeasureStatus.DROPPED)


@dataclass(frozen=True)
class Priority:
    """A measure's priority: the best place any of its fields took in its poll."""

    poll: Any
    field: Any
    rank: int
    weight: float | None
    options: int

    @property
    def session_date(self) -> date | None:
        if self.poll.session_id is None:
            return None
        return timezone.localdate(self.poll.session.event.start)

    @property
    def percent(self) -> float | None:
        return None if self.weight is None else 100 * self.weight


class MeasureQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> MeasureQuerySet:
        from vereinsforum.measures.scoping import measure_filter

        return self.filter(measure_filter(user, action))

    def with_priority(self) -> MeasureQuerySet:
        """Annotate `priority_rank` and `priority_weight`: of the options of the measure's
        poll that stand for one of its fields, the best placed (the highest weight among
        equal places). None when the measure has no poll or the poll none of its fields."""
        from vereinsforum.forum.models import PollOption

        best = PollOption.objects.filter(
            poll_id=OuterRef("poll_id"),
            field_id__in=Measure.fields.through.objects.filter(
                measure_id=OuterRef(OuterRef("pk"))
            ).values("field_id"),
            rank__isnull=False,
        ).order_by("rank", F("weight").desc(nulls_last=True), "position")
        return self.annotate(
            priority_rank=Subquery(best.values("rank")[:1]),
            priority_weight=Subquery(best.values("weight")[:1]),
        )

    def by_priority(self) -> MeasureQuerySet:
        return self.with_priority().order_by(
            F("priority_rank").asc(nulls_last=True),
            F("priority_weight").desc(nulls_last=True),
            "pk",
        )


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

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["programme", "pk"]
        indexes = [models.Index(fields=["programme", "status"], name="measure_programme_status")]
        constraints = [
            models.CheckConstraint(
                name="measure_start_before_end",
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(start__lte=F("end")),
                violation_error_message=_("The planned end cannot lie before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    def next_statuses(self) -> tuple[MeasureStatus, ...]:
        return TRANSITIONS[MeasureStatus(self.status)]

    def priority(self) -> Priority | None:
        """Where the measure's priority comes from: its poll, the best placed of its fields
        there, that place and weight. None without a counted poll over its fields."""
        poll = self.poll
        if poll is None or poll.counted_at is None:
            return None
        field_ids = [f.pk for f in self.fields.all()]
        options = list(poll.options.select_related("field"))
        own = [(o.rank, o) for o in options if o.field_id in field_ids and o.rank is not None]
        if not own:
            return None
        rank, best = min(
            own, key=lambda pair: (pair[0], -(pair[1].weight or 0.0), pair[1].position)
        )
        return Priority(
            poll=poll,
            field=best.field,
            rank=rank,
            weight=best.weight,
            options=len(options),
        )


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
        constraints = [
            models.CheckConstraint(
                name="measure_status_change_changes",
                condition=~Q(status=F("previous_status")),
            ),
        ]
