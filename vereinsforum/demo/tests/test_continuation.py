"""The demo's continuation: the permanent forum in the present, dated from the day of loading.

Every demo login finds something to do today, through the pages (registering, joining a
waiting list, voting), while the 2007 story and its council paper stay exactly as they were.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from vereinsforum.accounts import demo as accounts_demo
from vereinsforum.accounts.models import User
from vereinsforum.audit.models import AuditEntry
from vereinsforum.demo import scenario
from vereinsforum.demo.context import DemoContext
from vereinsforum.events import demo as events_demo
from vereinsforum.events.demo_continuation import CONTINUATION, CONTINUATION_DAYS
from vereinsforum.events.models import (
    Event,
    Invitation,
    InvitationStatus,
    Registration,
    RegistrationStatus,
)
from vereinsforum.forum import demo as forum_demo
from vereinsforum.forum.models import Ballot, Poll, Voter
from vereinsforum.organisations.models import AffiliationRole
from vereinsforum.reports.drafting.changes import figure_changes
from vereinsforum.reports.drafting.explanation import draft_explanation
from vereinsforum.reports.models import Report

pytestmark = pytest.mark.django_db


def _steps() -> DemoContext:
    """The steps the continuation lives in (the needs analysis and the paper are not needed)."""
    ctx = DemoContext(stdout=io.StringIO())
    for step in (scenario, accounts_demo, events_demo, forum_demo):
        step.load(ctx)
    return ctx


def _event(key: str) -> Event:
    return Event.objects.get(title=CONTINUATION[key])


def _counts() -> dict[str, int]:
    return {
        "events": Event.objects.count(),
        "invitations": Invitation.objects.count(),
        "registrations": Registration.objects.count(),
        "polls": Poll.objects.count(),
        "voters": Voter.objects.count(),
        "ballots": Ballot.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.fixture
def later_day(monkeypatch):
    """Loading on another day: half a year on (across a change of daylight saving time)."""
    moment = timezone.now() + timedelta(days=183, hours=5)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.mark.parametrize("on_another_day", [False, True], ids=["today", "half a year on"])
def test_the_continuation_is_dated_from_the_day_it_is_loaded(on_another_day, request):
    if on_another_day:
        request.getfixturevalue("later_day")
    now, today = timezone.now(), timezone.localdate()
    ctx = _steps()
    anadolu = ctx.associations[0]

    for key, days in CONTINUATION_DAYS.items():
        assert timezone.localdate(_event(key).start) == today + timedelta(days=days), key
    # Nothing of it counts for the project: all of it lies after the programme's end.
    assert all(_event(key).start.date() > ctx.programme.end for key in CONTINUATION)

    past = _event("past_training")
    assert past.end < now
    statuses = list(past.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.ATTENDED) == 11
    assert statuses.count(RegistrationStatus.NO_SHOW) == 1
    assert past.registrations.get(organisation=anadolu).status == RegistrationStatus.ATTENDED

    training = _event("training")
    assert (training.capacity, training.seats_taken(), training.seats_left()) == (12, 10, 2)
    assert training.registration_open(now)
    assert not training.registrations.filter(organisation=anadolu).exists()

    full = _event("full_training")
    assert full.seats_left() == 0 and full.registration_open(now)
    assert full.waiting_list().count() == 2
    [offer] = full.registrations.filter(status=RegistrationStatus.OFFERED)
    assert offer.offer_expires > now
    assert not full.registrations.filter(organisation=anadolu).exists()

    session = _event("session")
    invitation = session.invitations.get(organisation=anadolu)
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.sent_at < now
    [poll] = Poll.objects.filter(session__event=session)
    assert poll.is_open(now) and poll.closes_at == session.end
    assert poll.opens_at < now
    assert poll.voters.count() == 12 and not poll.voters.filter(organisation=anadolu).exists()
    assert session.forum_session.agenda.count() == 5
    membership = poll.entitled_memberships().get(organisation=anadolu)
    assert membership.delegate == ctx.users["representative"].person

    # Everything that happened is dated before now, in order.
    for registration in Registration.objects.filter(event__in=[training, full, session]):
        assert registration.created < now
    assert all(v < now for v in Invitation.objects.values_list("sent_at", flat=True))

    # Loading again keeps what is there.
    before = _counts()
    _steps()
    assert _counts() == before


def _login(client, username: str) -> User:
    user = User.objects.get(username=username)
    client.force_login(user)
    return user


def test_every_demo_login_has_something_to_do_today(client):
    call_command("load_demo", stdout=io.StringIO())
    now = timezone.now()
    training, full = _event("training"), _event("full_training")
    session, workshop = _event("session"), _event("workshop")
    poll = Poll.objects.get(session__event=session)

    # Every role's dashboard lists upcoming events, each in the future.
    seen = {}
    for username, *_ in scenario.DEMO_LOGINS:
        _login(client, username)
        response = client.get(reverse("web:dashboard"))
        assert response.status_code == 200, username
        events = list(response.context["events"])
        assert events and not response.context["events_are_recent"], username
        assert all(e.end >= now for e in events), username
        content = response.content.decode()
        assert all(e.title in content for e in events), username
        seen[username] = {
            "events": {e.pk for e in events},
            "tasks": {t.url for t in response.context["tasks"]},
        }
    # The interviewer sees the public workshop; the Caritas is asked to answer its invitation.
    assert workshop.pk in seen["interview"]["events"]
    assert reverse("events:detail", args=[workshop.pk]) in seen["dienst"]["tasks"]
    # Staff see the open waiting-list offer.
    assert reverse("events:list") in seen["koordination"]["tasks"]
    # Anadolu e.V.: the invitation to the forum's session, and the open poll.
    assert reverse("events:detail", args=[session.pk]) in seen["verein"]["tasks"]
    assert reverse("forum:poll_detail", args=[poll.pk]) in seen["verein"]["tasks"]
    assert {training.pk, session.pk} <= seen["verein"]["events"]

    verein = _login(client, "verein")
    anadolu = verein.acting_for
    treasurer = anadolu.affiliations.get(role=AffiliationRole.TREASURER).person

    # Last week's course is in the association's attendance history.
    history = client.get(reverse("events:history_organisation", args=[anadolu.pk]))
    assert CONTINUATION["past_training"] in history.content.decode()

    # The follow-up course: two seats left, Anadolu registers its chair.
    page = client.get(reverse("events:detail", args=[training.pk]))
    assert page.context["seats_left"] == 2 and not page.context["full"]
    assert 'id="register-button"' in page.content.decode()
    response = client.post(
        reverse("events:register", args=[training.pk]), {"person": verein.person_id}
    )
    assert response.status_code == 302
    registration = training.registrations.get(organisation=anadolu)
    assert (registration.person, registration.status) == (
        verein.person,
        RegistrationStatus.REGISTERED,
    )
    assert training.seats_left() == 1

    # The full course: Anadolu joins the waiting list behind the two associations waiting.
    page = client.get(reverse("events:detail", args=[full.pk]))
    assert page.context["full"] and page.context["waiting"] == 2
    client.post(reverse("events:register", args=[full.pk]), {"person": treasurer.pk})
    waiting = full.registrations.get(organisation=anadolu)
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert list(full.waiting_list())[-1] == waiting

    # The open poll: Anadolu's delegate casts the association's ballot.
    page = client.get(reverse("forum:poll_detail", args=[poll.pk]))
    assert page.context["may_vote"] and page.context["status"] == "open"
    options = list(poll.options.order_by("position"))
    for option in options:
        assert f'name="option_{option.pk}"' in page.content.decode()
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]),
        {f"option_{options[0].pk}": 4, f"option_{options[3].pk}": 4, f"option_{options[5].pk}": 2},
    )
    assert response.status_code == 200 and response.context["change_code"]
    assert poll.voters.filter(organisation=anadolu, cast_by=verein).exists()
    assert poll.ballots.count() == 13

    # The 2007 paper stands: drafted as of 2007-11-12, nothing of the present counts.
    report = Report.objects.get(reference="VO/0985/07")
    assert report.drafted_as_of == date(2007, 11, 12)
    assert figure_changes(report) == []
    draft = draft_explanation(report.programme, as_of=report.drafted_as_of)
    figures = {key: figure["value"] for key, figure in draft.figures.items()}
    funnel = [figures[f"kick_off.{step}"] for step in ("invited", "attended", "enrolled")]
    assert funnel == [60, 30, 25]
    assert (figures["forum.sessions_held"], figures["forum.sessions_to_come"]) == (1, 3)
    continuation = {e.pk for e in Event.objects.filter(title__in=CONTINUATION.values())}
    assert not any(str(pk) in key.split(".") for key in figures for pk in continuation)
    assert not any(title in draft.text for title in CONTINUATION.values())
