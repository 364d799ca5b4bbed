"""The events of the Wuppertal story, 2007–2008, replayed through the services.

Kick-off 2007-05-14: 60 associations invited, 30 came, 25 enrolled (these rows make the
programme's funnel); 1st forum session 2007-10-10; the bookkeeping working group's first
meeting; the public-relations training with 18 registrations by the report date
(2007-11-12); the January 2008 workshop with the migration services; the basic
bookkeeping training and forum sessions 2–4 planned for 2008.

Changes when the story of the project's years changes; demo.py runs it once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.demo.scenario import ENROLLED_ON, INVITED_ON
from vereinsforum.events.models import Audience, EventKind, Location
from vereinsforum.events.services.administration import event_create
from vereinsforum.events.services.door import attendance_close, registration_check_in
from vereinsforum.events.services.feeds import calendar_feed_create
from vereinsforum.events.services.funnel import kick_off_enrol
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.organisations.models import AffiliationRole, Language

VENUES = {
    "rathaus": {
        "name": "Rathaus Barmen, Ratssaal",
        "street": "Johannes-Rau-Platz 1",
        "postcode": "42275",
        "accessibility": (
            "Stufenloser Zugang über den Seiteneingang Gemarker Ufer, Aufzug zum Ratssaal, "
            "barrierefreies WC im Erdgeschoss, Induktionsschleife im Ratssaal."
        ),
    },
    "faerberei": {
        "name": "Färberei – Zentrum für Integration und Begegnung",
        "street": "Peter-Hansen-Platz 1",
        "postcode": "42275",
        "accessibility": (
            "Ebenerdiger Zugang, alle Veranstaltungsräume im Erdgeschoss, barrierefreies WC. "
            "Haltestelle Oberbarmen Bf. (Schwebebahn, Bus) in 200 m."
        ),
    },
    "vhs": {
        "name": "Bergische Volkshochschule, Haus der Bildung",
        "street": "Auer Schulstraße 20",
        "postcode": "42103",
        "accessibility": (
            "Zugang über Rampe am Haupteingang, Aufzug in alle Etagen, barrierefreies WC im "
            "1. OG; Schulungsraum mit höhenverstellbaren Tischen."
        ),
    },
    "verwaltung": {
        "name": "Verwaltungshaus Elberfeld, Sitzungsraum 2",
        "street": "Neumarkt 10",
        "postcode": "42103",
        "accessibility": (
            "Stufenloser Zugang vom Neumarkt, Aufzug, barrierefreies WC auf jeder Etage. "
            "Gebärdensprachdolmetschung auf Anfrage bis zwei Wochen vorher."
        ),
    },
}


def _at(year, month, day, hour=10, minute=0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def person_of(org, role=AffiliationRole.CHAIR):
    """The association's person in `role` (its chair by default)."""
    return org.affiliations.get(role=role).person


def field_of(programme, key):
    """The programme's field `key`."""
    return programme.fields.get(key=key)


def history_load(ctx: DemoContext) -> None:
    """The events of 2007 and 2008, with their invitations, registrations and attendance."""
    actor, programme, rng = ctx.actor, ctx.programme, ctx.rng
    venues = {key: Location.objects.create(**data) for key, data in VENUES.items()}
    german = Language.objects.filter(code="de")
    associations = ctx.associations
    enrolled = associations[:25]

    # Kick-off: the 60 are invited, 30 come (chairs, some with their treasurer), 25 enrol.
    kick_off = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.KICK_OFF,
        title="Auftaktveranstaltung „Mehr PS für Integrationsarbeit“",
        title_i18n={
            "en": "Kick-off “More horsepower for integration work”",
            "tr": "Açılış etkinliği “Entegrasyon çalışmalarına daha fazla güç”",
            "ru": "Стартовое мероприятие «Больше сил для интеграционной работы»",
            "ar": "الفعالية الافتتاحية «قوة أكبر لعمل الاندماج»",
        },
        description=(
            "Vorstellung des Projekts, der Stärken/Schwächen-Analyse und des Forums der "
            "Vereine; Anmeldung der Vereine zur Teilnahme."
        ),
        start=_at(2007, 5, 14, 17),
        end=_at(2007, 5, 14, 20),
        location=venues["rathaus"],
        seats_per_association=2,
        audience=Audience.CHOSEN,
        languages=Language.objects.filter(code__in=["de", "tr", "ru"]),
    )
    invitation_send(
        actor=actor, event=kick_off, organisations=associations, at=_at(*INVITED_ON.timetuple()[:3])
    )
    for index, org in enumerate(associations[:30]):
        people = [person_of(org)]
        if index < 10:
            people.append(person_of(org, AffiliationRole.TREASURER))
        for person in people:
            registration = registration_create(
                actor=actor,
                event=kick_off,
                person=person,
                organisation=org,
                at=_at(2007, 4, 30 if index < 10 else 28, 9) + timedelta(days=index % 10),
            )
            registration_check_in(
                actor=actor, registration=registration, at=_at(2007, 5, 14, 16, 45)
            )
    for org in enrolled:
        kick_off_enrol(actor=actor, event=kick_off, organisation=org, on=ENROLLED_ON)

    # 1st forum session: the needs analysis is presented, the forum prioritises the fields.
    forum_titles = [
        ("1. Sitzung des Forums der Vereine", _at(2007, 10, 10, 18)),
        ("2. Sitzung des Forums der Vereine", _at(2008, 2, 13, 18)),
        ("3. Sitzung des Forums der Vereine", _at(2008, 5, 21, 18)),
        ("4. Sitzung des Forums der Vereine", _at(2008, 9, 17, 18)),
    ]
    sessions = []
    for number, (title, start) in enumerate(forum_titles, start=1):
        session = event_create(
            actor=actor,
            programme=programme,
            kind=EventKind.FORUM_SESSION,
            title=title,
            title_i18n={
                "en": f"Forum of associations, session {number}",
                "tr": f"Dernekler Forumu, {number}. oturum",
                "ru": f"Форум объединений, {number}-е заседание",
                "ar": f"منتدى الجمعيات، الجلسة {number}",
            },
            description=(
                "Vorstellung der Ergebnisse der Stärken/Schwächen-Analyse und Priorisierung "
                "der Themenfelder."
                if number == 1
                else "Fortsetzung der Arbeit des Forums: Stand der Maßnahmen, nächste Schritte."
            ),
            start=start,
            end=start + timedelta(hours=3),
            location=venues["faerberei"],
            seats_per_association=2,
            audience=Audience.ENROLLED,
            languages=german,
        )
        sessions.append(session)
    invitation_send(actor=actor, event=sessions[0], organisations=enrolled, at=_at(2007, 9, 12, 9))
    for index, org in enumerate(enrolled[:22]):
        registration = registration_create(
            actor=actor,
            event=sessions[0],
            person=person_of(org),
            organisation=org,
            at=_at(2007, 9, 14, 9) + timedelta(days=index % 14),
        )
        if index < 21:
            registration_check_in(
                actor=actor, registration=registration, at=_at(2007, 10, 10, 17, 45)
            )
    attendance_close(actor=actor, event=sessions[0], at=_at(2007, 10, 10, 21, 30))
    invitation_send(actor=actor, event=sessions[1], organisations=enrolled, at=_at(2008, 1, 14, 9))

    # The working group on the bookkeeping guide meets for the first time.
    group = [associations[i] for i in (0, 1, 3, 6, 9, 12)]
    meeting = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.WORKING_GROUP,
        title="Arbeitsgruppe Leitfaden Buchhaltung – 1. Treffen",
        title_i18n={
            "en": "Working group bookkeeping guide – first meeting",
            "tr": "Muhasebe rehberi çalışma grubu – ilk toplantı",
            "ru": "Рабочая группа «Руководство по бухгалтерии» – первая встреча",
            "ar": "مجموعة عمل دليل مسك الدفاتر – الاجتماع الأول",
        },
        description="Gliederung des Leitfadens, Verteilung der Kapitel, Zeitplan.",
        start=_at(2007, 11, 7, 18),
        end=_at(2007, 11, 7, 20),
        location=venues["faerberei"],
        capacity=12,
        seats_per_association=2,
        audience=Audience.CHOSEN,
        fields=[field_of(programme, "bookkeeping")],
        languages=german,
    )
    invitation_send(actor=actor, event=meeting, organisations=group, at=_at(2007, 10, 15, 9))
    for org in group:
        registration = registration_create(
            actor=actor,
            event=meeting,
            person=person_of(org, AffiliationRole.TREASURER),
            organisation=org,
            at=_at(2007, 10, 18, 11),
        )
        registration_check_in(actor=actor, registration=registration, at=_at(2007, 11, 7, 17, 50))

    # The public-relations training: 18 registrations by the report date.
    training = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.TRAINING,
        title="Schulung Öffentlichkeitsarbeit für Vereine",
        title_i18n={
            "en": "Public relations for associations – training",
            "tr": "Dernekler için halkla ilişkiler eğitimi",
            "ru": "Обучение: связи с общественностью для объединений",
            "ar": "تدريب العلاقات العامة للجمعيات",
        },
        description=(
            "Pressemitteilung, Flyer und Vereinswebseite: Grundlagen der Öffentlichkeitsarbeit "
            "mit Übungen an eigenen Beispielen."
        ),
        start=_at(2007, 12, 1, 10),
        end=_at(2007, 12, 1, 16),
        location=venues["vhs"],
        capacity=20,
        seats_per_association=2,
        registration_opens=_at(2007, 10, 11, 9),
        registration_closes=_at(2007, 11, 28, 18),
        audience=Audience.ENROLLED,
        fields=[field_of(programme, "public_relations")],
        languages=german,
    )
    people = [(org, person_of(org)) for org in enrolled[:12]]
    people += [(org, person_of(org, AffiliationRole.TREASURER)) for org in enrolled[:6]]
    for index, (org, person) in enumerate(people):
        registration_create(
            actor=actor,
            event=training,
            person=person,
            organisation=org,
            at=_at(2007, 10, 12, 9) + timedelta(days=index * 1.5, hours=rng.randint(0, 8)),
        )

    # The workshop with the migration services, January 2008.
    workshop = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.WORKSHOP,
        title="Workshop mit den Migrationsdiensten",
        title_i18n={
            "en": "Workshop with the migration services",
            "tr": "Göç danışma servisleriyle çalıştay",
            "ru": "Семинар со службами по делам мигрантов",
            "ar": "ورشة عمل مع خدمات الهجرة",
        },
        description=(
            "Welche Bedarfe der Vereine können die Migrationsdienste der Wohlfahrtsverbände "
            "mit ihren Angeboten decken, welche nicht?"
        ),
        start=_at(2008, 1, 23, 14),
        end=_at(2008, 1, 23, 18),
        location=venues["verwaltung"],
        capacity=30,
        seats_per_association=2,
        registration_closes=_at(2008, 1, 16, 18),
        audience=Audience.CHOSEN,
        languages=german,
    )
    invitation_send(
        actor=actor,
        event=workshop,
        organisations=[*ctx.welfare_services, *enrolled],
        at=_at(2007, 11, 5, 9),
    )
    for service in ctx.welfare_services:
        registration_create(
            actor=actor,
            event=workshop,
            person=service.affiliations.get(role=AffiliationRole.STAFF).person,
            organisation=service,
            at=_at(2007, 11, 6, 10),
        )

    # The basic bookkeeping training the forum asked for; registration opens in January.
    event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.TRAINING,
        title="Grundlagenschulung Vereinsbuchhaltung",
        title_i18n={
            "en": "Basic training: bookkeeping for associations",
            "tr": "Temel eğitim: dernek muhasebesi",
            "ru": "Базовое обучение: бухгалтерия объединения",
            "ar": "تدريب أساسي: مسك دفاتر الجمعيات",
        },
        description=(
            "Einnahmen-Überschuss-Rechnung, Kassenbuch, Belege, Gemeinnützigkeit und "
            "Zuwendungsbestätigungen – mit dem Entwurf des Leitfadens der Arbeitsgruppe."
        ),
        start=_at(2008, 3, 8, 10),
        end=_at(2008, 3, 8, 16),
        location=venues["vhs"],
        capacity=16,
        seats_per_association=1,
        registration_opens=_at(2008, 1, 7, 9),
        registration_closes=_at(2008, 3, 1, 18),
        audience=Audience.ENROLLED,
        fields=[field_of(programme, "bookkeeping")],
        languages=german,
    )

    # The demo association subscribes to its calendar.
    calendar_feed_create(actor=actor, organisation=associations[0])
