"""Fixtures and helpers of the guides tests: enrolment in a programme and a guide with
sections, made through the services."""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.guides import services
from vereinsforum.guides.models import Guide, Visibility
from vereinsforum.lib.actors import TEST
from vereinsforum.programmes.models import Participation, Step


def enrol(programme, organisation, *, withdrawn: bool = False) -> None:
    participation = Participation.objects.create(programme=programme, organisation=organisation)
    participation.steps.create(step=Step.ENROLLED, date=date(2007, 6, 1))
    if withdrawn:
        participation.steps.create(step=Step.WITHDRAWN, date=date(2007, 9, 1))


def make_guide(programme, *, title="Leitfaden Test", visibility=Visibility.PUBLIC, sections=2):
    guide = services.guide_create(
        actor=TEST, programme=programme, title=title, visibility=visibility
    )
    for n in range(1, sections + 1):
        services.section_add(
            actor=TEST, guide=guide, title=f"Abschnitt {n}", body=f"Text von Abschnitt {n}."
        )
    return guide


def publish(guide: Guide) -> Guide:
    services.guide_submit(actor=TEST, guide=guide)
    services.guide_approve(actor=TEST, guide=guide)
    return services.guide_publish(actor=TEST, guide=guide)


@pytest.fixture
def guide(programme):
    return make_guide(programme)
