"""Organisations (associations, departments, committees, contractors), the people who are
their contacts and the roles that link them (affiliations, with a start and an end, kept
when they end), and the languages. Everything personal sits on `Person`, so erasure
touches one row; counts live on organisations and never on a person's name."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.translated import TranslationsField, translated

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


class Language(models.Model):
    """A language spoken in an association or offered at an event (ISO 639-1 code)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    name_i18n = TranslationsField()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return translated(self, "name")


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association (MSO)")
    WELFARE_SERVICE = "welfare_service", _("Welfare service")
    DEPARTMENT = "department", _("City department")
    CONTRACTOR = "contractor", _("Contractor")
    COMMITTEE = "committee", _("Council committee")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class OrganisationQuerySet(models.QuerySet):
    def associations(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.ASSOCIATION)

    def for_user(self, user: User, action: str = "view") -> OrganisationQuerySet:
        from vereinsforum.organisations.scoping import organisation_filter

        return self.filter(organisation_filter(user, action))

    def matching(
        self,
        *,
        q: str = "",
        kind: str = "",
        district: str = "",
        language: Language | None = None,
        status: str = "",
        verification: str = "",
    ) -> OrganisationQuerySet:
        """The organisations list's search and filters; `status` is a participation step
        reached (in any programme). Distinct, because steps and languages join many rows."""
        qs = self
        if q:
            qs = qs.filter(
                Q(name__icontains=q) | Q(short_name__icontains=q) | Q(communities__icontains=q)
            )
        if kind:
            qs = qs.filter(kind=kind)
        if district:
            qs = qs.filter(district=district)
        if language is not None:
            qs = qs.filter(languages=language)
        if status:
            qs = qs.filter(participations__steps__step=status)
        if verification:
            qs = qs.filter(verification=verification)
        return qs.distinct()


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    legal_form = models.CharField(
        _("legal form"), max_length=60, blank=True, help_text=_("e.g. e.V., gGmbH, parish")
    )
    register_number = models.CharField(
        _("register number"), max_length=40, blank=True, help_text=_("e.g. VR 1234")
    )
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True, default="Wuppertal")
    district = models.CharField(_("city district"), max_length=80, blank=True, db_index=True)
    communities = models.CharField(
        _("communities"),
        max_length=200,
        blank=True,
        help_text=_("The communities the association serves, e.g. Turkish, Kurdish."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="organisations"
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1800, _("Please enter a founding year after 1800.")),
            MaxValueValidator(2100, _("Please enter a founding year before 2100.")),
        ],
    )
    member_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    volunteer_count = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    public_description = models.TextField(_("public description"), blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="organisation_founded_plausible",
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1800, founded_year__lte=2100),
                violation_error_message=_("Please enter a founding year between 1800 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["register_number", "city"],
                condition=~Q(register_number=""),
                name="organisation_register_number_unique_per_city",
                violation_error_message=_(
                    "An organisation with this register number already exists in this city."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_association(self) -> bool:
        return self.kind == OrganisationKind.ASSOCIATION

    @property
    def address(self) -> str:
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


class PersonQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> PersonQuerySet:
        from vereinsforum.organisations.scoping import person_filter

        return self.filter(person_filter(user, action))

    def active(self) -> PersonQuerySet:
        return self.filter(pseudonymised_at__isnull=True)

    def affiliated_with(
        self,
        organisations: int | Organisation | models.QuerySet,
        *,
        on: date | None = None,
        roles: list[str] | tuple[str, ...] | None = None,
    ) -> PersonQuerySet:
        """People holding a current role (on `on`, today by default) in `organisations`.

        Only a current role counts: a contact whose role has ended is no longer the
        association's to register, name as delegate or write to.
        """
        from vereinsforum.organisations.scoping import currently_affiliated

        return self.filter(currently_affiliated(organisations, on=on, roles=roles))


class Person(models.Model):
    """A contact. Everything personal sits here, so erasure touches only this row."""

    #: The fields erasure blanks out and the audit log never records in clear.
    PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone")

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="de",
        choices=[
            ("de", "Deutsch"),
            ("en", "English"),
            ("tr", "Türkçe"),
            ("ru", "Русский"),
            ("ar", "العربية"),
        ],
    )
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        # The person list pages by name: at a state's 30,000 people a sort of the whole table.
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="person_by_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.pseudonymised_at:
            return gettext("Erased person #%(id)s") % {"id": self.pk}
        return f"{self.first_name} {self.last_name}".strip()


class AffiliationRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    TREASURER = "treasurer", _("Treasurer")
    SECRETARY = "secretary", _("Secretary")
    DELEGATE = "delegate", _("Delegate")
    MEMBER = "member", _("Member")
    STAFF = "staff", _("Staff")
    CONTACT = "contact", _("Contact person")


class AffiliationQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> AffiliationQuerySet:
        from vereinsforum.organisations.scoping import affiliation_filter

        return self.filter(affiliation_filter(user, action))

    def current(self, on: date | None = None) -> AffiliationQuerySet:
        """Roles held on `on` (today by default): begun, and not ended on or before it.

        The end date is the day the role ended: ending a role today takes effect at once.
        """
        on = on or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=on)).filter(
            Q(end__isnull=True) | Q(end__gt=on)
        )

    def former(self, on: date | None = None) -> AffiliationQuerySet:
        on = on or timezone.localdate()
        return self.filter(end__lte=on)


class Affiliation(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role = models.CharField(_("role"), max_length=20, choices=AffiliationRole.choices)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="affiliation_unique_role"
            ),
            models.CheckConstraint(
                name="affiliation_start_before_end",
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(start__lte=models.F("end")),
                violation_error_message=_("The start must not be after the end."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.organisation}"
