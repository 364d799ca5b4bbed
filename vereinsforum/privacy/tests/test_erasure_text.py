"""Erasure takes a person's name out of free text the apps keep (and its translations),
and nothing else: a first name alone, or another person's name, stays."""

from __future__ import annotations

import pytest

from vereinsforum.events.models import Event
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.privacy.erasure import free_text_erase
from vereinsforum.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_name_leaves_descriptions_and_their_translations(coordinator, programme):
    person = PersonFactory(first_name="Ali", last_name="Quorblat", email="ali.q@example.org")
    event = EventFactory(
        programme=programme,
        description="Referent: Ali Quorblat (ali.q@example.org). Ali Demir moderiert.",
        description_i18n={"en": "Speaker: ALI QUORBLAT", "tr": "Konuşmacı: Ali Quorblat"},
    )
    untouched = EventFactory(programme=programme, description="Ali Demir moderiert.")

    person_pseudonymise(actor=coordinator, person=person)

    event.refresh_from_db()
    assert event.description == "Referent: – (–). Ali Demir moderiert."
    assert event.description_i18n == {"en": "Speaker: –", "tr": "Konuşmacı: –"}
    assert Event.objects.get(pk=untouched.pk).description == "Ali Demir moderiert."


def test_a_name_only_in_a_translation_is_found(programme):
    event = EventFactory(
        programme=programme, description="Deutsch ohne Namen.", description_i18n={"ru": "Ольга Zyx"}
    )
    assert free_text_erase(terms=["Ольга Zyx"]) == 1
    event.refresh_from_db()
    assert event.description_i18n == {"ru": "–"}
    assert free_text_erase(terms=["", "  "]) == 0
