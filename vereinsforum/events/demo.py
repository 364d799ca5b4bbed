"""The events of the Wuppertal story, replayed through the services.

Kick-off 2007-05-14: 60 associations invited, 30 came, 25 enrolled (these rows make the
programme's funnel); 1st forum session 2007-10-10; the bookkeeping working group's first
meeting; the public-relations training with 18 registrations by the report date
(2007-11-12); the January 2008 workshop with the migration services; the basic
bookkeeping training and forum sessions 2–4 planned for 2008.

The forum outlived the project as a permanent body, so the demo also holds its continuation
in the present, dated from the day `load_demo` runs (`continuation_load`): a training last
week with its attendance, the working group's next meeting, the bookkeeping follow-up
course with two seats left, the forum's next session, a course that is full and has a
waiting list, and a public workshop next month. All of it lies after the programme's end,
so a report on the project does not count it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.demo.scenario import ENROLLED_ON, INVITED_ON
from vereinsforum.events.mail import muted
from vereinsforum.events.models import Audience, Event, EventKind, InvitationStatus, Location
from vereinsforum.events.services import (
    attendance_close,
    calendar_feed_create,
    event_create,
    invitation_answer,
    invitation_send,
    kick_off_enrol,
    registration_cancel,
    registration_check_in,
    registration_create,
)
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


def _person(org, role=AffiliationRole.CHAIR):
    return org.affiliations.get(role=role).person


def _field(programme, key):
    return programme.fields.get(key=key)


def load(ctx: DemoContext) -> None:
    programme = ctx.programme
    if Event.objects.filter(programme=programme, kind=EventKind.KICK_OFF).exists():
        ctx.say("Events already loaded – kept as they are.")
    else:
        with muted():
            _load(ctx)
        summary = programme.funnel()
        ctx.say(
            f"Events: {Event.objects.filter(programme=programme).count()} events, "
            f"funnel {summary['invited']}/{summary['attended']}/{summary['enrolled']}."
        )
    session = continuation_session(programme)
    if session is not None:
        if session.start <= timezone.now():
            ctx.say(
                "Continuation (dated from the day it was loaded) already loaded and now past: "
                "`load_demo --reset` dates it from today."
            )
        else:
            ctx.say("Continuation already loaded – kept as it is.")
        return
    today = timezone.localdate()
    with muted():
        continuation_load(ctx, today=today)
    ctx.say(f"Continuation: dated from {today:%Y-%m-%d}, the forum meets in three weeks.")


def _load(ctx: DemoContext) -> None:
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
        people = [_person(org)]
        if index < 10:
            people.append(_person(org, AffiliationRole.TREASURER))
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
            person=_person(org),
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
        fields=[_field(programme, "bookkeeping")],
        languages=german,
    )
    invitation_send(actor=actor, event=meeting, organisations=group, at=_at(2007, 10, 15, 9))
    for org in group:
        registration = registration_create(
            actor=actor,
            event=meeting,
            person=_person(org, AffiliationRole.TREASURER),
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
        fields=[_field(programme, "public_relations")],
        languages=german,
    )
    people = [(org, _person(org)) for org in enrolled[:12]]
    people += [(org, _person(org, AffiliationRole.TREASURER)) for org in enrolled[:6]]
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
        fields=[_field(programme, "bookkeeping")],
        languages=german,
    )

    # The demo association subscribes to its calendar.
    calendar_feed_create(actor=actor, organisation=associations[0])


# ---- the continuation: the permanent forum in the present -----------------------------------

#: The titles of the continuation's events; the forum session marks whether it is loaded.
CONTINUATION = {
    "past_training": "Schulung PC-Kenntnisse: Tabellenkalkulation für die Vereinskasse",
    "working_group": "Arbeitsgruppe Leitfaden Buchhaltung – Überarbeitung",
    "training": "Schulung Vereinsbuchhaltung – Aufbaukurs",
    "session": "Sitzung des Forums der Vereine: Schwerpunkte für das kommende Jahr",
    "full_training": "Schulung Fördermittel beantragen",
    "workshop": "Fachtag „Vereine und Migrationsdienste im Gespräch“",
}
#: Days from the day of loading.
CONTINUATION_DAYS = {
    "past_training": -7,
    "working_group": 10,
    "training": 14,
    "session": 21,
    "full_training": 28,
    "workshop": 35,
}


def continuation_session(programme) -> Event | None:
    """The forum session of the continuation, or None while it is not loaded."""
    return (
        Event.objects.filter(
            programme=programme, kind=EventKind.FORUM_SESSION, title=CONTINUATION["session"]
        )
        .order_by("-start")
        .first()
    )


def _on(today: date, days: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour, minute)))


def continuation_load(ctx: DemoContext, *, today: date) -> None:
    """The forum's continuation, dated from `today`, so that every demo login has something
    to do: Anadolu e.V. (`verein`) has not yet registered for the follow-up course, has not
    answered the invitation to the forum's next session, and can join a waiting list; the
    migration services are invited to a public workshop; staff see an open waiting-list offer.

    Everything that happened already is dated before today, with the services' `at`, so the
    rows agree with each other (invitation before registration, registration before check-in).
    It never draws from `ctx.rng`: the 2007 steps after this one depend on its sequence.
    """
    actor, programme = ctx.actor, ctx.programme
    venues = {key: Location.objects.get(name=data["name"]) for key, data in VENUES.items()}
    german = Language.objects.filter(code="de")
    members = ctx.associations[:25]

    def on(key: str, hour: int, minute: int = 0, *, shift: int = 0) -> datetime:
        """A moment on the day of the event `key` (`shift` days before or after it)."""
        return _on(today, CONTINUATION_DAYS[key] + shift, hour, minute)

    def ago(days: int, hour: int, minute: int = 0) -> datetime:
        """A moment `days` (at least one) before today: always in the past."""
        return _on(today, -days, hour, minute)

    # Last week: the spreadsheet course for treasurers; Anadolu's treasurer came.
    past = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.TRAINING,
        title=CONTINUATION["past_training"],
        title_i18n={
            "en": "Training: spreadsheets for the association's accounts",
            "tr": "Eğitim: dernek kasası için hesap tablosu",
            "ru": "Обучение: электронные таблицы для кассы объединения",
            "ar": "تدريب: جداول البيانات لصندوق الجمعية",
        },
        description=(
            "Kassenbuch und Mitgliederliste in der Tabellenkalkulation: Vorlagen, Formeln, "
            "Auswertungen für den Kassenbericht."
        ),
        start=on("past_training", 10),
        end=on("past_training", 16),
        location=venues["vhs"],
        capacity=14,
        seats_per_association=1,
        registration_opens=ago(35, 9),
        registration_closes=on("past_training", 18, shift=-2),
        audience=Audience.ENROLLED,
        fields=[_field(programme, "pc_skills")],
        languages=german,
    )
    for index, org in enumerate(members[:12]):
        registration = registration_create(
            actor=actor,
            event=past,
            person=_person(org, AffiliationRole.TREASURER),
            organisation=org,
            at=ago(33 - index, 9 + index % 8),
        )
        if index != 7:
            registration_check_in(
                actor=actor, registration=registration, at=on("past_training", 9, 50)
            )
    attendance_close(actor=actor, event=past, at=on("past_training", 16, 30))

    # The working group on the bookkeeping guide revises it; Anadolu's treasurer is registered.
    group = [members[i] for i in (0, 1, 3, 6, 9, 12)]
    meeting = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.WORKING_GROUP,
        title=CONTINUATION["working_group"],
        title_i18n={
            "en": "Working group bookkeeping guide – revision",
            "tr": "Muhasebe rehberi çalışma grubu – güncelleme",
            "ru": "Рабочая группа «Руководство по бухгалтерии» – доработка",
            "ar": "مجموعة عمل دليل مسك الدفاتر – المراجعة",
        },
        description=(
            "Rückmeldungen aus den Vereinen, neue Kapitel zu Zuwendungsbestätigungen und "
            "Kassenprüfung."
        ),
        start=on("working_group", 18),
        end=on("working_group", 20),
        location=venues["faerberei"],
        capacity=12,
        seats_per_association=2,
        audience=Audience.CHOSEN,
        fields=[_field(programme, "bookkeeping")],
        languages=german,
    )
    invitation_send(actor=actor, event=meeting, organisations=group, at=ago(10, 9))
    for index, org in enumerate(group[:4]):
        registration_create(
            actor=actor,
            event=meeting,
            person=_person(org, AffiliationRole.TREASURER),
            organisation=org,
            at=ago(9 - index, 11),
        )

    # The follow-up bookkeeping course: 10 of 12 seats taken; Anadolu has not registered yet.
    training = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.TRAINING,
        title=CONTINUATION["training"],
        title_i18n={
            "en": "Bookkeeping for associations – follow-up course",
            "tr": "Dernek muhasebesi – ileri kurs",
            "ru": "Бухгалтерия объединения – продвинутый курс",
            "ar": "مسك دفاتر الجمعيات – دورة متقدمة",
        },
        description=(
            "Für Vereine, die die Grundlagenschulung besucht haben: Jahresabschluss, "
            "Kassenprüfung, Zuwendungsbestätigungen und die Abrechnung von Fördermitteln – "
            "mit dem überarbeiteten Leitfaden der Arbeitsgruppe."
        ),
        start=on("training", 10),
        end=on("training", 16),
        location=venues["vhs"],
        capacity=12,
        seats_per_association=2,
        registration_opens=ago(21, 9),
        registration_closes=on("training", 18, shift=-2),
        audience=Audience.ENROLLED,
        fields=[_field(programme, "bookkeeping")],
        languages=german,
    )
    people = [(org, _person(org)) for org in members[1:8]]
    people += [(org, _person(org, AffiliationRole.TREASURER)) for org in members[1:4]]
    for index, (org, person) in enumerate(people):
        registration_create(
            actor=actor,
            event=training,
            person=person,
            organisation=org,
            at=ago(20 - 2 * index, 9 + index % 9),
        )

    # The forum's next session: the 25 members are invited, Anadolu has not answered yet.
    session = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.FORUM_SESSION,
        title=CONTINUATION["session"],
        title_i18n={
            "en": "Forum of associations: priorities for the coming year",
            "tr": "Dernekler Forumu oturumu: gelecek yılın öncelikleri",
            "ru": "Заседание Форума объединений: приоритеты на следующий год",
            "ar": "جلسة منتدى الجمعيات: أولويات العام القادم",
        },
        description=(
            "Bericht der Arbeitsgruppe Buchhaltung, Rückblick auf die Schulungen und das "
            "Ergebnis der Abstimmung über die Schwerpunkte des kommenden Jahres."
        ),
        start=on("session", 18),
        end=on("session", 21),
        location=venues["faerberei"],
        seats_per_association=2,
        audience=Audience.ENROLLED,
        languages=german,
    )
    invitation_send(actor=actor, event=session, organisations=members, at=ago(14, 9))
    for index, org in enumerate(members[1:12]):
        registration_create(
            actor=actor,
            event=session,
            person=_person(org),
            organisation=org,
            at=ago(13 - index, 10 + index % 8),
        )

    # Fully booked: ten seats, two associations waiting, and the seat one association gave up
    # a few hours ago is offered to the first association on the waiting list.
    full = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.TRAINING,
        title=CONTINUATION["full_training"],
        title_i18n={
            "en": "Training: applying for funding",
            "tr": "Eğitim: hibe başvurusu",
            "ru": "Обучение: как подать заявку на финансирование",
            "ar": "تدريب: التقدم بطلب للحصول على التمويل",
        },
        description=(
            "Förderprogramme für Vereinsprojekte, Antrag, Kosten- und Finanzierungsplan, "
            "Verwendungsnachweis – an einem Projekt aus dem eigenen Verein."
        ),
        start=on("full_training", 10),
        end=on("full_training", 16),
        location=venues["verwaltung"],
        capacity=10,
        seats_per_association=1,
        registration_opens=ago(16, 9),
        registration_closes=on("full_training", 18, shift=-3),
        audience=Audience.ENROLLED,
        fields=[_field(programme, "project_work")],
        languages=german,
    )
    seated = []
    for index, org in enumerate(members[8:21]):
        seated.append(
            registration_create(
                actor=actor,
                event=full,
                person=_person(org),
                organisation=org,
                # One a day since the opening: ten seats, then three on the list.
                at=ago(15 - index, 10 + index % 7),
            )
        )
    registration_cancel(actor=actor, registration=seated[0], at=timezone.now() - timedelta(hours=3))

    # Next month, open to the public: the migration services and the associations.
    workshop = event_create(
        actor=actor,
        programme=programme,
        kind=EventKind.WORKSHOP,
        title=CONTINUATION["workshop"],
        title_i18n={
            "en": "Open day “Associations and migration services in conversation”",
            "tr": "Açık gün “Dernekler ve göç danışma servisleri buluşuyor”",
            "ru": "День открытых дверей «Объединения и службы по делам мигрантов»",
            "ar": "يوم مفتوح «الجمعيات وخدمات الهجرة في حوار»",
        },
        description=(
            "Offener Fachtag: Welche Angebote der Migrationsdienste passen zu den Bedarfen der "
            "Vereine, wo helfen Vereine einander als Multiplikatoren? Für alle Interessierten."
        ),
        start=on("workshop", 14),
        end=on("workshop", 18),
        location=venues["verwaltung"],
        capacity=40,
        seats_per_association=2,
        registration_closes=on("workshop", 18, shift=-3),
        audience=Audience.PUBLIC,
        languages=german,
    )
    services = ctx.welfare_services
    invitations = invitation_send(actor=actor, event=workshop, organisations=services, at=ago(8, 9))
    for index, service in enumerate(services):
        # AWO and Diakonie come; the Caritas (`dienst`) has not answered; the DRK declined.
        if service.short_name in {"AWO", "Diakonie"}:
            registration_create(
                actor=actor,
                event=workshop,
                person=service.affiliations.get(role=AffiliationRole.STAFF).person,
                organisation=service,
                at=ago(7 - index, 10),
            )
        elif service.short_name == "DRK":
            invitation_answer(
                actor=actor,
                invitation=invitations[index],
                status=InvitationStatus.DECLINED,
                at=ago(6, 15),
            )
    for index, org in enumerate(members[21:25]):
        registration_create(
            actor=actor,
            event=workshop,
            person=_person(org),
            organisation=org,
            at=ago(6 - index, 12),
        )
