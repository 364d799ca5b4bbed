"""What the OParl API needs beyond the domain: legal bases, legislative terms and tombstones.

Everything else the API publishes is read from the owning apps (organisations, events,
forum, reports); these three tables hold only what those apps have no place for.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Basis(models.TextChoices):
    #: A public official acting in office (Amtsträger/in): name and office are public anyway.
    OFFICE = "office", _("Public official acting in office")
    #: Explicit, revocable consent (Art. 6(1)(a) GDPR), e.g. a forum delegate.
    CONSENT = "consent", _("Consent of the person")


class PublicationBasisQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view") -> PublicationBasisQuerySet:
        """Only coordinators see and manage the legal bases: they hold who consented."""
        if getattr(user, "is_coordinator", False):
            return self
        return self.none()

    def alive(self) -> PublicationBasisQuerySet:
        """Bases that still allow publication: not revoked, person neither erased nor gone."""
        return self.filter(
            revoked_at__isnull=True, person__isnull=False, person__pseudonymised_at__isnull=True
        )


class PublicationBasis(models.Model):
    """The legal basis on which one person appears in OParl; without it the person is absent.

    The row outlives a revocation or the person's erasure, so the API can keep serving the
    person's URL as a deleted object, as OParl requires.
    """

    #: About the person: the audit log records them as changed, never in clear, and
    #: erasure blanks them (the note often names the person).
    PERSONAL_FIELDS = ("title", "note")

    person = models.OneToOneField(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publication_basis",
    )
    body = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city that publishes the person."),
    )
    basis = models.CharField(_("legal basis"), max_length=10, choices=Basis.choices)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    title = models.CharField(
        _("academic title"), max_length=40, blank=True, help_text=_("e.g. Dr.")
    )
    status = models.CharField(
        _("public function"),
        max_length=120,
        blank=True,
        help_text=_("The office or function as published, e.g. Beigeordneter."),
    )
    publish_official_contact = models.BooleanField(
        _("publish official e-mail and phone"),
        default=False,
        help_text=_("Only for public officials acting in office; never for private persons."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = PublicationBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication basis")
        verbose_name_plural = _("publication bases")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="publication_basis_consent_dated",
                condition=~Q(basis=Basis.CONSENT) | Q(consent_on__isnull=False),
            ),
            models.CheckConstraint(
                name="publication_basis_contact_only_for_officials",
                condition=Q(basis=Basis.OFFICE) | Q(publish_official_contact=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or '–'} ({self.get_basis_display()})"

    @property
    def is_published(self) -> bool:
        person = self.person
        return self.revoked_at is None and person is not None and person.pseudonymised_at is None


class LegislativeTerm(models.Model):
    """An electoral term (Wahlperiode) of the body's council."""

    body = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="legislative_term_start_before_end",
                condition=Q(end_date__isnull=True) | Q(start_date__lt=models.F("end_date")),
            ),
            models.UniqueConstraint(
                fields=["body", "start_date"], name="legislative_term_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tombstone(models.Model):
    """A published object that no longer exists in its own app.

    OParl forbids answering 404 for a deleted object: the URL must keep serving id, type,
    created, modified (= time of deletion) and `deleted: true`.
    """

    object_type = models.CharField(_("OParl type"), max_length=20)
    key = models.CharField(_("key"), max_length=40)
    body = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("created"))
    deleted_at = models.DateTimeField(_("deleted"))

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "key"], name="tombstone_unique_object"),
            models.CheckConstraint(
                name="tombstone_deleted_after_created",
                condition=Q(deleted_at__gte=models.F("created")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.key}"
