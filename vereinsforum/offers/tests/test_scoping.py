"""The offers' scoping filters: their shape (no join, no DISTINCT) and their boundaries."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet

from vereinsforum.offers.models import CoverageRow, CoverageRun, Offer

ROLES = ["coordinator", "team_member", "interviewer", "representative", "service_provider"]


def _sql(qs) -> str:
    try:
        return qs.query.sql_with_params()[0].upper()
    except EmptyResultSet:
        return ""


@pytest.mark.parametrize("model", [Offer, CoverageRun, CoverageRow], ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", [*ROLES, "outsider", "public"])
@pytest.mark.parametrize("action", ["view", "edit"])
def test_filters_add_no_join_and_no_distinct(request, model, role, action):
    user = AnonymousUser() if role == "public" else request.getfixturevalue(role)
    scoped = _sql(model.objects.for_user(user, action))
    if not scoped:
        return
    plain = _sql(model.objects.all())
    assert "DISTINCT" not in scoped
    assert len(re.findall(r"\bJOIN\b", scoped)) == len(re.findall(r"\bJOIN\b", plain))


def test_offer_boundaries(
    coordinator, team_member, service_provider, other_provider, representative, offers
):
    own = {o.pk for o in offers if o.organisation_id == service_provider.acting_for_id}
    every = {o.pk for o in offers}
    assert own and own != every

    def ids(user, action):
        return set(Offer.objects.for_user(user, action).values_list("pk", flat=True))

    assert ids(coordinator, "edit") == ids(team_member, "edit") == every
    assert ids(service_provider, "view") == every
    assert ids(service_provider, "edit") == own
    assert ids(other_provider, "edit") == every - own
    assert ids(representative, "view") == set()
    assert ids(AnonymousUser(), "view") == set()


def test_single_rows_are_the_coordinators_only(
    coordinator, team_member, service_provider, answered, offers, fields
):
    from vereinsforum.offers.services import coverage_compute

    coverage_compute(actor=coordinator, programme=fields[0].programme)
    assert CoverageRow.objects.for_user(coordinator).count() == 20
    assert not CoverageRow.objects.for_user(team_member).exists()
    assert not CoverageRow.objects.for_user(service_provider).exists()
    assert CoverageRun.objects.for_user(service_provider).count() == 1
    assert not CoverageRun.objects.for_user(service_provider, "edit").exists()
