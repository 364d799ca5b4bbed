"""The demo's tandems: proposed from the 2007 wave, reviewed, answered, one completed."""

from __future__ import annotations

from io import StringIO

import pytest

from vereinsforum.demo import scenario
from vereinsforum.demo.context import DemoContext
from vereinsforum.needs import demo as needs_demo
from vereinsforum.needs.evaluation import evaluate_wave
from vereinsforum.tandems import demo
from vereinsforum.tandems.models import Answer, MentorOffer, Tandem, TandemRun, TandemStatus

pytestmark = pytest.mark.django_db


def test_the_demo_proposes_and_runs_tandems_from_the_2007_wave():
    from vereinsforum.accounts import demo as accounts_demo

    ctx = DemoContext(stdout=StringIO())
    for step in (scenario, accounts_demo, needs_demo, demo):
        step.load(ctx)
    run = TandemRun.objects.get()
    assert run.created.date().isoformat() == "2007-10-15"
    assert run.method == "milp"  # at most two tandems per association across fields
    wave = run.wave
    evaluation = evaluate_wave(wave)
    candidates = {(c.organisation_id, k) for k, cs in evaluation.multipliers.items() for c in cs}
    offers = MentorOffer.objects.filter(wave=wave)
    assert offers.count() == len(candidates) > 0
    assert {(o.organisation_id, o.field.key) for o in offers} == candidates

    tandems = Tandem.objects.filter(wave=wave)
    assert tandems.count() == run.proposed > 5
    statuses = set(tandems.values_list("status", flat=True))
    assert {TandemStatus.ACTIVE, TandemStatus.COMPLETED, TandemStatus.DECLINED} <= statuses
    assert {TandemStatus.PROPOSED, TandemStatus.APPROVED, TandemStatus.DISCARDED} <= statuses
    completed = tandems.get(status=TandemStatus.COMPLETED)
    assert completed.mentor_feedback and completed.mentee_feedback
    for t in tandems:
        # the rules of the run: need ≥ 4, gap ≥ 2, not with itself, and the explanation adds up
        assert t.mentee_need >= 4 and t.gap >= 2 and t.mentor_id != t.mentee_id
        assert t.benefit == pytest.approx(t.benefit_gap + t.benefit_language + t.benefit_district)
    per_mentee: dict[int, int] = {}
    for mentee in tandems.values_list("mentee_id", flat=True):
        per_mentee[mentee] = per_mentee.get(mentee, 0) + 1
    assert max(per_mentee.values()) <= 2
    anadolu = ctx.associations[0]
    own = tandems.involving(anadolu.pk).filter(status=TandemStatus.APPROVED).first()
    if own is not None:  # the demo login `verein` has an answer to give
        side = own.side_of(anadolu.pk)
        assert own.answer_of(side) == Answer.PENDING

    # loading again changes nothing
    before = list(Tandem.objects.order_by("pk").values_list("pk", "status"))
    demo.load(ctx)
    assert list(Tandem.objects.order_by("pk").values_list("pk", "status")) == before
    assert TandemRun.objects.count() == 1
