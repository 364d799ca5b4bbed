"""The wave's CSV and XLSX exports carry stored text as text: no formulas, no broken files."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vereinsforum.needs.tests.conftest import fill
from vereinsforum.organisations.models import Organisation
from vereinsforum.testing import factories

FORMULA = '=HYPERLINK("http://x","y")'
NEEDS = [[2, 3, 1, 5, 4, 1, 2]] * 5


@pytest.fixture
def with_name(wave, association):
    """fill the wave; `association` carries the given name, written past every form."""

    def make(name: str):
        Organisation.objects.filter(pk=association.pk).update(name=name)
        association.refresh_from_db()
        orgs = [association] + [factories.OrganisationFactory() for _ in range(4)]
        fill(wave, NEEDS, organisations=orgs)

    return make


def _xlsx_cells(client, wave, name_column=1):
    response = client.get(reverse("needs:export", args=[wave.pk, "antworten", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[name_column - 1] for row in sheet.iter_rows(min_row=2)], sheet


def _csv_rows(client, wave):
    response = client.get(reverse("needs:export", args=[wave.pk, "antworten", "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_formula_as_association_name_is_a_text_cell_in_the_xlsx(
    client, coordinator, wave, with_name
):
    with_name(FORMULA)
    client.force_login(coordinator)
    cells, sheet = _xlsx_cells(client, wave)
    formula_cells = [c for c in cells if c.value == FORMULA]
    assert len(formula_cells) == 7  # one row per field
    assert all(c.data_type == "s" for c in formula_cells)
    # numbers stay numbers: the members column and the need intensity
    row = formula_cells[0].row
    need_column = 12
    assert sheet.cell(row, need_column).data_type == "n"
    assert isinstance(sheet.cell(row, need_column).value, int)


def test_a_formula_as_association_name_is_neutralised_in_the_csv(
    client, coordinator, wave, with_name
):
    with_name(FORMULA)
    client.force_login(coordinator)
    rows = _csv_rows(client, wave)
    names = [r[0] for r in rows[1:]]
    assert names.count("'" + FORMULA) == 7
    assert FORMULA not in names


def test_control_characters_in_a_stored_name_do_not_break_the_exports(
    client, coordinator, wave, with_name
):
    with_name("Anadolu\x0b\x01 e.V.")
    client.force_login(coordinator)
    cells, _sheet = _xlsx_cells(client, wave)
    assert sum(c.value == "Anadolu e.V." for c in cells) == 7
    names = [r[0] for r in _csv_rows(client, wave)[1:]]
    assert names.count("Anadolu e.V.") == 7
