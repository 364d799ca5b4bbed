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
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.demo.scenario import ASSOCIATIONS, ENROLLED_ON
from vereinsforum.events.models import (
    Event,
    EventKind,
    Invitation,
    OutboxMessage,
    RegistrationSource,
    RegistrationStatus,
)
from vereinsforum.events.services import (
    attendance_record,
    event_create,
    invitation_send,
    kick_off_enrol_many,
)
from vereinsforum.events.summary import events_summary
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
