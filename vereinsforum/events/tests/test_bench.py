"""How long a registration takes under the event lock, with a long waiting list."""

from __future__ import annotations

import time

import pytest

from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import SystemActor
from vereinsforum.testing import factories

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_bench_registration_and_waiting_list(programme):
    event = EventFactory(programme=programme, capacity=100)
    people = []
    for n in range(400):
        org = factories.OrganisationFactory(name=f"Bench {n}")
        person = factories.PersonFactory()
        factories.AffiliationFactory(person=person, organisation=org)
        people.append((org, person))
    started = time.perf_counter()
    rows = [
        registration_create(actor=SystemActor("bench"), event=event, person=p, organisation=o)
        for o, p in people
    ]
    per_registration = (time.perf_counter() - started) / len(rows) * 1000
    started = time.perf_counter()
    for row in rows[:50]:
        registration_cancel(actor=SystemActor("bench"), registration=row)
    per_cancel = (time.perf_counter() - started) / 50 * 1000
    assert event.seats_taken() == 100
    assert event.registrations.filter(status="offered").count() == 50
    print(
        f"\nevents bench: {len(rows)} registrations (100 seats, 300 waiting): "
        f"{per_registration:.1f} ms each; cancel + offer to the next in line: "
        f"{per_cancel:.1f} ms each"
    )
