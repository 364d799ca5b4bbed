"""Writes for tandems: settings, mentor offers, runs, review, answers, feedback, completion.

Views fetch what the user may see (tandems/scoping.py); each service asks again who the
actor is and what it may do: staff run the matching and review, an association's side is
answered by its representative or by staff on its behalf (commands and the demo, a
SystemActor, may do every step). The services also check the workflow: a proposal is
reviewed once, an association answers only for its own side and only once, feedback only on
an active tandem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor, SystemActor, user_of
from vereinsforum.needs.evaluation import Evaluation, MultiplierCandidate
from vereinsforum.needs.models import Wave
from vereinsforum.needs.stored import stored_evaluation
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import Field, Programme
from vereinsforum.tandems.matching import (
    FieldProblem,
    Party,
    Weights,
    community_tokens,
    solve,
)
from vereinsforum.tandems.models import (
    KEPT,
    NEVER_AGAIN,
    Answer,
    MentorOffer,
    Side,
    Tandem,
    TandemRun,
    TandemSettings,
    TandemStatus,
)
from vereinsforum.tandems.scoping import is_tandem_staff, may_offer_for

SETTINGS_FIELDS = (
    "weight_gap",
    "weight_language",
    "weight_district",
    "min_gap",
    "need_threshold",
    "max_distance_km",
    "max_per_mentee",
)


# ---- who may ---------------------------------------------------------------------------------


def _require_staff(actor: Actor) -> None:
    if not (isinstance(actor, SystemActor) or is_tandem_staff(user_of(actor))):
        raise PermissionDenied


def _require_for(actor: Actor, organisation: Organisation) -> None:
    """Staff act on an association's behalf, a representative for their own association."""
    if not (isinstance(actor, SystemActor) or may_offer_for(user_of(actor), organisation.pk)):
        raise PermissionDenied


# ---- settings and offers --------------------------------------------------------------------


def settings_for(programme: Programme) -> TandemSettings:
    """The programme's settings; the defaults (unsaved) until staff save them."""
    found = TandemSettings.objects.filter(programme=programme).first()
    return found or TandemSettings(programme=programme)


def weights_of(s: TandemSettings) -> Weights:
    return Weights(
        gap=float(s.weight_gap),
        language=float(s.weight_language),
        district=float(s.weight_district),
        min_gap=int(s.min_gap),
        max_distance_km=None if s.max_distance_km is None else float(s.max_distance_km),
        max_per_mentee=s.max_per_mentee,
    )


@transaction.atomic
def tandem_settings_update(
    *,
    actor: Actor,
    programme: Programme,
    weight_gap: Decimal,
    weight_language: Decimal,
    weight_district: Decimal,
    min_gap: int,
    need_threshold: int,
    max_distance_km: Decimal | None = None,
    max_per_mentee: int | None = None,
) -> TandemSettings:
    _require_staff(actor)
    s = TandemSettings.objects.select_for_update().filter(programme=programme).first()
    s = s or TandemSettings(programme=programme)
    before = snapshot(s, SETTINGS_FIELDS) if s.pk else {}
    s.weight_gap = weight_gap
    s.weight_language = weight_language
    s.weight_district = weight_district
    s.min_gap = min_gap
    s.need_threshold = need_threshold
    s.max_distance_km = max_distance_km
    s.max_per_mentee = max_per_mentee
    s.full_clean()
    s.save()
    audit_record(
        actor=actor,
        action="tandem_settings.update",
        target=s,
        changes=diff(before, snapshot(s, SETTINGS_FIELDS)),
    )
    return s


def candidates_by_field(
    evaluation: Evaluation | None,
) -> dict[str, dict[int, MultiplierCandidate]]:
    """{field key: {organisation id: MultiplierCandidate}} of the wave's analysis."""
    if evaluation is None:
        return {}
    return {
        key: {c.organisation_id: c for c in candidates}
        for key, candidates in evaluation.multipliers.items()
    }


@transaction.atomic
def mentor_offers_set(
    *,
    actor: Actor,
    wave: Wave,
    organisation: Organisation,
    capacities: Mapping[Field, int],
    evaluation: Evaluation | None = None,
) -> list[MentorOffer]:
    """How many associations `organisation` will mentor, per field (0 = none)."""
    _require_for(actor, organisation)
    if evaluation is None:
        evaluation = stored_evaluation(wave).evaluation
    candidates = candidates_by_field(evaluation)
    asked = set(wave.instrument.fields.values_list("pk", flat=True))
    offers = []
    for field, capacity in capacities.items():
        if field.pk not in asked:
            raise ValidationError(_("The wave did not ask about this field."))
        if organisation.pk not in candidates.get(field.key, {}):
            raise ValidationError(
                _("Only a multiplier candidate of the analysis can offer to mentor in a field.")
            )
        if not 0 <= capacity <= 20:
            raise ValidationError(_("Offer between 0 and 20 associations."))
        offer = (
            MentorOffer.objects.select_for_update()
            .filter(wave=wave, organisation=organisation, field=field)
            .first()
        )
        before = {"capacity": offer.capacity} if offer else {}
        if offer is None:
            offer = MentorOffer(
                wave=wave, organisation=organisation, field=field, capacity=capacity
            )
        if before.get("capacity") == capacity:
            offers.append(offer)
            continue
        offer.capacity = capacity
        offer.full_clean()
        offer.save()
        audit_record(
            actor=actor,
            action="mentor_offer.set",
            target=offer,
            changes=diff(before, {"capacity": capacity}),
            target_repr=f"{organisation.name} – {field.key}",
        )
        offers.append(offer)
    return offers


# ---- the run --------------------------------------------------------------------------------


@dataclass
class WaveProblem:
    """What a run of one wave solves, loaded from the database."""

    problems: list[FieldProblem]
    fields: dict[str, Field]
    weights: Weights


def _party(
    org: Organisation,
    languages: dict[int, frozenset[str]],
    competence: int,
    *,
    need: int = 0,
    capacity: int = 0,
) -> Party:
    return Party(
        organisation_id=org.pk,
        name=org.name,
        competence=competence,
        district=org.district,
        languages=languages.get(org.pk, frozenset()),
        communities=community_tokens(org.communities),
        need=need,
        capacity=capacity,
    )


def wave_problem(wave: Wave, evaluation: Evaluation, settings: TandemSettings) -> WaveProblem:
    data = evaluation.data
    fields = {f.key: f for f in wave.instrument.ordered_fields()}
    row_of = {org_id: r for r, org_id in enumerate(data.organisation_ids)}
    candidates = candidates_by_field(evaluation)
    offers = {
        (o.organisation_id, o.field.key): o.capacity
        for o in MentorOffer.objects.filter(wave=wave).select_related("field")
    }
    existing = list(
        Tandem.objects.filter(wave=wave, status__in=[*KEPT, *NEVER_AGAIN]).values_list(
            "field__key", "mentor_id", "mentee_id", "status"
        )
    )
    org_ids = (
        set(data.organisation_ids) | {m for _, m, _, _ in existing} | {e for _, _, e, _ in existing}
    )
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=org_ids)}
    languages: dict[int, set[str]] = {}
    for org_id, code in Organisation.languages.through.objects.filter(
        organisation_id__in=org_ids
    ).values_list("organisation_id", "language__code"):
        languages.setdefault(org_id, set()).add(code)
    frozen = {k: frozenset(v) for k, v in languages.items()}

    problems = []
    for j, key in enumerate(data.field_keys):
        kept = [(m, e) for k, m, e, s in existing if k == key and s in KEPT]
        never = [(m, e) for k, m, e, s in existing if k == key and s in NEVER_AGAIN]

        def competence(org_id: int, column: int = j) -> int:
            r = row_of.get(org_id)
            return int(data.competence[r, column]) if r is not None else 0

        def need(org_id: int, column: int = j) -> int:
            r = row_of.get(org_id)
            return int(data.need[r, column]) if r is not None else 0

        mentor_ids = {
            org_id for org_id in candidates.get(key, {}) if offers.get((org_id, key), 0) > 0
        } | {m for m, _ in kept}
        mentee_ids = {
            org_id
            for r, org_id in enumerate(data.organisation_ids)
            if data.need[r, j] >= settings.need_threshold
        } | {e for _, e in kept}
        mentors = [
            _party(orgs[i], frozen, competence(i), capacity=offers.get((i, key), 0))
            for i in mentor_ids
            if i in orgs
        ]
        mentees = [
            _party(orgs[i], frozen, competence(i), need=need(i)) for i in mentee_ids if i in orgs
        ]
        problems.append(FieldProblem(key, mentors, mentees, fixed=kept, excluded=never))
    return WaveProblem(problems=problems, fields=fields, weights=weights_of(settings))


@transaction.atomic
def tandems_run(*, actor: Actor, wave: Wave, at: datetime | None = None) -> TandemRun:
    """Propose the optimal tandems of a wave.

    Proposals staff have not reviewed yet are replaced; approved and active tandems stay
    (and use their mentor's capacity); declined, discarded and completed pairs are never
    proposed again."""
    _require_staff(actor)
    # One run at a time per wave: the second waits here and then sees the first's result.
    locked = Wave.objects.select_for_update().select_related("instrument").get(pk=wave.pk)
    at = at or timezone.now()
    # The analysis as the needs pages show it (computed once per change of the wave's data);
    # the wave as read under the lock, so its data version is the current one.
    evaluation = stored_evaluation(locked).evaluation
    if evaluation is None:
        raise ValidationError(_("The wave has fewer than two complete interviews."))
    settings = settings_for(wave.programme)
    superseded, _n = Tandem.objects.filter(wave=wave, status=TandemStatus.PROPOSED).delete()
    problem = wave_problem(wave, evaluation, settings)
    solution = solve(problem.problems, problem.weights)
    run = TandemRun.objects.create(
        wave=wave,
        created=at,
        created_by=user_of(actor),
        parameters={
            name: (None if getattr(settings, name) is None else float(getattr(settings, name)))
            for name in SETTINGS_FIELDS
        },
        method=solution.method,
        proposed=len(solution.new),
        kept=len(solution.pairings) - len(solution.new),
        total_benefit=solution.total_benefit,
    )
    Tandem.objects.bulk_create(
        [
            Tandem(
                wave=wave,
                field=problem.fields[p.field_key],
                mentor_id=p.mentor_id,
                mentee_id=p.mentee_id,
                run=run,
                status=TandemStatus.PROPOSED,
                benefit=p.benefit,
                gap=p.gap,
                mentor_competence=p.mentor_competence,
                mentee_competence=p.mentee_competence,
                mentee_need=p.mentee_need,
                shared_languages=list(p.shared_languages),
                shared_communities=list(p.shared_communities),
                mentor_district=p.mentor_district,
                mentee_district=p.mentee_district,
                distance_km=p.distance_km,
                benefit_gap=p.benefit_gap,
                benefit_language=p.benefit_language,
                benefit_district=p.benefit_district,
                proposed_at=at,
            )
            for p in solution.new
        ]
    )
    audit_record(
        actor=actor,
        action="tandem.propose",
        target=run,
        changes={
            "proposed": [None, run.proposed],
            "kept": [None, run.kept],
            "superseded": [None, superseded],
            "method": [None, run.method],
        },
    )
    return run


# ---- the workflow ---------------------------------------------------------------------------


def _locked(tandem: Tandem) -> Tandem:
    return Tandem.objects.select_for_update().get(pk=tandem.pk)


def _record(actor: Actor, action: str, tandem: Tandem, before: dict, fields: tuple) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=tandem,
        changes=diff(before, snapshot(tandem, fields)),
        target_repr=f"{tandem.mentor.name} → {tandem.mentee.name} ({tandem.field.key})",
    )


@transaction.atomic
def tandem_review(
    *, actor: Actor, tandem: Tandem, approve: bool, at: datetime | None = None
) -> Tandem:
    """Staff approve a proposal (it goes to both associations) or discard it."""
    _require_staff(actor)
    tandem = _locked(tandem)
    if tandem.status != TandemStatus.PROPOSED:
        raise ValidationError(_("This tandem has already been reviewed."))
    before = snapshot(tandem, ("status",))
    tandem.status = TandemStatus.APPROVED if approve else TandemStatus.DISCARDED
    tandem.reviewed_at = at or timezone.now()
    tandem.save(update_fields=["status", "reviewed_at"])
    _record(actor, "tandem.approve" if approve else "tandem.discard", tandem, before, ("status",))
    return tandem


@transaction.atomic
def tandem_answer(
    *,
    actor: Actor,
    tandem: Tandem,
    organisation: Organisation,
    accept: bool,
    at: datetime | None = None,
) -> Tandem:
    """One side accepts or declines. Both accepted: the tandem is active; one declined: it
    is declined (and never proposed again)."""
    tandem = _locked(tandem)
    side = tandem.side_of(organisation.pk)
    if side is None:
        raise ValidationError(_("Only the two associations of a tandem can answer it."))
    # The actor must act for that side: its representative, or staff on its behalf.
    _require_for(actor, organisation)
    if tandem.status != TandemStatus.APPROVED or tandem.answer_of(side) != Answer.PENDING:
        raise ValidationError(_("This tandem cannot be answered (any more)."))
    fields = ("status", "mentor_answer", "mentee_answer")
    before = snapshot(tandem, fields)
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    setattr(tandem, "mentor_answer" if side == Side.MENTOR else "mentee_answer", answer)
    if not accept:
        tandem.status = TandemStatus.DECLINED
    elif tandem.mentor_answer == tandem.mentee_answer == Answer.ACCEPTED:
        tandem.status = TandemStatus.ACTIVE
        tandem.started_at = at or timezone.now()
    tandem.save()
    _record(actor, "tandem.accept" if accept else "tandem.decline", tandem, before, fields)
    return tandem


@transaction.atomic
def tandem_feedback(
    *,
    actor: Actor,
    tandem: Tandem,
    organisation: Organisation,
    feedback: str,
    at: datetime | None = None,
) -> Tandem:
    """One side's feedback on an active tandem; with both sides' feedback it is completed."""
    tandem = _locked(tandem)
    side = tandem.side_of(organisation.pk)
    if side is None:
        raise ValidationError(_("Only the two associations of a tandem can give feedback."))
    # The actor must act for that side: its representative, or staff on its behalf.
    _require_for(actor, organisation)
    if tandem.status != TandemStatus.ACTIVE:
        raise ValidationError(_("Feedback is given on an active tandem."))
    feedback = feedback.strip()
    if not feedback:
        raise ValidationError(_("Please write your feedback."))
    name = "mentor_feedback" if side == Side.MENTOR else "mentee_feedback"
    fields = ("status", name)
    before = snapshot(tandem, fields)
    setattr(tandem, name, feedback)
    if tandem.mentor_feedback and tandem.mentee_feedback:
        tandem.status = TandemStatus.COMPLETED
        tandem.completed_at = at or timezone.now()
    tandem.save()
    _record(actor, "tandem.feedback", tandem, before, fields)
    if tandem.status == TandemStatus.COMPLETED:
        _record(actor, "tandem.complete", tandem, {"status": TandemStatus.ACTIVE}, ("status",))
    return tandem


@transaction.atomic
def tandem_complete(*, actor: Actor, tandem: Tandem, at: datetime | None = None) -> Tandem:
    """Staff close an active tandem (also when a side's feedback is missing)."""
    _require_staff(actor)
    tandem = _locked(tandem)
    if tandem.status != TandemStatus.ACTIVE:
        raise ValidationError(_("Only an active tandem can be completed."))
    before = snapshot(tandem, ("status",))
    tandem.status = TandemStatus.COMPLETED
    tandem.completed_at = at or timezone.now()
    tandem.save(update_fields=["status", "completed_at"])
    _record(actor, "tandem.complete", tandem, before, ("status",))
    return tandem
