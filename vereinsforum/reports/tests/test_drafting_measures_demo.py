"""The demo's next status report, drafted as of 2008-06-30: the measures decided in October
2007, what had run by then and whom it reached, counted here from the rows by plain loops
(the timeline, the events, the check-ins), not by the code under test."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from vereinsforum.events.models import RegistrationStatus
from vereinsforum.lib.german import de_date
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus
from vereinsforum.reports.drafting.changes import figure_changes
from vereinsforum.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db

AS_OF = date(2008, 6, 30)
END = timezone.make_aware(datetime.combine(AS_OF + timedelta(days=1), time.min))
TITLES = [
    "Grundlagenschulung Vereinsbuchhaltung",
    "Arbeitsgruppe Vereinsbuchhaltung",
    "Leitfaden Vereinsbuchhaltung",
    "Schulung Öffentlichkeitsarbeit",
    "Workshop mit den Migrationsdiensten",
]


def _status(measure: Measure) -> str | None:
    steps = [c for c in measure.timeline.all() if c.on <= AS_OF]
    return max(steps, key=lambda c: (c.on, c.pk)).status if steps else None


def _held(measure: Measure) -> list:
    return sorted(
        (
            e
            for e in measure.events.all()
            if e.start < END and (e.cancelled_at is None or e.cancelled_at >= END)
        ),
        key=lambda e: e.start,
    )


def _reached(events) -> tuple[set, set]:
    people, orgs = set(), set()
    for event in events:
        for r in event.registrations.all():
            came = r.status == RegistrationStatus.ATTENDED
            if came and (r.checked_in_at or event.start) < END:
                people.add(r.person_id)
                # Associations reached: not the migration services' staff.
                if r.organisation_id and r.organisation.kind == "association":
                    orgs.add(r.organisation_id)
    return people, orgs


def test_the_demo_status_report_of_june_2008_states_the_measures_and_their_reach():
    call_command("load_demo", stdout=io.StringIO())
    report = Report.objects.get(reference="VO/0711/08")
    assert report.status == ReportStatus.DRAFT and report.drafted_as_of == AS_OF
    assert figure_changes(report) == []
    text = " ".join(report.explanation.split())
    figures = {k: v["value"] for k, v in report.figures.items()}
    measures = {m.title: m for m in Measure.objects.filter(title__in=TITLES)}
    assert set(measures) == set(TITLES)

    ran = [t for t in TITLES if _status(measures[t]) in (MeasureStatus.RUNNING, MeasureStatus.DONE)]
    assert ran, "the demo has measures running by the end of June 2008"
    all_people, all_orgs = set(), set()
    reaching = 0
    for title in ran:
        m = measures[title]
        held = _held(m)
        people, orgs = _reached(held)
        all_people |= people
        all_orgs |= orgs
        reaching += bool(people)
        assert figures[f"measure.{m.pk}.events"] == len(held), title
        assert figures[f"measure.{m.pk}.participants"] == len(people), title
        assert figures[f"measure.{m.pk}.associations"] == len(orgs), title
        assert title.split()[0] in text, title
        if len(held) == 1 and people:
            place = "dem Treffen" if m.kind == MeasureKind.WORKING_GROUP else "der Veranstaltung"
            n, a = len(people), len(orgs)
            verb = "nahm" if n == 1 else "nahmen"
            persons = f"{n} Person" if n == 1 else f"{n} Personen"
            associations = f"{a} Verein" if a == 1 else f"{a} Vereinen"
            # A measure that is done is told without "bisher" (so far).
            so_far = "" if _status(m) == MeasureStatus.DONE else " bisher"
            sentence = (
                f"An {place} am {de_date(timezone.localdate(held[0].start))} {verb}{so_far} "
                f"{persons} aus {associations} teil."
            )
            assert sentence in text, (sentence, text)
    assert figures["measures.participants"] == len(all_people)
    assert figures["measures.associations"] == len(all_orgs)
    # The working group met and was attended: someone was reached.
    assert len(all_people) > 0 and len(all_orgs) > 0
    if reaching > 1:
        assert f"bisher {len(all_people)} Personen aus {len(all_orgs)} Vereinen erreicht" in text

    # What was not run by then: planned, or held without a recorded result.
    for title in TITLES:
        if title not in ran and _status(measures[title]) in (
            MeasureStatus.PLANNED,
            MeasureStatus.SCHEDULED,
        ):
            assert title.split()[-1] in text, title

    # A guide published by then is stated with its day.
    if apps.is_installed("vereinsforum.guides"):
        guide = apps.get_model("guides", "Guide")
        for g in guide.objects.filter(measure__in=measures.values(), status="published"):
            day = timezone.localdate(g.published_at)
            if day <= AS_OF and _status(g.measure) in (MeasureStatus.RUNNING, MeasureStatus.DONE):
                assert f"Am {de_date(day)} wurde „{g.title}“ veröffentlicht." in text

    # A second run keeps the draft as it is.
    call_command("load_demo", stdout=io.StringIO())
    assert Report.objects.filter(reference="VO/0711/08").count() == 1
