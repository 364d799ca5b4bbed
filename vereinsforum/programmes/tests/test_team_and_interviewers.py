"""The project team and the interviewers' associations, managed on their pages: added and
ended or removed by coordinators, audited, with what each change means for access."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import InterviewerAssignment, TeamMember, TeamRole
from vereinsforum.programmes.team_services import (
    interviewer_assignments_add,
    team_member_add,
    team_member_end,
)
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_coordinator_adds_a_member_by_name(client, coordinator, programme, welfare_service):
    person = factories.PersonFactory(first_name="Gül", last_name="Yıldız", email="gy@example.org")
    client.force_login(coordinator)
    page = client.get(reverse("programmes:team_add"))
    assert "Gül Yıldız (gy@example.org)" in page.content.decode()
    response = client.post(
        reverse("programmes:team_add"),
        {
            "person": person.pk,
            "organisation": welfare_service.pk,
            "role": TeamRole.WELFARE,
            "since": "2007-05-09",
        },
    )
    assert response["Location"] == reverse("programmes:team")
    member = TeamMember.objects.get(person=person)
    assert (member.programme, member.organisation, member.since) == (
        programme,
        welfare_service,
        date(2007, 5, 9),
    )
    assert AuditEntry.objects.filter(action="team_member.add", target_id=str(member.pk)).exists()
    team = client.get(reverse("programmes:team"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Gül Yıldız" in _text(team) and "09.05.2007" in _text(team)
    again = client.post(
        reverse("programmes:team_add"),
        {
            "person": person.pk,
            "organisation": welfare_service.pk,
            "role": TeamRole.OTHER,
            "since": "2008-01-01",
        },
    )
    assert again.status_code == 200 and again.context["form"].errors["person"]
    assert TeamMember.objects.filter(person=person).count() == 1


def test_an_ended_membership_moves_to_the_former_members(
    client, coordinator, programme, welfare_service
):
    member = team_member_add(
        actor=coordinator,
        programme=programme,
        person=factories.PersonFactory(first_name="Karl", last_name="Früher"),
        organisation=welfare_service,
        role=TeamRole.WELFARE,
        since=date(2007, 5, 9),
    )
    client.force_login(coordinator)
    too_early = client.post(
        reverse("programmes:team_end", args=[member.pk]),
        {"until": "2007-05-01"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    # The service's message names the start in the language's format, never ISO.
    assert "09.05.2007" in too_early.context["form"].errors["until"][0]
    today = timezone.localdate()
    response = client.post(
        reverse("programmes:team_end", args=[member.pk]), {"until": today.isoformat()}
    )
    assert response["Location"] == reverse("programmes:team")
    team = client.get(reverse("programmes:team"))
    assert [m.pk for m in team.context["members"]] == []
    assert [m.pk for m in team.context["former"]] == [member.pk]
    entry = AuditEntry.objects.get(action="team_member.end")
    assert entry.changes == {"until": [None, today.isoformat()]}


def test_a_membership_ending_tomorrow_is_still_current(
    client, coordinator, programme, welfare_service
):
    member = team_member_add(
        actor=coordinator,
        programme=programme,
        person=factories.PersonFactory(),
        organisation=welfare_service,
        role=TeamRole.WELFARE,
        since=date(2007, 5, 9),
    )
    team_member_end(actor=coordinator, member=member, until=timezone.localdate() + timedelta(1))
    client.force_login(coordinator)
    team = client.get(reverse("programmes:team"))
    assert [m.pk for m in team.context["members"]] == [member.pk]


def test_a_row_entered_by_mistake_is_removed(client, coordinator, programme, welfare_service):
    member = team_member_add(
        actor=coordinator,
        programme=programme,
        person=factories.PersonFactory(),
        organisation=welfare_service,
        role=TeamRole.OTHER,
        since=date(2007, 5, 9),
    )
    client.force_login(coordinator)
    client.post(reverse("programmes:team_remove", args=[member.pk]))
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    entry = AuditEntry.objects.get(action="team_member.remove")
    assert entry.target_repr == f"Team member #{member.pk}"


def test_others_see_the_team_but_not_its_buttons(client, team_member, coordinator, programme):
    client.force_login(team_member)
    page = client.get(reverse("programmes:team"))
    assert page.status_code == 200 and reverse("programmes:team_add") not in _text(page)
    assert client.get(reverse("programmes:team_add")).status_code == 403


# ---- interviewers -------------------------------------------------------------------------


def test_a_coordinator_searches_and_assigns_associations(
    client, coordinator, interviewer, programme, association, other_association
):
    factories.OrganisationFactory(kind="welfare_service", name="Centro Sozialdienst")
    client.force_login(coordinator)
    url = reverse("programmes:interviewer_assignments", args=[interviewer.pk])
    start = client.get(url)
    assert [a.organisation for a in start.context["assigned"]] == [association]
    # Nothing listed before a search; a search lists the associations not yet assigned.
    assert not start.context["searched"]
    found = client.get(url, {"q": "centro"})
    offered = list(found.context["form"].fields["organisations"].queryset)
    assert offered == [other_association]  # not the welfare service, not the assigned one
    response = client.post(url, {"organisations": [other_association.pk]})
    assert response["Location"] == url
    assert set(
        InterviewerAssignment.objects.filter(interviewer=interviewer).values_list(
            "organisation__name", flat=True
        )
    ) == {"Anadolu e.V.", "Centro Italiano e.V."}
    # The interviewer now reads the association.
    assert Organisation.objects.for_user(interviewer).filter(pk=other_association.pk).exists()


def test_removing_an_assignment_ends_the_interviewers_access(
    client, coordinator, interviewer, association
):
    assignment = InterviewerAssignment.objects.get(interviewer=interviewer)
    client.force_login(coordinator)
    response = client.post(reverse("programmes:interviewer_unassign", args=[assignment.pk]))
    assert response["Location"] == reverse(
        "programmes:interviewer_assignments", args=[interviewer.pk]
    )
    assert not Organisation.objects.for_user(interviewer).filter(pk=association.pk).exists()
    entry = AuditEntry.objects.get(action="interviewer.unassign")
    assert entry.target_repr == f"Interviewer assignment #{assignment.pk}"


def test_only_associations_and_only_interviewers(
    coordinator, team_member, interviewer, programme, welfare_service, association
):
    with pytest.raises(ValidationError):
        interviewer_assignments_add(
            actor=coordinator,
            programme=programme,
            interviewer=interviewer,
            organisations=[welfare_service],
        )
    with pytest.raises(ValidationError):
        interviewer_assignments_add(
            actor=coordinator,
            programme=programme,
            interviewer=team_member,
            organisations=[association],
        )


def test_the_interviewers_page_lists_them_by_name(client, coordinator, interviewer, programme):
    client.force_login(coordinator)
    page = client.get(reverse("programmes:interviewers"))
    (row,) = page.context["interviewers"]
    assert (row, row.assigned) == (interviewer, 1)
    assert interviewer.person.full_name in _text(page)
