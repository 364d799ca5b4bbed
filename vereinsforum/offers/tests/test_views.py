"""The pages: who reaches them, what they show whom, and that the figures are right."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from vereinsforum.offers import services
from vereinsforum.offers.models import CoverageRun, Offer

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _name(field) -> str:
    with translation.override("en"):
        return str(field)


def _post_offer(client, fields, **extra):
    data = {
        "field": fields[0].pk,
        "title": "Sprechstunde Buchhaltung",
        "capacity": 3,
        "citywide": "on",
        "active": "on",
        **extra,
    }
    return client.post(reverse("offers:create"), data)


def test_a_service_provider_records_an_offer_for_its_own_service_only(
    client, service_provider, welfare_service, other_service, fields, programme
):
    _login(client, service_provider)
    # A posted organisation is not even a field of the provider's form.
    response = _post_offer(client, fields, organisation=other_service.pk)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.organisation == welfare_service
    page = client.get(reverse("offers:list")).content.decode()
    assert "Sprechstunde Buchhaltung" in page and reverse("offers:edit", args=[offer.pk]) in page


def test_staff_record_offers_for_any_service(client, team_member, other_service, fields, programme):
    _login(client, team_member)
    response = _post_offer(client, fields, organisation=other_service.pk)
    assert response.status_code == 302
    assert Offer.objects.get().organisation == other_service


def test_another_service_reads_but_cannot_edit_your_offer(
    client, other_provider, service_provider, coordinator, welfare_service, fields, programme
):
    offer = services.offer_create(
        actor=coordinator,
        organisation=welfare_service,
        field=fields[0],
        title="Vereinsberatung",
        capacity=2,
        citywide=True,
    )
    _login(client, other_provider)
    page = client.get(reverse("offers:list")).content.decode()
    assert "Vereinsberatung" in page
    assert reverse("offers:edit", args=[offer.pk]) not in page
    url = reverse("offers:edit", args=[offer.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"field": fields[0].pk, "title": "Übernommen", "capacity": 9})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.title == "Vereinsberatung"
    # The own service's provider may.
    _login(client, service_provider)
    response = client.post(
        url, {"field": fields[1].pk, "title": "Neu", "capacity": 4, "citywide": "on"}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.capacity, offer.field, offer.active) == ("Neu", 4, fields[1], False)


@pytest.mark.parametrize("who", ["representative", "interviewer", "outsider"])
def test_associations_and_interviewers_do_not_reach_the_offers(client, request, who, programme):
    _login(client, request.getfixturevalue(who))
    for name in ("offers:list", "offers:create", "offers:coverage"):
        assert client.get(reverse(name)).status_code == 403


def test_the_public_is_sent_to_log_in(client, programme):
    response = client.get(reverse("offers:coverage"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def _computed(client, coordinator):
    _login(client, coordinator)
    response = client.post(reverse("offers:coverage_compute"))
    assert response.status_code == 302
    return CoverageRun.objects.get()


def _cells(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_the_coordinator_sees_the_matrix_with_figures_from_an_independent_count(
    client, coordinator, answered, offers, associations, fields
):
    from vereinsforum.offers.tests.conftest import NEEDS

    run = _computed(client, coordinator)
    html = client.get(reverse("offers:coverage")).content.decode()
    levels = _cells(html, "coverage-levels")
    assert levels[0][1:5] == ["Need 5", "Need 4", "Need 3", "Need 2"]
    by_field = {row[0]: row for row in levels[1:]}
    # Needs per level counted straight from the fixture's table, met ones by hand.
    first = by_field[_name(fields[0])]
    assert first[1:6] == ["2 of 2", "1 of 1", "0 of 1", "0 of 1", "2"]
    for j, field in enumerate(fields):
        column = [row[j] for row in NEEDS]
        cells = by_field[_name(field)][1:5]
        for level, cell in zip((5, 4, 3, 2), cells, strict=True):
            count = column.count(level)
            assert cell == "–" if not count else cell.endswith(f"of {count}")
    matrix = _cells(html, "coverage-matrix")
    rows = {row[0]: row[1:] for row in matrix[1:]}
    assert set(rows) == {o.name for o in associations}
    assert rows[associations[0].name][0] == "need 5: Migrationsdienst AWO · language · district"
    assert rows[associations[4].name][0] == "need 5: Diakonie · district"
    assert rows[associations[2].name][0] == "need 3: not met"
    assert rows[associations[5].name][0] == "–"  # need 1: no need
    assert run.rows.count() == 20


def test_team_members_and_services_see_aggregates_without_names(
    client, coordinator, team_member, service_provider, answered, offers, associations
):
    _computed(client, coordinator)
    for user in (team_member, service_provider):
        _login(client, user)
        html = client.get(reverse("offers:coverage")).content.decode()
        assert 'id="coverage-levels"' in html
        assert 'id="coverage-matrix"' not in html
        assert not any(o.name in html for o in associations)
    # The service sees how its own offers are used.
    assert "Projektberatung auf Türkisch" in html and "2 of 2 cases" in html
    assert "Pressearbeit auf Russisch" in html and "1 of 1 cases" in html
    # Only staff compute and plan measures.
    assert reverse("offers:coverage_compute") not in html
    assert client.post(reverse("offers:coverage_compute")).status_code == 403


def test_below_five_associations_non_coordinators_see_no_figures(
    client, coordinator, team_member, wave, associations, offers
):
    from vereinsforum.needs.tests.conftest import fill

    fill(wave, [[5, 5, 5, 5, 5, 5, 5]] * 3, organisations=associations[:3], validator=coordinator)
    _computed(client, coordinator)
    _login(client, team_member)
    html = client.get(reverse("offers:coverage")).content.decode()
    assert 'id="coverage-levels"' not in html and "at least 5 associations" in html
    assert client.get(reverse("offers:coverage_export", args=["csv"])).status_code == 404


def test_the_measure_button_plans_a_measure_once(client, coordinator, answered, offers, fields):
    run = _computed(client, coordinator)
    url = reverse("offers:coverage_measure", args=[run.pk, fields[2].pk])
    html = client.get(reverse("offers:coverage")).content.decode()
    assert url in html
    assert client.post(url).status_code == 302
    measure = run.rows.filter(field=fields[2]).first().measure
    assert measure is not None and list(measure.fields.all()) == [fields[2]]
    html = client.get(reverse("offers:coverage")).content.decode()
    assert url not in html and "measure planned" in html
    assert reverse("measures:detail", args=[measure.pk]) in html
    client.post(url)
    assert run.rows.exclude(measure=None).values("measure").distinct().count() == 1


def test_exports_hold_the_same_figures(client, coordinator, team_member, answered, offers, fields):
    _computed(client, coordinator)
    response = client.get(reverse("offers:coverage_export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    lines = [line.split(";") for line in text.strip().splitlines()]
    first = next(line for line in lines if line[0] == _name(fields[0]))
    # Need 5: 2 needs, 2 met; need 4: 1, 1; need 3: 1, 0; need 2: 1, 0; totals 5, 3, 2.
    assert first[1:12] == ["2", "2", "1", "1", "1", "0", "1", "0", "5", "3", "2"]
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("offers:coverage_export", args=["xlsx"])).content)
    )
    assert len(workbook.sheetnames) == 2
    needs = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert len(needs) == 1 + 20
    _login(client, team_member)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("offers:coverage_export", args=["xlsx"])).content)
    )
    assert len(workbook.sheetnames) == 1  # no association one by one
    assert client.get(reverse("offers:coverage_export", args=["pdf"])).status_code == 404
