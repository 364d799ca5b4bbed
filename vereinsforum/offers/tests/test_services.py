"""Offers and coverage runs through their services: permissions, checks, audit, results."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vereinsforum.audit.models import AuditEntry
from vereinsforum.measures.models import MeasureKind, MeasureStatus
from vereinsforum.offers import services
from vereinsforum.offers.coverage import coverage_input, is_current, level_table
from vereinsforum.offers.matching import match
from vereinsforum.offers.models import CoverageRow, Offer
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def _offer(actor, organisation, field, **extra):
    values = {"title": "Beratung", "capacity": 2, "citywide": True, **extra}
    return services.offer_create(actor=actor, organisation=organisation, field=field, **values)


def test_a_service_provider_records_and_changes_its_own_offers(
    service_provider, welfare_service, fields, languages
):
    offer = _offer(service_provider, welfare_service, fields[0], languages=[languages["tr"]])
    assert offer.organisation == welfare_service
    entry = AuditEntry.objects.get(action="offer.create")
    assert entry.changes["capacity"] == [None, 2]
    assert entry.changes["languages"] == [[], ["tr"]]

    services.offer_update(
        actor=service_provider,
        offer=offer,
        field=fields[1],
        title="Beratung Öffentlichkeitsarbeit",
        capacity=3,
        languages=[languages["tr"], languages["ru"]],
        citywide=False,
        districts=["Elberfeld"],
        description="",
        active=True,
    )
    offer.refresh_from_db()
    assert (offer.field, offer.capacity, offer.districts) == (fields[1], 3, ["Elberfeld"])
    entry = AuditEntry.objects.get(action="offer.update")
    assert entry.changes["capacity"] == [2, 3]
    assert entry.changes["languages"] == [["tr"], ["ru", "tr"]]


def test_another_services_provider_cannot_record_or_change_your_offers(
    other_provider, welfare_service, coordinator, fields
):
    with pytest.raises(PermissionDenied):
        _offer(other_provider, welfare_service, fields[0])
    offer = _offer(coordinator, welfare_service, fields[0])
    with pytest.raises(PermissionDenied):
        services.offer_update(
            actor=other_provider,
            offer=offer,
            field=fields[0],
            title="Übernommen",
            capacity=9,
            languages=[],
            citywide=True,
            districts=[],
            description="",
            active=True,
        )
    offer.refresh_from_db()
    assert offer.title == "Beratung" and offer.capacity == 2


@pytest.mark.parametrize("who", ["representative", "interviewer"])
def test_no_one_outside_staff_and_the_service_records_offers(request, who, welfare_service, fields):
    with pytest.raises(PermissionDenied):
        _offer(request.getfixturevalue(who), welfare_service, fields[0])
    assert not Offer.objects.exists()


def test_offers_are_made_by_welfare_services_for_known_districts(
    coordinator, association, welfare_service, fields
):
    with pytest.raises(ValidationError) as exc:
        _offer(coordinator, association, fields[0])
    assert "organisation" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _offer(coordinator, welfare_service, fields[0], citywide=False, districts=["Atlantis"])
    assert "districts" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _offer(coordinator, welfare_service, fields[0], citywide=False, districts=[])
    assert "districts" in exc.value.error_dict
    with pytest.raises(ValidationError):
        _offer(coordinator, welfare_service, fields[0], capacity=0)
    # The whole city covers every district: a list besides it is dropped.
    offer = _offer(coordinator, welfare_service, fields[0], districts=["Elberfeld"])
    assert offer.districts == []
    assert Offer.objects.count() == 1


def test_coverage_meets_the_highest_needs_with_the_best_fit(
    coordinator, answered, associations, offers, fields
):
    run = services.coverage_compute(actor=coordinator, programme=fields[0].programme)
    met = {(r.organisation_id, r.field_id): r.offer_id for r in CoverageRow.objects.filter(run=run)}
    a = [o.pk for o in associations]
    awo_tr, diakonie, awo_ru = (o.pk for o in offers)
    # Hand-computed (see conftest.NEEDS): field 1 has five needs and three cases; the two
    # Turkish-speaking associations in Elberfeld with need 5 and 4 get the Turkish offer for
    # Elberfeld, the Russian-speaking one with need 5 the citywide offer.
    assert {k: v for k, v in met.items() if k[1] == fields[0].pk} == {
        (a[0], fields[0].pk): awo_tr,
        (a[1], fields[0].pk): awo_tr,
        (a[2], fields[0].pk): None,
        (a[3], fields[0].pk): None,
        (a[4], fields[0].pk): diakonie,
    }
    # Field 2: one case, for the need of 5 (although it fits neither language nor district).
    assert {k: v for k, v in met.items() if v == awo_ru} == {(a[2], fields[1].pk): awo_ru}
    assert len(met) == 20 and sum(v is not None for v in met.values()) == 4
    row = CoverageRow.objects.get(run=run, organisation=associations[0], field=fields[0])
    assert row.shared_language and row.district_served and row.benefit == 4 * 100 + 3
    entry = AuditEntry.objects.get(action="coverage.compute")
    assert entry.changes["needs"] == [None, 20] and entry.changes["covered"] == [None, 4]
    assert is_current(run)
    # SQLite does not enforce a column's length; PostgreSQL refused a longer digest.
    assert len(run.input_digest) <= run._meta.get_field("input_digest").max_length


def test_a_run_equals_the_pure_matching_and_goes_out_of_date_when_an_offer_changes(
    coordinator, answered, offers, fields
):
    programme = fields[0].programme
    run = services.coverage_compute(actor=coordinator, programme=programme)
    data = coverage_input(programme)
    expected = {
        (m.need.organisation_id, m.need.field_id, m.need.level, m.offer_id)
        for m in match(data.needs, data.offers)
    }
    stored = set(
        CoverageRow.objects.filter(run=run).values_list(
            "organisation_id", "field_id", "need", "offer_id"
        )
    )
    assert stored == expected
    services.offer_update(
        actor=coordinator,
        offer=offers[1],
        field=offers[1].field,
        title=offers[1].title,
        capacity=5,
        languages=[],
        citywide=True,
        districts=[],
        description="",
        active=True,
    )
    assert not is_current(run)
    again = services.coverage_compute(actor=coordinator, programme=programme)
    assert again.rows.covered().count() == 6  # field 1: all five needs now


def test_computing_twice_gives_the_same_result(coordinator, answered, offers, fields):
    programme = fields[0].programme
    runs = [services.coverage_compute(actor=coordinator, programme=programme) for _ in range(2)]
    results = [
        list(
            r.rows.order_by("organisation_id", "field_id").values_list(
                "organisation_id", "field_id", "offer_id"
            )
        )
        for r in runs
    ]
    assert results[0] == results[1]


def test_the_level_table_counts_as_an_independent_count(coordinator, answered, offers, fields):
    run = services.coverage_compute(actor=coordinator, programme=fields[0].programme)
    lines = {line.field.position: line for line in level_table(run)}
    # Counted straight from conftest.NEEDS and the hand-computed matching above.
    from vereinsforum.offers.tests.conftest import NEEDS

    for position in range(1, 8):
        column = [row[position - 1] for row in NEEDS]
        for level in (2, 3, 4, 5):
            assert lines[position].cells[level].total == column.count(level)
    assert {lvl: c.covered for lvl, c in lines[1].cells.items()} == {5: 2, 4: 1, 3: 0, 2: 0}
    assert {lvl: c.covered for lvl, c in lines[2].cells.items()} == {5: 1, 4: 0, 3: 0, 2: 0}
    assert [(o.title, n) for o, n in lines[1].offers] == [
        ("Projektberatung auf Türkisch", 2),
        ("Projektsprechstunde", 1),
    ]
    assert lines[1].total.uncovered == 2 and lines[3].total.uncovered == 3
    assert lines[6].total.total == 0


def test_without_complete_interviews_there_is_nothing_to_compute(coordinator, wave, offers, fields):
    with pytest.raises(ValidationError):
        services.coverage_compute(actor=coordinator, programme=fields[0].programme)


@pytest.mark.parametrize("who", ["service_provider", "representative"])
def test_only_staff_compute_the_coverage(request, who, answered, offers, fields):
    with pytest.raises(PermissionDenied):
        services.coverage_compute(actor=request.getfixturevalue(who), programme=fields[0].programme)


def test_uncovered_needs_become_one_measure_per_field(
    team_member, coordinator, answered, offers, fields, associations
):
    run = services.coverage_compute(actor=coordinator, programme=fields[0].programme)
    measure = services.coverage_measure_create(actor=team_member, run=run, field=fields[0])
    assert measure.kind == MeasureKind.COUNSELLING and measure.status == MeasureStatus.IDEA
    assert list(measure.fields.all()) == [fields[0]]
    assert measure.programme == fields[0].programme
    assert "2" in measure.description
    assert not any(o.name in measure.description for o in associations)
    assert set(run.rows.filter(measure=measure).values_list("need", flat=True)) == {3, 2}
    assert AuditEntry.objects.filter(action="measure.create_for_gap").count() == 1
    assert AuditEntry.objects.filter(action="measure.create").count() == 1
    with pytest.raises(ValidationError):
        services.coverage_measure_create(actor=team_member, run=run, field=fields[0])
    with pytest.raises(PermissionDenied):
        services.coverage_measure_create(
            actor=factories.UserFactory(role="interviewer"), run=run, field=fields[2]
        )
    # A field whose needs are all met has nothing to plan.
    with pytest.raises(ValidationError):
        services.coverage_measure_create(actor=team_member, run=run, field=fields[5])
