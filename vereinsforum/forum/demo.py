"""The forum of associations in the demo: its 25 members and the 1st session on 2007-10-10.

From the source (VO/0985/07): the results of the interviews are presented at the 1st forum
session, the forum prioritises the seven fields, bookkeeping takes one of the top places; a
basic bookkeeping training is needed, and a working group is formed that writes a guide
(Leitfaden) for all associations. The session itself is created by the events demo; this
step only looks it up and fails clearly when it is missing.

The forum continues as a permanent body: its next session, which the events demo dates three
weeks after the day of loading, gets an agenda and a dot-voting poll on the coming year's
priorities that is open now and closes with the session; twelve members have voted, Anadolu
e.V. (the demo login `verein`, its delegate) has not.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.demo.scenario import ENROLLED_ON
from vereinsforum.events.demo_continuation import CONTINUATION_DAYS, continuation_session
from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.models import (
    ForumBody,
    ForumSession,
    ItemResult,
    PollMethod,
    ResolutionKind,
)
from vereinsforum.forum.services.ballots import ballot_cast, paper_ballot_enter
from vereinsforum.forum.services.bodies import body_create, membership_add
from vereinsforum.forum.services.polls import poll_close, poll_create
from vereinsforum.forum.services.sessions import (
    agenda_item_add,
    agenda_item_update,
    session_minutes_save,
    session_prepare,
)
from vereinsforum.organisations.models import AffiliationRole

FIRST_SESSION = date(2007, 10, 10)

RULES = (
    "Das Forum der Vereine ist das ständige Gremium der am Projekt beteiligten "
    "Migrantenselbstorganisationen. Jeder Mitgliedsverein hat eine Stimme, die seine "
    "Delegierte oder sein Delegierter abgibt, im Verhinderungsfall die Stellvertretung. "
    "Abstimmungen sind geheim, sofern das Forum nichts anderes beschließt. Eine Abstimmung "
    "ist gültig, wenn mindestens die Hälfte der Mitglieder einen Stimmzettel abgegeben hat."
)

#: How strongly the associations, on average, want each field first (the interviews showed
#: bookkeeping, project work and public relations as the most pressing needs).
APPEAL = {
    "bookkeeping": 3.4,
    "project_work": 2.7,
    "public_relations": 2.5,
    "pc_skills": 2.0,
    "work_organisation": 1.6,
    "premises": 1.2,
    "rhetoric": 1.0,
}

AGENDA = [
    ("Begrüßung und Feststellung der Tagesordnung", "", ItemResult.NOTED, ResolutionKind.NONE, ""),
    (
        "Vorstellung der Ergebnisse der Stärken/Schwächen-Analyse",
        "Das Organisationsbüro stellt das Gesamtergebnis der Befragung der 25 Vereine "
        "(Juni bis August 2007) vor.",
        ItemResult.NOTED,
        ResolutionKind.NONE,
        "",
    ),
    (
        "Priorisierung der Themenfelder",
        "Rangfolge-Abstimmung über die sieben Themenfelder, ausgezählt nach Schulze.",
        ItemResult.ADOPTED,
        ResolutionKind.OTHER,
        "Das Forum priorisiert die sieben Themenfelder nach dem Ergebnis der Abstimmung. "
        "Entlang dieser Gewichtung werden die konkreten Maßnahmen entworfen.",
    ),
    (
        "Thema Buchhaltung: Grundlagenschulung",
        "Das Thema Buchhaltung nahm einen der vorderen Plätze ein und wird weitergehend "
        "diskutiert.",
        ItemResult.ADOPTED,
        ResolutionKind.TRAINING,
        "Für die Vereine wird eine Grundlagenschulung Buchhaltung angeboten.",
    ),
    (
        "Thema Buchhaltung: Arbeitsgruppe",
        "",
        ItemResult.ADOPTED,
        ResolutionKind.WORKING_GROUP,
        "Es wird eine Arbeitsgruppe Buchhaltung gebildet. Die Vereine geben darin ihre "
        "Kompetenzen und Ressourcen als Multiplikatoren weiter.",
    ),
    (
        "Thema Buchhaltung: Leitfaden für alle Vereine",
        "",
        ItemResult.ADOPTED,
        ResolutionKind.GUIDE,
        "Die Arbeitsgruppe beschreibt die wesentlichen Informationen zur Buchhaltung in "
        "einem Leitfaden, der allen Migrantenselbstorganisationen zur Verfügung gestellt wird.",
    ),
    (
        "Verschiedenes und nächste Sitzung",
        "Schulung Öffentlichkeitsarbeit, Workshop mit den Migrationsdiensten im Januar 2008.",
        ItemResult.NOTED,
        ResolutionKind.NONE,
        "",
    ),
]

MINUTES = """
<h2>Protokoll der 1. Sitzung des Forums der Vereine</h2>
<p><strong>Datum:</strong> 10. Oktober 2007, 18:00–21:00 Uhr.
<strong>Leitung:</strong> Ressort 204 – Zuwanderung und Integration.</p>
<h3>TOP 2: Ergebnisse der Stärken/Schwächen-Analyse</h3>
<p>Das Organisationsbüro stellt das Gesamtergebnis der Befragung vor. Der Unterstützungsbedarf
in den Feldern Projektarbeit, Öffentlichkeitsarbeit, Arbeitsorganisation, Buchhaltung,
PC-Kenntnisse, Räumlichkeiten und Rhetorik wird bestätigt. Er ist in Intensität und von Thema
zu Thema sehr unterschiedlich: Einige Vereine haben sehr gute Kompetenzen in der
Öffentlichkeitsarbeit, insbesondere mit eigener Internetpräsentation, andere haben noch keine
Erfahrung, etwa mit Textverarbeitung oder einem einfachen Faltblatt.</p>
<h3>TOP 3: Priorisierung der Themenfelder</h3>
<p>Die anwesenden Mitgliedsvereine stimmen geheim über die Rangfolge der sieben Themenfelder
ab (Rangfolge-Stimmzettel, Auszählung nach Schulze). Das Ergebnis und seine Erläuterung sind
der Abstimmung beigefügt. Die Maßnahmen werden entlang dieser Gewichtung entworfen.</p>
<h3>TOP 4–6: Thema Buchhaltung</h3>
<p>Die Buchhaltung nimmt einen der vorderen Plätze ein. Das Forum hält eine
<strong>Grundlagenschulung</strong> für erforderlich und bildet eine
<strong>Arbeitsgruppe</strong>, die die wesentlichen Informationen in einem
<strong>Leitfaden</strong> beschreibt, der allen Vereinen zur Verfügung gestellt wird.</p>
<h3>TOP 7: Verschiedenes</h3>
<ul>
<li>Für die Schulung Öffentlichkeitsarbeit ist ein Termin gefunden.</li>
<li>Im Januar 2008 ist ein gemeinsamer Workshop mit den Migrationsdiensten geplant.</li>
<li>Im Rahmen des Projektes folgen drei weitere Forumssitzungen.</li>
</ul>
"""


def load(ctx: DemoContext) -> None:
    body = ForumBody.objects.filter(programme=ctx.programme).first()
    if body is None:
        body = _load_2007(ctx)
    else:
        ctx.say("Forum already loaded – kept as it is.")
    _load_continuation(ctx, body)


def _load_2007(ctx: DemoContext) -> ForumBody:
    programme = ctx.programme
    sessions = Event.objects.filter(programme=programme, kind=EventKind.FORUM_SESSION).order_by(
        "start"
    )
    first = sessions.first()
    if first is None or timezone.localdate(first.start) != FIRST_SESSION:
        raise CommandError(
            "The forum demo needs the 1st forum session on 2007-10-10, which the events demo "
            "(vereinsforum.events.demo) creates; run the whole demo (`load_demo`) or the events "
            "step first."
        )
    actor, rng = ctx.actor, ctx.rng
    staff = ctx.users.get("coordinator") or actor

    body = body_create(
        actor=actor,
        programme=programme,
        name="Forum der Vereine",
        quorum_percent=50,
        secret_ballots=True,
        rules=RULES,
    )
    members = ctx.associations[:25]
    for org in members:
        chair = org.affiliations.get(role=AffiliationRole.CHAIR).person
        treasurer = org.affiliations.filter(role=AffiliationRole.TREASURER).first()
        membership_add(
            actor=actor,
            body=body,
            organisation=org,
            start=ENROLLED_ON,
            delegate=chair,
            deputy=treasurer.person if treasurer else None,
        )

    session = session_prepare(actor=actor, body=body, event=first)
    items = []
    for title, description, result, kind, resolution in AGENDA:
        item = agenda_item_add(
            actor=actor, body=body, event=first, title=title, description=description
        )
        items.append(
            agenda_item_update(
                actor=actor,
                item=item,
                title=title,
                description=description,
                resolution=resolution,
                resolution_kind=kind,
                result=result,
            )
        )
    session_minutes_save(actor=actor, body=body, event=first, minutes=MINUTES)

    opens = first.start + timedelta(hours=1)
    poll = poll_create(
        actor=actor,
        body=body,
        title="Priorisierung der Themenfelder",
        description=(
            "Bringen Sie die sieben Themenfelder in die Reihenfolge, in der Ihr Verein "
            "Unterstützung braucht. Gleiche Plätze sind erlaubt; nicht eingestufte Felder "
            "zählen hinter allen eingestuften."
        ),
        method=PollMethod.SCHULZE,
        opens_at=opens,
        closes_at=opens + timedelta(minutes=45),
        secret=True,
        changeable=False,
        session=session,
        agenda_item=items[2],
    )
    options = list(poll.options.select_related("field"))

    # The associations that attended the session vote; most online, a few on paper.
    attending = set(first.attending_organisations().values_list("pk", flat=True))
    voters = [org for org in members if org.pk in attending] or members[:21]
    for index, org in enumerate(voters):
        raw = _ranked_ballot(options, rng)
        at = opens + timedelta(minutes=2 + index)
        if index % 7 == 6:
            paper_ballot_enter(
                actor=staff,
                poll=poll,
                organisation=org,
                choices=raw,
                now=opens + timedelta(minutes=44),
            )
        else:
            ballot_user = ctx.users.get("representative")
            voter = ballot_user if ballot_user and ballot_user.acting_for_id == org.pk else actor
            ballot_cast(actor=voter, poll=poll, organisation=org, choices=raw, now=at)
    poll = poll_close(actor=staff, poll=poll, now=opens + timedelta(minutes=50))
    top = [o.field.key for o in poll.ranked_options()[:3] if o.field is not None]
    ctx.say(
        f"Forum: {len(members)} members, {poll.tally['ballots']} ballots; "
        f"top places {', '.join(top)}."
    )
    if "bookkeeping" not in top:
        raise CommandError("Demo poll: bookkeeping must take one of the top places.")
    return body


def _ranked_ballot(options, rng) -> dict[str, int]:
    """A ranked ballot: appeal plus noise; some rank only their top four, some tie two."""
    noisy = sorted(options, key=lambda o: APPEAL[o.field.key] + rng.gauss(0, 0.9), reverse=True)
    keep = len(noisy) if rng.random() < 0.7 else 4
    places: dict[str, int] = {}
    place = 0
    for index, option in enumerate(noisy[:keep]):
        tie_with_previous = index > 0 and rng.random() < 0.12
        if not tie_with_previous:
            place += 1
        places[str(option.pk)] = place
    return places


# ---- the continuation: the next session and its open poll -----------------------------------

CONTINUATION_AGENDA = [
    ("Begrüßung und Feststellung der Tagesordnung", ""),
    (
        "Bericht der Arbeitsgruppe Buchhaltung: der überarbeitete Leitfaden",
        "Die Arbeitsgruppe stellt die neuen Kapitel zu Zuwendungsbestätigungen und zur "
        "Kassenprüfung vor.",
    ),
    (
        "Rückblick auf die Schulungen des Jahres",
        "Tabellenkalkulation für die Vereinskasse, Aufbaukurs Buchhaltung, Fördermittel "
        "beantragen: Teilnahme und Rückmeldungen der Vereine.",
    ),
    (
        "Schwerpunkte für das kommende Jahr",
        "Ergebnis der Punkteabstimmung über die sieben Themenfelder; entlang dieser "
        "Gewichtung plant das Integrationsbüro die Maßnahmen des kommenden Jahres.",
    ),
    ("Verschiedenes und nächste Sitzung", ""),
]

#: How strongly the members want each field next year: bookkeeping has had its courses,
#: funding applications (project work) and premises weigh more now.
APPEAL_NOW = {
    "project_work": 3.0,
    "premises": 2.2,
    "public_relations": 2.0,
    "pc_skills": 1.6,
    "bookkeeping": 1.4,
    "work_organisation": 1.2,
    "rhetoric": 1.0,
}
POINTS, MAX_PER_FIELD = 10, 4


def _load_continuation(ctx: DemoContext, body: ForumBody) -> None:
    event = continuation_session(ctx.programme)
    if event is None:
        ctx.say("Forum: the events step has not added the continuation's session.")
        return
    if ForumSession.objects.filter(event=event).exists():
        ctx.say("Forum continuation already loaded – kept as it is.")
        return
    actor = ctx.actor
    # The day the events step dated the continuation from (not today: loading may span
    # midnight), so that the poll opened a week before that day, as the invitations did.
    today = timezone.localdate(event.start) - timedelta(days=CONTINUATION_DAYS["session"])

    def ago(days: int, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(today - timedelta(days=days), time(hour)))

    session = session_prepare(actor=actor, body=body, event=event)
    items = [
        agenda_item_add(actor=actor, body=body, event=event, title=title, description=text)
        for title, text in CONTINUATION_AGENDA
    ]
    poll = poll_create(
        actor=actor,
        body=body,
        title="Schwerpunkte für das kommende Jahr",
        description=(
            f"Verteilen Sie bis zu {POINTS} Punkte auf die Themenfelder, höchstens "
            f"{MAX_PER_FIELD} auf ein Feld: je mehr Punkte, desto dringender braucht Ihr Verein "
            "im kommenden Jahr Unterstützung in diesem Feld. Bis zum Ende der Sitzung kann der "
            "Stimmzettel mit dem Änderungscode geändert werden."
        ),
        method=PollMethod.DOTS,
        points_per_ballot=POINTS,
        max_points_per_option=MAX_PER_FIELD,
        opens_at=ago(7, 9),
        closes_at=event.end,
        secret=True,
        changeable=True,
        session=session,
        agenda_item=items[3],
    )
    options = list(poll.options.select_related("field"))
    # Its own generator: the 2007 story draws from ctx.rng, and must not shift with this.
    rng = random.Random(20071010)  # noqa: S311 - demo data
    voters = ctx.associations[1:13]  # twelve members; Anadolu e.V. has not voted yet
    for index, org in enumerate(voters):
        ballot_cast(
            actor=actor,
            poll=poll,
            organisation=org,
            choices=_dots_ballot(options, rng),
            now=ago(6 - index // 2, 10 + index % 8),
        )
    ctx.say(f"Forum continuation: session on {timezone.localdate(event.start)}, poll open.")


def _dots_ballot(options, rng) -> dict[str, int]:
    """All points, one at a time, to fields drawn by their appeal, at most four per field."""
    points = {str(o.pk): 0 for o in options}
    weights = {str(o.pk): APPEAL_NOW[o.field.key] for o in options}
    for _ in range(POINTS):
        open_keys = [k for k in points if points[k] < MAX_PER_FIELD]
        key = rng.choices(open_keys, weights=[weights[k] for k in open_keys])[0]
        points[key] += 1
    return {k: v for k, v in points.items() if v}
