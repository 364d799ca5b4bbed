"""Forum polls: read as the forum pages allow (staff and association representatives), and
ballots cast by the delegate or deputy of a member association (`voting_membership`).

Secrecy: the API returns the count (places, scores, weights) once a poll is counted, and how
many ballots were cast; never a single ballot, and never which association voted how,
whether the poll is secret or not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from vereinsforum.accounts.scoping import get_for_user
from vereinsforum.api.core import Id, Line, PageParams, page_of, paginate
from vereinsforum.forum.models import Poll, PollMethod
from vereinsforum.forum.scoping import may_read_forum, voting_membership
from vereinsforum.forum.services import ballots
from vereinsforum.lib.translated import translated

router = Router(tags=["forum"])


class OptionOut(Schema):
    id: int
    label: str


class PollOut(Schema):
    id: int
    title: str
    description: str
    method: PollMethod
    status: str = Field(description="scheduled, open, closed or counted")
    opens_at: datetime
    closes_at: datetime
    secret: bool
    changeable: bool
    points_per_ballot: int | None
    max_points_per_option: int | None
    options: list[OptionOut]
    ballots_cast: int
    may_vote: bool
    voted: bool = Field(description="Whether the account's own association has voted.")


class ResultOptionOut(Schema):
    id: int
    label: str
    rank: int | None
    score: float | None
    weight: float | None


class ResultsOut(Schema):
    poll: int
    status: str
    counted: bool
    ballots_cast: int
    eligible: int | None
    quorum_required: int | None
    quorum_reached: bool | None
    method: str | None
    options: list[ResultOptionOut]


class BallotIn(Schema):
    choices: dict[Line, int | bool] = Field(
        description=(
            "{option id: value}: a place (1 = best) for ranked polls, points for dot voting, "
            "true for each approved option."
        )
    )
    change_code: Line = Field("", max_length=100)


class BallotOut(Schema):
    poll: int
    cast: bool
    change_code: str = Field(
        "", description="Secret changeable polls only: the one handle to change the ballot."
    )


PollPage = page_of(PollOut, "PollPage")


def _require_reader(user) -> None:
    if not may_read_forum(user):
        raise PermissionDenied


def _polls():
    return Poll.objects.select_related("body")


def poll_out(poll: Poll, user, now: datetime) -> dict[str, Any]:
    membership = voting_membership(user, poll)
    voted = (
        membership is not None and poll.voters.filter(organisation=membership.organisation).exists()
    )
    return {
        "id": poll.pk,
        "title": translated(poll, "title"),
        "description": translated(poll, "description"),
        "method": poll.method,
        "status": poll.status(now),
        "opens_at": poll.opens_at,
        "closes_at": poll.closes_at,
        "secret": poll.secret,
        "changeable": poll.changeable,
        "points_per_ballot": poll.points_per_ballot,
        "max_points_per_option": poll.max_points_per_option,
        "options": [{"id": o.pk, "label": str(o)} for o in poll.options.all()],
        "ballots_cast": poll.voters.count(),
        "may_vote": bool(membership) and poll.is_open(now) and (not voted or poll.changeable),
        "voted": voted,
    }


@router.get("/polls", response=PollPage, summary="Polls")
def poll_list(request, params: Query[PageParams]):
    _require_reader(request.user)
    now = timezone.now()
    polls = _polls().for_user(request.user).order_by("-opens_at", "-pk")
    return paginate(request, polls, params, lambda p: poll_out(p, request.user, now))


@router.get("/polls/{pk}", response=PollOut, summary="One poll")
def poll_detail(request, pk: Id):
    _require_reader(request.user)
    poll = get_for_user(request.user, _polls(), pk=pk)
    return poll_out(poll, request.user, timezone.now())


@router.get("/polls/{pk}/results", response=ResultsOut, summary="A poll's result")
def poll_results(request, pk: Id):
    """The count once the poll is counted (before: how many ballots were cast, no places)."""
    _require_reader(request.user)
    poll = get_for_user(request.user, _polls(), pk=pk)
    counted = poll.is_counted
    return {
        "poll": poll.pk,
        "status": poll.status(),
        "counted": counted,
        "ballots_cast": poll.voters.count(),
        "eligible": poll.eligible,
        "quorum_required": poll.quorum_required,
        "quorum_reached": poll.quorum_reached,
        "method": poll.tally.get("official") if counted else None,
        "options": [
            {
                "id": o.pk,
                "label": str(o),
                "rank": o.rank if counted else None,
                "score": o.score if counted else None,
                "weight": o.weight if counted else None,
            }
            for o in (poll.ranked_options() if counted else poll.options.all())
        ],
    }


@router.post("/polls/{pk}/ballots", response={201: BallotOut}, summary="Cast a ballot")
def ballot_new(request, pk: Id, data: BallotIn):
    """The delegate or deputy of a member association casts its ballot (or changes it, where
    the poll allows: in a secret poll with the change code returned by the first cast)."""
    _require_reader(request.user)
    poll = get_for_user(request.user, _polls(), pk=pk)
    membership = voting_membership(request.user, poll)
    if membership is None:
        raise PermissionDenied(
            _("Only the delegate or deputy of a member association may vote in this poll.")
        )
    change_code = ballots.ballot_cast(
        actor=request.user,
        poll=poll,
        organisation=membership.organisation,
        choices=data.choices,
        change_key=data.change_code,
    )
    return Status(201, {"poll": poll.pk, "cast": True, "change_code": change_code})
