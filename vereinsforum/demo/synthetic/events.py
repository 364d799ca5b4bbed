"""Part 2: venues, the regional kick-offs that make the funnel, and the programme's events
with their invitations and registrations.

Kick-offs: one per hundred associations, grouped by city, each a chosen-audience event the
group is invited to; the associations that attended registered their chair (and often the
treasurer) and were checked in; the funnel steps follow from that (invited on the day the
invitation went out, attended on the day of the kick-off, enrolled then or within a month).

Events: two for every three associations in all (kick-offs included), trainings, workshops,
working-group meetings and others across the programme's span, public, for the enrolled
associations, or for chosen ones; registrations shared out so that there are about 33 per
association (100,000 at 3,000), settled by `registrations.settle`. Invitations are answered
as the services answer them: naming a delegate accepts, declining leaves no registration.
Anadolu e.V. (the demo's `verein`) is invited to and registers for a share of the events.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from vereinsforum.demo.synthetic.base import (
    Association,
    World,
    audit_each,
    day_between,
    insert,
    moment,
)
from vereinsforum.demo.synthetic.names import (
    ACCESSIBILITY,
    CITIES,
    COMMUNITIES,
    STREETS,
    TITLES,
    TOPICS,
    VENUE_KINDS,
    City,
)
from vereinsforum.demo.synthetic.registrations import Request, code, self_or_staff, settle
from vereinsforum.events.models import (
    Audience,
    Event,
    EventKind,
    Invitation,
    InvitationStatus,
    Location,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.programmes.models import Participation, ParticipationStep, Step

#: Registrations per association over the whole data set (100,000 at 3,000).
REGISTRATIONS_PER_ASSOCIATION = 100 / 3
#: Events per association, kick-offs included (2,000 at 3,000).
EVENTS_PER_ASSOCIATION = 2 / 3
#: Associations per regional kick-off.
PER_KICK_OFF = 100
#: Share of events Anadolu e.V. is invited to or registers for.
ANADOLU_SHARE = 0.12
#: Events that begin before this many days ahead of the programme's end have been held:
#: their attendance is recorded. The later ones keep their registrations as they stand.
UNRECORDED_DAYS = 60
#: Days before an event its invitations go out; registration runs from 42 to 2 days before.
INVITED_BEFORE, OPENS_BEFORE, CLOSES_BEFORE = 50, 42, 2

KINDS = (EventKind.TRAINING, EventKind.WORKSHOP, EventKind.WORKING_GROUP, EventKind.OTHER)
AUDIENCES = (Audience.PUBLIC, Audience.ENROLLED, Audience.CHOSEN)


def build(world: World) -> None:
    world.shared["invitations"] = []
    world.shared["registrations"] = []
    world.shared["topics"] = []
    _venues(world)
    _kick_offs(world)
    _events(world)
    events = insert(world, world.events)
    audit_each(world, "event.create", events)
    insert(world, world.shared["invitations"], action="invitation.send")
    registrations: list[Registration] = world.shared["registrations"]
    statuses: dict[str, int] = {}
    for row in registrations:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    insert(world, registrations, action="registration.create", summary={"status": [None, statuses]})
    through = Event.languages.through
    fields = Event.fields.through
    languages = [code for code in ("tr", "ru", "ar", "en", "fr") if code in world.languages]
    rng = world.rng
    insert(
        world,
        [through(event_id=e.pk, language_id="de") for e in events]
        + [
            through(event_id=e.pk, language_id=rng.choice(languages))
            for e in events
            if languages and rng.random() < 0.3
        ],
    )
    topic = world.shared.pop("topics")
    insert(
        world, [fields(event_id=e.pk, field_id=topic[i]) for i, e in enumerate(events) if topic[i]]
    )


def _venues(world: World) -> None:
    rng = world.rng
    count = max(4, world.n // 30)
    venues = []
    for _ in range(count):
        city = rng.choices(CITIES, weights=[c.weight for c in CITIES])[0]
        district = rng.choice(city.districts)
        venues.append(
            Location(
                name=rng.choice(VENUE_KINDS).format(city=city.name, district=district),
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postcode=rng.choice(city.postcodes),
                city=city.name,
                accessibility=rng.choice(ACCESSIBILITY),
            )
        )
    world.venues = insert(world, venues, action="location.create")


def _venue(world: World, city: City) -> Location:
    here = [v for v in world.venues if v.city == city.name]
    return world.rng.choice(here or world.venues)


def _kick_offs(world: World) -> None:
    rng = world.rng
    order = {c.name: i for i, c in enumerate(CITIES)}
    ranked = sorted(world.associations, key=lambda a: order[a.city.name])
    count = max(1, math.ceil(world.n / PER_KICK_OFF))
    first = world.start + timedelta(days=INVITED_BEFORE // 4)
    groups = [
        ranked[i * len(ranked) // count : (i + 1) * len(ranked) // count] for i in range(count)
    ]
    participations: list[Participation] = []
    steps: list[tuple[int, str, date]] = []
    for g_index, group in enumerate(groups):
        city = group[0].city
        day = first + timedelta(days=g_index * 120 // count)
        event = Event(
            programme=world.programme,
            kind=EventKind.KICK_OFF,
            title=f"Regionale Auftaktveranstaltung {city.name} – „Mehr PS für Integrationsarbeit“",
            description="Vorstellung des Programms, der Stärken/Schwächen-Analyse und des "
            "Forums der Vereine; Anmeldung der Vereine zur Teilnahme.",
            start=moment(day, 17),
            end=moment(day, 20),
            location=_venue(world, city),
            seats_per_association=2,
            audience=Audience.CHOSEN,
        )
        world.events.append(event)
        world.shared["topics"].append(None)
        sent = moment(max(world.start, day - timedelta(days=12)), 9)
        for association in group:
            came = association.stage in (Step.ATTENDED, Step.ENROLLED)
            roll = rng.random()
            invitation = Invitation(event=event, organisation=association.org, sent_at=sent)
            world.shared["invitations"].append(invitation)
            participations.append(
                Participation(programme=world.programme, organisation=association.org)
            )
            p_index = len(participations) - 1
            steps.append((p_index, Step.INVITED, sent.date()))
            if came or roll < 0.2:
                created = sent + timedelta(minutes=rng.randint(60, 10 * 24 * 60))
                _kick_off_registrations(world, event, association, created, came=came)
                invitation.status = InvitationStatus.ACCEPTED
                invitation.answered_at = created
                invitation.answered_by = association.account
            elif roll < 0.55:
                invitation.status = InvitationStatus.DECLINED
                invitation.answered_at = sent + timedelta(hours=rng.randint(2, 200))
                invitation.answered_by = association.account
            if came:
                steps.append((p_index, Step.ATTENDED, day))
            if association.stage == Step.ENROLLED:
                association.enrolled_on = min(world.end, day + timedelta(days=rng.randint(0, 30)))
                steps.append((p_index, Step.ENROLLED, association.enrolled_on))
    world.shared["kick_off_count"] = len(groups)
    insert(world, participations)
    for step in (Step.INVITED, Step.ATTENDED, Step.ENROLLED):
        insert(
            world,
            [
                ParticipationStep(participation=participations[i], step=step, date=on)
                for i, s, on in steps
                if s == step
            ],
            action=f"participation.{step.value}",
        )


def _kick_off_registrations(
    world: World, event: Event, association: Association, created: datetime, *, came: bool
) -> None:
    """The chair (often with the treasurer) registered; checked in if the association came,
    else recorded as not attended (an association attends by a person checked in)."""
    rng = world.rng
    people = [association.chair]
    if association.treasurer and rng.random() < 0.4:
        people.append(association.treasurer)
    for offset, person in enumerate(people):
        assert person is not None
        world.shared["registrations"].append(
            Registration(
                event=event,
                organisation=association.org,
                person=person,
                status=RegistrationStatus.ATTENDED if came else RegistrationStatus.NO_SHOW,
                source=RegistrationSource.SELF,
                code=code(rng),
                created=created + timedelta(minutes=offset),
                checked_in_at=event.start - timedelta(minutes=rng.randint(5, 25)) if came else None,
                registered_by=association.account,
            )
        )


def _anadolu(world: World) -> Association:
    """Anadolu e.V. as one more association of the pools, with its current people."""
    people = world.anadolu_people
    return Association(
        org=world.anadolu,
        community=COMMUNITIES[0],
        city=next(c for c in CITIES if c.name == "Wuppertal"),
        stage=Step.ENROLLED,
        people=people,
        chair=people[0] if people else None,
        account=world.anadolu_account,
    )


def _events(world: World) -> None:
    rng = world.rng
    kick_offs = len(world.events)
    count = max(0, round(world.n * EVENTS_PER_ASSOCIATION) - kick_offs)
    if count == 0:
        return
    budget = round(world.n * REGISTRATIONS_PER_ASSOCIATION) - len(world.shared["registrations"])
    weights = [rng.uniform(0.3, 1.7) for _ in range(count)]
    total = sum(weights)
    anadolu = _anadolu(world)
    everyone = world.associations
    enrolled = world.enrolled
    recorded_until = world.end - timedelta(days=UNRECORDED_DAYS)
    first_day = world.start + timedelta(days=INVITED_BEFORE + 10)
    for index in range(count):
        demand = max(3, round(max(0, budget) * weights[index] / total))
        kind = rng.choices(KINDS, weights=(45, 25, 15, 15))[0]
        audience = rng.choices(AUDIENCES, weights=(30, 35, 35))[0]
        field = rng.choice(world.fields) if kind != EventKind.OTHER and world.fields else None
        topic = TOPICS.get(field.key, field.name) if field else ""
        city = rng.choices(CITIES, weights=[c.weight for c in CITIES])[0]
        title = rng.choice(TITLES[kind.value]).format(topic=topic, number=rng.randint(1, 6))
        day = day_between(rng, first_day, world.end - timedelta(days=5))
        if day.weekday() == 6:
            day -= timedelta(days=1)
        hour = rng.choice((10, 14, 17, 18))
        start = moment(day, hour)
        capacity = None if rng.random() < 0.15 else max(6, round(demand * rng.uniform(0.7, 1.25)))
        seats = rng.choice((1, 2, 2, 3))
        event = Event(
            programme=world.programme,
            kind=kind,
            title=f"{title} – {city.name}",
            description=f"{title}: für die Vereine in {city.name} und Umgebung.",
            start=start,
            end=start + timedelta(hours=rng.randint(2, 6)),
            location=_venue(world, city),
            capacity=capacity,
            seats_per_association=None
            if audience == Audience.PUBLIC and rng.random() < 0.3
            else seats,
            registration_opens=moment(day - timedelta(days=OPENS_BEFORE), 9)
            if rng.random() < 0.8
            else None,
            registration_closes=moment(day - timedelta(days=CLOSES_BEFORE), 18)
            if rng.random() < 0.7
            else None,
            audience=audience,
        )
        if rng.random() < 0.02:
            event.cancelled_at = moment(day - timedelta(days=rng.randint(3, 20)), 9)
            event.cancellation_note = "Die Referentin ist erkrankt; ein neuer Termin folgt."
        world.events.append(event)
        world.shared["topics"].append(field.pk if field else None)
        with_anadolu = rng.random() < ANADOLU_SHARE
        if audience == Audience.CHOSEN:
            # Enough invited that, after refusals and unanswered invitations, their delegates
            # (one to `seats` each) make up the demand.
            per_org = 0.72 * (1 + seats) / 2
            invited = rng.sample(everyone, min(len(everyone), math.ceil(demand / per_org) + 3))
        elif audience == Audience.ENROLLED and rng.random() < 0.5:
            invited = rng.sample(enrolled, min(len(enrolled), demand))
        else:
            invited = []
        if with_anadolu and audience != Audience.PUBLIC:
            invited.append(anadolu)
        pool = invited
        if audience == Audience.ENROLLED:
            pool = invited + rng.sample(enrolled, min(len(enrolled), demand + 5))
        elif audience == Audience.PUBLIC:
            pool = rng.sample(everyone, min(len(everyone), demand + 5))
            if with_anadolu:
                pool.append(anadolu)
        requests = _requests(world, event, invited, pool, demand, anadolu if with_anadolu else None)
        held = event.start.date() < recorded_until
        world.shared["registrations"].extend(settle(rng, event, requests, held=held))


def _requests(
    world: World,
    event: Event,
    invited: list[Association],
    pool: list[Association],
    demand: int,
    anadolu: Association | None,
) -> list[Request]:
    """Who registers whom, and the invitations' answers that follow from it."""
    rng = world.rng
    sent = event.start - timedelta(days=INVITED_BEFORE, hours=rng.randint(0, 72))
    window_start = event.start - timedelta(days=OPENS_BEFORE)
    window = int(
        (event.start - timedelta(days=CLOSES_BEFORE, hours=1) - window_start).total_seconds()
    )
    invitations: dict[int, Invitation] = {}
    for association in invited:
        new = Invitation(event=event, organisation=association.org, sent_at=sent)
        invitations[association.org.pk] = new
        world.shared["invitations"].append(new)
    requests: list[Request] = []
    persons = 0
    seen: set[int] = set()
    cap = event.seats_per_association or 3
    for association in pool:
        pk = association.org.pk
        if pk in seen or not association.people:
            continue
        seen.add(pk)
        invitation = invitations.get(pk)
        is_anadolu = association is anadolu
        wants = persons < demand and rng.random() < 0.85
        if is_anadolu:
            wants = rng.random() < 0.7
        if invitation is not None and rng.random() < 0.15 and not (is_anadolu and wants):
            invitation.status = InvitationStatus.DECLINED
            invitation.answered_at = sent + timedelta(hours=rng.randint(2, 240))
            invitation.answered_by = association.account
            continue
        if not wants:
            if invitation is not None and rng.random() < 0.25:
                invitation.status = InvitationStatus.ACCEPTED
                invitation.answered_at = sent + timedelta(hours=rng.randint(2, 240))
                invitation.answered_by = association.account
            continue
        people = rng.sample(association.people, rng.randint(1, min(cap, len(association.people))))
        created = window_start + timedelta(seconds=rng.randint(0, max(0, window)))
        if event.cancelled_at is not None and created >= event.cancelled_at:
            continue
        source, by = self_or_staff(rng, association.account, world.coordinator)
        for offset, person in enumerate(people):
            requests.append(
                Request(association.org, person, created + timedelta(minutes=offset), source, by)
            )
        persons += len(people)
        if invitation is not None:
            invitation.status = InvitationStatus.ACCEPTED
            invitation.answered_at = created
            invitation.answered_by = by
    return requests
