"""Demo: the 2007 baseline wave of the strengths/weaknesses analysis.

From the source (VO/0985/07): the contracted office interviews the 25 enrolled associations
between June and August 2007 on seven fields. The need differs strongly by association and
by field: some associations are strong in public relations, with websites; others have no
experience at all, not even a flyer. Bookkeeping comes out near the top of the need.

The answers are generated from `ctx.rng` around three profiles, so every load gives the
same data; `load` checks that bookkeeping really ranks among the top two.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vereinsforum.accounts.models import User
from vereinsforum.demo.context import DemoContext
from vereinsforum.needs import services
from vereinsforum.needs.evaluation import evaluate_wave
from vereinsforum.needs.inputs import AnswerValues, InterviewGeneral
from vereinsforum.needs.models import Interview, Mode, Premises, Wave
from vereinsforum.programmes.models import InterviewerAssignment

WAVE_TITLE = "Stärken/Schwächen-Analyse 2007 (Basiserhebung)"
PERIOD = (date(2007, 6, 1), date(2007, 8, 31))
#: Strong in public relations, with a website (the scenario gives these associations one).
STRONG = {0, 4, 8, 12, 16, 20}
#: No experience with any media: no website, not even a flyer.
NEWCOMERS = {3, 5, 13, 17, 18, 22, 23}

#: (competence choices, need choices) per field and profile; the rng picks from them.
PROFILES = {
    "strong": {
        "project_work": ([3, 4, 5], [1, 2, 3]),
        "public_relations": ([4, 5, 5], [1, 1, 2]),
        "work_organisation": ([3, 4, 4], [2, 2, 3]),
        "bookkeeping": ([2, 3, 3], [3, 4, 4]),
        "pc_skills": ([4, 5], [1, 2]),
        "rhetoric": ([3, 4, 5], [1, 2, 3]),
    },
    "middle": {
        "project_work": ([2, 3, 3], [2, 3, 4]),
        "public_relations": ([2, 3], [3, 3, 4, 4]),
        "work_organisation": ([2, 3, 3], [2, 3, 3, 4]),
        "bookkeeping": ([1, 2, 2], [3, 4, 4, 5]),
        "pc_skills": ([2, 3, 4], [2, 3, 4]),
        "rhetoric": ([2, 3], [2, 3, 3, 4]),
    },
    "newcomer": {
        "project_work": ([1, 1, 2], [4, 5]),
        "public_relations": ([1], [4, 5, 5]),
        "work_organisation": ([1, 2], [3, 4, 4]),
        "bookkeeping": ([1, 1, 2], [4, 5, 5]),
        "pc_skills": ([1, 1, 2], [4, 5]),
        "rhetoric": ([1, 2], [3, 4, 4]),
    },
}
#: Premises do not follow the profiles: some associations own rooms, others have none.
PREMISES_NEED = {1: Premises.OWNED, 2: Premises.RENTED, 4: Premises.SHARED, 5: Premises.NONE}

REMARKS = {
    "bookkeeping": [
        "Kassenprüfung und Jahresabschluss macht der Kassierer allein, ohne Vorlagen.",
        "Unsicherheit bei Spendenquittungen und Gemeinnützigkeit.",
        "Wünscht eine Grundlagenschulung Vereinsbuchhaltung.",
    ],
    "public_relations": [
        "Eigene Internetseite, wird von Jugendlichen des Vereins gepflegt.",
        "Bisher kein Faltblatt; Einladungen nur mündlich.",
    ],
    "premises": [
        "Treffen in der Wohnung des Vorsitzenden.",
        "Eigene Räume, können an andere Vereine vermietet werden.",
    ],
}


def _profile(index: int) -> str:
    if index in STRONG:
        return "strong"
    if index in NEWCOMERS:
        return "newcomer"
    return "middle"


def _dates(rng, count: int) -> list[date]:
    start, end = PERIOD
    span = (end - start).days
    days = sorted(rng.sample(range(3, span - 1), count))
    # No interviews on Sundays; the office works Monday to Saturday.
    out = []
    for d in days:
        day = start + timedelta(days=d)
        out.append(day - timedelta(days=1) if day.weekday() == 6 else day)
    return out


def load(ctx: DemoContext) -> None:
    programme = ctx.programme
    if Wave.objects.filter(programme=programme, title=WAVE_TITLE).exists():
        ctx.say("Needs analysis already loaded – kept as it is.")
        return
    rng = ctx.rng
    coordinator = ctx.users["coordinator"]
    version = programme.instrument_versions.published().order_by("-number").first()
    if version is None:
        version = services.instrument_version_create(
            actor=coordinator,
            programme=programme,
            note="Erste Fassung für die Basiserhebung 2007",
        )
        version = services.instrument_version_publish(actor=coordinator, version=version)
    wave = services.wave_create(
        actor=coordinator,
        programme=programme,
        title=WAVE_TITLE,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        instrument=version,
    )
    interviewers = {
        a.organisation_id: a.interviewer
        for a in InterviewerAssignment.objects.filter(programme=programme).select_related(
            "interviewer"
        )
    }
    fallback = User.objects.filter(username="interview2").first() or ctx.users["interviewer"]
    fields = list(version.ordered_fields())
    enrolled = ctx.associations[:25]
    for index, (organisation, day) in enumerate(
        zip(enrolled, _dates(rng, len(enrolled)), strict=True)
    ):
        interviewer = interviewers.get(organisation.pk, fallback)
        interview = services.interview_start(
            actor=interviewer,
            wave=wave,
            organisation=organisation,
            mode=Mode.INTERVIEW,
            conducted_on=day,
        )
        profile = PROFILES[_profile(index)]
        answers: dict[int, AnswerValues] = {}
        premises_need = rng.choice([1, 1, 2, 2, 4, 5, 5])
        for f in fields:
            if f.key == "premises":
                competence, need = rng.choice([2, 3, 3, 4]), premises_need
            else:
                competences, needs = profile.get(f.key, ([2, 3], [2, 3]))
                competence, need = rng.choice(competences), rng.choice(needs)
            willing = competence >= 4 and rng.random() < 0.8
            comment = rng.choice(REMARKS[f.key]) if f.key in REMARKS and rng.random() < 0.3 else ""
            answers[f.pk] = AnswerValues(
                competence=competence,
                need=need,
                willing=willing,
                capacity=rng.choice([1, 2, 3]) if willing else None,
                comment=comment,
            )
        strong_pr = index in STRONG
        newcomer = index in NEWCOMERS
        general = InterviewGeneral(
            conducted_on=day,
            premises=PREMISES_NEED[premises_need],
            has_website=strong_pr or bool(organisation.website),
            has_flyer=False if newcomer else (True if strong_pr else rng.random() < 0.6),
        )
        errors = services.interview_save(
            actor=interviewer, interview=interview, general=general, answers=answers
        )
        if errors:
            raise RuntimeError(f"demo answers rejected: {errors}")
        services.interview_submit(actor=interviewer, interview=interview)
        services.interview_validate(actor=coordinator, interview=interview)
        # The services stamp the real time; the story happened in 2007, so the demo backdates.
        stamp = timezone.make_aware(datetime.combine(day, time(17, 30)))
        Interview.objects.filter(pk=interview.pk).update(
            saved_at=stamp,
            submitted_at=stamp,
            validated_at=timezone.make_aware(datetime.combine(date(2007, 9, 14), time(10, 0))),
        )

    evaluation = evaluate_wave(wave)
    if evaluation is None:
        raise RuntimeError("demo story broken: the wave has too few answers to evaluate")
    rank = next(f.rank for f in evaluation.fields if f.key == "bookkeeping")
    if rank > 2:
        raise RuntimeError(f"demo story broken: bookkeeping ranks {rank}, expected the top two")
    top = ", ".join(
        f"{f.rank}. {f.name} {f.share_high.estimate:.0%}" for f in evaluation.ranking[:3]
    )
    ctx.say(f"Needs analysis: {evaluation.n} interviews June–August 2007; top need: {top}.")
