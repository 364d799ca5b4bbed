"""Council submissions (Vorlagen) and their frozen, issued snapshots.

Owned by the reports app; the OParl app reads Report and ReportFile as Paper and File.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


class PaperType(models.TextChoices):
    BERICHT = "bericht", _("Report (Bericht)")
    BESCHLUSSVORLAGE = "beschlussvorlage", _("Draft resolution (Beschlussvorlage)")
    MITTEILUNG = "mitteilung", _("Communication (Mitteilung)")


class ResolutionQuality(models.TextChoices):
    ENTGEGENNAHME = "entgegennahme", "Entgegennahme o. B."
    KENNTNISNAHME = "kenntnisnahme", "Kenntnisnahme"
    VORBERATUNG = "vorberatung", "Vorberatung"
    ENTSCHEIDUNG = "entscheidung", "Entscheidung"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class ReportQuerySet(models.QuerySet):
    def issued(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.ISSUED)

    def alive(self) -> ReportQuerySet:
        return self.filter(deleted_at__isnull=True)

    def published(self) -> ReportQuerySet:
        """What the public may see: issued, public and not deleted."""
        return self.issued().alive().filter(public=True)

    def for_user(self, user: User, action: str = "view") -> ReportQuerySet:
        """Coordinators see and change every report; team members only read them.

        Nobody else reaches the staff pages: the public sees `published()` only.
        """
        from vereinsforum.reports.scoping import report_filter

        return self.alive().filter(report_filter(user, action))


class Report(models.Model):
    #: The officer's and signatory's contact: the audit log records them as changed, never
    #: in clear (audit/services.py reads this), since it could never forget them.
    PERSONAL_FIELDS = ("officer_name", "officer_phone", "officer_fax", "officer_email", "signatory")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    body = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city whose council receives the paper."),
    )
    paper_type = models.CharField(
        _("paper type"), max_length=20, choices=PaperType.choices, default=PaperType.BERICHT
    )
    reference = models.CharField(_("reference number (Drucks.-Nr.)"), max_length=40)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    title = models.CharField(_("subject"), max_length=300)
    date = models.DateField(_("date"))
    division = models.CharField(_("division (Geschäftsbereich)"), max_length=200, blank=True)
    department = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("department (Ressort)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    officer_name = models.CharField(_("officer"), max_length=120, blank=True)
    officer_phone = models.CharField(_("phone"), max_length=40, blank=True)
    officer_fax = models.CharField(_("fax"), max_length=40, blank=True)
    officer_email = models.EmailField(_("e-mail"), blank=True)
    committee = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("committee (Gremium)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "events.Event",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    meeting_date = models.DateField(_("meeting date"))
    resolution_quality = models.CharField(
        _("resolution quality"), max_length=20, choices=ResolutionQuality.choices
    )
    public = models.BooleanField(_("public"), default=True)
    reason = models.TextField(_("reason for the submission (Grund der Vorlage)"), blank=True)
    proposal = models.TextField(_("proposed resolution (Beschlussvorschlag)"), blank=True)
    signatory = models.CharField(_("signatory (Unterschrift)"), max_length=120, blank=True)
    explanation = models.TextField(_("explanatory statement (Begründung)"), blank=True)
    #: The figures the draft was written from, to warn when the data has moved on.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    #: The day the draft looked at the data from ("Stand"); figures are recomputed for it.
    drafted_as_of = models.DateField(_("drafted as of"), null=True, blank=True)
    #: Everything the paper said when it was issued, frozen beside its files.
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("council submission")
        verbose_name_plural = _("council submissions")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"], name="report_reference_unique_per_body"
            ),
            models.CheckConstraint(
                name="report_issued_has_timestamp",
                condition=Q(status=ReportStatus.DRAFT) | Q(issued_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED

    def root(self) -> Report:
        """The original paper a chain of corrections goes back to."""
        report = self
        while (corrects := report.corrects) is not None:
            report = corrects
        return report


class ReportFileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


class ReportFile(models.Model):
    """A rendered file of an issued report, frozen with its checksum."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="files"
    )
    format = models.CharField(_("format"), max_length=8, choices=ReportFileFormat.choices)
    filename = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("MIME type"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_one_per_format")
        ]

    def __str__(self) -> str:
        return self.filename


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="reports/attachments/%Y/")
    mime_type = models.CharField(_("MIME type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title
