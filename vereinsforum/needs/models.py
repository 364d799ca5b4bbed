"""Needs analysis: a versioned instrument, survey waves and the interviews captured in them.

A published instrument version never changes (services refuse it and database triggers
refuse UPDATE on its rows), so every answer can always be read against the exact wording
it was given to.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.translated import TranslationsField, translated

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User

#: The levels of the 1–5 scales (competence and need intensity).
LEVELS = (1, 2, 3, 4, 5)
#: Need at or above this level counts as "high need".
HIGH_NEED = 4
#: Aggregates of fewer associations are never shown to the forum or the public.
MIN_GROUP = 5


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ItemKey(models.TextChoices):
    # asked once per field
    COMPETENCE = "competence", _("Competence")
    NEED = "need", _("Need intensity")
    WILLING = "willing", _("Willing to pass on competence")
    CAPACITY = "capacity", _("Associations it could support")
    COMMENT = "comment", _("Free text")
    # asked once per interview
    MEMBERS = "members", _("Members")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PREMISES = "premises", _("Premises")
    LANGUAGES = "languages", _("Languages")
    WEBSITE = "website", _("Website")
    FLYER = "flyer", _("Flyer")


FIELD_ITEM_KEYS = (
    ItemKey.COMPETENCE,
    ItemKey.NEED,
    ItemKey.WILLING,
    ItemKey.CAPACITY,
    ItemKey.COMMENT,
)
GENERAL_ITEM_KEYS = (
    ItemKey.MEMBERS,
    ItemKey.VOLUNTEERS,
    ItemKey.PREMISES,
    ItemKey.LANGUAGES,
    ItemKey.WEBSITE,
    ItemKey.FLYER,
)
SCALE_ITEM_KEYS = (ItemKey.COMPETENCE, ItemKey.NEED)


class InstrumentVersionQuerySet(models.QuerySet):
    def published(self) -> InstrumentVersionQuerySet:
        return self.filter(status=VersionStatus.PUBLISHED)


class InstrumentVersion(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="instrument_versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    fields = models.ManyToManyField(
        "programmes.Field",
        through="InstrumentField",
        verbose_name=_("fields"),
        related_name="instrument_versions",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="needs_instrument_version_unique"
            ),
            # One draft at a time: changes collect there until it is published.
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status=VersionStatus.DRAFT),
                name="needs_instrument_one_draft",
            ),
            models.CheckConstraint(
                name="needs_instrument_published_has_date",
                condition=Q(status=VersionStatus.DRAFT, published_at__isnull=True)
                | Q(status=VersionStatus.PUBLISHED, published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return _("Instrument version %(number)s") % {"number": self.number}

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def ordered_fields(self) -> models.QuerySet:
        return self.fields.order_by("instrumentfield__position")

    def items_by_key(self) -> dict[str, InstrumentItem]:
        return {item.key: item for item in self.items.all()}


class InstrumentField(models.Model):
    """A field asked about in one instrument version."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE)
    field = models.ForeignKey("programmes.Field", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("instrument field")
        verbose_name_plural = _("instrument fields")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "field"], name="needs_instrument_field_once"
            ),
        ]


class InstrumentItem(models.Model):
    """The wording of one item in one version; scales carry their five labelled anchors."""

    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    key = models.CharField(_("item"), max_length=20, choices=ItemKey.choices)
    text = models.CharField(_("question"), max_length=300)
    text_i18n = TranslationsField()
    #: Five German labels for levels 1–5 (scale items only).
    anchors = models.JSONField(_("anchors"), default=list, blank=True)
    #: {"en": [five labels], ...}
    anchors_i18n = TranslationsField()

    class Meta:
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="needs_instrument_item_once"),
        ]

    def __str__(self) -> str:
        return translated(self, "text")

    def anchor_labels(self, language: str | None = None) -> list[str]:
        from django.utils.translation import get_language

        language = (language or get_language() or "de").split("-")[0]
        labels = (self.anchors_i18n or {}).get(language) or self.anchors or []
        return list(labels)


class Wave(models.Model):
    """A survey round, e.g. the 2007 baseline or a follow-up."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="needs_waves",
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    instrument = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="waves",
    )
    cluster_k = models.PositiveSmallIntegerField(
        _("number of clusters"),
        null=True,
        blank=True,
        help_text=_("Leave empty to choose it by the silhouette (2–6)."),
    )
    multiplier_min_competence = models.PositiveSmallIntegerField(
        _("multiplier: competence at least"), default=4
    )
    multiplier_max_need = models.PositiveSmallIntegerField(_("multiplier: need at most"), default=2)
    multiplier_requires_willing = models.BooleanField(
        _("multiplier: must be willing to pass on"), default=True
    )
    #: Changes whenever what the evaluation reads changes (an interview submitted, validated
    #: or returned, the settings, the instrument): the stored evaluation is kept under it
    #: (`needs/stored.py`). Random rather than a counter, so a result cached for another
    #: database with the same wave id is never taken for this one.
    data_version = models.UUIDField(_("data version"), default=uuid.uuid4, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["programme", "period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="needs_wave_title_unique"),
            models.CheckConstraint(
                name="needs_wave_period_ordered",
                condition=Q(period_start__lte=models.F("period_end")),
            ),
            models.CheckConstraint(
                name="needs_wave_cluster_k_range",
                condition=Q(cluster_k__isnull=True) | Q(cluster_k__gte=2, cluster_k__lte=6),
            ),
            models.CheckConstraint(
                name="needs_wave_multiplier_rule_levels",
                condition=Q(
                    multiplier_min_competence__gte=1,
                    multiplier_min_competence__lte=5,
                    multiplier_max_need__gte=1,
                    multiplier_max_need__lte=5,
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def previous(self) -> Wave | None:
        return (
            Wave.objects.filter(programme=self.programme, period_start__lt=self.period_start)
            .order_by("-period_start")
            .first()
        )


class Mode(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")


class Premises(models.TextChoices):
    NONE = "none", _("No premises of its own")
    SHARED = "shared", _("Shared or borrowed rooms")
    RENTED = "rented", _("Rented premises")
    OWNED = "owned", _("Own premises")


class InterviewQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> InterviewQuerySet:
        """Single-association answers: coordinators, the assigned interviewer, the association."""
        from vereinsforum.needs.scoping import interview_filter

        return self.filter(interview_filter(user, action))

    def complete(self) -> InterviewQuerySet:
        """Submitted or validated: the interviews the evaluation counts."""
        return self.filter(status__in=[Status.SUBMITTED, Status.VALIDATED])


class Interview(models.Model):
    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="interviews"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="needs_interviews",
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs_interviews",
    )
    conducted_on = models.DateField(_("date of the interview"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    premises = models.CharField(_("premises"), max_length=10, choices=Premises.choices, blank=True)
    languages = models.ManyToManyField(
        "organisations.Language",
        verbose_name=_("languages"),
        blank=True,
        related_name="needs_interviews",
    )
    has_website = models.BooleanField(_("has a website"), null=True, blank=True)
    has_flyer = models.BooleanField(_("has a flyer"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    #: What the coordinator asked to correct when returning the interview; shown to whoever
    #: captures it until it is submitted again (the audit log keeps only that it happened).
    return_reason = models.TextField(_("what needs correcting"), blank=True)
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["wave", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organisation"], name="needs_interview_once_per_wave"
            ),
            models.CheckConstraint(
                name="needs_interview_mode_interviewer",
                condition=Q(mode=Mode.INTERVIEW, interviewer__isnull=False)
                | Q(mode=Mode.SELF_ASSESSMENT, interviewer__isnull=True),
            ),
            models.CheckConstraint(
                name="needs_interview_status_dates",
                condition=Q(status=Status.DRAFT)
                | Q(status=Status.SUBMITTED, submitted_at__isnull=False)
                | Q(
                    status=Status.VALIDATED,
                    submitted_at__isnull=False,
                    validated_at__isnull=False,
                    validated_by__isnull=False,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.wave}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class FieldAnswer(models.Model):
    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.CASCADE, related_name="answers"
    )
    field = models.ForeignKey(
        "programmes.Field",
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="needs_answers",
    )
    competence = models.PositiveSmallIntegerField(_("competence"), null=True, blank=True)
    need = models.PositiveSmallIntegerField(_("need intensity"), null=True, blank=True)
    willing = models.BooleanField(_("willing to pass on competence"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("associations it could support"), null=True, blank=True
    )
    comment = models.TextField(_("free text"), blank=True)

    class Meta:
        verbose_name = _("answer for a field")
        verbose_name_plural = _("answers for fields")
        ordering = ["interview", "field__position"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "field"], name="needs_answer_once"),
            models.CheckConstraint(
                name="needs_answer_competence_scale",
                condition=Q(competence__isnull=True) | Q(competence__gte=1, competence__lte=5),
            ),
            models.CheckConstraint(
                name="needs_answer_need_scale",
                condition=Q(need__isnull=True) | Q(need__gte=1, need__lte=5),
            ),
            models.CheckConstraint(
                name="needs_answer_capacity_only_if_willing",
                condition=Q(capacity__isnull=True) | Q(willing=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interview} / {self.field}"
