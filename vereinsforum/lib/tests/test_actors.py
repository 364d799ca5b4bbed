"""The actor type: who a service says did something (lib/actors.py).

`user_of` gives the account for a `…_by` column, `actor_label` the text the audit log keeps.
A plain string is not an actor: the label and the audit log refuse it, so a call site that
forgot to wrap a command's name in a `SystemActor` fails here rather than in the log.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from vereinsforum.audit.models import AuditEntry
from vereinsforum.audit.services import audit_record
from vereinsforum.lib.actors import DEMO, TEST, SystemActor, actor_label, user_of


def test_a_signed_in_user_is_its_own_account_and_logged_by_id(team_member):
    assert user_of(team_member) == team_member
    # By id, never the username: it may be a person's name and erasure renames the account.
    assert actor_label(team_member) == f"user:{team_member.pk}"
    assert team_member.username not in actor_label(team_member)


def test_the_public_has_no_account_and_is_logged_as_anonymous():
    assert user_of(AnonymousUser()) is None
    assert actor_label(AnonymousUser()) == "anonymous"


def test_a_system_actor_has_no_account_and_is_logged_by_its_name():
    job = SystemActor("events_expire_offers")
    assert user_of(job) is None
    assert actor_label(job) == "events_expire_offers"
    assert actor_label(DEMO) == "load_demo"
    assert actor_label(TEST) == "test"


def test_no_actor_at_all_is_the_system():
    assert user_of(None) is None
    assert actor_label(None) == "system"


@pytest.mark.parametrize("name", ["", "   "])
def test_a_system_actor_needs_a_name(name):
    with pytest.raises(ValueError):
        SystemActor(name)


def test_a_string_is_not_an_actor():
    with pytest.raises(TypeError):
        actor_label("x")  # type: ignore[arg-type]


def test_user_of_refuses_a_string_too():
    with pytest.raises(TypeError):
        user_of("x")  # type: ignore[arg-type]


def test_the_audit_log_refuses_a_string_actor(team_member):
    with pytest.raises(TypeError):
        audit_record(actor="x", action="user.update", target=team_member)  # type: ignore[arg-type]
    assert not AuditEntry.objects.filter(action="user.update").exists()
