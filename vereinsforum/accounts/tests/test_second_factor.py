"""Two-factor authentication: mandatory for coordinators, optional for everybody else.

These tests use a plain `django.test.Client`: the `client` fixture marks logins as verified
(testing/otp.py), which is exactly what must not happen here.
"""

import base64
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vereinsforum.accounts.models import Role
from vereinsforum.audit.models import AuditEntry
from vereinsforum.demo.scenario import DEMO_PASSWORD
from vereinsforum.testing import factories
from vereinsforum.testing.otp import confirmed_totp_device, totp_code

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:otp_verify")
SETUP = reverse("accounts:otp_setup")


def password_login(username: str, **extra) -> tuple[Client, object]:
    browser = Client()
    response = browser.post(
        reverse("accounts:login"),
        {"username": username, "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE="de",
        **extra,
    )
    return browser, response


@pytest.fixture
def new_coordinator(db):
    """A coordinator who has never set up an authenticator app."""
    return factories.UserFactory(username="neu", role=Role.COORDINATOR)


# ---- coordinators must ---------------------------------------------------------------------


def test_a_coordinator_without_an_app_is_led_to_the_set_up_and_nowhere_else(new_coordinator):
    browser, response = password_login("neu")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fdashboard%2F"
    for url in (
        reverse("web:dashboard"),
        reverse("web:start"),
        reverse("organisations:list"),
        reverse("accounts:account"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
    ):
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP + "?next="), url
    # A write is refused as well, not only a page.
    response = browser.post(reverse("web:accessibility_feedback"), {"message": "x"})
    assert response["Location"] == SETUP


def test_set_up_shows_qr_and_key_confirms_and_shows_recovery_codes_once(new_coordinator):
    browser, _ = password_login("neu")
    html = browser.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=new_coordinator, confirmed=False)
    assert '<svg role="img" aria-label="' in html
    assert device.config_url.startswith("otpauth://totp/Vereinsforum%3Aneu?")
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    # The same key on a reload: the app the user is scanning with stays valid.
    assert secret in browser.get(SETUP).content.decode()
    assert TOTPDevice.objects.filter(user=new_coordinator).count() == 1

    response = browser.post(SETUP, {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="de")
    if response.status_code == 302:  # one in a million: 000000 was the code
        pytest.skip("the random key's current code happened to be 000000")
    assert response.status_code == 400
    assert "Dieser Code stimmt nicht" in response.content.decode() or "not right" in (
        response.content.decode()
    )

    device.refresh_from_db()
    device.throttle_reset()
    response = browser.post(SETUP + "?next=/organisationen/", {"code": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_recovery_codes"))
    device.refresh_from_db()
    assert device.confirmed

    html = browser.get(response["Location"]).content.decode()
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", html)
    stored = set(
        StaticToken.objects.filter(device__user=new_coordinator).values_list("token", flat=True)
    )
    assert len(shown) == 10 and {c.replace("-", "") for c in shown} == stored
    assert 'href="/organisationen/"' in html
    # Shown once: the next visit has nothing to show.
    assert browser.get(reverse("accounts:otp_recovery_codes")).status_code == 302

    assert browser.get(reverse("web:dashboard")).status_code == 200
    entry = AuditEntry.objects.get(action="second_factor.enable")
    assert entry.actor_id == new_coordinator.pk
    assert "neu" not in entry.target_repr


def test_a_coordinator_with_an_app_gives_a_code_after_the_password(coordinator):
    device = confirmed_totp_device(coordinator)
    browser, response = password_login("coordinator")
    assert response["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"
    for url in (reverse("web:dashboard"), reverse("admin:index"), reverse("accounts:account")):
        response = browser.get(url)
        assert response["Location"].startswith(VERIFY + "?next="), url

    response = browser.post(VERIFY + "?next=/programm/team/", {"code": "abcdefgh"})
    assert response.status_code == 200
    assert "Dieser Code stimmt nicht" in response.content.decode() or "not right" in (
        response.content.decode()
    )
    device.refresh_from_db()
    device.throttle_reset()

    response = browser.post(VERIFY + "?next=/programm/team/", {"code": totp_code(device)})
    assert response["Location"] == "/programm/team/"
    assert browser.get(reverse("web:dashboard")).status_code == 200
    assert browser.get(reverse("admin:index")).status_code == 200


def test_a_code_counts_once(coordinator):
    device = confirmed_totp_device(coordinator)
    code = totp_code(device)
    first, _ = password_login("coordinator")
    assert first.post(VERIFY, {"code": code})["Location"] == reverse("web:dashboard")
    second, _ = password_login("coordinator")
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert second.get(reverse("web:dashboard")).status_code == 302


def test_wrong_codes_in_a_row_make_the_user_wait(coordinator):
    device = confirmed_totp_device(coordinator)
    browser, _ = password_login("coordinator")
    browser.post(VERIFY, {"code": "123456" if totp_code(device) != "123456" else "654321"})
    response = browser.post(VERIFY, {"code": totp_code(device)}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 429
    assert re.search(r"wait 1 second|1 Sekunde", response.content.decode())
    assert browser.get(reverse("web:dashboard")).status_code == 302


def test_a_recovery_code_works_once(coordinator):
    confirmed_totp_device(coordinator)
    device = StaticDevice.objects.create(user=coordinator, name="Recovery codes")
    device.token_set.create(token="abcdefgh")
    device.token_set.create(token="ijklmnop")

    browser, _ = password_login("coordinator")
    response = browser.post(VERIFY, {"code": "ABCD-EFGH"})
    assert response["Location"] == reverse("web:dashboard")
    assert browser.get(reverse("web:dashboard")).status_code == 200
    assert list(device.token_set.values_list("token", flat=True)) == ["ijklmnop"]

    again, _ = password_login("coordinator")
    assert again.post(VERIFY, {"code": "abcd-efgh"}).status_code == 200
    assert again.get(reverse("web:dashboard")).status_code == 302


def test_the_password_alone_cannot_add_a_second_app(coordinator):
    confirmed_totp_device(coordinator)
    browser, _ = password_login("coordinator")
    response = browser.get(SETUP)
    assert response.status_code == 302
    assert browser.post(SETUP, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_the_test_client_fixture_does_not_weaken_the_production_check(client, coordinator):
    plain = Client()
    plain.force_login(coordinator)
    assert plain.get(reverse("web:dashboard"))["Location"].startswith(VERIFY)
    client.force_login(coordinator)
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_coordinators_cannot_switch_it_off(coordinator):
    device = confirmed_totp_device(coordinator)
    browser, _ = password_login("coordinator")
    browser.post(VERIFY, {"code": totp_code(device)})
    response = browser.post(
        reverse("accounts:otp_remove"), {"remove-code": totp_code(device, offset=1)}
    )
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


# ---- everybody else may --------------------------------------------------------------------


def test_other_roles_need_no_code_until_they_switch_it_on(representative):
    browser, response = password_login("representative")
    assert response["Location"] == reverse("web:dashboard")
    html = browser.get(reverse("accounts:account"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert SETUP in html

    browser.get(SETUP)
    device = TOTPDevice.objects.get(user=representative, confirmed=False)
    response = browser.post(SETUP, {"code": totp_code(device)})
    assert response["Location"].startswith(reverse("accounts:otp_recovery_codes"))
    device.refresh_from_db()
    assert device.confirmed

    # From now on the password alone is not enough.
    again, response = password_login("representative")
    assert response["Location"].startswith(VERIFY)
    assert again.get(reverse("web:dashboard")).status_code == 302

    # Switching off takes a current code.
    response = browser.post(reverse("accounts:otp_remove"), {"remove-code": "000000"})
    assert response.status_code == 400
    device.refresh_from_db()
    device.throttle_reset()
    response = browser.post(
        reverse("accounts:otp_remove"), {"remove-code": totp_code(device, offset=1)}
    )
    assert response["Location"] == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=representative).exists()
    assert not StaticDevice.objects.filter(user=representative).exists()
    _, response = password_login("representative")
    assert response["Location"] == reverse("web:dashboard")


def test_new_recovery_codes_replace_the_old_ones(representative):
    device = confirmed_totp_device(representative)
    old = StaticDevice.objects.create(user=representative, name="Recovery codes")
    old.token_set.create(token="abcdefgh")
    browser, _ = password_login("representative")
    browser.post(VERIFY, {"code": totp_code(device)})
    response = browser.post(reverse("accounts:otp_recovery_codes"))
    assert response["Location"] == reverse("accounts:otp_recovery_codes")
    html = browser.get(response["Location"]).content.decode()
    assert len(re.findall(r"<code>[a-z2-7]{4}-[a-z2-7]{4}</code>", html)) == 10
    assert not StaticToken.objects.filter(token="abcdefgh").exists()


# ---- the demo ------------------------------------------------------------------------------


def test_the_demo_coordinator_logs_in_with_the_documented_key():
    out = StringIO()
    call_command("load_demo", stdout=out)
    secret = "VEREINSFORUMDEMOKOORDINATIONZWEI"  # as printed and in the README
    assert f"oathtool --totp -b {secret}" in out.getvalue()

    browser = Client()
    response = browser.post(
        reverse("accounts:login"), {"username": "koordination", "password": DEMO_PASSWORD}
    )
    assert response["Location"].startswith(VERIFY)
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"  # what oathtool prints
    assert browser.post(VERIFY, {"code": code})["Location"] == reverse("web:dashboard")
    assert browser.get(reverse("web:dashboard")).status_code == 200


def test_the_admin_never_shows_anybodys_key_or_recovery_codes(client, coordinator, team_member):
    device = confirmed_totp_device(team_member)
    codes = StaticDevice.objects.create(user=team_member, name="Recovery codes")
    codes.token_set.create(token="abcdefgh")
    client.force_login(coordinator)
    assert (
        client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    )
    assert (
        client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])).status_code == 403
    )
    html = client.get(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    ).content.decode()
    assert device.key not in html
    html = client.get(
        reverse("admin:otp_static_staticdevice_change", args=[codes.pk])
    ).content.decode()
    assert "abcdefgh" not in html
