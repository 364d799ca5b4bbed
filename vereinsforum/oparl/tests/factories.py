"""A small OParl world built from factories: a city, its departments and committee, a
programme with its forum, two forum sessions with agenda items, a committee meeting and an
issued report with its files, published and unpublished people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from vereinsforum.events.models import Event, EventKind, Location
from vereinsforum.forum.models import AgendaItem, ForumBody, ForumSession
from vereinsforum.forum.models import Membership as ForumMembership
from vereinsforum.oparl.models import Basis, LegislativeTerm, PublicationBasis
from vereinsforum.organisations.models import Affiliation, OrganisationKind
from vereinsforum.reports.models import Report, ReportFile, ReportStatus
from vereinsforum.testing.factories import OrganisationFactory, PersonFactory, ProgrammeFactory

BERLIN = ZoneInfo("Europe/Berlin")


def at(y: int, m: int, d: int, hour: int = 17) -> datetime:
    return datetime(y, m, d, hour, 0, tzinfo=BERLIN)


@dataclass
class World:
    city: object
    division: object
    department: object
    committee: object
    programme: object
    forum: object
    sessions: list
    committee_meeting: object
    report: object
    files: dict
    officer: object
    officer_basis: object
    delegate: object
    delegate_basis: object
    private_person: object
    association: object
    seat: object
    venue: object
    term: object


def event(programme, kind, title, start, location=None) -> Event:
    return Event.objects.create(
        programme=programme,
        kind=kind,
        title=title,
        start=start,
        end=start + timezone.timedelta(hours=2),
        location=location,
    )


def issued_report(world_city, department, committee, programme, meeting, *, reference, **extra):
    report = Report.objects.create(
        programme=programme,
        body=world_city,
        reference=reference,
        title="Sachstandsbericht",
        date=date(2007, 11, 12),
        department=department,
        committee=committee,
        meeting=meeting,
        meeting_date=date(2007, 11, 21),
        resolution_quality="entgegennahme",
        officer_name="Michael Visser",
        officer_phone="0202 563 0000",
        officer_email="michael.visser@stadt.example",
        signatory="Dr. Stefan Kühn",
        status=ReportStatus.ISSUED,
        issued_at=timezone.now(),
        **extra,
    )
    files = {}
    for fmt, mime, payload in (
        ("pdf", "application/pdf", b"%PDF-1.7 test"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK docx test",
        ),
    ):
        files[fmt] = ReportFile.objects.create(
            report=report,
            format=fmt,
            filename=f"{reference.replace('/', '-')}.{fmt}",
            mime_type=mime,
            content=payload,
            size=len(payload),
            sha256="0" * 64,
        )
    return report, files


def build_world() -> World:
    city = OrganisationFactory(
        kind=OrganisationKind.OTHER,
        name="Stadt Wuppertal",
        street="Johannes-Rau-Platz 1",
        postcode="42275",
        city="Wuppertal",
    )
    division = OrganisationFactory(
        kind=OrganisationKind.DEPARTMENT, parent=city, name="Geschäftsbereich Soziales"
    )
    department = OrganisationFactory(
        kind=OrganisationKind.DEPARTMENT,
        parent=division,
        name="Ressort 204 – Zuwanderung und Integration",
        short_name="Ressort 204",
    )
    committee = OrganisationFactory(
        kind=OrganisationKind.COMMITTEE, parent=city, name="Migrationsausschuss"
    )
    programme = ProgrammeFactory(lead_department=department, with_fields=False)
    venue = Location.objects.create(
        name="Rathaus Barmen", street="Johannes-Rau-Platz 1", postcode="42275"
    )
    forum = ForumBody.objects.create(programme=programme, name="Forum der Vereine")
    sessions = []
    for n, day in enumerate((date(2007, 10, 10), date(2008, 2, 20)), start=1):
        ev = event(
            programme,
            EventKind.FORUM_SESSION,
            f"{n}. Sitzung des Forums",
            at(day.year, day.month, day.day),
            venue,
        )
        session = ForumSession.objects.create(body=forum, event=ev)
        AgendaItem.objects.create(session=session, position=1, title="Begrüßung")
        AgendaItem.objects.create(
            session=session,
            position=2,
            title="Priorisierung der Themenfelder",
            resolution="Buchhaltung zuerst.",
            result="adopted",
        )
        sessions.append(ev)
    # An event that is not a meeting in OParl's sense: never published.
    event(programme, EventKind.TRAINING, "Schulung Öffentlichkeitsarbeit", at(2007, 12, 1))
    committee_meeting = event(
        programme,
        EventKind.COMMITTEE,
        "Sitzung des Migrationsausschusses",
        at(2007, 11, 21, 16),
        venue,
    )
    report, files = issued_report(
        city, department, committee, programme, committee_meeting, reference="VO/0985/07"
    )

    officer = PersonFactory(first_name="Michael", last_name="Visser", phone="0202 563 0000")
    Affiliation.objects.create(person=officer, organisation=department, role="staff")
    officer_basis = PublicationBasis.objects.create(
        person=officer,
        body=city,
        basis=Basis.OFFICE,
        status="Sachbearbeiter",
        publish_official_contact=True,
    )
    association = OrganisationFactory(name="Anadolu e.V.", email="info@anadolu.example")
    delegate = PersonFactory(first_name="Ayşe", last_name="Yılmaz", phone="0170 1234567")
    private_person = PersonFactory(first_name="Olga", last_name="Iwanowa")
    seat = ForumMembership.objects.create(
        body=forum,
        organisation=association,
        start=date(2007, 5, 31),
        delegate=delegate,
        deputy=private_person,
    )
    other = OrganisationFactory(name="Centro Italiano e.V.")
    ForumMembership.objects.create(
        body=forum,
        organisation=other,
        start=date(2007, 5, 31),
        delegate=PersonFactory(first_name="Luca", last_name="Rossi"),
    )
    delegate_basis = PublicationBasis.objects.create(
        person=delegate,
        body=city,
        basis=Basis.CONSENT,
        consent_on=date(2007, 10, 10),
        status="Delegierte im Forum der Vereine",
    )
    term = LegislativeTerm.objects.create(
        body=city,
        name="Wahlperiode 2004–2009",
        start_date=date(2004, 10, 1),
        end_date=date(2009, 10, 20),
    )
    return World(
        city=city,
        division=division,
        department=department,
        committee=committee,
        programme=programme,
        forum=forum,
        sessions=sessions,
        committee_meeting=committee_meeting,
        report=report,
        files=files,
        officer=officer,
        officer_basis=officer_basis,
        delegate=delegate,
        delegate_basis=delegate_basis,
        private_person=private_person,
        association=association,
        seat=seat,
        venue=venue,
        term=term,
    )
