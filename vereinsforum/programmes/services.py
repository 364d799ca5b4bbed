"""Writes for programmes, participation, team and fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record
from vereinsforum.organisations.models import Organisation, Person
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


@transaction.atomic
def programme_create(*, actor: Any, with_default_fields: bool = True, **fields: Any) -> Programme:
    programme = Programme(**fields)
    programme.full_clean()
    programme.save()
    audit_record(actor=actor, action="programme.create", target=programme)
    if with_default_fields:
        for position, (key, name, name_i18n) in enumerate(DEFAULT_FIELDS, start=1):
            Field.objects.create(
                programme=programme, key=key, position=position, name=name, name_i18n=name_i18n
            )
    return programme


@transaction.atomic
def participation_step_record(
    *,
    actor: Any,
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
            % {"step": Step(step).label, "prior": prior.label, "date": dates[prior.value]}
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
    actor: Any,
    programme: Programme,
    person: Person,
    organisation: Organisation,
    role: str,
    since: date,
) -> TeamMember:
    member = TeamMember(
        programme=programme, person=person, organisation=organisation, role=role, since=since
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="team.add",
        target=member,
        target_repr=f"Person #{person.pk} ({organisation})",
    )
    return member


@transaction.atomic
def interviewer_assign(
    *, actor: Any, programme: Programme, interviewer: Any, organisation: Organisation
) -> InterviewerAssignment:
    if interviewer.role != "interviewer":
        raise ValidationError(_("Only interviewers can be assigned to associations."))
    assignment, created = InterviewerAssignment.objects.get_or_create(
        programme=programme, interviewer=interviewer, organisation=organisation
    )
    if created:
        audit_record(actor=actor, action="interviewer.assign", target=assignment)
    return assignment
