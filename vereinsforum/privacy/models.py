"""Consents (Art. 6(1)(a), Art. 7 GDPR) and the record of each retention purge.

Everything else the privacy app shows is read from the other apps: what they declare
(registry.py) and what they hold about a person (subject.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """What a person may consent to. Running the programme needs no consent: it is the
    city's public task (Art. 6(1)(e)); these are the extras that do."""

    NEWSLETTER = "newsletter", _("Newsletter")
    PHOTOS = "photos", _("Photos and recordings at events")
    PUBLISH_NAME = "publish_name", _("Publishing the name (OParl, minutes, website)")


class Channel(models.TextChoices):
    """How a consent was given or withdrawn: the proof to look for (Art. 7(1))."""

    FORM = "form", _("Online form")
    PAPER = "paper", _("Signed paper form")
    EMAIL = "email", _("E-mail")
    EVENT_SIGN_IN = "event_sign_in", _("Sign-in sheet at an event")
    ORALLY = "orally", _("Orally, noted by staff")
    #: Recorded by the OParl pages: granting or revoking a publication basis on consent.
    PUBLICATION_BASIS = "publication_basis", _("OParl publication basis")
    #: The person was erased (Art. 17): nothing of theirs is used any more.
    ERASURE = "erasure", _("Erasure of the person")


#: The channels a coordinator chooses from; the other two are set by the app itself.
ENTERED_CHANNELS = [
    Channel.FORM,
    Channel.PAPER,
    Channel.EMAIL,
    Channel.EVENT_SIGN_IN,
    Channel.ORALLY,
]


class ConsentQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view") -> ConsentQuerySet:
        """Who consented to what is for coordinators only (they answer data subjects)."""
        if getattr(user, "is_coordinator", False):
            return self
        return self.none()

    def in_force(self) -> ConsentQuerySet:
        return self.filter(withdrawn_on__isnull=True)


class Consent(models.Model):
    """One consent of one person to one purpose, with its proof, kept after a withdrawal:
    the controller must be able to show that it held consent while it processed. Erasure
    pseudonymises the person and keeps the row; only when the person's row itself is deleted
    do their consents go with it (there is then nobody left to show them for)."""

    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given_on = models.DateField(_("given on"))
    source = models.CharField(_("given by"), max_length=20, choices=Channel.choices)
    #: The exact wording the person agreed to, as it stood then (forms change later).
    text = models.TextField(_("text consented to"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_source = models.CharField(
        _("withdrawn by"), max_length=20, choices=Channel.choices, blank=True
    )
    withdrawal_recorded_at = models.DateTimeField(_("withdrawal recorded"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-given_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="privacy_consent_one_in_force_per_purpose",
                violation_error_message=_("This person has already consented to this purpose."),
            ),
            models.CheckConstraint(
                name="privacy_consent_withdrawal_complete",
                condition=Q(withdrawn_on__isnull=True, withdrawal_source="")
                | Q(withdrawn_on__isnull=False) & ~Q(withdrawal_source=""),
            ),
            models.CheckConstraint(
                name="privacy_consent_withdrawn_after_given",
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
            ),
            models.CheckConstraint(name="privacy_consent_has_text", condition=~Q(text="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.pk}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


class PurgeRun(models.Model):
    """One run of the retention purge that changed data: when, and how much per category."""

    at = models.DateTimeField(_("at"), auto_now_add=True)
    #: {category key: rows removed or pseudonymised}
    counts = models.JSONField(_("counts"), default=dict)
    #: {category key: days kept}, as configured at the time of the run.
    retention_days = models.JSONField(_("retention periods"), default=dict)

    class Meta:
        verbose_name = _("retention purge")
        verbose_name_plural = _("retention purges")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
