"""Forum pages: who may read, run and vote; the voting page, projector and results."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinsforum.accounts.models import Role
from vereinsforum.forum.models import (
    Ballot,
    ForumBody,
    Membership,
    PollMethod,
    TieDraw,
    Voter,
)
from vereinsforum.forum.services import ballots, polls
from vereinsforum.forum.tests.conftest import ranked_choices
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories
from vereinsforum.web.navigation import dashboard_tasks, nav_items

pytestmark = pytest.mark.django_db


def form_data(choices: dict) -> dict:
    return {f"option_{k}": v for k, v in choices.items()}


def test_delegate_casts_the_ballot_for_their_association(
    client, representative, member, make_poll, association
):
    poll = make_poll()
    client.force_login(representative)
    page = client.get(reverse("forum:poll_detail", args=[poll.pk]))
    assert "Anadolu e.V." in page.content.decode()
    assert b'name="option_' in page.content
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]),
        form_data(ranked_choices(poll, "bookkeeping", "rhetoric")),
    )
    assert response.status_code == 302
    assert Voter.objects.get(poll=poll).organisation == association
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_deputy_may_vote_too(client, member, make_poll, association):
    poll = make_poll()
    deputy_user = factories.UserFactory(
        role=Role.REPRESENTATIVE, acting_for=association, person=member.deputy
    )
    client.force_login(deputy_user)
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]), form_data(ranked_choices(poll, "bookkeeping"))
    )
    assert response.status_code == 302 and Voter.objects.filter(poll=poll).count() == 1


def test_outsider_cannot_vote_for_another_association(
    client, outsider, member, other_member, make_poll, association, other_association
):
    """The outsider is a member's delegate too, but the ballot always goes to their own."""
    poll = make_poll()
    client.force_login(outsider)
    client.post(
        reverse("forum:poll_detail", args=[poll.pk]),
        {**form_data(ranked_choices(poll, "rhetoric")), "organisation": association.pk},
    )
    assert list(Voter.objects.values_list("organisation", flat=True)) == [other_association.pk]


def test_another_associations_delegate_cannot_use_anadolus_change_code(
    client, representative, outsider, member, other_member, make_poll, association
):
    poll = make_poll(changeable=True)
    url = reverse("forum:poll_detail", args=[poll.pk])
    client.force_login(representative)
    cast = client.post(url, form_data(ranked_choices(poll, "bookkeeping")))
    code = cast.context["change_code"]
    assert code and code in cast.content.decode()
    client.force_login(outsider)
    code_b = client.post(url, form_data(ranked_choices(poll, "premises"))).context["change_code"]
    assert code_b and code_b != code
    stored = sorted(repr(b.choices) for b in Ballot.objects.filter(poll=poll))

    refused = client.post(
        url,
        {**form_data(ranked_choices(poll, "rhetoric")), "change_code": code},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert refused.status_code == 400
    assert "Um den Stimmzettel zu ändern" in refused.content.decode()
    assert sorted(repr(b.choices) for b in Ballot.objects.filter(poll=poll)) == stored

    client.force_login(representative)
    changed = client.post(url, {**form_data(ranked_choices(poll, "rhetoric")), "change_code": code})
    assert changed.status_code == 200 and changed.context["change_code"] == code
    rhetoric = str(poll.options.get(field__key="rhetoric").pk)
    premises = str(poll.options.get(field__key="premises").pk)
    assert sorted(repr(b.choices) for b in Ballot.objects.filter(poll=poll)) == sorted(
        [repr({"ranking": [[rhetoric]]}), repr({"ranking": [[premises]]})]
    )


def test_representative_of_a_non_member_cannot_vote(client, outsider, member, make_poll):
    poll = make_poll()  # other_association is not a member here
    client.force_login(outsider)
    page = client.get(reverse("forum:poll_detail", args=[poll.pk]))
    assert b'name="option_' not in page.content
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]), form_data(ranked_choices(poll, "rhetoric"))
    )
    assert response.status_code == 403
    assert not Voter.objects.exists()


def test_a_representative_who_is_not_delegate_or_deputy_cannot_vote(
    client, member, make_poll, association
):
    poll = make_poll()
    colleague = factories.UserFactory(role=Role.REPRESENTATIVE, acting_for=association)
    factories.AffiliationFactory(person=colleague.person, organisation=association, role="member")
    client.force_login(colleague)
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]), form_data(ranked_choices(poll, "rhetoric"))
    )
    assert response.status_code == 403 and not Voter.objects.exists()


@pytest.mark.parametrize("role", ["interviewer", "service_provider"])
def test_interviewers_and_service_providers_cannot_see_or_vote(
    client, request, role, member, make_poll
):
    poll = make_poll()
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(reverse("forum:index")).status_code == 403
    assert client.get(reverse("forum:poll_detail", args=[poll.pk])).status_code == 403
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]), form_data(ranked_choices(poll, "rhetoric"))
    )
    assert response.status_code == 403 and not Voter.objects.exists()
    assert nav_items(user) == [] or all(i.url_name != "forum:index" for i in nav_items(user))


def test_staff_cannot_cast_online_ballots(client, coordinator, member, make_poll):
    poll = make_poll()
    client.force_login(coordinator)
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]), form_data(ranked_choices(poll, "rhetoric"))
    )
    assert response.status_code == 403 and not Voter.objects.exists()


def test_public_is_sent_to_login(client, member, make_poll):
    poll = make_poll()
    response = client.get(reverse("forum:poll_detail", args=[poll.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", ["forum:poll_create", "forum:membership_add", "forum:body_edit"])
def test_representatives_cannot_run_the_forum(client, representative, body, name):
    client.force_login(representative)
    assert client.get(reverse(name)).status_code == 403


def test_representative_cannot_close_a_poll_or_enter_paper_ballots(
    client, representative, member, make_poll, association
):
    poll = make_poll()
    client.force_login(representative)
    assert client.post(reverse("forum:poll_close", args=[poll.pk])).status_code == 403
    response = client.post(
        reverse("forum:poll_paper", args=[poll.pk]),
        {**form_data(ranked_choices(poll, "rhetoric")), "organisation": association.pk},
    )
    assert response.status_code == 403
    poll.refresh_from_db()
    assert poll.counted_at is None and not Voter.objects.exists()


def test_bad_ballot_shows_a_translated_error_and_keeps_the_input(
    client, representative, member, make_poll
):
    poll = make_poll(PollMethod.DOTS)
    a, b = (o.pk for o in poll.options.all()[:2])
    client.force_login(representative)
    response = client.post(
        reverse("forum:poll_detail", args=[poll.pk]),
        {f"option_{a}": 3, f"option_{b}": 3},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Punkte" in text  # German: "Sie haben 5 Punkte zu vergeben, nicht 6."
    assert f'name="option_{a}" value="3"' in text
    assert not Voter.objects.exists()


def test_staff_enter_a_paper_ballot_and_count(client, coordinator, member, make_poll, association):
    poll = make_poll()
    client.force_login(coordinator)
    response = client.post(
        reverse("forum:poll_paper", args=[poll.pk]),
        {**form_data(ranked_choices(poll, "bookkeeping")), "organisation": association.pk},
    )
    assert response.status_code == 302
    assert Voter.objects.get(poll=poll).channel == "paper"
    client.post(reverse("forum:poll_close", args=[poll.pk]))
    page = client.get(reverse("forum:poll_results", args=[poll.pk])).content.decode()
    poll.refresh_from_db()
    assert poll.counted_at is not None
    assert "Buchhaltung" in page and "Condorcet" in page


def test_projector_shows_ballots_cast_then_results(
    client, representative, coordinator, member, other_member, make_poll, association
):
    poll = make_poll()
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "bookkeeping", "premises"),
    )
    client.force_login(representative)
    fragment = client.get(reverse("forum:poll_projector_status", args=[poll.pk]))
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text and "1</span>" in text and "2" in text
    full = client.get(reverse("forum:poll_projector", args=[poll.pk])).content.decode()
    assert 'hx-trigger="every 3s"' in full
    polls.poll_close(actor=coordinator, poll=poll)
    done = client.get(reverse("forum:poll_projector_status", args=[poll.pk]))
    assert done.status_code == 286  # htmx stops polling once the result is shown
    assert "Buchhaltung" in done.content.decode().split("projector__ranking")[1]


def test_results_explain_schulze(
    client,
    representative,
    coordinator,
    member,
    other_member,
    make_poll,
    association,
    other_association,
):
    poll = make_poll()
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "bookkeeping", "rhetoric"),
    )
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=other_association,
        choices=ranked_choices(poll, "bookkeeping", "premises"),
    )
    polls.poll_close(actor=coordinator, poll=poll)
    client.force_login(representative)
    page = client.get(
        reverse("forum:poll_results", args=[poll.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Pairwise comparison" in page and "Strongest paths" in page
    assert "Condorcet winner: Bookkeeping" in page


def test_dashboard_task_for_a_delegate_with_an_open_poll(
    representative, outsider, member, make_poll, association
):
    poll = make_poll()
    tasks = dashboard_tasks(representative)
    assert any(poll.title in t.label for t in tasks)
    assert not any(poll.title in t.label for t in dashboard_tasks(outsider))
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, "bookkeeping")
    )
    assert not any(poll.title in t.label for t in dashboard_tasks(representative))


def test_staff_set_up_the_forum_and_members(
    client, coordinator, programme, association, representative
):
    client.force_login(coordinator)
    response = client.post(
        reverse("forum:body_edit"), {"name": "Forum", "quorum_percent": 40, "secret_ballots": "on"}
    )
    assert response.status_code == 302
    body = ForumBody.objects.get(programme=programme)
    assert body.quorum_percent == 40
    response = client.post(
        reverse("forum:membership_add"),
        {
            "organisation": association.pk,
            "start": "2007-05-31",
            "delegate": representative.person.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Membership.objects.get(body=body).delegate == representative.person


def test_index_and_rules_for_a_representative(client, representative, member, make_poll):
    poll = make_poll()
    client.force_login(representative)
    page = client.get(reverse("forum:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert poll.title in page and "Anadolu e.V." in page
    rules = client.get(reverse("forum:rules"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "winning votes" in rules and "rank-order-centroid" in rules


@pytest.mark.parametrize("secret", [True, False])
def test_results_list_ballots_by_association_only_in_open_polls(
    client, representative, coordinator, member, make_poll, association, secret
):
    poll = make_poll(secret=secret)
    ballots.ballot_cast(
        actor=TEST,
        poll=poll,
        organisation=association,
        choices=ranked_choices(poll, "rhetoric", "bookkeeping"),
    )
    polls.poll_close(actor=coordinator, poll=poll)
    client.force_login(representative)
    page = client.get(
        reverse("forum:poll_results", args=[poll.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    listed = "<strong><bdi>Anadolu e.V.</bdi></strong>: 1. Rhetoric · 2. Bookkeeping" in page
    assert listed is (not secret)


def test_staff_create_a_poll_over_the_fields_and_bad_input_is_explained(client, coordinator, body):
    client.force_login(coordinator)
    data = {
        "title": "Priorisierung",
        "method": "dots",
        "option_source": "fields",
        "opens_at": "2007-10-10T19:00",
        "closes_at": "2007-10-10T19:45",
    }
    response = client.post(reverse("forum:poll_create"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Dot voting needs this number." in response.content.decode()
    assert 'value="Priorisierung"' in response.content.decode()
    assert not body.polls.exists()
    data.update(points_per_ballot=5, max_points_per_option=3, secret="on")
    response = client.post(reverse("forum:poll_create"), data)
    poll = body.polls.get()
    assert response.status_code == 302
    assert [o.field.key for o in poll.options.order_by("position")][:2] == [
        "project_work",
        "public_relations",
    ]
    assert poll.options.count() == 7 and poll.secret and poll.points_per_ballot == 5


def test_a_seed_posted_to_the_draw_is_ignored_and_the_drawn_one_is_shown(
    client, coordinator, member, other_member, make_poll, association, other_association
):
    poll = make_poll(PollMethod.APPROVAL)
    a, b = (str(o.pk) for o in poll.options.all()[:2])
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices={a: True})
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=other_association, choices={b: True})
    polls.poll_close(actor=TEST, poll=poll)
    client.force_login(coordinator)
    results = reverse("forum:poll_results", args=[poll.pk])
    assert 'name="seed"' not in client.get(results).content.decode()
    chosen = "0" * 32
    response = client.post(reverse("forum:poll_draw", args=[poll.pk]), {"seed": chosen})
    assert response.status_code == 302
    draw = TieDraw.objects.get(poll=poll)
    assert draw.seed != chosen and len(draw.seed) == 32
    page = client.get(results).content.decode()
    assert draw.seed in page and chosen not in page


def test_results_list_the_voting_associations_by_name_with_paper_ballots_marked(
    client, coordinator, member, other_member, make_poll, association, other_association
):
    poll = make_poll()
    association.name = "Zeta <Verein> e.V."
    association.save(update_fields=["name"])
    other_association.name = "Alpha Verein"
    other_association.save(update_fields=["name"])
    ballots.ballot_cast(
        actor=TEST, poll=poll, organisation=association, choices=ranked_choices(poll, "premises")
    )
    client.force_login(coordinator)
    client.post(
        reverse("forum:poll_paper", args=[poll.pk]),
        {**form_data(ranked_choices(poll, "bookkeeping")), "organisation": other_association.pk},
    )
    page = client.get(
        reverse("forum:poll_results", args=[poll.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    voters = page.split('class="kern-list voters">')[1].split("</ul>")[0]
    assert voters.index("Alpha Verein") < voters.index("Zeta")  # in name order
    assert "<li><bdi>Alpha Verein</bdi> (paper ballot)</li>" in voters
    assert "<li><bdi>Zeta &lt;Verein&gt; e.V.</bdi></li>" in voters  # escaped, online
