"""Browser journeys: casting a ballot on a phone, the projector view, every forum page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from vereinsforum.forum.models import Ballot, TieDraw, Voter
from vereinsforum.forum.services import ballots, polls, sessions
from vereinsforum.forum.tests.conftest import ranked_choices
from vereinsforum.lib.actors import TEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delegate_casts_a_ranked_ballot_on_a_phone(
    page, login, assert_accessible, representative, member, make_poll, association
):
    poll = make_poll()
    page.set_viewport_size({"width": 375, "height": 740})
    login("representative")
    page.goto(f"/forum/abstimmungen/{poll.pk}/")
    assert_accessible(page)
    options = {o.field.key: o for o in poll.options.select_related("field")}
    page.select_option(f"#id_option_{options['bookkeeping'].pk}", "1")
    page.select_option(f"#id_option_{options['public_relations'].pk}", "2")
    page.select_option(f"#id_option_{options['project_work'].pk}", "2")  # a tie is allowed
    # Nothing wider than the phone: the ballot needs no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Stimmzettel abgeben").click()
    expect(page.locator(".messages")).to_contain_text("Stimmzettel Ihres Vereins")
    assert_accessible(page)
    assert Voter.objects.get(poll=poll).organisation == association
    ranking = Ballot.objects.get(poll=poll).choices["ranking"]
    assert ranking == [
        [str(options["bookkeeping"].pk)],
        sorted(
            [str(options["project_work"].pk), str(options["public_relations"].pk)],
            key=lambda k: [str(o.pk) for o in poll.options.all()].index(k),
        ),
    ]
    # Cast once: the form is gone.
    expect(page.get_by_role("button", name="Stimmzettel abgeben")).to_have_count(0)


def test_projector_updates_live_then_shows_the_result(
    page,
    login,
    assert_accessible,
    representative,
    coordinator,
    member,
    other_member,
    make_poll,
    association,
    other_association,
):
    poll = make_poll()
    login("representative")
    page.goto(f"/forum/abstimmungen/{poll.pk}/leinwand/")
    status = page.locator("#projector-status")
    expect(status).to_contain_text("von 2 Mitgliedsvereinen")
    expect(page.locator(".projector__count")).to_have_text("0")
    assert_accessible(page)
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "bookkeeping", "rhetoric"),
    )
    expect(page.locator(".projector__count")).to_have_text("1", timeout=10_000)
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=other_association,
        choices=ranked_choices(poll, "bookkeeping", "premises"),
    )
    polls.poll_close(actor=coordinator, poll=poll)
    first = page.locator(".projector__row").first
    expect(first).to_contain_text("Buchhaltung", timeout=10_000)
    expect(status).to_contain_text(re.compile("Condorcet"))
    assert_accessible(page)


def test_every_forum_page_is_accessible(
    page,
    login,
    assert_accessible,
    coordinator,
    member,
    other_member,
    make_poll,
    association,
    other_association,
    session_event,
    body,
):
    sessions.agenda_item_add(actor=TEST, body=body, event=session_event, title="Priorisierung")
    sessions.session_minutes_save(
        actor=TEST,
        body=body,
        event=session_event,
        minutes="<h2>Protokoll</h2><p>Die Buchhaltung liegt vorn.</p>",
    )
    poll = make_poll(session=body.sessions.get())
    a, b = (o.pk for o in poll.options.all()[:2])
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices={str(a): 1, str(b): 2}
    )
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=other_association, choices={str(b): 1, str(a): 2}
    )
    polls.poll_close(actor=coordinator, poll=poll)  # a tie: a and b share the first place
    open_poll = make_poll()
    login("coordinator")
    paths = [
        "/forum/",
        "/forum/regeln/",
        "/forum/gremium/bearbeiten/",
        "/forum/mitglieder/neu/",
        f"/forum/mitglieder/{member.pk}/bearbeiten/",
        f"/forum/sitzungen/{session_event.pk}/",
        f"/forum/sitzungen/{session_event.pk}/protokoll/",
        f"/forum/tagesordnung/{body.sessions.get().agenda.get().pk}/",
        "/forum/abstimmungen/neu/",
        f"/forum/abstimmungen/{open_poll.pk}/",
        f"/forum/abstimmungen/{open_poll.pk}/papier/",
        f"/forum/abstimmungen/{open_poll.pk}/ergebnis/",
        f"/forum/abstimmungen/{poll.pk}/ergebnis/",
        f"/forum/abstimmungen/{poll.pk}/leinwand/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    # The tie is flagged on the results page and resolved by a recorded draw.
    page.goto(f"/forum/abstimmungen/{poll.pk}/ergebnis/")
    expect(page.locator("#ties-heading")).to_be_visible()
    expect(page.locator("#id_seed")).to_have_count(0)
    page.get_by_role("button", name="Losen und Auslosung festhalten").click()
    expect(page.locator("main")).to_contain_text(TieDraw.objects.get(poll=poll).seed)
    assert_accessible(page)
    # Right to left in Arabic.
    page.goto("/forum/")
    page.select_option("#language-select", "ar")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto(f"/forum/abstimmungen/{poll.pk}/ergebnis/")
    assert_accessible(page)
