"""The pages: staff run and review, associations answer, outsiders find nothing."""

from __future__ import annotations

import csv
import io
import re
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vereinsforum.accounts.models import Role
from vereinsforum.needs import evaluation as evaluation_module
from vereinsforum.tandems import services
from vereinsforum.tandems.models import Answer, MentorOffer, Tandem, TandemSettings, TandemStatus
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


@pytest.fixture
def proposed(offers, coordinator):
    services.tandems_run(actor=coordinator, wave=offers["wave"])
    return offers


def _approved(w, coordinator, mentor="anadolu", mentee="x"):
    t = Tandem.objects.get(mentor=w[mentor], mentee=w[mentee])
    return services.tandem_review(actor=coordinator, tandem=t, approve=True)


def test_staff_see_the_proposals_with_their_explanation(client, coordinator, proposed):
    client.force_login(coordinator)
    page = client.get(reverse("tandems:wave", args=[proposed["wave"].pk])).content.decode()
    assert "Verein X e.V." in page and "Mentorverein e.V." in page
    # the Anadolu–X explanation: gap 4 (5 vs 1), Turkish shared, same district 0 km
    # (numbers in the page's language: German by default)
    assert re.search(r"Competence gap 4 \(mentor 5, mentee 1\): \+4[.,]00", page)
    assert re.search(r"Elberfeld</bdi> – <bdi>Elberfeld</bdi>, about 0[.,]0 km: \+1[.,]00", page)
    assert "türkisch" in page


def test_staff_run_from_the_page(client, team_member, offers):
    client.force_login(team_member)
    response = client.post(reverse("tandems:run", args=[offers["wave"].pk]))
    assert response.status_code == 302
    assert Tandem.objects.filter(status=TandemStatus.PROPOSED).count() == 3


def test_staff_approve_and_discard(client, coordinator, proposed):
    client.force_login(coordinator)
    ax = Tandem.objects.get(mentor=proposed["anadolu"], mentee=proposed["x"])
    by = Tandem.objects.get(mentor=proposed["mentor_b"], mentee=proposed["y"])
    client.post(reverse("tandems:review", args=[ax.pk]), {"decision": "approve"})
    client.post(reverse("tandems:review", args=[by.pk]), {"decision": "discard", "back": "wave"})
    ax.refresh_from_db()
    by.refresh_from_db()
    assert (ax.status, by.status) == (TandemStatus.APPROVED, TandemStatus.DISCARDED)


def test_reviewing_on_the_wave_page_swaps_the_proposal_in_place(client, coordinator, proposed):
    client.force_login(coordinator)
    ax = Tandem.objects.get(mentor=proposed["anadolu"], mentee=proposed["x"])
    url = reverse("tandems:review", args=[ax.pk])
    response = client.post(url, {"decision": "approve"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith(f'<li class="tandem-proposal" id="proposal-{ax.pk}"')
    assert 'data-status="approved"' in fragment and "<form" not in fragment
    assert "<html" not in fragment
    # a second review is refused and says so in the fragment
    again = client.post(url, {"decision": "discard"}, headers={"HX-Request": "true"})
    assert 'role="alert"' in again.content.decode()
    ax.refresh_from_db()
    assert ax.status == TandemStatus.APPROVED


def test_a_representative_sees_only_approved_tandems_of_their_own(
    client, coordinator, representative, proposed
):
    client.force_login(representative)
    ax = Tandem.objects.get(mentor=proposed["anadolu"], mentee=proposed["x"])
    assert client.get(reverse("tandems:detail", args=[ax.pk])).status_code == 404
    assert "Verein X e.V." not in client.get(reverse("tandems:index")).content.decode()
    _approved(proposed, coordinator)
    index = client.get(reverse("tandems:index")).content.decode()
    assert "you mentor" in index and "Verein X e.V." in index
    assert "Verein Y e.V." not in index  # B's tandem is not Anadolu's
    by = Tandem.objects.get(mentor=proposed["mentor_b"], mentee=proposed["y"])
    services.tandem_review(actor=coordinator, tandem=by, approve=True)
    assert client.get(reverse("tandems:detail", args=[by.pk])).status_code == 404


def test_the_representative_accepts_and_the_mentee_accepts_then_it_is_active(
    client, coordinator, representative, proposed
):
    t = _approved(proposed, coordinator)
    client.force_login(representative)
    page = client.get(reverse("tandems:detail", args=[t.pk])).content.decode()
    assert "Will your association mentor this association?" in page
    response = client.post(reverse("tandems:answer", args=[t.pk]), {"answer": "accept"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.mentor_answer, t.mentee_answer, t.status) == (
        Answer.ACCEPTED,
        Answer.PENDING,
        TandemStatus.APPROVED,
    )
    # X's representative answers for X
    x_rep = factories.UserFactory(role=Role.REPRESENTATIVE, acting_for=proposed["x"])
    factories.AffiliationFactory(person=x_rep.person, organisation=proposed["x"])
    client.force_login(x_rep)
    client.post(reverse("tandems:answer", args=[t.pk]), {"answer": "accept"})
    t.refresh_from_db()
    assert t.status == TandemStatus.ACTIVE
    client.post(reverse("tandems:feedback", args=[t.pk]), {"feedback": "Sehr hilfreich."})
    client.force_login(representative)
    client.post(reverse("tandems:feedback", args=[t.pk]), {"feedback": "Gerne wieder."})
    t.refresh_from_db()
    assert t.status == TandemStatus.COMPLETED
    assert (t.mentor_feedback, t.mentee_feedback) == ("Gerne wieder.", "Sehr hilfreich.")


def test_an_outsider_can_neither_see_nor_answer(client, coordinator, outsider, proposed):
    t = _approved(proposed, coordinator)
    client.force_login(outsider)
    assert client.get(reverse("tandems:detail", args=[t.pk])).status_code == 404
    assert (
        client.post(reverse("tandems:answer", args=[t.pk]), {"answer": "decline"}).status_code
        == 404
    )
    t.refresh_from_db()
    assert t.mentor_answer == t.mentee_answer == Answer.PENDING
    # nor enter an offer for the association
    url = reverse("tandems:offer", args=[proposed["wave"].pk, proposed["anadolu"].pk])
    assert client.post(url, {f"field{proposed['field'].pk}-capacity": 5}).status_code == 404


def test_a_representative_cannot_review_and_staff_cannot_answer(
    client, coordinator, representative, team_member, proposed
):
    ax = Tandem.objects.get(mentor=proposed["anadolu"], mentee=proposed["x"])
    client.force_login(representative)
    assert (
        client.post(reverse("tandems:review", args=[ax.pk]), {"decision": "approve"}).status_code
        == 403
    )
    _approved(proposed, coordinator)
    client.force_login(team_member)
    assert (
        client.post(reverse("tandems:answer", args=[ax.pk]), {"answer": "accept"}).status_code
        == 403
    )
    ax.refresh_from_db()
    assert ax.mentor_answer == Answer.PENDING


@pytest.mark.parametrize("role", ["interviewer", "service_provider"])
def test_interviewers_and_service_providers_have_no_business_here(client, request, role, proposed):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("tandems:index")).status_code == 403
    t = Tandem.objects.first()
    assert client.get(reverse("tandems:detail", args=[t.pk])).status_code == 403


def test_the_representative_enters_the_offer_of_their_own_association(
    client, representative, world
):
    client.force_login(representative)
    url = reverse("tandems:offer", args=[world["wave"].pk, world["anadolu"].pk])
    page = client.get(url).content.decode()
    assert "could support 2 associations" in page  # what it said in the interview
    response = client.post(url, {f"field{world['field'].pk}-capacity": 3})
    assert response.status_code == 302
    assert MentorOffer.objects.get(organisation=world["anadolu"]).capacity == 3
    # another association's offer page: not theirs
    other = reverse("tandems:offer", args=[world["wave"].pk, world["mentor_b"].pk])
    assert client.get(other).status_code == 404
    assert client.post(url, {f"field{world['field'].pk}-capacity": 99}).status_code == 400


def test_the_pages_and_the_run_read_the_stored_analysis(client, coordinator, representative, world):
    """The wave's needs analysis is computed once per change of its data (needs/stored.py),
    not on every page, offer or run."""
    wave, field = world["wave"], world["field"]
    with mock.patch.object(
        evaluation_module, "evaluate", wraps=evaluation_module.evaluate
    ) as evaluate:
        client.force_login(coordinator)
        for org, capacity in ((world["anadolu"], 1), (world["mentor_b"], 2)):
            url = reverse("tandems:offer", args=[wave.pk, org.pk])
            assert client.get(url).status_code == 200
            assert client.post(url, {f"field{field.pk}-capacity": capacity}).status_code == 302
        assert client.post(reverse("tandems:run", args=[wave.pk])).status_code == 302
        for _ in range(2):
            assert (
                "Verein X e.V."
                in client.get(reverse("tandems:wave", args=[wave.pk])).content.decode()
            )
        client.force_login(representative)
        for _ in range(2):
            assert client.get(reverse("tandems:index")).status_code == 200
    assert evaluate.call_count == 1
    assert Tandem.objects.filter(wave=wave, status=TandemStatus.PROPOSED).count() == 3


def test_staff_change_the_weights(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("tandems:settings"),
        {
            "weight_gap": "2",
            "weight_language": "0.5",
            "weight_district": "0",
            "min_gap": "1",
            "need_threshold": "4",
            "max_distance_km": "8",
            "max_per_mentee": "2",
        },
    )
    assert response.status_code == 302
    s = TandemSettings.objects.get(programme=programme)
    assert (float(s.weight_gap), s.min_gap, float(s.max_distance_km), s.max_per_mentee) == (
        2.0,
        1,
        8.0,
        2,
    )
    assert client.post(reverse("tandems:settings"), {"weight_gap": "-1"}).status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export(client, coordinator, proposed, fmt):
    client.force_login(coordinator)
    response = client.get(reverse("tandems:export", args=[proposed["wave"].pk, fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [
            [("" if c is None else c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    ax = next(r for r in body if r[1] == "Anadolu e.V.")
    assert ax[2] == "Verein X e.V."
    assert float(ax[header.index("Benefit")]) == pytest.approx(6.0)
    assert ax[header.index("Shared communities")] == "türkisch"


def test_dashboard_tasks_and_navigation(
    coordinator, representative, outsider, interviewer, proposed
):
    from django.apps import apps

    config = apps.get_app_config("tandems")
    [task] = config.dashboard_tasks(coordinator)
    assert task.count == 3 and task.url == reverse("tandems:index")
    assert config.dashboard_tasks(representative) == []
    _approved(proposed, coordinator)
    [answer] = config.dashboard_tasks(representative)
    assert answer.count == 1
    assert config.dashboard_tasks(outsider) == []
    assert [item.url_name for item in config.nav_items(representative)] == ["tandems:index"]
    assert config.nav_items(interviewer) == []
