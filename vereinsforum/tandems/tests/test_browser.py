"""Browser journeys: staff compute and review the proposals, an association accepts.

Every page on the way is checked with axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from vereinsforum.tandems import services
from vereinsforum.tandems.models import Answer, Tandem, TandemStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_compute_the_proposals_read_why_and_approve_one(
    page, login, assert_accessible, coordinator, offers
):
    w = offers
    login("coordinator")
    page.goto("/tandems/")
    assert_accessible(page)
    page.goto("/tandems/einstellungen/")
    assert_accessible(page)
    page.goto(f"/tandems/wellen/{w['wave'].pk}/")
    assert_accessible(page)
    page.locator("form[action$='/berechnen/'] button[type=submit]").click()
    proposal = page.locator("li.tandem-proposal", has_text="Verein X e.V.")
    expect(proposal).to_contain_text("Anadolu e.V.")
    expect(proposal).to_contain_text("türkisch")
    assert_accessible(page)
    proposal.locator("button[value=approve]").click()
    # swapped in place (htmx): the proposal now shows its status, without buttons
    expect(proposal).to_have_attribute("data-status", "approved")
    expect(proposal.locator("button")).to_have_count(0)
    assert_accessible(page)
    t = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    assert t.status == TandemStatus.APPROVED
    # the two other proposals still wait for review
    assert Tandem.objects.filter(status=TandemStatus.PROPOSED).count() == 2
    page.goto(f"/tandems/{t.pk}/")
    assert_accessible(page)
    page.goto(f"/tandems/wellen/{w['wave'].pk}/angebot/{w['anadolu'].pk}/")
    assert_accessible(page)


def test_the_association_accepts_its_tandem(
    page, login, assert_accessible, coordinator, representative, offers
):
    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    t = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    services.tandem_review(actor=coordinator, tandem=t, approve=True)
    login("representative")
    page.goto("/tandems/")
    assert_accessible(page)
    page.locator(f"a[href='/tandems/{t.pk}/']").click()
    expect(page.locator("h1")).to_contain_text("Verein X e.V.")
    assert_accessible(page)
    page.locator("button[value=accept]").click()
    expect(page.locator("button[value=accept]")).to_have_count(0)
    assert_accessible(page)
    t.refresh_from_db()
    assert (t.mentor_answer, t.mentee_answer, t.status) == (
        Answer.ACCEPTED,
        Answer.PENDING,
        TandemStatus.APPROVED,
    )
