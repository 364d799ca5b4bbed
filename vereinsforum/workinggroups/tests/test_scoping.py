"""The shape of the working groups' filters: one EXISTS, no join and no DISTINCT in the outer
query, for every role (the rule of accounts/tests/test_scoping_sql.py)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet

from vereinsforum.workinggroups.models import Document, Membership, Task, WorkingGroup
from vereinsforum.workinggroups.scoping import WORK


def _sql(qs) -> str:
    try:
        sql, _params = qs.query.sql_with_params()
    except EmptyResultSet:
        return ""
    return sql.upper()


def _outer(sql: str) -> str:
    """The query with every parenthesised part (subqueries) blanked out."""
    out, depth = [], 0
    for char in sql:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


@pytest.mark.parametrize("model", [WorkingGroup, Task, Document, Membership])
@pytest.mark.parametrize(
    "role",
    ["coordinator", "team_member", "interviewer", "representative", "service_provider", "public"],
)
@pytest.mark.parametrize("action", ["view", "edit", WORK])
def test_for_user_adds_no_join_and_no_distinct(request, model, role, action):
    user = AnonymousUser() if role == "public" else request.getfixturevalue(role)
    scoped = _sql(model.objects.for_user(user, action))
    if not scoped:
        return
    plain = _sql(model.objects.all())
    assert "DISTINCT" not in scoped
    assert len(re.findall(r"\bJOIN\b", _outer(scoped))) == len(
        re.findall(r"\bJOIN\b", _outer(plain))
    )


@pytest.mark.parametrize("model", [WorkingGroup, Task, Document])
def test_the_representative_widens_by_exists_over_current_memberships(representative, model):
    sql = _sql(model.objects.for_user(representative))
    assert "EXISTS" in sql
    assert "LEFT_ON" in sql  # only current memberships count


def test_nobody_but_staff_edits_a_group(representative, service_provider, interviewer):
    for user in (representative, service_provider, interviewer, AnonymousUser()):
        assert _sql(WorkingGroup.objects.for_user(user, "edit")) == ""
