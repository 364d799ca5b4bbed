"""The chain of one field: need → priority → measures → outputs → reach.

Each link is read from the app that owns it: the need from the latest evaluated wave of the
needs analysis, the priority from the latest counted forum poll with an option for the
field, the measures and their progress from here, the outputs from the measures' events and
from whatever other apps contribute through their AppConfig's `measure_outputs(measures)`
hook (the guides app: published guides), the reach from the attendance at the measures'
events and, where two waves exist, from the change in need between them.

Privacy (as on the needs pages): need figures of a group of fewer than MIN_GROUP
associations are withheld from everyone but coordinators, and only coordinators see one
association's need. Who attended is counted; the names of the associations reached are for
staff only (`FieldTrace.associations` is filled only when asked for with `names=True`).

The counting functions take `as_of` so that the council report can ask them for a day in
the past (`accountability.measures_summary`); the pages ask for "now".
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

import numpy as np
from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from vereinsforum.events.models import Event, Registration, RegistrationStatus
from vereinsforum.lib.as_of import cutoff
from vereinsforum.measures.models import Measure, MeasureStatus
from vereinsforum.measures.progress import Progress, measure_progress
from vereinsforum.needs.evaluation import Evaluation, WaveData, may_see_aggregates
from vereinsforum.needs.models import HIGH_NEED, MIN_GROUP, Wave
from vereinsforum.needs.stored import stored_evaluation
from vereinsforum.organisations.models import OrganisationKind
from vereinsforum.programmes.models import Field

#: Statuses in which a measure has run (or is running): its events count as its outputs.
RAN = (MeasureStatus.RUNNING, MeasureStatus.DONE)
#: Statuses of a measure that is decided but has not begun.
PLANNED = (MeasureStatus.PLANNED, MeasureStatus.SCHEDULED)


# ---- status and events as of a day --------------------------------------------------------


def status_as_of(measure: Measure, as_of: date | None) -> str | None:
    """The measure's status at the end of `as_of` from its timeline (None: it did not exist
    yet). Without a date, its current status."""
    if as_of is None:
        return measure.status
    changes = [c for c in measure.timeline.all() if c.on <= as_of]
    if not changes:
        return None
    return max(changes, key=lambda c: (c.on, c.pk)).status


def status_since(measure: Measure, status: str, as_of: date | None) -> date | None:
    """The day the measure last entered `status` (by `as_of`)."""
    days = [
        c.on
        for c in measure.timeline.all()
        if c.status == status and (as_of is None or c.on <= as_of)
    ]
    return max(days) if days else None


def measure_events(measures: Any, *, as_of: date | None = None) -> QuerySet[Event]:
    """The events of `measures` that had not been cancelled by the end of `as_of`."""
    linked = Measure.events.through.objects.filter(measure__in=measures).values("event_id")
    events = Event.objects.filter(pk__in=linked)
    if as_of is None:
        return events.filter(cancelled_at__isnull=True)
    return events.filter(Q(cancelled_at__isnull=True) | Q(cancelled_at__gte=cutoff(as_of)))


def held_events(measures: Any, *, as_of: date | None = None) -> QuerySet[Event]:
    """Those of them that had begun by the end of `as_of` (by now)."""
    return measure_events(measures, as_of=as_of).filter(start__lt=cutoff(as_of))


def attendance(events: Any, *, as_of: date | None = None) -> QuerySet[Registration]:
    """Registrations checked in at `events` by the end of `as_of`; attendance recorded
    without a time counts from the event's start."""
    moment = cutoff(as_of)
    return Registration.objects.filter(
        event__in=events, status=RegistrationStatus.ATTENDED, event__start__lt=moment
    ).filter(Q(checked_in_at__lt=moment) | Q(checked_in_at__isnull=True))


@dataclass(frozen=True)
class Reach:
    events_held: int
    #: Distinct people checked in at one or more of the events.
    participants: int
    #: Check-ins (one person at three events counts three times).
    attendances: int
    organisation_ids: frozenset[int]

    @property
    def associations(self) -> int:
        return len(self.organisation_ids)


def reach(measures: Any, *, as_of: date | None = None) -> Reach:
    events = held_events(measures, as_of=as_of)
    rows = list(
        attendance(events, as_of=as_of).values_list(
            "person_id", "organisation_id", "organisation__kind"
        )
    )
    return Reach(
        events_held=events.count(),
        participants=len({person for person, _, _ in rows}),
        attendances=len(rows),
        # Associations reached: the migration services' staff at a workshop are people
        # reached, but the services are not the associations the programme is for.
        organisation_ids=frozenset(
            org for _, org, kind in rows if kind == OrganisationKind.ASSOCIATION
        ),
    )


# ---- outputs contributed by other apps ----------------------------------------------------


@dataclass(frozen=True)
class Output:
    """Something a measure produced that other apps hold (a published guide, …).

    The contract of the `measure_outputs(measures) -> list[Output-like]` hook: each item
    has `measure_id`, `title`, and optionally `kind` (translated label), `date` and `url`
    (a public page, or "")."""

    measure_id: int
    title: str
    kind: str = ""
    date: date | None = None
    url: str = ""
    #: Whether anyone may read it (a guide's visibility); others see it counted only.
    public: bool = True


def _as_output(item: Any) -> Output:
    """An `Output` from what a hook returns: an `Output`, or a model instance such as a
    published Guide (its verbose name, `published_at`, `get_absolute_url`, `visibility`)."""
    if isinstance(item, Output):
        return item
    moment = getattr(item, "date", None) or getattr(item, "published_at", None)
    if hasattr(moment, "hour"):
        moment = timezone.localdate(moment)
    url = getattr(item, "url", "") or ""
    if not url and hasattr(item, "get_absolute_url"):
        url = item.get_absolute_url()
    if not url and getattr(item, "slug", None):
        # The app's page of the object by its slug ("guides:detail"), where there is one.
        try:
            url = reverse(f"{item._meta.app_label}:detail", kwargs={"slug": item.slug})
        except NoReverseMatch:
            url = ""
    kind = getattr(item, "kind", "") or getattr(getattr(item, "_meta", None), "verbose_name", "")
    return Output(
        measure_id=item.measure_id,
        title=str(item.title),
        kind=str(kind),
        date=moment,
        url=url,
        public=getattr(item, "visibility", "public") == "public",
    )


def _published_guides(measures: Any) -> list[Output]:
    """Fallback while the guides app has no hook: its published guides, by the relation."""
    guide = apps.get_model("guides", "Guide")
    return [
        _as_output(g)
        for g in guide.objects.filter(measure__in=measures, status="published").order_by("pk")
    ]


def measure_outputs(measures: Any) -> list[Output]:
    """What other apps report as the outputs of `measures` (never the events: those are
    counted here)."""
    outputs: list[Output] = []
    hooked = False
    for config in apps.get_app_configs():
        hook = getattr(config, "measure_outputs", None)
        if hook is not None:
            hooked = hooked or config.label == "guides"
            outputs.extend(_as_output(item) for item in hook(measures))
    if not hooked and apps.is_installed("vereinsforum.guides"):
        outputs.extend(_published_guides(measures))
    return outputs


# ---- need and priority ----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldNeed:
    wave: Wave
    n: int
    share_high: float
    median: float
    rank: int
    fields: int


@dataclass(frozen=True)
class NeedChange:
    before: Wave
    after: Wave
    n_before: int
    n_after: int
    share_before: float
    share_after: float
    median_before: float
    median_after: float

    @property
    def share_delta(self) -> float:
        return self.share_after - self.share_before

    @property
    def share_before_pct(self) -> int:
        return round(100 * self.share_before)

    @property
    def share_after_pct(self) -> int:
        return round(100 * self.share_after)


@dataclass(frozen=True)
class ReachedChange:
    """The need of the associations reached, in both waves (only those that answered in
    both), with one row per association for coordinators."""

    n: int
    share_before: float
    share_after: float
    mean_before: float
    mean_after: float
    rows: tuple[tuple[str, int, int], ...] = ()

    @property
    def share_before_pct(self) -> int:
        return round(100 * self.share_before)

    @property
    def share_after_pct(self) -> int:
        return round(100 * self.share_after)


def _evaluated_waves(field_: Field) -> list[tuple[Wave, Evaluation]]:
    """The programme's waves with two or more complete interviews, latest first, with their
    stored evaluations (needs/stored.py: computed once per change of a wave's data, not on
    every request; each carries the arrays it was computed from)."""
    found = []
    waves = Wave.objects.filter(programme=field_.programme).select_related("instrument")
    for wave in waves.order_by("-period_start", "-pk"):
        evaluation = stored_evaluation(wave).evaluation
        if evaluation is not None and field_.key in evaluation.data.field_keys:
            found.append((wave, evaluation))
    return found


def _column(data: WaveData, key: str) -> np.ndarray:
    return data.need[:, data.field_keys.index(key)]


def field_need(field_: Field, waves: list[tuple[Wave, Evaluation]]) -> FieldNeed | None:
    if not waves:
        return None
    wave, evaluation = waves[0]
    data = evaluation.data
    column = _column(data, field_.key)
    rank = next((f.rank for f in evaluation.fields if f.key == field_.key), 0)
    return FieldNeed(
        wave=wave,
        n=data.n,
        share_high=float((column >= HIGH_NEED).mean()),
        median=float(np.median(column)),
        rank=rank,
        fields=len(data.field_keys),
    )


def need_change(field_: Field, waves: list[tuple[Wave, Evaluation]]) -> NeedChange | None:
    if len(waves) < 2:
        return None
    (after, new), (before, old) = waves[0], waves[1]
    a, b = _column(new.data, field_.key), _column(old.data, field_.key)
    return NeedChange(
        before=before,
        after=after,
        n_before=old.n,
        n_after=new.n,
        share_before=float((b >= HIGH_NEED).mean()),
        share_after=float((a >= HIGH_NEED).mean()),
        median_before=float(np.median(b)),
        median_after=float(np.median(a)),
    )


def reached_change(
    field_: Field, waves: list[tuple[Wave, Evaluation]], organisation_ids: frozenset[int]
) -> ReachedChange | None:
    if len(waves) < 2 or not organisation_ids:
        return None
    new, old = waves[0][1].data, waves[1][1].data
    after = dict(zip(new.organisation_ids, _column(new, field_.key), strict=True))
    before = dict(zip(old.organisation_ids, _column(old, field_.key), strict=True))
    names = dict(zip(new.organisation_ids, new.organisation_names, strict=True))
    both = sorted(organisation_ids & after.keys() & before.keys(), key=lambda o: names[o])
    if not both:
        return None
    b = np.array([before[o] for o in both])
    a = np.array([after[o] for o in both])
    return ReachedChange(
        n=len(both),
        share_before=float((b >= HIGH_NEED).mean()),
        share_after=float((a >= HIGH_NEED).mean()),
        mean_before=float(b.mean()),
        mean_after=float(a.mean()),
        rows=tuple((names[o], int(before[o]), int(after[o])) for o in both),
    )


@dataclass(frozen=True)
class Priority:
    poll: Any
    #: None where the poll left the field without a place.
    rank: int | None
    weight: float | None
    options: int

    @property
    def weight_pct(self) -> float | None:
        return None if self.weight is None else round(100 * self.weight, 1)


def field_priority(field_: Field, *, as_of: date | None = None) -> Priority | None:
    """The field's place in the latest poll counted (by `as_of`) that had it as an option."""
    from vereinsforum.forum.models import Poll

    polls = Poll.objects.filter(
        body__programme=field_.programme, counted_at__isnull=False, options__field=field_
    ).select_related("session__event")
    if as_of is not None:
        polls = polls.filter(counted_at__lt=cutoff(as_of))
    poll = polls.order_by("-counted_at", "-pk").first()
    if poll is None:
        return None
    options = list(poll.ranked_options())
    option = next(o for o in options if o.field_id == field_.pk)
    return Priority(poll=poll, rank=option.rank, weight=option.weight, options=len(options))


# ---- the page ---------------------------------------------------------------------------------


@dataclass
class MeasureRow:
    measure: Measure
    progress: Progress
    events_held: list[Event]
    events_planned: list[Event]
    outputs: list[Output]
    reach: Reach


@dataclass
class FieldTrace:
    field: Field
    need: FieldNeed | None
    #: The need figures are there but withheld (fewer than MIN_GROUP interviews).
    need_withheld: bool
    priority: Priority | None
    measures: list[MeasureRow]
    reach: Reach
    change: NeedChange | None
    reached_change: ReachedChange | None
    reached_change_withheld: bool
    #: Names of the associations reached (staff only; empty otherwise).
    associations: list[str] = dataclass_field(default_factory=list)
    min_group: int = MIN_GROUP


def field_trace(
    field_: Field, *, measures: QuerySet[Measure], privileged: bool, names: bool
) -> FieldTrace:
    """The chain for `field_` now, over `measures` (those the reader may see).

    `privileged` (coordinators) lifts the MIN_GROUP rule and shows each reached
    association's need; `names` (staff) lists the associations reached and the outputs
    that are not public."""
    chosen = list(
        measures.filter(fields=field_)
        .exclude(status=MeasureStatus.IDEA)
        .prefetch_related("events", "timeline")
        .order_by("pk")
    )
    outputs = measure_outputs(Measure.objects.filter(pk__in=[m.pk for m in chosen]))
    now = timezone.now()
    rows = []
    for measure in chosen:
        events = sorted(
            (e for e in measure.events.all() if e.cancelled_at is None), key=lambda e: e.start
        )
        rows.append(
            MeasureRow(
                measure=measure,
                progress=measure_progress(measure),
                events_held=[e for e in events if e.start < now],
                events_planned=[e for e in events if e.start >= now],
                outputs=[o for o in outputs if o.measure_id == measure.pk and (o.public or names)],
                reach=reach([measure]),
            )
        )
    total = reach(chosen)
    waves = _evaluated_waves(field_)
    need = field_need(field_, waves)
    need_shown = need is not None and may_see_aggregates(need.n, privileged=privileged)
    change = need_change(field_, waves)
    if change is not None and not privileged and min(change.n_before, change.n_after) < MIN_GROUP:
        change = None
    reached = reached_change(field_, waves, total.organisation_ids)
    reached_withheld = reached is not None and not may_see_aggregates(
        reached.n, privileged=privileged
    )
    if reached is not None and not privileged:
        reached = None if reached_withheld else ReachedChange(**{**reached.__dict__, "rows": ()})
    associations = []
    if names and total.organisation_ids:
        from vereinsforum.organisations.models import Organisation

        associations = list(
            Organisation.objects.filter(pk__in=total.organisation_ids)
            .order_by("name")
            .values_list("name", flat=True)
        )
    return FieldTrace(
        field=field_,
        need=need if need_shown else None,
        need_withheld=need is not None and not need_shown,
        priority=field_priority(field_),
        measures=rows,
        reach=total,
        change=change,
        reached_change=reached,
        reached_change_withheld=reached_withheld,
        associations=associations,
    )
