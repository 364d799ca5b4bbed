"""The project team, the interviewers' associations and an account's page in Debian's
Chromium: added, refused, ended, removed and searched, with axe-core on every page."""

import re

import pytest

from vereinsforum.accounts.models import Role
from vereinsforum.programmes.models import InterviewerAssignment, TeamMember
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_keeps_the_team_and_the_interviewers(
    page, login, coordinator, interviewer, programme, association, welfare_service,
    assert_accessible,
):  # fmt: skip
    person = factories.PersonFactory(first_name="Gül", last_name="Yıldız", email="gy@example.org")
    factories.OrganisationFactory(name="Centro Italiano e.V.")
    login("coordinator")

    page.goto("/programm/team/")
    assert_accessible(page)
    page.click("a[href='/programm/team/neu/']")
    page.wait_for_url("**/programm/team/neu/")
    assert_accessible(page)
    page.select_option("#id_person", label="Gül Yıldız (gy@example.org)")
    page.select_option("#id_organisation", label="Migrationsdienst AWO")
    page.select_option("#id_role", "welfare")
    page.fill("#id_since", "2007-05-09")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/programm/team/")
    assert "Gül Yıldız" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    member = TeamMember.objects.get(person=person)
    page.click(f"a[href='/programm/team/{member.pk}/beenden/']")
    page.wait_for_url(f"**/programm/team/{member.pk}/beenden/")
    page.fill("#id_until", "2007-01-01")  # before the start: refused beside the field
    page.click("main form button[type=submit] >> nth=0")
    assert page.locator("#id_until_error").is_visible()
    assert "09.05.2007" in page.inner_text("#id_until_error")
    assert_accessible(page)
    page.fill("#id_until", "2008-12-31")
    page.click("main form button[type=submit] >> nth=0")
    page.wait_for_url("**/programm/team/")
    assert "31.12.2008" in page.get_by_role("main").inner_text()  # among the former members
    assert_accessible(page)

    page.goto("/programm/interviewer/")
    assert_accessible(page)
    page.click(f"a[href='/programm/interviewer/{interviewer.pk}/']")
    page.wait_for_url(f"**/programm/interviewer/{interviewer.pk}/")
    assert_accessible(page)
    page.fill("#q", "centro")
    page.click("form[role=search] button")
    page.wait_for_url(re.compile(r".*\?q=centro$"))
    assert_accessible(page)
    page.get_by_label("Centro Italiano e.V.").check()
    with page.expect_navigation():
        page.click("#assign")
    assert page.url.endswith(f"/programm/interviewer/{interviewer.pk}/")
    assert set(
        InterviewerAssignment.objects.filter(interviewer=interviewer).values_list(
            "organisation__name", flat=True
        )
    ) == {"Anadolu e.V.", "Centro Italiano e.V."}
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#assigned-heading ~ ul li", has_text="Anadolu e.V.").locator("button").click()
    assert not InterviewerAssignment.objects.filter(organisation=association).exists()
    assert_accessible(page)


def test_an_accounts_page_and_a_refused_role_change(
    page, login, coordinator, team_member, assert_accessible
):
    login("coordinator")
    page.goto("/konto/benutzer/")
    assert_accessible(page)
    page.click(f"a[href='/konto/benutzer/{team_member.pk}/']")
    page.wait_for_url(f"**/konto/benutzer/{team_member.pk}/")
    assert_accessible(page)
    # A representative needs an association: refused beside the organisation's choice.
    page.select_option("#id_role", "representative")
    page.click("form[action$='/rolle/'] button[type=submit]")
    assert page.locator("#id_organisation_error").is_visible()
    assert_accessible(page)
    team_member.refresh_from_db()
    assert team_member.role == Role.TEAM_MEMBER
    with page.expect_navigation():
        page.click("form[action$='/deaktivieren/'] button[type=submit]")
    team_member.refresh_from_db()
    assert not team_member.is_active
    assert_accessible(page)
    # One's own page offers no change.
    page.goto(f"/konto/benutzer/{coordinator.pk}/")
    assert page.locator("form[action$='/deaktivieren/']").count() == 0
    assert_accessible(page)


def test_a_used_or_wrong_invitation_link_says_so(page, assert_accessible):
    page.goto("/konto/einladung/MQ/abc-def/")
    assert page.locator("a[href='/konto/login/']").count() >= 1
    assert page.locator("#id_password").count() == 0
    assert_accessible(page)
