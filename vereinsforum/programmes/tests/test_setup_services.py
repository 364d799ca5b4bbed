"""The set-up's services: the programme with its lead department, the fields, the languages
and the site details. Bad input is refused with a message for the field it concerns and
writes nothing; every write is audited under "Model #id"."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.organisations.models import Language, Organisation, OrganisationKind
from vereinsforum.organisations.services import language_create, language_delete, language_update
from vereinsforum.programmes.field_services import (
    field_create,
    field_delete,
    field_move,
    field_update,
)
from vereinsforum.programmes.models import Field, Programme
from vereinsforum.programmes.services import (
    DEFAULT_FIELDS,
    NewDepartment,
    programme_create,
    programme_update,
)
from vereinsforum.testing import factories
from vereinsforum.web.models import SiteDetails
from vereinsforum.web.services import site_details_update

pytestmark = pytest.mark.django_db

START = date(2026, 1, 15)


def errors_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def fresh_programme(actor, **overrides):
    arguments = {
        "actor": actor,
        "name": "Vereine stärken",
        "start": START,
        "funding_programme": "KOMM-IN NRW",
        "funder": "Land NRW",
        "new_department": NewDepartment(name="Ressort 204", parent_name="Stadt Wuppertal"),
    }
    return programme_create(**{**arguments, **overrides})


# ---- programme ------------------------------------------------------------------------------


def test_a_fresh_install_gets_its_department_and_city_with_the_programme(coordinator):
    programme = fresh_programme(coordinator)
    department = programme.lead_department
    assert (department.name, department.kind) == ("Ressort 204", OrganisationKind.DEPARTMENT)
    assert (department.parent.name, department.parent.kind) == (
        "Stadt Wuppertal",
        OrganisationKind.OTHER,
    )
    # Not the model's default city: nothing says this install is in Wuppertal's registry.
    assert department.city == ""
    assert programme.slug == "vereine-starken"
    assert [f.key for f in programme.fields.order_by("position")] == [
        key for key, _name, _i18n in DEFAULT_FIELDS
    ]
    entry = AuditEntry.objects.get(action="programme.create")
    assert entry.target_repr == f"Programme #{programme.pk}"
    assert entry.changes["lead_department"] == [None, department.pk]
    assert entry.changes["name"] == [None, "Vereine stärken"]
    assert AuditEntry.objects.filter(action="organisation.create").count() == 2
    assert AuditEntry.objects.filter(action="field.create").count() == 7


def test_an_existing_department_is_chosen_and_nothing_new_is_made(coordinator):
    department = factories.DepartmentFactory(name="Ressort 204")
    before = Organisation.objects.count()
    programme = fresh_programme(coordinator, new_department=None, lead_department=department)
    assert programme.lead_department == department
    assert Organisation.objects.count() == before


def test_a_second_programme_gets_a_slug_of_its_own(coordinator):
    department = factories.DepartmentFactory()
    first = fresh_programme(coordinator, new_department=None, lead_department=department)
    second = fresh_programme(coordinator, new_department=None, lead_department=department)
    assert (first.slug, second.slug) == ("vereine-starken", "vereine-starken-2")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"new_department": None},
            "lead_department",
            "Bitte wählen Sie die federführende Dienststelle oder nennen Sie eine neue.",
        ),
        ({"name": "  "}, "name", None),
        (
            {"new_department": NewDepartment(name="", parent_name="Stadt Wuppertal")},
            "department_name",
            None,
        ),
        ({"new_department": NewDepartment(name="Ressort 204")}, "city_name", None),
    ],
    ids=["no_department", "no_name", "no_department_name", "no_city"],
)
def test_incomplete_input_is_refused_per_field_and_writes_nothing(
    coordinator, overrides, field, message
):
    audit_before = AuditEntry.objects.count()
    with translation.override("de"), pytest.raises(ValidationError) as exc:
        fresh_programme(coordinator, **overrides)
    errors = errors_of(exc)
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert not Programme.objects.exists()
    assert not Organisation.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_every_error_is_reported_at_once(coordinator):
    with pytest.raises(ValidationError) as exc:
        fresh_programme(
            coordinator,
            name="",
            end=date(2025, 1, 1),
            new_department=NewDepartment(name="", parent_name=""),
        )
    errors = errors_of(exc)
    assert {"name", "department_name", "city_name", "__all__"} <= errors.keys()
    assert "end" in " ".join(errors["__all__"])


def test_a_department_of_the_same_name_is_not_made_twice(coordinator):
    factories.DepartmentFactory(name="Ressort 204")
    with pytest.raises(ValidationError) as exc:
        fresh_programme(
            coordinator,
            new_department=NewDepartment(name="ressort 204", parent_name="Stadt Wuppertal"),
        )
    assert "department_name" in errors_of(exc)
    assert Organisation.objects.count() == 1


def test_the_city_is_named_or_chosen_not_both_and_never_an_association(coordinator):
    city = factories.OrganisationFactory(kind=OrganisationKind.OTHER, name="Stadt Wuppertal")
    with pytest.raises(ValidationError) as exc:
        fresh_programme(
            coordinator,
            new_department=NewDepartment(name="Ressort 204", parent=city, parent_name="Stadt"),
        )
    assert "city_name" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        fresh_programme(
            coordinator,
            new_department=NewDepartment(name="Ressort 204", parent_name="stadt wuppertal"),
        )
    assert "city_name" in errors_of(exc)
    association = factories.OrganisationFactory()
    with pytest.raises(ValidationError) as exc:
        fresh_programme(
            coordinator, new_department=NewDepartment(name="Ressort 204", parent=association)
        )
    assert "city" in errors_of(exc)
    programme = fresh_programme(
        coordinator, new_department=NewDepartment(name="Ressort 204", parent=city)
    )
    assert programme.lead_department.parent == city


def test_a_department_is_chosen_or_named_not_both_and_must_be_a_department(coordinator):
    department = factories.DepartmentFactory()
    with pytest.raises(ValidationError) as exc:
        fresh_programme(coordinator, lead_department=department)
    assert "lead_department" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        fresh_programme(
            coordinator, new_department=None, lead_department=factories.OrganisationFactory()
        )
    assert "lead_department" in errors_of(exc)
    assert not Programme.objects.exists()


def test_programme_update_changes_what_was_typed_and_audits_only_changes(coordinator):
    programme = fresh_programme(coordinator)
    other = factories.DepartmentFactory(name="Ressort 201")
    programme_update(
        actor=coordinator,
        programme=programme,
        name="Vereine stärken II",
        start=START,
        end=date(2027, 12, 31),
        funding_programme="KOMM-IN NRW",
        funder="Land NRW",
        lead_department=other,
    )
    programme.refresh_from_db()
    assert (programme.name, programme.end, programme.lead_department) == (
        "Vereine stärken II",
        date(2027, 12, 31),
        other,
    )
    entry = AuditEntry.objects.get(action="programme.update")
    assert set(entry.changes) == {"name", "end", "lead_department"}
    assert entry.target_repr == f"Programme #{programme.pk}"
    # Saving again unchanged writes no entry.
    programme_update(
        actor=coordinator,
        programme=programme,
        name="Vereine stärken II",
        start=START,
        end=date(2027, 12, 31),
        funding_programme="KOMM-IN NRW",
        funder="Land NRW",
        lead_department=other,
    )
    assert AuditEntry.objects.filter(action="programme.update").count() == 1


def test_programme_update_refuses_an_end_before_the_start(coordinator, programme):
    with pytest.raises(ValidationError):
        programme_update(
            actor=coordinator,
            programme=programme,
            name=programme.name,
            start=date(2008, 1, 1),
            end=date(2007, 1, 1),
            lead_department=programme.lead_department,
        )
    programme.refresh_from_db()
    assert programme.end is None


# ---- fields ---------------------------------------------------------------------------------


def keys(programme) -> list[str]:
    return list(programme.fields.order_by("position").values_list("key", flat=True))


def test_a_new_field_goes_last_with_a_key_from_its_name_and_its_translations(
    coordinator, programme
):
    field = field_create(
        actor=coordinator,
        programme=programme,
        name=" Fördermittel ",
        name_i18n={"en": "Funding", "tr": " ", "ar": "التمويل"},
        description="Anträge und Nachweise",
    )
    assert (field.key, field.position, field.name) == ("fordermittel", 8, "Fördermittel")
    assert field.name_i18n == {"en": "Funding", "ar": "التمويل"}
    with translation.override("en"):
        assert str(field) == "Funding"
    with translation.override("tr"):
        assert str(field) == "Fördermittel"
    entry = AuditEntry.objects.get(action="field.create", target_id=str(field.pk))
    assert entry.target_repr == f"Field #{field.pk}"
    assert entry.changes["name"] == [None, "Fördermittel"]
    # The description is free text: recorded as changed, never in clear.
    assert "Anträge" not in str(entry.changes)


def test_a_field_name_without_latin_letters_still_gets_a_key(coordinator, programme):
    first = field_create(actor=coordinator, programme=programme, name="مالية")
    second = field_create(actor=coordinator, programme=programme, name="مالية ٢")
    assert (first.key, second.key) == ("field", "field_2")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "buchhaltung"}, "name"),
        ({"name": "Neu", "name_i18n": {"fr": "Nouveau"}}, "name_i18n"),
        ({"name": "Neu", "description_i18n": {"xx": "?"}}, "description_i18n"),
        ({"name": "N" * 121}, "name"),
    ],
    ids=["empty", "duplicate", "unknown_language", "unknown_language_description", "too_long"],
)
def test_bad_field_input_is_refused_and_writes_nothing(coordinator, programme, arguments, field):
    with pytest.raises(ValidationError) as exc:
        field_create(actor=coordinator, programme=programme, **arguments)
    assert field in errors_of(exc)
    assert programme.fields.count() == 7
    assert not AuditEntry.objects.filter(action="field.create").exists()


def test_field_update_keeps_the_key_and_refuses_another_fields_name(coordinator, programme):
    field = programme.fields.get(key="bookkeeping")
    field_update(
        actor=coordinator,
        field=field,
        name="Buchführung",
        name_i18n={"en": "Bookkeeping", "tr": "Muhasebe"},
    )
    field.refresh_from_db()
    assert (field.key, field.name, field.name_i18n) == (
        "bookkeeping",
        "Buchführung",
        {"en": "Bookkeeping", "tr": "Muhasebe"},
    )
    entry = AuditEntry.objects.get(action="field.update")
    assert entry.changes["name"] == ["Buchhaltung", "Buchführung"]
    with pytest.raises(ValidationError) as exc:
        field_update(actor=coordinator, field=field, name="Rhetorik")
    assert "name" in errors_of(exc)
    # Its own name, in other letters, is no clash.
    field_update(actor=coordinator, field=field, name="BUCHFÜHRUNG")


def test_moving_a_field_renumbers_the_others_without_gaps(coordinator, programme):
    rhetoric = programme.fields.get(key="rhetoric")
    field_move(actor=coordinator, field=rhetoric, position=1)
    assert keys(programme) == [
        "rhetoric",
        "project_work",
        "public_relations",
        "work_organisation",
        "bookkeeping",
        "pc_skills",
        "premises",
    ]
    assert list(programme.fields.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
    field_move(actor=coordinator, field=programme.fields.get(key="project_work"), position=7)
    assert keys(programme)[-1] == "project_work"
    entry = AuditEntry.objects.filter(action="field.move").order_by("id").first()
    assert entry.changes == {"position": [7, 1]}


@pytest.mark.parametrize("position", [0, 8, -1])
def test_a_field_cannot_move_outside_the_list(coordinator, programme, position):
    before = keys(programme)
    with pytest.raises(ValidationError) as exc:
        field_move(actor=coordinator, field=programme.fields.first(), position=position)
    assert "position" in errors_of(exc)
    assert keys(programme) == before


def test_an_unused_field_is_removed_and_the_rest_close_up(coordinator, programme):
    field = programme.fields.get(key="bookkeeping")
    pk = field.pk
    field_delete(actor=coordinator, field=field)
    assert "bookkeeping" not in keys(programme)
    assert list(programme.fields.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    entry = AuditEntry.objects.get(action="field.delete")
    assert entry.target_repr == f"Field #{pk}"


def test_a_field_in_use_is_not_removed(coordinator, programme):
    field = programme.fields.get(key="bookkeeping")
    EventFactory(programme=programme).fields.add(field)
    with pytest.raises(ValidationError) as exc:
        field_delete(actor=coordinator, field=field)
    assert "Buchhaltung" in exc.value.messages[0]
    assert Field.objects.filter(pk=field.pk).exists()
    assert not AuditEntry.objects.filter(action="field.delete").exists()


def test_a_field_used_only_by_a_measure_is_not_removed(coordinator, programme):
    # The refusal once listed the relations it knew (needs, events, polls); a measure's
    # many-to-many link to the field would have been dropped with it without a word.
    from vereinsforum.measures.models import Measure, MeasureKind

    field = programme.fields.get(key="bookkeeping")
    measure = Measure.objects.create(programme=programme, kind=MeasureKind.TRAINING, title="T")
    measure.fields.add(field)
    with pytest.raises(ValidationError):
        field_delete(actor=coordinator, field=field)
    assert list(measure.fields.all()) == [field]


def test_every_relation_to_a_field_keeps_it(coordinator, programme):
    """Whatever app declares a relation to Field, field_delete sees it (checked per relation,
    so a new app's relation is covered without being listed)."""
    from vereinsforum.programmes.field_services import _field_in_use

    field = programme.fields.get(key="bookkeeping")
    assert not _field_in_use(field)
    relations = list(Field._meta.related_objects)
    assert {r.related_model._meta.label for r in relations} >= {
        "events.Event",
        "measures.Measure",
        "forum.PollOption",
    }


# ---- languages ------------------------------------------------------------------------------


def test_a_language_is_added_with_its_names(coordinator):
    language = language_create(
        actor=coordinator, code=" KU ", name="Kurdisch", name_i18n={"en": "Kurdish", "ru": ""}
    )
    assert (language.code, language.name, language.name_i18n) == (
        "ku",
        "Kurdisch",
        {"en": "Kurdish"},
    )
    entry = AuditEntry.objects.get(action="language.create")
    assert entry.target_repr == "Language #ku"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"code": "türkisch", "name": "Türkisch"}, "code"),
        ({"code": "", "name": "Türkisch"}, "code"),
        ({"code": "tr", "name": ""}, "name"),
        ({"code": "tr", "name": "Türkisch", "name_i18n": {"de": "Türkisch"}}, "name_i18n"),
    ],
    ids=["not_a_code", "empty_code", "empty_name", "translation_into_german"],
)
def test_bad_language_input_is_refused(coordinator, arguments, field):
    with pytest.raises(ValidationError) as exc:
        language_create(actor=coordinator, **arguments)
    assert field in errors_of(exc)
    assert not Language.objects.exists()
    assert not AuditEntry.objects.filter(action="language.create").exists()


def test_a_language_code_is_added_once(coordinator):
    language_create(actor=coordinator, code="tr", name="Türkisch")
    with pytest.raises(ValidationError) as exc:
        language_create(actor=coordinator, code="TR", name="Türkisch")
    assert "code" in errors_of(exc)


def test_a_language_is_renamed_and_audited(coordinator):
    language = language_create(actor=coordinator, code="ru", name="Russich")
    language_update(
        actor=coordinator, language=language, name="Russisch", name_i18n={"ru": "Русский"}
    )
    language.refresh_from_db()
    assert (language.name, language.name_i18n) == ("Russisch", {"ru": "Русский"})
    assert AuditEntry.objects.get(action="language.update").changes["name"] == [
        "Russich",
        "Russisch",
    ]


def test_a_language_in_use_is_not_removed_and_the_message_says_where(coordinator, association):
    language = language_create(actor=coordinator, code="tr", name="Türkisch")
    association.languages.add(language)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        language_delete(actor=coordinator, language=language)
    assert exc.value.messages == [
        "“Türkisch” is still recorded (1 organisation) and cannot be removed."
    ]
    assert Language.objects.filter(code="tr").exists()
    association.languages.clear()
    language_delete(actor=coordinator, language=language)
    assert not Language.objects.filter(code="tr").exists()
    assert AuditEntry.objects.get(action="language.delete").target_repr == "Language #tr"


# ---- site details ---------------------------------------------------------------------------


def test_site_details_are_one_row_audited_without_their_text(coordinator):
    assert not SiteDetails.load().configured
    details = site_details_update(
        actor=coordinator,
        operator=" Stadt Wuppertal ",
        operator_address="Johannes-Rau-Platz 1\n42275 Wuppertal",
        representative="Oberbürgermeister Max Muster",
        privacy_controller="Stadt Wuppertal, Ressort 204",
        contact_phone="0202 563-0",
        contact_email="integration@stadt.example",
    )
    assert details.pk == SiteDetails.SINGLETON_PK
    assert details.operator == "Stadt Wuppertal"
    assert SiteDetails.load().configured
    site_details_update(actor=coordinator, operator="Stadt Wuppertal")
    assert SiteDetails.objects.count() == 1
    assert SiteDetails.load().representative == ""
    entries = AuditEntry.objects.filter(action="site_details.update")
    assert [e.target_repr for e in entries] == ["Site details #1"] * 2
    logged = str([e.changes for e in entries])
    assert "Max Muster" not in logged and "integration@stadt.example" not in logged
    assert "representative" in entries.first().changes


def test_site_details_refuse_a_broken_e_mail_address(coordinator):
    with pytest.raises(ValidationError) as exc:
        site_details_update(actor=coordinator, contact_email="keine-adresse")
    assert "contact_email" in errors_of(exc)
    assert not SiteDetails.objects.exists()
