"""The world the URL × role matrix (test_url_matrix.py) runs in.

Two associations that must never see each other: `own` (Anadolu e.V.: the representative's,
assigned to the interviewer, left by the former chair) and `other` (Centro Zentrovic e.V.:
the outsider's). Each has a contact, an event only it is invited to, registrations, an
invitation, a calendar feed and interviews, under names that occur nowhere else, so a page
that shows one of them to the wrong user is caught by a plain substring search.

The forum's only member is a third association: the forum is read by every
representative, and its member list is not what the matrix is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from vereinsforum.accounts.models import Role, User
from vereinsforum.events.models import (
    Audience,
    Event,
    EventKind,
    Location,
)
from vereinsforum.events.services.feeds import calendar_feed_create
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.forum.models import ForumSession, ItemResult, PollMethod, ResolutionKind
from vereinsforum.forum.services import bodies, polls, sessions
from vereinsforum.measures.models import MeasureKind
from vereinsforum.measures.services import measure_create, measure_events_set
from vereinsforum.needs import services as needs
from vereinsforum.needs.models import Mode, Status
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.offers.tests.matrix_world import plant as plant_offers
from vereinsforum.oparl.models import Basis
from vereinsforum.oparl.services import publication_basis_grant
from vereinsforum.oparl.tests.factories import issued_report
from vereinsforum.organisations.models import Affiliation, Language, OrganisationKind
from vereinsforum.organisations.services import affiliation_end
from vereinsforum.programmes.models import InterviewerAssignment, Step, TeamRole
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.programmes.team_services import team_member_add
from vereinsforum.reports.models import ReportAttachment
from vereinsforum.reports.services import ReportFields, report_create
from vereinsforum.tandems.tests.matrix_world import plant as plant_tandems
from vereinsforum.testing import factories
from vereinsforum.testing.otp import confirmed_totp_device
from vereinsforum.web.services import accessibility_feedback_submit

#: The roles of the matrix, in the order of its columns.
ROLES = (
    "coordinator",
    "team_member",
    "interviewer",
    "representative",
    "service_provider",
    "outsider",
    "former",
    "public",
)


class Planted(NamedTuple):
    """Strings that belong to one association only. A page that answers 200 to a user who
    has no business with that association must contain none of them."""

    name: str
    street: str
    email: str
    phone: str
    contact: str  # a treasurer
    contact_email: str
    contact_phone: str
    klausur: str  # the event only this association is invited to
    comment: str  # what it said in the needs analysis


OWN = Planted(
    name="Anadolu e.V.",
    street="Anadoluweg 11",
    email="info@anadolu.example",
    phone="0202 1111 1111",
    contact="Olga Iwanowa",
    contact_email="iwanowa@anadolu.example",
    contact_phone="0202 1111 2222",
    klausur="Klausur Anadolu",
    comment="Raumnot bei Anadolu",
)
OTHER = Planted(
    name="Centro Zentrovic e.V.",
    street="Zentrovicweg 77",
    email="info@centro.example",
    phone="0202 7777 1111",
    contact="Zoltan Quibbleworth",
    contact_email="quibbleworth@centro.example",
    contact_phone="0202 7777 2222",
    klausur="Klausur Zentrovic",
    comment="Kassenbuch bei Zentrovic",
)


@dataclass
class Side:
    """One association and the things of it that URLs point at."""

    organisation: Any
    contact: Any  # a treasurer with a distinctive name and e-mail address
    contact_role: Any  # that treasurer's affiliation
    klausur: Any  # an event for a chosen audience: only this association is invited
    invitation: Any  # this association's invitation to its Klausur
    registration: Any  # its contact's seat at the public training
    feed: Any  # its calendar feed
    interview: Any  # its draft in the follow-up wave


@dataclass
class World:
    users: dict[str, User | None]
    programme: Any
    own: Side
    other: Side
    training: Any  # a public event both associations hold seats at
    enrolled_event: Any  # for the enrolled associations (both; not the welfare service)
    shared: Any  # a contact of both associations
    session_event: Any
    body: Any
    membership: Any
    agenda_item: Any
    poll: Any
    version: Any
    item: Any
    wave: Any  # the baseline: five validated interviews, enough for aggregates
    follow_up: Any  # drafts of both associations
    draft_report: Any
    public_report: Any
    internal_report: Any  # issued, but not public
    attachments: dict[int, Any]  # report id → its attachment
    basis: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def side(self, which: str) -> Side:
        return self.own if which == "own" else self.other


def _user(username: str, role: str, **extra) -> User:
    return factories.UserFactory(username=username, role=role, **extra)


def _representative(username: str, organisation, first: str, last: str) -> User:
    person = factories.PersonFactory(first_name=first, last_name=last)
    factories.AffiliationFactory(person=person, organisation=organisation, role="chair")
    return _user(username, Role.REPRESENTATIVE, acting_for=organisation, person=person)


def _contact(organisation, planted: Planted):
    first, last = planted.contact.split()
    person = factories.PersonFactory(
        first_name=first, last_name=last, email=planted.contact_email, phone=planted.contact_phone
    )
    return factories.AffiliationFactory(person=person, organisation=organisation, role="treasurer")


def _klausur(programme, title: str, organisation, coordinator, location) -> tuple:
    start = timezone.now() + timedelta(days=20)
    event = Event.objects.create(
        programme=programme,
        kind=EventKind.WORKSHOP,
        title=title,
        start=start,
        end=start + timedelta(hours=4),
        location=location,
        audience=Audience.CHOSEN,
        capacity=10,
    )
    [invitation] = invitation_send(actor=coordinator, event=event, organisations=[organisation])
    return event, invitation


def build_world() -> World:
    programme = factories.ProgrammeFactory()
    own = factories.OrganisationFactory(
        name=OWN.name, street=OWN.street, email=OWN.email, phone=OWN.phone
    )
    own.languages.add(Language.objects.create(code="tr", name="Türkisch"))
    other = factories.OrganisationFactory(
        name=OTHER.name, street=OTHER.street, email=OTHER.email, phone=OTHER.phone
    )
    welfare = factories.OrganisationFactory(
        kind=OrganisationKind.WELFARE_SERVICE, name="Migrationsdienst AWO"
    )

    coordinator = _user("coordinator", Role.COORDINATOR)
    totp_device = confirmed_totp_device(coordinator)
    interviewer = _user("interviewer", Role.INTERVIEWER)
    InterviewerAssignment.objects.create(
        programme=programme, interviewer=interviewer, organisation=own
    )
    representative = _representative("representative", own, "Rana", "Vorsitz")
    outsider = _representative("outsider", other, "Otto", "Aussen")
    provider_person = factories.PersonFactory()
    factories.AffiliationFactory(person=provider_person, organisation=welfare, role="staff")
    service_provider = _user(
        "service_provider", Role.SERVICE_PROVIDER, acting_for=welfare, person=provider_person
    )
    former = _representative("former", own, "Frieda", "Vormals")
    users = {
        "coordinator": coordinator,
        "team_member": _user("team_member", Role.TEAM_MEMBER),
        "interviewer": interviewer,
        "representative": representative,
        "service_provider": service_provider,
        "outsider": outsider,
        "former": former,
        "public": None,
    }

    own_contact = _contact(own, OWN)
    other_contact = _contact(other, OTHER)

    # Both associations are enrolled: the events for enrolled associations are theirs too.
    for organisation in (own, other):
        for step in (Step.INVITED, Step.ENROLLED):
            participation_step_record(
                actor=coordinator,
                programme=programme,
                organisation=organisation,
                step=step,
                on=date(2007, 6, 1),
            )

    location = Location.objects.create(name="Rathaus Barmen", street="Johannes-Rau-Platz 1")
    start = timezone.now() + timedelta(days=10)
    training = Event.objects.create(
        programme=programme,
        kind=EventKind.TRAINING,
        title="Offene Schulung Vereinsrecht",
        start=start,
        end=start + timedelta(hours=3),
        location=location,
        audience=Audience.PUBLIC,
        capacity=20,
    )
    own_klausur, own_invitation = _klausur(programme, OWN.klausur, own, coordinator, location)
    other_klausur, other_invitation = _klausur(
        programme, OTHER.klausur, other, coordinator, location
    )
    own_registration = registration_create(
        actor=representative, event=training, person=own_contact.person, organisation=own
    )
    other_registration = registration_create(
        actor=outsider, event=training, person=other_contact.person, organisation=other
    )
    # A contact of both associations, registered for Anadolu at its Klausur: the outsider
    # reads her as Centro's contact, but nothing of what she does for Anadolu.
    shared = factories.PersonFactory(
        first_name="Doris", last_name="Doppelt", email="doppelt@example.org"
    )
    for organisation in (own, other):
        factories.AffiliationFactory(person=shared, organisation=organisation, role="member")
    registration_create(actor=representative, event=own_klausur, person=shared, organisation=own)
    # For the enrolled associations: both are, the welfare service is not.
    enrolled_event = Event.objects.create(
        programme=programme,
        kind=EventKind.WORKSHOP,
        title="Werkstatt der Aufgenommenen",
        start=start + timedelta(days=5),
        end=start + timedelta(days=5, hours=2),
        location=location,
        audience=Audience.ENROLLED,
    )
    own_feed = calendar_feed_create(actor=representative, organisation=own)
    other_feed = calendar_feed_create(actor=outsider, organisation=other)

    # The former chair registered themselves at the Klausur and made a feed, then left.
    former_chair = Affiliation.objects.get(person=former.person, organisation=own)
    registration_create(actor=former, event=own_klausur, person=former.person, organisation=own)
    former_feed = calendar_feed_create(actor=former, organisation=own)
    affiliation_end(actor=coordinator, affiliation=former_chair, end=timezone.localdate())

    # The forum: one member association, a session with an agenda, an open poll.
    member = factories.OrganisationFactory(name="Forum-Mitglied e.V.")
    delegate = factories.AffiliationFactory(organisation=member, role="chair").person
    body = bodies.body_create(actor=coordinator, programme=programme, name="Forum der Vereine")
    membership = bodies.membership_add(
        actor=coordinator,
        body=body,
        organisation=member,
        start=date(2007, 5, 31),
        delegate=delegate,
    )
    session_start = timezone.now() - timedelta(hours=1)
    session_event = Event.objects.create(
        programme=programme,
        kind=EventKind.FORUM_SESSION,
        title="1. Sitzung des Forums",
        start=session_start,
        end=session_start + timedelta(hours=3),
        location=location,
    )
    agenda_item = sessions.agenda_item_add(
        actor=coordinator, body=body, event=session_event, title="Prioritäten"
    )
    now = timezone.now()
    poll = polls.poll_create(
        actor=coordinator,
        body=body,
        title="Welche Felder zuerst?",
        method=PollMethod.SCHULZE,
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(hours=2),
        secret=False,
        session=ForumSession.objects.get(event=session_event),
    )

    # The needs analysis: a baseline with five validated interviews (aggregates may show),
    # and a follow-up with a draft of each association.
    draft_version = needs.instrument_version_create(actor=coordinator, programme=programme)
    # Two fields are enough for every page, and each field costs a chart on every request.
    needs.instrument_fields_set(
        actor=coordinator, version=draft_version, fields=list(programme.fields.all()[:2])
    )
    version = needs.instrument_version_publish(actor=coordinator, version=draft_version)
    wave = needs.wave_create(
        actor=coordinator,
        programme=programme,
        title="Basiserhebung 2007",
        period_start=date(2007, 6, 1),
        period_end=date(2007, 8, 31),
        instrument=version,
    )
    fields = version.ordered_fields().count()
    others = [factories.OrganisationFactory() for _ in range(3)]
    baseline = fill(
        wave,
        [[(i + j) % 5 + 1 for j in range(fields)] for i in range(5)],
        organisations=[own, other, *others],
        validator=coordinator,
    )
    baseline[0].answers.update(comment=OWN.comment)
    baseline[1].answers.update(comment=OTHER.comment)
    follow_up = needs.wave_create(
        actor=coordinator,
        programme=programme,
        title="Folgeerhebung 2008",
        period_start=date(2008, 6, 1),
        period_end=date(2008, 8, 31),
        instrument=version,
    )
    own_draft = needs.interview_start(
        actor=interviewer,
        wave=follow_up,
        organisation=own,
        mode=Mode.INTERVIEW,
        conducted_on=timezone.localdate(),
    )
    other_draft = needs.interview_start(
        actor=outsider, wave=follow_up, organisation=other, mode=Mode.SELF_ASSESSMENT
    )
    assert own_draft.status == other_draft.status == Status.DRAFT
    own_draft.answers.update(comment=OWN.comment)
    other_draft.answers.update(comment=OTHER.comment)
    # A new draft version of the instrument, so its wording pages have something to edit.
    next_version = needs.instrument_version_create(actor=coordinator, programme=programme)

    # Council papers: a draft, and an issued public one with its files and an attachment.
    department = programme.lead_department
    city = factories.OrganisationFactory(kind=OrganisationKind.OTHER, name="Stadt Wuppertal")
    department.parent = city
    department.save()
    committee = factories.OrganisationFactory(
        kind=OrganisationKind.COMMITTEE, name="Migrationsausschuss", parent=city
    )
    draft_report = report_create(
        actor=coordinator,
        programme=programme,
        fields=ReportFields(
            reference="VO/0985/07",
            title="Sachstand des Projektes",
            date=date(2007, 11, 12),
            division="Soziales, Jugend & Integration",
            department=department,
            officer_name="Michael Visser",
            officer_phone="(0202) 563 2514",
            officer_email="michael.visser@stadt.example",
            committee=committee,
            meeting_date=date(2007, 11, 21),
            resolution_quality="entgegennahme",
            reason="Sachstandsbericht",
            proposal="Entgegennahme ohne Beschluss",
            signatory="Dr. Stefan Kühn",
            # Not drafted yet: issuing it is refused before anything is rendered.
            explanation="",
        ),
    )
    public_report, _files = issued_report(
        city, department, committee, programme, None, reference="VO/0001/07", public=True
    )
    internal_report, _files = issued_report(
        city, department, committee, programme, None, reference="VO/0002/07", public=False
    )
    attachments = {}
    for report in (public_report, internal_report):
        attachment = ReportAttachment(report=report, title="Anlage 1", mime_type="text/plain")
        attachment.file.save("anlage.txt", ContentFile(b"Anlage"), save=False)
        attachment.size = 6
        attachment.save()
        attachments[report.pk] = attachment

    # One row of every model the admin shows, so each change page has an object to read.
    team_member_add(
        actor=coordinator,
        programme=programme,
        person=factories.PersonFactory(),
        organisation=welfare,
        role=TeamRole.WELFARE,
        since=date(2007, 5, 9),
    )
    accessibility_feedback_submit(actor=None, page_url="/", message="Kontrast zu schwach")
    StaticDevice.objects.create(user=coordinator, name="backup", confirmed=True)
    AccessAttempt.objects.create(
        username="niemand", ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    )
    AccessLog.objects.create(username="niemand", ip_address="192.0.2.1", user_agent="test")
    AccessFailureLog.objects.create(username="niemand", ip_address="192.0.2.1", user_agent="test")

    # A measure the forum decided: run by the department, linked to the public training and
    # to Anadolu's Klausur (which the outsider must not learn of); and an adopted resolution
    # that measures can be created from.
    decided = sessions.agenda_item_add(
        actor=coordinator, body=body, event=session_event, title="Beschluss Schulung"
    )
    decided = sessions.agenda_item_update(
        actor=coordinator,
        item=decided,
        title="Beschluss Schulung",
        description="",
        resolution="Eine Schulung wird angeboten.",
        resolution_kind=ResolutionKind.TRAINING,
        result=ItemResult.ADOPTED,
    )
    measure = measure_create(
        actor=coordinator,
        programme=programme,
        kind=MeasureKind.TRAINING,
        title="Schulung Vereinsrecht",
        fields=list(programme.fields.all()[:1]),
        responsible_organisation=department,
        resolution=decided,
    )
    measure_events_set(actor=coordinator, measure=measure, events=[training, own_klausur])

    basis = publication_basis_grant(
        actor=coordinator,
        person=delegate,
        body=city,
        basis=Basis.CONSENT,
        consent_on=date(2007, 6, 1),
    )

    offers = plant_offers(coordinator=coordinator, welfare=welfare, programme=programme)

    tandems = plant_tandems(wave=wave, own=own, other=other)

    return World(
        users=users,
        programme=programme,
        own=Side(
            organisation=own,
            contact=own_contact.person,
            contact_role=own_contact,
            klausur=own_klausur,
            invitation=own_invitation,
            registration=own_registration,
            feed=own_feed,
            interview=own_draft,
        ),
        other=Side(
            organisation=other,
            contact=other_contact.person,
            contact_role=other_contact,
            klausur=other_klausur,
            invitation=other_invitation,
            registration=other_registration,
            feed=other_feed,
            interview=other_draft,
        ),
        training=training,
        enrolled_event=enrolled_event,
        shared=shared,
        session_event=session_event,
        body=body,
        membership=membership,
        agenda_item=agenda_item,
        poll=poll,
        version=next_version,
        item=next_version.items.first(),
        wave=wave,
        follow_up=follow_up,
        draft_report=draft_report,
        public_report=public_report,
        internal_report=internal_report,
        attachments=attachments,
        basis=basis,
        extra={
            "former_feed": former_feed,
            "totp_device": totp_device,
            "measure": measure,
            "resolution": decided,
            **tandems,
            **offers,
        },
    )
