"""Fixtures of the events tests: an event, members of associations, their representatives;
service errors in English.
"""

from __future__ import annotations

import pytest

from vereinsforum.accounts.models import Role
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.testing import factories


@pytest.fixture
def event(programme):
    return EventFactory(programme=programme)


@pytest.fixture
def member():
    """member(org, language="de"): a new person affiliated with `org` as a member."""

    def make(org, language="de", role="member"):
        person = factories.PersonFactory(preferred_language=language)
        factories.AffiliationFactory(person=person, organisation=org, role=role)
        return person

    return make


@pytest.fixture
def rep_of(member):
    """rep_of(org): a representative account for `org`, whose person belongs to it."""

    def make(org, username=None, language="de"):
        person = member(org, language=language, role="chair")
        return factories.UserFactory(
            username=username or f"rep-{org.pk}-{person.pk}",
            role=Role.REPRESENTATIVE,
            acting_for=org,
            person=person,
        )

    return make


@pytest.fixture(autouse=True)
def english_messages():
    """Service errors are asserted on their English msgids; e-mails still switch language."""
    from django.utils import translation

    with translation.override("en"):
        yield
