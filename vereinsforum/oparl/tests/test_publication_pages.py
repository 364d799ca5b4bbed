"""Coordinator pages for the legal bases of published persons: list, grant, change, revoke."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.actors import TEST
from vereinsforum.oparl.models import Basis, PublicationBasis
from vereinsforum.oparl.services import publication_basis_grant
from vereinsforum.oparl.tests.factories import build_world
from vereinsforum.testing.factories import PersonFactory
from vereinsforum.web.navigation import nav_items

LIST = reverse("oparl:publication_list")
GRANT = reverse("oparl:publication_grant")


def edit_url(basis) -> str:
    return reverse("oparl:publication_edit", kwargs={"pk": basis.pk})


def revoke_url(basis) -> str:
    return reverse("oparl:publication_revoke", kwargs={"pk": basis.pk})


def consent_post(person, body, /, **extra) -> dict:
    data = {
        "person": person.pk,
        "body": body.pk,
        "basis": Basis.CONSENT,
        "consent_on": "2007-10-10",
        "consent_on_file": "on",
        "status": "Delegierte im Forum der Vereine",
        "title": "",
        "note": "Erklärung in der Akte Forum 2007",
    }
    return {**data, **extra}


@pytest.fixture
def staff(client, coordinator):
    client.force_login(coordinator)
    return client


# ---- the list -------------------------------------------------------------------------------


def test_list_shows_who_is_published_on_which_basis(world, staff):
    kuehn = PersonFactory(first_name="Stefan", last_name="Kühn")
    publication_basis_grant(
        actor=TEST,
        person=kuehn,
        body=world.city,
        basis=Basis.OFFICE,
        title="Dr.",
        status="Beigeordneter",
    )
    from vereinsforum.oparl.services import publication_basis_revoke

    publication_basis_revoke(actor=TEST, basis=world.officer_basis)
    response = staff.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    published = [basis for basis, _url in response.context["published"]]
    withdrawn = [basis for basis, _url in response.context["withdrawn"]]
    assert [b.person.last_name for b in published] == ["Kühn", "Yılmaz"]
    assert [b.person.last_name for b in withdrawn] == ["Visser"]
    html = response.content.decode()
    assert "Consent of the person" in html and "Public official acting in office" in html
    assert "Delegierte im Forum der Vereine" in html and "Beigeordneter" in html
    assert f"/oparl/v1/person/{world.delegate_basis.pk}" in html
    assert "Revoked on" in html
    # The unpublished deputy is nowhere on the page.
    assert "Iwanowa" not in html


def test_nav_item_and_landing_link_only_for_coordinators(world, client, coordinator, team_member):
    assert LIST in [item.url for item in nav_items(coordinator)]
    assert LIST not in [item.url for item in nav_items(team_member)]
    client.force_login(coordinator)
    assert LIST in client.get("/oparl/v1/").content.decode()
    client.force_login(team_member)
    assert LIST not in client.get("/oparl/v1/").content.decode()


# ---- granting -------------------------------------------------------------------------------


def test_grant_by_consent_publishes_the_person_and_audits(world, staff, coordinator):
    response = staff.post(GRANT, consent_post(world.private_person, world.city))
    assert response.status_code == 302
    basis = PublicationBasis.objects.get(person=world.private_person)
    assert basis.basis == Basis.CONSENT and basis.consent_on == date(2007, 10, 10)
    assert basis.status == "Delegierte im Forum der Vereine"
    assert not basis.publish_official_contact
    entry = AuditEntry.objects.filter(action="publication_basis.grant").latest("pk")
    assert entry.actor_id == coordinator.pk and entry.target_id == str(basis.pk)
    person = staff.get(f"/oparl/v1/person/{basis.pk}").json()
    assert person["name"] == "Olga Iwanowa"
    assert "deleted" not in person


def test_grant_office_with_official_contact(world, staff):
    kuehn = PersonFactory(first_name="Stefan", last_name="Kühn", phone="0202 563 1111")
    data = {
        "person": kuehn.pk,
        "body": world.city.pk,
        "basis": Basis.OFFICE,
        "status": "Beigeordneter",
        "title": "Dr.",
        "consent_on": "2007-01-01",  # meaningless for an office: not stored
        "publish_official_contact": "on",
    }
    assert staff.post(GRANT, data).status_code == 302
    basis = PublicationBasis.objects.get(person=kuehn)
    assert basis.consent_on is None and basis.publish_official_contact
    person = staff.get(f"/oparl/v1/person/{basis.pk}").json()
    assert person["name"] == "Dr. Stefan Kühn" and person["phone"] == ["0202 563 1111"]


def test_consent_without_the_confirmation_is_refused_and_nothing_is_lost(world, staff):
    data = consent_post(world.private_person, world.city, consent_on_file="")
    response = staff.post(GRANT, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["consent_on_file"] == [
        "Bitte bestätigen Sie, dass die schriftliche Einwilligung vorliegt."
    ]
    html = response.content.decode()
    assert 'value="2007-10-10"' in html
    assert 'value="Delegierte im Forum der Vereine"' in html
    assert "Erklärung in der Akte Forum 2007" in html
    assert f'<option value="{world.private_person.pk}" selected' in html
    assert not PublicationBasis.objects.filter(person=world.private_person).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"consent_on": ""}, "consent_on", "Consent needs the date on which it was given."),
        (
            {"consent_on": "2999-01-01"},
            "consent_on",
            "The date of consent cannot be in the future.",
        ),
        (
            {"publish_official_contact": "on"},
            "publish_official_contact",
            "Contact data may be published only for public officials acting in office.",
        ),
        (
            {"basis": Basis.OFFICE, "status": " "},
            "status",
            "A public official is published with their office or function.",
        ),
        ({"basis": ""}, "basis", "Please choose the legal basis."),
        ({"person": ""}, "person", "Please choose the person to be published."),
    ],
)
def test_bad_input_gets_a_clear_error_on_its_field(world, staff, change, field, message):
    data = consent_post(world.private_person, world.city, **change)
    response = staff.post(GRANT, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Erklärung in der Akte Forum 2007" in response.content.decode()
    assert not PublicationBasis.objects.filter(person=world.private_person).exists()


def test_the_service_refuses_an_office_without_function_and_a_future_consent(world):
    with pytest.raises(ValidationError) as exc:
        publication_basis_grant(
            actor=TEST, person=world.private_person, body=world.city, basis=Basis.OFFICE
        )
    assert set(exc.value.error_dict) == {"status"}
    with pytest.raises(ValidationError) as exc:
        publication_basis_grant(
            actor=TEST,
            person=world.private_person,
            body=world.city,
            basis=Basis.CONSENT,
            consent_on=timezone.localdate() + timedelta(days=1),
        )
    assert set(exc.value.error_dict) == {"consent_on"}


def test_already_published_and_erased_people_are_not_offered(world, staff):
    erased = PersonFactory(first_name="Gelöscht", last_name="Person")
    erased.pseudonymised_at = timezone.now()
    erased.save()
    people = set(staff.get(GRANT).context["form"].fields["person"].queryset)
    assert world.private_person in people
    assert world.delegate not in people and world.officer not in people
    assert erased not in people
    # Posting a published person anyway is refused, not silently overwritten.
    response = staff.post(GRANT, consent_post(world.delegate, world.city))
    assert "person" in response.context["form"].errors
    world.delegate_basis.refresh_from_db()
    assert world.delegate_basis.consent_on == date(2007, 10, 10)


# ---- changing and renewing ------------------------------------------------------------------


def test_change_keeps_the_row_and_audits(world, staff):
    data = {
        "body": world.city.pk,
        "basis": Basis.OFFICE,
        "status": "Sachgebietsleiter",
        "publish_official_contact": "",
    }
    response = staff.post(edit_url(world.officer_basis), data)
    assert response.status_code == 302
    world.officer_basis.refresh_from_db()
    assert world.officer_basis.status == "Sachgebietsleiter"
    assert not world.officer_basis.publish_official_contact
    entry = AuditEntry.objects.filter(action="publication_basis.grant").latest("pk")
    assert entry.changes["status"] == ["Sachbearbeiter", "Sachgebietsleiter"]
    person = staff.get(f"/oparl/v1/person/{world.officer_basis.pk}").json()
    assert "phone" not in person


def test_change_form_is_filled_with_the_current_basis(world, staff):
    form = staff.get(edit_url(world.delegate_basis)).context["form"]
    assert "person" not in form.fields
    assert form["basis"].value() == Basis.CONSENT
    assert form["consent_on"].value() == date(2007, 10, 10)
    assert form["status"].value() == "Delegierte im Forum der Vereine"


def test_revoked_basis_can_be_renewed_at_the_same_address(world, staff):
    from vereinsforum.oparl.services import publication_basis_revoke

    publication_basis_revoke(actor=TEST, basis=world.delegate_basis)
    response = staff.post(
        edit_url(world.delegate_basis),
        consent_post(world.delegate, world.city, consent_on="2008-01-15"),
    )
    assert response.status_code == 302
    person = staff.get(f"/oparl/v1/person/{world.delegate_basis.pk}").json()
    assert "deleted" not in person and person["familyName"] == "Yılmaz"
    assert PublicationBasis.objects.filter(person=world.delegate).count() == 1


# ---- revoking -------------------------------------------------------------------------------


def test_revoke_needs_confirmation(world, staff):
    response = staff.post(revoke_url(world.delegate_basis), {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == [
        "Please confirm the revocation by ticking the box."
    ]
    world.delegate_basis.refresh_from_db()
    assert world.delegate_basis.revoked_at is None


def test_revoke_answers_the_person_url_as_deleted_and_audits(world, staff, coordinator):
    page = staff.get(revoke_url(world.delegate_basis)).content.decode()
    assert f"/oparl/v1/person/{world.delegate_basis.pk}" in page
    response = staff.post(revoke_url(world.delegate_basis), {"confirm": "on"})
    assert response.status_code == 302
    person = staff.get(f"/oparl/v1/person/{world.delegate_basis.pk}").json()
    assert person["deleted"] is True and "name" not in person
    listed = staff.get(f"/oparl/v1/body/{world.city.pk}/person").json()
    assert [p.get("deleted") for p in listed["data"]].count(True) == 1
    entry = AuditEntry.objects.filter(action="publication_basis.revoke").get()
    assert entry.actor_id == coordinator.pk
    # A second revocation is not possible: back to the list with a notice.
    again = staff.get(revoke_url(world.delegate_basis), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "This legal basis has already been revoked." in again.content.decode()


# ---- permissions ----------------------------------------------------------------------------

PAGES = ("list", "grant", "edit", "revoke")


def _url(world, page: str) -> str:
    return {
        "list": LIST,
        "grant": GRANT,
        "edit": edit_url(world.delegate_basis),
        "revoke": revoke_url(world.delegate_basis),
    }[page]


@pytest.mark.parametrize("role", ["team_member", "interviewer", "representative", "outsider"])
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_are_refused(world, client, request, role, page):
    client.force_login(request.getfixturevalue(role))
    url = _url(world, page)
    assert client.get(url).status_code == 403
    data = {"confirm": "on", **consent_post(world.private_person, world.city)}
    assert client.post(url, data).status_code == 403
    assert not PublicationBasis.objects.filter(person=world.private_person).exists()
    world.delegate_basis.refresh_from_db()
    assert world.delegate_basis.revoked_at is None


@pytest.mark.parametrize("page", PAGES)
def test_the_public_is_sent_to_the_login(world, client, page):
    url = _url(world, page)
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.url
    client.post(url, {"confirm": "on", **consent_post(world.private_person, world.city)})
    world.delegate_basis.refresh_from_db()
    assert world.delegate_basis.revoked_at is None
    assert not PublicationBasis.objects.filter(person=world.private_person).exists()


def test_scope_hides_bases_from_non_coordinators(world, team_member, coordinator):
    assert PublicationBasis.objects.for_user(team_member).count() == 0
    assert PublicationBasis.objects.for_user(None).count() == 0
    assert PublicationBasis.objects.for_user(coordinator).count() == 2


def test_unknown_basis_is_404(world, staff):
    assert staff.get(reverse("oparl:publication_edit", kwargs={"pk": 999999})).status_code == 404


# ---- browser --------------------------------------------------------------------------------

SUBMIT = "main button[type=submit]"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_publication_pages_in_the_browser(page, login, assert_accessible, language):
    from vereinsforum.accounts.models import Role
    from vereinsforum.testing.factories import UserFactory

    world = build_world()
    UserFactory(username="coordinator", role=Role.COORDINATOR)
    login("coordinator")
    page.goto("/oparl/v1/")
    if language != "de":
        page.select_option("#language-select", language)
        with page.expect_navigation():
            page.click(".language-switcher button[type=submit]")
    page.locator(f"a[href='{LIST}']").first.click()
    page.wait_for_url(f"**{LIST}")
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)

    page.goto(GRANT)
    page.select_option("#id_person", str(world.private_person.pk))
    page.check(f"input[name=basis][value={Basis.CONSENT}]")
    page.fill("#id_consent_on", "2007-10-10")
    page.fill("#id_status", "Stellvertreterin im Forum")
    page.click(SUBMIT)
    # Without the confirmation: an error, and what was typed is still there.
    assert page.locator("#id_consent_on_file_error").is_visible()
    assert page.input_value("#id_status") == "Stellvertreterin im Forum"
    assert page.input_value("#id_consent_on") == "2007-10-10"
    assert_accessible(page)
    page.check("#id_consent_on_file")
    page.click(SUBMIT)
    page.wait_for_url(f"**{LIST}")
    basis = PublicationBasis.objects.get(person=world.private_person)
    assert page.locator(f"a[href='{revoke_url(basis)}']").count() == 1

    page.goto(edit_url(basis))
    assert page.input_value("#id_status") == "Stellvertreterin im Forum"
    assert_accessible(page)

    page.goto(revoke_url(basis))
    assert_accessible(page)
    page.click(SUBMIT)
    assert page.locator("#id_confirm_error").is_visible()
    assert_accessible(page)
    page.check("#id_confirm")
    page.click(SUBMIT)
    page.wait_for_url(f"**{LIST}")
    assert_accessible(page)
    basis.refresh_from_db()
    assert basis.revoked_at is not None
    assert page.locator(f"a[href='{edit_url(basis)}']").count() == 1
