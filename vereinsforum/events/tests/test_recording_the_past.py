"""Recording the past with its real dates: the seed's 2007 timeline, replayed.

Source (VO/0985/07, 12.11.2007): the project "Mehr PS für Integrationsarbeit" started on
09.05.07; "Zu der Auftaktveranstaltung am 14.05.07 wurden ca. 60 Vereine eingeladen,
Vertreter/innen von 30 Vereinen kamen und 25 Vereine meldeten sich für das Projekt an."
The associations are the demo's (demo/associations.tsv: the first 30 came, the first 25
enrolled). The invitations went out on 10.05.2007 and the enrolments are dated 31.05.2007,
the demo's enrolment day. Everything is entered today, after the fact, once through the
services and once through the staff pages as a coordinator.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.demo.scenario import ASSOCIATIONS, ENROLLED_ON
from vereinsforum.events.attendance_import import parse_attendance
from vereinsforum.events.models import (
    Event,
    EventKind,
    Invitation,
    OutboxMessage,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.events.services.administration import event_create
from vereinsforum.events.services.door import (
    attendance_import,
    attendance_record,
    registration_check_in,
    walk_in_record,
)
from vereinsforum.events.services.funnel import kick_off_enrol, kick_off_enrol_many
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.summary import attending_organisations_as_of, events_summary
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.organisations.models import AffiliationRole
from vereinsforum.programmes.models import ParticipationStep, Step
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
PROGRAMME_START = date(2007, 5, 9)
INVITED_ON = date(2007, 5, 10)
KICK_OFF_DAY = date(2007, 5, 14)
PAPER_DATE = date(2007, 11, 12)
NAMES = [row[0] for row in ASSOCIATIONS]


@pytest.fixture
def mehr_ps(db):
    return factories.ProgrammeFactory(
        name="Mehr PS für Integrationsarbeit",
        slug="mehr-ps",
        funding_programme="KOMM-IN NRW",
        start=PROGRAMME_START,
        lead_department=factories.DepartmentFactory(
            name="Ressort 204 – Zuwanderung und Integration"
        ),
    )


@pytest.fixture
def associations(db):
    """The demo's 60 associations, each with its chair; the first ten with a treasurer too
    (as in the demo, where the first ten came with two people)."""
    assert len(NAMES) == 60
    orgs = []
    for index, name in enumerate(NAMES):
        org = factories.OrganisationFactory(name=name)
        factories.AffiliationFactory(organisation=org, role=AffiliationRole.CHAIR)
        if index < 10:
            factories.AffiliationFactory(organisation=org, role=AffiliationRole.TREASURER)
        orgs.append(org)
    return orgs


def _who_came(orgs):
    """The first 30 associations, with everyone they sent: 40 people."""
    return [
        (org, affiliation.person)
        for org in orgs[:30]
        for affiliation in org.affiliations.order_by("role")
    ]


def _assert_the_timeline(programme, kick_off, orgs):
    assert programme.funnel() == {"invited": 60, "attended": 30, "enrolled": 25, "withdrawn": 0}
    steps = ParticipationStep.objects.filter(participation__programme=programme)
    dates = {
        step: set(steps.filter(step=step).values_list("date", flat=True))
        for step in ("invited", "attended", "enrolled")
    }
    assert dates == {
        "invited": {INVITED_ON},
        "attended": {KICK_OFF_DAY},
        "enrolled": {ENROLLED_ON},
    }
    assert set(programme.organisations_at(Step.ENROLLED)) == set(orgs[:25])
    assert set(kick_off.attending_organisations()) == set(orgs[:30])
    assert {timezone.localdate(i.sent_at) for i in kick_off.invitations.all()} == {INVITED_ON}
    attended = kick_off.registrations.filter(status=RegistrationStatus.ATTENDED)
    assert attended.count() == 40
    # Dated at the event, not on the day they were entered.
    assert set(attended.values_list("checked_in_at", flat=True)) == {kick_off.start}
    assert set(attended.values_list("created", flat=True)) == {kick_off.start}
    assert set(attended.values_list("source", flat=True)) == {RegistrationSource.IMPORT}
    # The council paper's figures as of its date.
    summary = events_summary(programme, as_of=PAPER_DATE)["kick_off"]
    assert (summary["invited"], summary["attended"], summary["enrolled"]) == (60, 30, 25)
    # Nobody is mailed about 2007.
    assert not OutboxMessage.objects.exists()


def _assert_audited(since: int):
    entries = AuditEntry.objects.filter(pk__gt=since)
    actions = {
        action: entries.filter(action=action).count()
        for action in (
            "invitation.send",
            "participation.invited",
            "registration.record_attendance",
            "participation.attended",
            "participation.enrolled",
        )
    }
    assert actions == {
        "invitation.send": 60,
        "participation.invited": 60,
        "registration.record_attendance": 40,
        "participation.attended": 30,
        "participation.enrolled": 25,
    }
    labels = set(entries.values_list("target_repr", flat=True))
    assert all(re.fullmatch(r"[A-Z][a-z ]+ #\d+", label) for label in labels), labels


def test_the_2007_timeline_through_the_services(mehr_ps, associations, coordinator):
    before = AuditEntry.objects.count() and AuditEntry.objects.latest("pk").pk
    kick_off = event_create(
        actor=coordinator,
        programme=mehr_ps,
        kind=EventKind.KICK_OFF,
        title="Auftaktveranstaltung „Mehr PS für Integrationsarbeit“",
        start=datetime(2007, 5, 14, 17, tzinfo=BERLIN),
        end=datetime(2007, 5, 14, 20, tzinfo=BERLIN),
        seats_per_association=2,
        audience="chosen",
    )
    sent = invitation_send(
        actor=coordinator, event=kick_off, organisations=associations, on=INVITED_ON
    )
    assert len(sent) == 60
    assert attendance_record(actor=coordinator, event=kick_off, attendees=_who_came(associations))
    assert (
        kick_off_enrol_many(
            actor=coordinator, event=kick_off, organisations=associations[:25], on=ENROLLED_ON
        )
        == 25
    )
    _assert_the_timeline(mehr_ps, kick_off, associations)
    _assert_audited(before)


def _figure(html: str, step: str) -> int:
    match = re.search(rf'data-step="{step}"[^>]*>\s*<span class="figure__value">\s*(\d+)', html)
    assert match, f"no figure for {step}"
    return int(match.group(1))


def test_the_2007_timeline_through_the_pages(client, mehr_ps, associations, coordinator):
    client.force_login(coordinator)
    de = {"HTTP_ACCEPT_LANGUAGE": "de"}
    before = AuditEntry.objects.latest("pk").pk if AuditEntry.objects.exists() else 0

    response = client.post(
        reverse("events:create"),
        {
            "programme": mehr_ps.pk,
            "kind": "kick_off",
            "title": "Auftaktveranstaltung „Mehr PS für Integrationsarbeit“",
            "start": "2007-05-14T17:00",
            "end": "2007-05-14T20:00",
            "seats_per_association": "2",
            "offer_hours": "48",
            "audience": "chosen",
        },
        **de,
    )
    assert response.status_code == 302, response.content.decode()
    kick_off = Event.objects.get(kind=EventKind.KICK_OFF)
    assert kick_off.start == datetime(2007, 5, 14, 17, tzinfo=BERLIN)

    # 60 invited in May: the invitation page takes the day they went out.
    invitations = reverse("events:invitations", args=[kick_off.pk])
    response = client.post(
        invitations,
        {"organisations": [o.pk for o in associations], "sent_on": "2007-05-10"},
        follow=True,
        **de,
    )
    page = response.content.decode()
    assert "10.05.2007" in page  # the message, and the "Sent" column
    assert page.count('<td class="kern-table__cell">10.05.2007</td>') == 60
    assert Invitation.objects.filter(event=kick_off).count() == 60

    # 30 at the kick-off, ticked afterwards on the list of the invited associations.
    record = reverse("events:attendance_record", args=[kick_off.pk])
    page = client.get(record, **de).content.decode()
    for name in NAMES:
        assert name in page
    assert "14.05.2007" in page
    came = _who_came(associations)
    response = client.post(
        record, {"attendees": [f"{org.pk}-{person.pk}" for org, person in came]}, **de
    )
    assert response.status_code == 302
    checkin = client.get(response.url, **de).content.decode()
    # The message and each of the 40 attended rows are dated at the event.
    assert checkin.count("14.05.2007") == 41

    # 25 enrolled, with their enrolment date, on the kick-off's check-in page.
    response = client.post(
        reverse("events:enrol", args=[kick_off.pk]),
        {"organisations": [o.pk for o in associations[:25]], "enrolled_on": "2007-05-31"},
        follow=True,
        **de,
    )
    assert "31.05.2007" in response.content.decode()

    _assert_the_timeline(mehr_ps, kick_off, associations)
    _assert_audited(before)

    # The dashboard's funnel, and the history on an association's page, in German dates.
    dashboard = client.get(reverse("web:dashboard"), **de).content.decode()
    assert [_figure(dashboard, s) for s in ("invited", "attended", "enrolled")] == [60, 30, 25]
    anadolu = associations[0]
    page = client.get(reverse("organisations:detail", args=[anadolu.pk]), **de).content.decode()
    for shown in ("10.05.2007", "14.05.2007", "31.05.2007"):
        assert shown in page


def test_a_step_dated_before_the_one_it_follows_names_that_date_in_the_language(
    mehr_ps, association, coordinator
):
    participation_step_record(
        actor=coordinator,
        programme=mehr_ps,
        organisation=association,
        step=Step.INVITED,
        on=INVITED_ON,
    )
    for language, shown in (("de", "10.05.2007"), ("en", "05/10/2007")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            participation_step_record(
                actor=coordinator,
                programme=mehr_ps,
                organisation=association,
                step=Step.ENROLLED,
                on=date(2007, 5, 1),
            )
        assert f"({shown})" in refused.value.messages[0]
        assert "2007-05-10" not in refused.value.messages[0]


# ---- each way of recording the past ---------------------------------------------------------


@pytest.fixture
def past_kick_off(mehr_ps):
    return EventFactory(
        programme=mehr_ps,
        kind=EventKind.KICK_OFF,
        audience="chosen",
        capacity=None,
        start=datetime(2007, 5, 14, 17, tzinfo=BERLIN),
        end=datetime(2007, 5, 14, 20, tzinfo=BERLIN),
    )


def _invited(event, org, day=INVITED_ON):
    """Invited on `day`, recorded through the programme step as the old code allowed too."""
    Invitation.objects.create(
        event=event, organisation=org, sent_at=datetime.combine(day, time(9), tzinfo=BERLIN)
    )
    participation_step_record(
        actor=TEST, programme=event.programme, organisation=org, step=Step.INVITED, on=day
    )


def test_staff_register_someone_for_a_past_event_dated_at_the_event_and_mail_nobody(
    past_kick_off, association, member, coordinator
):
    _invited(past_kick_off, association)
    person = member(association)
    registration = registration_create(
        actor=coordinator,
        event=past_kick_off,
        person=person,
        organisation=association,
        source=RegistrationSource.ON_BEHALF,
    )
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.created == past_kick_off.start
    assert not OutboxMessage.objects.exists()
    # The association itself can no longer register for it.
    with pytest.raises(ValidationError, match="closed"):
        registration_create(
            actor=coordinator,
            event=past_kick_off,
            person=member(association),
            organisation=association,
        )
    registration_check_in(actor=coordinator, registration=registration)
    registration.refresh_from_db()
    assert registration.checked_in_at == past_kick_off.start
    step = ParticipationStep.objects.get(step=Step.ATTENDED)
    assert step.date == KICK_OFF_DAY


def test_a_walk_in_at_a_past_kick_off_is_dated_at_the_event(
    past_kick_off, association, coordinator
):
    _invited(past_kick_off, association)
    registration = walk_in_record(
        actor=coordinator,
        event=past_kick_off,
        organisation=association,
        first_name="Leyla",
        last_name="Demir",
    )
    assert (registration.created, registration.checked_in_at) == (past_kick_off.start,) * 2
    assert ParticipationStep.objects.get(step=Step.ATTENDED).date == KICK_OFF_DAY
    attended = attending_organisations_as_of(past_kick_off, as_of=PAPER_DATE)
    assert list(attended) == [association]


def test_a_csv_list_imported_after_the_event_is_dated_at_the_event(
    past_kick_off, association, member, coordinator
):
    _invited(past_kick_off, association)
    person = member(association)
    registration = Registration.objects.create(
        event=past_kick_off,
        organisation=association,
        person=person,
        status=RegistrationStatus.REGISTERED,
        created=datetime(2007, 5, 11, 9, tzinfo=BERLIN),
    )
    text = f"code\n{registration.code}\n"
    assert attendance_import(actor=coordinator, event=past_kick_off, text=text) == 1
    registration.refresh_from_db()
    assert registration.checked_in_at == past_kick_off.start


def test_a_registration_is_audited_by_its_label_only(past_kick_off, association, coordinator):
    _invited(past_kick_off, association)
    registration = walk_in_record(
        actor=coordinator,
        event=past_kick_off,
        organisation=association,
        first_name="Leyla",
        last_name="Demir",
    )
    entry = AuditEntry.objects.get(action="registration.walk_in")
    assert entry.target_repr == f"Registration #{registration.pk}"


# ---- the rules for dates given by staff ------------------------------------------------------


def test_invitations_are_dated_within_the_programme_and_before_the_event(
    past_kick_off, association, coordinator
):
    def send(on):
        return invitation_send(
            actor=coordinator, event=past_kick_off, organisations=[association], on=on
        )

    with translation.override("de"):
        with pytest.raises(ValidationError, match=r"\(09\.05\.2007\)"):
            send(date(2007, 5, 8))  # before the programme started
        with pytest.raises(ValidationError, match=r"14\.05\.2007"):
            send(date(2007, 5, 15))  # after the kick-off
        with pytest.raises(ValidationError, match=r"14\.05\.2007"):
            send(None)  # today: long after the event
    with pytest.raises(ValidationError, match="future"):
        send(timezone.localdate() + timedelta(days=1))
    assert not Invitation.objects.exists()
    assert not ParticipationStep.objects.exists()
    send(PROGRAMME_START)
    assert ParticipationStep.objects.get().date == PROGRAMME_START


def test_invitations_sent_today_are_mailed_and_those_recorded_afterwards_are_not(
    programme, association, other_association, member, coordinator
):
    event = EventFactory(programme=programme, audience="chosen")
    member(association, role="chair")
    member(other_association, role="chair")
    invitation_send(
        actor=coordinator,
        event=event,
        organisations=[association],
        on=timezone.localdate() - timedelta(days=3),
    )
    assert not OutboxMessage.objects.exists()
    invitation_send(
        actor=coordinator,
        event=event,
        organisations=[other_association],
        on=timezone.localdate(),
    )
    assert OutboxMessage.objects.filter(invitation__organisation=other_association).count() == 1
    assert not OutboxMessage.objects.filter(invitation__organisation=association).exists()


def test_attendance_is_recorded_from_a_list_only_once_the_event_has_begun(
    programme, association, member, coordinator
):
    event = EventFactory(programme=programme)
    with pytest.raises(ValidationError, match="begun"):
        attendance_record(
            actor=coordinator, event=event, attendees=[(association, member(association))]
        )
    assert not Registration.objects.exists()


def test_a_list_with_one_refused_person_records_nobody(
    past_kick_off, association, other_association, member, coordinator
):
    _invited(past_kick_off, association)
    # Not invited to the kick-off: the whole list is sent back to be corrected.
    rows = [(association, member(association)), (other_association, member(other_association))]
    with pytest.raises(ValidationError, match="not invited"):
        attendance_record(actor=coordinator, event=past_kick_off, attendees=rows)
    assert not Registration.objects.exists()
    assert not ParticipationStep.objects.filter(step=Step.ATTENDED).exists()
    # Someone whose role in the association had ended before the event.
    former = member(association)
    former.affiliations.update(end=date(2007, 5, 1))
    with pytest.raises(ValidationError, match="not a member"):
        attendance_record(actor=coordinator, event=past_kick_off, attendees=[(association, former)])
    assert not Registration.objects.exists()


def test_the_list_checks_in_registrations_and_leaves_the_checked_in_alone(
    past_kick_off, association, member, coordinator
):
    _invited(past_kick_off, association)
    registered, walked_in, new = member(association), member(association), member(association)
    registration = registration_create(
        actor=coordinator,
        event=past_kick_off,
        person=registered,
        organisation=association,
        source=RegistrationSource.ON_BEHALF,
    )
    walk_in_record(
        actor=coordinator, event=past_kick_off, organisation=association, person=walked_in
    )
    rows = [(association, p) for p in (registered, walked_in, new)]
    assert attendance_record(actor=coordinator, event=past_kick_off, attendees=rows) == 2
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    assert past_kick_off.registrations.count() == 3
    assert attendance_record(actor=coordinator, event=past_kick_off, attendees=rows) == 0


def test_a_full_event_takes_nobody_more_from_the_list(mehr_ps, association, member, coordinator):
    event = EventFactory(
        programme=mehr_ps,
        capacity=1,
        start=datetime(2007, 11, 7, 18, tzinfo=BERLIN),
        end=datetime(2007, 11, 7, 20, tzinfo=BERLIN),
    )
    rows = [(association, member(association)), (association, member(association))]
    with pytest.raises(ValidationError, match="capacity"):
        attendance_record(actor=coordinator, event=event, attendees=rows)
    assert not Registration.objects.exists()


def test_enrolment_dates_lie_between_the_kick_off_and_today(
    past_kick_off, association, coordinator
):
    _invited(past_kick_off, association)
    walk_in_record(
        actor=coordinator,
        event=past_kick_off,
        organisation=association,
        first_name="A",
        last_name="B",
    )
    with translation.override("de"), pytest.raises(ValidationError, match=r"14\.05\.2007"):
        kick_off_enrol(
            actor=coordinator, event=past_kick_off, organisation=association, on=date(2007, 5, 13)
        )
    with pytest.raises(ValidationError, match="future"):
        kick_off_enrol(
            actor=coordinator,
            event=past_kick_off,
            organisation=association,
            on=timezone.localdate() + timedelta(days=1),
        )
    assert not ParticipationStep.objects.filter(step=Step.ENROLLED).exists()
    kick_off_enrol(
        actor=coordinator, event=past_kick_off, organisation=association, on=KICK_OFF_DAY
    )
    assert ParticipationStep.objects.get(step=Step.ENROLLED).date == KICK_OFF_DAY


# ---- the pages -------------------------------------------------------------------------------


def test_the_list_shows_the_invited_associations_with_their_people_of_that_day(
    client, past_kick_off, association, other_association, member, coordinator
):
    _invited(past_kick_off, association)
    current, left_later, left_before = (member(association) for _ in range(3))
    left_later.affiliations.update(end=date(2008, 1, 1))
    left_before.affiliations.update(end=date(2007, 1, 1))
    stranger = member(other_association)  # not invited
    client.force_login(coordinator)
    url = reverse("events:attendance_record", args=[past_kick_off.pk])
    page = client.get(url).content.decode()
    assert association.name in page and other_association.name not in page
    for person in (current, left_later):
        assert f'value="{association.pk}-{person.pk}"' in page
    for person in (left_before, stranger):
        assert person.full_name not in page
    # A key for a person who is not on the list is refused, nothing is written.
    before = AuditEntry.objects.count()
    response = client.post(url, {"attendees": [f"{association.pk}-{stranger.pk}"]})
    assert response.status_code == 200
    assert AuditEntry.objects.count() == before
    response = client.post(url, {"attendees": [f"{association.pk}-{current.pk}"]})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert f'value="{association.pk}-{current.pk}"' not in page  # shown as attended now


def test_the_invitation_page_refuses_a_day_in_the_future_next_to_the_form(
    client, past_kick_off, association, coordinator
):
    client.force_login(coordinator)
    url = reverse("events:invitations", args=[past_kick_off.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url,
        {"organisations": [association.pk], "sent_on": tomorrow.isoformat()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_csv_list_of_a_past_event_records_people_who_had_no_registration(
    client, past_kick_off, association, other_association, coordinator
):
    _invited(past_kick_off, association)
    _invited(past_kick_off, other_association)
    ayse = factories.PersonFactory(first_name="Ayşe", last_name="Yılmaz")
    factories.AffiliationFactory(person=ayse, organisation=association, role="chair")
    # The same name in two associations needs the organisation column to tell them apart.
    namesake = factories.PersonFactory(first_name="Olga", last_name="Petrova")
    for org in (association, other_association):
        factories.AffiliationFactory(person=namesake, organisation=org, role="member")
    client.force_login(coordinator)
    url = reverse("events:attendance_import", args=[past_kick_off.pk])
    text = (
        "organisation;first_name;last_name\n"
        f"{association.name};Ayşe;Yılmaz\n"
        ";Olga;Petrova\n"
        ";Nobody;Known\n"
    )
    upload = SimpleUploadedFile("liste.csv", text.encode())
    page = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Names are isolated for right-to-left pages (<bdi>).
    assert "Record <bdi>Ayşe Yılmaz</bdi> (<bdi>Anadolu e.V.</bdi>) as attended" in page
    assert "belongs to more than one association" in page
    assert "No registration for Nobody Known was found" in page
    assert not Registration.objects.exists()
    key = f"{association.pk}-{ayse.pk}"
    assert f'name="attendee" value="{key}"' in page
    # The confirmation posts the key only; a key of someone not on the list is ignored.
    stranger = factories.PersonFactory()
    response = client.post(
        url, {"confirm": "1", "attendee": [key, f"{association.pk}-{stranger.pk}"]}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.person, registration.source) == (ayse, RegistrationSource.IMPORT)
    assert registration.checked_in_at == past_kick_off.start
    assert ParticipationStep.objects.get(step=Step.ATTENDED).date == KICK_OFF_DAY


def test_before_the_event_a_csv_row_must_match_a_registration(programme, association, member):
    event = EventFactory(programme=programme)
    Invitation.objects.create(event=event, organisation=association)
    person = member(association)
    with translation.override("en"):
        rows, error = parse_attendance(
            event,
            f"organisation,first_name,last_name\n{association.name},"
            f"{person.first_name},{person.last_name}\n",
        )
    assert not error
    assert rows[0].attendee is None
    assert "No registration" in rows[0].error
