"""Part 4: the needs analysis at state scale: every synthetic association answered in the
demo's baseline wave and in a follow-up wave a year later (6,000 interviews at 3,000).

Both waves use the demo's published instrument; each interview has an answer for every field
of it (competence, need, willingness and capacity, sometimes a remark), its general items
(members, volunteers, premises, languages, website, flyer), and is submitted or validated
(by the demo's coordinator), with the dates the model's constraints ask for. Interviews are
held by the association's assigned interviewer; some associations assessed themselves.
Answers follow three profiles as in the demo (strong, middle, newcomer), with bookkeeping the
most pressing need; enrolled associations need a little less in the follow-up wave.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vereinsforum.demo.synthetic.base import Association, World, audit_each, insert
from vereinsforum.needs.models import FieldAnswer, Interview, Mode, Premises, Status, Wave
from vereinsforum.needs.stored import bump
from vereinsforum.programmes.models import Field, Step

FOLLOW_UP = "Stärken/Schwächen-Analyse 2008 (Folgeerhebung, landesweit)"
#: (competence choices, need choices) per profile.
PROFILES = {
    "strong": ((3, 4, 4, 5), (1, 2, 2, 3)),
    "middle": ((2, 3, 3, 4), (2, 3, 3, 4)),
    "newcomer": ((1, 1, 2, 2), (3, 4, 5, 5)),
}
PREMISES = {
    1: Premises.OWNED,
    2: Premises.RENTED,
    3: Premises.SHARED,
    4: Premises.SHARED,
    5: Premises.NONE,
}
REMARKS = (
    "Kassenprüfung und Jahresabschluss macht der Kassierer allein, ohne Vorlagen.",
    "Wünscht eine Schulung für den ganzen Vorstand.",
    "Eigene Internetseite, gepflegt von Jugendlichen des Vereins.",
    "Treffen bisher in privaten Wohnungen.",
    "Bisher kein Faltblatt; Einladungen nur mündlich.",
)


def _clip(value: int) -> int:
    return max(1, min(5, value))


def _stamp(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def build(world: World) -> None:
    rng = world.rng
    baseline = world.wave
    shift = timedelta(days=364)
    follow_up = Wave(
        programme=world.programme,
        title=FOLLOW_UP,
        period_start=baseline.period_start + shift,
        period_end=min(world.end, baseline.period_end + shift),
        instrument=baseline.instrument,
    )
    insert(world, [follow_up])
    audit_each(world, "wave.create", [follow_up])
    fields = list(baseline.instrument.ordered_fields())
    profiles = {
        a.org.pk: rng.choices(tuple(PROFILES), weights=(25, 50, 25))[0] for a in world.associations
    }
    interviews: list[Interview] = []
    answers: list[tuple[int, Field, dict]] = []
    for wave, later in ((baseline, False), (follow_up, True)):
        for association in world.associations:
            interview = _interview(world, wave, association)
            interviews.append(interview)
            index = len(interviews) - 1
            premises_need = 0
            for f in fields:
                values = _answer(rng, profiles[association.org.pk], f.key, association, later)
                if f.key == "premises":
                    premises_need = values["need"]
                answers.append((index, f, values))
            interview.premises = PREMISES.get(premises_need, rng.choice(list(Premises)))
    statuses = {s: sum(1 for i in interviews if i.status == s) for s in Status.values}
    insert(world, interviews, action="interview.submit", summary={"status": [None, statuses]})
    insert(
        world,
        [FieldAnswer(interview=interviews[i], field=f, **values) for i, f, values in answers],
    )
    through = Interview.languages.through
    codes = {
        a.org.pk: [c for c in (*a.community.languages, "de") if c in world.languages]
        for a in world.associations
    }
    insert(
        world,
        [
            through(interview_id=i.pk, language_id=code)
            for i in interviews
            for code in codes[i.organisation.pk]
        ],
    )
    # Written in bulk, past the services: the waves' stored evaluations are out of date.
    bump(Wave.objects.filter(pk__in=[baseline.pk, follow_up.pk]))


def _interview(world: World, wave: Wave, association: Association) -> Interview:
    rng = world.rng
    org = association.org
    span = (wave.period_end - wave.period_start).days
    day = wave.period_start + timedelta(days=rng.randint(0, max(0, span)))
    if day.weekday() == 6:
        day -= timedelta(days=1) if day > wave.period_start else -timedelta(days=1)
    by_interviewer = association.interviewer is not None and rng.random() < 0.85
    submitted = _stamp(day, 17)
    validated = rng.random() < 0.75
    members = org.member_count or 20
    return Interview(
        wave=wave,
        organisation=org,
        mode=Mode.INTERVIEW if by_interviewer else Mode.SELF_ASSESSMENT,
        interviewer=association.interviewer if by_interviewer else None,
        conducted_on=day,
        status=Status.VALIDATED if validated else Status.SUBMITTED,
        members=max(1, members + rng.randint(-10, 15)),
        volunteers=org.volunteer_count,
        has_website=bool(org.website) or rng.random() < 0.1,
        has_flyer=rng.random() < 0.55,
        saved_at=submitted,
        submitted_at=submitted,
        validated_at=_stamp(day + timedelta(days=rng.randint(3, 20)), 10) if validated else None,
        validated_by=world.coordinator if validated else None,
    )


def _answer(
    rng: random.Random, profile: str, key: str, association: Association, later: bool
) -> dict:
    competences, needs = PROFILES[profile]
    competence, need = rng.choice(competences), rng.choice(needs)
    if key == "bookkeeping":
        competence, need = _clip(competence - 1), _clip(need + 1)
    if key == "public_relations" and profile == "strong":
        competence = _clip(competence + 1)
    if later and association.stage == Step.ENROLLED and rng.random() < 0.4:
        competence, need = _clip(competence + 1), _clip(need - 1)
    willing = competence >= 4 and rng.random() < 0.8
    return {
        "competence": competence,
        "need": need,
        "willing": willing,
        "capacity": rng.choice((1, 2, 3)) if willing else None,
        "comment": rng.choice(REMARKS) if rng.random() < 0.08 else "",
    }
