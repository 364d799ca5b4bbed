"""The set-up pages: a fresh database leads the coordinator from the dashboard through the
four steps to a dashboard with the programme and its fields; everybody else is refused;
what was typed stays on a refused form; organisations are chosen by name."""

import re

import pytest
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.organisations.models import Language, Organisation, OrganisationKind
from vereinsforum.programmes.models import Programme
from vereinsforum.programmes.services import DEFAULT_FIELDS
from vereinsforum.testing import factories
from vereinsforum.web.models import SiteDetails

pytestmark = pytest.mark.django_db

DE = {"HTTP_ACCEPT_LANGUAGE": "de"}

STEP_ONE = {
    "name": "Vereine stärken",
    "funding_programme": "KOMM-IN NRW",
    "funder": "Land Nordrhein-Westfalen",
    "start": "2026-01-15",
    "department_name": "Ressort 204 – Zuwanderung und Integration",
    "city_name": "Stadt Wuppertal",
}
SITE = {
    "operator": "Stadt Wuppertal",
    "operator_address": "Johannes-Rau-Platz 1\n42275 Wuppertal",
    "representative": "Der Oberbürgermeister",
    "imprint_contact": "",
    "privacy_controller": "Stadt Wuppertal, Ressort 204",
    "privacy_officer": "datenschutz@stadt.example",
    "privacy_authority": "LDI NRW, Kavalleriestraße 2–4, 40213 Düsseldorf",
    "privacy_retention": "Kontaktdaten werden zwei Jahre nach Programmende gelöscht.",
    "contact_phone": "(0202) 563 2514",
    "contact_email": "integration@stadt.example",
    "contact_address": "Neumarkt 10, 42103 Wuppertal",
    "contact_hours": "Montag bis Donnerstag, 9 bis 12 Uhr",
}

GET_PAGES = [
    "programmes:setup",
    "programmes:setup_programme",
    "programmes:setup_fields",
    "programmes:setup_field_create",
    "programmes:setup_languages",
    "programmes:setup_site",
]


def html(response) -> str:
    return response.content.decode()


def test_a_fresh_database_leads_the_coordinator_through_the_set_up(client, coordinator):
    assert not Programme.objects.exists() and not Organisation.objects.exists()
    client.force_login(coordinator)

    dashboard = client.get(reverse("web:dashboard"), **DE)
    setup_url = reverse("programmes:setup_programme")
    assert re.search(rf'id="start-setup" href="{setup_url}"', html(dashboard))
    assert "Es wurde noch kein Programm eingerichtet." in html(dashboard)

    step_one = client.get(setup_url, **DE)
    # Nothing to choose from on a fresh install: only the names are asked for.
    assert "lead_department" not in step_one.context["form"].fields
    assert "city" not in step_one.context["form"].fields
    response = client.post(setup_url, STEP_ONE, **DE)
    assert response["Location"] == reverse("programmes:setup_fields")

    fields_page = client.get(reverse("programmes:setup_fields"), **DE)
    names = [name for _key, name, _i18n in DEFAULT_FIELDS]
    assert [field.name for field, _tr in fields_page.context["rows"]] == names

    response = client.post(
        reverse("programmes:setup_languages"),
        {"code": "tr", "name": "Türkisch", "name_en": "Turkish", "name_tr": "Türkçe"},
        **DE,
    )
    assert response["Location"] == reverse("programmes:setup_languages")

    response = client.post(reverse("programmes:setup_site"), SITE, **DE)
    assert response["Location"] == reverse("web:dashboard")

    dashboard = client.get(reverse("web:dashboard"), **DE)
    page = html(dashboard)
    assert "Vereine stärken" in page and "KOMM-IN NRW" in page
    assert 'id="start-setup"' not in page
    listed = re.findall(r"<li><bdi>([^<]+)</bdi></li>", page)
    assert listed == names
    assert dashboard.context["tasks"] == []  # every step is done
    programme = Programme.objects.get()
    assert programme.lead_department.name == STEP_ONE["department_name"]
    assert programme.lead_department.parent.name == "Stadt Wuppertal"
    assert Language.objects.get().name_i18n == {"en": "Turkish", "tr": "Türkçe"}


def test_until_every_step_is_done_the_dashboard_lists_what_is_missing(
    client, coordinator, programme
):
    client.force_login(coordinator)
    tasks = client.get(reverse("web:dashboard")).context["tasks"]
    urls = [task.url for task in tasks]
    assert reverse("programmes:setup_languages") in urls
    assert reverse("programmes:setup_site") in urls
    assert reverse("programmes:setup_fields") not in urls


def test_others_are_not_called_to_set_up_a_programme(client, team_member):
    client.force_login(team_member)
    page = html(client.get(reverse("web:dashboard")))
    assert reverse("programmes:setup_programme") not in page
    assert reverse("programmes:setup") not in page  # no navigation entry either


def test_the_navigation_leads_coordinators_back_to_the_set_up(client, coordinator, programme):
    client.force_login(coordinator)
    assert f'href="{reverse("programmes:setup")}"' in html(client.get(reverse("web:dashboard")))


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize(
    "role", ["team_member", "interviewer", "representative", "service_provider", "public"]
)
def test_only_coordinators_reach_the_set_up(client, users_by_role, programme, name, role):
    user = users_by_role[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name)
    for method in ("get", "post"):
        response = getattr(client, method)(url, STEP_ONE)
        if user is None:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.status_code == 403
    assert not AuditEntry.objects.exists()


def test_a_refused_programme_keeps_what_was_typed(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:setup_programme"),
        {**STEP_ONE, "start": "15.13.2026", "city_name": ""},
        **DE,
    )
    assert response.status_code == 200
    form = response.context["form"]
    # Django's own message in German, next to its field.
    assert form.errors["start"] == ["Bitte ein gültiges Datum eingeben."]
    page = html(response)
    assert 'value="Vereine stärken"' in page
    assert 'value="Ressort 204 – Zuwanderung und Integration"' in page
    assert 'value="15.13.2026"' in page
    assert not Programme.objects.exists() and not Organisation.objects.exists()


def test_a_service_refusal_shows_beside_its_field(client, coordinator):
    # A city to choose from: the form no longer insists on a typed one, the service does.
    factories.OrganisationFactory(kind=OrganisationKind.OTHER, name="Stadt Wuppertal")
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:setup_programme"), {**STEP_ONE, "city_name": ""}, **DE
    )
    assert response.status_code == 200
    assert response.context["form"].errors["city_name"] == [
        "Bitte nennen Sie die Stadt oder Organisation, zu der die Dienststelle gehört."
    ]
    assert 'id="id_city_name_error"' in html(response)
    assert 'value="Vereine stärken"' in html(response)
    assert Organisation.objects.count() == 1


def test_departments_are_chosen_by_name_never_by_number(client, coordinator):
    city = factories.OrganisationFactory(kind=OrganisationKind.OTHER, name="Stadt Wuppertal")
    department = factories.DepartmentFactory(name="Ressort 204", parent=city)
    factories.OrganisationFactory(name="Anadolu e.V.")
    client.force_login(coordinator)
    page = html(client.get(reverse("programmes:setup_programme")))
    assert re.search(
        rf'<option value="{department.pk}"[^>]*>Ressort 204 \(Stadt Wuppertal\)<', page
    )
    # Associations are no departments and no cities.
    assert "Anadolu" not in page
    # Every input is a name, a date, a text or a choice by name: no number to type.
    assert not re.search(r'type="number"', page)
    response = client.post(
        reverse("programmes:setup_programme"),
        {"name": "Vereine stärken", "start": "2026-01-15", "lead_department": department.pk},
    )
    assert response.status_code == 302
    assert Programme.objects.get().lead_department == department
    assert Organisation.objects.count() == 3


def test_the_programme_is_edited_in_the_same_step(client, coordinator, programme):
    client.force_login(coordinator)
    form = client.get(reverse("programmes:setup_programme")).context["form"]
    assert form.initial["name"] == programme.name
    response = client.post(
        reverse("programmes:setup_programme"),
        {
            "name": "Neuer Name",
            "start": "2007-05-09",
            "lead_department": programme.lead_department.pk,
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Neuer Name"
    assert Programme.objects.count() == 1
    assert AuditEntry.objects.filter(action="programme.update").count() == 1


def test_a_field_is_renamed_translated_moved_and_removed_on_its_pages(
    client, coordinator, programme
):
    client.force_login(coordinator)
    field = programme.fields.get(key="bookkeeping")
    edit = reverse("programmes:setup_field_edit", args=[field.pk])
    page = html(client.get(edit))
    assert 'lang="ar" dir="rtl"' in page and 'value="مسك الدفاتر"' in page
    response = client.post(
        edit,
        {"name": "Buchführung", "name_en": "Bookkeeping", "name_ar": "المحاسبة"},
    )
    assert response["Location"] == reverse("programmes:setup_fields")
    field.refresh_from_db()
    assert (field.name, field.name_i18n) == (
        "Buchführung",
        {"en": "Bookkeeping", "ar": "المحاسبة"},
    )

    client.post(reverse("programmes:setup_field_move", args=[field.pk]), {"position": "1"})
    assert programme.fields.order_by("position").first() == field

    new = client.post(reverse("programmes:setup_field_create"), {"name": "Fördermittel"})
    assert new.status_code == 302
    added = programme.fields.get(name="Fördermittel")
    assert added.position == 8
    delete = reverse("programmes:setup_field_delete", args=[added.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete)["Location"] == reverse("programmes:setup_fields")
    assert not programme.fields.filter(name="Fördermittel").exists()


def test_a_field_in_use_stays_and_the_page_says_why(client, coordinator, programme):
    field = programme.fields.get(key="bookkeeping")
    EventFactory(programme=programme).fields.add(field)
    client.force_login(coordinator)
    response = client.post(reverse("programmes:setup_field_delete", args=[field.pk]))
    assert response.status_code == 200
    assert "Buchhaltung" in response.context["errors"][0]
    assert programme.fields.filter(pk=field.pk).exists()


def test_a_field_edit_keeps_what_was_typed(client, coordinator, programme):
    client.force_login(coordinator)
    field = programme.fields.get(key="bookkeeping")
    response = client.post(
        reverse("programmes:setup_field_edit", args=[field.pk]),
        {"name": "Rhetorik", "name_en": "Accounts"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert 'value="Accounts"' in html(response)
    field.refresh_from_db()
    assert field.name == "Buchhaltung"


def test_a_field_of_no_programme_is_not_found(client, coordinator, programme):
    other = factories.ProgrammeFactory(start=programme.start.replace(year=1999))
    client.force_login(coordinator)
    stray = other.fields.first()
    assert client.get(reverse("programmes:setup_field_edit", args=[stray.pk])).status_code == 404


def test_the_fields_step_needs_a_programme_first(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("programmes:setup_fields"))
    assert response["Location"] == reverse("programmes:setup_programme")


def test_languages_are_added_renamed_and_removed_on_their_pages(client, coordinator, association):
    client.force_login(coordinator)
    languages = reverse("programmes:setup_languages")
    response = client.post(languages, {"code": "xx-yyyyyy", "name": "Falsch"}, **DE)
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert 'value="Falsch"' in html(response)
    client.post(languages, {"code": "ku", "name": "Kurdisch"})
    client.post(languages, {"code": "tr", "name": "Türkisch"})
    response = client.post(
        reverse("programmes:setup_language_edit", args=["ku"]),
        {"name": "Kurdisch (Kurmancî)", "name_en": "Kurdish"},
    )
    assert response["Location"] == languages
    assert Language.objects.get(code="ku").name_i18n == {"en": "Kurdish"}
    association.languages.add(Language.objects.get(code="tr"))
    refused = client.post(reverse("programmes:setup_language_delete", args=["tr"]))
    assert refused.status_code == 200 and refused.context["errors"]
    removed = client.post(reverse("programmes:setup_language_delete", args=["ku"]))
    assert removed["Location"] == languages
    assert list(Language.objects.values_list("code", flat=True)) == ["tr"]
    assert client.get(reverse("programmes:setup_language_edit", args=["ku"])).status_code == 404


def test_site_details_keep_what_was_typed_on_an_error(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:setup_site"), {**SITE, "contact_email": "keine-adresse"}, **DE
    )
    assert response.status_code == 200
    assert "gültige E-Mail-Adresse" in response.context["form"].errors["contact_email"][0]
    assert "Johannes-Rau-Platz 1" in html(response)
    assert not SiteDetails.objects.exists()


# ---- the public pages -------------------------------------------------------------------------


PUBLIC_PAGES = ["web:start", "web:imprint", "web:privacy"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_before_the_set_up_the_public_sees_a_placeholder_and_coordinators_a_warning(
    client, coordinator, name
):
    public = html(client.get(reverse(name)))
    assert "not-configured" not in public
    client.force_login(coordinator)
    page = html(client.get(reverse(name)))
    assert "not-configured" in page
    assert reverse("programmes:setup_site") in page


def test_the_public_pages_show_the_configured_details(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("programmes:setup_site"), SITE)
    client.logout()
    imprint = html(client.get(reverse("web:imprint")))
    assert "Stadt Wuppertal" in imprint and "Johannes-Rau-Platz 1<br>42275 Wuppertal" in imprint
    assert "Der Oberbürgermeister" in imprint
    assert 'href="tel:02025632514"' in imprint  # no imprint contact: the general one
    assert "Published by the integration office" not in imprint
    privacy = html(client.get(reverse("web:privacy")))
    for key in ("privacy_controller", "privacy_officer", "privacy_retention"):
        assert SITE[key] in privacy
    assert "LDI NRW" in privacy
    start = html(client.get(reverse("web:start")))
    assert 'href="tel:02025632514"' in start and "(0202) 563 2514" in start
    assert 'href="mailto:integration@stadt.example"' in start
    assert "Montag bis Donnerstag, 9 bis 12 Uhr" in start and "Neumarkt 10" in start
    client.force_login(coordinator)
    for name in PUBLIC_PAGES:
        assert "not-configured" not in html(client.get(reverse(name)))
