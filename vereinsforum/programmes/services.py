"""Writes for programmes, participation, team and fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor
from vereinsforum.lib.translated import clean_translations
from vereinsforum.organisations.changes import OrganisationFields
from vereinsforum.organisations.models import (
    Organisation,
    OrganisationKind,
    Person,
    Verification,
)
from vereinsforum.organisations.services import organisation_create
from vereinsforum.programmes.models import (
    Field,
    InterviewerAssignment,
    Participation,
    ParticipationStep,
    Programme,
    Step,
    TeamMember,
)

#: The seven fields of the source (Wuppertal 2007), in its order.
DEFAULT_FIELDS = (
    (
        "project_work",
        "Projektarbeit",
        {
            "en": "Project work",
            "tr": "Proje çalışması",
            "ru": "Проектная работа",
            "ar": "العمل على المشاريع",
        },
    ),
    (
        "public_relations",
        "Öffentlichkeitsarbeit",
        {
            "en": "Public relations",
            "tr": "Halkla ilişkiler",
            "ru": "Связи с общественностью",
            "ar": "العلاقات العامة",
        },
    ),
    (
        "work_organisation",
        "Arbeitsorganisation",
        {
            "en": "Work organisation",
            "tr": "İş organizasyonu",
            "ru": "Организация работы",
            "ar": "تنظيم العمل",
        },
    ),
    (
        "bookkeeping",
        "Buchhaltung",
        {"en": "Bookkeeping", "tr": "Muhasebe", "ru": "Бухгалтерия", "ar": "مسك الدفاتر"},
    ),
    (
        "pc_skills",
        "PC-Kenntnisse",
        {
            "en": "PC skills",
            "tr": "Bilgisayar bilgisi",
            "ru": "Навыки работы с ПК",
            "ar": "مهارات الحاسوب",
        },
    ),
    (
        "premises",
        "Räumlichkeiten",
        {"en": "Premises", "tr": "Mekânlar", "ru": "Помещения", "ar": "المقرات"},
    ),
    (
        "rhetoric",
        "Rhetorik",
        {"en": "Rhetoric", "tr": "Hitabet", "ru": "Риторика", "ar": "فن الخطابة"},
    ),
)

#: A step may only be recorded once the steps before it are there.
_REQUIRES = {Step.ATTENDED: Step.INVITED, Step.ENROLLED: Step.INVITED}


#: The programme's own fields, as the set-up edits them and the audit log records them.
PROGRAMME_FIELDS = (
    "name",
    "funding_programme",
    "funder",
    "lead_department",
    "start",
    "end",
    "description",
)


@dataclass(frozen=True)
class NewDepartment:
    """A lead department created together with the programme, on a fresh install where no
    department exists yet, and the city or organisation it belongs to: an existing one
    (`parent`) or one created with it (`parent_name`)."""

    name: str
    parent: Organisation | None = None
    parent_name: str = ""


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    name: str,
    start: date,
    lead_department: Organisation | None = None,
    new_department: NewDepartment | None = None,
    funding_programme: str = "",
    funder: str = "",
    end: date | None = None,
    description: str = "",
    slug: str = "",
    with_default_fields: bool = True,
) -> Programme:
    programme = Programme(
        name=name.strip(),
        slug=slug or _free_slug(name),
        funding_programme=funding_programme.strip(),
        funder=funder.strip(),
        start=start,
        end=end,
        description=description.strip(),
    )
    programme.lead_department = _lead_department(
        actor=actor,
        programme=programme,
        chosen=lead_department,
        new=new_department,
    )
    programme.full_clean()
    programme.save()
    audit_record(
        actor=actor,
        action="programme.create",
        target=programme,
        changes=diff({}, snapshot(programme, PROGRAMME_FIELDS)),
    )
    if with_default_fields:
        for position, (key, field_name, name_i18n) in enumerate(DEFAULT_FIELDS, start=1):
            field = Field.objects.create(
                programme=programme,
                key=key,
                position=position,
                name=field_name,
                name_i18n=name_i18n,
            )
            audit_record(
                actor=actor,
                action="field.create",
                target=field,
                changes=diff({}, snapshot(field, FIELD_FIELDS)),
            )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    start: date,
    lead_department: Organisation | None = None,
    new_department: NewDepartment | None = None,
    funding_programme: str = "",
    funder: str = "",
    end: date | None = None,
    description: str = "",
) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = snapshot(programme, PROGRAMME_FIELDS)
    programme.name = name.strip()
    programme.funding_programme = funding_programme.strip()
    programme.funder = funder.strip()
    programme.start = start
    programme.end = end
    programme.description = description.strip()
    programme.lead_department = _lead_department(
        actor=actor, programme=programme, chosen=lead_department, new=new_department
    )
    programme.full_clean()
    programme.save()
    changes = diff(before, snapshot(programme, PROGRAMME_FIELDS))
    if changes:
        audit_record(actor=actor, action="programme.update", target=programme, changes=changes)
    return programme


def _lead_department(
    *,
    actor: Actor,
    programme: Programme,
    chosen: Organisation | None,
    new: NewDepartment | None,
) -> Organisation:
    """The department chosen, or the one named, created (with its city) only once the rest of
    the programme is valid: every error is reported at once, and a refused form leaves no
    half-made organisation behind."""
    errors: dict[str, list[str]] = {}
    try:
        programme.full_clean(exclude=["lead_department", "slug"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if chosen is not None and new is not None:
        errors["lead_department"] = [
            _("Please either choose a department or name a new one, not both.")
        ]
    elif chosen is None and new is None:
        errors["lead_department"] = [_("Please choose the lead department or name a new one.")]
    elif chosen is not None and chosen.kind != OrganisationKind.DEPARTMENT:
        errors["lead_department"] = [
            _("“%(name)s” is not a city department.") % {"name": chosen.name}
        ]
    elif new is not None:
        errors.update(_new_department_errors(new))
    if errors:
        raise ValidationError(errors)
    if chosen is not None:
        return chosen
    assert new is not None
    parent = new.parent or organisation_create(
        actor=actor,
        fields=OrganisationFields(
            kind=OrganisationKind.OTHER,
            name=new.parent_name.strip(),
            city="",
            verification=Verification.VERIFIED,
        ),
    )
    return organisation_create(
        actor=actor,
        fields=OrganisationFields(
            kind=OrganisationKind.DEPARTMENT,
            name=new.name.strip(),
            parent=parent,
            city="",
            verification=Verification.VERIFIED,
        ),
    )


def _new_department_errors(new: NewDepartment) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    name = new.name.strip()
    parent_name = new.parent_name.strip()
    if not name:
        errors["department_name"] = [_("Please enter the name of the new department.")]
    elif Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT, name__iexact=name).exists():
        # A second row of the same name would split the department's programmes, reports
        # and team between two organisations nobody can tell apart.
        errors["department_name"] = [
            _("A department named “%(name)s” already exists: please choose it from the list.")
            % {"name": name}
        ]
    if new.parent is not None and parent_name:
        errors["city_name"] = [
            _("Please either choose what the department belongs to or name it, not both.")
        ]
    elif new.parent is None and not parent_name:
        errors["city_name"] = [_("Please name the city or organisation the department belongs to.")]
    elif new.parent is not None and new.parent.kind == OrganisationKind.ASSOCIATION:
        errors["city"] = [_("A city department cannot belong to an association.")]
    elif (
        parent_name
        and Organisation.objects.exclude(kind=OrganisationKind.ASSOCIATION)
        .filter(name__iexact=parent_name)
        .exists()
    ):
        errors["city_name"] = [
            _("“%(name)s” already exists: please choose it from the list.") % {"name": parent_name}
        ]
    return errors


def _free_slug(name: str) -> str:
    """A short name for the programme that no other programme has (it is unique)."""
    base = slugify(name)[:50].strip("-") or "programm"
    slug, n = base, 1
    while Programme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def participation_step_record(
    *,
    actor: Actor,
    programme: Programme,
    organisation: Organisation,
    step: str,
    on: date,
    note: str = "",
) -> ParticipationStep:
    if step not in Step.values:
        raise ValidationError(_("Unknown participation step."))
    participation, _created = Participation.objects.get_or_create(
        programme=programme, organisation=organisation
    )
    # Two clerks recording the same association at once: the second waits and then sees
    # the first one's step, instead of failing on the unique constraint.
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    dates = dict(participation.steps.values_list("step", "date"))
    reached = set(dates)
    if step in reached:
        raise ValidationError(
            _("%(org)s already has the step “%(step)s”.")
            % {"org": organisation, "step": Step(step).label}
        )
    required = _REQUIRES.get(Step(step))
    if required and required.value not in reached:
        raise ValidationError(
            _("%(org)s must be invited before it can attend or enrol.") % {"org": organisation}
        )
    if step == Step.WITHDRAWN and Step.ENROLLED.value not in reached:
        raise ValidationError(_("Only an enrolled association can withdraw."))
    prior = Step.ENROLLED if step == Step.WITHDRAWN else required
    if prior and on < dates[prior.value]:
        raise ValidationError(
            _("“%(step)s” cannot be dated before “%(prior)s” (%(date)s).")
            % {
                "step": Step(step).label,
                "prior": prior.label,
                "date": date_format(dates[prior.value], "SHORT_DATE_FORMAT"),
            }
        )
    row = ParticipationStep(participation=participation, step=step, date=on, note=note)
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action=f"participation.{step}",
        target=participation,
        changes={"step": [None, step], "date": [None, on.isoformat()]},
    )
    return row


@transaction.atomic
def team_member_add(
    *,
    actor: Actor,
    programme: Programme,
    person: Person,
    organisation: Organisation,
    role: str,
    since: date,
) -> TeamMember:
    if person.pseudonymised_at:
        raise ValidationError(_("This person has been erased and can no longer be changed."))
    if TeamMember.objects.filter(
        programme=programme, person=person, organisation=organisation
    ).exists():
        raise ValidationError(
            {
                "person": _(
                    "%(person)s is in the team for %(org)s already (or was: end dates are kept)."
                )
                % {"person": person.full_name, "org": organisation.name}
            }
        )
    member = TeamMember(
        programme=programme, person=person, organisation=organisation, role=role, since=since
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="team_member.add",
        target=member,
        target_repr=f"Person #{person.pk} ({organisation})",
    )
    return member


@transaction.atomic
def interviewer_assign(
    *, actor: Actor, programme: Programme, interviewer: Any, organisation: Organisation
) -> InterviewerAssignment:
    if interviewer.role != "interviewer":
        raise ValidationError(_("Only interviewers can be assigned to associations."))
    assignment, created = InterviewerAssignment.objects.get_or_create(
        programme=programme, interviewer=interviewer, organisation=organisation
    )
    if created:
        audit_record(actor=actor, action="interviewer.assign", target=assignment)
    return assignment


@transaction.atomic
def team_member_end(*, actor: Actor, member: TeamMember, until: date) -> TeamMember:
    """Record that a member left the team, on the day `until`. The row stays: the team's
    history (who was in it, when) belongs to the programme's record."""
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if until < member.since:
        raise ValidationError(
            {
                "until": _("The membership cannot end before it began (%(since)s).")
                % {"since": date_format(member.since, "SHORT_DATE_FORMAT")}
            }
        )
    before = member.until
    if before == until:
        return member
    member.until = until
    member.full_clean()
    member.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action="team_member.end",
        target=member,
        changes={"until": [before.isoformat() if before else None, until.isoformat()]},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: Actor, member: TeamMember) -> None:
    """Take out a row entered by mistake. A member who left is ended instead
    (`team_member_end`), so the history stays."""
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    audit_record(
        actor=actor,
        action="team_member.remove",
        target=member,
        changes={
            "person": [member.person_id, None],
            "organisation": [member.organisation_id, None],
            "role": [member.role, None],
        },
    )
    member.delete()


@transaction.atomic
def interviewer_assignments_add(
    *,
    actor: Actor,
    programme: Programme,
    interviewer: Any,
    organisations: Iterable[Organisation],
) -> list[InterviewerAssignment]:
    """Assign several associations at once; one assigned already stays as it was."""
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(
            {"organisations": _("Please choose at least one association to assign.")}
        )
    if not interviewer.is_active:
        raise ValidationError(_("This account is deactivated."))
    if any(o.kind != OrganisationKind.ASSOCIATION for o in organisations):
        raise ValidationError(
            {"organisations": _("Interviewers are assigned to associations only.")}
        )
    return [
        interviewer_assign(
            actor=actor, programme=programme, interviewer=interviewer, organisation=organisation
        )
        for organisation in organisations
    ]


@transaction.atomic
def interviewer_unassign(*, actor: Actor, assignment: InterviewerAssignment) -> None:
    """The interviewer no longer sees the association, nor its interviews (the ones they
    conducted too: access follows the assignment), from the next request on."""
    assignment = InterviewerAssignment.objects.select_for_update().get(pk=assignment.pk)
    audit_record(
        actor=actor,
        action="interviewer.unassign",
        target=assignment,
        changes={
            "interviewer": [assignment.interviewer_id, None],
            "organisation": [assignment.organisation_id, None],
        },
    )
    assignment.delete()


# ---- fields (Themenfelder) ------------------------------------------------------------------

#: A field's values as the audit log records them (the description is free text: redacted).
FIELD_FIELDS = ("key", "position", "name", "name_i18n", "description", "description_i18n")


@transaction.atomic
def field_create(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    name_i18n: Mapping[str, str] | None = None,
    description: str = "",
    description_i18n: Mapping[str, str] | None = None,
) -> Field:
    """A new field at the end of the programme's list."""
    # The programme's row serialises additions, so two coordinators never take one position.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    name = name.strip()
    _check_field_name(programme=programme, name=name)
    last = programme.fields.aggregate(last=Max("position"))["last"] or 0
    field = Field(
        programme=programme,
        key=_free_field_key(programme, name),
        position=last + 1,
        name=name,
        name_i18n=_translations("name_i18n", name_i18n),
        description=description.strip(),
        description_i18n=_translations("description_i18n", description_i18n),
    )
    field.full_clean()
    field.save()
    audit_record(
        actor=actor,
        action="field.create",
        target=field,
        changes=diff({}, snapshot(field, FIELD_FIELDS)),
    )
    return field


@transaction.atomic
def field_update(
    *,
    actor: Actor,
    field: Field,
    name: str,
    name_i18n: Mapping[str, str] | None = None,
    description: str = "",
    description_i18n: Mapping[str, str] | None = None,
) -> Field:
    """A field's name, description and their translations. Its key stays: exports and chart
    addresses name fields by key, and answers already given keep their field."""
    field = Field.objects.select_for_update().get(pk=field.pk)
    name = name.strip()
    _check_field_name(programme=field.programme, name=name, exclude=field)
    before = snapshot(field, FIELD_FIELDS)
    field.name = name
    field.name_i18n = _translations("name_i18n", name_i18n)
    field.description = description.strip()
    field.description_i18n = _translations("description_i18n", description_i18n)
    field.full_clean()
    field.save()
    changes = diff(before, snapshot(field, FIELD_FIELDS))
    if changes:
        audit_record(actor=actor, action="field.update", target=field, changes=changes)
    return field


@transaction.atomic
def field_move(*, actor: Actor, field: Field, position: int) -> Field:
    """Put `field` at `position` (1 = first); the others close up behind it."""
    Programme.objects.select_for_update().get(pk=field.programme_id)
    fields = list(Field.objects.filter(programme_id=field.programme_id).order_by("position"))
    if not 1 <= position <= len(fields):
        raise ValidationError(
            {"position": _("Please enter a position from 1 to %(count)s.") % {"count": len(fields)}}
        )
    moving = next(f for f in fields if f.pk == field.pk)
    old = moving.position
    fields.remove(moving)
    fields.insert(position - 1, moving)
    _renumber(fields)
    if old != position:
        audit_record(
            actor=actor,
            action="field.move",
            target=moving,
            changes={"position": [old, moving.position]},
        )
    return moving


@transaction.atomic
def _field_in_use(field: Field) -> bool:
    """Whether anything refers to the field. Every relation to it counts, whichever app
    declares it: a list of the known ones fell behind as apps (measures, offers, tandems)
    came, and a many-to-many link would have been dropped with the field without a word."""
    for relation in Field._meta.related_objects:
        related = getattr(field, relation.get_accessor_name(), None)
        if relation.one_to_one:
            if related is not None:
                return True
        elif related is not None and related.exists():
            return True
    return False


def field_delete(*, actor: Actor, field: Field) -> None:
    """Remove a field nobody has used yet. Once an instrument asks about it, an event serves
    it or a poll offers it, it is part of the record: rename it instead."""
    Programme.objects.select_for_update().get(pk=field.programme_id)
    field = Field.objects.get(pk=field.pk)
    if _field_in_use(field):
        raise ValidationError(
            _(
                "“%(name)s” is already used (by the needs analysis, an event, a poll, a "
                "measure, an offer or another record) and cannot be removed. You can rename "
                "it instead."
            )
            % {"name": field.name}
        )
    audit_record(
        actor=actor,
        action="field.delete",
        target=field,
        changes=diff(snapshot(field, FIELD_FIELDS), dict.fromkeys(FIELD_FIELDS)),
    )
    programme_id = field.programme_id
    field.delete()
    _renumber(list(Field.objects.filter(programme_id=programme_id).order_by("position")))


def _renumber(fields: list[Field]) -> None:
    """Positions 1…n in the order given. Positions are unique per programme and the check is
    not deferred, so every row first moves out of the way, above all current positions."""
    if not fields:
        return
    clear = max(f.position for f in fields) + 1
    for offset, f in enumerate(fields):
        Field.objects.filter(pk=f.pk).update(position=clear + offset)
    for number, f in enumerate(fields, start=1):
        Field.objects.filter(pk=f.pk).update(position=number)
        f.position = number


def _check_field_name(*, programme: Programme, name: str, exclude: Field | None = None) -> None:
    if not name:
        raise ValidationError({"name": _("Please enter the field's name.")})
    same = programme.fields.filter(name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError(
            {"name": _("The programme already has a field named “%(name)s”.") % {"name": name}}
        )


def _free_field_key(programme: Programme, name: str) -> str:
    base = slugify(name).replace("-", "_")[:34].strip("_") or "field"
    key, n = base, 1
    while programme.fields.filter(key=key).exists():
        n += 1
        key = f"{base}_{n}"
    return key


def _translations(name: str, values: Mapping[str, str] | None) -> dict[str, str]:
    try:
        return clean_translations(dict(values or {}))
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc
