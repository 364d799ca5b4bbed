"""The drafted Begründung stands as of its date: rows dated later change none of its figures.

Each test loads the demo, whose VO/0985/07 was drafted as of 2007-11-12, adds rows dated
after that day (which must change nothing, and `figure_changes` must report nothing) and
rows dated before it (which must change the figure). The expected figures are counted in
the test straight from the rows, not taken from the code under test.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from vereinsforum.events.models import Event, EventKind, RegistrationStatus
from vereinsforum.events.services.funnel import kick_off_enrol
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.forum.models import ForumBody, OptionSource, PollMethod
from vereinsforum.forum.services.ballots import ballot_cast
from vereinsforum.forum.services.polls import poll_close, poll_create
from vereinsforum.organisations.models import AffiliationRole
from vereinsforum.programmes.models import ParticipationStep, Step
from vereinsforum.reports.charts import report_charts
from vereinsforum.reports.document import build_document
from vereinsforum.reports.drafting.changes import figure_changes
from vereinsforum.reports.drafting.explanation import collect_figures
from vereinsforum.reports.models import Report

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    report = Report.objects.get(reference="VO/0985/07")
    assert report.drafted_as_of == date(2007, 11, 12)
    assert figure_changes(report) == []
    return report


def _kick_off(report):
    return Event.objects.get(programme=report.programme, kind=EventKind.KICK_OFF)


def _pr_training(report):
    return Event.objects.get(
        programme=report.programme, kind=EventKind.TRAINING, fields__key="public_relations"
    )


def _enrolled_by(report, day: date) -> int:
    """Associations that came to the kick-off and have an enrolment dated by `day`."""
    came = {
        r.organisation_id
        for r in _kick_off(report).registrations.all()
        if r.status == RegistrationStatus.ATTENDED and timezone.localdate(r.checked_in_at) <= day
    }
    enrolled = {
        s.participation.organisation_id
        for s in ParticipationStep.objects.filter(
            participation__programme=report.programme, step=Step.ENROLLED
        ).select_related("participation")
        if s.date <= day
    }
    return len(came & enrolled)


def _registered_by(event, day: date) -> int:
    """Registrations made by the end of `day` that were neither cancelled nor waiting then."""
    return sum(
        1
        for r in event.registrations.all()
        if timezone.localdate(r.created) <= day
        and (r.cancelled_at is None or timezone.localdate(r.cancelled_at) > day)
        and r.waitlisted_at is None
    )


def _came_but_not_enrolled(report):
    kick_off = _kick_off(report)
    enrolled = report.programme.organisations_at(Step.ENROLLED)
    return list(kick_off.attending_organisations().exclude(pk__in=enrolled).order_by("name"))


def _unregistered_chairs(report, event):
    """Chairs of enrolled associations that have no registration for `event` yet."""
    registered = event.registrations.values("organisation_id")
    orgs = report.programme.organisations_at(Step.ENROLLED).exclude(pk__in=registered)
    return [
        (org, org.affiliations.get(role=AffiliationRole.CHAIR).person)
        for org in orgs.order_by("name")
    ]


def test_rows_dated_after_the_date_change_no_figure(demo, coordinator):
    as_of = demo.drafted_as_of
    training = _pr_training(demo)
    key = f"training.{training.pk}.registrations"
    kick_off_enrol(
        actor=coordinator,
        event=_kick_off(demo),
        organisation=_came_but_not_enrolled(demo)[0],
        on=date(2007, 12, 1),
    )
    (org, person), *_ = _unregistered_chairs(demo, training)
    registration_create(
        actor=coordinator,
        event=training,
        person=person,
        organisation=org,
        at=_at(date(2007, 11, 20)),
    )
    assert (_enrolled_by(demo, as_of), _registered_by(training, as_of)) == (25, 18)
    figures = collect_figures(demo.programme, as_of=as_of)
    assert figures["kick_off.enrolled"]["value"] == _enrolled_by(demo, as_of)
    assert figures[key]["value"] == _registered_by(training, as_of)
    assert figure_changes(demo) == []

    # A seat held on the day and given up later still counts as of that day.
    # (One still registered: the demo records the attendance at the training afterwards.)
    held = training.registrations.filter(
        created__lt=_at(as_of), status=RegistrationStatus.REGISTERED
    ).first()
    registration_cancel(actor=coordinator, registration=held, at=_at(date(2007, 11, 21)))
    assert _registered_by(training, as_of) == 18
    assert collect_figures(demo.programme, as_of=as_of)[key]["value"] == 18
    assert figure_changes(demo) == []


def test_rows_dated_up_to_the_date_change_the_figures(demo, coordinator):
    as_of = demo.drafted_as_of
    training = _pr_training(demo)
    key = f"training.{training.pk}.registrations"
    kick_off_enrol(
        actor=coordinator,
        event=_kick_off(demo),
        organisation=_came_but_not_enrolled(demo)[0],
        on=date(2007, 11, 1),
    )
    (org, person), *_ = _unregistered_chairs(demo, training)
    registration_create(
        actor=coordinator,
        event=training,
        person=person,
        organisation=org,
        at=_at(as_of, hour=23),  # late on the day itself
    )
    assert (_enrolled_by(demo, as_of), _registered_by(training, as_of)) == (26, 19)
    figures = collect_figures(demo.programme, as_of=as_of)
    assert figures["kick_off.enrolled"]["value"] == 26 and figures[key]["value"] == 19
    changes = {c.key: (c.old, c.new) for c in figure_changes(demo)}
    assert changes == {"kick_off.enrolled": (25, 26), key: (18, 19)}


def test_a_late_check_in_at_the_kick_off_changes_nothing(demo, coordinator):
    """Attendance counts from the moment of the check-in (a late import is not backdated)."""
    as_of = demo.drafted_as_of
    kick_off = _kick_off(demo)
    came = next(
        r
        for r in kick_off.registrations.filter(status=RegistrationStatus.ATTENDED)
        if kick_off.registrations.filter(organisation=r.organisation_id).count() == 1
    )
    came.checked_in_at = _at(as_of + timedelta(days=1))
    came.save(update_fields=["checked_in_at"])
    attended = sum(
        1
        for org in kick_off.attending_organisations()
        if any(
            timezone.localdate(r.checked_in_at) <= as_of
            for r in kick_off.registrations.filter(
                organisation=org, status=RegistrationStatus.ATTENDED
            )
        )
    )
    assert attended == 29
    figures = collect_figures(demo.programme, as_of=as_of)
    assert figures["kick_off.attended"]["value"] == attended
    assert figures["kick_off.enrolled"]["value"] == _enrolled_by(demo, as_of)


def test_the_charts_of_the_paper_stand_as_of_its_date(demo, coordinator):
    """A poll counted after the date is neither in the text nor in the charts of the paper."""
    body = ForumBody.objects.get(programme=demo.programme)
    now = timezone.now()
    poll = poll_create(
        actor=coordinator,
        body=body,
        title="Spätere Abstimmung",
        method=PollMethod.APPROVAL,
        option_source=OptionSource.FREE,
        free_options=["Alpha", "Beta"],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(hours=1),
    )
    alpha = poll.options.get(label="Alpha")
    voter = body.memberships.order_by("pk").first().organisation
    ballot_cast(actor=coordinator, poll=poll, organisation=voter, choices={str(alpha.pk): True})
    poll_close(actor=coordinator, poll=poll)
    [drafted] = [c for c in build_document(demo).charts if "Forum" in c.alt]
    assert "Alpha" not in drafted.alt and "Buchhaltung" in drafted.alt
    [current] = [c for c in report_charts(demo.programme) if "Forum" in c.alt]
    assert "Alpha" in current.alt  # without a date: the latest count
    assert figure_changes(demo) == []
