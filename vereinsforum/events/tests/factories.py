"""Factories for venues and events (a public training in ten days, two seats, by default)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from vereinsforum.events.models import Audience, Event, EventKind, Location
from vereinsforum.testing.factories import ProgrammeFactory


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Saal {n}")
    street = "Neumarkt 10"
    postcode = "42103"
    accessibility = "Stufenloser Zugang, Aufzug."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    kind = EventKind.TRAINING
    title = factory.Sequence(lambda n: f"Schulung {n}")
    title_i18n = factory.LazyAttribute(lambda e: {"en": f"Training ({e.title})"})
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    end = factory.LazyAttribute(lambda e: e.start + timedelta(hours=3))
    location = factory.SubFactory(LocationFactory)
    capacity = 2
    audience = Audience.PUBLIC
