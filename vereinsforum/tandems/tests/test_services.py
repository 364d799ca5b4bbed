"""Runs, re-runs and the workflow, on the small wave of conftest.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vereinsforum.audit.labels import ACTION_LABELS
from vereinsforum.audit.models import AuditEntry
from vereinsforum.tandems import services
from vereinsforum.tandems.models import Answer, MentorOffer, Tandem, TandemStatus
from vereinsforum.tandems.tests.conftest import pairs

pytestmark = pytest.mark.django_db


def test_a_run_proposes_the_optimal_tandems_with_explanations(offers, coordinator):
    w = offers
    run = services.tandems_run(actor=coordinator, wave=w["wave"])
    # Hand-computed (conftest docstring): Anadolu–X 6, B–Y 4, B–Z 3.36; the outsider's
    # association gets nobody (gap 1 to B, and Anadolu's one place goes to X).
    assert pairs(w) == {("anadolu", "x"), ("mentor_b", "y"), ("mentor_b", "z")}
    assert run.proposed == 3 and run.kept == 0 and run.method == "lsa"
    ax = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    assert ax.status == TandemStatus.PROPOSED
    assert (ax.gap, ax.mentor_competence, ax.mentee_competence, ax.mentee_need) == (4, 5, 1, 5)
    assert ax.shared_languages == ["tr"] and ax.shared_communities == ["türkisch"]
    assert (ax.mentor_district, ax.mentee_district, ax.distance_km) == (
        "Elberfeld",
        "Elberfeld",
        0.0,
    )
    assert ax.benefit == pytest.approx(6.0)
    bz = Tandem.objects.get(mentor=w["mentor_b"], mentee=w["z"])
    assert bz.shared_languages == [] and 9 < bz.distance_km < 10
    assert run.total_benefit == pytest.approx(6 + 4 + bz.benefit)
    entry = AuditEntry.objects.get(action="tandem.propose")
    assert entry.changes["proposed"] == [None, 3]


def test_without_an_offer_a_candidate_mentors_nobody(world, coordinator):
    services.tandems_run(actor=coordinator, wave=world["wave"])
    assert not Tandem.objects.exists()


def test_only_candidates_can_offer(world, coordinator):
    with pytest.raises(ValidationError):
        services.mentor_offers_set(
            actor=coordinator,
            wave=world["wave"],
            organisation=world["x"],
            capacities={world["field"]: 2},
        )
    assert not MentorOffer.objects.filter(organisation=world["x"]).exists()


def test_a_rerun_keeps_agreed_pairs_replaces_open_ones_and_never_repeats_a_declined_one(
    offers, coordinator
):
    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    ax = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    by = Tandem.objects.get(mentor=w["mentor_b"], mentee=w["y"])
    bz = Tandem.objects.get(mentor=w["mentor_b"], mentee=w["z"])
    services.tandem_review(actor=coordinator, tandem=ax, approve=True)
    services.tandem_review(actor=coordinator, tandem=by, approve=True)
    services.tandem_answer(actor=coordinator, tandem=by, organisation=w["y"], accept=False)
    # Now weights change so that, from scratch, Anadolu would rather mentor Z than X.
    services.tandem_settings_update(
        actor=coordinator,
        programme=w["wave"].programme,
        weight_gap=Decimal("1"),
        weight_language=Decimal("0"),
        weight_district=Decimal("0"),
        min_gap=2,
        need_threshold=3,
    )
    run = services.tandems_run(actor=coordinator, wave=w["wave"])
    assert not Tandem.objects.filter(pk=bz.pk).exists()  # open proposal replaced
    ax.refresh_from_db()
    assert ax.status == TandemStatus.APPROVED  # kept, not re-proposed
    assert run.kept == 1
    # B's two places: Y declined, so B takes Z and the outsider's association is not
    # eligible (gap 1): only one new proposal, B–Z.
    assert pairs(w, status=TandemStatus.PROPOSED) == {("mentor_b", "z")}
    assert Tandem.objects.filter(mentor=w["mentor_b"], mentee=w["y"]).get().status == (
        TandemStatus.DECLINED
    )


def test_an_agreed_pair_uses_its_mentors_capacity(offers, coordinator):
    w = offers
    # Anadolu's one place is taken by an agreed tandem with Z (not the optimum from scratch).
    Tandem.objects.create(
        wave=w["wave"],
        field=w["field"],
        mentor=w["anadolu"],
        mentee=w["z"],
        status=TandemStatus.APPROVED,
        benefit=1,
        gap=4,
        mentor_competence=5,
        mentee_competence=1,
        mentee_need=4,
        benefit_gap=4,
        benefit_language=0,
        benefit_district=0,
    )
    services.tandems_run(actor=coordinator, wave=w["wave"])
    assert pairs(w, status=TandemStatus.PROPOSED) == {("mentor_b", "x"), ("mentor_b", "y")}


def test_both_accept_then_active_then_feedback_from_both_completes(
    offers, coordinator, representative
):
    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    t = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    with pytest.raises(ValidationError):  # not approved yet
        services.tandem_answer(
            actor=representative, tandem=t, organisation=w["anadolu"], accept=True
        )
    t = services.tandem_review(actor=coordinator, tandem=t, approve=True)
    with pytest.raises(ValidationError):
        services.tandem_review(actor=coordinator, tandem=t, approve=True)
    with pytest.raises(ValidationError):  # not a side of this tandem
        services.tandem_answer(actor=representative, tandem=t, organisation=w["y"], accept=True)
    t = services.tandem_answer(
        actor=representative, tandem=t, organisation=w["anadolu"], accept=True
    )
    assert (t.status, t.mentor_answer, t.mentee_answer) == (
        TandemStatus.APPROVED,
        Answer.ACCEPTED,
        Answer.PENDING,
    )
    with pytest.raises(ValidationError):  # answered once
        services.tandem_answer(
            actor=representative, tandem=t, organisation=w["anadolu"], accept=False
        )
    t = services.tandem_answer(actor=coordinator, tandem=t, organisation=w["x"], accept=True)
    assert t.status == TandemStatus.ACTIVE and t.started_at is not None
    with pytest.raises(ValidationError):
        services.tandem_feedback(
            actor=representative, tandem=t, organisation=w["anadolu"], feedback=" "
        )
    t = services.tandem_feedback(
        actor=representative, tandem=t, organisation=w["anadolu"], feedback="Gut gelaufen."
    )
    assert t.status == TandemStatus.ACTIVE
    t = services.tandem_feedback(
        actor=coordinator, tandem=t, organisation=w["x"], feedback="Sehr hilfreich."
    )
    assert t.status == TandemStatus.COMPLETED and t.completed_at is not None
    actions = list(
        AuditEntry.objects.filter(target_type="tandems.tandem")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "tandem.approve",
        "tandem.accept",
        "tandem.accept",
        "tandem.feedback",
        "tandem.feedback",
        "tandem.complete",
    ]
    # free text is never recorded in the log
    assert "Gut gelaufen" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_a_completed_pair_is_not_proposed_again(offers, coordinator):
    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    t = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    services.tandem_review(actor=coordinator, tandem=t, approve=True)
    services.tandem_answer(actor=coordinator, tandem=t, organisation=w["anadolu"], accept=True)
    services.tandem_answer(actor=coordinator, tandem=t, organisation=w["x"], accept=True)
    services.tandem_complete(actor=coordinator, tandem=t)
    services.tandems_run(actor=coordinator, wave=w["wave"])
    assert ("anadolu", "x") not in pairs(w, status=TandemStatus.PROPOSED)


def test_the_database_refuses_a_second_open_mentor_and_a_pair_with_itself(offers, coordinator):
    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    base = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    fields = {
        "wave": w["wave"],
        "field": w["field"],
        "benefit": 1,
        "gap": 2,
        "mentor_competence": 5,
        "mentee_competence": 1,
        "mentee_need": 5,
        "benefit_gap": 1,
        "benefit_language": 0,
        "benefit_district": 0,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Tandem.objects.create(mentor=w["mentor_b"], mentee=base.mentee, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tandem.objects.create(mentor=w["x"], mentee=w["x"], **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tandem.objects.filter(pk=base.pk).update(status=TandemStatus.ACTIVE)


def test_every_recorded_action_has_a_label():
    for action in (
        "tandem.propose",
        "tandem.approve",
        "tandem.discard",
        "tandem.accept",
        "tandem.decline",
        "tandem.feedback",
        "tandem.complete",
        "tandem_settings.update",
        "mentor_offer.set",
    ):
        assert action in ACTION_LABELS


def test_erasing_a_person_scrubs_their_name_from_feedback(offers, coordinator):
    from django.apps import apps

    w = offers
    services.tandems_run(actor=coordinator, wave=w["wave"])
    t = Tandem.objects.get(mentor=w["anadolu"], mentee=w["x"])
    Tandem.objects.filter(pk=t.pk).update(mentor_feedback="Danke an Ayşe Yılmaz!")
    apps.get_app_config("tandems").erase_person(person=None, account=None, terms=["Ayşe Yılmaz"])
    t.refresh_from_db()
    assert t.mentor_feedback == "Danke an –!"
