"""The append-only log never takes a label or free text that can hold personal data: what
it keeps, erasure could never take back."""

import pytest

from vereinsforum.audit.services import REDACTED, audit_record, safe_label
from vereinsforum.testing import factories
from vereinsforum.web.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db


def test_the_default_label_is_the_model_and_the_id_never_the_objects_text(coordinator):
    person = factories.PersonFactory(first_name="Zyxwvu", last_name="Quorblat")
    entry = audit_record(actor=coordinator, action="test.write", target=person)
    assert entry.target_repr == f"Person #{person.pk}"
    assert "Quorblat" not in entry.target_repr


def test_the_label_is_the_same_in_every_language(coordinator, settings):
    person = factories.PersonFactory()
    settings.LANGUAGE_CODE = "de"
    from django.utils import translation

    with translation.override("de"):
        assert safe_label(person) == f"Person #{person.pk}"
    feedback = AccessibilityFeedback.objects.create(page_url="/x/", message="m")
    with translation.override("tr"):
        assert safe_label(feedback) == f"Accessibility feedback #{feedback.pk}"


def test_anonymous_input_does_not_become_a_label(coordinator):
    feedback = AccessibilityFeedback.objects.create(
        page_url="/?name=Zyxwvu+Quorblat", message="Quorblat", contact_email="zq@example.org"
    )
    entry = audit_record(actor=None, action="test.write", target=feedback)
    assert "Quorblat" not in entry.target_repr


def test_free_text_and_personal_fields_of_the_target_are_redacted_whatever_the_caller_passes(
    coordinator,
):
    person = factories.PersonFactory()
    feedback = AccessibilityFeedback.objects.create(page_url="/x/", message="m")
    entry = audit_record(
        actor=coordinator,
        action="test.write",
        target=person,
        changes={"last_name": ["Alt", "Quorblat"], "email": [None, "zq@example.org"]},
    )
    assert entry.changes == {"last_name": [REDACTED, REDACTED], "email": [None, REDACTED]}
    entry = audit_record(
        actor=coordinator,
        action="test.write",
        target=feedback,
        # message is a TextField: free text, whoever typed it.
        changes={"message": [None, "Quorblat called"], "handled": [False, True]},
    )
    assert entry.changes == {"message": [None, REDACTED], "handled": [False, True]}


def test_numbers_and_other_fields_stay_readable(coordinator, programme):
    entry = audit_record(
        actor=coordinator,
        action="test.write",
        target=programme,
        changes={"description": [12], "name": ["Alt", "Neu"]},
    )
    assert entry.changes == {"description": [12], "name": ["Alt", "Neu"]}
