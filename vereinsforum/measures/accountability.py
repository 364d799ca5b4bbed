"""Accounting for the measures: the public page, and what the council report reads.

The public page (like Decidim's Accountability) lists the programme's decided measures by
field with their status and progress, each with where it came from: the forum session and
agenda item whose resolution decided it and the poll that weighted its field. The forum's
own pages are for its members; what the public may read of the forum is what OParl
publishes (its sessions as meetings, its agenda items with the resolution text), so the
links go there. Nothing names a person: not the responsible person, not who attended;
reach is counted.

`measures_summary(programme, as_of=…)` is the report's source (reports/drafting/ loads
it like the other apps' summaries): each measure's status as of the day from its
timeline, and for those that had run by then, their events held and whom they reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from vereinsforum.lib.as_of import cutoff
from vereinsforum.measures.models import Measure, MeasureStatus
from vereinsforum.measures.progress import Progress, measure_progress
from vereinsforum.measures.traceability import (
    PLANNED,
    RAN,
    Reach,
    held_events,
    measure_events,
    measure_outputs,
    reach,
    status_as_of,
    status_since,
)
from vereinsforum.programmes.models import Field, Programme


@dataclass
class PublicMeasure:
    measure: Measure
    progress: Progress
    reach: Reach
    #: The forum session (event) that decided it, and the agenda item; None when unknown.
    session_event: Any
    agenda_item: Any
    #: The poll that weighted it, and the session (event) it was held in.
    poll: Any
    poll_event: Any

    @property
    def session_url(self) -> str:
        return _oparl("meeting", self.session_event.pk) if self.session_event else ""

    @property
    def agenda_item_url(self) -> str:
        return _oparl("agendaitem", f"forum-{self.agenda_item.pk}") if self.agenda_item else ""

    @property
    def poll_session_url(self) -> str:
        return _oparl("meeting", self.poll_event.pk) if self.poll_event else ""


def _oparl(object_type: str, key: Any) -> str:
    return reverse("oparl:object", kwargs={"object_type": object_type, "key": str(key)})


@dataclass
class PublicField:
    field: Field
    measures: list[PublicMeasure]


def public_measures(programme: Programme) -> list[PublicField]:
    """The programme's decided measures (not mere ideas), under each of their fields."""
    measures = list(
        Measure.objects.filter(programme=programme)
        .exclude(status=MeasureStatus.IDEA)
        .select_related("resolution__session__event", "poll__session__event")
        .prefetch_related("fields")
        .order_by("pk")
    )
    rows = {}
    for m in measures:
        item = m.resolution
        poll = m.poll
        poll_session = poll.session if poll else None
        rows[m.pk] = PublicMeasure(
            measure=m,
            progress=measure_progress(m),
            reach=reach([m]),
            session_event=item.session.event if item else None,
            agenda_item=item,
            poll=poll,
            poll_event=poll_session.event if poll_session else None,
        )
    groups = []
    for f in programme.fields.order_by("position"):
        listed = [rows[m.pk] for m in measures if f in m.fields.all()]
        if listed:
            groups.append(PublicField(field=f, measures=listed))
    return groups


# ---- for the council report -------------------------------------------------------------------


def _day(moment) -> date:
    return timezone.localdate(moment)


def measures_summary(programme: Programme, *, as_of: date | None = None) -> dict | None:
    """The measures as they stood at the end of `as_of`; None while there were none.

    `ran`: measures running or done then, each with its events held by then and whom they
    reached (people checked in, their associations); `planned`: planned or scheduled, with
    their events still to come; `dropped`: dropped by then; `reach`: all that ran together
    (a person at two measures counts once).
    """
    measures = list(
        Measure.objects.filter(programme=programme)
        .prefetch_related("timeline", "fields")
        .order_by("pk")
    )
    rows: dict[str, list[dict]] = {"ran": [], "planned": [], "dropped": []}
    outputs = measure_outputs(Measure.objects.filter(programme=programme)) if measures else []
    ran = []
    for m in measures:
        status = status_as_of(m, as_of)
        if status is None or status == MeasureStatus.IDEA:
            continue
        row = {
            "measure": m,
            "title": m.title,
            "kind": m.kind,
            "status": status,
            "since": status_since(m, status, as_of),
            "fields": [f.key for f in m.fields.all()],
            "target_participants": m.target_participants,
            "target_associations": m.target_associations,
        }
        if status in RAN:
            r = reach([m], as_of=as_of)
            row.update(
                {
                    "events": [
                        {"event": e, "title": e.title, "date": _day(e.start)}
                        for e in held_events([m], as_of=as_of).order_by("start")
                    ],
                    "participants": r.participants,
                    "attendances": r.attendances,
                    "associations": r.associations,
                    # What other apps hold (a published guide), dated by the day.
                    "outputs": [
                        {"title": o.title, "date": o.date}
                        for o in outputs
                        if o.measure_id == m.pk
                        and o.date is not None
                        and (as_of is None or o.date <= as_of)
                    ],
                }
            )
            rows["ran"].append(row)
            ran.append(m)
        elif status in PLANNED:
            upcoming = measure_events([m], as_of=as_of).exclude(start__lt=cutoff(as_of))
            # Events held while the timeline still says planned: the record is behind.
            row["held"] = [
                {"event": e, "title": e.title, "date": _day(e.start)}
                for e in held_events([m], as_of=as_of).order_by("start")
            ]
            row["events"] = [
                {"event": e, "title": e.title, "date": _day(e.start)}
                for e in upcoming.order_by("start")
            ]
            rows["planned"].append(row)
        elif status == MeasureStatus.DROPPED:
            rows["dropped"].append(row)
    if not any(rows.values()):
        return None
    total = reach(ran, as_of=as_of) if ran else None
    return {
        **rows,
        "reach": {
            "events": total.events_held if total else 0,
            "participants": total.participants if total else 0,
            "associations": total.associations if total else 0,
        },
    }
