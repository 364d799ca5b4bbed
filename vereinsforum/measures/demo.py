"""The measures the forum decided at its 1st session (2007-10-10), with their timelines.

From the source (VO/0985/07): bookkeeping took one of the top places; the forum asked for a
basic training, formed a working group that writes a guide for all associations; a training
on public relations was already scheduled (18 registrations by 2007-11-12), and a workshop
with the migration services was planned for January 2008. Each measure is created from its
resolution (so it points back to it and to the prioritisation poll) and linked to the events
the events demo made for it. The titles are looked up by other demo steps: keep them.

The source ends in November 2007. What happened next is the demo's own continuation, so
that the status report as of 2008-06-30 has results to state: the public-relations training
on 2007-12-01 (two of its 18 registrants did not come), the workshop with the migration
services on 2008-01-23 (the four services and ten associations), the basic training on
2008-03-08 (fourteen treasurers registered, thirteen came) and the guide, published on
2008-04-23 (the guides demo publishes it). Attendance is recorded from the signed lists after
each event, through the same service the office uses; every measure's timeline follows.
The working group goes on meeting, so its measure stays running.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.events.models import Event, RegistrationStatus
from vereinsforum.events.services.door import attendance_record
from vereinsforum.events.services.registration import registration_create
from vereinsforum.forum.models import AgendaItem
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.measures.services import (
    MeasureDraft,
    measure_status_change,
    measures_from_resolution,
)
from vereinsforum.organisations.models import AffiliationRole, Person

FIRST_SESSION = date(2007, 10, 10)

BASIC_TRAINING = "Grundlagenschulung Vereinsbuchhaltung"
WORKING_GROUP = "Arbeitsgruppe Vereinsbuchhaltung"
GUIDE = "Leitfaden Vereinsbuchhaltung"
PR_TRAINING = "Schulung Öffentlichkeitsarbeit"
WORKSHOP = "Workshop mit den Migrationsdiensten"

#: One measure decided: (title, kind, field keys, description, targets (participants,
#: associations), event titles, timeline after "planned" on the session's day:
#: (status, date, note)).
Decision = tuple[
    str,
    MeasureKind,
    list[str],
    str,
    tuple[int | None, int | None],
    list[str],
    list[tuple[MeasureStatus, date, str]],
]

#: Agenda item of the 1st session (forum/demo.py AGENDA) → the measures it decided.
DECIDED: dict[str, list[Decision]] = {
    "Thema Buchhaltung: Grundlagenschulung": [
        (
            BASIC_TRAINING,
            MeasureKind.TRAINING,
            ["bookkeeping"],
            "Eintägige Grundlagenschulung für Kassiererinnen, Kassierer und Vorstände: "
            "Einnahmen-Überschuss-Rechnung, Kassenbuch, Belege, Gemeinnützigkeit und "
            "Zuwendungsbestätigungen.",
            (16, 12),
            ["Grundlagenschulung Vereinsbuchhaltung"],
            [
                (
                    MeasureStatus.SCHEDULED,
                    date(2007, 11, 20),
                    "Termin 8. März 2008 an der Volkshochschule.",
                ),
                (MeasureStatus.RUNNING, date(2008, 1, 7), "Die Anmeldung ist geöffnet."),
            ],
        ),
    ],
    "Thema Buchhaltung: Arbeitsgruppe": [
        (
            WORKING_GROUP,
            MeasureKind.WORKING_GROUP,
            ["bookkeeping"],
            "Vereine mit erfahrenen Kassiererinnen und Kassierern geben ihr Wissen als "
            "Multiplikatoren weiter und schreiben den Leitfaden.",
            (8, 6),
            ["Arbeitsgruppe Leitfaden Buchhaltung – 1. Treffen"],
            [
                (
                    MeasureStatus.SCHEDULED,
                    date(2007, 10, 15),
                    "Sechs Vereine zum ersten Treffen eingeladen.",
                ),
                (
                    MeasureStatus.RUNNING,
                    date(2007, 11, 7),
                    "Erstes Treffen: Gliederung und Zeitplan.",
                ),
            ],
        ),
    ],
    "Thema Buchhaltung: Leitfaden für alle Vereine": [
        (
            GUIDE,
            MeasureKind.GUIDE,
            ["bookkeeping"],
            "Die wesentlichen Informationen zur Buchhaltung eines Vereins, von der "
            "Arbeitsgruppe beschrieben und allen Migrantenselbstorganisationen zur Verfügung "
            "gestellt.",
            (None, 25),
            [],
            [
                (
                    MeasureStatus.SCHEDULED,
                    date(2007, 10, 15),
                    "Zeitplan: Entwurf bis Frühjahr 2008.",
                ),
                (
                    MeasureStatus.RUNNING,
                    date(2007, 11, 7),
                    "Kapitel in der Arbeitsgruppe verteilt.",
                ),
            ],
        ),
    ],
    "Priorisierung der Themenfelder": [
        (
            PR_TRAINING,
            MeasureKind.TRAINING,
            ["public_relations"],
            "Pressemitteilung, Flyer und Vereinswebseite: Grundlagen der "
            "Öffentlichkeitsarbeit für Vereine ohne eigene Erfahrung.",
            (20, 12),
            ["Schulung Öffentlichkeitsarbeit für Vereine"],
            [
                (
                    MeasureStatus.SCHEDULED,
                    date(2007, 10, 11),
                    "Termin 1. Dezember 2007, Anmeldung geöffnet.",
                )
            ],
        ),
        (
            WORKSHOP,
            MeasureKind.WORKSHOP,
            ["project_work"],
            "Gemeinsamer Workshop der Vereine mit den Migrationsdiensten der "
            "Wohlfahrtsverbände: welcher Unterstützungsbedarf kann durch professionelle Dienste "
            "gedeckt werden?",
            (30, 15),
            ["Workshop mit den Migrationsdiensten"],
            [
                (
                    MeasureStatus.SCHEDULED,
                    date(2007, 11, 5),
                    "Einladungen an Vereine und Dienste verschickt.",
                )
            ],
        ),
    ],
}


def _day(moment) -> date:
    return timezone.localdate(moment)


def load(ctx: DemoContext) -> None:
    programme = ctx.programme
    if Measure.objects.filter(programme=programme, title=BASIC_TRAINING).exists():
        ctx.say("Measures already loaded – kept as they are.")
        return
    items = {
        item.title: item
        for item in AgendaItem.objects.filter(
            session__body__programme=programme, session__event__start__date=FIRST_SESSION
        )
    }
    if not items:
        raise CommandError(
            "The measures demo needs the 1st forum session's resolutions, which the forum demo "
            "(vereinsforum.forum.demo) records; run the whole demo (`load_demo`)."
        )
    actor = ctx.actor
    fields = {f.key: f for f in programme.fields.all()}
    events = {e.title: e for e in Event.objects.filter(programme=programme)}
    lead = Person.objects.filter(
        affiliations__organisation=ctx.department, last_name="Visser"
    ).first()
    created = []
    for item_title, decided in DECIDED.items():
        drafts = [
            MeasureDraft(
                title=title,
                kind=kind,
                fields=[fields[key] for key in keys],
                description=description,
                responsible_organisation=ctx.department,
                # The lead of the project team answers for the trainings.
                responsible_person=lead if kind == MeasureKind.TRAINING else None,
                target_participants=targets[0],
                target_associations=targets[1],
                events=[events[name] for name in event_titles],
                start=_day(min(events[name].start for name in event_titles))
                if event_titles
                else None,
                end=_day(max(events[name].end for name in event_titles)) if event_titles else None,
            )
            for title, kind, keys, description, targets, event_titles, _steps in decided
        ]
        measures = measures_from_resolution(
            actor=actor, agenda_item=items[item_title], items=drafts
        )
        for measure, (*_rest, steps) in zip(measures, decided, strict=True):
            for status, on, note in steps:
                measure_status_change(actor=actor, measure=measure, status=status, on=on, note=note)
            created.append(measure)
    ctx.say(f"Measures: {len(created)} from the 1st forum session's resolutions.")
    _what_happened_next(ctx, {m.title: m for m in created}, events)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _contact(org, role=AffiliationRole.CHAIR) -> Person:
    return org.affiliations.get(role=role).person


def _attend(ctx: DemoContext, event: Event, registrations, *, after: timedelta) -> int:
    return attendance_record(
        actor=ctx.actor,
        event=event,
        attendees=[(r.organisation, r.person) for r in registrations],
        at=event.end + after,
    )


def _what_happened_next(ctx: DemoContext, measures: dict, events: dict) -> None:
    """December 2007 to June 2008: the events held, their attendance, the timelines."""
    actor = ctx.actor
    enrolled = ctx.associations[:25]

    def step(title: str, status: MeasureStatus, on: date, note: str) -> None:
        measure_status_change(actor=actor, measure=measures[title], status=status, on=on, note=note)

    # The public-relations training: the last two registrants sent apologies.
    training = events["Schulung Öffentlichkeitsarbeit für Vereine"]
    seated = list(
        training.registrations.filter(status=RegistrationStatus.REGISTERED).order_by(
            "created", "pk"
        )
    )
    came = seated[: len(seated) - 2]
    _attend(ctx, training, came, after=timedelta(days=2))
    day = timezone.localdate(training.start)
    step(PR_TRAINING, MeasureStatus.RUNNING, day, "Die Schulung hat stattgefunden.")
    step(
        PR_TRAINING,
        MeasureStatus.DONE,
        day + timedelta(days=2),
        f"Teilnahmeliste erfasst: {len(came)} Personen aus "
        f"{len({r.organisation_id for r in came})} Vereinen.",
    )

    # The workshop: the services registered in November; ten associations follow.
    workshop = events["Workshop mit den Migrationsdiensten"]
    for index, org in enumerate(enrolled[:10]):
        registration_create(
            actor=actor,
            event=workshop,
            person=_contact(org),
            organisation=org,
            at=_at(date(2007, 12, 3), 9) + timedelta(days=index),
        )
    present = workshop.registrations.filter(status=RegistrationStatus.REGISTERED)
    _attend(ctx, workshop, list(present), after=timedelta(days=1))
    day = timezone.localdate(workshop.start)
    step(
        WORKSHOP,
        MeasureStatus.RUNNING,
        day,
        "Workshop mit den vier Migrationsdiensten und zehn Vereinen.",
    )
    step(
        WORKSHOP,
        MeasureStatus.DONE,
        day + timedelta(days=1),
        "Ergebnis: welche Bedarfe die Dienste decken können, steht in der Deckungsübersicht.",
    )

    # The basic training: fourteen treasurers register once registration opens; one is ill.
    basic = events["Grundlagenschulung Vereinsbuchhaltung"]
    treasurers = [
        org for org in enrolled if org.affiliations.filter(role=AffiliationRole.TREASURER)
    ]
    registered = [
        registration_create(
            actor=actor,
            event=basic,
            person=_contact(org, AffiliationRole.TREASURER),
            organisation=org,
            at=basic.registration_opens + timedelta(days=index, hours=2),
        )
        for index, org in enumerate(treasurers[:14])
    ]
    _attend(ctx, basic, registered[:-1], after=timedelta(days=1))
    step(
        BASIC_TRAINING,
        MeasureStatus.DONE,
        timezone.localdate(basic.start) + timedelta(days=1),
        f"Teilnahmeliste erfasst: {len(registered) - 1} Kassiererinnen und Kassierer.",
    )

    # The guide: published on 2008-04-23 (guides demo).
    step(GUIDE, MeasureStatus.DONE, date(2008, 4, 23), "Leitfaden veröffentlicht.")
