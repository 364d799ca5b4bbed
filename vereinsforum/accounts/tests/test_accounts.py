"""Accounts: Argon2, login and logout, password reset, roles in the database."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from vereinsforum.accounts.models import Role, User
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def test_argon2_is_the_password_hasher(coordinator):
    assert get_hasher().algorithm == "argon2"
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert identify_hasher(coordinator.password).algorithm == "argon2"
    user = User(username="new", role=Role.TEAM_MEMBER)
    user.set_password("ein langes Passwort")
    assert user.password.startswith("argon2$")


def test_login_with_the_form_leads_to_the_dashboard(client, team_member):
    # Coordinators give a second factor first: accounts/tests/test_second_factor.py.
    response = client.post(
        reverse("accounts:login"), {"username": "team_member", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")


def test_login_follows_next_but_not_to_other_sites(client, team_member):
    data = {"username": "team_member", "password": factories.PASSWORD}
    response = client.post(reverse("accounts:login") + "?next=/programm/team/", data)
    assert response["Location"] == "/programm/team/"
    client.logout()
    response = client.post(reverse("accounts:login") + "?next=https://evil.example/", data)
    assert response["Location"] == reverse("web:dashboard")


def test_wrong_password_shows_a_translated_error(client, coordinator):
    response = client.post(
        reverse("accounts:login"),
        {"username": "coordinator", "password": "falsch"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert "Beide Felder berücksichtigen die Groß-/Kleinschreibung" in response.content.decode()
    assert 'value="coordinator"' in response.content.decode()  # the input is kept


def test_logout_is_a_post_and_ends_the_session(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("web:start")
    assert client.get(reverse("web:dashboard")).status_code == 302


def test_password_reset_mails_a_link_to_the_configured_site(client, coordinator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://vereinsforum.example"
    response = client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"https://vereinsforum\.example(/konto/passwort/neu/\S+/)", body)
    assert link, body

    response = client.get(link.group(1), follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Zwei Pferde am Bach 2007", "new_password2": "Zwei Pferde am Bach 2007"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    coordinator.refresh_from_db()
    assert coordinator.check_password("Zwei Pferde am Bach 2007")


def test_password_reset_reveals_nothing_about_unknown_addresses(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_representatives_must_act_for_an_organisation(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.UserFactory(role=Role.REPRESENTATIVE, acting_for=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.UserFactory(role=Role.SERVICE_PROVIDER, acting_for=None)
    factories.UserFactory(role=Role.INTERVIEWER, acting_for=None)


def test_createsuperuser_makes_a_coordinator(client, db):
    user = User.objects.create_superuser("admin", "admin@example.org", "ein langes Passwort")
    assert user.role == Role.COORDINATOR
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_is_for_coordinators_even_without_is_staff(client, coordinator, team_member):
    team_member.is_staff = True
    team_member.save()
    client.force_login(team_member)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(coordinator)
    assert not coordinator.is_staff
    response = client.get(reverse("admin:organisations_organisation_changelist"))
    assert response.status_code == 200
