"""Measures fixtures: the forum fixtures (a forum whose members are `association` and
`other_association`), a counted-poll helper, and a factory for measures."""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.forum.tests.conftest import (  # noqa: F401 - fixtures
    body,
    make_poll,
    member,
    other_member,
    session_event,
)
from vereinsforum.lib.actors import TEST
from vereinsforum.measures.models import MeasureKind
from vereinsforum.measures.services import measure_create
from vereinsforum.programmes.models import Step
from vereinsforum.programmes.services import participation_step_record


@pytest.fixture
def make_measure(programme):
    def make(title="Grundlagenschulung", *, keys=("bookkeeping",), **extra):
        extra.setdefault("kind", MeasureKind.TRAINING)
        extra.setdefault("on", date(2007, 10, 10))
        return measure_create(
            actor=TEST,
            programme=programme,
            title=title,
            fields=list(programme.fields.filter(key__in=keys)),
            **extra,
        )

    return make


@pytest.fixture
def enrolled(programme, association):
    """`association` (the representative's) is enrolled in the programme; the outsider's
    `other_association` is not."""
    for step in (Step.INVITED, Step.ENROLLED):
        participation_step_record(
            actor=TEST,
            programme=programme,
            organisation=association,
            step=step,
            on=date(2007, 6, 1),
        )
    return association
