"""Drafting, editing and issuing a paper in Chromium, with axe-core on every page."""

from __future__ import annotations

from datetime import date

import pytest

from vereinsforum.programmes.models import Step
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.reports.models import Report, ReportStatus
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser]


@pytest.fixture
def invited(transactional_db, programme, coordinator):
    for org in factories.OrganisationFactory.create_batch(4):
        participation_step_record(
            actor=coordinator,
            programme=programme,
            organisation=org,
            step=Step.INVITED,
            on=date(2007, 4, 23),
        )


def test_coordinator_drafts_edits_and_issues_a_paper(
    transactional_db,
    page,
    login,
    assert_accessible,
    coordinator,
    department,
    committee,
    invited,
):
    login("coordinator")
    page.goto("/berichte/vorlagen/")
    assert_accessible(page)
    page.get_by_role("link", name="Neue Vorlage").click()
    assert page.locator("#id_reference").input_value().startswith("VO/0001/")
    page.fill("#id_reference", "VO/0985/07")
    page.fill("#id_date", "2007-11-12")
    page.get_by_role("button", name="Nächste freie Nummer vorschlagen").click()
    page.wait_for_selector("#reference-suggestion strong")
    assert page.locator("#reference-suggestion strong").inner_text() == "VO/0001/07"
    assert_accessible(page)
    page.fill("#id_title", "Sachstand des Projektes")
    page.fill("#id_meeting_date", "2007-11-21")
    page.fill("#id_officer_name", "Michael Visser")
    page.fill("#id_reason", "Sachstandsbericht")
    page.fill("#id_proposal", "Entgegennahme ohne Beschluss")
    page.fill("#id_signatory", "Dr. Stefan Kühn")
    page.get_by_role("button", name="Vorlage speichern").click()
    page.wait_for_url("**/berichte/vorlagen/*/")
    report = Report.objects.get(reference="VO/0985/07")
    assert_accessible(page)

    page.get_by_role("link", name="Aus den Daten entwerfen").click()
    assert page.locator("#id_as_of").input_value() == "2007-11-12"
    assert_accessible(page)
    page.get_by_role("button", name="Begründung entwerfen").click()
    page.wait_for_url(f"**/berichte/vorlagen/{report.pk}/bearbeiten/")
    explanation = page.locator("#id_explanation").input_value()
    assert "4 Vereine eingeladen" in explanation
    assert_accessible(page)

    page.fill("#id_explanation", explanation + "\n\nErgänzung der Koordination.")
    page.get_by_role("button", name="Vorlage speichern").click()
    page.wait_for_url(f"**/berichte/vorlagen/{report.pk}/")
    assert "Ergänzung der Koordination." in page.locator("main").inner_text()

    # The data moves on after drafting: the warning shows the old and the new figure.
    participation_step_record(
        actor=coordinator,
        programme=report.programme,
        organisation=factories.OrganisationFactory(),
        step=Step.INVITED,
        on=date(2007, 5, 1),
    )
    page.reload()
    warning = page.locator(".kern-alert--warning")
    warning.wait_for()
    assert "Zur Auftaktveranstaltung eingeladene Vereine" in warning.inner_text()
    row = warning.locator("tbody tr").first
    assert [c.inner_text() for c in row.locator("td").all()] == ["4", "5"]
    assert_accessible(page)

    page.get_by_role("link", name="Herausgeben").click()
    assert_accessible(page)
    page.get_by_role("button", name="Herausgeben und einfrieren").click()
    page.wait_for_url(f"**/berichte/vorlagen/{report.pk}/")
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    assert "Ergänzung der Koordination." in report.explanation
    assert page.get_by_role("link", name="VO-0985-07.pdf").is_visible()
    assert page.get_by_role("link", name="Bearbeiten").count() == 0
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/berichte/")
    assert "Sachstand des Projektes" in page.locator("main").inner_text()
    assert_accessible(page)
