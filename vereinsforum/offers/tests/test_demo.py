"""The demo: the migration services' offers before the January 2008 workshop."""

from __future__ import annotations

from io import StringIO

import pytest

from vereinsforum.offers.coverage import level_table
from vereinsforum.offers.models import CoverageRun, Offer

pytestmark = pytest.mark.django_db


def _load():
    from vereinsforum.demo import scenario
    from vereinsforum.demo.context import DemoContext
    from vereinsforum.events import demo as events_demo
    from vereinsforum.needs import demo as needs_demo
    from vereinsforum.offers import demo

    ctx = DemoContext(stdout=StringIO())
    scenario.load(ctx)
    events_demo.load(ctx)
    needs_demo.load(ctx)
    demo.load(ctx)
    return ctx, demo


def test_the_services_offers_and_their_coverage_before_the_workshop():
    ctx, demo = _load()
    offers = Offer.objects.all()
    assert offers.count() == len(demo.OFFERS)
    assert {o.organisation.short_name for o in offers} == {"AWO", "Caritas", "Diakonie", "DRK"}
    # The Caritas offers were recorded by the service's own login.
    from vereinsforum.audit.models import AuditEntry

    caritas = offers.filter(organisation__short_name="Caritas")
    assert set(
        AuditEntry.objects.filter(
            action="offer.create", target_id__in=[str(o.pk) for o in caritas]
        ).values_list("actor__username", flat=True)
    ) == {"dienst"}

    [run] = CoverageRun.objects.all()
    assert run.computed_at.date().isoformat() == "2008-01-16"
    assert run.wave.period_start.year == 2007
    lines = {line.field.key: line for line in level_table(run)}
    # Every offer is used to its capacity or meets every need of its field.
    for offer in offers:
        used = run.rows.filter(offer=offer).count()
        line = lines[offer.field.key]
        assert used == offer.capacity or line.total.uncovered == 0
    # No service offers help with premises: every need there is open, and became a measure.
    premises = lines["premises"]
    assert premises.total.total > 0 and premises.total.covered == 0
    assert premises.open_uncovered == 0 and len(premises.measure_ids) == 1
    [measure] = ctx.programme.measures.filter(pk__in=premises.measure_ids)
    assert measure.status == "idea" and measure.timeline.get().on.isoformat() == "2008-01-23"
    # Some needs are met, many are not: the workshop has something to settle.
    covered = run.rows.covered().count()
    assert 0 < covered < run.rows.count()
    assert covered <= sum(o.capacity for o in offers)

    # Idempotent.
    demo.load(ctx)
    assert Offer.objects.count() == len(demo.OFFERS) and CoverageRun.objects.count() == 1
