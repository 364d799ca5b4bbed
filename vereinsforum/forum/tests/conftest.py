"""Forum fixtures: a forum whose members are `association` (delegate: `representative`)
and `other_association` (delegate: `outsider`), and helpers to make polls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.models import PollMethod
from vereinsforum.forum.services import bodies, polls
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories


@pytest.fixture
def body(programme):
    return bodies.body_create(
        actor=TEST, programme=programme, name="Forum der Vereine", quorum_percent=50
    )


@pytest.fixture
def member(body, association, representative):
    deputy = factories.AffiliationFactory(organisation=association, role="treasurer").person
    return bodies.membership_add(
        actor=TEST,
        body=body,
        organisation=association,
        start=date(2007, 5, 31),
        delegate=representative.person,
        deputy=deputy,
    )


@pytest.fixture
def other_member(body, other_association, outsider):
    return bodies.membership_add(
        actor=TEST,
        body=body,
        organisation=other_association,
        start=date(2007, 5, 31),
        delegate=outsider.person,
    )


def _local_midnight():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture
def session_event(programme):
    # Started today (local time), also in the first hour after midnight.
    start = max(timezone.now() - timedelta(hours=1), _local_midnight())
    return Event.objects.create(
        programme=programme,
        kind=EventKind.FORUM_SESSION,
        title="1. Sitzung",
        start=start,
        end=start + timedelta(hours=3),
    )


@pytest.fixture
def make_poll(body):
    def make(method=PollMethod.SCHULZE, *, secret=True, changeable=False, open_now=True, **extra):
        now = timezone.now()
        # Opened today (local time), also in the first minutes after midnight: the members of
        # the day it opens vote.
        opens = (
            max(now - timedelta(minutes=5), _local_midnight())
            if open_now
            else now + timedelta(hours=1)
        )
        if method == PollMethod.DOTS:
            extra.setdefault("points_per_ballot", 5)
            extra.setdefault("max_points_per_option", 3)
        return polls.poll_create(
            actor=TEST,
            body=body,
            title=f"Abstimmung {method}",
            method=method,
            opens_at=opens,
            closes_at=opens + timedelta(hours=2),
            secret=secret,
            changeable=changeable,
            **extra,
        )

    return make


def ranked_choices(poll, *keys_in_order):
    """{option id: place} for the options with the given field keys, in that order."""
    options = {o.field.key: o for o in poll.options.select_related("field")}
    return {str(options[key].pk): place for place, key in enumerate(keys_in_order, start=1)}
