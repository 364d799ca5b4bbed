"""The import itself: what a file creates, merges and skips, its errors, idempotence and
atomicity. Counts are checked against hand-counted rows of the files."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.models import Affiliation, Organisation, Person
from vereinsforum.testing.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from vereinsforum.transfer.mapping import guess_mapping
from vereinsforum.transfer.models import ImportRun
from vereinsforum.transfer.reading import read_table
from vereinsforum.transfer.services import ImportFailed, import_apply, import_rows
from vereinsforum.transfer.tests.helpers import HEADER, ROWS, counts, csv_bytes, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(actor, content, *, decisions=None, dry_run=False, mapping=None):
    table = read_table(content)
    mapping = mapping or guess_mapping(table.header)
    if dry_run:
        return import_rows(
            actor=actor, table=table, mapping=mapping, decisions=decisions, dry_run=True
        )
    return import_apply(
        actor=actor, table=table, mapping=mapping, decisions=decisions, digest="d" * 64
    )[1]


def test_a_new_file_creates_organisations_contacts_and_roles(coordinator):
    result = run(coordinator, csv_bytes())
    # Rows 2 and 3 are one association (same register number, "e. V." and "e.V.").
    assert result.counts["organisations_created"] == 2
    assert result.counts["people_created"] == 2
    anadolu = Organisation.objects.get(register_number="VR 1234")
    assert anadolu.name == "Anadolu Kulturverein e. V."  # the first row's spelling
    assert (anadolu.street, anadolu.postcode, anadolu.kind) == (
        "Hauptstraße 1",
        "42103",
        "association",
    )
    roles = {
        (a.person.first_name, a.person.last_name, a.role)
        for a in Affiliation.objects.filter(organisation=anadolu).select_related("person")
    }
    assert roles == {("Ayşe", "Yılmaz", "chair"), ("Mehmet", "Öztürk", "treasurer")}
    assert Person.objects.get(last_name="Yılmaz").email == "ayse@example.org"
    centro = Organisation.objects.get(name="Centro Español")
    assert centro.affiliations.count() == 0  # a row without a contact adds nobody
    # Through the services: their audit entries, and one for the import.
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == sorted(
        ["organisation.create"] * 2
        + ["person.create"] * 2
        + ["affiliation.add"] * 2
        + ["import.apply"]
    )
    entry = AuditEntry.objects.get(action="import.apply")
    assert entry.changes["organisations_created"] == [None, 2]
    assert ImportRun.objects.get().counts["people_created"] == 2


def test_dry_run_reports_the_same_and_writes_nothing(coordinator):
    before, rows = counts(), snapshot()
    preview = run(coordinator, csv_bytes(), dry_run=True)
    assert counts() == before and snapshot() == rows
    assert preview.ok
    applied = run(coordinator, csv_bytes())
    assert preview.counts == applied.counts


def test_reimporting_the_same_file_changes_nothing(coordinator):
    run(coordinator, csv_bytes())
    before, rows = counts(), snapshot()
    again = run(coordinator, csv_bytes())
    assert again.counts["organisations_created"] == 0
    assert again.counts["organisations_updated"] == 0
    assert again.counts["organisations_unchanged"] == 2
    assert again.counts["people_created"] == again.counts["people_updated"] == 0
    assert again.counts["roles_added"] == 0
    assert snapshot() == rows
    # Only the import's own entry is new.
    assert counts() == {**before, "audit": before["audit"] + 1}


def test_the_same_file_as_xlsx_and_cp1252_is_the_same_import(coordinator):
    from vereinsforum.transfer.tests.helpers import xlsx_bytes

    run(
        coordinator,
        csv_bytes(
            encoding="cp1252",
            rows=[r for r in ROWS if "ş" not in "".join(r) and "ı" not in "".join(r)],
        ),
    )
    rows = snapshot()
    again = run(
        coordinator,
        xlsx_bytes(rows=[r for r in ROWS if "ş" not in "".join(r) and "ı" not in "".join(r)]),
    )
    assert again.counts["organisations_created"] == again.counts["people_created"] == 0
    assert snapshot() == rows


def test_an_error_in_the_last_row_imports_nothing(coordinator):
    rows = [*ROWS, ["Neuer Verein", "", "", "", "Lea", "Klein", "Vorsitz", "not-an-address"]]
    before, saved = counts(), snapshot()
    with pytest.raises(ImportFailed) as failed:
        run(coordinator, csv_bytes(rows=rows))
    assert counts() == before and snapshot() == saved
    errors = failed.value.result.errors
    assert [(e.line, e.column) for e in errors] == [(5, "E-Mail")]
    assert str(errors[0]).startswith("Row 5, column “E-Mail”: ")
    assert "valid email" in str(errors[0])


def test_row_errors_name_row_and_column_and_the_preview_checks_every_row(coordinator):
    header = [*HEADER, "Gründungsjahr", "Art"]
    rows = [
        ["", "", "", "", "", "", "", "", "", ""],  # blank: ignored
        ["Verein A", "", "", "", "", "", "", "", "1750", ""],  # the model's range
        ["Verein B", "", "", "", "", "", "", "", "neunzehn", ""],
        ["Verein C", "", "", "", "Ali", "Kaya", "Kaiser", "", "", ""],
        ["Verein D", "", "", "", "", "", "", "", "", "Raumschiff"],
        ["", "VR 5", "", "", "", "", "", "", "", ""],
        ["Verein E", "", "", "", "", "", "", "", "", "Wohlfahrtsverband"],
    ]
    before = counts()
    result = run(coordinator, csv_bytes(header, rows), dry_run=True)
    found = [(e.line, e.column) for e in result.errors]
    assert found == [
        (3, "Gründungsjahr"),
        (4, "Gründungsjahr"),
        (5, "Funktion"),
        (6, "Art"),
        (7, "Verein"),
    ]
    assert "between 1800 and 2100" in str(result.errors[0]) or "after 1800" in str(result.errors[0])
    assert result.counts["organisations_created"] == 1  # Verein E, the only good row
    assert counts() == before


def test_duplicate_in_the_database_merge_fills_empty_fields(coordinator):
    saved = OrganisationFactory(
        name="ANADOLU KULTURVEREIN e.V.", street="", postcode="42105", register_number=""
    )
    result = run(coordinator, csv_bytes(rows=ROWS[:1]))
    saved.refresh_from_db()
    assert result.counts["organisations_created"] == 0
    assert result.counts["organisations_updated"] == 1
    assert saved.street == "Hauptstraße 1"  # was empty: filled
    assert saved.postcode == "42105"  # was set: kept
    assert saved.register_number == "VR 1234"
    assert saved.name == "ANADOLU KULTURVEREIN e.V."
    assert saved.affiliations.get().person.last_name == "Yılmaz"
    assert Organisation.objects.count() == 1


def test_duplicate_found_by_register_number_with_another_spelling(coordinator):
    saved = OrganisationFactory(name="Türkisch-Anatolischer Kulturverein", register_number="vr1234")
    result = run(coordinator, csv_bytes(rows=ROWS[:2]))
    assert result.counts["organisations_created"] == 0
    assert [g.existing.pk for g in result.groups] == [saved.pk]
    assert saved.affiliations.count() == 2


def test_duplicate_update_replaces_and_skip_leaves_alone(coordinator):
    saved = OrganisationFactory(name="Anadolu Kulturverein", postcode="42105", register_number="")
    key = "r:VR1234"
    before, rows = counts(), snapshot()
    skipped = run(coordinator, csv_bytes(rows=ROWS[:2]), decisions={key: "skip"})
    assert skipped.counts["organisations_skipped"] == 1
    assert skipped.counts["rows_skipped"] == 2
    assert skipped.counts["people_created"] == 0
    assert snapshot() == rows
    assert counts() == {**before, "audit": before["audit"] + 1}
    updated = run(coordinator, csv_bytes(rows=ROWS[:2]), decisions={key: "update"})
    saved.refresh_from_db()
    assert updated.counts["organisations_updated"] == 1
    assert saved.postcode == "42103"  # replaced
    assert saved.name == "Anadolu Kulturverein e. V."


def test_duplicate_rows_within_the_file_skip_keeps_the_first(coordinator):
    result = run(coordinator, csv_bytes(rows=ROWS[:2]), decisions={"r:VR1234": "skip"})
    assert result.counts["organisations_created"] == 1
    assert result.counts["rows_skipped"] == 1
    org = Organisation.objects.get()
    assert [a.person.last_name for a in org.affiliations.all()] == ["Yılmaz"]


def test_a_known_contact_is_not_created_twice(coordinator):
    org = OrganisationFactory(name="Anadolu Kulturverein e.V.", register_number="VR 1234")
    person = PersonFactory(first_name="Ayşe", last_name="Yılmaz", email="", phone="")
    AffiliationFactory(person=person, organisation=org, role="contact")
    result = run(coordinator, csv_bytes(rows=ROWS[:1]))
    person.refresh_from_db()
    assert Person.objects.filter(last_name="Yılmaz").count() == 1
    assert person.email == "ayse@example.org"  # empty: filled
    assert set(person.affiliations.values_list("role", flat=True)) == {"contact", "chair"}
    assert result.counts["people_updated"] == 1 and result.counts["roles_added"] == 1


def test_erased_people_are_never_matched_again(coordinator):
    org = OrganisationFactory(name="Anadolu Kulturverein e.V.", register_number="VR 1234")
    from vereinsforum.organisations.services import person_pseudonymise

    person = PersonFactory(first_name="Ayşe", last_name="Yılmaz", email="ayse@example.org")
    AffiliationFactory(person=person, organisation=org, role="chair")
    person_pseudonymise(actor=coordinator, person=person)
    result = run(coordinator, csv_bytes(rows=ROWS[:1]))
    assert result.counts["people_created"] == 1
    person.refresh_from_db()
    assert person.email == ""


def test_a_name_matching_two_saved_organisations_is_an_error(coordinator):
    OrganisationFactory(name="Anadolu Kulturverein e.V.")
    OrganisationFactory(name="anadolu kulturverein", city="Solingen")
    result = run(
        coordinator,
        csv_bytes(rows=ROWS[2:] + [["Anadolu Kulturverein", "", "", "", "", "", "", ""]]),
        dry_run=True,
    )
    assert [e.line for e in result.errors] == [3]
    assert "several" in str(result.errors[0])


def test_mapping_needs_the_name_and_both_names_of_contacts(coordinator):
    table = read_table(csv_bytes())
    with pytest.raises(ValidationError, match="organisation's name"):
        import_rows(actor=coordinator, table=table, mapping=[""] * 8, dry_run=True)
    mapping = guess_mapping(table.header)
    mapping[4] = ""  # no first name
    with pytest.raises(ValidationError, match="first and the last name"):
        import_rows(actor=coordinator, table=table, mapping=mapping, dry_run=True)
    mapping = guess_mapping(table.header)
    mapping[1] = "name"
    with pytest.raises(ValidationError, match="one column only"):
        import_rows(actor=coordinator, table=table, mapping=mapping, dry_run=True)


def test_a_changed_mapping_imports_other_fields(coordinator):
    """The user maps "Straße" to the district instead and leaves the e-mail out."""
    table = read_table(csv_bytes(rows=ROWS[2:]))
    mapping = guess_mapping(table.header)
    mapping[2] = "district"
    mapping[7] = ""
    import_apply(actor=coordinator, table=table, mapping=mapping, decisions={}, digest="x" * 64)
    centro = Organisation.objects.get()
    assert (centro.street, centro.district) == ("", "Wall 3")


def test_one_person_in_two_rows_is_one_contact_with_two_roles(coordinator):
    rows = [
        ["Anadolu e.V.", "", "", "", "Ayşe", "Yılmaz", "Vorsitzende", ""],
        ["ANADOLU e. V.", "", "", "", "Ayşe", "Yılmaz", "Delegierte/r", ""],
    ]
    result = run(coordinator, csv_bytes(rows=rows))
    assert result.counts["people_created"] == 1 and result.counts["roles_added"] == 1
    person = Person.objects.get(last_name="Yılmaz")
    assert sorted(person.affiliations.values_list("role", flat=True)) == ["chair", "delegate"]


def test_unreadable_rows_are_listed_with_the_preview(coordinator):
    rows = [ROWS[2], ["Verein X", "", "", "", "A", "B", "Kaiser", ""]]
    result = run(coordinator, csv_bytes(rows=rows), dry_run=True)
    assert [r.line for r in result.invalid] == [3]
    assert [g.name for g in result.groups] == ["Centro Español"]
