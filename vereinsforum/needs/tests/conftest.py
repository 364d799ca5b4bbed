"""Fixtures for the needs analysis: a published instrument, a wave, and filled-in interviews."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from vereinsforum.needs import services
from vereinsforum.needs.models import FieldAnswer, Interview, Mode, Status, Wave
from vereinsforum.needs.stored import bump
from vereinsforum.testing import factories


@pytest.fixture
def version(programme, coordinator):
    draft = services.instrument_version_create(actor=coordinator, programme=programme)
    return services.instrument_version_publish(actor=coordinator, version=draft)


@pytest.fixture
def wave(programme, coordinator, version):
    return services.wave_create(
        actor=coordinator,
        programme=programme,
        title="Basiserhebung 2007",
        period_start=date(2007, 6, 1),
        period_end=date(2007, 8, 31),
        instrument=version,
    )


def fill(
    wave: Wave,
    needs: list[list[int]],
    *,
    organisations=None,
    competence=None,
    willing=None,
    status=Status.VALIDATED,
    validator=None,
) -> list[Interview]:
    """Complete interviews written straight to the tables (fast; the services have their own
    tests). needs[i][j]: need of association i in field j (instrument order)."""
    fields = list(wave.instrument.ordered_fields())
    validator = validator or factories.UserFactory(role="coordinator")
    interviewer = factories.UserFactory(role="interviewer")
    out = []
    for i, row in enumerate(needs):
        org = organisations[i] if organisations else factories.OrganisationFactory()
        now = timezone.now()
        interview = Interview.objects.create(
            wave=wave,
            organisation=org,
            mode=Mode.INTERVIEW,
            interviewer=interviewer,
            status=status,
            conducted_on=date(2007, 7, 1),
            submitted_at=now if status != Status.DRAFT else None,
            validated_at=now if status == Status.VALIDATED else None,
            validated_by=validator if status == Status.VALIDATED else None,
            has_website=i % 2 == 0,
            has_flyer=i % 3 == 0,
        )
        for j, f in enumerate(fields):
            w = bool(willing[i][j]) if willing else False
            FieldAnswer.objects.create(
                interview=interview,
                field=f,
                need=row[j],
                competence=competence[i][j] if competence else 6 - row[j],
                willing=w,
                capacity=2 if w else None,
            )
        out.append(interview)
    # Past the services, so the wave's data version is replaced here as they would.
    bump(Wave.objects.filter(pk=wave.pk))
    return out
