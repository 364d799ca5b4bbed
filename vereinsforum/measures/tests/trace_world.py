"""A small world for the traceability and accountability tests.

Seven associations answered in two waves (need in bookkeeping given below); a counted poll
put bookkeeping first; a running training in bookkeeping with two events held, where six of
the associations checked in seven people; a planned working group; an idea (not public);
the representative's association is enrolled, the outsider's is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vereinsforum.events.models import Event, EventKind, Registration, RegistrationStatus
from vereinsforum.forum.models import AgendaItem, ForumBody, ForumSession, Poll, PollOption
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus, StatusChange
from vereinsforum.needs import services as needs_services
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.programmes.models import Participation, Step
from vereinsforum.testing import factories

#: Need in bookkeeping of associations 0–6 in the two waves (other fields: 2).
BEFORE = [5, 5, 4, 4, 3, 2, 1]
AFTER = [3, 4, 4, 2, 3, 2, 1]
#: Associations (by index) checked in at the training's events, one person each, and one
#: more person of association 0.
REACHED = [0, 1, 2, 3, 4, 5]


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class TraceWorld:
    programme: object
    field: object
    orgs: list
    training: Measure
    group: Measure
    idea: Measure
    poll: Poll
    agenda_item: AgendaItem
    session_event: Event
    people: list


def _needs(wave, field_key: str, values: list[int], orgs) -> None:
    keys = [f.key for f in wave.instrument.ordered_fields()]
    rows = [[v if k == field_key else 2 for k in keys] for v in values]
    fill(wave, rows, organisations=orgs)


def build(programme, coordinator, *, enrolled=(), waves: int = 2, n: int = 7) -> TraceWorld:
    field = programme.fields.get(key="bookkeeping")
    orgs = [factories.OrganisationFactory(name=f"Trace-Verein {i} e.V.") for i in range(7)]
    for org in enrolled:
        participation = Participation.objects.create(programme=programme, organisation=org)
        participation.steps.create(step=Step.ENROLLED, date=date(2007, 5, 14))
    draft = needs_services.instrument_version_create(actor=coordinator, programme=programme)
    version = needs_services.instrument_version_publish(actor=coordinator, version=draft)
    first = needs_services.wave_create(
        actor=coordinator,
        programme=programme,
        title="Basiserhebung 2007",
        period_start=date(2007, 6, 1),
        period_end=date(2007, 8, 31),
        instrument=version,
    )
    _needs(first, "bookkeeping", BEFORE[:n], orgs[:n])
    if waves == 2:
        second = needs_services.wave_create(
            actor=coordinator,
            programme=programme,
            title="Folgebefragung 2008",
            period_start=date(2008, 6, 1),
            period_end=date(2008, 8, 31),
            instrument=version,
        )
        _needs(second, "bookkeeping", AFTER[:n], orgs[:n])

    body = ForumBody.objects.create(programme=programme, name="Forum der Vereine")
    session_event = Event.objects.create(
        programme=programme,
        kind=EventKind.FORUM_SESSION,
        title="1. Forumssitzung",
        start=at(date(2007, 10, 10), 18),
        end=at(date(2007, 10, 10), 21),
    )
    session = ForumSession.objects.create(body=body, event=session_event)
    item = AgendaItem.objects.create(
        session=session,
        position=1,
        title="Thema Buchhaltung: Grundlagenschulung",
        resolution="Eine Grundlagenschulung wird angeboten.",
        resolution_kind="training",
    )
    poll = Poll.objects.create(
        body=body,
        session=session,
        title="Gewichtung der Themenfelder",
        method="borda",
        opens_at=at(date(2007, 10, 10), 18),
        closes_at=at(date(2007, 10, 10), 19),
        counted_at=at(date(2007, 10, 10), 19),
    )
    for position, (f, weight, rank) in enumerate(
        [
            (field, 0.4, 1),
            (programme.fields.get(key="project_work"), 0.35, 2),
            (programme.fields.get(key="rhetoric"), 0.25, 3),
        ],
        start=1,
    ):
        PollOption.objects.create(
            poll=poll, position=position, label=f.name, field=f, weight=weight, rank=rank
        )

    day1, day2 = date(2008, 2, 23), date(2008, 3, 1)
    events = [
        Event.objects.create(
            programme=programme,
            kind=EventKind.TRAINING,
            title=f"Buchhaltung Teil {i}",
            start=at(day),
            end=at(day, 16),
        )
        for i, day in enumerate((day1, day2), start=1)
    ]
    future = Event.objects.create(
        programme=programme,
        kind=EventKind.TRAINING,
        title="Buchhaltung Teil 3",
        start=timezone.now() + timedelta(days=30),
        end=timezone.now() + timedelta(days=30, hours=6),
    )
    people = []
    for index in REACHED:
        person = factories.PersonFactory()
        people.append(person)
        Registration.objects.create(
            event=events[index % 2],
            person=person,
            organisation=orgs[index],
            status=RegistrationStatus.ATTENDED,
            checked_in_at=events[index % 2].start,
        )
    extra = factories.PersonFactory()
    people.append(extra)
    Registration.objects.create(
        event=events[1],
        person=extra,
        organisation=orgs[0],
        status=RegistrationStatus.ATTENDED,
        checked_in_at=events[1].start,
    )
    # Registered but did not come: not reached.
    Registration.objects.create(
        event=events[0],
        person=factories.PersonFactory(),
        organisation=orgs[6],
        status=RegistrationStatus.NO_SHOW,
    )

    def measure(kind, title, status, **extra) -> Measure:
        m = Measure.objects.create(
            programme=programme, kind=kind, title=title, status=status, **extra
        )
        m.fields.add(field)
        StatusChange.objects.create(measure=m, status=status, on=date(2007, 10, 10))
        return m

    responsible = factories.PersonFactory(first_name="Verantwortliche", last_name="Geheimname")
    training = measure(
        MeasureKind.TRAINING,
        "Grundlagenschulung Vereinsbuchhaltung",
        MeasureStatus.RUNNING,
        resolution=item,
        poll=poll,
        responsible_person=responsible,
        responsible_organisation=orgs[0],
    )
    training.events.add(*events, future)
    group = measure(
        MeasureKind.WORKING_GROUP, "Arbeitsgruppe Vereinsbuchhaltung", MeasureStatus.PLANNED
    )
    idea = measure(MeasureKind.OTHER, "Nur eine Idee", MeasureStatus.IDEA)
    return TraceWorld(
        programme=programme,
        field=field,
        orgs=orgs,
        training=training,
        group=group,
        idea=idea,
        poll=poll,
        agenda_item=item,
        session_event=session_event,
        people=people,
    )
