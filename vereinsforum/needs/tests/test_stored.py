"""The stored evaluation (needs/stored.py): computed once per data version, recomputed after
every change the evaluation reads, the same numbers as a fresh one, flat query counts, and
no scipy or matplotlib on the URL configuration's import path (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vereinsforum.needs import evaluation as evaluation_module
from vereinsforum.needs import services, stored, summary
from vereinsforum.needs.evaluation import evaluate_wave
from vereinsforum.needs.inputs import WaveSettings
from vereinsforum.needs.models import Interview, Status, Wave
from vereinsforum.needs.summary import needs_chart_png, needs_summary
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

NEEDS = [
    [1, 2, 3, 5, 2, 3, 4],
    [2, 2, 4, 4, 1, 3, 5],
    [1, 3, 3, 4, 2, 2, 4],
    [3, 1, 2, 5, 3, 4, 3],
    [2, 2, 3, 2, 1, 3, 4],
    [1, 4, 2, 4, 2, 5, 3],
]


@pytest.fixture
def spy():
    """Counts the evaluations that actually run."""
    with mock.patch.object(
        evaluation_module, "evaluate", wraps=evaluation_module.evaluate
    ) as evaluate:
        yield evaluate


def _page(client, wave):
    response = client.get(reverse("needs:evaluation", args=[wave.pk]))
    assert response.status_code == 200
    return response


def _fresh(wave: Wave) -> Wave:
    return Wave.objects.get(pk=wave.pk)


def test_repeated_requests_compute_once(client, wave, spy):
    fill(wave, NEEDS)
    for _ in range(3):
        assert _page(client, wave).context["evaluation"].n == 6
    assert spy.call_count == 1
    # the charts and the other pages read the same stored result
    client.get(reverse("needs:presentation", args=[wave.pk]))
    client.get(reverse("needs:clusters", args=[wave.pk]))
    client.get(reverse("needs:chart_png", args=[wave.pk, "ranking"]))
    client.get(reverse("needs:export", args=[wave.pk, "kennzahlen", "csv"]))
    assert spy.call_count == 1


def test_the_page_says_when_it_was_computed(client, wave):
    fill(wave, NEEDS)
    response = _page(client, wave)
    computed = response.context["computed_at"]
    assert computed is not None
    content = response.content.decode()
    assert "needs-computed" in content and "<time datetime=" in content
    # the second request shows the same moment: it was not computed again
    assert _page(client, wave).context["computed_at"] == computed


def test_a_submit_validation_and_return_compute_it_again(
    client, wave, coordinator, interviewer, association, spy
):
    fill(wave, NEEDS)
    _page(client, wave)
    assert spy.call_count == 1
    interview = services.interview_start(
        actor=interviewer,
        wave=wave,
        organisation=association,
        mode="interview",
        conducted_on=date(2007, 7, 2),
    )
    _page(client, wave)
    assert spy.call_count == 1  # a draft is not evaluated: nothing changed
    for answer in interview.answers.all():
        answer.need, answer.competence = 3, 3
        answer.save()
    before = _fresh(wave).data_version
    services.interview_submit(actor=interviewer, interview=interview)
    assert _fresh(wave).data_version != before
    assert _page(client, wave).context["evaluation"].n == 7
    assert spy.call_count == 2
    services.interview_return(actor=coordinator, interview=interview, reason="Datum prüfen")
    assert _page(client, wave).context["evaluation"].n == 6
    assert spy.call_count == 3
    services.interview_submit(actor=interviewer, interview=interview)
    services.interview_validate(actor=coordinator, interview=interview)
    response = _page(client, wave)
    assert response.context["evaluation"].n == 7
    assert response.context["validated"] == 7
    assert spy.call_count == 4


def test_the_settings_and_the_instrument_compute_it_again(client, wave, coordinator, spy):
    fill(wave, NEEDS)
    _page(client, wave)
    services.wave_settings_update(actor=coordinator, wave=wave, settings=WaveSettings(cluster_k=3))
    assert _page(client, wave).context["evaluation"].clustering.k == 3
    assert spy.call_count == 2
    # A wave always uses a published (unchangeable) version; should one use a draft, a change
    # of the draft gives the wave a new data version all the same.
    draft = services.instrument_version_create(actor=coordinator, programme=wave.programme)
    Wave.objects.filter(pk=wave.pk).update(instrument=draft)
    before = _fresh(wave).data_version
    fields = list(draft.fields.order_by("position"))[:3]
    services.instrument_fields_set(actor=coordinator, version=draft, fields=fields)
    assert _fresh(wave).data_version != before
    before = _fresh(wave).data_version
    item = draft.items.get(key="need")
    services.instrument_item_update(actor=coordinator, item=item, text="Wie groß ist der Bedarf?")
    assert _fresh(wave).data_version != before
    before = _fresh(wave).data_version
    services.instrument_version_publish(actor=coordinator, version=draft)
    assert _fresh(wave).data_version != before


def test_the_stored_result_equals_a_fresh_evaluation(wave, coordinator):
    fill(wave, NEEDS)
    stored.stored_evaluation(_fresh(wave))  # computed and stored
    with mock.patch.object(evaluation_module, "evaluate") as evaluate:
        kept = stored.stored_evaluation(_fresh(wave)).evaluation  # read back from the cache
        evaluate.assert_not_called()
    fresh = evaluate_wave(_fresh(wave))
    assert kept is not None and fresh is not None
    assert kept.n == fresh.n
    for a, b in zip(kept.fields, fresh.fields, strict=True):
        assert (a.key, a.name, a.rank, a.rank_low, a.rank_high) == (
            b.key,
            b.name,
            b.rank,
            b.rank_low,
            b.rank_high,
        )
        assert a.need_counts == b.need_counts
        assert a.competence_counts == b.competence_counts
        assert a.median == b.median and a.share_high == b.share_high and a.mean == b.mean
        assert (a.leik_d, a.iqr) == (b.leik_d, b.iqr)
    assert kept.agreement == fresh.agreement
    assert [c.members for c in kept.clusters] == [c.members for c in fresh.clusters]
    assert [c.mean_need for c in kept.clusters] == [c.mean_need for c in fresh.clusters]
    assert kept.multipliers == fresh.multipliers


def test_names_are_todays_in_the_readers_language(client, wave):
    interviews = fill(wave, NEEDS)
    field = wave.instrument.fields.get(key="bookkeeping")
    stored.stored_evaluation(_fresh(wave))
    # renamed after the evaluation was stored; no new data version
    field.name, field.name_i18n = "Buchführung", {"en": "Accounts"}
    field.save()
    organisation = interviews[0].organisation
    organisation.name = "Umbenannt e.V."
    organisation.save()
    from django.utils import translation

    with translation.override("en"):
        evaluation = stored.stored_evaluation(_fresh(wave)).evaluation
    assert evaluation is not None
    assert next(f.name for f in evaluation.fields if f.key == "bookkeeping") == "Accounts"
    with translation.override("de"):
        evaluation = stored.stored_evaluation(_fresh(wave)).evaluation
    assert evaluation is not None
    assert next(f.name for f in evaluation.fields if f.key == "bookkeeping") == "Buchführung"
    assert "Umbenannt e.V." in evaluation.data.organisation_names


def test_a_second_reader_waits_for_the_first_instead_of_computing(wave, spy, monkeypatch):
    fill(wave, NEEDS)
    current = _fresh(wave)
    key = stored._key(current)
    assert cache.add(f"{key}:lock", 1, 60)  # someone else is computing
    result = stored.Stored(evaluate_wave(current), current.created, str(current.data_version))
    calls = spy.call_count

    def finishes(_seconds):
        cache.set(key, result)  # ... and stores it while this reader waits

    monkeypatch.setattr(stored.time, "sleep", finishes)
    got = stored.stored_evaluation(current)
    assert spy.call_count == calls
    assert got.computed_at == current.created


def test_the_report_reads_the_stored_result(programme, wave, spy):
    fill(wave, NEEDS)
    summary = needs_summary(programme)
    assert summary is not None and summary["fields"]
    assert needs_chart_png(programme)
    assert spy.call_count == 1
    # the pages read the same one
    stored.stored_evaluation(_fresh(wave))
    assert spy.call_count == 1


def test_a_report_as_of_a_past_day_stores_the_part_it_reads(programme, wave):
    """Its text, chart and annex read the interviews submitted by then: evaluated once per
    data version and part, not once per reader and download."""
    interviews = fill(wave, NEEDS)
    as_of, late = date(2007, 11, 12), interviews[-1]
    Interview.objects.exclude(pk=late.pk).update(
        submitted_at=timezone.make_aware(datetime(2007, 9, 3, 12))
    )
    with mock.patch.object(summary, "evaluate", wraps=summary.evaluate) as spy:
        first = needs_summary(programme, as_of=as_of)
        for _ in range(2):
            assert needs_summary(programme, as_of=as_of) == first
            assert needs_chart_png(programme, as_of=as_of)
        assert spy.call_count == 1
        stored.bump(Wave.objects.filter(pk=wave.pk))  # the data changed: computed again, once
        needs_summary(programme, as_of=as_of)
        needs_chart_png(programme, as_of=as_of)
        assert spy.call_count == 2
    assert first["interviews"] == len(NEEDS) - 1
    fresh = summary._evaluate_part(_fresh(wave), {iv.organisation_id for iv in interviews[:-1]})
    assert fresh is not None
    assert [(f["key"], f["rank"], f["share_high_need"]) for f in first["fields"]] == [
        (f.key, f.rank, f.share_high.estimate) for f in fresh.ranking
    ]


def _count(client, wave) -> tuple[int, int]:
    """Queries of the page when it computes, and when it reads the stored result."""
    _page(client, wave)  # the first request after the login also saves the session
    cache.clear()
    stored.forget()
    with CaptureQueriesContext(connection) as first:
        _page(client, wave)
    with CaptureQueriesContext(connection) as again:
        _page(client, wave)
    return len(first), len(again)


def test_query_counts_do_not_grow_with_the_data(client, coordinator, programme, version):
    """Two waves (the later page compares with the earlier), at two sizes."""
    client.force_login(coordinator)
    counts = []
    for size, year in ((6, 2007), (18, 2008)):
        waves = [
            services.wave_create(
                actor=coordinator,
                programme=programme,
                title=f"Welle {year}-{half}",
                period_start=date(year, 1 + 6 * half, 1),
                period_end=date(year, 5 + 6 * half, 1),
                instrument=version,
            )
            for half in (0, 1)
        ]
        organisations = [factories.OrganisationFactory() for _ in range(size)]
        rows = [NEEDS[i % len(NEEDS)] for i in range(size)]
        fill(waves[0], rows, organisations=organisations)
        fill(waves[1], rows, organisations=organisations, status=Status.SUBMITTED)
        counts.append(_count(client, waves[1]))
    assert counts[0] == counts[1], counts


def test_the_url_configuration_does_not_import_scipy_or_matplotlib():
    code = (
        "import django; django.setup(); import vereinsforum.urls, sys; "
        "print('scipy' in sys.modules, 'matplotlib' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vereinsforum.settings", "DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        check=True,
    )
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_the_later_wave_reads_the_earlier_ones_stored_result(client, coordinator, wave, spy):
    fill(wave, NEEDS)
    later = services.wave_create(
        actor=coordinator,
        programme=wave.programme,
        title="Folgeerhebung 2008",
        period_start=date(2008, 6, 1),
        period_end=date(2008, 8, 31),
        instrument=wave.instrument,
    )
    fill(later, NEEDS[::-1])
    _page(client, wave)
    assert spy.call_count == 1
    for _ in range(3):
        assert _page(client, later).context["changes"]["wave"] == wave
    assert spy.call_count == 2  # the later wave once; the earlier one was already stored


def test_a_reader_without_names_gets_blanks_and_the_next_reader_todays_names(wave):
    fill(wave, NEEDS)
    wave = _fresh(wave)
    named = stored.stored_evaluation(wave).evaluation
    expected = sorted(wave.interviews.values_list("organisation__name", flat=True))
    assert sorted(named.data.organisation_names) == expected
    blank = stored.stored_evaluation(wave, names=False).evaluation
    assert set(blank.data.organisation_names) == {""}
    assert all(set(c.member_names) <= {""} for c in blank.clusters)
    # A rename reaches the next named read, though the data version stayed the same.
    organisation = wave.interviews.first().organisation
    organisation.name = "Umbenannt e.V."
    organisation.save(update_fields=["name"])
    again = stored.stored_evaluation(_fresh(wave)).evaluation
    assert "Umbenannt e.V." in again.data.organisation_names


def test_the_thread_keeps_what_it_read_until_the_version_changes(wave, spy):
    fill(wave, NEEDS)
    with mock.patch.object(stored.cache, "get", wraps=stored.cache.get) as get:
        first = stored.stored_evaluation(_fresh(wave)).evaluation
        reads = get.call_count
        assert stored.stored_evaluation(_fresh(wave)).evaluation is first
        assert get.call_count == reads  # served from the thread's copy
    stored.bump(Wave.objects.filter(pk=wave.pk))
    assert stored.stored_evaluation(_fresh(wave)).evaluation is not first
    assert spy.call_count == 2
