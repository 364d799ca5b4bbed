"""The everyday editing pages: new organisation, new person or contact, contact details,
roles added and ended; each with its permission boundary and its bad input."""

from datetime import date

import pytest
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.models import Affiliation, Language, Organisation, Person
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def contact(association):
    """The treasurer of `association` (the representative's own association)."""
    return factories.AffiliationFactory(
        organisation=association,
        role="treasurer",
        start=date(2006, 3, 1),
        person=factories.PersonFactory(first_name="Olga", last_name="Iwanowa"),
    )


def person_post(**extra):
    return {
        "first_name": "Ayşe",
        "last_name": "Demir",
        "email": "ayse@example.org",
        "phone": "0202 123",
        "preferred_language": "tr",
        **extra,
    }


# ---- new organisation ----------------------------------------------------------------------


def test_the_list_offers_new_organisation_to_coordinators_only(client, coordinator, representative):
    url = reverse("organisations:create")
    client.force_login(coordinator)
    assert url in client.get(reverse("organisations:list")).content.decode()
    client.force_login(representative)
    assert url not in client.get(reverse("organisations:list")).content.decode()


def test_coordinator_creates_an_organisation_with_languages(client, coordinator):
    turkish = Language.objects.create(code="tr", name="Türkisch")
    kurdish = Language.objects.create(code="ku", name="Kurdisch")
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {
            "kind": "association",
            "name": "Köprü e.V.",
            "city": "Wuppertal",
            "district": "Oberbarmen",
            "founded_year": "1998",
            "languages": [turkish.pk, kurdish.pk],
            "verification": "unverified",
        },
    )
    org = Organisation.objects.get(name="Köprü e.V.")
    assert response["Location"] == reverse("organisations:detail", args=[org.pk])
    assert set(org.languages.values_list("code", flat=True)) == {"tr", "ku"}
    assert (org.district, org.founded_year) == ("Oberbarmen", 1998)
    entry = AuditEntry.objects.for_target(org).get()
    assert (entry.action, entry.actor) == ("organisation.create", coordinator)


def test_bad_input_on_a_new_organisation_is_explained_in_german_and_kept(client, coordinator):
    turkish = Language.objects.create(code="tr", name="Türkisch")
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {
            "kind": "",
            "name": "",
            "city": "Wuppertal",
            "founded_year": "1500",
            "website": "kein link",
            "communities": "türkisch, kurdisch",
            "languages": [turkish.pk],
            "verification": "unverified",
        },
        **DE,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"kind", "name", "founded_year", "website"} <= set(errors)
    assert errors["name"] == ["Dieses Feld ist zwingend erforderlich."]
    html = response.content.decode()
    assert "Bitte geben Sie ein Gründungsjahr nach 1800 ein." in html
    assert "türkisch, kurdisch" in html
    assert f'value="{turkish.pk}" id="id_languages_0" checked' in html
    assert not Organisation.objects.filter(communities="türkisch, kurdisch").exists()
    assert not AuditEntry.objects.exists()


def test_a_register_number_taken_in_the_city_is_refused(client, coordinator, association):
    association.register_number = "VR 1234"
    association.save()
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:create"),
        {
            "kind": "association",
            "name": "Doppelt e.V.",
            "city": "Wuppertal",
            "register_number": "VR 1234",
            "verification": "unverified",
        },
        **DE,
    )
    assert response.status_code == 200
    assert "mit dieser Registernummer" in response.content.decode()
    assert not Organisation.objects.filter(name="Doppelt e.V.").exists()


@pytest.mark.parametrize(
    "role", ["team_member", "interviewer", "representative", "service_provider", "outsider"]
)
def test_only_coordinators_create_organisations(client, users_by_role, outsider, role):
    client.force_login({**users_by_role, "outsider": outsider}[role])
    response = client.post(
        reverse("organisations:create"), {"kind": "association", "name": "Heimlich e.V."}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Heimlich e.V.").exists()


def test_the_public_is_sent_to_the_login_for_a_new_organisation(client):
    response = client.get(reverse("organisations:create"))
    assert response["Location"].startswith(reverse("accounts:login"))


# ---- new contact, new person ---------------------------------------------------------------


def test_representative_adds_a_contact_to_their_own_association(
    client, representative, association
):
    client.force_login(representative)
    url = reverse("organisations:contact_create", args=[association.pk])
    response = client.post(url, person_post(role="treasurer", start="2007-06-01"))
    assert response["Location"] == reverse("organisations:detail", args=[association.pk])
    person = Person.objects.get(last_name="Demir")
    affiliation = person.affiliations.get()
    assert (affiliation.organisation, affiliation.role, affiliation.start) == (
        association,
        "treasurer",
        date(2007, 6, 1),
    )
    assert AuditEntry.objects.get(action="person.create").actor == representative
    html = client.get(reverse("organisations:detail", args=[association.pk])).content.decode()
    assert "Ayşe Demir" in html


def test_a_contact_without_a_role_is_refused_and_the_typed_data_stays(
    client, representative, association
):
    client.force_login(representative)
    response = client.post(
        reverse("organisations:contact_create", args=[association.pk]),
        person_post(email="keine-adresse"),
        **DE,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["role"] == ["Bitte wählen Sie die Rolle der Person in der Organisation."]
    assert "gültige E-Mail-Adresse" in errors["email"][0]
    html = response.content.decode()
    assert 'value="Ayşe"' in html and 'value="keine-adresse"' in html
    assert not Person.objects.filter(last_name="Demir").exists()


def test_outsider_cannot_add_contacts_to_an_association_not_theirs(client, outsider, association):
    client.force_login(outsider)
    url = reverse("organisations:contact_create", args=[association.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, person_post(role="chair")).status_code == 404
    assert not Person.objects.filter(last_name="Demir").exists()


@pytest.mark.parametrize("role", ["team_member", "interviewer"])
def test_staff_who_only_read_cannot_add_contacts(client, users_by_role, association, role):
    client.force_login(users_by_role[role])
    response = client.post(
        reverse("organisations:contact_create", args=[association.pk]),
        person_post(role="chair"),
    )
    assert response.status_code == 403
    assert not Person.objects.filter(last_name="Demir").exists()


def test_coordinator_creates_a_person_with_a_first_role(client, coordinator, association):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:person_create"),
        person_post(organisation=association.pk, role="delegate"),
    )
    person = Person.objects.get(last_name="Demir")
    assert response["Location"] == reverse("organisations:person", args=[person.pk])
    assert person.preferred_language == "tr"
    assert person.affiliations.get().role == "delegate"


def test_coordinator_creates_a_person_without_an_organisation(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("organisations:person_create"), person_post())
    assert not Person.objects.get(last_name="Demir").affiliations.exists()


def test_a_role_without_an_organisation_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("organisations:person_create"), person_post(role="chair"), **DE)
    assert response.context["form"].errors["organisation"] == [
        "Bitte wählen Sie die Organisation für diese Rolle."
    ]
    assert not Person.objects.filter(last_name="Demir").exists()


@pytest.mark.parametrize("role", ["team_member", "interviewer", "representative", "outsider"])
def test_only_coordinators_create_unattached_people(client, users_by_role, outsider, role):
    client.force_login({**users_by_role, "outsider": outsider}[role])
    response = client.post(reverse("organisations:person_create"), person_post())
    assert response.status_code == 403
    assert not Person.objects.filter(last_name="Demir").exists()


# ---- contact details -----------------------------------------------------------------------


def test_representative_edits_a_contact_of_their_own_association(client, representative, contact):
    client.force_login(representative)
    url = reverse("organisations:person_edit", args=[contact.person_id])
    response = client.post(url, person_post(first_name="Olga", last_name="Petrowa"))
    assert response["Location"] == reverse("organisations:person", args=[contact.person_id])
    contact.person.refresh_from_db()
    assert contact.person.last_name == "Petrowa"
    entry = AuditEntry.objects.get(action="person.update")
    assert entry.actor == representative
    assert "Petrowa" not in str(entry.changes)  # personal data is never logged in clear


def test_outsider_cannot_edit_a_contact_of_another_association(client, outsider, contact):
    client.force_login(outsider)
    url = reverse("organisations:person_edit", args=[contact.person_id])
    assert client.get(url).status_code == 404
    assert client.post(url, person_post()).status_code == 404
    contact.person.refresh_from_db()
    assert contact.person.last_name == "Iwanowa"


@pytest.mark.parametrize("role", ["team_member", "interviewer"])
def test_readers_cannot_edit_contacts(client, users_by_role, contact, role):
    client.force_login(users_by_role[role])
    response = client.post(
        reverse("organisations:person_edit", args=[contact.person_id]), person_post()
    )
    assert response.status_code == 403
    contact.person.refresh_from_db()
    assert contact.person.last_name == "Iwanowa"


@pytest.mark.parametrize(
    "role", ["team_member", "interviewer", "representative", "service_provider", "outsider"]
)
def test_everyone_edits_their_own_person_record(client, users_by_role, outsider, role):
    user = {**users_by_role, "outsider": outsider}[role]
    client.force_login(user)
    url = reverse("organisations:person_edit", args=[user.person_id])
    response = client.post(url, person_post(last_name="Selbst"))
    assert response.status_code == 302
    user.person.refresh_from_db()
    assert user.person.last_name == "Selbst"


def test_bad_contact_details_are_explained_and_nothing_is_saved(client, coordinator, contact):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:person_edit", args=[contact.person_id]),
        person_post(last_name="", email="olga@"),
        **DE,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["last_name"]
    html = response.content.decode()
    assert 'value="olga@"' in html
    assert "Olga Iwanowa" in html  # the heading keeps the saved name
    contact.person.refresh_from_db()
    assert contact.person.last_name == "Iwanowa"


def test_an_erased_person_cannot_be_edited(client, coordinator, contact):
    person_pseudonymise(actor=coordinator, person=contact.person)
    client.force_login(coordinator)
    url = reverse("organisations:person_edit", args=[contact.person_id])
    response = client.post(url, person_post(), **DE)
    assert response["Location"] == reverse("organisations:person", args=[contact.person_id])
    contact.person.refresh_from_db()
    assert contact.person.first_name == "–" and contact.person.email == ""
    detail = client.get(reverse("organisations:person", args=[contact.person_id]))
    assert not detail.context["may_edit"] and not detail.context["may_affiliate"]
    assert url not in detail.content.decode()
    add = reverse("organisations:person_affiliation_add", args=[contact.person_id])
    client.post(add, {"organisation": contact.organisation_id, "role": "member"})
    assert contact.person.affiliations.count() == 1


# ---- roles ---------------------------------------------------------------------------------


def test_representative_adds_a_known_person_to_their_association(
    client, representative, association, other_association
):
    former = factories.AffiliationFactory(organisation=association, role="member").person
    stranger = factories.AffiliationFactory(organisation=other_association, role="chair").person
    client.force_login(representative)
    url = reverse("organisations:affiliation_add", args=[association.pk])
    choices = set(client.get(url).context["form"].fields["person"].queryset)
    assert former in choices and stranger not in choices
    response = client.post(url, {"person": former.pk, "role": "delegate", "start": "2007-10-10"})
    assert response["Location"] == reverse("organisations:detail", args=[association.pk])
    assert former.affiliations.filter(role="delegate", start=date(2007, 10, 10)).exists()
    # A person from another association cannot be slipped in by id.
    response = client.post(url, {"person": stranger.pk, "role": "delegate"})
    assert response.status_code == 200 and response.context["form"].errors["person"]
    assert not stranger.affiliations.filter(organisation=association).exists()


def test_the_same_role_twice_is_shown_as_an_error(client, coordinator, association, contact):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:affiliation_add", args=[association.pk]),
        {"person": contact.person_id, "role": "treasurer"},
        **DE,
    )
    assert response.status_code == 200
    assert (
        "In Anadolu e.V. hat Olga Iwanowa bereits die Rolle „Kasse“."
        in response.context["form"].non_field_errors()
    )


def test_an_end_before_the_start_is_refused_on_the_form(client, coordinator, association):
    person = factories.PersonFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:affiliation_add", args=[association.pk]),
        {"person": person.pk, "role": "member", "start": "2007-06-01", "end": "2007-05-01"},
        **DE,
    )
    assert response.context["form"].errors["end"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert not person.affiliations.exists()


def test_outsider_cannot_add_roles_in_an_association_not_theirs(
    client, outsider, association, contact
):
    client.force_login(outsider)
    response = client.post(
        reverse("organisations:affiliation_add", args=[association.pk]),
        {"person": outsider.person_id, "role": "chair"},
    )
    assert response.status_code == 404
    assert not Affiliation.objects.filter(organisation=association, person=outsider.person).exists()


def test_from_the_person_page_the_coordinator_chooses_the_organisation(
    client, coordinator, contact, other_association
):
    client.force_login(coordinator)
    url = reverse("organisations:person_affiliation_add", args=[contact.person_id])
    response = client.post(url, {"organisation": other_association.pk, "role": "member"})
    assert response["Location"] == reverse("organisations:person", args=[contact.person_id])
    assert contact.person.affiliations.filter(organisation=other_association).exists()


def test_from_the_person_page_a_representative_chooses_only_their_association(
    client, representative, contact, association, other_association
):
    client.force_login(representative)
    url = reverse("organisations:person_affiliation_add", args=[contact.person_id])
    assert list(client.get(url).context["form"].fields["organisation"].queryset) == [association]
    response = client.post(url, {"organisation": other_association.pk, "role": "member"})
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not contact.person.affiliations.filter(organisation=other_association).exists()


def test_team_members_cannot_add_roles_from_the_person_page(client, team_member, contact):
    client.force_login(team_member)
    url = reverse("organisations:person_affiliation_add", args=[contact.person_id])
    assert client.get(url).status_code == 403


def test_representative_ends_a_role_and_it_moves_to_former_contacts(
    client, representative, coordinator, association, contact
):
    client.force_login(representative)
    url = reverse("organisations:affiliation_end", args=[contact.pk])
    assert client.get(url).context["form"]["end"].value()  # today, ready to confirm
    response = client.post(url, {"end": "2007-10-31"})
    assert response["Location"] == reverse("organisations:detail", args=[association.pk])
    contact.refresh_from_db()
    assert contact.end == date(2007, 10, 31)
    assert AuditEntry.objects.get(action="affiliation.end").actor == representative
    # The person is no longer the association's: its representative stops seeing them at
    # once, also among the former contacts; the office keeps the record.
    detail = client.get(reverse("organisations:detail", args=[association.pk]))
    assert contact not in detail.context["contacts"]
    assert list(detail.context["former_contacts"]) == []
    assert contact.person.last_name not in detail.content.decode()
    client.force_login(coordinator)
    detail = client.get(reverse("organisations:detail", args=[association.pk]))
    assert list(detail.context["former_contacts"]) == [contact]
    assert contact not in detail.context["contacts"]


def test_ending_from_the_person_page_returns_there(client, coordinator, contact):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:affiliation_end", args=[contact.pk]),
        {"end": "2007-10-31", "from": "person"},
    )
    assert response["Location"] == reverse("organisations:person", args=[contact.person_id])


def test_an_end_before_the_start_is_shown_on_the_end_form(client, coordinator, contact):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:affiliation_end", args=[contact.pk]), {"end": "2005-01-01"}, **DE
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [
        "Das Ende darf nicht vor dem Beginn (01.03.2006) liegen."
    ]
    contact.refresh_from_db()
    assert contact.end is None


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("team_member", 403)])
def test_others_cannot_end_a_role(client, users_by_role, outsider, contact, role, status):
    client.force_login({**users_by_role, "outsider": outsider}[role])
    response = client.post(
        reverse("organisations:affiliation_end", args=[contact.pk]), {"end": "2007-10-31"}
    )
    assert response.status_code == status
    contact.refresh_from_db()
    assert contact.end is None


# ---- links ---------------------------------------------------------------------------------


def test_detail_pages_link_to_the_event_history(client, interviewer, association, contact):
    client.force_login(interviewer)
    html = client.get(reverse("organisations:detail", args=[association.pk])).content.decode()
    assert reverse("events:history_organisation", args=[association.pk]) in html
    assert reverse("organisations:contact_create", args=[association.pk]) not in html
    html = client.get(reverse("organisations:person", args=[contact.person_id])).content.decode()
    assert reverse("events:history_person", args=[contact.person_id]) in html
    assert reverse("organisations:person_edit", args=[contact.person_id]) not in html


def test_representative_sees_the_editing_links_on_their_association(
    client, representative, association, contact
):
    client.force_login(representative)
    html = client.get(reverse("organisations:detail", args=[association.pk])).content.decode()
    assert reverse("organisations:contact_create", args=[association.pk]) in html
    assert reverse("organisations:affiliation_end", args=[contact.pk]) in html
    html = client.get(reverse("organisations:person", args=[contact.person_id])).content.decode()
    assert reverse("organisations:person_edit", args=[contact.person_id]) in html
