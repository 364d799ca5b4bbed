"""Login lockout (django-axes), the password-reset rate limit and the idle timeout."""

import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from vereinsforum.accounts.middleware import LAST_SEEN_SESSION_KEY
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def attempt(browser, username, password, url=LOGIN, address="192.0.2.10"):
    return browser.post(
        url,
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE="de",
        REMOTE_ADDR=address,
    )


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_after_the_limit_even_the_right_password_is_refused_with_a_notice(
    client, team_member, limit
):
    for _ in range(limit - 1):
        response = attempt(client, "team_member", "falsch")
        assert response.status_code == 200
        assert "lockout" not in response.content.decode()
    response = attempt(client, "team_member", "falsch")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in html or "Too many failed" in html
    assert 'id="lockout"' in html and 'role="alert"' in html
    assert 'value="team_member"' in html  # the login name stays in the field
    assert "<main" in html  # the login page, not a bare text

    response = attempt(client, "team_member", factories.PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("web:dashboard")).status_code == 302  # not logged in


def test_a_stranger_cannot_lock_the_owner_out_from_elsewhere(client, team_member, limit):
    for _ in range(limit):
        attempt(client, "team_member", "falsch", address="198.51.100.66")
    assert (
        attempt(client, "team_member", factories.PASSWORD, address="198.51.100.66").status_code
        == 429
    )
    response = attempt(Client(), "team_member", factories.PASSWORD, address="192.0.2.10")
    assert response.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, team_member, limit, settings):
    for _ in range(limit):
        attempt(client, "team_member", "falsch")
    assert attempt(client, "team_member", factories.PASSWORD).status_code == 429
    # Move the failures back past the cool-off instead of waiting for it.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME * 2
    )
    assert attempt(client, "team_member", factories.PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_as_well(client, coordinator, limit):
    url = reverse("admin:login")
    for _ in range(limit):
        attempt(client, "coordinator", "falsch", url=url)
    response = attempt(client, "coordinator", factories.PASSWORD, url=url)
    assert response.status_code == 429
    assert 'id="lockout"' in response.content.decode()


def test_the_proxy_header_names_the_client_only_when_configured(
    client, team_member, limit, settings
):
    # Without CLIENT_IP_HEADER a forged X-Real-IP changes nothing: REMOTE_ADDR counts.
    for n in range(limit):
        client.post(
            LOGIN,
            {"username": "team_member", "password": "falsch"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_REAL_IP=f"203.0.113.{n}",
        )
    assert attempt(client, "team_member", factories.PASSWORD).status_code == 429
    # Behind a proxy that sets the header, the header is the client.
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    response = Client().post(
        LOGIN,
        {"username": "team_member", "password": factories.PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_REAL_IP="203.0.113.200",
    )
    assert response.status_code == 302


# ---- password reset --------------------------------------------------------------------------


def test_password_reset_is_rate_limited_per_address_and_keeps_the_input(
    client, coordinator, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_ip": (2, 3600)}
    url = reverse("accounts:password_reset")
    for address in ("a@example.org", coordinator.email):
        assert client.post(url, {"email": address})["Location"] == reverse(
            "accounts:password_reset_done"
        )
    response = client.post(url, {"email": coordinator.email}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 429
    html = response.content.decode()
    assert "zu oft gesendet" in html or "too often" in html
    assert f'value="{coordinator.email}"' in html
    assert len(mail.outbox) == 1


def test_password_reset_is_rate_limited_per_e_mail_address(client, coordinator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_email": (1, 3600)}
    url = reverse("accounts:password_reset")
    assert (
        client.post(url, {"email": coordinator.email}, REMOTE_ADDR="192.0.2.1").status_code == 302
    )
    response = client.post(url, {"email": coordinator.email.upper()}, REMOTE_ADDR="192.0.2.2")
    assert response.status_code == 429
    assert len(mail.outbox) == 1


# ---- idle timeout ----------------------------------------------------------------------------


def test_an_idle_session_ends_with_a_notice_on_the_login_page(client, team_member, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(team_member)
    assert client.get(reverse("web:dashboard")).status_code == 200
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fdashboard%2F"
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "30 Minuten" in html or "30 minutes" in html
    assert client.get(reverse("web:dashboard"))["Location"].startswith(LOGIN)


def test_activity_keeps_the_session(client, team_member, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(team_member)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert client.session[LAST_SEEN_SESSION_KEY] >= int(time.time()) - 5
