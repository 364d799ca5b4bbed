"""Logging in with a second factor in Debian's Chromium, under the Content-Security-Policy,
with axe-core on every page and no console error (the `page` fixture fails on any)."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from vereinsforum.accounts.models import Role
from vereinsforum.testing import factories
from vereinsforum.testing.otp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password(page, username: str) -> None:
    page.goto("/konto/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("main button[type=submit]")


def assert_strict_csp(response) -> None:
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_a_coordinator_logs_in_with_a_totp_code(page, coordinator, assert_accessible):
    password(page, "coordinator")
    page.wait_for_url("**/konto/zwei-faktor/?next=*")
    assert page.locator("#id_code").get_attribute("autocomplete") == "one-time-code"
    assert_accessible(page)

    # The code the coordinator's app shows now, from the device's key.
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    page.fill("#id_code", totp_code(device))
    with page.expect_navigation() as navigation:
        page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    dashboard = navigation.value
    assert_strict_csp(dashboard)
    assert "no-store" in dashboard.headers["cache-control"]
    assert page.locator(".site-header__account").get_by_role("link").is_visible()
    assert_accessible(page)

    # Under the policy the page runs htmx and its own scripts without a single complaint.
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.console_errors == []


def test_a_new_coordinator_sets_up_the_app_and_keeps_the_recovery_codes(page, assert_accessible):
    factories.UserFactory(username="neu", role=Role.COORDINATOR)
    password(page, "neu")
    page.wait_for_url("**/konto/zwei-faktor/einrichten/?next=*")
    qr = page.get_by_role("img", name=re.compile("QR"))
    assert qr.is_visible()
    assert_accessible(page)

    # Typed by hand into an app: the key shown as text is enough to produce the code.
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.fill("#id_code", f"{TOTP(base64.b32decode(secret)).token():06d}")
    page.click("main button[type=submit]")
    page.wait_for_url("**/wiederherstellungscodes/*")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    assert_accessible(page)
    page.locator("main a.kern-btn").click()
    page.wait_for_url("**/dashboard/")

    # Next time the app's code or one recovery code.
    page.context.clear_cookies()
    password(page, "neu")
    page.wait_for_url("**/konto/zwei-faktor/?next=*")
    page.fill("#id_code", codes[0])
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_the_lockout_notice_is_a_page_in_the_users_language(
    page, team_member, settings, assert_accessible
):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        page.goto("/konto/login/")
        page.fill("#id_username", "team_member")
        page.fill("#id_password", "falsch")
        page.click("main button[type=submit]")
    alert = page.locator("#lockout")
    assert alert.get_attribute("role") == "alert"
    assert "15" in alert.inner_text()
    assert page.input_value("#id_username") == "team_member"
    assert_accessible(page)


def test_the_policy_is_enforced_and_a_violation_would_be_caught(page):
    response = page.goto("/")
    assert_strict_csp(response)
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p id="injected" style="color: red">x</p>');
        const s = document.createElement("script");
        s.textContent = "window.inlineRan = true";
        document.body.append(s);
    }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.inlineRan === undefined")  # the inline script did not run
    assert page.locator("#injected").evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
    assert any("CSP violation" in e for e in page.console_errors), page.console_errors
    page.console_errors.clear()
