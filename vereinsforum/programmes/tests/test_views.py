"""Recording participation steps from an organisation's page: who may, what is refused and
how, and the funnel counted from the rows it writes."""

from datetime import date

import pytest
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.actors import TEST
from vereinsforum.programmes.models import ParticipationStep, Step
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


def url_for(org):
    return reverse("programmes:participation_record", args=[org.pk])


def step(value, on, note=""):
    return {"step-step": value, "step-on": on, "step-note": note}


def test_coordinator_invites_and_enrols_and_the_funnel_follows(
    client, coordinator, programme, association
):
    client.force_login(coordinator)
    before = programme.funnel()
    response = client.post(url_for(association), step("invited", "2007-04-23"))
    assert response["Location"] == reverse("organisations:detail", args=[association.pk])
    client.post(url_for(association), step("enrolled", "2007-05-31", "per Brief"))
    after = programme.funnel()
    assert after["invited"] == before["invited"] + 1
    assert after["enrolled"] == before["enrolled"] + 1
    row = ParticipationStep.objects.get(step="enrolled")
    assert (row.date, row.note, row.participation.programme) == (
        date(2007, 5, 31),
        "per Brief",
        programme,
    )
    entry = AuditEntry.objects.get(action="participation.enrolled")
    assert entry.actor == coordinator
    detail = client.get(reverse("organisations:detail", args=[association.pk]), **DE)
    assert detail.context["participation_status"] == "Angemeldet"


def test_an_enrolment_without_invitation_is_refused_with_the_services_message(
    client, coordinator, programme, association
):
    client.force_login(coordinator)
    response = client.post(url_for(association), step("enrolled", "2007-05-31", "Anruf"), **DE)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Anadolu e.V. muss eingeladen sein, bevor der Verein teilnehmen oder sich anmelden kann."
    ]
    html = response.content.decode()
    assert 'value="Anruf"' in html and 'value="2007-05-31"' in html
    assert programme.funnel()["enrolled"] == 0


def test_a_withdrawal_needs_an_enrolment_and_a_step_is_recorded_once(
    client, coordinator, programme, association
):
    participation_step_record(
        actor=TEST,
        programme=programme,
        organisation=association,
        step=Step.INVITED,
        on=date(2007, 4, 23),
    )
    client.force_login(coordinator)
    response = client.post(url_for(association), step("withdrawn", "2007-09-01"), **DE)
    assert response.context["form"].non_field_errors() == [
        "Nur ein angemeldeter Verein kann aussteigen."
    ]
    response = client.post(url_for(association), step("invited", "2007-04-24"), **DE)
    assert response.context["form"].non_field_errors() == [
        "Anadolu e.V. hat den Schritt „Eingeladen“ bereits."
    ]
    assert ParticipationStep.objects.count() == 1


def test_a_step_dated_before_its_prior_step_is_refused(client, coordinator, programme, association):
    participation_step_record(
        actor=TEST,
        programme=programme,
        organisation=association,
        step=Step.INVITED,
        on=date(2007, 4, 23),
    )
    client.force_login(coordinator)
    response = client.post(url_for(association), step("enrolled", "2007-04-01"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert programme.funnel()["enrolled"] == 0


def test_attendance_is_not_recorded_by_hand(client, coordinator, programme, association):
    client.force_login(coordinator)
    participation_step_record(
        actor=TEST,
        programme=programme,
        organisation=association,
        step=Step.INVITED,
        on=date(2007, 4, 23),
    )
    response = client.post(url_for(association), step("attended", "2007-05-14"), **DE)
    assert response.context["form"].errors["step"]
    assert programme.funnel()["attended"] == 0


def test_missing_step_and_date_are_explained(client, coordinator, programme, association):
    client.force_login(coordinator)
    response = client.post(url_for(association), step("", ""), **DE)
    errors = response.context["form"].errors
    assert errors["step"] == ["Bitte wählen Sie den Schritt, der erfasst werden soll."]
    assert errors["on"] == ["Bitte geben Sie das Datum des Schritts an."]


@pytest.mark.parametrize(
    "role", ["team_member", "interviewer", "representative", "service_provider", "outsider"]
)
def test_only_coordinators_record_steps(
    client, users_by_role, outsider, programme, association, role
):
    client.force_login({**users_by_role, "outsider": outsider}[role])
    response = client.post(url_for(association), step("invited", "2007-04-23"))
    assert response.status_code == 403
    assert not ParticipationStep.objects.exists()


def test_the_public_is_sent_to_the_login(client, programme, association):
    response = client.post(url_for(association), step("invited", "2007-04-23"))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not ParticipationStep.objects.exists()


def test_the_form_is_on_the_organisation_page_for_coordinators_only(
    client, coordinator, representative, programme, association
):
    client.force_login(coordinator)
    html = client.get(reverse("organisations:detail", args=[association.pk])).content.decode()
    assert url_for(association) in html and 'id="id_step-step"' in html
    client.force_login(representative)
    html = client.get(reverse("organisations:detail", args=[association.pk])).content.decode()
    assert url_for(association) not in html


def test_steps_go_to_the_current_programme(client, coordinator, programme, association):
    newer = factories.ProgrammeFactory(start=date(2009, 1, 1))
    client.force_login(coordinator)
    client.post(url_for(association), step("invited", "2009-02-01"))
    assert newer.funnel()["invited"] == 1
    assert programme.funnel()["invited"] == 0


def test_only_associations_take_part(client, coordinator, programme, welfare_service):
    client.force_login(coordinator)
    response = client.post(url_for(welfare_service), step("invited", "2007-04-23"))
    assert response.status_code == 404
    assert programme.funnel()["invited"] == 0
    detail = client.get(reverse("organisations:detail", args=[welfare_service.pk]))
    assert detail.context["step_form"] is None
