"""Every service that touches a person writes an audit entry without the person's name,
address, phone or any free text about them: the log is append-only, so what it takes,
erasure can never take back. The services run here with distinctive values; then no entry
(actor, label, changes) may contain any of them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from vereinsforum.accounts.models import Role
from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.services.administration import event_cancel, event_update
from vereinsforum.events.services.door import walk_in_record
from vereinsforum.events.services.registration import (
    registration_cancel,
    registration_create,
    registration_swap,
)
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.forum.services import bodies, polls
from vereinsforum.needs import services as needs
from vereinsforum.needs.inputs import AnswerValues, InterviewGeneral
from vereinsforum.needs.models import Mode
from vereinsforum.oparl import services as oparl
from vereinsforum.oparl.models import Basis
from vereinsforum.organisations import services as organisations
from vereinsforum.organisations.changes import OrganisationFields, PersonFields
from vereinsforum.programmes.team_services import team_member_add
from vereinsforum.reports.models import ResolutionQuality
from vereinsforum.reports.services import ReportFields, report_create, report_update
from vereinsforum.testing import factories
from vereinsforum.web.services import accessibility_feedback_submit

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zyxwvu", "Quorblat"
EMAIL = "zyx.quorblat@example.org"
PHONE = "5550199"
NEEDLES = (FIRST, LAST, EMAIL, PHONE, "Xenobiotic")  # the last: free text of a note


def _entries_text() -> str:
    rows = AuditEntry.objects.values_list("actor_label", "target_repr", "changes")
    return "\n".join(f"{a}|{t}|{json.dumps(c, ensure_ascii=False)}" for a, t, c in rows)


def test_no_service_writes_a_persons_data_into_the_audit_log(
    coordinator, interviewer, association, programme
):
    note = f"{FIRST} {LAST}, Xenobiotic Dept., {EMAIL}, {PHONE}"
    # organisations: create with a role, change, a second role added and ended
    person = organisations.person_create(
        actor=coordinator,
        organisation=association,
        role="chair",
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        phone=PHONE,
    )
    organisations.person_update(
        actor=coordinator,
        person=person,
        changes=PersonFields(email=f"new.{EMAIL}", phone=f"0{PHONE}"),
    )
    other = factories.OrganisationFactory(name="Köprü e.V.")
    role = organisations.affiliation_add(
        actor=coordinator, person=person, organisation=other, role="member"
    )
    organisations.affiliation_end(actor=coordinator, affiliation=role, end=timezone.localdate())
    # oparl: grant, change, revoke, renew: the note names them
    city = factories.OrganisationFactory(kind="other", name="Stadt Wuppertal")
    grant = {"actor": coordinator, "person": person, "body": city, "basis": Basis.CONSENT}
    basis = oparl.publication_basis_grant(
        **grant, consent_on=date(2007, 5, 14), title="Dr.", note=note
    )
    oparl.publication_basis_grant(
        **grant, consent_on=date(2007, 5, 15), title="Prof. Dr.", note=f"{note} (renewed)"
    )
    oparl.publication_basis_revoke(actor=coordinator, basis=basis)
    oparl.publication_basis_grant(**grant, consent_on=date(2007, 6, 1), note=note)
    # events: registration on behalf, swap, walk-in of a new person, cancellation
    event = EventFactory(programme=programme, capacity=10, description=note)
    event_update(actor=coordinator, event=event, description=f"{note}!")
    colleague = factories.AffiliationFactory(organisation=association, role="member").person
    registration = registration_create(
        actor=coordinator,
        event=event,
        person=colleague,
        organisation=association,
        source="on_behalf",
    )
    registration_swap(actor=coordinator, registration=registration, person=person)
    registration_cancel(actor=coordinator, registration=registration)
    started = EventFactory(programme=programme, start=timezone.now() - timedelta(minutes=5))
    walk_in_record(
        actor=coordinator,
        event=started,
        organisation=association,
        first_name=f"{FIRST}2",
        last_name=LAST,
        email=f"walk.{EMAIL}",
    )
    event_cancel(actor=coordinator, event=EventFactory(programme=programme), note=note)
    # programmes and forum: the person as team member and as delegate
    team_member_add(
        actor=coordinator,
        programme=programme,
        person=person,
        organisation=association,
        role="association",
        since=date(2007, 5, 9),
    )
    body = bodies.body_create(
        actor=coordinator, programme=programme, name="Forum", quorum_percent=50, rules=note
    )
    # A forum may elect its speaker: the options are people.
    polls.poll_create(
        actor=coordinator,
        body=body,
        title="Wahl der Sprecherin",
        method="approval",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
        description=note,
        option_source="free",
        free_options=[f"{FIRST} {LAST}", "Ayşe Demir"],
    )
    bodies.membership_add(
        actor=coordinator,
        body=body,
        organisation=association,
        start=date(2007, 5, 31),
        delegate=person,
    )
    # needs: a comment and a return reason that name them
    draft = needs.instrument_version_create(actor=coordinator, programme=programme)
    wave_version = needs.instrument_version_publish(actor=coordinator, version=draft)
    wave = needs.wave_create(
        actor=coordinator,
        programme=programme,
        title="Basiserhebung",
        period_start=date(2007, 6, 1),
        period_end=date(2007, 8, 31),
        instrument=wave_version,
    )
    interview = needs.interview_start(
        actor=interviewer, wave=wave, organisation=association, mode=Mode.INTERVIEW
    )
    answers = {
        answer.field_id: AnswerValues(need=3, competence=3, willing=False, comment=note)
        for answer in interview.answers.all()
    }
    needs.interview_save(
        actor=interviewer,
        interview=interview,
        general=InterviewGeneral(conducted_on=date(2007, 7, 1), members=40),
        answers=answers,
    )
    needs.interview_submit(actor=interviewer, interview=interview)
    needs.interview_return(actor=coordinator, interview=interview, reason=note)
    # reports: the officer and signatory, and the texts
    department = programme.lead_department
    department.parent = city
    department.save()
    report = report_create(
        actor=coordinator,
        programme=programme,
        fields=ReportFields(
            reference="VO/0001/07",
            title="Sachstand",
            date=date(2007, 11, 12),
            department=department,
            committee=factories.OrganisationFactory(kind="committee", parent=city),
            meeting_date=date(2007, 11, 21),
            resolution_quality=ResolutionQuality.ENTGEGENNAHME,
            officer_name=f"{FIRST} {LAST}",
            officer_phone=PHONE,
            officer_email=EMAIL,
            signatory=f"Dr. {LAST}",
            explanation=note,
        ),
    )
    report_update(
        actor=coordinator,
        report=report,
        fields=replace(ReportFields.of(report), reason=note, proposal=note),
    )
    # web: a visitor's feedback with their address and name
    accessibility_feedback_submit(
        actor=None, page_url=f"/?q={LAST}", message=note, contact_email=EMAIL
    )

    assert AuditEntry.objects.count() >= 25  # the walk reached the services
    text = _entries_text()
    assert [n for n in NEEDLES if n.casefold() in text.casefold()] == []


def test_an_actor_is_recorded_by_id_never_by_a_username_that_may_be_a_name(association):
    account = factories.UserFactory(username=f"{FIRST}.{LAST}", role=Role.COORDINATOR)
    organisations.organisation_update(
        actor=account, organisation=association, changes=OrganisationFields(district="Vohwinkel")
    )
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor_label == f"user:{account.pk}" and LAST not in entry.target_repr


def test_poll_options_are_recorded_by_id(coordinator, programme):
    body = bodies.body_create(actor=coordinator, programme=programme, name="F", quorum_percent=50)
    poll = polls.poll_create(
        actor=coordinator,
        body=body,
        title="Wahl",
        method="approval",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
        option_source="free",
        free_options=["Ayşe Demir", "Olga Iwanowa"],
    )
    entry = AuditEntry.objects.get(action="poll.create")
    assert entry.changes["options"] == [None, list(poll.options.values_list("pk", flat=True))]
