"""The demo guide: H7's texts loaded unchanged, several revisions, review comments, published
in 2008, a Leichte Sprache version, and a Turkish translation with one outdated section."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from vereinsforum.demo import scenario
from vereinsforum.demo.context import DemoContext
from vereinsforum.events.models import OutboxMessage
from vereinsforum.guides import demo
from vereinsforum.guides.demo import CONTENT, SLUG, TITLE, read_section, review_comments
from vereinsforum.guides.models import Guide, GuideStatus
from vereinsforum.guides.notifications import MAIL_KIND
from vereinsforum.measures.models import Measure, MeasureKind
from vereinsforum.measures.progress import measure_progress
from vereinsforum.workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def _load() -> DemoContext:
    """The scenario, then the measure and working group the earlier steps make (made here,
    so this test does not depend on the events, forum and measures demos), then the guide."""
    ctx = DemoContext(stdout=io.StringIO())
    scenario.load(ctx)
    measure = Measure.objects.create(programme=ctx.programme, kind=MeasureKind.GUIDE, title=TITLE)
    WorkingGroup.objects.create(
        programme=ctx.programme, name="Arbeitsgruppe Buchhaltung", formed_on=date(2007, 10, 10)
    )
    assert measure.guides.count() == 0
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    return ctx


def test_the_demo_guide(client):
    _load()
    guide = Guide.objects.get(slug=SLUG)
    assert Guide.objects.filter(title=TITLE).count() == 1
    assert guide.status == GuideStatus.PUBLISHED
    assert guide.published_at.date() == date(2008, 4, 23)
    assert guide.measure.title == TITLE
    assert guide.working_group is not None and "Buchhaltung" in guide.working_group.name
    assert list(guide.fields.values_list("key", flat=True)) == ["bookkeeping"]

    files = sorted((CONTENT / "de").glob("*.md"))
    sections = list(guide.sections.order_by("position"))
    assert [s.title for s in sections] == [read_section(p)[0] for p in files]
    # The final texts are H7's files; 02 and 03 began as the drafts in de-revisions/.
    for section, path in zip(sections[1:], files[1:], strict=True):
        assert section.current.body == read_section(path)[1]
    assert [s.revisions.count() for s in sections] == [2, 2, 2, 1, 1, 1]
    draft = read_section(CONTENT / "de-revisions" / files[1].name)[1]
    assert sections[1].revisions.get(number=1).body == draft

    comments = [c for s in sections for c in s.comments.all()]
    assert len(comments) == len(review_comments()) == 6
    assert all(c.resolved and c.revision.number == 1 for c in comments)
    assert {c.section.position for c in comments} == {2, 3}

    turkish = {s.position: s.translation("tr") for s in sections}
    assert [p for p, t in turkish.items() if t is not None] == [1, 2, 3]
    assert [turkish[p].is_outdated() for p in (1, 2, 3)] == [True, False, False]
    easy = [s.translation("de-x-ls") for s in sections]
    assert all(t is not None and not t.is_outdated() for t in easy)

    # Mail about 2008 went to nobody.
    assert not OutboxMessage.objects.filter(kind=MAIL_KIND).exists()
    # The measure counts its published guide.
    parts = apps.get_app_config("guides").measure_progress_parts(guide.measure)
    assert [(p.done, p.total) for p in parts] == [(1, 1)]
    assert measure_progress(guide.measure).total >= 1

    html = client.get(reverse("guides:detail", args=[SLUG]) + "?sprache=tr").content.decode()
    assert html.count("guide-note--outdated") == 1
    assert "Kasa defteri" in html or "kasa defteri" in html.lower()
