"""The first day of a city's own install, in Debian's Chromium on an empty database.

`vereinsforum setup` makes the first coordinator; everything after happens in the browser:
the coordinator logs in and sets up the authenticator app, sets up the programme, adds an
association with a contact, creates a public event and invites the contact as the
association's representative. The invitation arrives by e-mail; its link, opened in a
fresh browser, lets the representative choose a password, and they register for the event.
No page under /admin/ is ever requested, and axe-core (WCAG 2.1 A/AA) checks every page.

Ids, not labels, find the controls where the wording may still change (the new strings are
not in the catalogues yet).
"""

from __future__ import annotations

import base64
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP

from vereinsforum.accounts.models import Role, User
from vereinsforum.events.models import Event, Registration, RegistrationStatus
from vereinsforum.organisations.models import Organisation, Person
from vereinsforum.programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Erster Tag in der Stadt 2026"  # noqa: S105
REP_PASSWORD = "Unser Verein lädt ein 2026"  # noqa: S105

# As in conftest.py's `page`: every CSP violation shows as a console error.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def _record(context, visited: list[str], errors: list[str]) -> None:
    """Every URL the browser requests, and every console error (the fixture's rule)."""
    context.on("request", lambda request: visited.append(request.url))
    context.on("console", lambda msg: errors.append(f"{msg.text}") if msg.type == "error" else None)


def _option_value(page, select: str, text: str) -> str:
    """The value of the option whose label contains `text`: choices are made by name."""
    return page.locator(f"{select} option", has_text=text).first.get_attribute("value")


def test_first_day_from_an_empty_database_to_a_registration(
    page, browser, live_server, settings, monkeypatch, assert_accessible
):
    assert not User.objects.exists() and not Programme.objects.exists()
    settings.SITE_URL = live_server.url  # links in the e-mails lead to this server
    visited: list[str] = []
    _record(page.context, visited, page.console_errors)

    # ---- the first coordinator, on the command line
    monkeypatch.setenv("VEREINSFORUM_SETUP_PASSWORD", PASSWORD)
    call_command(
        "setup",
        "--no-input",
        "--username=stadt",
        "--email=integration@stadt.example",
        "--first-name=Mia",
        "--last-name=Koordinatorin",
    )

    # ---- login with password, then the authenticator app is set up (no way around it)
    page.goto("/konto/login/")
    assert_accessible(page)
    page.fill("#id_username", "stadt")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/konto/zwei-faktor/einrichten/?next=*")
    assert_accessible(page)
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.fill("#id_code", f"{TOTP(base64.b32decode(secret)).token():06d}")
    page.click("main button[type=submit]")
    page.wait_for_url("**/wiederherstellungscodes/*")
    assert_accessible(page)
    page.locator("main a.kern-btn").click()
    page.wait_for_url("**/dashboard/")
    assert_accessible(page)

    # ---- the guided set-up (programmes/setup_views.py), from the dashboard's call to action
    page.click("#start-setup")
    page.wait_for_url("**/programm/einrichten/programm/")
    assert_accessible(page)
    page.fill("#id_name", "Vereine stärken")
    page.fill("#id_start", timezone.localdate().replace(day=1).isoformat())
    page.fill("#id_department_name", "Ressort 204 – Zuwanderung und Integration")
    page.fill("#id_city_name", "Stadt Wuppertal")
    page.click("#setup-save")
    page.wait_for_url("**/programm/einrichten/themenfelder/")
    assert_accessible(page)
    page.click("#setup-next")
    page.wait_for_url("**/programm/einrichten/sprachen/")
    assert_accessible(page)
    page.click("#setup-next")
    page.wait_for_url("**/programm/einrichten/angaben/")
    assert_accessible(page)
    page.fill("#id_operator", "Stadt Wuppertal")
    page.click("#setup-save")
    page.wait_for_url("**/dashboard/")
    assert_accessible(page)
    programme = Programme.objects.get()
    assert programme.fields.count() == 7

    # ---- an association and its contact
    page.goto("/organisationen/neu/")
    assert_accessible(page)
    page.fill("#id_name", "Anadolu Kulturverein e.V.")
    page.select_option("#id_kind", "association")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/organisationen/\d+/$"))
    assert_accessible(page)
    association = Organisation.objects.get(name="Anadolu Kulturverein e.V.")
    page.click(f"a[href='/organisationen/{association.pk}/kontakte/neu/']")
    page.wait_for_url("**/kontakte/neu/")
    assert_accessible(page)
    page.fill("#id_first_name", "Ayşe")
    page.fill("#id_last_name", "Yılmaz")
    page.fill("#id_email", "ayse.yilmaz@anadolu.example")
    page.select_option("#id_preferred_language", "tr")
    page.select_option("#id_role", "chair")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/organisationen/{association.pk}/")
    assert_accessible(page)
    contact = Person.objects.get(email="ayse.yilmaz@anadolu.example")

    # ---- a public event
    page.goto("/veranstaltungen/neu/")
    assert_accessible(page)
    start = timezone.localtime(timezone.now() + timedelta(days=14)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    page.select_option("#id_kind", "training")
    page.fill("#id_title", "Vereinsrecht für Einsteiger")
    page.fill("#id_start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_end", (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_location_name", "Rathaus Barmen")
    page.fill("#id_capacity", "20")
    page.check("input[name=audience][value=public]")
    page.click("#save-event")
    page.wait_for_selector("h1 >> text=Vereinsrecht für Einsteiger")
    assert_accessible(page)
    event = Event.objects.get()

    # ---- the invitation: the contact, chosen by name, as the association's representative
    page.goto("/konto/benutzer/")
    assert_accessible(page)
    page.click("a[href='/konto/benutzer/einladen/']")
    page.wait_for_url("**/konto/benutzer/einladen/")
    assert_accessible(page)
    page.select_option("#id_person", _option_value(page, "#id_person", "Ayşe Yılmaz"))
    page.select_option("#id_role", "representative")
    page.select_option(
        "#id_organisation", _option_value(page, "#id_organisation", "Anadolu Kulturverein")
    )
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/konto/benutzer/\d+/$"))
    assert_accessible(page)
    invitee = User.objects.get(person=contact)
    assert (invitee.role, invitee.acting_for) == (Role.REPRESENTATIVE, association)

    # ---- the e-mail, as sent (after the commit, through the outbox), in her language
    (message,) = [m for m in mail.outbox if m.to == [contact.email]]
    assert message.extra_headers["Content-Language"] == "tr"
    assert "Dernek temsilcisi" in message.body  # her role, in Turkish
    (link,) = re.findall(rf"{re.escape(live_server.url)}/konto/einladung/\S+/", message.body)

    # ---- in a fresh browser: the link, a password, the event
    context = browser.new_context(locale="tr-TR", base_url=live_server.url)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    errors: list[str] = []
    _record(context, visited, errors)
    rep = context.new_page()
    rep.set_default_timeout(15_000)
    rep.goto(urlsplit(link).path)
    rep.wait_for_url("**/set-password/")  # the token left the address bar
    assert_accessible(rep)
    assert rep.input_value("#id_username") == contact.email
    rep.fill("#id_password", REP_PASSWORD)
    rep.fill("#id_password_again", REP_PASSWORD)
    rep.click("main form button[type=submit]")
    rep.wait_for_url("**/dashboard/")
    assert_accessible(rep)

    rep.goto(f"/veranstaltungen/{event.pk}/")
    assert_accessible(rep)
    rep.select_option("#id_person", label=contact.full_name)
    rep.click("#register-button")
    rep.wait_for_selector(".delegate[data-status=registered]")
    assert_accessible(rep)
    registration = Registration.objects.get(event=event)
    assert (registration.person, registration.organisation, registration.status) == (
        contact,
        association,
        RegistrationStatus.REGISTERED,
    )
    context.close()
    assert not errors, errors

    # ---- nothing needed the admin
    admin = [url for url in visited if urlsplit(url).path.startswith("/admin")]
    assert visited and not admin, admin
