"""Reading uploads: encodings, binary garbage, malformed tables, size, XLSX."""

import pytest
from django.utils import translation

from vereinsforum.transfer.mapping import guess_mapping, name_key, register_key, role_value
from vereinsforum.transfer.reading import MAX_BYTES, TableError, read_table
from vereinsforum.transfer.tests.helpers import HEADER, ROWS, csv_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_utf8_cp1252_and_bom_read_the_same_text():
    rows = [
        ["Türkischer Elternverein Öffnung e.V.", "VR 9", "Straße 1", "42", "Jürgen", "Weiß", "", ""]
    ]
    utf8 = read_table(csv_bytes(rows=rows))
    bom = read_table(csv_bytes(rows=rows, bom=True))
    cp1252 = read_table(csv_bytes(rows=rows, encoding="cp1252"))
    assert (utf8.source, bom.source, cp1252.source) == ("UTF-8", "UTF-8 with BOM", "Windows-1252")
    for table in (utf8, bom, cp1252):
        assert table.header == HEADER  # the BOM is not part of the first heading
        assert table.rows == [(2, rows[0])]


def test_utf16_from_excel_unicode_text():
    table = read_table(csv_bytes(rows=ROWS[:1], encoding="utf-16", delimiter="\t"))
    assert table.rows[0][1][:2] == ["Anadolu Kulturverein e. V.", "VR 1234"]


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 10,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"%PDF-1.4\n\x00\x01\x02\xff\xfe",
        b"Name;Ort\nA\x00B;C\n",
    ],
)
def test_binary_garbage_is_refused(content):
    with pytest.raises(TableError, match="binary data"):
        read_table(content)


def test_a_zip_that_is_no_workbook_is_refused():
    with pytest.raises(TableError, match="cannot be opened"):
        read_table(b"PK\x03\x04" + b"garbage" * 50)


def test_malformed_rows_name_their_line():
    with pytest.raises(TableError, match="Row 3 has more cells"):
        read_table(b"Name;Ort\nA;B\nC;D;E;F\n")
    with pytest.raises(TableError, match="Line 2"):
        read_table(b'Name;Ort\n"A;B\n')  # an open quote runs to the end of the file


@pytest.mark.parametrize(
    "content,message",
    [(b"", "empty"), (b"  \r\n", "empty"), (b"Name;Ort\n", "no data rows")],
)
def test_empty_files(content, message):
    with pytest.raises(TableError, match=message):
        read_table(content)


def test_size_limit():
    with pytest.raises(TableError, match="larger than"):
        read_table(b"Name\n" + b"x" * MAX_BYTES)


def test_delimiter_is_found():
    table = read_table(b'Name,Ort\n"Verein, Wuppertal",Elberfeld\n')
    assert table.rows == [(2, ["Verein, Wuppertal", "Elberfeld"])]


def test_xlsx_reads_the_first_sheet_as_text():
    rows = [["Anadolu e.V.", "VR 1", "", "42103", "", "", "", "=1+1"]]
    table = read_table(xlsx_bytes(rows=rows))
    assert table.source == "XLSX"
    assert table.header == HEADER
    # A cell the file holds as a formula is never evaluated: openpyxl reads its text back.
    assert table.rows[0][1][:2] == ["Anadolu e.V.", "VR 1"]


def test_mapping_guess_from_german_and_english_headers():
    assert guess_mapping(HEADER) == [
        "name",
        "register_number",
        "street",
        "postcode",
        "first_name",
        "last_name",
        "role",
        "person_email",
    ]
    assert guess_mapping(
        [
            "Organisation",
            "Register number",
            "Zip",
            "City",
            "First name",
            "Surname",
            "Contact e-mail",
            "Notes",
        ]
    ) == [
        "name",
        "register_number",
        "postcode",
        "city",
        "first_name",
        "last_name",
        "person_email",
        "",
    ]
    # Each target once: the second "E-Mail" column is left for the user to decide.
    assert guess_mapping(["Name", "E-Mail", "Mail"]) == ["name", "email", ""]


@pytest.mark.parametrize(
    "a,b",
    [
        ("Anadolu e.V.", "ANADOLU  e. V."),
        ("Anadolu e.V.", "Anadolu eV"),
        ("Anadolu e.V.", " anadolu "),
        ("Verein der Eltern e. V.", "Verein  der eltern"),
    ],
)
def test_name_key_ignores_case_spacing_and_ev(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart():
    assert name_key("Anadolu e.V.") != name_key("Anadolu Jugend e.V.")
    assert name_key("Eva e.V.") != name_key("E.V.")  # "ev" inside a word is no suffix


def test_register_key():
    assert register_key("VR 1234") == register_key("vr1234") == register_key("VR-1234") == "VR1234"


def test_role_values_in_german_and_english():
    assert role_value("Vorsitzende") == "chair"
    assert role_value("Chair") == "chair"
    assert role_value("Kassierer") == "treasurer"
    assert role_value("2. Vorsitzender") == "vice_chair"
    assert role_value("Präsident des Mondes") is None


def test_a_plain_email_column_before_the_contact_is_the_organisations():
    assert guess_mapping(["Verein", "E-Mail", "Vorname", "Nachname", "Telefon"]) == [
        "name",
        "email",
        "first_name",
        "last_name",
        "person_phone",
    ]
