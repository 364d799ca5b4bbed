"""The shell's own rows: accessibility feedback (BITV NRW § 10) and the site details the
public pages show (imprint, privacy contacts, the start page's contact).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedback(models.Model):
    """A reported barrier (BITV NRW § 10: the feedback mechanism of the accessibility statement)."""

    page_url = models.CharField(_("page"), max_length=500, blank=True)
    message = models.TextField(_("description of the barrier"))
    contact_email = models.EmailField(_("e-mail for our answer"), blank=True)
    created = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d} {self.page_url}"


class SiteDetails(models.Model):
    """What the operator of this installation publishes about itself: the imprint, the
    privacy notice's contacts and the contact details the start page promises. One row,
    edited by coordinators in the set-up; until it is filled in, the public pages show a
    neutral placeholder and coordinators are told what is missing."""

    SINGLETON_PK = 1
    #: These may name a person (the representative, a clerk's direct line); with the text
    #: fields, which are free text, the audit log records that they changed, never the text.
    PERSONAL_FIELDS = (
        "operator",
        "representative",
        "contact_phone",
        "contact_email",
    )

    operator = models.CharField(
        _("operator"), max_length=200, blank=True, help_text=_("e.g. Stadt Wuppertal")
    )
    operator_address = models.TextField(_("operator's address"), blank=True)
    representative = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the Lord Mayor, or the head of the department"),
    )
    imprint_contact = models.TextField(
        _("contact for the imprint"),
        blank=True,
        help_text=_("Phone number and e-mail address for questions about this website."),
    )
    privacy_controller = models.TextField(
        _("controller"),
        blank=True,
        help_text=_("Name and address of the body responsible for the processing."),
    )
    privacy_officer = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_("How to reach the data protection officer."),
    )
    privacy_authority = models.TextField(
        _("supervisory authority"),
        blank=True,
        help_text=_("Name and address of the data protection authority people may complain to."),
    )
    privacy_retention = models.TextField(
        _("how long data is kept"),
        blank=True,
        help_text=_("When contact data and records are deleted."),
    )
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_address = models.TextField(_("address"), blank=True)
    contact_hours = models.TextField(
        _("office hours"), blank=True, help_text=_("e.g. Monday to Thursday, 9 to 12 o'clock")
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("site details")
        verbose_name_plural = _("site details")
        constraints = [
            models.CheckConstraint(name="site_details_single_row", condition=models.Q(pk=1))
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> SiteDetails:
        """The row, or an empty one (unsaved) while nothing has been configured."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

    @property
    def imprint_configured(self) -> bool:
        return bool(self.operator and self.operator_address)

    @property
    def privacy_configured(self) -> bool:
        return bool(self.privacy_controller)

    @property
    def contact_configured(self) -> bool:
        return bool(self.contact_phone or self.contact_email or self.contact_address)

    @property
    def contact_phone_uri(self) -> str:
        """The phone number as a tel: link: digits and a leading plus only."""
        number = "".join(c for c in self.contact_phone if c.isdigit() or c == "+")
        return f"tel:{number}" if number else ""

    @property
    def configured(self) -> bool:
        return self.imprint_configured and self.privacy_configured and self.contact_configured
