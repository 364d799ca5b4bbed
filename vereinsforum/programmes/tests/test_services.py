"""Participation steps, the funnel computed from them, the step-order rules, team, fields."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.actors import TEST
from vereinsforum.programmes.models import Field, Participation, ParticipationStep, Programme, Step
from vereinsforum.programmes.services import (
    DEFAULT_FIELDS,
    participation_step_record,
    programme_create,
)
from vereinsforum.programmes.team_services import interviewer_assign, team_member_add
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

INVITED, KICK_OFF, ENROLLED = date(2007, 4, 23), date(2007, 5, 14), date(2007, 5, 31)


def record(programme, org, step, on, actor=TEST):
    return participation_step_record(
        actor=actor, programme=programme, organisation=org, step=step, on=on
    )


def test_the_funnel_is_counted_from_the_step_rows(programme):
    orgs = factories.OrganisationFactory.create_batch(6)
    for index, org in enumerate(orgs):
        record(programme, org, Step.INVITED, INVITED)
        if index < 4:
            record(programme, org, Step.ATTENDED, KICK_OFF)
        if index < 3:
            record(programme, org, Step.ENROLLED, ENROLLED)
    record(programme, orgs[0], Step.WITHDRAWN, date(2007, 9, 1))
    assert programme.funnel() == {"invited": 6, "attended": 4, "enrolled": 3, "withdrawn": 1}

    # The funnel is not a stored counter: deleting a row changes it.
    ParticipationStep.objects.filter(
        step=Step.ATTENDED, participation__organisation=orgs[3]
    ).delete()
    assert programme.funnel()["attended"] == 3


def test_the_funnel_of_one_programme_ignores_another(programme):
    other = factories.ProgrammeFactory()
    org = factories.OrganisationFactory()
    record(other, org, Step.INVITED, INVITED)
    assert programme.funnel() == {"invited": 0, "attended": 0, "enrolled": 0, "withdrawn": 0}
    assert other.funnel()["invited"] == 1


def test_organisations_at_a_step(programme):
    a, b = factories.OrganisationFactory.create_batch(2)
    record(programme, a, Step.INVITED, INVITED)
    record(programme, b, Step.INVITED, INVITED)
    record(programme, a, Step.ATTENDED, KICK_OFF)
    assert list(programme.organisations_at(Step.ATTENDED)) == [a]
    assert set(programme.organisations_at(Step.INVITED)) == {a, b}


def test_status_is_the_furthest_step_and_withdrawal_wins(programme, association):
    record(programme, association, Step.INVITED, INVITED)
    participation = Participation.objects.get()
    assert participation.status() == "invited"
    record(programme, association, Step.ENROLLED, ENROLLED)
    assert participation.status() == "enrolled"
    record(programme, association, Step.WITHDRAWN, date(2007, 12, 1))
    assert participation.status() == "withdrawn"


@pytest.mark.parametrize("step", [Step.ATTENDED, Step.ENROLLED])
def test_attending_or_enrolling_requires_an_invitation(programme, association, step):
    with translation.override("en"), pytest.raises(ValidationError, match="must be invited"):
        record(programme, association, step, KICK_OFF)
    assert not ParticipationStep.objects.exists()


def test_an_association_may_enrol_without_attending_the_kick_off(programme, association):
    record(programme, association, Step.INVITED, INVITED)
    record(programme, association, Step.ENROLLED, ENROLLED)
    assert programme.funnel()["enrolled"] == 1


def test_only_an_enrolled_association_can_withdraw(programme, association):
    record(programme, association, Step.INVITED, INVITED)
    with pytest.raises(ValidationError):
        record(programme, association, Step.WITHDRAWN, ENROLLED)


def test_a_step_is_recorded_once(programme, association):
    record(programme, association, Step.INVITED, INVITED)
    with pytest.raises(ValidationError):
        record(programme, association, Step.INVITED, KICK_OFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationStep.objects.create(
            participation=Participation.objects.get(), step=Step.INVITED, date=KICK_OFF
        )


def test_a_step_cannot_be_dated_before_the_step_it_needs(programme, association):
    record(programme, association, Step.INVITED, KICK_OFF)
    with pytest.raises(ValidationError):
        record(programme, association, Step.ATTENDED, INVITED)
    record(programme, association, Step.ENROLLED, ENROLLED)
    with pytest.raises(ValidationError):
        record(programme, association, Step.WITHDRAWN, KICK_OFF)


def test_an_unknown_step_is_refused(programme, association):
    with pytest.raises(ValidationError):
        record(programme, association, "promoted", INVITED)


def test_each_step_is_audited(programme, association, coordinator):
    record(programme, association, Step.INVITED, INVITED, actor=coordinator)
    entry = AuditEntry.objects.get(action="participation.invited")
    assert entry.actor == coordinator
    assert entry.changes == {"step": [None, "invited"], "date": [None, "2007-04-23"]}


def test_programme_create_sets_up_the_seven_fields_in_order(coordinator):
    department = factories.DepartmentFactory()
    programme = programme_create(
        actor=coordinator,
        name="Mehr PS",
        slug="mehr-ps",
        lead_department=department,
        start=date(2007, 5, 9),
    )
    keys = list(programme.fields.order_by("position").values_list("key", flat=True))
    assert keys == [key for key, _name, _i18n in DEFAULT_FIELDS]
    assert keys[3] == "bookkeeping"
    assert AuditEntry.objects.filter(
        action="programme.create", target_id=str(programme.pk)
    ).exists()


def test_field_names_are_translated(programme):
    field = programme.fields.get(key="bookkeeping")
    assert str(field) == "Buchhaltung"
    with translation.override("tr"):
        assert str(field) == "Muhasebe"
    with translation.override("ar"):
        assert str(field) == "مسك الدفاتر"


def test_programme_must_end_after_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ProgrammeFactory(start=date(2008, 1, 1), end=date(2007, 1, 1))
    with pytest.raises(ValidationError) as exc:
        programme_create(
            actor=TEST,
            name="P",
            slug="p",
            lead_department=factories.DepartmentFactory(),
            start=date(2008, 1, 1),
            end=date(2007, 1, 1),
        )
    assert "end" in str(exc.value)


def test_field_key_and_position_are_unique_within_a_programme(programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        Field.objects.create(programme=programme, key="bookkeeping", position=99, name="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Field.objects.create(programme=programme, key="new", position=1, name="X")


def test_team_member_add_audits_without_the_name(programme, association, coordinator):
    person = factories.PersonFactory(first_name="Petra", last_name="Lange")
    team_member_add(
        actor=coordinator,
        programme=programme,
        person=person,
        organisation=association,
        role="association",
        since=date(2007, 5, 9),
    )
    entry = AuditEntry.objects.get(action="team_member.add")
    assert "Petra" not in entry.target_repr and "Lange" not in entry.target_repr
    assert programme.team.get().person == person


def test_only_interviewers_can_be_assigned(programme, association, coordinator, team_member):
    with pytest.raises(ValidationError):
        interviewer_assign(
            actor=coordinator,
            programme=programme,
            interviewer=team_member,
            organisation=association,
        )
    interviewer = factories.UserFactory(role="interviewer")
    first = interviewer_assign(
        actor=coordinator, programme=programme, interviewer=interviewer, organisation=association
    )
    again = interviewer_assign(
        actor=coordinator, programme=programme, interviewer=interviewer, organisation=association
    )
    assert first == again
    assert AuditEntry.objects.filter(action="interviewer.assign").count() == 1


def test_current_programme_is_the_latest(db):
    factories.ProgrammeFactory(start=date(2005, 1, 1))
    latest = factories.ProgrammeFactory(start=date(2007, 5, 9))
    assert Programme.current() == latest
