"""Measures: creation, the lifecycle and its dates, events, and measures from a resolution."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.models import ItemResult, PollMethod, ResolutionKind
from vereinsforum.forum.services import ballots, polls, sessions
from vereinsforum.forum.tests.conftest import ranked_choices
from vereinsforum.lib.actors import TEST
from vereinsforum.measures.models import TRANSITIONS, MeasureKind, MeasureStatus, StatusChange
from vereinsforum.measures.services import (
    MeasureDraft,
    measure_create,
    measure_events_set,
    measure_status_change,
    measure_update,
    measures_from_resolution,
    resolution_poll,
)
from vereinsforum.testing import factories


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English msgids (pages and messages); the catalogues are checked by
    tests/test_translations.py."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

S = MeasureStatus


def steps(measure):
    return list(
        measure.timeline.order_by("on", "pk").values_list("previous_status", "status", "on")
    )


def test_only_staff_change_measures_whoever_calls_the_service(
    make_measure, programme, coordinator, team_member, representative, outsider
):
    """The service asks the actor itself: a representative (or anyone outside the staff)
    is refused even where no page stands in front of it; staff and commands may."""
    measure = make_measure()
    fields = list(programme.fields.filter(key="bookkeeping"))
    for user in (representative, outsider):
        with pytest.raises(PermissionDenied):
            measure_create(
                actor=user,
                programme=programme,
                kind=MeasureKind.TRAINING,
                title="Von außen",
                fields=fields,
            )
        with pytest.raises(PermissionDenied):
            measure_update(
                actor=user, measure=measure, kind=measure.kind, title="Anders", fields=fields
            )
        with pytest.raises(PermissionDenied):
            measure_status_change(
                actor=user, measure=measure, status=S.PLANNED, on=date(2007, 10, 11)
            )
        with pytest.raises(PermissionDenied):
            measure_events_set(actor=user, measure=measure, events=[])
    measure.refresh_from_db()
    assert measure.title == "Grundlagenschulung" and measure.status == S.IDEA
    for user in (coordinator, team_member):
        measure_update(
            actor=user, measure=measure, kind=measure.kind, title=f"Von {user.role}", fields=fields
        )


def test_creation_is_the_first_step_of_the_timeline_and_is_audited(make_measure, programme):
    measure = make_measure(status=S.PLANNED, on=date(2007, 10, 10), note="Beschluss")
    assert measure.status == S.PLANNED
    assert steps(measure) == [("", S.PLANNED, date(2007, 10, 10))]
    assert set(measure.fields.values_list("key", flat=True)) == {"bookkeeping"}
    entry = AuditEntry.objects.get(action="measure.create")
    assert entry.target_id == str(measure.pk)
    assert entry.changes["status"] == [None, "planned"]


def test_a_new_measure_is_an_idea_or_planned(make_measure):
    with pytest.raises(ValidationError) as exc:
        make_measure(status=S.RUNNING)
    assert "status" in exc.value.message_dict


def test_the_lifecycle_walks_forward_one_step_at_a_time(make_measure):
    measure = make_measure(on=date(2007, 10, 1))
    for status, day in (
        (S.PLANNED, date(2007, 10, 10)),
        (S.SCHEDULED, date(2007, 11, 20)),
        (S.RUNNING, date(2008, 1, 7)),
        (S.DONE, date(2008, 3, 8)),
    ):
        measure_status_change(actor=TEST, measure=measure, status=status, on=day)
    measure.refresh_from_db()
    assert measure.status == S.DONE
    assert steps(measure) == [
        ("", S.IDEA, date(2007, 10, 1)),
        (S.IDEA, S.PLANNED, date(2007, 10, 10)),
        (S.PLANNED, S.SCHEDULED, date(2007, 11, 20)),
        (S.SCHEDULED, S.RUNNING, date(2008, 1, 7)),
        (S.RUNNING, S.DONE, date(2008, 3, 8)),
    ]
    assert AuditEntry.objects.filter(action="measure.status_change").count() == 4


@pytest.mark.parametrize(
    ("start", "path", "refused"),
    [
        (S.IDEA, [], S.SCHEDULED),  # no skipping
        (S.IDEA, [], S.DONE),
        (S.PLANNED, [S.SCHEDULED], S.PLANNED),  # no going back
        (S.PLANNED, [S.SCHEDULED, S.RUNNING], S.RUNNING),  # not to itself
    ],
)
def test_invalid_transitions_are_refused_with_a_message_naming_the_steps(
    make_measure, start, path, refused
):
    measure = make_measure(status=start, on=date(2007, 10, 1))
    for status in path:
        measure_status_change(actor=TEST, measure=measure, status=status, on=date(2007, 10, 2))
    before = steps(measure)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        measure_status_change(actor=TEST, measure=measure, status=refused, on=date(2007, 10, 3))
    current = path[-1] if path else start
    message = " ".join(exc.value.message_dict["status"])
    assert f"A measure that is “{S(current).label}” can only become" in message
    assert f"“{S(TRANSITIONS[current][0]).label}” or “Dropped” next" in message
    assert steps(measure) == before


def test_transition_errors_are_translated(make_measure):
    """The message is built from gettext and the choices' lazy labels: under another active
    language the status labels come from that language, not from the language of the code."""
    measure = make_measure(on=date(2007, 10, 1))
    with translation.override("de"), pytest.raises(ValidationError) as exc:
        measure_status_change(actor=TEST, measure=measure, status=S.DONE, on=date(2007, 10, 3))
    message = " ".join(exc.value.message_dict["status"])
    with translation.override("de"):
        assert str(S.IDEA.label) in message
        assert str(S.PLANNED.label) in message


@pytest.mark.parametrize("final", [S.DONE, S.DROPPED])
def test_done_and_dropped_are_final(make_measure, final):
    measure = make_measure(status=S.PLANNED, on=date(2007, 10, 1))
    if final == S.DONE:
        for status in (S.SCHEDULED, S.RUNNING):
            measure_status_change(actor=TEST, measure=measure, status=status, on=date(2007, 11, 1))
    measure_status_change(actor=TEST, measure=measure, status=final, on=date(2007, 12, 1))
    for status in S:
        with pytest.raises(ValidationError, match="timeline has ended"):
            measure_status_change(actor=TEST, measure=measure, status=status, on=date(2008, 1, 1))


@pytest.mark.parametrize("start", [S.IDEA, S.PLANNED])
def test_dropped_is_reachable_from_every_open_status(make_measure, start):
    measure = make_measure(status=start, on=date(2007, 10, 1))
    measure_status_change(
        actor=TEST, measure=measure, status=S.DROPPED, on=date(2007, 10, 5), note="Kein Bedarf"
    )
    measure.refresh_from_db()
    assert measure.status == S.DROPPED
    assert measure.timeline.last().note == "Kein Bedarf"


def test_dates_may_lie_in_the_past_but_not_before_the_previous_step_nor_in_the_future(
    make_measure,
):
    measure = make_measure(on=date(2007, 10, 10))
    with pytest.raises(ValidationError) as exc:
        measure_status_change(actor=TEST, measure=measure, status=S.PLANNED, on=date(2007, 10, 9))
    assert "on" in exc.value.message_dict
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        measure_status_change(actor=TEST, measure=measure, status=S.PLANNED, on=tomorrow)
    assert "on" in exc.value.message_dict
    # The same day as the previous step is fine.
    measure_status_change(actor=TEST, measure=measure, status=S.PLANNED, on=date(2007, 10, 10))
    assert measure.timeline.count() == 2


def test_the_database_refuses_a_step_to_the_same_status(make_measure):
    measure = make_measure()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            measure=measure, status=S.IDEA, previous_status=S.IDEA, on=date(2007, 10, 11)
        )


def test_fields_and_the_responsible_person_are_checked(make_measure, programme, association):
    other = factories.ProgrammeFactory()
    with pytest.raises(ValidationError, match="programme"):
        measure_create(
            actor=TEST,
            programme=programme,
            kind=MeasureKind.TRAINING,
            title="Fremd",
            fields=list(other.fields.all()[:1]),
        )
    with pytest.raises(ValidationError):
        make_measure(keys=())
    stranger = factories.PersonFactory()
    with pytest.raises(ValidationError) as exc:
        make_measure(responsible_organisation=association, responsible_person=stranger)
    assert "responsible_person" in exc.value.message_dict
    chair = factories.AffiliationFactory(organisation=association, role="chair").person
    measure = make_measure(responsible_organisation=association, responsible_person=chair)
    assert measure.responsible_person == chair


def test_update_changes_what_the_measure_is_but_not_its_status(make_measure, programme):
    measure = make_measure()
    measure_update(
        actor=TEST,
        measure=measure,
        kind=MeasureKind.WORKSHOP,
        title="Werkstatt",
        fields=list(programme.fields.filter(key__in=["bookkeeping", "rhetoric"])),
        target_participants=12,
        feedback="Sehr hilfreich.",
        start=date(2008, 3, 8),
        end=date(2008, 3, 8),
    )
    measure.refresh_from_db()
    assert (measure.kind, measure.title, measure.target_participants) == (
        "workshop",
        "Werkstatt",
        12,
    )
    assert set(measure.fields.values_list("key", flat=True)) == {"bookkeeping", "rhetoric"}
    assert measure.status == S.IDEA
    entry = AuditEntry.objects.get(action="measure.update")
    assert entry.changes["title"] == ["Grundlagenschulung", "Werkstatt"]
    with pytest.raises(ValidationError):
        measure_update(
            actor=TEST,
            measure=measure,
            kind=MeasureKind.WORKSHOP,
            title="Werkstatt",
            fields=list(measure.fields.all()),
            start=date(2008, 3, 9),
            end=date(2008, 3, 8),
        )


def test_events_are_linked_from_the_same_programme_only(make_measure, programme):
    measure = make_measure()
    start = timezone.now()
    own = Event.objects.create(
        programme=programme,
        kind=EventKind.TRAINING,
        title="A",
        start=start,
        end=start + timedelta(hours=2),
    )
    foreign = Event.objects.create(
        programme=factories.ProgrammeFactory(),
        kind=EventKind.TRAINING,
        title="B",
        start=start,
        end=start + timedelta(hours=2),
    )
    measure_events_set(actor=TEST, measure=measure, events=[own])
    assert list(measure.events.all()) == [own]
    with pytest.raises(ValidationError):
        measure_events_set(actor=TEST, measure=measure, events=[own, foreign])
    assert list(measure.events.all()) == [own]
    entry = AuditEntry.objects.get(action="measure.events_set")
    assert entry.changes["events"] == [[], [own.pk]]


# ---- from a resolution -----------------------------------------------------------------------


@pytest.fixture
def resolution(body, session_event):
    item = sessions.agenda_item_add(
        actor=TEST, body=body, event=session_event, title="Thema Buchhaltung"
    )
    return sessions.agenda_item_update(
        actor=TEST,
        item=item,
        title="Thema Buchhaltung",
        description="",
        resolution="Für die Vereine wird eine Grundlagenschulung angeboten.",
        resolution_kind=ResolutionKind.TRAINING,
        result=ItemResult.ADOPTED,
    )


def _counted(make_poll, member_org, programme, **extra):
    poll = make_poll(**extra)
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=member_org,
        choices=ranked_choices(poll, "bookkeeping", "public_relations"),
    )
    return polls.poll_close(actor=TEST, poll=poll)


def test_a_resolution_creates_its_measures_in_one_step(
    resolution, make_poll, member, association, programme, session_event
):
    poll = _counted(make_poll, association, programme)
    fields = {f.key: f for f in programme.fields.all()}
    measures = measures_from_resolution(
        actor=TEST,
        agenda_item=resolution,
        items=[
            MeasureDraft("Grundlagenschulung", MeasureKind.TRAINING, [fields["bookkeeping"]]),
            MeasureDraft("Arbeitsgruppe", MeasureKind.WORKING_GROUP, [fields["bookkeeping"]]),
        ],
    )
    assert [m.title for m in measures] == ["Grundlagenschulung", "Arbeitsgruppe"]
    day = timezone.localdate(session_event.start)
    for measure in measures:
        assert measure.resolution == resolution
        assert measure.poll == poll
        assert measure.status == S.PLANNED
        assert steps(measure) == [("", S.PLANNED, day)]
    assert list(resolution.measures.order_by("pk")) == measures


def test_the_poll_is_the_latest_over_the_fields_counted_by_the_session(
    resolution, make_poll, member, association, programme, session_event
):
    first = _counted(make_poll, association, programme)
    second = _counted(make_poll, association, programme, method=PollMethod.BORDA)
    # A poll over free options ranks no fields.
    free = make_poll(option_source="free", free_options=["Ja", "Nein"])
    polls.poll_close(actor=TEST, poll=free)
    assert resolution_poll(resolution) == second
    # One counted after the session ended is not what the session decided on.
    later = _counted(make_poll, association, programme)
    later.counted_at = session_event.end + timedelta(minutes=1)
    later.save(update_fields=["counted_at"])
    assert resolution_poll(resolution) == second
    assert first != second


def test_only_an_adopted_resolution_decides_measures(resolution, programme):
    fields = list(programme.fields.all()[:1])
    draft = MeasureDraft("X", MeasureKind.TRAINING, fields)
    for result, kind in (
        (ItemResult.REJECTED, ResolutionKind.TRAINING),
        (ItemResult.ADOPTED, ResolutionKind.NONE),
    ):
        resolution.result, resolution.resolution_kind = result, kind
        resolution.save()
        with pytest.raises(ValidationError, match="adopted resolution"):
            measures_from_resolution(actor=TEST, agenda_item=resolution, items=[draft])
    assert not resolution.measures.exists()


def test_erasing_a_person_removes_their_name_from_measure_texts(make_measure, coordinator):
    from vereinsforum.organisations.services import person_pseudonymise

    person = factories.PersonFactory(first_name="Ayşe", last_name="Yılmaz")
    measure = make_measure(description="Leitung: Ayşe Yılmaz, Kassiererin.", note="Ayşe Yılmaz")
    measure_update(
        actor=TEST,
        measure=measure,
        kind=measure.kind,
        title=measure.title,
        fields=list(measure.fields.all()),
        description=measure.description,
        feedback="Ayşe Yılmaz fand es gut.",
    )
    person_pseudonymise(actor=coordinator, person=person)
    measure.refresh_from_db()
    assert "Yılmaz" not in measure.description + measure.feedback
    assert measure.description == "Leitung: –, Kassiererin."
    assert "Yılmaz" not in measure.timeline.get().note
