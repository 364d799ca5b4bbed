"""A programme (Förderprogramm) with its fields (Themenfelder), the associations'
participation as dated steps (invited, attended, enrolled, withdrawn: the funnel is counted
from these rows, never stored), the project team and the interviewers' assignments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.translated import TranslationsField, translated

if TYPE_CHECKING:
    from vereinsforum.organisations.models import OrganisationQuerySet


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    lead_department = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                name="programme_start_before_end",
                condition=Q(end__isnull=True) | Q(start__lt=models.F("end")),
                violation_error_message=_("The programme must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def funnel(self) -> dict[str, int]:
        """Associations per step, counted from the participation rows (never stored)."""
        counts = dict(
            ParticipationStep.objects.filter(participation__programme=self)
            .values_list("step")
            .annotate(n=Count("participation", distinct=True))
            .values_list("step", "n")
        )
        return {step.value: counts.get(step.value, 0) for step in Step}

    def organisations_at(self, step: str) -> OrganisationQuerySet:
        from vereinsforum.organisations.models import Organisation

        return Organisation.objects.filter(
            participations__programme=self, participations__steps__step=step
        ).distinct()

    @classmethod
    def current(cls) -> Programme | None:
        return cls.objects.order_by("-start").first()


class Field(models.Model):
    """A Themenfeld: one area of competence and need, ordered within its programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="fields"
    )
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)
    name_i18n = TranslationsField()
    description = models.TextField(_("description"), blank=True)
    description_i18n = TranslationsField()

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="field_key_unique"),
            models.UniqueConstraint(fields=["programme", "position"], name="field_position_unique"),
        ]

    def __str__(self) -> str:
        return translated(self, "name")


class Step(models.TextChoices):
    INVITED = "invited", _("Invited")
    ATTENDED = "attended", _("Attended the kick-off")
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Participation(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="participations",
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.programme}"

    def status(self) -> str | None:
        """The furthest step reached; withdrawal overrides everything."""
        reached = {s.step for s in self.steps.all()}
        for step in (Step.WITHDRAWN, Step.ENROLLED, Step.ATTENDED, Step.INVITED):
            if step in reached:
                return step.value
        return None


class ParticipationStep(models.Model):
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participation step")
        verbose_name_plural = _("participation steps")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "step"], name="participation_step_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.date:%Y-%m-%d}"


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Project lead")
    WELFARE = "welfare", _("Representative of a welfare migration service")
    ASSOCIATION = "association", _("Association delegate")
    CONTRACTOR = "contractor", _("Contracted office")
    OTHER = "other", _("Other")


class TeamMember(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="team"
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    since = models.DateField(_("since"))
    #: The day the membership ended (as for affiliations: ended today is ended now). The
    #: row stays, so the team's history is kept.
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("project team")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "organisation"], name="team_member_unique"
            ),
            models.CheckConstraint(
                name="team_member_since_before_until",
                condition=Q(until__isnull=True) | Q(since__lte=models.F("until")),
                violation_error_message=_("The membership cannot end before it began."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})"


class InterviewerAssignment(models.Model):
    """Which associations an interviewer may see: the interviewer's whole world."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="interviewer_assignments",
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.CASCADE,
        related_name="interviewer_assignments",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="interviewer_assignments",
    )

    class Meta:
        verbose_name = _("interviewer assignment")
        verbose_name_plural = _("interviewer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "interviewer", "organisation"],
                name="interviewer_assignment_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} → {self.organisation}"
