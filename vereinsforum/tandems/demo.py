"""Demo: tandems from the 2007 baseline wave.

In the source the associations pass their competences on to each other as multipliers. Here
the multiplier candidates of the 2007 analysis offer as many places as they said in their
interview; after the forum's first session (2007-10-10) the integration office computes the
tandems on 2007-10-15 (mentees: need of 4 or more; at most two tandems per association
across fields, so the whole wave is one optimisation), reviews them the next days, and the
associations answer in November. By spring 2008 one tandem is completed with feedback from
both; others are active, one was declined, and some proposals still wait for review.

Anadolu e.V. (the demo login `verein`) has a tandem waiting for its own answer, when the
analysis makes it a mentor or mentee at all.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.needs.demo import WAVE_TITLE
from vereinsforum.needs.models import Wave
from vereinsforum.needs.stored import stored_evaluation
from vereinsforum.programmes.models import Field
from vereinsforum.tandems import services
from vereinsforum.tandems.models import Tandem, TandemRun, TandemStatus

RUN_ON = (2007, 10, 15)


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, 0))


def load(ctx: DemoContext) -> None:
    wave = Wave.objects.filter(programme=ctx.programme, title=WAVE_TITLE).first()
    if wave is None:
        ctx.say("Tandems: no 2007 wave – skipped.")
        return
    if TandemRun.objects.filter(wave=wave).exists():
        ctx.say("Tandems already loaded – kept as they are.")
        return
    actor = ctx.actor
    services.tandem_settings_update(
        actor=actor,
        programme=ctx.programme,
        weight_gap=Decimal("1"),
        weight_language=Decimal("1"),
        weight_district=Decimal("1"),
        min_gap=2,
        need_threshold=4,
        max_distance_km=None,
        max_per_mentee=2,
    )
    # Stored, so that tandems_run below (and the first page) read it instead of computing.
    evaluation = stored_evaluation(wave).evaluation
    if evaluation is None:
        ctx.say("Tandems: the 2007 wave has too few complete interviews – skipped.")
        return
    fields = {f.key: f for f in wave.instrument.ordered_fields()}
    offered: dict[int, dict[Field, int]] = {}
    for key, candidates in evaluation.multipliers.items():
        for c in candidates:
            # What the association said in its interview; one place where it said nothing.
            offered.setdefault(c.organisation_id, {})[fields[key]] = max(c.capacity, 1)
    orgs = {o.pk: o for o in ctx.associations}
    for org_id, capacities in sorted(offered.items()):
        services.mentor_offers_set(
            actor=actor,
            wave=wave,
            organisation=orgs[org_id],
            capacities=capacities,
            evaluation=evaluation,
        )
    run = services.tandems_run(actor=actor, wave=wave, at=_at(*RUN_ON))
    tandems = list(
        Tandem.objects.filter(run=run).select_related("mentor", "mentee").order_by("-benefit", "pk")
    )
    anadolu = ctx.associations[0]
    own = next((t for t in tandems if anadolu.pk in (t.mentor_id, t.mentee_id)), None)
    others = [t for t in tandems if t is not own]
    # Staff review most proposals over two days; the weakest stay open for the demo.
    reviewed = others[: max(len(others) - 3, 0)]
    discarded = reviewed[-1:] if reviewed else []
    for i, t in enumerate(reviewed):
        services.tandem_review(
            actor=actor, tandem=t, approve=t not in discarded, at=_at(2007, 10, 16 + i % 2)
        )
    if own is not None:
        services.tandem_review(actor=actor, tandem=own, approve=True, at=_at(2007, 10, 16))
        # The other side has accepted; Anadolu's answer is still open (try it as `verein`).
        other_side = own.mentee if own.mentor_id == anadolu.pk else own.mentor
        services.tandem_answer(
            actor=actor, tandem=own, organisation=other_side, accept=True, at=_at(2007, 11, 2)
        )
    approved = [t for t in reviewed if t not in discarded]
    # November: most are accepted by both sides, one is declined by its mentee, a few wait.
    declined = approved[3:4]
    waiting = approved[-2:] if len(approved) > 6 else []
    for i, t in enumerate(approved):
        if t in waiting:
            continue
        day = 5 + i % 20
        services.tandem_answer(
            actor=actor, tandem=t, organisation=t.mentor, accept=True, at=_at(2007, 11, day)
        )
        services.tandem_answer(
            actor=actor,
            tandem=t,
            organisation=t.mentee,
            accept=t not in declined,
            at=_at(2007, 11, day + 1),
        )
    # Spring 2008: the first tandem is completed, with feedback from both.
    if approved:
        first = approved[0]
        services.tandem_feedback(
            actor=actor,
            tandem=first,
            organisation=first.mentee,
            feedback=(
                "Wir haben in vier Treffen gelernt, wie ein Projektantrag aufgebaut ist; "
                "unser erster Antrag ist eingereicht."
            ),
            at=_at(2008, 3, 10),
        )
        services.tandem_feedback(
            actor=actor,
            tandem=first,
            organisation=first.mentor,
            feedback="Gute Zusammenarbeit, wir bleiben in Kontakt.",
            at=_at(2008, 3, 12),
        )
    counts = {
        status.label: Tandem.objects.filter(wave=wave, status=status).count()
        for status in TandemStatus
    }
    summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
    ctx.say(
        f"Tandems: {len(offered)} mentors offered places; {run.proposed} tandems proposed "
        f"on 2007-10-15 ({run.method}); now {summary}."
    )
