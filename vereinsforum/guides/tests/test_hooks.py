"""The measures app adds up the guides' part of a measure's progress, and the traceability
page lists the published guides as outputs."""

from __future__ import annotations

import pytest
from django.apps import apps

from vereinsforum.guides.tests.conftest import make_guide, publish
from vereinsforum.measures.models import Measure, MeasureKind
from vereinsforum.measures.progress import measure_progress

pytestmark = pytest.mark.django_db


def _measure(programme, title="Leitfaden"):
    return Measure.objects.create(programme=programme, kind=MeasureKind.GUIDE, title=title)


def test_progress_counts_published_guides_of_the_measure(programme):
    config = apps.get_app_config("guides")
    measure, other = _measure(programme), _measure(programme, "Andere")
    assert config.measure_progress_parts(measure) == []  # no guides: no part
    published = publish(make_guide(programme, title="Eins"))
    draft = make_guide(programme, title="Zwei")
    elsewhere = publish(make_guide(programme, title="Drei"))
    for guide, target in ((published, measure), (draft, measure), (elsewhere, other)):
        guide.measure = target
        guide.save()
    (part,) = config.measure_progress_parts(measure)
    assert (part.done, part.total) == (1, 2)
    assert part in measure_progress(measure).parts
    assert config.measure_outputs(Measure.objects.filter(pk=measure.pk)) == [published]
    assert config.measure_outputs(Measure.objects.all()) == sorted(
        [published, elsewhere], key=lambda g: (g.published_at, g.pk)
    )
