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


def test_coordinator_and_representative_do_the_everyday_editing(
    page, login, assert_accessible, coordinator, representative, programme, association
):
    """New organisation, participation steps, contacts and roles, event history: in the app,
    not the admin; every error in German, nothing typed lost, every page axe-clean."""
    from vereinsforum.organisations.models import Language, Person
    from vereinsforum.programmes.models import Step

    Language.objects.create(code="tr", name="Türkisch")
    Language.objects.create(code="ku", name="Kurdisch")

    login("coordinator")
    page.goto("/organisationen/")
    page.get_by_role("link", name="Neue Organisation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Neue Organisation"
    assert_accessible(page)

    # Bad input: no kind, a founding year from the Middle Ages. The errors are German and
    # at their fields; the name and the ticked language are still there.
    page.fill("#id_name", "Köprü e.V.")
    page.fill("#id_founded_year", "1500")
    page.get_by_label("Türkisch").check()
    page.get_by_role("button", name="Organisation anlegen").click()
    assert page.locator("#id_kind_error").inner_text() == "Dieses Feld ist zwingend erforderlich."
    assert "nach 1800" in page.locator("#id_founded_year_error").inner_text()
    assert page.input_value("#id_name") == "Köprü e.V."
    assert page.get_by_label("Türkisch").is_checked()
    assert not Organisation.objects.filter(name="Köprü e.V.").exists()
    assert_accessible(page)

    page.select_option("#id_kind", "association")
    page.fill("#id_founded_year", "1998")
    page.get_by_role("button", name="Organisation anlegen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Köprü e.V."
    assert "Die Organisation wurde angelegt." in page.get_by_role("status").first.inner_text()
    koepru = Organisation.objects.get(name="Köprü e.V.")
    assert list(koepru.languages.values_list("code", flat=True)) == ["tr"]
    assert_accessible(page)

    # Participation: an enrolment before the invitation is refused with the reason,
    # then the invitation and the enrolment are recorded and counted.
    page.select_option("#id_step-step", "enrolled")
    page.fill("#id_step-on", "2007-05-31")
    page.get_by_role("button", name="Schritt erfassen").click()
    assert "muss eingeladen sein" in page.get_by_role("alert").first.inner_text()
    assert page.input_value("#id_step-on") == "2007-05-31"
    assert_accessible(page)
    page.select_option("#id_step-step", "invited")
    page.fill("#id_step-on", "2007-04-23")
    page.get_by_role("button", name="Schritt erfassen").click()
    assert page.url.endswith(f"/organisationen/{koepru.pk}/")
    page.select_option("#id_step-step", "enrolled")
    page.fill("#id_step-on", "2007-05-31")
    page.get_by_role("button", name="Schritt erfassen").click()
    assert page.locator("#participation-status").inner_text() == "Angemeldet"
    assert programme.funnel()[Step.ENROLLED] == 1
    assert_accessible(page)

    # A new contact with a role, then their details corrected.
    page.get_by_role("link", name="Neue Ansprechperson anlegen").click()
    assert_accessible(page)
    page.fill("#id_first_name", "Ayşe")
    page.fill("#id_last_name", "Demir")
    page.fill("#id_email", "ayse@")
    page.get_by_role("button", name="Ansprechperson hinzufügen").click()
    assert "gültige E-Mail-Adresse" in page.locator("#id_email_error").inner_text()
    assert "Rolle der Person" in page.locator("#id_role_error").inner_text()
    assert page.input_value("#id_first_name") == "Ayşe"
    assert_accessible(page)
    page.fill("#id_email", "ayse@example.org")
    page.select_option("#id_role", "treasurer")
    page.fill("#id_start", "2007-06-01")
    page.get_by_role("button", name="Ansprechperson hinzufügen").click()
    contacts = page.locator("section[aria-labelledby=contacts-heading]")
    assert "Ayşe Demir" in contacts.inner_text()

    contacts.get_by_role("link", name="Ayşe Demir", exact=True).click()
    ayse = Person.objects.get(last_name="Demir")
    assert_accessible(page)
    page.get_by_role("link", name="Kontaktdaten bearbeiten").click()
    assert_accessible(page)
    page.fill("#id_last_name", "Demir-Kaya")
    page.click("main button[type=submit]")
    assert page.get_by_role("heading", level=1).inner_text() == "Ayşe Demir-Kaya"

    # Her role in the other association, added and ended from her page.
    page.get_by_role("link", name="Rolle in einer Organisation hinzufügen").click()
    assert_accessible(page)
    page.select_option("#id_organisation", str(association.pk))
    page.select_option("#id_role", "delegate")
    page.get_by_role("button", name="Rolle erfassen").click()
    assert "Anadolu e.V." in page.get_by_role("main").inner_text()
    page.get_by_role("link", name=re.compile(r"^Rolle beenden.*Anadolu e\.V\..*Delegierte")).click()
    assert_accessible(page)
    page.fill("#id_end", "2007-10-31")
    page.get_by_role("button", name="Rolle beenden").click()
    assert page.url.endswith(f"/organisationen/personen/{ayse.pk}/")
    assert "früher" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Teilnahmeverlauf bei Veranstaltungen").click()
    assert page.url.endswith(f"/veranstaltungen/verlauf/person/{ayse.pk}/")
    assert_accessible(page)
    page.goto(f"/organisationen/{koepru.pk}/")
    page.get_by_role("link", name="Teilnahmeverlauf bei Veranstaltungen").click()
    assert page.url.endswith(f"/veranstaltungen/verlauf/verein/{koepru.pk}/")
    assert_accessible(page)

    page.goto("/organisationen/personen/neu/")
    assert_accessible(page)

    # Right to left: the new-organisation form in Arabic.
    page.goto("/organisationen/neu/")
    switch_language(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "منظمة جديدة"
    assert_accessible(page)

    # The representative: their own association's contacts, not the coordinator's pages.
    page.context.clear_cookies()
    login("representative")
    page.goto(f"/organisationen/{association.pk}/")
    page.get_by_role("link", name="Neue Ansprechperson anlegen").click()
    page.fill("#id_first_name", "Olga")
    page.fill("#id_last_name", "Iwanowa")
    page.select_option("#id_role", "secretary")
    page.get_by_role("button", name="Ansprechperson hinzufügen").click()
    assert "Olga Iwanowa" in page.locator("section[aria-labelledby=contacts-heading]").inner_text()
    assert page.locator("#id_step-step").count() == 0
    assert_accessible(page)
    assert page.goto("/organisationen/neu/").status == 403
