"""Turn a counted poll's stored tally into what the results page and projector show.

Indices in the tally are option positions in `tally["option_ids"]` order; here they become
option objects, so templates never deal with numbers standing for options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vereinsforum.forum.models import Channel, Poll, PollMethod, PollOption


@dataclass
class Row:
    option: PollOption
    place: int
    score: float | None
    weight: float | None
    tied: bool
    supporters: int | None = None


@dataclass
class Pair:
    a: PollOption
    b: PollOption
    path: list[PollOption]
    strength: int
    reverse_path: list[PollOption]
    reverse_strength: int

    @property
    def beats(self) -> bool:
        return self.strength > self.reverse_strength


@dataclass
class Count:
    method: str
    label: str
    rows: list[Row]
    ties: list[list[PollOption]]
    official: bool
    matrix: list[tuple[PollOption, list[dict[str, Any]]]] = field(default_factory=list)
    paths: list[tuple[PollOption, list[int | None]]] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    condorcet_winner: PollOption | None = None


LABELS = {
    "schulze": PollMethod.SCHULZE.label,
    "borda": PollMethod.BORDA.label,
    "dots": PollMethod.DOTS.label,
    "approval": PollMethod.APPROVAL.label,
}


def _rows(options: list[PollOption], tally: dict, final_ranks: dict[int, int] | None) -> list[Row]:
    rows = []
    supporters = tally.get("explanation", {}).get("supporters")
    place = 1
    for group in tally["ranking"]:
        for index in group:
            rows.append(
                Row(
                    option=options[index],
                    place=place,
                    score=tally["scores"][index] if tally["scores"] else None,
                    weight=tally["weights"][index] if tally["weights"] else None,
                    tied=len(group) > 1,
                    supporters=supporters[index] if supporters else None,
                )
            )
        place += len(group)
    if final_ranks:
        rows.sort(key=lambda r: final_ranks[r.option.pk])
        for row in rows:
            row.place = final_ranks[row.option.pk]
    return rows


def explain(poll: Poll) -> dict[str, Any]:
    by_id = {o.pk: o for o in poll.options.select_related("field")}
    options = [by_id[pk] for pk in poll.tally["option_ids"]]
    has_draw = hasattr(poll, "tie_draw")
    # After a draw every option has its place.
    final_ranks = {o.pk: o.rank for o in options if o.rank is not None} if has_draw else None
    counts = []
    for name, tally in poll.tally["tallies"].items():
        official = name == poll.tally["official"]
        count = Count(
            method=name,
            label=LABELS.get(name, name),
            rows=_rows(options, tally, final_ranks if official else None),
            ties=[[options[i] for i in group] for group in tally["ties"]],
            official=official,
        )
        detail = tally.get("explanation", {})
        if name == "schulze":
            d, margins, p = detail["d"], detail["margins"], detail["p"]
            count.matrix = [
                (
                    options[a],
                    [
                        {"d": d[a][b], "margin": margins[a][b], "self": a == b}
                        for b in range(len(options))
                    ],
                )
                for a in range(len(options))
            ]
            count.paths = [
                (options[a], [None if a == b else p[a][b] for b in range(len(options))])
                for a in range(len(options))
            ]
            count.pairs = [
                Pair(
                    a=options[pair["a"]],
                    b=options[pair["b"]],
                    path=[options[i] for i in pair["path"]],
                    strength=pair["strength"],
                    reverse_path=[options[i] for i in pair["reverse_path"]],
                    reverse_strength=pair["reverse_strength"],
                )
                for pair in detail["pairs"]
            ]
            winner = detail.get("condorcet_winner")
            count.condorcet_winner = options[winner] if winner is not None else None
        counts.append(count)
    counts.sort(key=lambda c: not c.official)
    return {
        "options": options,
        "counts": counts,
        "official": counts[0],
        "ballots": poll.tally["ballots"],
        "eligible": poll.eligible,
        "quorum_required": poll.quorum_required,
        "quorum_reached": poll.quorum_reached,
        "unresolved_ties": bool(counts[0].ties) and not has_draw,
    }


def describe_ballot(poll: Poll, labels: dict[str, str], choices: dict) -> str:
    """One line for an open ballot: “1. A, B (tied) · 2. C” or “A: 3, B: 2” or “A, C”."""
    if poll.is_ranked:
        parts = []
        for place, group in enumerate(choices["ranking"], start=1):
            names = ", ".join(labels[k] for k in group)
            if len(group) > 1:
                names = _("%(names)s (tied)") % {"names": names}
            parts.append(f"{place}. {names}")
        return " · ".join(parts)
    if poll.method == PollMethod.DOTS:
        return " · ".join(f"{labels[k]}: {v}" for k, v in choices["points"].items())
    return ", ".join(labels[k] for k in choices["approved"])


def open_ballots(poll: Poll) -> list[tuple[Any, str]]:
    """(association, its ballot in words) for an open poll; empty for a secret one."""
    if poll.secret:
        return []
    labels = {str(o.pk): str(o) for o in poll.options.all()}
    return [
        (ballot.organisation, describe_ballot(poll, labels, ballot.choices))
        for ballot in poll.ballots.select_related("organisation").order_by("organisation__name")
    ]


def voter_items(poll: Poll) -> SafeString:
    """The associations that voted, as the list's items (`<li><bdi>name</bdi></li>`, "paper
    ballot" after those entered by staff), in name order. Built in one pass: a state's poll
    has a thousand voters, and a template loop over them cost 40 ms of the page."""
    paper = format_html(" ({})", _("paper ballot"))
    rows = poll.voters.order_by("organisation__name", "pk").values_list(
        "organisation__name", "channel"
    )
    return format_html_join(
        "\n",
        "<li><bdi>{}</bdi>{}</li>",
        ((name, paper if channel == Channel.PAPER else "") for name, channel in rows),
    )
