"""The foundation in Debian's Chromium: a coordinator's tour through the demo, five languages,
right to left, and axe-core (WCAG 2.1 A/AA) on every page visited."""

import re

import pytest
from django.core.management import call_command

from vereinsforum.demo.scenario import DEMO_PASSWORD
from vereinsforum.organisations.models import Organisation
from vereinsforum.web.models import AccessibilityFeedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def figure(page, step: str) -> str:
    return page.locator(f'.figure[data-step="{step}"] .figure__value').inner_text().strip()


def switch_language(page, code: str) -> None:
    page.select_option("#language-select", code)
    with page.expect_navigation():
        page.click(".language-switcher button[type=submit]")


def test_public_pages_and_the_feedback_form(page, assert_accessible):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Das Vereinsforum in Leichter Sprache"
    )
    assert_accessible(page)

    # The skip link is the first thing a keyboard reaches, and it leads to <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"

    page.goto("/konto/login/")
    assert_accessible(page)
    page.goto("/konto/passwort/vergessen/")
    assert_accessible(page)
    page.goto("/datenschutz/")
    assert_accessible(page)
    page.goto("/impressum/")
    assert_accessible(page)

    page.goto("/barrierefreiheit/")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Barriere melden").click()
    assert page.url.endswith("/barrierefreiheit/feedback/")
    assert_accessible(page)

    # Invalid: no description, a broken address. The errors are German, tied to their
    # fields, and what was typed stays.
    page.fill("#id_page_url", "/organisationen/")
    page.fill("#id_contact_email", "keine-adresse")
    page.click("main button[type=submit]")
    assert (
        page.locator("#id_message_error").inner_text() == "Dieses Feld ist zwingend erforderlich."
    )
    assert "gültige E-Mail-Adresse" in page.locator("#id_contact_email_error").inner_text()
    assert page.locator("#id_message").get_attribute("aria-invalid") == "true"
    assert "id_message_error" in page.locator("#id_message").get_attribute("aria-describedby")
    assert page.input_value("#id_page_url") == "/organisationen/"
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)
    assert not AccessibilityFeedback.objects.exists()

    page.fill("#id_message", "Der Filter lässt sich mit der Tastatur nicht bedienen.")
    page.fill("#id_contact_email", "leser@example.org")
    page.click("main button[type=submit]")
    assert page.url.endswith("/barrierefreiheit/")
    assert "Vielen Dank" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    assert AccessibilityFeedback.objects.get().page_url == "/organisationen/"


def test_coordinator_tour_through_the_demo_in_three_languages(page, login, assert_accessible):
    call_command("load_demo", verbosity=0)
    anadolu = Organisation.objects.get(name="Anadolu e.V.")

    login("koordination", DEMO_PASSWORD)
    assert page.url.endswith("/dashboard/")
    assert (figure(page, "invited"), figure(page, "attended"), figure(page, "enrolled")) == (
        "60",
        "30",
        "25",
    )
    assert_accessible(page)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Organisationen"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Organisationen"
    assert_accessible(page)
    page.select_option("#id_status", "enrolled")
    page.fill("#id_q", "e.V.")
    page.click("form[role=search] button[type=submit]")
    assert "status=enrolled" in page.url
    assert re.search(r"\d+ Organisationen gefunden", page.get_by_role("status").inner_text())
    assert_accessible(page)

    page.get_by_role("link", name="Anadolu e.V.", exact=True).click()
    assert page.url.endswith(f"/organisationen/{anadolu.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Anadolu e.V."
    history = page.locator("section[aria-labelledby=history-heading]").inner_text()
    assert "Eingeladen" in history and "Angemeldet" in history
    assert_accessible(page)

    page.goto(f"/organisationen/{anadolu.pk}/bearbeiten/")
    assert_accessible(page)

    for url in ("/organisationen/personen/", "/programm/team/", "/protokoll/"):
        page.goto(url)
        assert_accessible(page)
    page.goto("/programm/team/")
    assert "Michael Visser" in page.get_by_role("main").inner_text()

    page.goto("/organisationen/personen/")
    page.fill("#q", "Visser")
    page.click("form[role=search] button[type=submit]")
    page.get_by_role("link", name="Michael Visser").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Michael Visser"
    assert_accessible(page)

    # Erasure (DSGVO): confirm first; without the tick a German error, then the erasure.
    page.get_by_role("link", name="Personenbezogene Daten löschen").click()
    assert_accessible(page)
    page.click("main button[type=submit]")
    assert "Bitte bestätigen Sie" in page.locator("#id_confirm_error").inner_text()
    assert_accessible(page)
    page.check("#id_confirm")
    page.click("main button[type=submit]")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Gelöschte Person #")
    assert_accessible(page)

    page.goto("/dashboard/")
    switch_language(page, "tr")
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == "Genel bakış"
    assert figure(page, "enrolled") == "25"
    assert_accessible(page)

    switch_language(page, "ar")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "نظرة عامة"
    assert_accessible(page)
    page.goto(f"/organisationen/{anadolu.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    page.goto("/organisationen/")
    assert_accessible(page)
    # German names stay isolated from the right-to-left text around them.
    assert page.get_by_role("link", name="Anadolu e.V.", exact=True).locator("bdi").count() == 1
