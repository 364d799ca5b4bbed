"""Fixtures of the working-group tests: private file storage in a temporary directory, a
measure, a group with a member association and its people."""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.measures.models import Measure, MeasureKind
from vereinsforum.testing import factories
from vereinsforum.workinggroups.services import membership_add, working_group_create


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def measure(programme):
    return Measure.objects.create(
        programme=programme,
        kind=MeasureKind.WORKING_GROUP,
        title="Arbeitsgruppe Vereinsbuchhaltung",
    )


@pytest.fixture
def treasurer(association):
    """The member: Anadolu's treasurer, in the group for Anadolu (the representative's)."""
    return factories.AffiliationFactory(
        organisation=association, role="treasurer", start=date(2007, 1, 1)
    ).person


@pytest.fixture
def group(coordinator, programme, measure, treasurer, association):
    group = working_group_create(
        actor=coordinator,
        programme=programme,
        name="Arbeitsgruppe Leitfaden Buchhaltung",
        mandate="Erarbeitung eines Leitfadens Vereinsbuchhaltung für alle Vereine.",
        lead=treasurer,
        fields=programme.fields.filter(key="bookkeeping"),
        formed_on=date(2007, 10, 10),
        measure=measure,
    )
    membership_add(
        actor=coordinator,
        group=group,
        person=treasurer,
        organisation=association,
        joined_on=date(2007, 10, 10),
    )
    return group
