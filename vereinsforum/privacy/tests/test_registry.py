"""The declarations hold to the code: every declared field exists, every model that holds a
person or an account is declared in the record, and erasure reaches every model with a
person, an account or free text (so a new app cannot forget either)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from vereinsforum.privacy import retention
from vereinsforum.privacy.builtin_erasure import SCRUBBED_TEXT
from vereinsforum.privacy.declarations import Handling, LegalBasis
from vereinsforum.privacy.models import Purpose
from vereinsforum.privacy.registry import erasure_coverage, processing_activities

#: Framework tables with a key to an account that the record need not list one by one:
#: they belong to "User accounts and sign-in" as a whole.
SIGN_IN_INTERNALS = {"admin.LogEntry", "otp_static.StaticDevice"}


def _personal_models() -> dict[str, str]:
    """Brute force over every installed model: label -> why it is personal."""
    person = apps.get_model("organisations", "Person")
    user = apps.get_model("accounts", "User")
    found = {}
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if not getattr(f, "concrete", False):
                continue
            if (
                f.is_relation
                and f.related_model in (person, user)
                and (f.many_to_one or f.one_to_one)
            ):
                found[model._meta.label] = f"key {f.name}"
            elif isinstance(f, models.TextField):
                found.setdefault(model._meta.label, f"free text {f.name}")
    return found


def test_every_declared_field_exists_and_every_reference_is_known():
    activities = processing_activities()
    assert len({(a.app, a.key) for a in activities}) == len(activities)
    for activity in activities:
        assert activity.legal_basis in LegalBasis
        assert activity.purpose and activity.recipients and activity.categories
        assert activity.retention in retention.BY_KEY or activity.retention_note, activity.key
        if activity.legal_basis == LegalBasis.CONSENT:
            assert activity.consent_purpose in Purpose.values, activity.key
        for category in activity.categories:
            if not category.model:
                continue
            model = apps.get_model(category.model)  # raises for a stale declaration
            for name in category.fields:
                model._meta.get_field(name)


def test_the_issue_s_legal_bases_are_declared():
    by_key = {a.key: a for a in processing_activities()}
    assert by_key["contacts"].legal_basis == LegalBasis.PUBLIC_TASK
    assert by_key["events"].legal_basis == LegalBasis.PUBLIC_TASK
    for key in ("newsletter", "photos", "publish_name"):
        assert by_key[key].legal_basis == LegalBasis.CONSENT
    # Every consent purpose the app records has its processing activity.
    assert {a.consent_purpose for a in by_key.values() if a.consent_purpose} == set(Purpose.values)
    # Every retention category is some activity's.
    assert {a.retention for a in by_key.values() if a.retention} == set(retention.BY_KEY)


def test_every_model_with_a_person_or_account_is_in_the_record():
    person = apps.get_model("organisations", "Person")
    user = apps.get_model("accounts", "User")
    declared = {c.model for a in processing_activities() for c in a.categories}
    missing = []
    for model in apps.get_models():
        keys = [
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in (person, user)
        ]
        label = model._meta.label
        if keys and label not in declared and label not in SIGN_IN_INTERNALS:
            # A model whose only key is the author/actor of a record is covered by its app's
            # activity when the app declares any model.
            if any(c.model.startswith(f"{model._meta.app_label}.") for c in _categories()):
                continue
            missing.append(label)
    assert missing == []


def _categories():
    return [c for a in processing_activities() for c in a.categories if c.model]


def test_erasure_reaches_every_model_with_a_person_an_account_or_free_text():
    coverage = erasure_coverage()
    personal = _personal_models()
    assert sorted(set(personal) - set(coverage)) == [], (
        "Declare how erasure reaches these models (AppConfig.privacy_erasure or "
        "privacy/builtin_erasure.py BUILTIN_ERASURE)"
    )
    # No stale entries either.
    for label in coverage:
        apps.get_model(label)
    for label, erasure in coverage.items():
        assert erasure.why, label
        if erasure.handling == Handling.ERASE_HOOK:
            app = erasure.hook_app or label.split(".")[0]
            config = apps.get_app_config(app)
            assert callable(getattr(config, "erase_person", None)) or app == "organisations", (
                f"{label}: {app} has no erase_person"
            )


def test_every_scrubbed_field_is_free_text_and_declared_as_erased_by_the_privacy_hook():
    coverage = erasure_coverage()
    for label, names in SCRUBBED_TEXT.items():
        model = apps.get_model(label)
        for name in names:
            assert isinstance(model._meta.get_field(name), models.TextField), (label, name)
        assert coverage[label].handling == Handling.ERASE_HOOK
        assert coverage[label].hook_app == "privacy"
    # And every free-text model the privacy hook claims is searched by it.
    claimed = {k for k, v in coverage.items() if v.hook_app == "privacy" and k != "privacy.Consent"}
    assert claimed == set(SCRUBBED_TEXT)


@pytest.mark.parametrize("key", [c.key for c in retention.CATEGORIES])
def test_retention_is_configurable_by_setting_and_environment(key, settings, monkeypatch):
    if key == "outbox":
        settings.OUTBOX_RETENTION_DAYS = 7
        assert retention.retention_days(key) == 7
        return
    assert retention.retention_days(key) == retention.BY_KEY[key].default_days
    monkeypatch.setenv(f"PRIVACY_RETENTION_{key.upper()}_DAYS", "12")
    assert retention.retention_days(key) == 12
    settings.PRIVACY_RETENTION_DAYS = {key: 3}
    assert retention.retention_days(key) == 3
