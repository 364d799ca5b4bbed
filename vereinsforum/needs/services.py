"""Writes of the needs analysis. Each runs in a transaction, checks who acts, and audits.

Each write that changes what a wave's evaluation reads gives the wave a new data version in
the same transaction (`stored.bump`), so its stored evaluation is computed afresh."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role
from vereinsforum.audit.services import REDACTED, audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.needs.inputs import AnswerValues, InterviewGeneral, WaveSettings
from vereinsforum.needs.instrument import DEFAULT_ITEMS
from vereinsforum.needs.models import (
    SCALE_ITEM_KEYS,
    FieldAnswer,
    InstrumentField,
    InstrumentItem,
    InstrumentVersion,
    Interview,
    Mode,
    Status,
    VersionStatus,
    Wave,
)
from vereinsforum.needs.stored import bump
from vereinsforum.organisations.models import Language, Organisation, OrganisationKind
from vereinsforum.programmes.models import Field, Programme
from vereinsforum.programmes.scoping import assigned_organisation_ids

GENERAL_FIELDS = ("conducted_on", "members", "volunteers", "premises", "has_website", "has_flyer")
ANSWER_FIELDS = ("competence", "need", "willing", "capacity", "comment")


def _require_coordinator(actor: Actor) -> None:
    if not getattr(actor, "is_coordinator", False):
        raise PermissionDenied(_("Only coordinators may do this."))


def _refuse_published(version: InstrumentVersion) -> None:
    if version.is_published:
        raise ValidationError(
            _("Version %(number)s is published and can no longer change. Create a new version.")
            % {"number": version.number}
        )


# ---- instrument ------------------------------------------------------------------------------


@transaction.atomic
def instrument_version_create(
    *, actor: Actor, programme: Programme, note: str = ""
) -> InstrumentVersion:
    """A new draft: a copy of the latest version, or the default wording over all fields."""
    _require_coordinator(actor)
    if programme.instrument_versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("There is already a draft version. Edit or publish it first."))
    latest = programme.instrument_versions.order_by("-number").first()
    version = InstrumentVersion.objects.create(
        programme=programme, number=(latest.number + 1) if latest else 1, note=note
    )
    if latest:
        for item in latest.items.all():
            InstrumentItem.objects.create(
                version=version,
                key=item.key,
                text=item.text,
                text_i18n=item.text_i18n,
                anchors=item.anchors,
                anchors_i18n=item.anchors_i18n,
            )
        for link in InstrumentField.objects.filter(version=latest):
            InstrumentField.objects.create(
                version=version, field=link.field, position=link.position
            )
    else:
        for key, (text, text_i18n, anchors, anchors_i18n) in DEFAULT_ITEMS.items():
            InstrumentItem.objects.create(
                version=version,
                key=key,
                text=text,
                text_i18n=text_i18n,
                anchors=anchors,
                anchors_i18n=anchors_i18n,
            )
        for f in programme.fields.order_by("position"):
            InstrumentField.objects.create(version=version, field=f, position=f.position)
    audit_record(
        actor=actor,
        action="instrument.create",
        target=version,
        changes={"number": [None, version.number]},
    )
    return version


@transaction.atomic
def instrument_item_update(
    *,
    actor: Actor,
    item: InstrumentItem,
    text: str,
    text_i18n: dict | None = None,
    anchors: list[str] | None = None,
) -> InstrumentItem:
    _require_coordinator(actor)
    item = InstrumentItem.objects.select_for_update().select_related("version").get(pk=item.pk)
    _refuse_published(item.version)
    before = snapshot(item, ["text", "text_i18n", "anchors"])
    item.text = text.strip()
    if text_i18n is not None:
        item.text_i18n = {k: v for k, v in text_i18n.items() if v}
    if item.key in SCALE_ITEM_KEYS and anchors is not None:
        anchors = [a.strip() for a in anchors]
        if len(anchors) != 5 or not all(anchors):
            raise ValidationError(_("A scale needs a label for each of its five levels."))
        item.anchors = anchors
    if not item.text:
        raise ValidationError(_("The question must not be empty."))
    item.full_clean()
    item.save()
    bump(Wave.objects.filter(instrument=item.version))
    audit_record(
        actor=actor,
        action="instrument.item_update",
        target=item.version,
        changes=diff(before, snapshot(item, ["text", "text_i18n", "anchors"])),
    )
    return item


@transaction.atomic
def instrument_fields_set(*, actor: Actor, version: InstrumentVersion, fields: list[Field]) -> None:
    _require_coordinator(actor)
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    if not fields:
        raise ValidationError(_("Choose at least one field."))
    if any(f.programme_id != version.programme_id for f in fields):
        raise ValidationError(_("All fields must belong to the programme."))
    before = sorted(version.fields.values_list("key", flat=True))
    InstrumentField.objects.filter(version=version).delete()
    for f in sorted(fields, key=lambda f: f.position):
        InstrumentField.objects.create(version=version, field=f, position=f.position)
    bump(Wave.objects.filter(instrument=version))
    audit_record(
        actor=actor,
        action="instrument.fields_set",
        target=version,
        changes={"fields": [before, sorted(f.key for f in fields)]},
    )


@transaction.atomic
def instrument_version_publish(*, actor: Actor, version: InstrumentVersion) -> InstrumentVersion:
    _require_coordinator(actor)
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    if not version.fields.exists():
        raise ValidationError(_("A version needs at least one field before it can be published."))
    for item in version.items.filter(key__in=SCALE_ITEM_KEYS):
        if len(item.anchors) != 5:
            raise ValidationError(_("A scale needs a label for each of its five levels."))
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.full_clean()
    version.save()
    bump(Wave.objects.filter(instrument=version))
    audit_record(
        actor=actor,
        action="instrument.publish",
        target=version,
        changes={"status": [VersionStatus.DRAFT.value, VersionStatus.PUBLISHED.value]},
    )
    return version


# ---- waves -----------------------------------------------------------------------------------


@transaction.atomic
def wave_create(
    *,
    actor: Actor,
    programme: Programme,
    title: str,
    period_start: date,
    period_end: date,
    instrument: InstrumentVersion,
) -> Wave:
    _require_coordinator(actor)
    if instrument.programme_id != programme.pk or not instrument.is_published:
        raise ValidationError(
            _("A wave must use a published version of this programme's instrument.")
        )
    if period_end < period_start:
        raise ValidationError(_("The period must not end before it starts."))
    if programme.needs_waves.filter(title=title).exists():
        raise ValidationError(_("There is already a wave with this title."))
    wave = Wave(
        programme=programme,
        title=title,
        period_start=period_start,
        period_end=period_end,
        instrument=instrument,
    )
    wave.full_clean()
    wave.save()
    audit_record(
        actor=actor,
        action="wave.create",
        target=wave,
        changes=diff({}, snapshot(wave, ["title", "period_start", "period_end", "instrument"])),
    )
    return wave


WAVE_SETTINGS = (
    "cluster_k",
    "multiplier_min_competence",
    "multiplier_max_need",
    "multiplier_requires_willing",
)


@transaction.atomic
def wave_settings_update(*, actor: Actor, wave: Wave, settings: WaveSettings) -> Wave:
    """The staff override of the number of clusters and the multiplier rule (what is given)."""
    _require_coordinator(actor)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    before = snapshot(wave, WAVE_SETTINGS)
    for name, value in settings.given().items():
        setattr(wave, name, value)
    if wave.cluster_k is not None and not 2 <= wave.cluster_k <= 6:
        raise ValidationError(_("The number of clusters must be between 2 and 6."))
    for name in ("multiplier_min_competence", "multiplier_max_need"):
        if not 1 <= getattr(wave, name) <= 5:
            raise ValidationError(_("Levels run from 1 to 5."))
    wave.save()
    bump(Wave.objects.filter(pk=wave.pk))
    audit_record(
        actor=actor,
        action="wave.settings_update",
        target=wave,
        changes=diff(before, snapshot(wave, WAVE_SETTINGS)),
    )
    return wave


# ---- interviews ------------------------------------------------------------------------------


def may_capture(actor: Actor, organisation: Organisation, mode: str) -> bool:
    """Who may start or fill in an interview for `organisation` in `mode`."""
    user = user_of(actor)
    if user is None or not user.is_active:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if mode == Mode.INTERVIEW and user.role == Role.INTERVIEWER:
        return assigned_organisation_ids(user).filter(organisation_id=organisation.pk).exists()
    if mode == Mode.SELF_ASSESSMENT and user.role == Role.REPRESENTATIVE:
        return user.acting_for_id == organisation.pk
    return False


def may_view_association(user: Any, organisation: Organisation) -> bool:
    """Single-association results: coordinators, the assigned interviewer, the association."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.INTERVIEWER:
        return assigned_organisation_ids(user).filter(organisation_id=organisation.pk).exists()
    if user.role == Role.REPRESENTATIVE:
        return bool(user.acting_for_id == organisation.pk)
    return False


def may_edit(actor: Actor, interview: Interview) -> bool:
    return interview.status == Status.DRAFT and may_capture(
        actor, interview.organisation, interview.mode
    )


@transaction.atomic
def interview_start(
    *,
    actor: Actor,
    wave: Wave,
    organisation: Organisation,
    mode: str,
    conducted_on: date | None = None,
) -> Interview:
    if mode not in Mode.values:
        raise ValidationError(_("Unknown mode."))
    if not may_capture(actor, organisation, mode):
        raise PermissionDenied(_("You may not capture answers for this association."))
    if organisation.kind != OrganisationKind.ASSOCIATION:
        raise ValidationError(_("Only associations are interviewed."))
    if Interview.objects.filter(wave=wave, organisation=organisation).exists():
        raise ValidationError(
            _("%(org)s already has answers in this wave.") % {"org": organisation}
        )
    interview = Interview.objects.create(
        wave=wave,
        organisation=organisation,
        mode=mode,
        interviewer=user_of(actor) if mode == Mode.INTERVIEW else None,
        conducted_on=conducted_on if mode == Mode.INTERVIEW else timezone.localdate(),
        # What the register already knows is filled in, to be checked in the conversation.
        members=organisation.member_count,
        volunteers=organisation.volunteer_count,
        has_website=True if organisation.website else None,
    )
    interview.languages.set(organisation.languages.all())
    for f in wave.instrument.ordered_fields():
        FieldAnswer.objects.create(interview=interview, field=f)
    audit_record(
        actor=actor,
        action="interview.start",
        target=interview,
        changes={"mode": [None, mode]},
    )
    return interview


@transaction.atomic
def interview_save(
    *,
    actor: Actor,
    interview: Interview,
    general: InterviewGeneral | None = None,
    languages: Sequence[Language] | None = None,
    answers: Mapping[int, AnswerValues] | None = None,
) -> dict[str, str]:
    """Save what was given (autosave sends parts: a value left UNSET stays as it is).

    `answers` are by field id. Returns {input name: error} for values it could not keep;
    everything else is saved, so nothing typed is lost."""
    interview = (
        Interview.objects.select_for_update().select_related("organisation").get(pk=interview.pk)
    )
    if not may_capture(actor, interview.organisation, interview.mode):
        raise PermissionDenied(_("You may not capture answers for this association."))
    if interview.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed. Ask a coordinator to return it."))
    errors: dict[str, str] = {}
    before = snapshot(interview, GENERAL_FIELDS)
    for name, value in (general.given() if general else {}).items():
        setattr(interview, name, value)
    interview.saved_at = timezone.now()
    interview.save()
    changes = diff(before, snapshot(interview, GENERAL_FIELDS))
    if languages is not None:
        old_codes = sorted(interview.languages.values_list("code", flat=True))
        interview.languages.set(languages)
        new_codes = sorted(lang.code for lang in languages)
        if old_codes != new_codes:
            changes["languages"] = [old_codes, new_codes]
    rows = {a.field_id: a for a in interview.answers.select_for_update()}
    for field_id, given in (answers or {}).items():
        answer = rows.get(field_id)
        if answer is None:
            continue
        values = given.given()
        old = snapshot(answer, ANSWER_FIELDS)
        for name, value in values.items():
            if name in ("competence", "need") and value is not None and not 1 <= value <= 5:
                errors[f"f{field_id}-{name}"] = _("Choose a level from 1 to 5.")
                continue
            setattr(answer, name, value)
        if answer.capacity is not None and not answer.willing:
            # Kept visible in the form with the error; stored once "willing" is ticked.
            if "capacity" in values:
                errors[f"f{field_id}-capacity"] = _(
                    "Give a number only when the association is willing to pass on its competence."
                )
            answer.capacity = None
        answer.save()
        # Comments are free text (they may name people): changed, never in clear.
        after = snapshot(answer, ANSWER_FIELDS)
        for name, change in diff(old, after, personal=("comment",)).items():
            changes[f"{answer.field_id}.{name}"] = change
    if changes:
        audit_record(actor=actor, action="interview.save", target=interview, changes=changes)
    return errors


@transaction.atomic
def interview_submit(*, actor: Actor, interview: Interview) -> Interview:
    interview = (
        Interview.objects.select_for_update().select_related("organisation").get(pk=interview.pk)
    )
    if not may_capture(actor, interview.organisation, interview.mode):
        raise PermissionDenied(_("You may not capture answers for this association."))
    if interview.status != Status.DRAFT:
        raise ValidationError(_("This interview has already been submitted."))
    missing = [
        str(a.field)
        for a in interview.answers.select_related("field")
        if a.competence is None or a.need is None
    ]
    if missing:
        raise ValidationError(
            _("Competence and need are still missing for: %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    if interview.mode == Mode.INTERVIEW and interview.conducted_on is None:
        raise ValidationError(_("Enter the date of the interview."))
    interview.status = Status.SUBMITTED
    interview.submitted_at = timezone.now()
    interview.return_reason = ""  # answered by this submission
    interview.save()
    bump(Wave.objects.filter(pk=interview.wave_id))
    audit_record(
        actor=actor,
        action="interview.submit",
        target=interview,
        changes={"status": [Status.DRAFT.value, Status.SUBMITTED.value]},
    )
    return interview


@transaction.atomic
def interview_validate(*, actor: Actor, interview: Interview) -> Interview:
    _require_coordinator(actor)
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted interview can be validated."))
    interview.status = Status.VALIDATED
    interview.validated_at = timezone.now()
    interview.validated_by = user_of(actor)
    interview.save()
    bump(Wave.objects.filter(pk=interview.wave_id))
    audit_record(
        actor=actor,
        action="interview.validate",
        target=interview,
        changes={"status": [Status.SUBMITTED.value, Status.VALIDATED.value]},
    )
    return interview


@transaction.atomic
def interview_return(*, actor: Actor, interview: Interview, reason: str) -> Interview:
    """Send a submitted interview back to draft for correction."""
    _require_coordinator(actor)
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted interview can be returned for correction."))
    if not reason.strip():
        raise ValidationError(_("Say what needs correcting."))
    interview.status = Status.DRAFT
    interview.submitted_at = None
    interview.return_reason = reason.strip()
    interview.save()
    bump(Wave.objects.filter(pk=interview.wave_id))
    audit_record(
        actor=actor,
        action="interview.return",
        target=interview,
        changes={
            "status": [Status.SUBMITTED.value, Status.DRAFT.value],
            "reason": [None, REDACTED],  # free text: it may name people
        },
    )
    return interview
