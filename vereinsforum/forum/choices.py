"""A ballot's choices: checked against the poll and stored as JSON.

Stored shapes (option keys are PollOption ids as strings):
- ranked: {"ranking": [["12", "15"], ["13"]]}  best group first, a group = tied options
- dots: {"points": {"12": 3, "13": 1}}         options without points are left out
- approval: {"approved": ["12", "14"]}

The count turns the stored shapes into arrays in `counting/official.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinsforum.forum.models import Poll, PollMethod, PollOption


def option_keys(options: Sequence[PollOption]) -> list[str]:
    """The keys a stored ballot uses for `options`: their ids as strings."""
    return [str(o.pk) for o in options]


def normalise(poll: Poll, options: Sequence[PollOption], raw: Mapping[str, Any]) -> dict:
    """Check raw choices ({option id: value}) for `poll` and return the stored shape."""
    keys = option_keys(options)
    unknown = {str(k) for k in raw} - set(keys)
    if unknown:
        raise ValidationError(_("The ballot names an option that is not part of this poll."))
    if poll.is_ranked:
        return _ranked(keys, raw)
    if poll.method == PollMethod.DOTS:
        return _dots(poll, keys, raw)
    return _approval(keys, raw)


def _int(value: Any, message: str) -> int | None:
    if value in (None, "", False):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(message) from exc


def _ranked(keys: list[str], raw: Mapping[str, Any]) -> dict:
    n = len(keys)
    by_rank: dict[int, list[str]] = {}
    for key in keys:
        rank = _int(raw.get(key), _("A place must be a whole number."))
        if rank is None:
            continue
        if not 1 <= rank <= n:
            raise ValidationError(
                _("A place must lie between 1 and %(n)s.") % {"n": n}, code="place_range"
            )
        by_rank.setdefault(rank, []).append(key)
    if not by_rank:
        raise ValidationError(_("Give at least one option a place."), code="empty")
    return {"ranking": [sorted(by_rank[r], key=keys.index) for r in sorted(by_rank)]}


def _dots(poll: Poll, keys: list[str], raw: Mapping[str, Any]) -> dict:
    max_per_option, per_ballot = poll.max_points_per_option, poll.points_per_ballot
    if max_per_option is None or per_ballot is None:
        raise ValueError("A dot-voting poll has its limits of points.")
    points: dict[str, int] = {}
    for key in keys:
        value = _int(raw.get(key), _("Points must be whole numbers."))
        if not value:
            continue
        if value < 0:
            raise ValidationError(_("Points cannot be negative."), code="negative")
        if value > max_per_option:
            raise ValidationError(
                ngettext(
                    "An option can get at most %(max)s point.",
                    "An option can get at most %(max)s points.",
                    max_per_option,
                )
                % {"max": max_per_option},
                code="max_per_option",
            )
        points[key] = value
    total = sum(points.values())
    if total > per_ballot:
        raise ValidationError(
            ngettext(
                "You have %(max)s point to give, not %(total)s.",
                "You have %(max)s points to give, not %(total)s.",
                per_ballot,
            )
            % {"max": per_ballot, "total": total},
            code="too_many_points",
        )
    if total == 0:
        raise ValidationError(_("Give at least one point."), code="empty")
    return {"points": points}


def _approval(keys: list[str], raw: Mapping[str, Any]) -> dict:
    approved = [k for k in keys if raw.get(k) not in (None, "", False, "0", 0)]
    if not approved:
        raise ValidationError(_("Approve at least one option."), code="empty")
    return {"approved": approved}


def as_form_values(poll: Poll, stored: dict) -> dict[str, Any]:
    """Stored choices back into {option id: value}, to prefill a changed ballot."""
    if poll.is_ranked:
        return {k: place for place, group in enumerate(stored["ranking"], 1) for k in group}
    if poll.method == PollMethod.DOTS:
        return dict(stored["points"])
    return dict.fromkeys(stored["approved"], True)
