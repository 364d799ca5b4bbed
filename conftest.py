"""Fixtures shared by every app's tests: one user per role, and the browser with axe-core.

Users (after healthchecks' alice/bob/charlie): `coordinator`, `team_member`, `interviewer`
(assigned to `association`), `representative` (of `association`), `outsider` (representative
of `other_association`), `service_provider` (of `welfare_service`).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from vereinsforum.accounts.models import Role, User
from vereinsforum.programmes.models import InterviewerAssignment
from vereinsforum.testing import factories
from vereinsforum.testing.otp import OTPClient, confirmed_totp_device, totp_code

AXE_JS = Path(__file__).parent / "vereinsforum" / "testing" / "vendor" / "axe.min.js"
AXE_SOURCE = AXE_JS.read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_addoption(parser):
    parser.addoption("--bench", action="store_true", help="run the benchmarks (make bench)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--bench"):
        return
    skip = pytest.mark.skip(reason="benchmark: run with `make bench`")
    for item in items:
        if "bench" in item.keywords:
            item.add_marker(skip)


# ---- clients --------------------------------------------------------------------------------


@pytest.fixture
def client():
    """Django's test client whose logins count as second-factor verified (testing/otp.py)."""
    return OTPClient()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters (lib/ratelimit.py) must not carry over from one test to the next."""
    cache.clear()
    yield
    cache.clear()


# ---- users ---------------------------------------------------------------------------------


@pytest.fixture
def programme(db):
    return factories.ProgrammeFactory()


@pytest.fixture
def association(db):
    return factories.OrganisationFactory(name="Anadolu e.V.")


@pytest.fixture
def other_association(db):
    return factories.OrganisationFactory(name="Centro Italiano e.V.")


@pytest.fixture
def welfare_service(db):
    return factories.OrganisationFactory(kind="welfare_service", name="Migrationsdienst AWO")


@pytest.fixture
def coordinator(db):
    """Coordinators must log in with a second factor: this one has an authenticator app
    (`confirmed_totp_device(coordinator)`; `totp_code(device)` is what it shows now)."""
    user = factories.UserFactory(username="coordinator", role=Role.COORDINATOR)
    confirmed_totp_device(user)
    return user


@pytest.fixture
def team_member(db):
    return factories.UserFactory(username="team_member", role=Role.TEAM_MEMBER)


@pytest.fixture
def interviewer(db, programme, association):
    user = factories.UserFactory(username="interviewer", role=Role.INTERVIEWER)
    InterviewerAssignment.objects.create(
        programme=programme, interviewer=user, organisation=association
    )
    return user


@pytest.fixture
def representative(db, association):
    user = factories.UserFactory(
        username="representative", role=Role.REPRESENTATIVE, acting_for=association
    )
    factories.AffiliationFactory(person=user.person, organisation=association, role="chair")
    return user


@pytest.fixture
def outsider(db, other_association):
    """A representative of another association: the user from outside every boundary."""
    user = factories.UserFactory(
        username="outsider", role=Role.REPRESENTATIVE, acting_for=other_association
    )
    factories.AffiliationFactory(person=user.person, organisation=other_association, role="chair")
    return user


@pytest.fixture
def service_provider(db, welfare_service):
    user = factories.UserFactory(
        username="service_provider", role=Role.SERVICE_PROVIDER, acting_for=welfare_service
    )
    factories.AffiliationFactory(person=user.person, organisation=welfare_service, role="staff")
    return user


@pytest.fixture
def users_by_role(coordinator, team_member, interviewer, representative, service_provider):
    return {
        "coordinator": coordinator,
        "team_member": team_member,
        "interviewer": interviewer,
        "representative": representative,
        "service_provider": service_provider,
        "public": None,
    }


# ---- browser --------------------------------------------------------------------------------


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        pytest.skip("Debian's Chromium is missing: `apt-get install chromium` (CI installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: `pip install -e .[test]`")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Chromium reports a refused inline script or style as a console error; the event makes sure
# every violation of the Content-Security-Policy shows, with the directive it broke.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def page(browser, live_server):
    """A Chromium page on the live server. Every browser test fails on a console error or a
    CSP violation; a test that provokes one on purpose removes it from `page.console_errors`."""
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.console_errors = errors
    # Tests visit forbidden and missing pages on purpose and check the status themselves;
    # Chromium logs the 403/404 of such a page as a console error, which is not the page's.
    refused_pages: set[str] = set()

    def on_response(response):
        if response.status >= 400 and response.request.is_navigation_request():
            refused_pages.add(response.url)

    def on_console(msg):
        if msg.type != "error":
            return
        url = msg.location.get("url", "")
        if msg.text.startswith("Failed to load resource") and url in refused_pages:
            return
        errors.append(f"{msg.text} ({url})")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    yield page
    context.close()
    assert not errors, "console errors in the browser:\n" + "\n".join(errors)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page for WCAG 2.1 A/AA; return the violations.

    Evaluated through the DevTools protocol, not added as a <script>: the page's CSP would
    refuse an inline script, and must not be loosened for the test."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{\n{AXE_SOURCE}\n}}")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): zero axe-core WCAG 2.1 A/AA violations on the current page."""

    def check(page):
        violations = axe_violations(page)
        assert not violations, f"axe-core on {page.url}:\n{format_violations(violations)}"

    return check


@pytest.fixture
def login(page):
    """login(username, password=factories.PASSWORD): log the browser in through the form."""

    def do_login(username: str, password: str = factories.PASSWORD):
        page.goto("/konto/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r".*/(dashboard|konto/zwei-faktor)/.*"))
        if "/konto/zwei-faktor/" in page.url:
            # The second factor, typed as a person would from their app.
            user = User.objects.get(username=username)
            if "/einrichten/" in page.url:
                device = TOTPDevice.objects.get(user=user, confirmed=False)
                page.fill("#id_code", totp_code(device))
                page.click("main button[type=submit]")
                page.get_by_role("link", name=re.compile("weiter|continue", re.I)).click()
            else:
                page.fill("#id_code", totp_code(confirmed_totp_device(user)))
                page.click("main button[type=submit]")
        page.wait_for_url("**/dashboard/")
        return page

    return do_login
