"""Accounts in the app: coordinators invite by e-mail, the invitee sets a password through a
one-time link, roles change and accounts are deactivated, every step audited by number."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlsafe_base64_encode

from vereinsforum.accounts.models import Role, User
from vereinsforum.accounts.scoping import acting_user
from vereinsforum.accounts.services import (
    INVITATION_MAIL_KIND,
    account_activate,
    account_deactivate,
    account_invitation_resend,
    account_invite,
    account_reactivate,
    account_role_change,
)
from vereinsforum.accounts.tokens import INVITATION_VALID, invitation_token
from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import OutboxMessage
from vereinsforum.organisations.models import Affiliation, Person
from vereinsforum.organisations.services import affiliation_end
from vereinsforum.programmes.models import InterviewerAssignment
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are matched by their English msgids, whatever the catalogues
    say (the pages' language is each test's own, through Accept-Language)."""
    with translation.override("en"):
        yield


NEW_PASSWORD = "Vereinsarbeit macht stark 2007"  # noqa: S105


def _link(message: OutboxMessage) -> str:
    """The path of the one link in the invitation."""
    (url,) = re.findall(r"https?://\S+/konto/einladung/\S+/", message.body_text)
    return urlsplit(url).path


def _token(message: OutboxMessage) -> str:
    return _link(message).rstrip("/").rsplit("/", 1)[1]


def _contact(organisation, **fields):
    person = factories.PersonFactory(**fields)
    factories.AffiliationFactory(person=person, organisation=organisation, role="treasurer")
    return person


# ---- invitations ------------------------------------------------------------------------------


def test_a_contact_is_invited_as_representative_in_their_language(coordinator, association):
    person = _contact(
        association,
        first_name="Ayşe",
        last_name="Demir",
        email="ayse.demir@example.org",
        preferred_language="tr",
    )
    user = account_invite(
        actor=coordinator, role=Role.REPRESENTATIVE, person=person, organisation=association
    )
    assert (user.person, user.acting_for, user.role) == (person, association, "representative")
    assert user.username == person.email and user.email == person.email
    assert user.is_active and not user.has_usable_password()
    message = OutboxMessage.objects.get(kind=INVITATION_MAIL_KIND)
    assert (message.to_email, message.language, message.person) == (person.email, "tr", person)
    # Rendered in Turkish: the role's label, and the page language of the HTML part.
    assert "Dernek temsilcisi" in message.body_text and "Anadolu e.V." in message.body_text
    assert 'lang="tr"' in message.body_html
    assert invitation_token.check_token(user, _token(message))


def test_a_new_person_is_created_with_the_role_they_take_in_the_organisation(
    coordinator, association
):
    user = account_invite(
        actor=coordinator,
        role=Role.REPRESENTATIVE,
        first_name="Olga",
        last_name="Neumann",
        email="olga@verein.example",
        preferred_language="ru",
        organisation=association,
        affiliation_role="chair",
    )
    person = user.person
    assert (person.full_name, person.email, person.preferred_language) == (
        "Olga Neumann",
        "olga@verein.example",
        "ru",
    )
    role = Affiliation.objects.get(person=person, organisation=association)
    assert (role.role, role.start) == ("chair", timezone.localdate())
    user.set_password(NEW_PASSWORD)  # as after the activation
    assert acting_user(user)


def test_an_organisation_role_needs_a_current_role_of_the_person_there(coordinator, association):
    person = _contact(association)
    # Their role has ended: it no longer counts, as for every access (accounts/scoping.py).
    affiliation_end(
        actor=coordinator,
        affiliation=person.affiliations.get(),
        end=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as refused:
        account_invite(
            actor=coordinator, role=Role.REPRESENTATIVE, person=person, organisation=association
        )
    assert "affiliation_role" in refused.value.error_dict
    assert not User.objects.filter(person=person).exists()
    # With the role they take there now, recorded with the invitation.
    user = account_invite(
        actor=coordinator,
        role=Role.REPRESENTATIVE,
        person=person,
        organisation=association,
        affiliation_role="member",
    )
    assert person.affiliations.current().get().role == "member"
    user.set_password(NEW_PASSWORD)
    assert acting_user(user)


def test_a_refused_invitation_of_a_new_person_leaves_no_person_behind(coordinator, association):
    people = Person.objects.count()
    with pytest.raises(ValidationError):
        account_invite(
            actor=coordinator,
            role=Role.REPRESENTATIVE,
            first_name="Ohne",
            last_name="Rolle",
            email="ohne.rolle@example.org",
            organisation=association,
        )
    assert Person.objects.count() == people
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("role", "kind", "refused"),
    [
        (Role.REPRESENTATIVE, "welfare_service", True),
        (Role.SERVICE_PROVIDER, "association", True),
        (Role.SERVICE_PROVIDER, "welfare_service", False),
        (Role.TEAM_MEMBER, "association", True),  # staff act for no organisation
    ],
)
def test_the_organisation_must_fit_the_role(coordinator, role, kind, refused):
    organisation = factories.OrganisationFactory(kind=kind)
    person = _contact(organisation)
    invite = lambda: account_invite(  # noqa: E731
        actor=coordinator, role=role, person=person, organisation=organisation
    )
    if refused:
        with pytest.raises(ValidationError) as error:
            invite()
        assert "organisation" in error.value.error_dict
    else:
        assert invite().acting_for == organisation


def test_only_coordinators_invite(team_member, association):
    with pytest.raises(PermissionDenied):
        account_invite(actor=team_member, role=Role.TEAM_MEMBER, person=_contact(association))


def test_one_account_per_person_and_per_address(coordinator, team_member, association):
    with pytest.raises(ValidationError, match="account already"):
        account_invite(actor=coordinator, role=Role.INTERVIEWER, person=team_member.person)
    twin = _contact(association, email=team_member.person.email.upper())
    User.objects.filter(pk=team_member.pk).update(email=team_member.person.email)
    with pytest.raises(ValidationError) as refused:
        account_invite(actor=coordinator, role=Role.INTERVIEWER, person=twin)
    assert "email" in refused.value.error_dict


def test_the_audit_log_records_numbers_never_names_or_addresses(coordinator, association):
    person = _contact(association, first_name="Zeynep", last_name="Quasthoff")
    user = account_invite(
        actor=coordinator, role=Role.REPRESENTATIVE, person=person, organisation=association
    )
    message = OutboxMessage.objects.get(kind=INVITATION_MAIL_KIND)
    account_activate(user=user, token=_token(message), username="zeynep.q", password=NEW_PASSWORD)
    account_role_change(actor=coordinator, user=user, role=Role.TEAM_MEMBER)
    account_deactivate(actor=coordinator, user=user)
    account_reactivate(actor=coordinator, user=user)
    entries = AuditEntry.objects.filter(target_type="accounts.user", target_id=str(user.pk))
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "account.invite",
        "account.activate",
        "account.role_change",
        "account.deactivate",
        "account.reactivate",
    ]
    assert {e.target_repr for e in entries} == {f"User #{user.pk}"}
    everything = repr(list(AuditEntry.objects.values()))
    for secret in ("Zeynep", "Quasthoff", person.email, "zeynep.q"):
        assert secret not in everything


# ---- the one-time link -------------------------------------------------------------------------


def _invited(coordinator, association, **fields):
    person = _contact(association, **fields)
    user = account_invite(
        actor=coordinator, role=Role.REPRESENTATIVE, person=person, organisation=association
    )
    return user, OutboxMessage.objects.filter(person=person).latest("pk")


def test_the_link_works_once(coordinator, association):
    user, message = _invited(coordinator, association)
    token = _token(message)
    account_activate(user=user, token=token, username=user.username, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    with pytest.raises(ValidationError, match="no longer valid"):
        account_activate(
            user=user, token=token, username=user.username, password="x" + NEW_PASSWORD
        )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_new_invitation_ends_the_link_sent_before(coordinator, association):
    user, first = _invited(coordinator, association)
    account_invitation_resend(actor=coordinator, user=user)
    second = OutboxMessage.objects.filter(person=user.person).latest("pk")
    assert second.pk != first.pk
    user.refresh_from_db()
    assert not invitation_token.check_token(user, _token(first))
    assert invitation_token.check_token(user, _token(second))


def test_the_link_expires(coordinator, association):
    user, message = _invited(coordinator, association)
    token = _token(message)
    later = datetime.now() + INVITATION_VALID + timedelta(minutes=1)
    with mock.patch.object(invitation_token, "_now", return_value=later):
        assert not invitation_token.check_token(user, token)
    almost = datetime.now() + INVITATION_VALID - timedelta(minutes=1)
    with mock.patch.object(invitation_token, "_now", return_value=almost):
        assert invitation_token.check_token(user, token)


def test_a_deactivated_invitation_stays_dead_after_reactivation(coordinator, association):
    user, message = _invited(coordinator, association)
    account_deactivate(actor=coordinator, user=user)
    account_reactivate(actor=coordinator, user=user)
    user.refresh_from_db()
    assert not invitation_token.check_token(user, _token(message))


def test_a_password_reset_link_is_no_invitation_link(coordinator, association):
    from django.contrib.auth.tokens import default_token_generator

    user, _message = _invited(coordinator, association)
    assert not invitation_token.check_token(user, default_token_generator.make_token(user))


def test_the_password_validators_and_the_login_name_are_checked(coordinator, association):
    user, message = _invited(coordinator, association)
    token = _token(message)
    with pytest.raises(ValidationError) as weak:
        account_activate(user=user, token=token, username=user.username, password="12345678")
    assert "password" in weak.value.error_dict
    with pytest.raises(ValidationError) as taken:
        account_activate(user=user, token=token, username="COORDINATOR", password=NEW_PASSWORD)
    assert "username" in taken.value.error_dict
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_activation_in_the_browser_form_logs_the_invitee_in(client, coordinator, association):
    user, message = _invited(coordinator, association)
    # The token moves from the address into the session, as in Django's password reset.
    response = client.get(_link(message))
    form_url = reverse(
        "accounts:activate",
        args=[urlsafe_base64_encode(str(user.pk).encode()), "set-password"],
    )
    assert response["Location"] == form_url
    page = client.get(form_url, HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200 and "Anadolu e.V." in page.content.decode()
    assert page.context["form"]["username"].value() == user.username
    mismatch = client.post(
        form_url,
        {"username": user.username, "password": NEW_PASSWORD, "password_again": "anders"},
    )
    assert mismatch.status_code == 200 and mismatch.context["form"].errors["password_again"]
    response = client.post(
        form_url,
        {"username": "ayse", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("web:dashboard")
    assert int(client.session[SESSION_KEY]) == user.pk
    user.refresh_from_db()
    assert user.username == "ayse" and user.last_login is not None
    # Used: the link now says so.
    client.logout()
    again = client.get(_link(message), follow=True)
    assert again.context["valid"] is False


def test_a_coordinator_invitee_goes_on_to_set_up_the_app(client, coordinator, association):
    person = factories.PersonFactory()
    user = account_invite(actor=coordinator, role=Role.COORDINATOR, person=person)
    message = OutboxMessage.objects.get(person=person)
    form_url = client.get(_link(message))["Location"]
    response = client.post(
        form_url,
        {"username": user.username, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response["Location"].startswith(reverse("accounts:otp_setup") + "?next=")
    # Nothing else opens until the app is set up (SecondFactorMiddleware).
    blocked = client.get(reverse("accounts:users"))
    assert blocked["Location"].startswith(reverse("accounts:otp_setup"))


def test_a_logged_in_user_is_not_switched_to_the_invitee_silently(client, coordinator, association):
    user, message = _invited(coordinator, association)
    client.force_login(coordinator)
    form_url = client.get(_link(message))["Location"]
    page = client.get(form_url)
    assert page.context["other_session"] is True and "form" not in page.context
    client.post(
        form_url, {"username": "x", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert int(client.session[SESSION_KEY]) == coordinator.pk
    user.refresh_from_db()
    assert not user.has_usable_password()


# ---- roles and deactivation ------------------------------------------------------------------


def test_a_representative_becomes_an_interviewer_and_acts_for_no_one(coordinator, representative):
    account_role_change(actor=coordinator, user=representative, role=Role.INTERVIEWER)
    representative.refresh_from_db()
    assert (representative.role, representative.acting_for) == ("interviewer", None)
    entry = AuditEntry.objects.get(action="account.role_change")
    assert entry.changes == {
        "role": ["representative", "interviewer"],
        "acting_for": [representative.person.affiliations.get().organisation_id, None],
    }


def test_an_interviewer_who_changes_role_loses_the_assignments(coordinator, interviewer):
    assert InterviewerAssignment.objects.filter(interviewer=interviewer).exists()
    account_role_change(actor=coordinator, user=interviewer, role=Role.TEAM_MEMBER)
    assert not InterviewerAssignment.objects.filter(interviewer=interviewer).exists()
    assert AuditEntry.objects.filter(action="interviewer.unassign").count() == 1


def test_nobody_changes_their_own_account(coordinator):
    for change in (
        lambda: account_role_change(actor=coordinator, user=coordinator, role=Role.TEAM_MEMBER),
        lambda: account_deactivate(actor=coordinator, user=coordinator),
    ):
        with pytest.raises(ValidationError, match="own account"):
            change()
    coordinator.refresh_from_db()
    assert coordinator.is_coordinator


def test_two_coordinators_demoting_each_other_leave_one(coordinator):
    second = factories.UserFactory(username="zweite", role=Role.COORDINATOR)
    # Both pages were open; the first demotion goes through. The second is made with the
    # request's copy of an actor who is no longer a coordinator, and is refused.
    stale_actor = User.objects.get(pk=coordinator.pk)
    account_role_change(actor=second, user=coordinator, role=Role.TEAM_MEMBER)
    with pytest.raises(PermissionDenied):
        account_role_change(actor=stale_actor, user=second, role=Role.TEAM_MEMBER)
    with pytest.raises(PermissionDenied):
        account_deactivate(actor=stale_actor, user=second)
    assert list(User.objects.filter(role=Role.COORDINATOR, is_active=True)) == [second]


def test_a_deactivated_account_is_logged_out_and_can_come_back(client, coordinator, team_member):
    client.force_login(team_member)
    assert client.get(reverse("web:dashboard")).status_code == 200
    account_deactivate(actor=coordinator, user=team_member)
    assert client.get(reverse("web:dashboard")).status_code == 302
    assert not client.login(username="team_member", password=factories.PASSWORD)
    account_reactivate(actor=coordinator, user=team_member)
    assert client.login(username="team_member", password=factories.PASSWORD)


def test_an_activated_account_gets_no_new_invitation(coordinator, team_member):
    with pytest.raises(ValidationError, match="set up already"):
        account_invitation_resend(actor=coordinator, user=team_member)


# ---- the coordinators' pages -----------------------------------------------------------------


def test_the_list_shows_role_organisation_status_last_login_and_second_factor(
    client, coordinator, representative, team_member
):
    User.objects.filter(pk=team_member.pk).update(
        last_login=timezone.make_aware(datetime(2007, 5, 14, 9, 30))
    )
    account_deactivate(actor=coordinator, user=team_member)
    client.force_login(coordinator)
    response = client.get(reverse("accounts:users"), HTTP_ACCEPT_LANGUAGE="de")
    html = re.sub(r"\s+", " ", response.content.decode())
    rows = {
        account.username: (pending, account.second_factor)
        for account, pending in response.context["accounts"]
    }
    assert rows["coordinator"] == (False, True) and rows["representative"] == (False, False)
    assert "Vereinsvertretung" in html and "Anadolu e.V." in html
    # German date and time; the deactivated account's row says so (badge).
    row = re.search(r"team_member</bdi>.*?</tr>", html).group()
    assert "14.05.2007 09:30" in row and "kern-badge--warning" in row


def test_inviting_through_the_page(client, coordinator, association):
    person = _contact(association, first_name="Mehmet", last_name="Kaya")
    client.force_login(coordinator)
    page = client.get(reverse("accounts:user_invite") + f"?person={person.pk}")
    assert page.context["form"]["person"].value() == person.pk
    # The person is chosen by name; ids stay in the option values.
    assert f"Mehmet Kaya ({person.email})" in page.content.decode()
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "person": person.pk,
            "preferred_language": "de",
            "role": "representative",
            "organisation": association.pk,
        },
    )
    user = User.objects.get(person=person)
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert OutboxMessage.objects.filter(person=person, kind=INVITATION_MAIL_KIND).exists()


def test_the_invite_form_asks_for_a_person_or_a_new_one(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:user_invite"),
        {"first_name": "Nur", "preferred_language": "de", "role": "team_member"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"last_name", "email"}
    assert not User.objects.filter(role=Role.TEAM_MEMBER).exists()


def test_role_change_deactivation_and_resend_through_the_page(
    client, coordinator, association, django_capture_on_commit_callbacks
):
    user, _message = _invited(coordinator, association)
    client.force_login(coordinator)
    detail = reverse("accounts:user_detail", args=[user.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_invitation_resend", args=[user.pk]))
    assert response["Location"] == detail
    assert mail.outbox[-1].to == [user.email]
    response = client.post(reverse("accounts:user_role", args=[user.pk]), {"role": "team_member"})
    assert response["Location"] == detail
    user.refresh_from_db()
    assert (user.role, user.acting_for) == ("team_member", None)
    refused = client.post(reverse("accounts:user_role", args=[user.pk]), {"role": "representative"})
    assert refused.status_code == 400
    assert refused.context["role_form"].errors["organisation"]
    client.post(reverse("accounts:user_deactivate", args=[user.pk]))
    user.refresh_from_db()
    assert not user.is_active
    own = client.post(
        reverse("accounts:user_deactivate", args=[coordinator.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "You cannot change your own account here." in own.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_dates_on_the_pages_are_the_languages(client, coordinator, team_member):
    User.objects.filter(pk=team_member.pk).update(
        last_login=timezone.make_aware(datetime(2007, 5, 14, 9, 30))
    )
    client.force_login(coordinator)
    response = client.get(
        reverse("accounts:user_detail", args=[team_member.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert date(2007, 5, 14).isoformat() not in response.content.decode()
