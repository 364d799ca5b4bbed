# ruff: noqa: F811 - the fixtures of the needs and forum tests are imported by name
"""Needs aggregates (k ≥ MIN_GROUP as on the pages), interviews written by interviewers, and
polls with ballots (secret polls stay secret through the API)."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.utils import timezone

from vereinsforum.audit.models import AuditEntry
from vereinsforum.forum.models import Ballot, PollMethod, Voter
from vereinsforum.forum.services import polls
from vereinsforum.forum.tests.conftest import (  # noqa: F401 - fixtures
    body,
    make_poll,
    member,
    other_member,
    ranked_choices,
)
from vereinsforum.lib.actors import TEST
from vereinsforum.needs import evaluation as evaluation_module
from vereinsforum.needs.models import MIN_GROUP, Interview
from vereinsforum.needs.tests.conftest import fill, version, wave  # noqa: F401 - fixtures
from vereinsforum.testing import factories

# ---- needs ------------------------------------------------------------------------------------


def _needs(n: int, k: int) -> list[list[int]]:
    """n associations × k fields, deterministic but varied levels 1–5."""
    return [[(i * 3 + j * 2) % 5 + 1 for j in range(k)] for i in range(n)]


def test_aggregates_are_withheld_below_min_group_except_for_coordinators(
    wave, coordinator, team_member, representative, api
):
    k = wave.instrument.ordered_fields().count()
    fill(wave, _needs(MIN_GROUP - 1, k))
    url = f"/api/v1/needs/waves/{wave.pk}/aggregates"
    for user in (team_member, representative):
        body = api(user).get(url).json()
        assert body["suppressed"] is True and body["fields"] == [] and body["n"] is None
    body = api(coordinator).get(url).json()
    assert body["suppressed"] is False and body["n"] == MIN_GROUP - 1


def test_aggregates_from_min_group_match_a_count_by_hand(wave, representative, api):
    fields = list(wave.instrument.ordered_fields())
    needs = _needs(MIN_GROUP, len(fields))
    fill(wave, needs)
    body = api(representative).get(f"/api/v1/needs/waves/{wave.pk}/aggregates").json()
    assert body["suppressed"] is False and body["n"] == MIN_GROUP
    by_key = {f["key"]: f for f in body["fields"]}
    assert set(by_key) == {f.key for f in fields}
    for j, field in enumerate(fields):
        expected = [sum(1 for row in needs if row[j] == level) for level in range(1, 6)]
        assert by_key[field.key]["need_counts"] == expected
        assert by_key[field.key]["high_count"] == sum(1 for row in needs if row[j] >= 4)
    assert sorted(f["rank"] for f in body["fields"])[0] == 1


def test_aggregates_read_the_stored_evaluation(wave, coordinator, representative, api):
    """Computed once per change of the wave's data (needs/stored.py), not per request."""
    fill(wave, _needs(MIN_GROUP, wave.instrument.ordered_fields().count()))
    url = f"/api/v1/needs/waves/{wave.pk}/aggregates"
    with mock.patch.object(
        evaluation_module, "evaluate", wraps=evaluation_module.evaluate
    ) as evaluate:
        bodies = [api(user).get(url).json() for user in (coordinator, representative) * 2]
    assert evaluate.call_count == 1
    assert all(b["n"] == MIN_GROUP and b["fields"] == bodies[0]["fields"] for b in bodies)


def test_an_interviewer_writes_an_interview_through_the_api(
    wave, interviewer, association, other_association, api
):
    client = api(interviewer)
    url = f"/api/v1/needs/waves/{wave.pk}/interviews"
    # Not assigned: the association is not visible to the interviewer.
    assert client.post(url, {"organisation": other_association.pk}).status_code == 404
    started = client.post(url, {"organisation": association.pk, "conducted_on": "2007-07-02"})
    assert started.status_code == 201, started.content
    interview = started.json()
    assert interview["status"] == "draft" and interview["editable"] is True
    fields = [a["field"] for a in interview["answers"]]
    # Half the answers, then an out-of-range level (422, nothing of it saved).
    path = f"/api/v1/needs/interviews/{interview['id']}"
    first = [{"field": f, "competence": 3, "need": 4} for f in fields[:2]]
    saved = client.patch(path, {"members": 40, "premises": "rented", "answers": first})
    assert saved.status_code == 200, saved.content
    assert saved.json()["members"] == 40 and saved.json()["answers"][0]["need"] == 4
    bad = client.patch(path, {"answers": [{"field": fields[2], "need": 9}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "answers.0.need"
    # Submitting with answers missing: the service's rule.
    missing = client.post(f"{path}/submit")
    assert missing.status_code == 422 and "still missing" in missing.json()["detail"]
    rest = [{"field": f, "competence": 2, "need": 5, "comment": "Raumnot"} for f in fields[2:]]
    assert client.patch(path, {"answers": rest}).status_code == 200
    submitted = client.post(f"{path}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    row = Interview.objects.get(pk=interview["id"])
    assert row.interviewer == interviewer and row.members == 40 and row.premises == "rented"
    assert row.answers.filter(need__isnull=True).count() == 0
    # Submitted: no longer editable (403), and audited through the services.
    assert client.patch(path, {"members": 1}).status_code == 403
    actions = set(AuditEntry.objects.filter(actor=interviewer).values_list("action", flat=True))
    assert {"interview.start", "interview.save", "interview.submit"} <= actions


def test_interviews_are_read_only_by_their_association_and_interviewer(
    wave, representative, outsider, team_member, association, api
):
    (interview,) = fill(
        wave, [[3] * wave.instrument.ordered_fields().count()], organisations=[association]
    )
    path = f"/api/v1/needs/interviews/{interview.pk}"
    assert api(representative).get(path).status_code == 200
    for user in (outsider, team_member):
        assert api(user).get(path).status_code == 404
        assert api(user).get("/api/v1/needs/interviews").json()["count"] == 0
    # A representative may not start an interview (only a self-assessment).
    url = f"/api/v1/needs/waves/{wave.pk}/interviews"
    new_wave_org = factories.OrganisationFactory()
    assert api(representative).post(url, {"organisation": new_wave_org.pk}).status_code == 404
    refused = api(representative).post(url, {"organisation": association.pk})
    assert refused.status_code in (403, 422)


# ---- forum ------------------------------------------------------------------------------------

ORDER = ("bookkeeping", "project_work", "public_relations")


def test_a_delegate_casts_a_secret_ballot_and_nobody_learns_how_it_voted(
    make_poll, member, other_member, representative, outsider, team_member, interviewer, api
):
    poll = make_poll(PollMethod.SCHULZE, secret=True)
    rep = api(representative)
    listed = rep.get("/api/v1/polls").json()
    assert [p["id"] for p in listed["results"]] == [poll.pk]
    assert listed["results"][0]["may_vote"] is True
    assert api(interviewer).get("/api/v1/polls").status_code == 403

    url = f"/api/v1/polls/{poll.pk}/ballots"
    cast = rep.post(url, {"choices": ranked_choices(poll, *ORDER)})
    assert cast.status_code == 201, cast.content
    assert cast.json() == {"poll": poll.pk, "cast": True, "change_code": ""}
    assert Voter.objects.get(poll=poll).organisation == representative.acting_for
    assert Ballot.objects.get(poll=poll).organisation is None  # secret: no link
    again = rep.post(url, {"choices": ranked_choices(poll, *reversed(ORDER))})
    assert again.status_code == 409 and "already voted" in again.json()["detail"]
    # Staff are not delegates: no online ballot for them.
    assert api(team_member).post(url, {"choices": ranked_choices(poll, *ORDER)}).status_code == 403
    # A ballot naming an option of no poll: the service's translated message.
    wrong = api(outsider).post(url, {"choices": {"999999": 1}})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["message"] == (
        "The ballot names an option that is not part of this poll."
    )
    assert (
        api(outsider).post(url, {"choices": ranked_choices(poll, *reversed(ORDER))}).status_code
        == 201
    )

    # Before the count: how many ballots, no places.
    results = rep.get(f"/api/v1/polls/{poll.pk}/results").json()
    assert results["counted"] is False and results["ballots_cast"] == 2
    assert all(o["rank"] is None for o in results["options"])
    polls.poll_close(actor=TEST, poll=poll, now=timezone.now())
    counted = rep.get(f"/api/v1/polls/{poll.pk}/results").json()
    poll.refresh_from_db()
    ranks = {o.pk: o.rank for o in poll.options.all()}
    assert counted["counted"] is True
    assert {o["id"]: o["rank"] for o in counted["options"]} == ranks
    # Nothing in any answer says which association voted how.
    for path in (f"/api/v1/polls/{poll.pk}", f"/api/v1/polls/{poll.pk}/results", "/api/v1/polls"):
        text = json.dumps(rep.get(path).json())
        assert "Anadolu" not in text and "Centro" not in text
        assert "ranking" not in text and "choices" not in text


def test_a_secret_changeable_ballot_returns_its_change_code_once(
    make_poll, member, representative, api
):
    poll = make_poll(PollMethod.APPROVAL, secret=True, changeable=True)
    options = [str(o.pk) for o in poll.options.all()]
    url = f"/api/v1/polls/{poll.pk}/ballots"
    rep = api(representative)
    code = rep.post(url, {"choices": {options[0]: True}}).json()["change_code"]
    assert code
    without = rep.post(url, {"choices": {options[1]: True}})
    assert without.status_code == 409
    changed = rep.post(url, {"choices": {options[1]: True}, "change_code": code})
    assert changed.status_code == 201
    assert Ballot.objects.get(poll=poll).choices == {"approved": [options[1]]}


@pytest.mark.parametrize("method", [PollMethod.DOTS])
def test_dot_voting_limits_come_back_as_422(make_poll, member, representative, api, method):
    poll = make_poll(method, secret=False)
    option = str(poll.options.first().pk)
    response = api(representative).post(
        f"/api/v1/polls/{poll.pk}/ballots", {"choices": {option: 4}}
    )
    assert response.status_code == 422
    assert "at most 3 points" in response.json()["detail"]
