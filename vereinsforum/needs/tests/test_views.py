"""Who sees what: single-association results versus aggregates, and the capture pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vereinsforum.needs.models import FieldAnswer, Interview, Mode, Status
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.testing import factories

# Six associations; field 4 (bookkeeping) has high need for all but one.
NEEDS = [
    [2, 3, 1, 5, 4, 1, 2],
    [3, 4, 2, 4, 3, 5, 3],
    [1, 1, 2, 4, 2, 1, 2],
    [4, 5, 3, 5, 5, 4, 4],
    [2, 2, 3, 2, 2, 5, 3],
    [3, 4, 2, 4, 3, 2, 2],
]


@pytest.fixture
def filled(wave, association, other_association):
    orgs = [association, other_association] + [factories.OrganisationFactory() for _ in range(4)]
    return fill(wave, NEEDS, organisations=orgs)


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def test_evaluation_shows_distribution_and_ranking_to_the_public(client, wave, filled):
    response = client.get(reverse("needs:evaluation", args=[wave.pk]))
    assert response.status_code == 200
    evaluation = response.context["evaluation"]
    assert evaluation.n == 6
    assert evaluation.ranking[0].key == "bookkeeping"
    content = response.content.decode()
    assert "Anadolu e.V." not in content  # aggregates only
    assert reverse("needs:heatmap", args=[wave.pk]) not in content
    # the full distribution of bookkeeping: 0, 1, 0, 3, 2
    assert evaluation.fields[3].need_counts == [0, 1, 0, 3, 2]


def test_aggregates_of_fewer_than_five_associations_are_withheld(
    client, coordinator, wave, association
):
    fill(wave, NEEDS[:4])
    response = client.get(reverse("needs:evaluation", args=[wave.pk]))
    assert response.context["evaluation"] is None and response.context["suppressed"]
    assert (
        client.get(reverse("needs:export", args=[wave.pk, "kennzahlen", "csv"])).status_code == 404
    )
    assert client.get(reverse("needs:chart_png", args=[wave.pk, "ranking"])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("needs:evaluation", args=[wave.pk])).context["evaluation"].n == 4


def test_small_clusters_are_hidden_from_everyone_but_coordinators(client, coordinator, wave):
    low = [
        [1, 1, 1, 1, 1, 1, 1],
        [1, 2, 1, 1, 2, 1, 1],
        [2, 1, 1, 2, 1, 1, 1],
        [1, 1, 2, 1, 1, 2, 1],
        [1, 1, 1, 2, 1, 1, 2],
        [2, 1, 1, 1, 1, 1, 1],
    ]
    high = [[5, 5, 5, 5, 5, 5, 5], [5, 4, 5, 5, 4, 5, 5]]
    fill(wave, low + high)
    response = client.get(reverse("needs:clusters", args=[wave.pk]))
    assert [c.size for c in response.context["clusters"]] == [6]
    assert response.context["hidden_in_clusters"] == 2
    assert response.context["settings_form"] is None
    client.force_login(coordinator)
    response = client.get(reverse("needs:clusters", args=[wave.pk]))
    assert sorted(c.size for c in response.context["clusters"]) == [2, 6]


@pytest.mark.parametrize("who", ["coordinator", "interviewer", "representative"])
def test_those_inside_the_boundary_see_the_single_association(
    request, client, wave, filled, association, who
):
    user = request.getfixturevalue(who)
    _client(client, user)
    response = client.get(reverse("needs:association", args=[association.pk]))
    assert response.status_code == 200
    assert response.context["organisation"] == association
    assert len(response.context["interviews"]) == 1
    detail = client.get(reverse("needs:interview", args=[filled[0].pk]))
    assert detail.status_code == 200


@pytest.mark.parametrize("who", ["outsider", "team_member", "service_provider"])
def test_those_outside_the_boundary_do_not(request, client, wave, filled, association, who):
    _client(client, request.getfixturevalue(who))
    assert client.get(reverse("needs:association", args=[association.pk])).status_code == 404
    assert client.get(reverse("needs:interview", args=[filled[0].pk])).status_code == 404


def test_the_public_is_sent_to_the_login_for_single_results(client, wave, filled, association):
    response = client.get(reverse("needs:association", args=[association.pk]))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_heat_map_shows_only_the_rows_the_user_may_see(
    client, wave, filled, coordinator, interviewer, outsider, team_member
):
    url = reverse("needs:heatmap", args=[wave.pk])
    client.force_login(coordinator)
    rows = client.get(url).context["rows"]
    assert len(rows) == 6
    assert rows[0][1] == NEEDS[[iv.pk for iv in filled].index(rows[0][0].pk)]
    client.force_login(interviewer)
    assert [iv.organisation.name for iv, _ in client.get(url).context["rows"]] == ["Anadolu e.V."]
    client.force_login(outsider)
    assert [iv.organisation.name for iv, _ in client.get(url).context["rows"]] == [
        "Centro Italiano e.V."
    ]
    client.force_login(team_member)
    response = client.get(url)
    assert response.context["rows"] == []
    assert "Anadolu" not in response.content.decode()


def test_heat_map_prints_numbers_not_only_colour(client, wave, filled, coordinator):
    client.force_login(coordinator)
    content = client.get(reverse("needs:heatmap", args=[wave.pk])).content.decode()
    assert 'class="kern-table__cell kern-table__cell--numeric heat heat--5">5</td>' in content


def test_multipliers_only_for_coordinators(client, wave, coordinator, interviewer, outsider):
    competence = [[5] * 7] + [[2] * 7] * 5
    willing = [[1] * 7] + [[0] * 7] * 5
    needs = [[1] * 7] + [[4] * 7] * 5
    fill(wave, needs, competence=competence, willing=willing)
    url = reverse("needs:multipliers", args=[wave.pk])
    for user in (interviewer, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(coordinator)
    multipliers = client.get(url).context["multipliers"]
    assert all(len(candidates) == 1 for _, candidates in multipliers)


def test_raw_answer_export_contains_only_visible_rows(client, wave, filled, coordinator, outsider):
    url = reverse("needs:export", args=[wave.pk, "antworten", "csv"])
    client.force_login(outsider)
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    assert {r[0] for r in rows[1:]} == {"Centro Italiano e.V."}
    client.force_login(coordinator)
    response = client.get(reverse("needs:export", args=[wave.pk, "antworten", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 6 * 7
    client.logout()
    assert client.get(url).status_code == 302


def test_aggregate_export_has_the_ranking(client, wave, filled):
    response = client.get(reverse("needs:export", args=[wave.pk, "kennzahlen", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 1).value == 1 and sheet.cell(2, 5).value == "bookkeeping"
    assert [sheet.cell(2, c).value for c in range(7, 12)] == [0, 1, 0, 3, 2]


def test_charts_are_png_for_documents(client, wave, filled):
    response = client.get(reverse("needs:chart_png", args=[wave.pk, "bookkeeping"]))
    assert response["Content-Type"] == "image/png" and response.content[:4] == b"\x89PNG"


#: Two groups of five associations with opposite needs: two clusters by construction.
TWO_GROUPS = [[5, 5, 5, 5, 1, 1, 1]] * 5 + [[1, 1, 1, 1, 5, 5, 5]] * 5


def test_presentation_mode_renders_the_slides(client, wave, association):
    fill(
        wave,
        TWO_GROUPS,
        organisations=[association] + [factories.OrganisationFactory() for _ in range(9)],
    )
    response = client.get(reverse("needs:presentation", args=[wave.pk]))
    content = response.content.decode()
    # title, overview, ranking, one slide per field (7), summary, and the clusters: two
    # groups of five, each at the minimum size the public may see.
    assert content.count('class="slide"') == 1 + 1 + 1 + 7 + 1 + 1
    assert sorted(c.size for c in response.context["clusters"]) == [5, 5]
    assert "Anadolu" not in content


def test_the_public_sees_aggregates_at_exactly_five_associations(client, wave):
    fill(wave, NEEDS[:5])
    response = client.get(reverse("needs:evaluation", args=[wave.pk]))
    assert not response.context["suppressed"]
    assert response.context["evaluation"].n == 5
    export = client.get(reverse("needs:export", args=[wave.pk, "kennzahlen", "csv"]))
    assert export.status_code == 200


def test_capture_form_saves_and_keeps_bad_input(client, wave, association, interviewer):
    client.force_login(interviewer)
    response = client.post(
        reverse("needs:interview_start", args=[wave.pk]),
        {"organisation": association.pk, "mode": Mode.INTERVIEW},
    )
    interview = Interview.objects.get(wave=wave, organisation=association)
    assert response["Location"] == reverse("needs:interview", args=[interview.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'hx-post="' in page.content.decode()
    field = wave.instrument.ordered_fields()[0]
    response = client.post(
        reverse("needs:interview", args=[interview.pk]),
        {
            "members": "viele",
            "volunteers": "12",
            f"f{field.pk}-need": "4",
            f"f{field.pk}-comment": "wichtig",
            "action": "save",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="viele"' in content  # the bad value is shown again, not lost
    interview.refresh_from_db()
    assert interview.volunteers == 12
    answer = FieldAnswer.objects.get(interview=interview, field=field)
    assert (answer.need, answer.comment) == (4, "wichtig")


def test_autosave_answers_with_a_status_fragment(client, wave, association, interviewer, outsider):
    client.force_login(interviewer)
    client.post(
        reverse("needs:interview_start", args=[wave.pk]),
        {"organisation": association.pk, "mode": Mode.INTERVIEW},
    )
    interview = Interview.objects.get(wave=wave, organisation=association)
    field = wave.instrument.ordered_fields()[1]
    url = reverse("needs:interview_autosave", args=[interview.pk])
    response = client.post(
        url, {f"f{field.pk}-competence": "5", f"f{field.pk}-capacity": "x"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content and "kern-error" in content
    assert FieldAnswer.objects.get(interview=interview, field=field).competence == 5
    client.force_login(outsider)
    assert client.post(url, {f"f{field.pk}-competence": "1"}).status_code == 404
    assert FieldAnswer.objects.get(interview=interview, field=field).competence == 5


def test_submit_from_the_form_and_validate(client, wave, association, interviewer, coordinator):
    client.force_login(interviewer)
    client.post(
        reverse("needs:interview_start", args=[wave.pk]),
        {"organisation": association.pk, "mode": Mode.INTERVIEW},
    )
    interview = Interview.objects.get(wave=wave, organisation=association)
    data = {"conducted_on": "2007-06-12", "action": "submit"}
    for f in wave.instrument.ordered_fields():
        data[f"f{f.pk}-competence"] = "3"
        data[f"f{f.pk}-need"] = "4"
    response = client.post(reverse("needs:interview", args=[interview.pk]), data)
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED
    assert client.post(reverse("needs:interview_validate", args=[interview.pk])).status_code == 403
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED  # an interviewer cannot validate
    client.force_login(coordinator)
    client.post(reverse("needs:interview_validate", args=[interview.pk]))
    interview.refresh_from_db()
    assert interview.status == Status.VALIDATED


def test_instrument_pages_are_for_coordinators(client, version, coordinator, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("needs:instrument_list")).status_code == 403
    assert client.post(reverse("needs:instrument_publish", args=[version.pk])).status_code == 403
    client.force_login(coordinator)
    response = client.post(reverse("needs:instrument_list"), {"note": "Neue Frage"})
    draft = version.programme.instrument_versions.get(number=2)
    assert response["Location"] == reverse("needs:instrument", args=[draft.pk])
    item = draft.items.get(key="competence")
    response = client.post(
        reverse("needs:instrument_item", args=[item.pk]),
        {
            f"item{item.pk}-text": "Kompetenz?",
            **{f"item{item.pk}-anchor_{i}": f"L{i}" for i in range(1, 6)},
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.anchors == ["L1", "L2", "L3", "L4", "L5"]
    client.post(reverse("needs:instrument_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.is_published
    response = client.post(
        reverse("needs:instrument_item", args=[item.pk]),
        {
            f"item{item.pk}-text": "Noch einmal",
            **{f"item{item.pk}-anchor_{i}": "x" for i in range(1, 6)},
        },
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.text == "Kompetenz?"


def test_dashboard_tasks(client, wave, association, interviewer, coordinator):
    from django.apps import apps

    config = apps.get_app_config("needs")
    tasks = config.dashboard_tasks(interviewer)
    assert [t.count for t in tasks] == [1]
    fill(wave, [[3] * 7], organisations=[association], status=Status.SUBMITTED)
    assert config.dashboard_tasks(interviewer) == []
    assert [t.count for t in config.dashboard_tasks(coordinator)] == [1]


def test_representative_starts_a_self_assessment(client, wave, association, representative):
    client.force_login(representative)
    page = client.get(reverse("needs:wave", args=[wave.pk]))
    assert [o.pk for o in page.context["todo"]] == [association.pk]
    client.post(
        reverse("needs:interview_start", args=[wave.pk]),
        {"organisation": association.pk, "mode": Mode.SELF_ASSESSMENT},
    )
    interview = Interview.objects.get(wave=wave, organisation=association)
    assert interview.mode == Mode.SELF_ASSESSMENT
    assert client.get(reverse("needs:my_results")).status_code == 302
