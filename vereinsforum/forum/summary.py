"""What the forum says about a programme, for the status report (contract in CONTRACTS.md).

Everything is read from the rows at call time; `as_of` cuts off what happened later:
sessions count by their start (and whether they had been cancelled by then), polls by their
session's day (or their opening), their result by the day of the count, a drawing of lots
by the day it was drawn, resolutions by the day of their session.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from matplotlib.axes import Axes

from vereinsforum.events.summary import forum_sessions
from vereinsforum.forum.models import AgendaItem, Poll, ResolutionKind
from vereinsforum.lib import charts
from vereinsforum.lib.as_of import cutoff
from vereinsforum.lib.numbers import percent
from vereinsforum.programmes.models import Programme


def _day(value) -> date:
    return timezone.localdate(value)


def _session_day(poll: Poll) -> date | None:
    # A poll without a session reads None without a query (Django skips a null key).
    return _day(poll.session.event.start) if poll.session is not None else None


def _poll_day(poll: Poll) -> date:
    return _session_day(poll) or _day(poll.opens_at)


def _places_as_of(poll: Poll, as_of: date | None) -> dict[int, int] | None:
    """{option id: place} as the count left it, while a later drawing of lots had not yet
    ordered its ties; None when the stored places stand (no draw, or drawn by `as_of`)."""
    draw = getattr(poll, "tie_draw", None)
    if draw is None or as_of is None or _day(draw.drawn_at) <= as_of:
        return None
    ids = poll.tally["option_ids"]
    places, place = {}, 1
    for group in poll.tally["tallies"][poll.tally["official"]]["ranking"]:
        for index in group:
            places[ids[index]] = place
        place += len(group)
    return places


def forum_summary(programme: Programme, *, as_of: date | None = None) -> dict[str, Any]:
    session_events = list(forum_sessions(programme, as_of=as_of))
    sessions = [
        {
            "event": event,
            "date": _day(event.start),
            "number": number,
            "held": as_of is None or _day(event.start) <= as_of,
        }
        for number, event in enumerate(session_events, start=1)
    ]
    polls = []
    for poll in (
        Poll.objects.filter(body__programme=programme)
        .select_related("session__event", "tie_draw")
        .prefetch_related("options__field")
        .order_by("opens_at", "pk")
    ):
        if as_of is not None and _poll_day(poll) > as_of:
            continue
        closed = poll.is_counted and (as_of is None or _day(poll.counted_at) <= as_of)
        ranking: list[dict[str, Any]] = []
        if closed:
            places = _places_as_of(poll, as_of)
            for option in poll.ranked_options():
                ranking.append(
                    {
                        "name": option.label,
                        "key": option.field.key if option.field is not None else None,
                        "weight": option.weight or 0.0,
                        "rank": places[option.pk] if places else option.rank,
                    }
                )
            ranking.sort(key=lambda row: row["rank"])
        polls.append(
            {
                "poll": poll,
                "title": poll.title,
                "session_date": _session_day(poll),
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
                # The report leaves out a resolution its priorities paragraph already tells
                # (the agenda item a counted poll belongs to).
                "agenda_item_id": item.pk,
                "title": item.title,
                "text": item.resolution,
                "kind": kind if kind in {"working_group", "guide", "training"} else "other",
            }
        )
    return {"sessions": sessions, "polls": polls, "resolutions": resolutions}


def latest_counted_poll(programme: Programme, *, as_of: date | None = None) -> Poll | None:
    polls = Poll.objects.filter(body__programme=programme, counted_at__isnull=False)
    if as_of is not None:
        polls = polls.filter(counted_at__lt=cutoff(as_of))
    return polls.order_by("-counted_at", "-pk").first()


def forum_weights_chart(
    programme: Programme, *, as_of: date | None = None, formats: tuple[str, ...] = ("png",)
) -> charts.Chart | None:
    """Bar chart of the weights of the latest poll counted by `as_of`, or None.

    It is drawn for the council paper, which is German whatever language the drafting user
    reads: its words are German, not translated, and its numbers are "41,3 %"."""
    poll = latest_counted_poll(programme, as_of=as_of)
    if poll is None:
        return None
    options = [o for o in poll.ranked_options() if o.weight is not None]
    if not options:
        return None
    places = _places_as_of(poll, as_of)
    if places:
        for option in options:
            option.rank = places[option.pk]
        options.sort(key=lambda o: (o.rank, o.position))
    names = [f"{o.rank}. {o.label}" for o in options]
    weights = [(o.weight or 0.0) * 100 for o in options]

    def plot(ax: Axes) -> None:
        labels, values = names[::-1], weights[::-1]
        ax.barh(range(len(options)), values, color=charts.ACCENT, height=0.6)
        ax.set_yticks(range(len(options)), labels)
        for y, value in enumerate(values):
            ax.text(value + 0.5, y, percent(value, 1, "de"), va="center", fontsize=9)
        ax.xaxis.set_major_formatter(charts.tick_formatter(0, "de"))
        ax.set_xlabel("Gewicht in %")
        ax.set_title(poll.title)

    values = "; ".join(f"{n}: {percent(w, 1, 'de')}" for n, w in zip(names, weights, strict=True))
    return charts.draw(
        plot,
        size=(7, 0.45 * len(options) + 1.2),
        title=poll.title,
        alt=f"Balkendiagramm: Gewichtung der Themenfelder durch das Forum der Vereine. {values}.",
        table=charts.DataTable(
            caption=f"Gewichtung: {poll.title}",
            columns=("Themenfeld", "Gewicht in %"),
            rows=tuple(zip(names, weights, strict=True)),
            decimals=1,
            language="de",
        ),
        formats=formats,
        language="de",
    )


def forum_weights_chart_png(programme: Programme, *, as_of: date | None = None) -> bytes | None:
    """The weights chart as a PNG for the council paper (the reports app's contract), or None."""
    chart = forum_weights_chart(programme, as_of=as_of)
    return chart.png if chart else None
