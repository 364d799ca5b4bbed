"""The traceability page of a field: who may read it, and that each link of the chain
states what the rows say (counted here by hand from trace_world.py)."""

from __future__ import annotations

import re
from unittest import mock

import numpy as np
import pytest
from django.urls import reverse

from vereinsforum.measures.models import Measure
from vereinsforum.measures.tests import trace_world
from vereinsforum.measures.tests.trace_world import AFTER, BEFORE, REACHED, build
from vereinsforum.measures.traceability import field_trace, reach
from vereinsforum.needs import evaluation as evaluation_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(programme, coordinator, association):
    return build(programme, coordinator, enrolled=[association])


def _text(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _url(world) -> str:
    return reverse("measures:trace", args=[world.field.pk])


def test_reach_counts_people_and_associations_checked_in(world):
    r = reach([world.training])
    assert r.events_held == 2
    assert r.participants == len(REACHED) + 1
    assert r.attendances == len(REACHED) + 1
    assert r.organisation_ids == {world.orgs[i].pk for i in REACHED}


def test_the_chain_as_a_coordinator_sees_it(world):
    trace = field_trace(world.field, measures=Measure.objects.all(), privileged=True, names=True)
    # Need: the latest wave, all seven associations.
    assert trace.need.wave.title == "Folgebefragung 2008"
    assert trace.need.n == 7
    assert trace.need.share_high == pytest.approx(sum(v >= 4 for v in AFTER) / 7)
    assert trace.need.median == float(np.median(AFTER))
    assert 1 <= trace.need.rank <= trace.need.fields
    # Priority: the counted poll put the field first.
    assert (trace.priority.poll, trace.priority.rank, trace.priority.options) == (world.poll, 1, 3)
    # Measures: the idea is no measure yet.
    assert [r.measure for r in trace.measures] == [world.training, world.group]
    training = trace.measures[0]
    assert [e.title for e in training.events_held] == ["Buchhaltung Teil 1", "Buchhaltung Teil 2"]
    assert [e.title for e in training.events_planned] == ["Buchhaltung Teil 3"]
    # Change: the field over all, and the six associations reached.
    assert trace.change.share_before == pytest.approx(sum(v >= 4 for v in BEFORE) / 7)
    assert trace.change.share_after == pytest.approx(sum(v >= 4 for v in AFTER) / 7)
    before = [BEFORE[i] for i in REACHED]
    after = [AFTER[i] for i in REACHED]
    assert trace.reached_change.n == len(REACHED)
    assert trace.reached_change.share_before == pytest.approx(sum(v >= 4 for v in before) / 6)
    assert trace.reached_change.share_after == pytest.approx(sum(v >= 4 for v in after) / 6)
    assert trace.reached_change.mean_before == pytest.approx(sum(before) / 6)
    assert trace.reached_change.mean_after == pytest.approx(sum(after) / 6)
    assert [row[1:] for row in trace.reached_change.rows] == list(zip(before, after, strict=True))
    assert trace.associations == sorted(world.orgs[i].name for i in REACHED)


def test_the_page_for_a_coordinator(client, coordinator, world):
    client.force_login(coordinator)
    text = _text(client.get(_url(world)))
    assert "Grundlagenschulung Vereinsbuchhaltung" in text
    assert "Arbeitsgruppe Vereinsbuchhaltung" in text and "Nur eine Idee" not in text
    assert "Gewichtung der Themenfelder" in text
    # 2 of 7 with high need now, 4 of 6 reached before and 2 of 6 after.
    assert "29 %" in text and "67 %" in text and "33 %" in text
    for i in REACHED:
        assert world.orgs[i].name in text
    # One association's need: a table for coordinators only.
    assert 'data-testid="reached-rows"' in client.get(_url(world)).content.decode()


def test_team_members_see_names_but_no_association_s_need(client, team_member, world):
    client.force_login(team_member)
    html = client.get(_url(world)).content.decode()
    assert 'data-testid="reached-change"' in html
    assert 'data-testid="reached-rows"' not in html
    assert world.orgs[0].name in html


def test_a_representative_sees_aggregates_and_no_association(client, representative, world):
    client.force_login(representative)
    response = client.get(_url(world))
    assert response.status_code == 200
    text = _text(response)
    assert "Grundlagenschulung Vereinsbuchhaltung" in text
    assert f"{len(REACHED) + 1} " in text  # people reached, counted
    for org in world.orgs:
        assert org.name not in text, org.name
    assert "Geheimname" not in text


def test_an_outsider_sees_no_measure_of_a_programme_it_is_not_enrolled_in(client, outsider, world):
    client.force_login(outsider)
    response = client.get(_url(world))
    assert response.status_code == 200
    text = _text(response)
    assert "Grundlagenschulung Vereinsbuchhaltung" not in text
    for org in world.orgs:
        assert org.name not in text


@pytest.mark.parametrize("role", ["interviewer", "service_provider"])
def test_other_roles_are_refused(client, request, role, world):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(world)).status_code == 403
    assert client.get(reverse("measures:trace_index")).status_code == 403


def test_the_public_is_sent_to_log_in(client, world):
    response = client.get(_url(world))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_fewer_than_five_answers_are_withheld_except_for_coordinators(
    programme, coordinator, team_member, client
):
    world = build(programme, coordinator, n=4)
    staff_view = field_trace(
        world.field, measures=Measure.objects.all(), privileged=False, names=True
    )
    assert staff_view.need is None and staff_view.need_withheld
    assert staff_view.change is None and staff_view.reached_change is None
    assert staff_view.reached_change_withheld
    own = field_trace(world.field, measures=Measure.objects.all(), privileged=True, names=True)
    assert own.need.n == 4 and own.change is not None and own.reached_change.n == 4
    client.force_login(team_member)
    html = client.get(reverse("measures:trace", args=[world.field.pk])).content.decode()
    assert 'data-testid="need"' not in html and 'data-testid="change"' not in html


def test_a_single_wave_shows_no_change(programme, coordinator):
    world = build(programme, coordinator, waves=1)
    trace = field_trace(world.field, measures=Measure.objects.all(), privileged=True, names=True)
    assert trace.need.wave.title == "Basiserhebung 2007"
    assert trace.change is None and trace.reached_change is None


def test_the_index_lists_the_fields(client, team_member, programme, world):
    client.force_login(team_member)
    html = client.get(reverse("measures:trace_index")).content.decode()
    for f in programme.fields.all():
        assert reverse("measures:trace", args=[f.pk]) in html


def test_outputs_from_a_hook_are_listed(world, monkeypatch, client, coordinator):
    from django.apps import apps

    config = apps.get_app_config("measures")

    def outputs(measures):
        return [
            trace_world_output(world.training.pk, "Leitfaden Buchhaltung", public=True),
            trace_world_output(world.training.pk, "Interner Entwurf", public=False),
        ]

    monkeypatch.setattr(config, "measure_outputs", outputs, raising=False)
    staff = field_trace(world.field, measures=Measure.objects.all(), privileged=True, names=True)
    assert [o.title for o in staff.measures[0].outputs][-2:] == [
        "Leitfaden Buchhaltung",
        "Interner Entwurf",
    ]
    reader = field_trace(world.field, measures=Measure.objects.all(), privileged=False, names=False)
    titles = [o.title for o in reader.measures[0].outputs]
    assert "Leitfaden Buchhaltung" in titles and "Interner Entwurf" not in titles


def test_repeated_requests_read_the_stored_evaluations(client, coordinator, world):
    """Each wave is loaded and evaluated once (needs/stored.py), not on every request."""
    client.force_login(coordinator)
    with (
        mock.patch.object(evaluation_module, "evaluate", wraps=evaluation_module.evaluate) as ev,
        mock.patch.object(evaluation_module, "wave_data", wraps=evaluation_module.wave_data) as wd,
    ):
        for _ in range(3):
            response = client.get(_url(world))
            assert response.status_code == 200
            assert response.context["trace"].need.n == 7
    assert ev.call_count == 2  # the two waves, once each
    assert wd.call_count == 2


def trace_world_output(measure_id, title, *, public):
    from vereinsforum.measures.traceability import Output

    return Output(measure_id=measure_id, title=title, kind="Leitfaden", public=public)


assert trace_world  # the module documents the world
