"""AnyOf gives the rows `__in` gives, on either database, for an empty list too."""

from __future__ import annotations

import pytest
from django.db.models import F

from vereinsforum.lib.lookups import AnyOf
from vereinsforum.organisations.models import Organisation
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def test_any_of_selects_what_in_selects():
    made = [factories.OrganisationFactory() for _ in range(5)]
    wanted = [made[0].pk, made[3].pk, made[3].pk, 10**9]
    found = Organisation.objects.filter(AnyOf(F("pk"), wanted))
    assert sorted(found.values_list("pk", flat=True)) == sorted({made[0].pk, made[3].pk})
    assert found.count() == Organisation.objects.filter(pk__in=wanted).count() == 2


def test_any_of_nothing_selects_nothing_and_combines():
    factories.OrganisationFactory()
    assert not Organisation.objects.filter(AnyOf(F("pk"), [])).exists()
    assert Organisation.objects.exclude(AnyOf(F("pk"), [])).count() == Organisation.objects.count()
