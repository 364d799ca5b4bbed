"""The contract with the reports app, and the demo story."""

from __future__ import annotations

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.utils import timezone

from vereinsforum.needs.models import HIGH_NEED, Interview, Status
from vereinsforum.needs.summary import STRENGTH_DE, needs_chart_png, needs_summary
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.needs.tests.test_views import NEEDS


def test_summary_is_none_without_a_wave(programme):
    assert needs_summary(programme) is None
    assert needs_chart_png(programme) is None


def _submitted_on(interviews, day: date) -> None:
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    Interview.objects.filter(pk__in=[iv.pk for iv in interviews]).update(
        submitted_at=moment, validated_at=moment
    )


def test_summary_follows_the_contract(programme, wave):
    _submitted_on(fill(wave, NEEDS), date(2007, 9, 3))
    summary = needs_summary(programme, as_of=date(2007, 11, 12))
    assert summary["wave"] == wave and summary["interviews"] == 6 and summary["associations"] == 6
    assert (summary["period_start"], summary["period_end"]) == (date(2007, 6, 1), date(2007, 8, 31))
    fields = summary["fields"]
    assert [f["rank"] for f in fields] == list(range(1, 8))
    assert fields[0] == {
        "key": "bookkeeping",
        "name": "Buchhaltung",
        "share_high_need": 5 / 6,
        "median_need": 4.0,
        "rank": 1,
        # Answers 2, 4, 4, 4, 5, 5: cumulative shares 0, 1/6, 1/6, 4/6 below the levels 2–5.
        "leik_d": pytest.approx(2 / 4 * (0 + 1 / 6 + 1 / 6 + 2 / 6)),
        "iqr": pytest.approx(4.75 - 4),
    }
    assert any("Buchhaltung" in s for s in summary["findings"])
    assert not summary["withheld"] and summary["agreement"]["strength"] in STRENGTH_DE
    assert not any("Leik" in s or "Kendall" in s for s in summary["findings"])
    assert needs_chart_png(programme)[:4] == b"\x89PNG"
    assert needs_summary(programme, as_of=date(2007, 5, 1)) is None


def test_summary_counts_only_interviews_submitted_by_the_date(programme, wave):
    """An interview submitted after the report's date is not in the report."""
    as_of = date(2007, 11, 12)
    interviews = fill(wave, NEEDS)
    late = {1}
    _submitted_on([iv for i, iv in enumerate(interviews) if i not in late], date(2007, 9, 3))
    _submitted_on([interviews[i] for i in late], date(2007, 11, 20))
    rows = [row for i, row in enumerate(NEEDS) if i not in late]
    bookkeeping = 3  # its column in the instrument's order
    summary = needs_summary(programme, as_of=as_of)
    assert summary["interviews"] == summary["associations"] == len(rows) == 5
    share = {f["key"]: f["share_high_need"] for f in summary["fields"]}["bookkeeping"]
    assert share == pytest.approx(sum(r[bookkeeping] >= HIGH_NEED for r in rows) / len(rows))
    websites = sum(1 for i in range(len(NEEDS)) if i not in late and i % 2 == 0)
    assert any(
        f"{websites} Vereine haben eine eigene Internetseite" in s for s in summary["findings"]
    )
    # Submitted by the end of the day itself: counted.
    _submitted_on([interviews[i] for i in late], as_of)
    assert needs_summary(programme, as_of=as_of)["interviews"] == 6


def test_the_chart_as_of_a_day_needs_enough_interviews_submitted_by_then(programme, wave):
    interviews = fill(wave, NEEDS)
    _submitted_on(interviews[:4], date(2007, 9, 3))
    _submitted_on(interviews[4:], date(2007, 11, 20))
    assert needs_chart_png(programme, as_of=date(2007, 11, 12)) is None  # 4 < MIN_GROUP
    assert needs_chart_png(programme, as_of=date(2007, 11, 20))[:4] == b"\x89PNG"


def test_summary_withholds_figures_for_small_groups(programme, wave):
    fill(wave, NEEDS[:3])
    fill(wave, [NEEDS[3]], status=Status.DRAFT)
    summary = needs_summary(programme)
    assert summary["interviews"] == 3 and summary["withheld"] and summary["min_group"] == 5
    assert summary["fields"] == [] and summary["findings"] == []


@pytest.mark.django_db
def test_demo_tells_the_story_of_the_source():
    from vereinsforum.demo import scenario
    from vereinsforum.demo.context import DemoContext
    from vereinsforum.needs import demo

    ctx = DemoContext(stdout=StringIO())
    scenario.load(ctx)
    demo.load(ctx)
    interviews = Interview.objects.filter(wave__programme=ctx.programme)
    assert interviews.count() == 25
    assert set(interviews.values_list("organisation_id", flat=True)) == {
        o.pk for o in ctx.associations[:25]
    }
    assert all(iv.status == Status.VALIDATED for iv in interviews)
    days = sorted(interviews.values_list("conducted_on", flat=True))
    assert days[0] >= date(2007, 6, 1) and days[-1] <= date(2007, 8, 31)
    first = interviews.get(organisation=ctx.associations[0])
    assert first.interviewer == ctx.users["interviewer"]
    assert interviews.get(organisation=ctx.associations[20]).interviewer.username == "interview2"
    summary = needs_summary(ctx.programme, as_of=date(2007, 11, 12))
    ranks = {f["key"]: f["rank"] for f in summary["fields"]}
    assert ranks["bookkeeping"] <= 2
    # Strong associations in public relations next to ones without any experience.
    pr = interviews.filter(answers__field__key="public_relations")
    assert pr.filter(answers__competence__gte=4).count() >= 5
    assert pr.filter(answers__competence=1).count() >= 5
    assert interviews.filter(has_website=False, has_flyer=False).count() >= 5
    # Loading again changes nothing.
    demo.load(ctx)
    assert Interview.objects.filter(wave__programme=ctx.programme).count() == 25
