"""The status report states which measures ran, whom they reached and what is planned.

The world: measures of every fate as of 2008-06-30 (done, running, planned, moved on only
after the day, created after it, dropped), their events with check-ins, no-shows, a
cancellation and a check-in recorded after the day. The expected figures are counted in the
test from the rows, by plain loops; the sentences are written out by hand.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from vereinsforum.events.models import Event, EventKind, Registration, RegistrationStatus
from vereinsforum.measures.models import Measure, MeasureKind, MeasureStatus, StatusChange
from vereinsforum.reports.drafting import sources
from vereinsforum.reports.drafting.explanation import draft_explanation
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

AS_OF = date(2008, 6, 30)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _event(programme, kind, title, day, *, cancelled: date | None = None) -> Event:
    return Event.objects.create(
        programme=programme,
        kind=kind,
        title=title,
        start=_at(day),
        end=_at(day, 16),
        cancelled_at=_at(cancelled) if cancelled else None,
    )


def _measure(programme, kind, title, field_key, timeline, *, events=(), **extra) -> Measure:
    measure = Measure.objects.create(
        programme=programme, kind=kind, title=title, status=timeline[-1][1], **extra
    )
    measure.fields.add(programme.fields.get(key=field_key))
    measure.events.add(*events)
    previous = ""
    for on, status in timeline:
        StatusChange.objects.create(measure=measure, status=status, previous_status=previous, on=on)
        previous = status
    return measure


def _attend(event, person, org, *, checked_in: date | None = None, status=None):
    return Registration.objects.create(
        event=event,
        person=person,
        organisation=org,
        status=status or RegistrationStatus.ATTENDED,
        created=event.start - timedelta(days=7),
        checked_in_at=_at(checked_in) if checked_in else event.start,
    )


@pytest.fixture
def world(programme):
    orgs = [factories.OrganisationFactory(name=f"Verein {n:02d} e.V.") for n in range(8)]
    people = [factories.PersonFactory() for _ in range(12)]
    member = {p.pk: orgs[i % 8] for i, p in enumerate(people)}

    t1 = _event(programme, EventKind.TRAINING, "Buchhaltung I", date(2008, 2, 23))
    t2 = _event(programme, EventKind.TRAINING, "Buchhaltung II", date(2008, 3, 1))
    t3 = _event(programme, EventKind.TRAINING, "Buchhaltung III", date(2008, 9, 6))
    cancelled = _event(
        programme, EventKind.TRAINING, "Abgesagt", date(2008, 3, 8), cancelled=date(2008, 3, 1)
    )
    g1 = _event(programme, EventKind.WORKING_GROUP, "AG 1", date(2008, 1, 16))
    g2 = _event(programme, EventKind.WORKING_GROUP, "AG 2", date(2008, 4, 9))
    g3 = _event(programme, EventKind.WORKING_GROUP, "AG 3", date(2008, 6, 30))
    w1 = _event(
        programme, EventKind.WORKSHOP, "Workshop mit den Migrationsdiensten", date(2008, 9, 20)
    )

    for p in people[:7]:
        _attend(t1, p, member[p.pk])
    for p in people[4:10]:
        _attend(t2, p, member[p.pk])
    # Did not come; and a check-in typed in after the report's day: neither counts.
    _attend(t2, people[10], member[people[10].pk], status=RegistrationStatus.NO_SHOW)
    _attend(t2, people[11], member[people[11].pk], checked_in=date(2008, 7, 3))
    for p in people[8:12]:
        _attend(g1, p, member[p.pk])
    for p in people[0:2]:
        _attend(g2, p, member[p.pk])
    _attend(g3, people[3], member[people[3].pk])

    basics = _measure(
        programme,
        MeasureKind.TRAINING,
        "Grundlagenschulung Vereinsbuchhaltung",
        "bookkeeping",
        [
            (date(2007, 10, 10), MeasureStatus.PLANNED),
            (date(2008, 1, 20), MeasureStatus.SCHEDULED),
            (date(2008, 2, 23), MeasureStatus.RUNNING),
            (date(2008, 6, 1), MeasureStatus.DONE),
        ],
        events=[t1, t2, t3, cancelled],
        target_participants=12,
        target_associations=8,
    )
    group = _measure(
        programme,
        MeasureKind.WORKING_GROUP,
        "Arbeitsgruppe Vereinsbuchhaltung",
        "bookkeeping",
        [
            (date(2007, 10, 10), MeasureStatus.PLANNED),
            (date(2008, 1, 10), MeasureStatus.SCHEDULED),
            (date(2008, 1, 16), MeasureStatus.RUNNING),
        ],
        events=[g1, g2, g3],
    )
    workshop = _measure(
        programme,
        MeasureKind.WORKSHOP,
        "Workshop mit den Migrationsdiensten",
        "public_relations",
        [(date(2008, 1, 16), MeasureStatus.PLANNED), (date(2008, 5, 2), MeasureStatus.SCHEDULED)],
        events=[w1],
    )
    # Running only after the day: planned then.
    guide = _measure(
        programme,
        MeasureKind.GUIDE,
        "Leitfaden Vereinsbuchhaltung",
        "bookkeeping",
        [(date(2008, 4, 9), MeasureStatus.PLANNED), (date(2008, 7, 15), MeasureStatus.RUNNING)],
    )
    # Decided after the day: not in the report.
    _measure(
        programme,
        MeasureKind.TRAINING,
        "Schulung Rhetorik",
        "rhetoric",
        [(date(2008, 9, 10), MeasureStatus.PLANNED)],
    )
    dropped = _measure(
        programme,
        MeasureKind.COUNSELLING,
        "Sprechstunde Räume",
        "premises",
        [(date(2008, 1, 16), MeasureStatus.IDEA), (date(2008, 5, 1), MeasureStatus.DROPPED)],
    )
    # Its training took place, but the timeline still says scheduled.
    pr = _event(programme, EventKind.TRAINING, "PR für Vereine", date(2007, 12, 1))
    _measure(
        programme,
        MeasureKind.TRAINING,
        "Schulung Öffentlichkeitsarbeit",
        "public_relations",
        [(date(2007, 10, 11), MeasureStatus.SCHEDULED)],
        events=[pr],
    )
    # An idea is nothing to report yet.
    _measure(
        programme,
        MeasureKind.OTHER,
        "Idee Vernetzung",
        "project_work",
        [(date(2008, 2, 1), MeasureStatus.IDEA)],
    )
    return {
        "basics": basics,
        "group": group,
        "workshop": workshop,
        "guide": guide,
        "dropped": dropped,
    }


def _oracle(measures: list[Measure], as_of: date):
    """Events held, distinct people and associations checked in by the end of `as_of`."""
    end = _at(as_of + timedelta(days=1), 0)
    events, people, orgs = set(), set(), set()
    for measure in measures:
        for event in measure.events.all():
            if event.cancelled_at is not None and event.cancelled_at < end:
                continue
            if event.start >= end:
                continue
            events.add(event.pk)
            for r in event.registrations.all():
                if r.status == RegistrationStatus.ATTENDED and r.checked_in_at < end:
                    people.add(r.person_id)
                    orgs.add(r.organisation_id)
    return len(events), len(people), len(orgs)


@pytest.fixture
def only_measures(monkeypatch):
    """The other apps' summaries left out, so that the paragraphs stand alone."""
    real = sources.load_summary

    def load(module, name):
        return real(module, name) if name == "measures_summary" else None

    monkeypatch.setattr(sources, "load_summary", load)


def test_the_report_states_what_ran_whom_it_reached_and_what_is_planned(
    programme, world, only_measures
):
    draft = draft_explanation(programme, as_of=AS_OF)
    text = draft.text
    figures = {k: v["value"] for k, v in draft.figures.items()}

    basics, group = world["basics"], world["group"]
    b_events, b_people, b_orgs = _oracle([basics], AS_OF)
    g_events, g_people, g_orgs = _oracle([group], AS_OF)
    _, all_people, all_orgs = _oracle([basics, group], AS_OF)
    # The hand count of the world above, so that the oracle itself is checked.
    assert (b_events, b_people, b_orgs) == (2, 10, 8)
    assert (g_events, g_people, g_orgs) == (3, 7, 4)
    assert (all_people, all_orgs) == (12, 8)

    assert figures[f"measure.{basics.pk}.participants"] == b_people
    assert figures[f"measure.{basics.pk}.associations"] == b_orgs
    assert figures[f"measure.{basics.pk}.events"] == b_events
    assert figures[f"measure.{group.pk}.participants"] == g_people
    assert figures[f"measure.{group.pk}.associations"] == g_orgs
    assert figures["measures.participants"] == all_people
    assert figures["measures.associations"] == all_orgs
    assert figures["measures.planned"] == [
        "Workshop mit den Migrationsdiensten",
        "Leitfaden Vereinsbuchhaltung",
    ]
    assert figures["measures.dropped"] == ["Sprechstunde Räume"]

    assert (
        "Die Grundlagenschulung Vereinsbuchhaltung (Feld Buchhaltung) ist abgeschlossen: An den "
        "2 Veranstaltungen (am 23.02.2008 und am 01.03.2008) nahmen 10 Personen aus 8 Vereinen "
        "teil. Angestrebt waren 12 Personen aus 8 Vereinen." in text
    ), text
    assert (
        "Die Arbeitsgruppe Vereinsbuchhaltung (Feld Buchhaltung) arbeitet seit dem 16.01.2008: "
        "An den 3 Treffen (am 16.01.2008, am 09.04.2008 und am 30.06.2008) nahmen bisher "
        "7 Personen aus 4 Vereinen teil." in text
    ), text
    assert "Zusammen haben die Maßnahmen bisher 12 Personen aus 8 Vereinen erreicht." in text
    assert (
        "Geplant sind weiter der Workshop mit den Migrationsdiensten (Feld "
        "Öffentlichkeitsarbeit, Termin am 20.09.2008) und der Leitfaden Vereinsbuchhaltung "
        "(Feld Buchhaltung)." in text
    ), text
    assert "Nicht weiter verfolgt wird die Beratung „Sprechstunde Räume“." in text
    assert (
        "Noch ohne erfasstes Ergebnis ist die Schulung Öffentlichkeitsarbeit (Termin am "
        "01.12.2007)." in text
    ), text
    assert figures["measures.unrecorded"] == ["Schulung Öffentlichkeitsarbeit"]
    for absent in ("Schulung Rhetorik", "Idee Vernetzung", "06.09.2008", "08.03.2008"):
        assert absent not in text, absent


def test_a_day_before_anything_ran_only_plans_are_stated(programme, world, only_measures):
    draft = draft_explanation(programme, as_of=date(2008, 1, 15))
    text = draft.text
    assert "Personen" not in text and "measures.participants" not in draft.figures
    assert (
        # The training cancelled on 2008-03-01 was still planned then: four dates.
        "Geplant sind die Grundlagenschulung Vereinsbuchhaltung (Feld Buchhaltung, erster "
        "Termin am 23.02.2008) und die Arbeitsgruppe Vereinsbuchhaltung (Feld Buchhaltung, "
        "Termine am 16.01.2008, am 09.04.2008 und am 30.06.2008)." in text
    ), text


def test_later_rows_change_no_figure_of_an_earlier_day(programme, world, only_measures):
    before = draft_explanation(programme, as_of=AS_OF)
    group = world["group"]
    late = _event(programme, EventKind.WORKING_GROUP, "AG 4", date(2008, 7, 2))
    group.events.add(late)
    _attend(late, factories.PersonFactory(), factories.OrganisationFactory())
    StatusChange.objects.create(
        measure=group,
        status=MeasureStatus.DONE,
        previous_status=MeasureStatus.RUNNING,
        on=date(2008, 7, 3),
    )
    after = draft_explanation(programme, as_of=AS_OF)
    assert after.figures == before.figures
    assert after.text == before.text


def test_without_the_measures_app_the_paragraphs_are_left_out(programme, world, monkeypatch):
    monkeypatch.setattr(sources, "load_summary", lambda module, name: None)
    text = draft_explanation(programme, as_of=AS_OF).text
    assert "Vereinsbuchhaltung" not in text


def test_the_annex_lists_the_measures_that_ran_with_their_reach(programme, world):
    from vereinsforum.reports.annex import report_annex

    tables = [t for t in report_annex(programme, as_of=AS_OF) if t.heading == "Anlage: Maßnahmen"]
    assert len(tables) == 1
    rows = {row[0]: row[1:] for row in tables[0].rows}
    basics, group = world["basics"], world["group"]
    for measure, status in ((basics, "abgeschlossen"), (group, "läuft")):
        events, people, orgs = _oracle([measure], AS_OF)
        assert rows[measure.title] == ["Buchhaltung", status, str(events), str(people), str(orgs)]
    events, people, orgs = _oracle([basics, group], AS_OF)
    assert rows["Zusammen"] == ["", "", str(events), str(people), str(orgs)]
    assert len(rows) == 3
    # Before anything ran there is no such table.
    early = report_annex(programme, as_of=date(2008, 1, 15))
    assert all(t.heading != "Anlage: Maßnahmen" for t in early)
