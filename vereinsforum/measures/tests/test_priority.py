"""A measure's priority: the best place among its fields in its poll, checked against weights
computed by hand."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from vereinsforum.forum.models import PollMethod
from vereinsforum.forum.services import ballots, polls
from vereinsforum.forum.tests.conftest import ranked_choices
from vereinsforum.lib.actors import TEST
from vereinsforum.measures.models import Measure
from vereinsforum.measures.services import measure_update

pytestmark = pytest.mark.django_db

KEYS = [
    "bookkeeping",
    "public_relations",
    "project_work",
    "pc_skills",
    "work_organisation",
    "premises",
    "rhetoric",
]


def points(poll, **by_key):
    options = {o.field.key: o for o in poll.options.select_related("field")}
    return {str(options[key].pk): value for key, value in by_key.items()}


@pytest.fixture
def dots_poll(make_poll, member, other_member, association, other_association):
    """Two ballots of 5 points: bookkeeping 3 + PR 2, and PR 3 + project work 2.
    By hand: PR 5/10, bookkeeping 3/10, project work 2/10, the other four 0 and tied 4th."""
    poll = make_poll(PollMethod.DOTS)
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=points(poll, bookkeeping=3, public_relations=2),
    )
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=other_association,
        choices=points(poll, public_relations=3, project_work=2),
    )
    return polls.poll_close(actor=TEST, poll=poll)


def _with_poll(measure, poll):
    measure_update(
        actor=TEST,
        measure=measure,
        kind=measure.kind,
        title=measure.title,
        fields=list(measure.fields.all()),
        poll=poll,
    )
    return Measure.objects.get(pk=measure.pk)


@pytest.mark.parametrize(
    ("keys", "rank", "weight", "field"),
    [
        (["public_relations", "bookkeeping"], 1, 0.5, "public_relations"),
        (["bookkeeping", "project_work"], 2, 0.3, "bookkeeping"),
        (["project_work"], 3, 0.2, "project_work"),
        (["rhetoric", "premises"], 4, 0.0, None),  # tied fourth: either field
    ],
)
def test_priority_of_a_dots_poll(dots_poll, make_measure, keys, rank, weight, field):
    measure = _with_poll(make_measure(keys=keys), dots_poll)
    priority = measure.priority()
    assert priority.rank == rank
    assert priority.weight == pytest.approx(weight)
    assert priority.percent == pytest.approx(100 * weight)
    assert priority.options == 7
    assert priority.poll == dots_poll
    if field:
        assert priority.field.key == field
    annotated = Measure.objects.with_priority().get(pk=measure.pk)
    assert (annotated.priority_rank, annotated.priority_weight) == (rank, pytest.approx(weight))


def test_priority_of_a_schulze_poll_is_the_rank_order_centroid_weight(
    make_poll, member, association, make_measure, session_event
):
    """One ballot ranking all seven fields strictly: Schulze follows it, and the ROC weight
    of place k of 7 is (1/7)·Σ_{i=k..7} 1/i: 363/980 for the first, 223/980 for the second."""
    poll = make_poll(PollMethod.SCHULZE, session=None)
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, *KEYS)
    )
    poll = polls.poll_close(actor=TEST, poll=poll)
    by_hand = [sum(Fraction(1, i) for i in range(k, 8)) / 7 for k in range(1, 8)]
    assert by_hand[0] == Fraction(363, 980)
    assert by_hand[1] == Fraction(223, 980)
    for place, key in enumerate(KEYS, start=1):
        measure = _with_poll(make_measure(title=key, keys=[key, "rhetoric"]), poll)
        priority = measure.priority()
        assert priority.rank == place
        assert priority.weight == pytest.approx(float(by_hand[place - 1]))
        assert priority.field.key == key


def test_no_priority_without_a_counted_poll_and_measures_order_by_priority(
    dots_poll, make_measure, programme
):
    none = make_measure(title="ohne")
    assert none.priority() is None
    third = _with_poll(make_measure(title="dritte", keys=["project_work"]), dots_poll)
    first = _with_poll(make_measure(title="erste", keys=["public_relations"]), dots_poll)
    second = _with_poll(make_measure(title="zweite", keys=["bookkeeping"]), dots_poll)
    ordered = list(Measure.objects.filter(programme=programme).by_priority())
    assert ordered == [first, second, third, none]


def test_the_detail_page_says_where_the_priority_comes_from(
    client, team_member, dots_poll, make_measure
):
    measure = _with_poll(
        make_measure("Kassenkurs", keys=["bookkeeping", "project_work"]), dots_poll
    )
    client.force_login(team_member)
    page = client.get(f"/massnahmen/{measure.pk}/").text
    assert "Place 2 of 7" in page or "Platz 2 von 7" in page
    assert re.search(r"30[,.]0\s%", page)  # bookkeeping's 3 of 10 points
    assert dots_poll.title in page
