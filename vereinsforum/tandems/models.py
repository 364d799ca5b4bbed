"""Tandems: an association that is strong in a field mentors one that needs it.

Mentors are the needs analysis' multiplier candidates of a wave, with the capacity they
offer themselves (`MentorOffer`); mentees are the associations whose need in the field
reaches the programme's threshold. A run (`TandemRun`) proposes the optimal pairs
(`matching.py`); staff approve or discard each proposal, both associations accept or
decline it, an accepted tandem is active until it is completed with feedback from both.

A pair is stored once per wave and field: a declined, discarded or completed pair stays as
the record that it must not be proposed again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


class TandemSettings(models.Model):
    """The weights and rules of the matching, one set per programme."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="tandem_settings",
    )
    weight_gap = models.DecimalField(
        _("weight of the competence gap"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Per level that the mentor's competence exceeds the mentee's."),
    )
    weight_language = models.DecimalField(
        _("weight of a shared language or community"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("German does not count: everyone in the programme shares it."),
    )
    weight_district = models.DecimalField(
        _("weight of closeness"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Full weight in the same city district, none at 15 km or more, or when a "
            "district is unknown."
        ),
    )
    min_gap = models.PositiveSmallIntegerField(
        _("minimum competence gap"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    need_threshold = models.PositiveSmallIntegerField(
        _("mentee: need at least"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("An association is a mentee in a field where its need reaches this level."),
    )
    max_distance_km = models.DecimalField(
        _("maximum distance (km)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty for no limit. Pairs with an unknown district are not limited."),
    )
    max_per_mentee = models.PositiveSmallIntegerField(
        _("tandems per mentee across fields, at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for one mentor in every field of need."),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("tandem settings")
        verbose_name_plural = _("tandem settings")
        constraints = [
            models.CheckConstraint(
                name="tandem_settings_ranges",
                condition=Q(
                    weight_gap__gte=0,
                    weight_language__gte=0,
                    weight_district__gte=0,
                    min_gap__gte=1,
                    min_gap__lte=4,
                    need_threshold__gte=1,
                    need_threshold__lte=5,
                )
                & (Q(max_distance_km__isnull=True) | Q(max_distance_km__gte=0))
                & (Q(max_per_mentee__isnull=True) | Q(max_per_mentee__gte=1)),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Tandem settings"))


class MentorOfferQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> MentorOfferQuerySet:
        from vereinsforum.tandems.scoping import offer_filter

        return self.filter(offer_filter(user, action))


class MentorOffer(models.Model):
    """How many associations a multiplier candidate offers to mentor in a field."""

    wave = models.ForeignKey(
        "needs.Wave", verbose_name=_("wave"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="mentor_offers",
    )
    field = models.ForeignKey(
        "programmes.Field", verbose_name=_("field"), on_delete=models.CASCADE, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        _("associations it will mentor"), validators=[MaxValueValidator(20)]
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = MentorOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor offer")
        verbose_name_plural = _("mentor offers")
        ordering = ["wave", "field__position", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organisation", "field"], name="tandem_offer_once"
            ),
            models.CheckConstraint(name="tandem_offer_capacity", condition=Q(capacity__lte=20)),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.field}: {self.capacity}"


class TandemRun(models.Model):
    """One computation of proposals, with the settings it used."""

    wave = models.ForeignKey(
        "needs.Wave", verbose_name=_("wave"), on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(_("computed"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The weights and rules as they were (settings change later).
    parameters = models.JSONField(_("settings used"), default=dict)
    method = models.CharField(_("method"), max_length=10)
    proposed = models.PositiveIntegerField(_("new proposals"), default=0)
    kept = models.PositiveIntegerField(_("agreed tandems kept"), default=0)
    total_benefit = models.FloatField(_("total benefit"), default=0)

    class Meta:
        verbose_name = _("tandem run")
        verbose_name_plural = _("tandem runs")
        ordering = ["wave", "-created", "-pk"]

    def __str__(self) -> str:
        return str(_("Tandem run #%(pk)s") % {"pk": self.pk})


class TandemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DISCARDED = "discarded", _("Discarded")
    APPROVED = "approved", _("Waiting for the associations")
    DECLINED = "declined", _("Declined")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


class Answer(models.TextChoices):
    PENDING = "pending", _("Not yet answered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Side(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


#: A re-run keeps these (they use their mentor's capacity) …
KEPT = (TandemStatus.APPROVED, TandemStatus.ACTIVE)
#: … and never proposes these again.
NEVER_AGAIN = (TandemStatus.DISCARDED, TandemStatus.DECLINED, TandemStatus.COMPLETED)
#: Shown to the associations (staff have approved them).
VISIBLE_TO_ASSOCIATIONS = (
    TandemStatus.APPROVED,
    TandemStatus.DECLINED,
    TandemStatus.ACTIVE,
    TandemStatus.COMPLETED,
)


class TandemQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> TandemQuerySet:
        from vereinsforum.tandems.scoping import tandem_filter

        return self.filter(tandem_filter(user, action))

    def involving(self, organisation_id: int) -> TandemQuerySet:
        return self.filter(Q(mentor_id=organisation_id) | Q(mentee_id=organisation_id))

    def awaiting_answer_from(self, organisation_id: int) -> TandemQuerySet:
        """Approved tandems this association has not answered yet."""
        return self.filter(status=TandemStatus.APPROVED).filter(
            Q(mentor_id=organisation_id, mentor_answer=Answer.PENDING)
            | Q(mentee_id=organisation_id, mentee_answer=Answer.PENDING)
        )


class Tandem(models.Model):
    wave = models.ForeignKey(
        "needs.Wave", verbose_name=_("wave"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.ForeignKey(
        "programmes.Field", verbose_name=_("field"), on_delete=models.PROTECT, related_name="+"
    )
    mentor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="tandems_as_mentor",
    )
    mentee = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("mentee"),
        on_delete=models.PROTECT,
        related_name="tandems_as_mentee",
    )
    run = models.ForeignKey(
        TandemRun,
        verbose_name=_("proposed by run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tandems",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TandemStatus.choices, default=TandemStatus.PROPOSED
    )
    mentor_answer = models.CharField(
        _("mentor's answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    mentee_answer = models.CharField(
        _("mentee's answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    # Why the pair was made, as computed (the settings and answers may change later).
    benefit = models.FloatField(_("benefit"))
    gap = models.SmallIntegerField(_("competence gap"))
    mentor_competence = models.PositiveSmallIntegerField(_("mentor's competence"))
    mentee_competence = models.PositiveSmallIntegerField(_("mentee's competence"))
    mentee_need = models.PositiveSmallIntegerField(_("mentee's need"))
    shared_languages = models.JSONField(_("shared languages"), default=list, blank=True)
    shared_communities = models.JSONField(_("shared communities"), default=list, blank=True)
    mentor_district = models.CharField(_("mentor's district"), max_length=80, blank=True)
    mentee_district = models.CharField(_("mentee's district"), max_length=80, blank=True)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    benefit_gap = models.FloatField(_("benefit from the gap"))
    benefit_language = models.FloatField(_("benefit from language or community"))
    benefit_district = models.FloatField(_("benefit from closeness"))
    # The workflow's dates.
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    started_at = models.DateTimeField(_("active since"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    mentor_feedback = models.TextField(_("mentor's feedback"), blank=True)
    mentee_feedback = models.TextField(_("mentee's feedback"), blank=True)

    objects = TandemQuerySet.as_manager()

    class Meta:
        verbose_name = _("tandem")
        verbose_name_plural = _("tandems")
        ordering = ["wave", "field__position", "mentee__name", "pk"]
        indexes = [
            models.Index(fields=["wave", "status"], name="tandem_wave_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "field", "mentor", "mentee"], name="tandem_pair_once"
            ),
            # One mentor per mentee and field at a time.
            models.UniqueConstraint(
                fields=["wave", "field", "mentee"],
                condition=Q(
                    status__in=[TandemStatus.PROPOSED, TandemStatus.APPROVED, TandemStatus.ACTIVE]
                ),
                name="tandem_one_mentor_per_field",
            ),
            models.CheckConstraint(
                name="tandem_not_with_itself", condition=~Q(mentor=models.F("mentee"))
            ),
            models.CheckConstraint(
                name="tandem_answers_follow_status",
                condition=Q(
                    status__in=[TandemStatus.PROPOSED, TandemStatus.DISCARDED],
                    mentor_answer=Answer.PENDING,
                    mentee_answer=Answer.PENDING,
                )
                # waiting: nobody declined, not both accepted yet
                | (
                    Q(status=TandemStatus.APPROVED)
                    & ~Q(mentor_answer=Answer.DECLINED)
                    & ~Q(mentee_answer=Answer.DECLINED)
                    & ~Q(mentor_answer=Answer.ACCEPTED, mentee_answer=Answer.ACCEPTED)
                )
                | (
                    Q(status=TandemStatus.DECLINED)
                    & (Q(mentor_answer=Answer.DECLINED) | Q(mentee_answer=Answer.DECLINED))
                )
                | Q(
                    status__in=[TandemStatus.ACTIVE, TandemStatus.COMPLETED],
                    mentor_answer=Answer.ACCEPTED,
                    mentee_answer=Answer.ACCEPTED,
                ),
            ),
            models.CheckConstraint(
                name="tandem_dates_follow_status",
                condition=(
                    Q(status__in=[TandemStatus.ACTIVE, TandemStatus.COMPLETED])
                    | Q(started_at__isnull=True)
                )
                & (Q(status=TandemStatus.COMPLETED) | Q(completed_at__isnull=True))
                & (
                    ~Q(status__in=[TandemStatus.ACTIVE, TandemStatus.COMPLETED])
                    | Q(started_at__isnull=False)
                )
                & (~Q(status=TandemStatus.COMPLETED) | Q(completed_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee} ({self.field})"

    def side_of(self, organisation_id: int | None) -> str | None:
        if organisation_id == self.mentor_id:
            return Side.MENTOR
        if organisation_id == self.mentee_id:
            return Side.MENTEE
        return None

    def answer_of(self, side: str) -> str:
        return self.mentor_answer if side == Side.MENTOR else self.mentee_answer

    def feedback_of(self, side: str) -> str:
        return self.mentor_feedback if side == Side.MENTOR else self.mentee_feedback
