"""Writes for a programme and the associations' participation in it.

The project team and interviewer assignments are in team_services.py, the programme's fields
(Themenfelder) in field_services.py: each changes for its own reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor
from vereinsforum.organisations.changes import OrganisationFields
from vereinsforum.organisations.models import (
    Organisation,
    OrganisationKind,
    Verification,
)
from vereinsforum.organisations.services import organisation_create
from vereinsforum.programmes.field_services import FIELD_FIELDS
from vereinsforum.programmes.models import (
    Field,
    Participation,
    ParticipationStep,
    Programme,
    Step,
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
