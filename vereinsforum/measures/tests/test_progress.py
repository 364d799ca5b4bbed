"""Progress (the events part) and outcomes (participants, associations reached)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vereinsforum.events.models import Event, EventKind, Registration, RegistrationStatus
from vereinsforum.lib.actors import TEST
from vereinsforum.measures.progress import measure_outcomes, measure_progress
from vereinsforum.measures.services import measure_events_set
from vereinsforum.testing import factories


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English msgids (pages and messages); the catalogues are checked by
    tests/test_translations.py."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def _event(programme, title, days, *, cancelled=False):
    start = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        programme=programme,
        kind=EventKind.TRAINING,
        title=title,
        start=start,
        end=start + timedelta(hours=3),
        cancelled_at=timezone.now() if cancelled else None,
    )


def _attend(event, person, organisation, status=RegistrationStatus.ATTENDED):
    return Registration.objects.create(
        event=event, person=person, organisation=organisation, status=status
    )


@pytest.fixture
def linked(programme, make_measure):
    measure = make_measure(target_participants=4, target_associations=3)
    events = {
        "past": _event(programme, "Teil 1", -10),
        "earlier": _event(programme, "Teil 0", -20),
        "future": _event(programme, "Teil 2", 10),
        "cancelled": _event(programme, "Abgesagt", -5, cancelled=True),
    }
    measure_events_set(actor=TEST, measure=measure, events=list(events.values()))
    return measure, events


def test_events_part_counts_the_ended_of_the_events_not_cancelled(linked):
    measure, _events = linked
    progress = measure_progress(measure)
    [part] = [p for p in progress.parts if p.label == "Events held"]
    assert (part.done, part.total) == (2, 3)
    # Only this app contributes to a measure without other parts.
    assert progress.percent == round(100 * 2 / 3)


def test_a_measure_without_events_has_no_events_part(make_measure):
    progress = measure_progress(make_measure())
    assert [p for p in progress.parts if p.label == "Events held"] == []


def test_outcomes_count_each_person_once_and_associations_with_attendance(
    linked, association, other_association, welfare_service
):
    measure, events = linked
    ayse, boris, clara, dana = (factories.PersonFactory() for _ in range(4))
    # Ayşe attended two of the measure's events: one participant.
    _attend(events["past"], ayse, association)
    _attend(events["earlier"], ayse, association)
    _attend(events["past"], boris, other_association)
    # Registered but did not come, or no-show: not reached.
    _attend(events["future"], clara, factories.OrganisationFactory(), RegistrationStatus.REGISTERED)
    _attend(events["earlier"], clara, factories.OrganisationFactory(), RegistrationStatus.NO_SHOW)
    # A welfare service's staff member: a participant, but no association reached.
    _attend(events["past"], dana, welfare_service)
    # Attendance at an event not linked to the measure does not count.
    _attend(_event(measure.programme, "Fremd", -3), factories.PersonFactory(), association)

    outcomes = measure_outcomes(measure)
    assert outcomes.participants == 3  # Ayşe, Boris, Dana
    assert outcomes.associations == 2  # Anadolu, Centro
    assert outcomes.participants_percent == 75
    assert outcomes.associations_percent == 67


def test_outcomes_without_targets_have_no_share(make_measure):
    outcomes = measure_outcomes(make_measure())
    assert (outcomes.participants, outcomes.associations) == (0, 0)
    assert outcomes.participants_percent is None
    assert outcomes.associations_percent is None
