"""The set-up in Debian's Chromium on an empty database: from the dashboard's call to action
through the four steps (with a refused form on the way) to a dashboard with the programme
and its fields, axe-core (WCAG 2.1 A/AA) on every page, then the public pages showing what
was entered. Ids, not labels, find the controls: the wording may still change."""

import re

import pytest

from vereinsforum.organisations.models import Language
from vereinsforum.programmes.models import Programme
from vereinsforum.programmes.services import DEFAULT_FIELDS
from vereinsforum.web.models import SiteDetails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GERMAN_FIELDS = [name for _key, name, _i18n in DEFAULT_FIELDS]


def field_names(page) -> list[str]:
    return [
        name.strip() for name in page.locator("table.setup-table tbody th bdi").all_inner_texts()
    ]


def test_a_coordinator_sets_up_a_fresh_install(page, login, coordinator, assert_accessible):
    login("coordinator")
    assert_accessible(page)
    page.click("#start-setup")
    assert page.url.endswith("/programm/einrichten/programm/")
    assert_accessible(page)

    # Refused: no name, no start, a department without its city. The errors sit at their
    # fields, and what was typed stays.
    page.fill("#id_department_name", "Ressort 204 – Zuwanderung und Integration")
    page.click("#setup-save")
    assert page.locator("#id_name_error").is_visible()
    assert page.locator("#id_start_error").is_visible()
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert page.input_value("#id_department_name") == "Ressort 204 – Zuwanderung und Integration"
    assert_accessible(page)

    page.fill("#id_name", "Vereine stärken")
    page.fill("#id_funding_programme", "KOMM-IN NRW")
    page.fill("#id_funder", "Land Nordrhein-Westfalen")
    page.fill("#id_start", "2026-01-15")
    page.click("#setup-save")
    # The department was fine, its city was missing: said beside the city's input.
    assert page.locator("#id_city_name_error").is_visible()
    assert page.input_value("#id_name") == "Vereine stärken"
    assert_accessible(page)
    page.fill("#id_city_name", "Stadt Wuppertal")
    page.click("#setup-save")
    page.wait_for_url("**/programm/einrichten/themenfelder/")
    assert field_names(page) == GERMAN_FIELDS
    assert_accessible(page)

    # A field renamed and translated, then moved to the top.
    page.locator("#field-bookkeeping a").first.click()  # its "edit" link
    page.wait_for_url(re.compile(r".*/themenfelder/\d+/$"))
    assert_accessible(page)
    page.fill("#id_name", "Buchführung")
    page.fill("#id_name_ar", "المحاسبة")
    page.click("#setup-save")
    page.wait_for_url("**/programm/einrichten/themenfelder/")
    page.locator("#field-rhetoric button").first.click()  # the last one can only move up
    page.wait_for_url("**/programm/einrichten/themenfelder/")
    assert field_names(page)[-2:] == ["Rhetorik", "Räumlichkeiten"]
    assert_accessible(page)

    page.click("#setup-next")
    page.wait_for_url("**/programm/einrichten/sprachen/")
    assert_accessible(page)
    page.fill("#id_code", "Türkisch")
    page.fill("#id_name", "Türkisch")
    page.click("#language-add")
    assert page.locator("#id_code_error").is_visible()
    assert page.input_value("#id_name") == "Türkisch"
    assert_accessible(page)
    page.fill("#id_code", "tr")
    page.fill("#id_name_en", "Turkish")
    page.fill("#id_name_tr", "Türkçe")
    page.click("#language-add")
    page.wait_for_url("**/programm/einrichten/sprachen/")
    assert page.locator("table.setup-table [lang=tr]").inner_text() == "Türkçe"
    assert_accessible(page)
    page.goto("/programm/einrichten/sprachen/tr/")
    assert_accessible(page)
    page.goto("/programm/einrichten/sprachen/tr/entfernen/")
    assert_accessible(page)
    page.goto("/programm/einrichten/sprachen/")

    page.click("#setup-next")
    page.wait_for_url("**/programm/einrichten/angaben/")
    assert_accessible(page)
    page.fill("#id_operator", "Stadt Wuppertal")
    page.fill("#id_operator_address", "Johannes-Rau-Platz 1\n42275 Wuppertal")
    page.fill("#id_privacy_controller", "Stadt Wuppertal, Ressort 204")
    page.fill("#id_contact_phone", "(0202) 563 2514")
    page.fill("#id_contact_email", "keine-adresse")
    page.click("#setup-save")
    assert page.locator("#id_contact_email_error").is_visible()
    assert page.input_value("#id_operator") == "Stadt Wuppertal"
    assert_accessible(page)
    page.fill("#id_contact_email", "integration@stadt.example")
    page.click("#setup-save")
    page.wait_for_url("**/dashboard/")

    main = page.get_by_role("main").inner_text()
    assert "Vereine stärken" in main and "KOMM-IN NRW" in main
    listed = page.locator(".dashboard-fields li").all_inner_texts()
    assert [name.strip() for name in listed] == [
        "Projektarbeit",
        "Öffentlichkeitsarbeit",
        "Arbeitsorganisation",
        "Buchführung",
        "PC-Kenntnisse",
        "Rhetorik",
        "Räumlichkeiten",
    ]
    assert page.locator("#start-setup").count() == 0
    assert_accessible(page)

    page.goto("/programm/einrichten/")
    assert page.locator(".setup-steps__item--done").count() == 4
    assert_accessible(page)

    programme = Programme.objects.get()
    assert programme.lead_department.parent.name == "Stadt Wuppertal"
    assert Language.objects.get().name_i18n == {"en": "Turkish", "tr": "Türkçe"}
    assert SiteDetails.load().configured

    page.goto("/impressum/")
    assert "Johannes-Rau-Platz 1" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.goto("/")
    assert page.locator(".start-contact a[href^='tel:']").inner_text() == "(0202) 563 2514"
    assert_accessible(page)


def test_the_set_up_reads_right_to_left_in_arabic(
    page, login, coordinator, programme, assert_accessible
):
    login("coordinator")
    page.goto("/programm/einrichten/themenfelder/")
    page.select_option("#language-select", "ar")
    with page.expect_navigation():
        page.click(".language-switcher button[type=submit]")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    field = programme.fields.get(key="bookkeeping")
    page.goto(f"/programm/einrichten/themenfelder/{field.pk}/")
    assert page.locator("#id_name_en").get_attribute("dir") == "ltr"
    assert page.locator("#id_name_ar").get_attribute("dir") == "rtl"
    assert_accessible(page)
    page.goto("/programm/einrichten/angaben/")
    assert_accessible(page)
