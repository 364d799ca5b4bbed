"""The one scoping helper: who sees and edits which organisations and people."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from vereinsforum.accounts.scoping import EDIT, VIEW, can, get_for_user, role_required
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(association, other_association, welfare_service):
    return {"own": association, "other": other_association, "welfare": welfare_service}


def visible(user, action=VIEW):
    return set(Organisation.objects.for_user(user, action).values_list("name", flat=True))


def test_coordinator_sees_and_edits_everything(coordinator, orgs):
    assert visible(coordinator) == visible(coordinator, EDIT) == {o.name for o in orgs.values()}


def test_team_member_sees_everything_and_edits_nothing(team_member, orgs):
    assert visible(team_member) == {o.name for o in orgs.values()}
    assert visible(team_member, EDIT) == set()


def test_interviewer_sees_only_assigned_associations(interviewer, orgs):
    assert visible(interviewer) == {"Anadolu e.V."}
    assert visible(interviewer, EDIT) == set()


def test_interviewer_assigned_in_another_programme_still_sees_only_assignments(interviewer, orgs):
    from vereinsforum.programmes.models import InterviewerAssignment

    InterviewerAssignment.objects.create(
        programme=factories.ProgrammeFactory(), interviewer=interviewer, organisation=orgs["other"]
    )
    assert visible(interviewer) == {"Anadolu e.V.", "Centro Italiano e.V."}
    assert "Migrationsdienst AWO" not in visible(interviewer)


def test_representative_sees_and_edits_only_their_association(representative, outsider, orgs):
    assert visible(representative) == visible(representative, EDIT) == {"Anadolu e.V."}
    assert visible(outsider) == visible(outsider, EDIT) == {"Centro Italiano e.V."}


def test_service_provider_sees_own_organisation(service_provider, orgs):
    assert visible(service_provider) == {"Migrationsdienst AWO"}


def test_public_and_inactive_users_see_nothing(orgs, coordinator):
    assert visible(AnonymousUser()) == set()
    coordinator.is_active = False
    assert visible(coordinator) == set()


def test_a_user_without_role_sees_nothing(orgs):
    user = factories.UserFactory(role="")
    assert visible(user) == set()


def test_people_follow_the_organisations(representative, outsider, interviewer, association):
    colleague = factories.AffiliationFactory(organisation=association, role="treasurer").person
    stranger = factories.PersonFactory()
    # A second affiliation of the same person must not duplicate them (distinct).
    factories.AffiliationFactory(person=colleague, organisation=association, role="delegate")
    mine = list(Person.objects.for_user(representative))
    assert set(mine) == {representative.person, colleague}
    assert len(mine) == 2
    assert colleague in Person.objects.for_user(interviewer)
    assert interviewer.person in Person.objects.for_user(interviewer)
    assert colleague not in Person.objects.for_user(outsider)
    assert stranger not in Person.objects.for_user(representative)
    # A representative keeps the contacts of their own association up to date.
    assert set(Person.objects.for_user(representative, EDIT)) == {representative.person, colleague}
    assert set(Person.objects.for_user(outsider, EDIT)) == {outsider.person}
    assert not Person.objects.for_user(AnonymousUser()).exists()


def test_get_for_user_hides_what_is_not_visible_and_refuses_what_is_not_allowed(
    representative, team_member, association, other_association
):
    qs = Organisation.objects.all()
    assert get_for_user(representative, qs, pk=association.pk) == association
    assert get_for_user(representative, qs, EDIT, pk=association.pk) == association
    with pytest.raises(Http404):
        get_for_user(representative, qs, pk=other_association.pk)
    with pytest.raises(PermissionDenied):
        get_for_user(team_member, qs, EDIT, pk=association.pk)


def test_can_uses_the_same_filters(representative, association, other_association):
    assert can(representative, EDIT, association)
    assert not can(representative, VIEW, other_association)


def test_role_required_sends_guests_to_login_and_refuses_other_roles(representative, coordinator):
    view = role_required("coordinator")(lambda request: "ok")
    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = representative
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = coordinator
    assert view(request) == "ok"
