"""What the forum says about a programme, for the status report (contract in CONTRACTS.md).

Everything is read from the rows at call time; `as_of` cuts off what happened later.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import timezone

from vereinsforum.events.models import Event
from vereinsforum.forum.models import AgendaItem, Poll, ResolutionKind
from vereinsforum.programmes.models import Programme


def _day(value) -> date:
    return timezone.localdate(value)


def _poll_day(poll: Poll) -> date:
    return _day(poll.session.event.start) if poll.session_id else _day(poll.opens_at)


def forum_summary(programme: Programme, *, as_of: date | None = None) -> dict[str, Any]:
    sessions = [
        {
            "event": event,
            "date": _day(event.start),
            "number": number,
            "held": as_of is None or _day(event.start) <= as_of,
        }
        for number, event in enumerate(Event.objects.forum_sessions(programme), start=1)
    ]
    polls = []
    for poll in (
        Poll.objects.filter(body__programme=programme)
        .select_related("session__event")
        .prefetch_related("options__field")
        .order_by("opens_at", "pk")
    ):
        if as_of is not None and _poll_day(poll) > as_of:
            continue
        closed = poll.is_counted and (as_of is None or _day(poll.counted_at) <= as_of)
        ranking = []
        if closed:
            for option in poll.ranked_options():
                ranking.append(
                    {
                        "name": option.label,
                        "key": option.field.key if option.field_id else None,
                        "weight": option.weight or 0.0,
                        "rank": option.rank,
                    }
                )
        polls.append(
            {
                "poll": poll,
                "title": poll.title,
                "session_date": _day(poll.session.event.start) if poll.session_id else None,
                "method": poll.method,
                "closed": closed,
                "ranking": ranking,
            }
        )
    resolutions = []
    items = (
        AgendaItem.objects.filter(session__body__programme=programme)
        .exclude(resolution="")
        .select_related("session__event")
        .order_by("session__event__start", "position")
    )
    for item in items:
        day = _day(item.session.event.start)
        if as_of is not None and day > as_of:
            continue
        kind = item.resolution_kind or ResolutionKind.OTHER
        resolutions.append(
            {
                "session_date": day,
                "title": item.title,
                "text": item.resolution,
                "kind": kind if kind in {"working_group", "guide", "training"} else "other",
            }
        )
    return {"sessions": sessions, "polls": polls, "resolutions": resolutions}


def latest_counted_poll(programme: Programme) -> Poll | None:
    return (
        Poll.objects.filter(body__programme=programme, counted_at__isnull=False)
        .order_by("-counted_at", "-pk")
        .first()
    )


def forum_weights_chart_png(programme: Programme) -> bytes | None:
    """Bar chart of the weights of the latest counted poll (German labels), or None."""
    poll = latest_counted_poll(programme)
    if poll is None:
        return None
    options = [o for o in poll.ranked_options() if o.weight is not None]
    if not options:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 0.45 * len(options) + 1.2))
    labels = [f"{o.rank}. {o.label}" for o in options][::-1]
    values = [o.weight * 100 for o in options][::-1]
    ax.barh(range(len(options)), values, color="#1d4f91", height=0.6)
    ax.set_yticks(range(len(options)), labels)
    for y, value in enumerate(values):
        ax.text(value + 0.5, y, f"{value:.1f} %", va="center", fontsize=9)
    ax.set_xlabel("Gewicht in %")
    ax.set_title(poll.title)
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
