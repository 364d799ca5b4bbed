"""Organisation list (search, filters, pagination, what each role sees), detail, edit, people,
person erasure."""

from datetime import date

import pytest
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.actors import TEST
from vereinsforum.organisations.models import Language, Organisation
from vereinsforum.programmes.models import Step
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def names(response):
    return [o.name for o in response.context["page"].object_list]


@pytest.fixture
def city(programme, association, other_association, welfare_service):
    greek = Language.objects.create(code="el", name="Griechisch")
    turkish = Language.objects.create(code="tr", name="Türkisch")
    association.languages.set([turkish])
    kulturverein = factories.OrganisationFactory(
        name="Griechischer Kulturverein", district="Barmen", communities="griechisch"
    )
    kulturverein.languages.set([greek])
    for org in (association, other_association, kulturverein):
        participation_step_record(
            actor=TEST,
            programme=programme,
            organisation=org,
            step=Step.INVITED,
            on=date(2007, 4, 23),
        )
    participation_step_record(
        actor=TEST,
        programme=programme,
        organisation=association,
        step=Step.ENROLLED,
        on=date(2007, 5, 31),
    )
    return {"greek": greek, "turkish": turkish, "kulturverein": kulturverein}


def test_search_filters_and_their_combination(client, coordinator, city, association):
    client.force_login(coordinator)
    url = reverse("organisations:list")
    assert names(client.get(url, {"q": "griech"})) == ["Griechischer Kulturverein"]
    assert names(client.get(url, {"kind": "welfare_service"})) == ["Migrationsdienst AWO"]
    assert names(client.get(url, {"district": "Barmen"})) == ["Griechischer Kulturverein"]
    assert names(client.get(url, {"language": city["turkish"].pk})) == ["Anadolu e.V."]
    assert names(client.get(url, {"status": "enrolled"})) == ["Anadolu e.V."]
    assert len(names(client.get(url, {"status": "invited"}))) == 3
    assert names(client.get(url, {"status": "invited", "district": "Barmen"})) == [
        "Griechischer Kulturverein"
    ]
    assert names(client.get(url, {"verification": "verified"})) == []


def test_an_unreadable_filter_shows_an_error_and_no_rows(client, coordinator, city):
    client.force_login(coordinator)
    response = client.get(reverse("organisations:list"), {"kind": "spaceship"})
    assert names(response) == []
    assert response.context["form"].errors["kind"]


def test_district_choices_come_from_visible_organisations(client, representative, city):
    client.force_login(representative)
    form = client.get(reverse("organisations:list")).context["form"]
    assert [value for value, _label in form.fields["district"].choices] == ["", "Elberfeld"]


def test_pagination_keeps_the_filters(client, coordinator):
    factories.OrganisationFactory.create_batch(25, district="Ronsdorf")
    factories.OrganisationFactory.create_batch(3, district="Vohwinkel")
    client.force_login(coordinator)
    response = client.get(reverse("organisations:list"), {"district": "Ronsdorf"})
    assert response.context["total"] == 25
    html = response.content.decode()
    assert "district=Ronsdorf&amp;page=2" in html
    second = client.get(reverse("organisations:list"), {"district": "Ronsdorf", "page": 2})
    assert len(names(second)) == 5
    assert all(o.district == "Ronsdorf" for o in second.context["page"].object_list)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", "all"),
        ("team_member", "all"),
        ("interviewer", {"Anadolu e.V."}),
        ("representative", {"Anadolu e.V."}),
        ("outsider", {"Centro Italiano e.V."}),
        ("service_provider", {"Migrationsdienst AWO"}),
    ],
)
def test_each_role_sees_its_organisations_in_the_list(
    client, users_by_role, outsider, city, role, expected
):
    if expected == "all":
        expected = set(Organisation.objects.values_list("name", flat=True))
        assert len(expected) == 5  # the three associations, the welfare service, the department
    client.force_login({**users_by_role, "outsider": outsider}[role])
    response = client.get(reverse("organisations:list"))
    assert set(names(response)) == expected
    # Even a search for another association's name does not reveal it.
    assert set(names(client.get(reverse("organisations:list"), {"q": "e.V."}))) <= expected


def test_detail_shows_profile_contacts_and_history(client, coordinator, city, association):
    factories.AffiliationFactory(
        organisation=association,
        role="treasurer",
        person=factories.PersonFactory(first_name="Olga", last_name="Iwanowa"),
    )
    client.force_login(coordinator)
    html = client.get(reverse("organisations:detail", args=[association.pk])).content.decode()
    assert "Olga Iwanowa" in html
    assert "2007-04-23" in html
    assert "2007-05-31" in html
    assert reverse("organisations:edit", args=[association.pk]) in html


def test_detail_for_team_member_has_no_edit_link_and_no_audit(client, team_member, association):
    client.force_login(team_member)
    response = client.get(reverse("organisations:detail", args=[association.pk]))
    assert not response.context["may_edit"]
    assert response.context["history"] is None
    assert reverse("organisations:edit", args=[association.pk]) not in response.content.decode()


def test_representative_edits_own_association_within_the_allowed_fields(
    client, representative, association, city
):
    client.force_login(representative)
    url = reverse("organisations:edit", args=[association.pk])
    form = client.get(url).context["form"]
    assert "verification" not in form.fields and "kind" not in form.fields
    response = client.post(
        url,
        {
            "name": "Anadolu e.V.",
            "city": "Wuppertal",
            "member_count": "150",
            "languages": [city["turkish"].pk, city["greek"].pk],
            "verification": "verified",
            "kind": "committee",
        },
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.member_count == 150
    assert association.verification == "unverified"  # posted, but not the representative's
    assert association.kind == "association"
    assert set(association.languages.values_list("code", flat=True)) == {"tr", "el"}
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor == representative
    assert entry.changes["member_count"] == [None, 150]


def test_coordinator_verifies_an_association(client, coordinator, association):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:edit", args=[association.pk]),
        {
            "name": "Anadolu e.V.",
            "kind": "association",
            "city": "Wuppertal",
            "verification": "verified",
        },
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.verification == "verified"


def test_bad_input_keeps_everything_and_explains(client, coordinator, association):
    client.force_login(coordinator)
    url = reverse("organisations:edit", args=[association.pk])
    response = client.post(
        url,
        {
            "name": "",
            "kind": "association",
            "city": "Wuppertal",
            "founded_year": "1066",
            "website": "kein link",
            "communities": "türkisch, kurdisch",
        },
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "founded_year", "website"} <= set(errors)
    html = response.content.decode()
    assert "türkisch, kurdisch" in html  # what was typed is still there
    assert "Anadolu e.V." in html  # the heading keeps the saved name
    association.refresh_from_db()
    assert association.name == "Anadolu e.V." and association.communities == ""


def test_a_cycle_of_parents_is_a_field_error(client, coordinator):
    city = factories.OrganisationFactory(kind="other", name="Stadt")
    unit = factories.OrganisationFactory(kind="department", name="Ressort", parent=city)
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:edit", args=[city.pk]),
        {
            "name": "Stadt",
            "kind": "other",
            "city": "Wuppertal",
            "parent": unit.pk,
            "verification": "unverified",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    city.refresh_from_db()
    assert city.parent is None


def test_people_list_is_scoped_distinct_and_hides_foreign_affiliations(
    client, interviewer, association, other_association
):
    shared = factories.PersonFactory(first_name="Kwame", last_name="Mensah")
    factories.AffiliationFactory(person=shared, organisation=association, role="chair")
    factories.AffiliationFactory(person=shared, organisation=association, role="delegate")
    factories.AffiliationFactory(person=shared, organisation=other_association, role="member")
    factories.AffiliationFactory(organisation=other_association, role="chair")
    client.force_login(interviewer)
    response = client.get(reverse("organisations:people"))
    people = list(response.context["page"].object_list)
    assert people.count(shared) == 1
    assert {p.pk for p in people} == {shared.pk, interviewer.person_id}
    html = response.content.decode()
    assert "Centro Italiano" not in html
    # Searching for the other association's name does not find its members either.
    found = client.get(reverse("organisations:people"), {"q": "Centro"}).context["page"]
    assert list(found.object_list) == []
    found = client.get(reverse("organisations:people"), {"q": "Anadolu"}).context["page"]
    assert list(found.object_list) == [shared]


def test_person_detail_shows_only_visible_affiliations(
    client, representative, association, other_association
):
    person = representative.person
    factories.AffiliationFactory(person=person, organisation=other_association, role="member")
    client.force_login(representative)
    response = client.get(reverse("organisations:person", args=[person.pk]))
    assert [a.organisation for a in response.context["affiliations"]] == [association]
    assert not response.context["may_erase"]


def test_coordinator_erases_a_person_after_confirming(client, coordinator, association):
    person = factories.PersonFactory(first_name="Ayşe", last_name="Demir", email="a@example.org")
    factories.AffiliationFactory(person=person, organisation=association, role="treasurer")
    client.force_login(coordinator)
    url = reverse("organisations:person_erase", args=[person.pk])

    response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    person.refresh_from_db()
    assert person.pseudonymised_at is None

    response = client.post(url, {"confirm": "on"})
    assert response["Location"] == reverse("organisations:person", args=[person.pk])
    person.refresh_from_db()
    assert person.pseudonymised_at and person.email == ""
    assert association.affiliations.count() == 1
    html = client.get(reverse("organisations:detail", args=[association.pk])).content.decode()
    assert "Ayşe" not in html and "Demir" not in html
    assert AuditEntry.objects.filter(action="person.pseudonymise").count() == 1
    # A second visit says it is done instead of offering the form again.
    assert client.get(url)["Location"] == reverse("organisations:person", args=[person.pk])


def test_coordinator_cannot_erase_themselves_through_the_page(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("organisations:person_erase", args=[coordinator.person_id]), {"confirm": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_organisation_list_query_count_does_not_grow_with_rows(
    client, coordinator, django_assert_max_num_queries
):
    for _ in range(20):
        org = factories.OrganisationFactory()
        org.languages.set([Language.objects.get_or_create(code="tr", name="Türkisch")[0]])
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("organisations:list"))
    assert Organisation.objects.count() == 20
