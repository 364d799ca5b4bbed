"""The forum's continuation in the present, dated from the day `load_demo` runs.

The forum outlived the project as a permanent body: a training last week with its
attendance, the working group's next meeting, the bookkeeping follow-up course with two
seats left, the forum's next session, a course that is full and has a waiting list, and a
public workshop next month. All of it lies after the programme's end, so a report on the
project does not count it.

Changes when the present-day part of the demo changes; demo.py runs it once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.events.demo_history import VENUES, field_of, person_of
from vereinsforum.events.models import Audience, Event, EventKind, InvitationStatus, Location
from vereinsforum.events.services.administration import event_create
from vereinsforum.events.services.door import attendance_close, registration_check_in
from vereinsforum.events.services.invitations import invitation_answer, invitation_send
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.organisations.models import AffiliationRole, Language

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
        fields=[field_of(programme, "pc_skills")],
        languages=german,
    )
    for index, org in enumerate(members[:12]):
        registration = registration_create(
            actor=actor,
            event=past,
            person=person_of(org, AffiliationRole.TREASURER),
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
        fields=[field_of(programme, "bookkeeping")],
        languages=german,
    )
    invitation_send(actor=actor, event=meeting, organisations=group, at=ago(10, 9))
    for index, org in enumerate(group[:4]):
        registration_create(
            actor=actor,
            event=meeting,
            person=person_of(org, AffiliationRole.TREASURER),
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
        fields=[field_of(programme, "bookkeeping")],
        languages=german,
    )
    people = [(org, person_of(org)) for org in members[1:8]]
    people += [(org, person_of(org, AffiliationRole.TREASURER)) for org in members[1:4]]
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
            person=person_of(org),
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
        fields=[field_of(programme, "project_work")],
        languages=german,
    )
    seated = []
    for index, org in enumerate(members[8:21]):
        seated.append(
            registration_create(
                actor=actor,
                event=full,
                person=person_of(org),
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
            person=person_of(org),
            organisation=org,
            at=ago(6 - index, 12),
        )
