"""The shape of every role's scoping filters: no join over multi-valued relations, no DISTINCT.

At 3,000 associations an OR over joins of registrations × invitations × participation steps
followed by DISTINCT did not finish within two minutes (issue 14). Each filter must be
`EXISTS` or `IN (SELECT …)` on indexed keys, so its cost does not multiply with the rows it
ORs over. The SQL is compiled, not run: the test reads the query's shape for every role.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import EmptyResultSet

from vereinsforum.events.models import Event, Invitation, Registration
from vereinsforum.needs.models import Interview
from vereinsforum.organisations.models import Affiliation, Organisation, Person
from vereinsforum.reports.models import Report

MODELS = [Event, Invitation, Registration, Organisation, Person, Affiliation, Interview, Report]
ROLES = ["coordinator", "team_member", "interviewer", "representative", "service_provider"]


def _sql(qs) -> str:
    try:
        sql, _params = qs.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing is never sent to the database
        return ""
    return sql.upper()


def _outer(sql: str) -> str:
    """The outermost query only: subqueries are blanked out, parentheses balanced."""
    out, depth, i = [], 0, 0
    while i < len(sql):
        if sql.startswith("(SELECT", i) or (depth and sql[i] == "("):
            depth += 1
        elif depth and sql[i] == ")":
            depth -= 1
            i += 1
            continue
        if not depth:
            out.append(sql[i])
        i += 1
    return "".join(out)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES + ["outsider", "public"])
@pytest.mark.parametrize("action", ["view", "edit"])
def test_for_user_adds_no_join_and_no_distinct(request, django_user_model, model, role, action):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if role == "public" else request.getfixturevalue(role)
    scoped = _sql(model.objects.for_user(user, action))
    if not scoped:
        return
    plain = _sql(model.objects.all())
    assert "DISTINCT" not in scoped
    # The outer query joins exactly what the unscoped one joins (e.g. an ordering's table):
    # every widening sits in a subquery.
    assert len(re.findall(r"\bJOIN\b", _outer(scoped))) == len(
        re.findall(r"\bJOIN\b", _outer(plain))
    ), scoped


@pytest.mark.parametrize("model", [Event, Person], ids=lambda m: m.__name__)
def test_the_representative_widens_by_exists(representative, model):
    sql = _sql(model.objects.for_user(representative))
    assert "EXISTS" in sql


@pytest.mark.parametrize("role", ROLES + ["outsider", "public"])
def test_the_event_list_and_lookup_as_the_views_build_them(request, db, role):
    """The event list's two parts (events/views.py) and an event's lookup by get_for_user
    join only the venue (select_related) and the programme, never a multi-valued relation."""
    from django.contrib.auth.models import AnonymousUser

    from vereinsforum.events.views import event_list_queryset

    user = AnonymousUser() if role == "public" else request.getfixturevalue(role)
    events = event_list_queryset(user, "training")
    lookup = Event.objects.select_related("location", "programme").for_user(user).filter(pk=1)
    for qs in (events.order_by("start", "pk"), events.order_by("-start", "-pk"), lookup):
        sql = _sql(qs)
        if not sql:
            continue
        assert "DISTINCT" not in sql
        joined = re.findall(r"JOIN \"(\w+)\"", _outer(sql))
        assert "EVENTS_LOCATION" in joined  # the pattern does read the joins
        assert set(joined) <= {"EVENTS_LOCATION", "PROGRAMMES_PROGRAMME"}, sql
