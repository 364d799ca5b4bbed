"""Who sees which tandems and offers, and the shape of the filters' SQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from vereinsforum.accounts.tests.test_scoping_sql import _outer, _sql
from vereinsforum.organisations.models import Affiliation
from vereinsforum.tandems import services
from vereinsforum.tandems.models import MentorOffer, Tandem

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "team_member", "interviewer", "representative", "service_provider"]


@pytest.mark.parametrize("model", [Tandem, MentorOffer], ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", [*ROLES, "outsider", "public"])
@pytest.mark.parametrize("action", ["view", "edit"])
def test_the_filters_add_no_join_and_no_distinct(request, model, role, action):
    user = AnonymousUser() if role == "public" else request.getfixturevalue(role)
    scoped = _sql(model.objects.for_user(user, action))
    if not scoped:
        return
    plain = _sql(model.objects.all())
    assert "DISTINCT" not in scoped
    assert len(re.findall(r"\bJOIN\b", _outer(scoped))) == len(
        re.findall(r"\bJOIN\b", _outer(plain))
    ), scoped


def test_each_role_sees_what_it_should(
    offers, coordinator, team_member, interviewer, representative, outsider, service_provider
):
    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    ax = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    by = Tandem.objects.get(mentor=w["mentor_b"], mentee=w["y"])
    # Not reviewed yet: staff only.
    for user in (coordinator, team_member):
        assert Tandem.objects.for_user(user).count() == 3
    for user in (interviewer, representative, outsider, service_provider, AnonymousUser()):
        assert not Tandem.objects.for_user(user).exists()
    services.tandem_review(actor=coordinator, tandem=ax, approve=True)
    services.tandem_review(actor=coordinator, tandem=by, approve=True)
    assert list(Tandem.objects.for_user(representative)) == [ax]
    assert list(Tandem.objects.for_user(representative, "edit")) == [ax]
    assert not Tandem.objects.for_user(outsider).exists()
    assert not Tandem.objects.for_user(interviewer).exists()
    # Offers: staff all, the representative its own association's.
    assert MentorOffer.objects.for_user(team_member).count() == 2
    assert [o.organisation for o in MentorOffer.objects.for_user(representative)] == [w["anadolu"]]
    assert not MentorOffer.objects.for_user(outsider).exists()


def test_a_former_chair_sees_nothing_of_the_association(offers, coordinator, representative):
    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    ax = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    services.tandem_review(actor=coordinator, tandem=ax, approve=True)
    assert Tandem.objects.for_user(representative).exists()
    Affiliation.objects.filter(person=representative.person).update(
        end=timezone.localdate() - timedelta(days=1)
    )
    representative._acts_for_organisation = None
    assert not Tandem.objects.for_user(representative).exists()
